"""Where things live and the user's settings.

The catalogue is `--db PATH`, else `$KRAVTUI_DB`, else `catalogue.db` in the per-user data folder.
Settings live in `config.toml` in the per-user config folder (`$KRAVTUI_CONFIG_DIR` overrides it,
which the tests use): language, theme, DOCX template, key bindings by binding id, and under
`[list]` whether Space moves down after ticking (`space_moves_down`, read only here).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
import tomli_w

from kravtui.files import read_input_file

APP_NAME = "kravtui"
CONFIG_FILE_NAME = "config.toml"
SETTINGS_LIMIT_BYTES = 1024 * 1024  # a settings file is a few lines


class SettingsError(Exception):
    """The settings file cannot be read; the message names the file and the reason."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The user's settings; every field optional in the file."""

    language: str | None = None
    theme: str | None = None
    template: str | None = None
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


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The catalogue file: the explicit path, `$KRAVTUI_DB`, else the per-user default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get("KRAVTUI_DB")
    if from_env:
        return Path(from_env).expanduser()
    return data_dir() / "catalogue.db"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives the defaults."""
    target = path or config_path()
    try:
        raw = tomllib.loads(read_input_file(target, limit=SETTINGS_LIMIT_BYTES).decode("utf-8"))
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
        dict(keys),
        space_moves_down=moves_down,
    )


def _one_line(error: Exception) -> str:
    """A parser's message on one line (tomllib's own messages already are)."""
    return " ".join(str(error).split()) or type(error).__name__


def save_setting(name: str, value: str, path: Path | None = None) -> None:
    """Set one top-level setting, keeping the rest of the file's values."""
    target = path or config_path()
    try:
        raw = tomllib.loads(target.read_text(encoding="utf-8"))
    except (FileNotFoundError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        raw = {}
    raw[name] = value
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(tomli_w.dumps(raw), encoding="utf-8")
    os.replace(temporary, target)
