"""What kravtui remembers between runs for one user: the last export format of each selection,
and the folder it was last exported to.

Where, and why there: not in the settings file, which is the user's own (edited by hand, written
back byte for byte) and would fill up with a table of catalogue paths and selection ids, one per
purchase; not in the catalogue, which officers share on a server while a preference is one
user's (and the schema stays at v5). So a small JSON file, `state.json`, in the per-user state
folder (platformdirs `user_state_dir`, e.g. `~/.local/state/kravtui`, the XDG place for "what an
app remembers between runs"); `$KRAVTUI_STATE_DIR` overrides it, which the tests use.

Remembering is a convenience, so it may cost the user nothing: a state file that cannot be read
or is not ours (not JSON, a folder, a FIFO, too large) raises `StateError` with a one-line
message that the face shows as a notice, and it is then never written over; a good one is
replaced atomically (`write_atomic`). Entries are keyed by the catalogue's name as the caller
gives it (a file's real path; a PostgreSQL catalogue's conninfo, secrets masked) and the
selection's id; beyond `REMEMBERED_LIMIT` the oldest are dropped.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import platformdirs

from kravtui.atomic_file import real_target, write_atomic
from kravtui.i18n import t
from kravtui.input_file import read_input_file

APP_NAME = "kravtui"
STATE_FILE_NAME = "state.json"
STATE_LIMIT_BYTES = 1024 * 1024
REMEMBERED_LIMIT = 500
EXPORT_FORMATS_KEY = "export_formats"
EXPORT_FOLDERS_KEY = "export_folders"


class StateError(Exception):
    """The state file cannot be used; the message is one line naming the file and the reason."""


def state_dir() -> Path:
    """The per-user state folder, or `$KRAVTUI_STATE_DIR`."""
    override = os.environ.get("KRAVTUI_STATE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def state_path() -> Path:
    """The state file."""
    return state_dir() / STATE_FILE_NAME


def _selection_key(catalogue: str, selection_id: int) -> str:
    return f"{catalogue}#{selection_id}"


def _read(path: Path) -> dict[str, object]:
    """The state file's content ({} when there is none); `StateError` when it is not usable."""
    try:
        data = read_input_file(path, limit=STATE_LIMIT_BYTES)
    except FileNotFoundError:
        return {}
    except OSError as error:
        reason = error.strerror or str(error)
        raise StateError(t("state.unreadable", path=path, error=reason)) from None
    try:
        content = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise StateError(t("state.unreadable", path=path, error=reason)) from None
    if not isinstance(content, dict) or not all(
        isinstance(content.get(key, {}), dict) for key in (EXPORT_FORMATS_KEY, EXPORT_FOLDERS_KEY)
    ):
        raise StateError(t("state.unreadable", path=path, error=t("state.not_ours")))
    return {str(key): value for key, value in content.items()}


def _texts(content: dict[str, object], table: str) -> dict[str, str]:
    """One of the file's tables (`EXPORT_FORMATS_KEY`, `EXPORT_FOLDERS_KEY`): its text values."""
    values = content.get(table, {})
    assert isinstance(values, dict)  # checked by _read
    return {str(key): value for key, value in values.items() if isinstance(value, str)}


def remembered_export_format(
    catalogue: str, selection_id: int, path: Path | None = None
) -> str | None:
    """The format last used to export the selection of `catalogue` (the catalogue's name,
    `CatalogueSession.remembered_as`), None when none is remembered.

    Raises `StateError` when the state file is there but cannot be used.
    """
    return remembered_export(catalogue, selection_id, path)[0]


def remembered_export(
    catalogue: str, selection_id: int, path: Path | None = None
) -> tuple[str | None, Path | None]:
    """The format last used to export the selection of `catalogue` and the folder it went to,
    from one read of the state file: each None when none is remembered, the folder also when
    it is no folder now (moved, removed). `StateError` as above."""
    content = _read(path or state_path())
    key = _selection_key(catalogue, selection_id)
    return _texts(content, EXPORT_FORMATS_KEY).get(key), _folder(
        _texts(content, EXPORT_FOLDERS_KEY).get(key)
    )


def _folder(name: str | None) -> Path | None:
    """`name` as a folder while it is one, else None."""
    if name is None or "\x00" in name:
        return None
    try:
        return Path(name) if Path(name).is_dir() else None
    except OSError:  # a name too long for this system, say
        return None


def remember_export_format(
    catalogue: str,
    selection_id: int,
    format_name: str,
    path: Path | None = None,
    *,
    folder: Path | None = None,
) -> None:
    """Remember `format_name` for the selection, and `folder` when given (an absolute path);
    the rest of the file is kept.

    Raises `StateError` (and writes nothing) when the state file cannot be used or written.
    """
    target = path or state_path()
    content = _read(target)
    key = _selection_key(catalogue, selection_id)
    remembered = [(EXPORT_FORMATS_KEY, format_name)]
    if folder is not None:
        remembered.append((EXPORT_FOLDERS_KEY, str(folder)))
    for table, value in remembered:
        values = _texts(content, table)
        values.pop(key, None)
        values[key] = value  # the newest last, so the oldest are the ones dropped
        content[table] = dict(list(values.items())[-REMEMBERED_LIMIT:])
    data = (json.dumps(content, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    try:
        real_target(target).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise StateError(t("state.write_failed", path=target, error=reason)) from None
