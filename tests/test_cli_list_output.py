"""`kravtui list` in each of its forms: columns on a terminal, tab-separated lines into a pipe,
a JSON array and JSON lines, all written as the rows are read; and a reader that stops early.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.location import CatalogueLocation, SqliteLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.cli import main
from kravtui.i18n import set_language, t, t_count
from kravtui.i18n.visible_text import json_text, visible
from tests.catalogue_factory import add_selection, make_catalogue

LONG = " med en meget lang forklaring af informationssikkerhedspolitikken i praksis"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """The bundled sample, two of its titles long enough to wrap at 80 columns."""
    path = tmp_path / "c.db"
    assert run("init", "--db", str(path)).exit_code == 0
    with sqlite3.connect(path) as conn:
        conn.execute(
            "UPDATE requirement SET title = title || ? WHERE uid IN ('ARK-002', 'BAK-003')", (LONG,)
        )
    conn.close()
    return path


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output is an 80-column terminal."""
    monkeypatch.setattr("kravtui.cli.list_output.stdout_is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "24")


def listed(db: Path, *args: str) -> list[dict[str, str]]:
    result = run("list", "--db", str(db), "--json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, str]] = json.loads(result.stdout)
    return rows


def test_into_a_pipe_each_requirement_is_one_tab_separated_line(db: Path) -> None:
    expected = listed(db)
    result = run("list", "--db", str(db))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected) > 100  # no header, no count
    labels = {"absolute": "Minimum", "high": "Important", "normal": "Normal"} | {
        "optional": "Optional"
    }
    for line, row in zip(lines, expected, strict=True):
        fields = [row["uid"], row["title"], row["category"], labels[row["priority"]]]
        assert line.split("\t") == fields


def test_filters_apply_to_every_form(db: Path) -> None:
    security = listed(db, "--category", "SIK")
    assert security and {row["category"] for row in security} == {"SIK"}
    tsv = run("list", "--db", str(db), "--category", "SIK").stdout.splitlines()
    jsonl = run("list", "--db", str(db), "--category", "SIK", "--jsonl").stdout.splitlines()
    assert [line.split("\t")[0] for line in tsv] == [row["uid"] for row in security]
    assert [json.loads(line) for line in jsonl] == security


def test_json_is_the_array_echo_json_writes(db: Path) -> None:
    result = run("list", "--db", str(db), "--json")
    assert result.stdout == json_text(json.loads(result.stdout)) + "\n"
    assert run("list", "--db", str(db), "--json", "--search", "nothing-like-it").stdout == "[]\n"


def test_json_lines_are_one_object_each(db: Path) -> None:
    result = run("list", "--db", str(db), "--jsonl")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == listed(db)
    assert all(line == json_text(json.loads(line), indent=None) for line in lines)
    assert run("list", "--db", str(db), "--jsonl", "--search", "nothing-like-it").stdout == ""


def test_json_and_json_lines_together_are_a_usage_error(db: Path) -> None:
    result = run("list", "--db", str(db), "--json", "--jsonl")
    assert result.exit_code == 2
    assert "--jsonl" in result.output and len(result.output.splitlines()) == 1


def _rich_table(rows: list[dict[str, str]], width: int) -> list[str]:
    """The table `kravtui list` printed through Rich before it streamed (the look to keep)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, header_style="bold")
    for key in ("field.uid", "field.title", "field.category", "field.importance"):
        table.add_column(t(key), no_wrap=key != "field.title")
    for row in rows:
        label = t(f"importance.{row['priority']}")
        table.add_row(*(Text(visible(row[k])) for k in ("uid", "title", "category")), label)
    console = Console(file=io.StringIO(), width=width, no_color=True)
    console.print(table)
    printed = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in printed.splitlines()]


@pytest.mark.parametrize("language", ["en", "da"])
def test_on_a_terminal_columns_look_as_rich_printed_them(
    db: Path, terminal: None, language: str
) -> None:
    rows = listed(db)
    result = CliRunner().invoke(main, ["--lang", language, "list", "--db", str(db)])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    set_language(language)
    assert lines[:-1] == _rich_table(rows, 80)
    assert lines[-1] == t_count("cli.count", len(rows))
    assert any(not line[:9].strip() for line in lines)  # a long title wrapped
    assert max(len(line) for line in lines) <= 80


def test_on_a_narrow_terminal_long_words_fold_and_nothing_is_lost(
    db: Path, terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "45")
    lines = run("list", "--db", str(db), "--search", "ARK-002").stdout.splitlines()
    start = lines[0].index("Title")
    pieces = [line[start:].split("  ")[0] for line in lines[1:-1]]
    assert max(len(line) for line in lines) <= 45
    assert "informations" in pieces  # folded: the word does not fit in 12 cells
    title = "Oplysninger til anmeldelse af systemet" + LONG
    assert "".join(pieces).replace(" ", "") == title.replace(" ", "")


def test_a_reader_that_stops_early_ends_the_command_quietly(db: Path) -> None:
    """`kravtui list | head -n 1`: a real pipe, closed after the first line."""
    with sqlite3.connect(db) as conn:  # about 350 KB of output: more than a pipe holds
        conn.execute("UPDATE requirement SET title = title || ?", (LONG * 40,))
    conn.close()
    for form in ((), ("--json",), ("--jsonl",)):
        process = subprocess.Popen(
            [sys.executable, "-m", "kravtui", "--db", str(db), "list", *form],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline()
        process.stdout.close()
        assert process.wait(timeout=60) == 0, form
        assert process.stderr.read() == b"", form
        process.stderr.close()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_that_cannot_be_written_is_one_error_line(db: Path) -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "kravtui", "--lang", "en", "--db", str(db), "list"],
            stdout=full,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 1
    assert result.stderr == "kravtui: error: cannot write the output: No space left on device\n"


# --------------------------------------------------------------------------------------------
# Either engine: `kravtui list --db postgresql://...` lists as it does from a file


def test_list_gives_the_same_lines_on_either_engine(
    catalogue_location: CatalogueLocation, terminal: None
) -> None:
    conn = make_catalogue(
        catalogue_location,
        [
            RequirementContent(uid="SIK-10", title="Tofaktor", category="SIK"),
            RequirementContent(uid="SIK-2", title="Økonomisk kryptering", category="SIK"),
            RequirementContent(uid="LOG-1", title="Logning", category="LOG", tags=("Cloud",)),
            RequirementContent(uid="LOG-2", title="Gammel", category="LOG", deleted=True),
        ],
    )
    add_selection(conn, ticked=["SIK-10", "LOG-1"], title="Udbud")
    conn.close()
    db = (
        str(catalogue_location.path)
        if isinstance(catalogue_location, SqliteLocation)
        else catalogue_location.conninfo
    )

    def uids(*args: str) -> list[str]:
        result = run("list", "--db", db, "--jsonl", *args)
        assert result.exit_code == 0, result.output
        return [json.loads(line)["uid"] for line in result.stdout.splitlines()]

    assert uids() == ["LOG-1", "SIK-2", "SIK-10"]
    assert uids("--search", "KRYPT") == ["SIK-2"]
    assert uids("--search", "s") == ["SIK-2", "SIK-10"]
    assert uids("--search", "øko") == ["SIK-2"]
    assert uids("--category", "SIK", "--ticked", "Udbud") == ["SIK-10"]
    assert uids("--unticked", "udbud") == ["SIK-2"]
    assert uids("--tag", "Cloud") == ["LOG-1"]
    assert uids("--deleted") == ["LOG-2"]
    assert uids("--search", "100%_\\") == []
    columns = run("list", "--db", db, "--search", "log")
    assert columns.exit_code == 0, columns.output
    assert "LOG-1" in columns.stdout and "Logning" in columns.stdout
    unknown = run("list", "--db", db, "--ticked", "Intet")
    assert unknown.exit_code == 1 and len(unknown.output.strip().splitlines()) == 1
