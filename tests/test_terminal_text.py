"""No text from a catalogue, a file or an argument reaches the terminal raw.

A hostile catalogue (imported from TOML, plus an author written by another program with raw SQL)
is printed by every human-readable command: the output holds no control or bidi character (line
feeds only between lines), shows the hostile ones as visible escapes, and `--json` gives back the
exact strings. Error messages about such text are one line.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.cli import main
from kravtui.i18n.visible_text import json_text, visible
from tests.test_catalogue_toml import GOLDEN as CATALOGUE_GOLDEN

TITLE = "To-faktor\x1b]0;PWNED\x07\x1b[2J \u202eevil\u202c \x9b31m \u2028end"
DESCRIPTION = "Første linje\x1b[31m rød\nAnden linje \x85 \u2066isolate\u2069 \x00slut"
AUTHOR = "mallory\x1b]2;OWNED\x07"
RATIONALE = "Skjult\rSynlig"  # a carriage return hides text; written by another program
SELECTION = "Indkøb\x1b]0;PWNED\x07\x1b[2J\u202e"
# Everything a terminal acts on or that reorders or hides text; line feed and tab are allowed.
DANGEROUS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
TITLE_SHOWN = "\\x1b]0;PWNED\\x07\\x1b[2J \\u202eevil\\u202c \\x9b31m \\u2028end"
# What a file may hold (the text rule refuses C0/C1 controls there) that still reorders or hides
# text on a terminal: bidi overrides and isolates, zero-width and byte-order marks.
FILE_TITLE = "To-faktor \u202eevil\u202c \u2066isolate\u2069 \u200bend"
FILE_TITLE_SHOWN = "To-faktor \\u202eevil\\u202c \\u2066isolate\\u2069 \\u200bend"
FILE_DESCRIPTION = "Første linje \u2067rød\u2069\nAnden linje \ufeffslut"
NEW_SELECTION = "Indkøb \u202eevil"


def _toml_string(text: str) -> str:
    return json.dumps(text)  # JSON's string escapes are TOML basic-string escapes


def hostile_toml(path: Path) -> Path:
    text = CATALOGUE_GOLDEN.read_text(encoding="utf-8")
    text = text.replace(
        'title = "To-faktor-login for administratorer"', f"title = {_toml_string(FILE_TITLE)}"
    )
    text = text.replace(
        'description = "Administratorer skal logge ind med to faktorer (\\"MFA\\")."',
        f"description = {_toml_string(FILE_DESCRIPTION)}",
    )
    assert "To-faktor " in text and "Anden linje" in text
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A catalogue holding hostile text; selection 1 is hostile too and holds SIK-2.

    Import refuses control characters (the text rule), so the worst of it is written the way
    another program would write it: straight into the tables.
    """
    db = tmp_path / "hostile.db"
    assert run("init", "--empty", "--db", str(db)).exit_code == 0
    imported = run("import", "--db", str(db), str(hostile_toml(tmp_path / "hostile.toml")))
    assert imported.exit_code == 0, imported.output
    conn = sqlite3.connect(db)
    with conn:  # another program wrote this
        conn.execute("UPDATE revision SET author = ?", (AUTHOR,))
        conn.execute(
            "UPDATE requirement SET title = ?, description = ?, rationale = ? WHERE uid = 'SIK-2'",
            (TITLE, DESCRIPTION, RATIONALE),
        )
    conn.close()
    assert run("selection", "new", "Indkøb", "--db", str(db)).exit_code == 0
    assert run("selection", "add", "1", "SIK-2", "--db", str(db)).exit_code == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE selection SET title = ? WHERE id = 1", (SELECTION,))
    conn.close()
    return db


def assert_safe(output: str) -> None:
    found = sorted({repr(char) for char in DANGEROUS.findall(output)})
    assert not found, f"raw control or bidi characters in the output: {found}"


def _commands(db: Path, tmp_path: Path) -> dict[str, tuple[tuple[str, ...], str]]:
    """Command -> (arguments, the visible escape its output must hold)."""
    clean, dirty = str(CATALOGUE_GOLDEN), str(hostile_toml(tmp_path / "new\x1b[2J.toml"))
    return {
        "show": (("show", "SIK-2", "--db", str(db)), TITLE_SHOWN),
        "show-body": (("show", "SIK-2", "--db", str(db)), "\\x1b[31m rød\nAnden linje \\x85"),
        "show-other": (("show", "SIK-2", "--db", str(db)), "Skjult\\rSynlig"),
        "list": (("list", "--db", str(db)), "\\x1b]0;PWNED"),
        "history": (("history", "SIK-2", "--db", str(db)), "mallory\\x1b]2;OWNED\\x07"),
        "diff": (("diff", clean, dirty), FILE_TITLE_SHOWN),
        "diff-names": (("diff", clean, dirty), "new\\x1b[2J.toml"),
        "diff-never": (("diff", "--color=never", clean, dirty), FILE_TITLE_SHOWN),
        "diff-body": (("diff", clean, dirty), "\\u2067rød\\u2069"),
        "diff-stat": (("diff", "--stat", clean, dirty), "0 added, 0 removed, 1 changed"),
        "textconv": (("diff", "--textconv", dirty), f"SIK-2 title: {FILE_TITLE_SHOWN}"),
        "textconv-body": (("diff", "--textconv", dirty), "Anden linje \\ufeffslut"),
        "git": (
            ("diff", "--git", "x.toml", clean, "0" * 7, "100644", dirty, "1" * 7, "100644"),
            FILE_TITLE_SHOWN,
        ),
        "selection-new": (("selection", "new", NEW_SELECTION, "--db", str(db)), "\\u202e"),
        "selection-list": (("selection", "list", "--db", str(db)), "PWNED\\x07\\x1b[2J"),
        "selection-show": (("selection", "show", "1", "--db", str(db)), "\\x1b]0;PWNED"),
        "selection-item": (("selection", "show", "1", "--db", str(db)), TITLE_SHOWN),
    }


@pytest.mark.parametrize(
    "name",
    [
        "show",
        "show-body",
        "show-other",
        "list",
        "history",
        "diff",
        "diff-names",
        "diff-never",
        "diff-body",
        "diff-stat",
        "textconv",
        "textconv-body",
        "git",
        "selection-new",
        "selection-list",
        "selection-show",
        "selection-item",
    ],
)
def test_human_output_shows_hostile_text_escaped(hostile: Path, tmp_path: Path, name: str) -> None:
    args, shown = _commands(hostile, tmp_path)[name]
    result = run(*args)
    assert result.exit_code in (0, 1), result.output
    assert_safe(result.output)
    assert shown in result.output


@pytest.mark.parametrize("form", ["terminal", "pipe", "json", "jsonl"])
def test_list_shows_hostile_text_escaped_in_every_form(
    hostile: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    monkeypatch.setattr("kravtui.cli.list_output.stdout_is_terminal", lambda: form == "terminal")
    options = {"json": ("--json",), "jsonl": ("--jsonl",)}.get(form, ())
    result = run("list", "--db", str(hostile), *options)
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    if form in ("terminal", "pipe"):
        assert "\\x1b]0;PWNED" in result.output and "\\u202eevil" in result.output
        return
    lines = result.stdout.splitlines()
    rows = json.loads(result.stdout) if form == "json" else [json.loads(line) for line in lines]
    assert TITLE in [row["title"] for row in rows]


def test_coloured_diff_writes_only_its_own_styles(tmp_path: Path) -> None:
    dirty = str(hostile_toml(tmp_path / "new.toml"))
    result = run("diff", "--color=always", str(CATALOGUE_GOLDEN), dirty)
    assert result.exit_code == 1
    assert "\x1b[" in result.output  # styled
    assert_safe(re.sub(r"\x1b\[[0-9;]*m", "", result.output))  # nothing but SGR styles
    assert "isolate" in result.output


@pytest.mark.parametrize(
    ("args", "path", "expected"),
    [
        (("list", "--json"), (0, "title"), TITLE),
        (("show", "SIK-2", "--json"), ("description",), DESCRIPTION),
        (("show", "SIK-2", "--json"), ("title",), TITLE),
        (("history", "SIK-2", "--json"), (0, "author"), AUTHOR),
        (("selection", "list", "--json"), (0, "title"), SELECTION),
        (("selection", "show", "1", "--json"), ("items", 0, "title"), TITLE),
    ],
)
def test_json_keeps_the_exact_text_as_escapes(
    hostile: Path, args: tuple[str, ...], path: tuple[str | int, ...], expected: str
) -> None:
    result = run(*args, "--db", str(hostile))
    assert result.exit_code == 0, result.output
    assert_safe(result.output)
    value = json.loads(result.stdout)
    for step in path:
        value = value[step]
    assert value == expected


def test_diff_json_keeps_the_exact_text(tmp_path: Path) -> None:
    dirty = str(hostile_toml(tmp_path / "new.toml"))
    result = run("diff", "--json", str(CATALOGUE_GOLDEN), dirty)
    assert_safe(result.output)
    (change,) = json.loads(result.stdout)["changes"]
    assert {field["field"]: field["after"] for field in change["fields"]}["title"] == FILE_TITLE


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("show", "SIK-1\n\x00\x1b[2J"), "SIK-1\\n\\x00\\x1b[2J"),
        (("history", "SIK\n1"), "SIK\\n1"),
        (("selection", "show", "nope\x1b]0;x\x07\nline"), "nope\\x1b]0;x\\x07\\nline"),
        (("list", "--category", "X\r\nY\u202e"), "X\\r\\nY\\u202e"),
        (("diff", "a\n\x1b[2J.toml", "b.toml"), "a\\n\\x1b[2J.toml"),
    ],
)
def test_errors_about_hostile_text_are_one_escaped_line(
    hostile: Path, args: tuple[str, ...], shown: str
) -> None:
    result = run(*args, "--db", str(hostile)) if args[0] != "diff" else run(*args)
    assert result.exit_code in (1, 2)
    assert_safe(result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.endswith("\n")
    assert shown in result.stderr


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("list", "--priority", "\x1b]0;x\x07"), "'\\x1b]0;x\\x07'"),
        (("selection", "answer", "1", "Cloud=\x1b[2J"), "Cloud=\\x1b[2J"),
    ],
)
def test_usage_errors_about_hostile_arguments_are_escaped(
    hostile: Path, args: tuple[str, ...], shown: str
) -> None:
    result = run(*args, "--db", str(hostile))
    assert result.exit_code == 2
    assert_safe(result.stderr)
    assert shown in result.stderr


def test_an_import_error_quoting_the_file_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert run("init", "--empty", "--db", str(db)).exit_code == 0
    text = hostile_toml(tmp_path / "h.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        text.replace("[requirement.SIK-2]", '[requirement."SIK-2\\n\\u001b[2J"]'), encoding="utf-8"
    )
    result = run("import", "--db", str(db), str(bad))
    assert result.exit_code == 1
    assert_safe(result.stderr)
    assert result.stderr.count("\n") == 1
    assert "SIK-2\\n\\x1b[2J" in result.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain æøå", "plain æøå"),
        ("\x1b[2J", "\\x1b[2J"),
        ("C:\\Program Files\\kravtui", "C:\\Program Files\\kravtui"),  # stays readable
        ("a literal \\x1b", "a literal \\\\x1b"),  # cannot be taken for an escape
        ("\\\x1b", "\\\\\\x1b"),  # a backslash, then an escape
        ("\u202e\U000e0041\ud800", "\\u202e\\U000e0041\\ud800"),
    ],
)
def test_visible_form(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert json.loads(json_text(text)) == text
    assert not DANGEROUS.search(json_text(text))


def test_multi_line_bodies_keep_their_lines() -> None:
    assert visible("a\n\tb\r\n", multi_line=True) == "a\n\tb\\r\n"
    assert visible("a\n\tb") == "a\\n\\tb"
