"""The settings file is the user's: saving one setting changes that key and nothing else.

A file that does not parse, is not a regular file, or is read-only is refused with one line
(`SettingsError`) and left byte for byte as it was; comments, order, formatting, other keys and
a BOM survive a save; a symlink is written through and stays a symlink.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kravtui.config import SettingsError, load_settings, save_setting

USERS_FILE = """\
# my kravtui settings -- keep these comments!
language   =   "da"      # Danish at work
theme = 'gruvbox'  # the old one
template="~/skabeloner/kommune.docx"

[keys]
# quit is on ctrl+x for me
quit = "ctrl+x"
facets = 'F'
"""


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "cfg" / "config.toml"


def one_line(error: pytest.ExceptionInfo[SettingsError]) -> str:
    message = str(error.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_saving_changes_only_the_value_of_that_key(config: Path) -> None:
    # Even the quote style of the old value is the user's and is kept.
    config.parent.mkdir()
    config.write_text(USERS_FILE, encoding="utf-8")
    save_setting("theme", "nord", config)
    expected = USERS_FILE.replace("'gruvbox'", "'nord'")
    assert config.read_text(encoding="utf-8") == expected
    settings = load_settings(config)
    assert settings.theme == "nord" and settings.language == "da"
    assert settings.keys == {"quit": "ctrl+x", "facets": "F"}


def test_a_new_key_goes_above_the_first_table_and_nothing_else_moves(config: Path) -> None:
    config.parent.mkdir()
    without_theme = USERS_FILE.replace("theme = 'gruvbox'  # the old one\n", "")
    config.write_text(without_theme, encoding="utf-8")
    save_setting("theme", "nord", config)
    written = config.read_text(encoding="utf-8")
    assert written.replace('theme = "nord"\n', "", 1) == without_theme
    assert written.index('theme = "nord"') < written.index("[keys]")
    assert load_settings(config).keys == {"quit": "ctrl+x", "facets": "F"}


def test_a_missing_file_and_folder_are_created(config: Path) -> None:
    save_setting("theme", "nord", config)
    assert load_settings(config).theme == "nord"


@pytest.mark.parametrize(
    "content",
    [
        b'language = "da"\ntheme = "x\n[keys]\nquit = "ctrl+x"\n',  # unterminated string
        b'language = "da"\n[keys\nquit = "ctrl+x"\n',  # broken table header
        b'language = "da"\nlanguage = "en"\n',  # a key twice
        b'# r\xf8d\nlanguage = "da"\n',  # Latin-1, not UTF-8
    ],
    ids=["string", "table", "duplicate-key", "not-utf8"],
)
def test_a_file_that_does_not_parse_is_never_written(config: Path, content: bytes) -> None:
    config.parent.mkdir()
    config.write_bytes(content)
    with pytest.raises(SettingsError) as error:
        save_setting("theme", "nord", config)
    assert "left as it is" in one_line(error) and str(config) in one_line(error)
    assert config.read_bytes() == content
    assert sorted(p.name for p in config.parent.iterdir()) == ["config.toml"]


def test_a_bom_is_read_and_kept(config: Path) -> None:
    config.parent.mkdir()
    config.write_bytes(b"\xef\xbb\xbf" + USERS_FILE.encode("utf-8"))
    assert load_settings(config).language == "da"
    save_setting("theme", "nord", config)
    expected = USERS_FILE.replace("'gruvbox'", "'nord'")
    assert config.read_bytes() == b"\xef\xbb\xbf" + expected.encode("utf-8")


def test_a_folder_in_its_place_is_refused(config: Path) -> None:
    config.mkdir(parents=True)
    with pytest.raises(SettingsError) as error:
        save_setting("theme", "nord", config)
    assert "not an ordinary file" in one_line(error)
    assert config.is_dir() and list(config.iterdir()) == []


def test_a_fifo_in_its_place_is_refused_without_blocking(config: Path) -> None:
    config.parent.mkdir()
    os.mkfifo(config)
    with pytest.raises(SettingsError) as error:
        save_setting("theme", "nord", config)
    assert "not an ordinary file" in one_line(error)
    assert stat.S_ISFIFO(os.lstat(config).st_mode)


def test_a_symlink_is_written_through_and_stays_a_symlink(config: Path, tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "kravtui.toml"
    real.write_text(USERS_FILE, encoding="utf-8")
    config.parent.mkdir()
    config.symlink_to(real)
    save_setting("theme", "nord", config)
    assert config.is_symlink() and os.readlink(config) == str(real)
    assert real.read_text(encoding="utf-8") == USERS_FILE.replace("'gruvbox'", "'nord'")
    assert sorted(p.name for p in dotfiles.iterdir()) == ["kravtui.toml"]


def test_a_read_only_file_is_refused(config: Path) -> None:
    config.parent.mkdir()
    config.write_text(USERS_FILE, encoding="utf-8")
    config.chmod(0o444)
    with pytest.raises(SettingsError) as error:
        save_setting("theme", "nord", config)
    assert "cannot write" in one_line(error)
    assert config.read_text(encoding="utf-8") == USERS_FILE
    assert stat.S_IMODE(config.stat().st_mode) == 0o444


def test_a_saved_file_keeps_its_mode(config: Path) -> None:
    config.parent.mkdir()
    config.write_text(USERS_FILE, encoding="utf-8")
    config.chmod(0o600)
    save_setting("theme", "nord", config)
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
