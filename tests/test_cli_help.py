"""`--help` speaks the user's language: with `--lang da` anywhere on the command line, with
KRAVTUI_LANG=da, or with `language = "da"` in the settings file, no English word of Click's or
ours is left; every command's help has every text (no message key shows); English stays English."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kravtui.cli import main
from kravtui.cli.help import HelpCommand, group
from kravtui.i18n import current_language, en, set_language

CLICK_WORDS = (
    "Usage:",
    "Options:",
    "Commands:",
    "Show this message and exit.",
    "Show the version and exit.",
    "[required]",
    "default:",
    "[OPTIONS]",
    "COMMAND",
    "ARGS",
    " TEXT",
    " FILE",
    " CATALOGUE",
    " PATH",
    " NAME",
    " UID",
    " SELECTION",
    " PRIORITY",
)
RAW_KEYS = ("cli.help.", "cli.option.", "cli.metavar.")
OUR_ENGLISH = (
    *(
        text.split("\n")[0][:40]
        for key, text in en.MESSAGES.items()
        if key.startswith(("cli.help.", "cli.option.")) and not text.startswith("absolute|")
    ),
    "Catalogue file.",
    "Language.",
    "Create a draft selection.",
)


@pytest.fixture(autouse=True)
def settings_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "config"
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(folder))
    for name in ("KRAVTUI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    before = current_language()
    yield folder
    set_language(before)


def _english_in(text: str) -> list[str]:
    return [phrase for phrase in (*CLICK_WORDS, *OUR_ENGLISH) if phrase in text]


def _command_contexts(
    group: click.Group = main, parent: click.Context | None = None, name: str = "kravtui"
) -> list[tuple[list[str], click.Context]]:
    """Every command and group below `kravtui`, at any depth, as the words that name it and a
    context like the one Click makes for its help (the lazily loaded groups found through
    `list_commands` / `get_command`, as Click itself finds them)."""
    context = click.Context(group, info_name=name, parent=parent)
    found = [(context.command_path.split()[1:], context)]
    for sub in group.list_commands(context):
        command = group.get_command(context, sub)
        assert command is not None, sub
        if isinstance(command, click.Group):
            found += _command_contexts(command, context, sub)
        else:
            found.append(([*found[0][0], sub], click.Context(command, context, sub)))
    return found


def _command_paths() -> list[list[str]]:
    return [path for path, _ in _command_contexts()]


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--lang", "da", "--help"], {}),
        (["--lang", "da", "selection", "add", "--help"], {}),
        (["selection", "add", "--lang=da", "--help"], {}),  # the sub-command's own --lang
        (["export", "--help"], {"KRAVTUI_LANG": "da"}),
        (["export", "selection", "--help"], {"KRAVTUI_LANG": "da"}),
    ],
    ids=["top", "selection-add", "own-lang", "env-export", "env-export-selection"],
)
def test_danish_help_has_no_english(args: list[str], env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert "Brug:" in result.output and "Tilvalg:" in result.output, result.output
    assert _english_in(result.output) == [], result.output


def test_settings_file_language_is_the_help_language(settings_folder: Path) -> None:
    settings_folder.mkdir()
    (settings_folder / "config.toml").write_text('language = "da"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["list", "--help"])
    assert "Vis krav, eventuelt afgrænset." in result.output, result.output
    assert _english_in(result.output) == [], result.output


@pytest.mark.parametrize("path", _command_paths(), ids=lambda path: " ".join(path) or "kravtui")
@pytest.mark.parametrize("language", ["da", "en"])
def test_every_command_has_its_help_in_both_languages(path: list[str], language: str) -> None:
    result = CliRunner().invoke(main, ["--lang", language, *path, "--help"])
    assert result.exit_code == 0, result.output
    raw = [line for line in result.output.splitlines() if any(key in line for key in RAW_KEYS)]
    assert raw == [], raw  # a message key shown as it is
    assert "cli." not in result.output, result.output
    if language == "da":
        assert _english_in(result.output) == [], result.output
    else:
        assert "Usage:" in result.output and "Show this message and exit." in result.output


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_command_has_every_help_message(language: str) -> None:
    """The fallback to the source's English must not hide a missing message: every command's
    description, every option and every placeholder word has one, in both languages."""
    set_language(language)
    missing = {}
    for path, context in _command_contexts():
        assert isinstance(context.command, HelpCommand), path
        missing[" ".join(path) or "kravtui"] = context.command.missing_messages(context)
    assert {path: keys for path, keys in missing.items() if keys} == {}


def test_a_command_without_messages_shows_its_own_english_not_keys() -> None:
    @group()
    def tool() -> None:
        """Top."""

    @tool.command(name="brand-new")
    @click.option("--frobnicate", is_flag=True, help="Frobnicate the widgets.")
    @click.argument("widget", metavar="WIDGET")
    def brand_new(frobnicate: bool, widget: str) -> None:
        """Do a brand-new thing to a WIDGET. More about it."""

    set_language("da")
    listing = CliRunner().invoke(tool, ["--help"])
    result = CliRunner().invoke(tool, ["brand-new", "--help"])
    assert "brand-new  Do a brand-new thing to a WIDGET" in listing.output, listing.output
    assert "Do a brand-new thing to a WIDGET. More about it." in result.output, result.output
    assert "--frobnicate  Frobnicate the widgets." in result.output, result.output
    assert "Brug: tool brand-new [TILVALG] WIDGET" in result.output, result.output
    assert "cli." not in listing.output + result.output
    context = click.Context(brand_new, click.Context(tool, info_name="tool"), "brand-new")
    assert brand_new.missing_messages(context) == [
        "cli.help.brand-new",
        "cli.help.brand-new.frobnicate",
        "cli.metavar.widget",
    ]


@pytest.mark.parametrize(
    ("args", "option", "mark"),
    [
        (["selection", "free-text"], "--title TEKST", "[skal angives]"),
        (["diff"], "--color [auto|always|never]", "[standard: auto]"),
        # A default that depends on another option is said in the option's own words.
        (
            ["export", "selection"],
            "--format [docx|pdf|toml|answer-sheet|xlsx]",
            "[standard: det, FIL ender på, ellers docx; en FIL, der ender på et andet formats "
            "endelse, afvises].",
        ),
    ],
)
def test_required_and_default_marks_show_without_help_in_the_source(
    args: list[str], option: str, mark: str
) -> None:
    """An option whose help is only in the messages (no `help=`) still says it is required or
    what its default is, in the user's language."""
    result = CliRunner().invoke(main, ["--lang", "da", *args, "--help"])
    lines = result.output.splitlines()
    at = next(n for n, line in enumerate(lines) if line.strip().startswith(option))
    entry = [lines[at]]  # with the lines its help wraps onto (they start further in)
    for line in lines[at + 1 :]:
        if not line.startswith("      "):
            break
        entry.append(line)
    assert " ".join(" ".join(entry).split()).endswith(mark), result.output


def test_installed_command_in_danish() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kravtui", "--lang", "da", "selection", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("Brug:"), result.stdout
    assert "Kommandoer:" in result.stdout and _english_in(result.stdout) == []


CLICK_ERRORS = ("No such option", "Missing argument", "No such command", "requires an argument")


@pytest.mark.parametrize(
    ("args", "danish"),
    [
        (["list", "--bogus"], "ukendt tilvalg --bogus"),
        (["list", "--serch", "x"], "ukendt tilvalg --serch (mente du --search?)"),
        (["selection", "add"], "'NAVN' mangler"),
        (["nosuch"], "ukendt kommando 'nosuch'"),
        (["list", "--db"], "--db skal have en værdi"),
    ],
)
def test_usage_errors_in_danish_are_one_danish_line(args: list[str], danish: str) -> None:
    result = CliRunner().invoke(main, ["--lang", "da", *args])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("kravtui: fejl: ") and danish in lines[0], lines
    assert not [phrase for phrase in CLICK_ERRORS if phrase in lines[0]]
