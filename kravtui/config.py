"""Where things live and the user's settings.

The catalogue is `--db PATH`, else `$KRAVTUI_DB`, else `catalogue.db` in the per-user data folder.
Settings live in `config.toml` in the per-user config folder (`$KRAVTUI_CONFIG_DIR` overrides it,
which the tests use): language, theme, DOCX template, the exports folder, key bindings by binding
id, and under `[list]` whether Space moves down after ticking (`space_moves_down`).

Exports go to `exports_folder` (`~` expanded; a relative path is taken from the home folder,
never from the shell's working directory), else `kravtui` in the user's documents folder
(platformdirs `user_documents_dir`, e.g. `~/Documents/kravtui` or `~/Dokumenter/kravtui`).

The file is the user's: `save_setting` edits one key with tomlkit and writes the rest back byte
for byte (comments, order, formatting, other keys, a UTF-8 BOM), and never writes over a file
that does not parse.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from kravtui.atomic_file import real_target, write_atomic
from kravtui.i18n import t
from kravtui.input_file import read_input_file

APP_NAME = "kravtui"
CONFIG_FILE_NAME = "config.toml"
SETTINGS_LIMIT_BYTES = 1024 * 1024  # a settings file is a few lines
UTF8_BOM = "\ufeff"


class SettingsError(Exception):
    """The settings file cannot be read; the message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The user's settings; every field optional in the file."""

    language: str | None = None
    theme: str | None = None
    template: str | None = None
    exports_folder: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    space_moves_down: bool = False  # [list] space_moves_down: Space ticks, then moves down


def data_dir() -> Path:
    """The per-user data folder (holds the default catalogue)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The per-user config folder, or `$KRAVTUI_CONFIG_DIR`."""
    override = os.environ.get("KRAVTUI_CONFIG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    """The settings file."""
    return config_dir() / CONFIG_FILE_NAME


def chosen_catalogue(
    explicit: str | os.PathLike[str] | None = None,
) -> str | os.PathLike[str] | None:
    """What names the catalogue, as given: `explicit` (--db), else `$KRAVTUI_DB`, else None
    (the per-user default file). A file's path or a PostgreSQL conninfo:
    `kravtui.catalogue.location` tells which."""
    return explicit or os.environ.get("KRAVTUI_DB") or None


def default_db_path() -> Path:
    """The catalogue file used when neither --db nor `$KRAVTUI_DB` names one."""
    return data_dir() / "catalogue.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The catalogue file: the explicit path, `$KRAVTUI_DB`, else the per-user default."""
    chosen = chosen_catalogue(explicit)
    return default_db_path() if chosen is None else Path(chosen).expanduser()


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives the defaults."""
    target = path or config_path()
    try:
        content = read_input_file(target, limit=SETTINGS_LIMIT_BYTES).decode("utf-8")
        raw = tomllib.loads(content.removeprefix(UTF8_BOM))
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise SettingsError(f"{target}: {error.strerror or error}") from error
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        # tomllib recurses into nested arrays and tables, and int() refuses 5,000 digits
        raise SettingsError(f"{target}: {_one_line(error)}") from error
    keys = raw.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise SettingsError(f"{target}: [keys] must map binding ids to key names")

    def text(name: str) -> str | None:
        value = raw.get(name)
        if value is not None and not isinstance(value, str):
            raise SettingsError(f"{target}: {name} must be a string")
        return value

    listing = raw.get("list", {})
    moves_down = listing.get("space_moves_down", False) if isinstance(listing, dict) else None
    if not isinstance(moves_down, bool):
        raise SettingsError(f"{target}: [list] space_moves_down must be true or false")
    return Settings(
        text("language"),
        text("theme"),
        text("template"),
        text("exports_folder"),
        dict(keys),
        space_moves_down=moves_down,
    )


def exports_folder(settings: Settings) -> Path:
    """The folder exports are suggested in: `exports_folder`, else `<documents>/kravtui`."""
    if settings.exports_folder:
        folder = Path(settings.exports_folder).expanduser()
        return folder if folder.is_absolute() else Path.home() / folder
    return Path(platformdirs.user_documents_dir()) / APP_NAME


def _one_line(error: Exception) -> str:
    """A parser's message on one line (tomllib's own messages already are)."""
    return " ".join(str(error).split()) or type(error).__name__


def _text_to_edit(target: Path) -> str | None:
    """The settings file's text (BOM kept), None when there is none; refuses what won't parse."""
    try:
        if not target.is_file() and target.exists():
            raise SettingsError(t("config.not_a_file", path=target))
        data = target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        reason = error.strerror or str(error)
        raise SettingsError(t("config.write_failed", path=target, error=reason)) from None
    try:
        text = data.decode("utf-8")
        tomllib.loads(text.removeprefix(UTF8_BOM))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError) as error:
        raise SettingsError(t("config.unparsable", path=target, error=_one_line(error))) from None
    return text


def save_setting(name: str, value: str, path: Path | None = None) -> None:
    """Set one top-level setting and change nothing else in the file.

    Raises `SettingsError` (one line, the file left byte for byte as it was) when the file does
    not parse (a syntax error, not UTF-8), is not a regular file (a folder, say), or cannot be
    written (read-only). A symlink is written through: the file it points to changes, the link
    stays.
    """
    import tomlkit  # only to write (the TUI's first frame reads its settings with tomllib)
    from tomlkit.exceptions import TOMLKitError

    target = path or config_path()
    text = _text_to_edit(target)
    bom = UTF8_BOM if text is not None and text.startswith(UTF8_BOM) else ""
    try:
        document = tomlkit.parse(text.removeprefix(UTF8_BOM)) if text else tomlkit.document()
        document[name] = value
        data = (bom + tomlkit.dumps(document)).encode("utf-8")
    except TOMLKitError as error:
        raise SettingsError(t("config.unparsable", path=target, error=error)) from None
    try:
        real_target(target).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise SettingsError(t("config.write_failed", path=target, error=reason)) from None
