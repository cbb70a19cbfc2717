"""The selection TOML format: golden layout, determinism, round trips, line-local git diffs.

The export and the import run on both engines: on PostgreSQL the selection comes in by
importing the golden file (the selection services that `build_selection` uses are ported in
another piece), and goes out as the same bytes.

The golden file is regenerated (after a deliberate format change, then reviewed in git diff) by:

    python -m tests.test_selection_toml      # from the repository root
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue.location import CatalogueLocation, SqliteLocation
from kravtui.catalogue.text_rules import refused_character
from kravtui.catalogue.vocabulary import Importance
from kravtui.cli import main
from kravtui.interchange.selection_checks import ITEM_FIELDS, META_FIELDS
from kravtui.interchange.selection_toml import (
    ExportCancelledError,
    dump_selection,
    export_selection_toml,
    import_selection,
    parse_selection,
)
from kravtui.interchange.toml_fast import loads_canonical
from kravtui.selection.items import add_free_text, edit_item, get_item
from kravtui.selection.records import Answer, SelectionInfo, Snapshot, Status
from kravtui.selection.store import finalise, set_answers
from kravtui.selection.transfer import ItemContent, SelectionContent, selection_content
from tests.catalogue_factory import make_catalogue
from tests.selection_builder import CATALOGUE, TITLE, build_catalogue, build_selection

GOLDEN = Path(__file__).parent / "golden" / "selection-small.toml"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = build_catalogue(tmp_path / "c.db")
    yield connection
    connection.close()


@pytest.fixture
def selection_id(conn: sqlite3.Connection) -> int:
    return build_selection(conn)


def fresh_catalogue(location: CatalogueLocation) -> Any:
    """`CATALOGUE` at `location`: through the catalogue services on SQLite, by the test
    factory's plain INSERTs on PostgreSQL."""
    if isinstance(location, SqliteLocation):
        return build_catalogue(location.path)
    known = CATALOGUE.classifications
    return make_catalogue(
        location,
        CATALOGUE.requirements,
        categories=known.categories,
        domains=known.domains,
        tags=known.tags,
    )


@pytest.fixture
def on_engine(catalogue_location: CatalogueLocation) -> Iterator[tuple[Any, int]]:
    """The golden selection in `CATALOGUE`, on each engine in turn: built through the
    selection services on SQLite, imported from the golden file on PostgreSQL."""
    connection = fresh_catalogue(catalogue_location)
    if isinstance(catalogue_location, SqliteLocation):
        yield connection, build_selection(connection)
    else:
        yield connection, import_selection(connection, GOLDEN).selection_id
    connection.close()


def test_export_matches_the_golden_file(on_engine: tuple[Any, int], tmp_path: Path) -> None:
    conn, selection_id = on_engine
    # five items, four ticked: the count is what the officer ticked
    assert export_selection_toml(conn, selection_id, tmp_path / "s.toml") == 4
    assert (tmp_path / "s.toml").read_bytes() == GOLDEN.read_bytes()


def test_golden_file_layout() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert loads_canonical(text) == data  # the fast reader takes the canonical layout
    assert text.startswith("# kravtui selection; format described in docs/toml-format.md\n")
    assert list(data) == ["format", "kind", "selection", "item"]
    assert (data["format"], data["kind"]) == ("kravtui/1", "selection")
    assert list(data["selection"]) == [*META_FIELDS, "answers"]
    assert data["selection"]["answers"] == {"Persondata": "yes", "Følsomme data": "unknown"}
    assert '\n"Følsomme data" = "unknown"\n' in text
    assert list(data["item"]) == ["ARK-1", "FRI-001", "LOG-1", "SIK-2", "SIK-10"]
    for item in data["item"].values():
        assert list(item) == list(ITEM_FIELDS)
    assert data["item"]["FRI-001"]["free_text"] is True
    assert data["item"]["FRI-001"]["catalogue_version"] == 0
    assert data["item"]["ARK-1"]["ticked"] is False and data["item"]["ARK-1"]["edited"] is True
    assert data["item"]["SIK-2"]["why"] == ["domain:Økonomi", "tag:Persondata=yes"]
    assert "\n\n\n" not in text and "created" not in text and "updated" not in text


def test_same_selection_same_bytes_even_after_a_no_op_change(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    export_selection_toml(conn, selection_id, tmp_path / "a.toml")
    set_answers(conn, selection_id, {"Persondata": Answer.YES})  # bumps version and updated_at
    export_selection_toml(conn, selection_id, tmp_path / "b.toml")
    assert (tmp_path / "a.toml").read_bytes() == (tmp_path / "b.toml").read_bytes()


def test_round_trip_into_the_same_catalogue(on_engine: tuple[Any, int], tmp_path: Path) -> None:
    conn, selection_id = on_engine
    export_selection_toml(conn, selection_id, tmp_path / "a.toml")
    report = import_selection(conn, tmp_path / "a.toml")
    assert report.selection_id != selection_id and report.title == TITLE
    assert report.title_existed and report.items == 5
    assert report.missing == () and report.changed == ()
    export_selection_toml(conn, report.selection_id, tmp_path / "b.toml")
    assert (tmp_path / "b.toml").read_bytes() == (tmp_path / "a.toml").read_bytes()
    assert selection_content(conn, report.selection_id) == selection_content(conn, selection_id)


def test_round_trip_into_a_fresh_catalogue(
    catalogue_location: CatalogueLocation, tmp_path: Path
) -> None:
    target = fresh_catalogue(catalogue_location)
    report = import_selection(target, GOLDEN)
    assert not report.title_existed and report.missing == () and report.changed == ()
    export_selection_toml(target, report.selection_id, tmp_path / "again.toml")
    assert (tmp_path / "again.toml").read_bytes() == GOLDEN.read_bytes()


def test_a_final_selection_stays_final(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    finalise(conn, selection_id, allow_past_deadline=True)  # its deadline is 2025-03-01
    export_selection_toml(conn, selection_id, tmp_path / "final.toml")
    assert 'status = "final"' in (tmp_path / "final.toml").read_text(encoding="utf-8")
    report = import_selection(conn, tmp_path / "final.toml")
    assert selection_content(conn, report.selection_id).status is Status.FINAL


def test_crlf_is_written_as_lf(conn: sqlite3.Connection, selection_id: int) -> None:
    snapshot = get_item(conn, selection_id, "LOG-1").snapshot
    edit_item(conn, selection_id, "LOG-1", replace(snapshot, description="første\r\nanden\rtredje"))
    text = dump_selection(selection_content(conn, selection_id))
    assert "\r" not in text and "\\r" not in text
    parsed = parse_selection(text, "x.toml")
    item = next(item for item in parsed.items if item.uid == "LOG-1")
    assert item.snapshot.description == "første\nanden\ntredje"


def test_export_reports_progress_and_can_be_cancelled(
    on_engine: tuple[Any, int], tmp_path: Path
) -> None:
    conn, selection_id = on_engine
    calls: list[tuple[int, int]] = []
    target = tmp_path / "s.toml"
    export_selection_toml(conn, selection_id, target, progress=lambda *a: calls.append(a))
    assert calls[0] == (0, 5) and calls[-1] == (5, 5)
    before = target.read_bytes()
    with pytest.raises(ExportCancelledError):
        export_selection_toml(conn, selection_id, target, cancelled=lambda: True)
    assert target.read_bytes() == before
    assert [
        path.name for path in tmp_path.iterdir() if not path.name.startswith("catalogue.db")
    ] == ["s.toml"]


def _git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_one_change_is_a_line_local_git_diff(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    target = repo / "s.toml"

    def commit_and_numstat() -> str:
        export_selection_toml(conn, selection_id, target)
        stat = _git(repo, "diff", "--numstat").strip()
        _git(repo, "add", "s.toml")
        _git(repo, "commit", "-q", "-m", "x", "--allow-empty")
        return stat

    def edit_description(old: str, new: str) -> None:
        snapshot = get_item(conn, selection_id, "SIK-10").snapshot
        description = snapshot.description.replace(old, new)
        edit_item(conn, selection_id, "SIK-10", replace(snapshot, description=description))

    commit_and_numstat()
    edit_description("Punkt 4:", "Punkt fire:")
    assert commit_and_numstat() == "2\t2\ts.toml"  # the short line, and edited = true
    edit_description("Punkt 6:", "Punkt seks:")
    assert commit_and_numstat() == "1\t1\ts.toml"  # one word: one short line
    snapshot = get_item(conn, selection_id, "SIK-10").snapshot
    edit_item(conn, selection_id, "SIK-10", replace(snapshot, importance=Importance.ABSOLUTE))
    assert commit_and_numstat() == "1\t1\ts.toml"
    add_free_text(conn, selection_id, Snapshot(uid="", title="Ny", category="ARK"))
    added, removed, _ = commit_and_numstat().split("\t")
    block = target.read_text(encoding="utf-8").split("\n[item.FRI-002]\n")[1].split("\n\n")[0]
    assert (int(added), int(removed)) == (block.count("\n") + 3, 0)  # one block, blank line first
    assert commit_and_numstat() == ""  # nothing changed: nothing to commit


HOSTILE = st.sampled_from(
    ['"', '"""', "\\", "\t", "\r\n", "\n", " ", "æøå", "\u202e", "\ufeff", ". ", "x" * 90]
)
# Hostile but allowed text (`text_rules`); refused characters have tests of their own.
TEXT = (
    st.lists(st.one_of(HOSTILE, st.text(max_size=12)), max_size=20)
    .map("".join)
    .map(lambda text: "".join(c for c in text if refused_character(c) is None))
)
LINE = TEXT.map(
    lambda text: "".join(c for c in text if refused_character(c, one_line=True) is None)
)


@st.composite
def contents(draw: st.DrawFn) -> SelectionContent:
    items = []
    for number in draw(st.lists(st.integers(1, 30), unique=True, max_size=4)):
        free = draw(st.booleans())
        snapshot = Snapshot(
            uid=f"{'FRI' if free else 'SIK'}-{number:03d}",
            title=draw(LINE.filter(lambda s: bool(s.strip()))),
            description=draw(TEXT),
            rationale=draw(TEXT),
            help_text=draw(TEXT),
            category="SIK",
            subcategory=draw(st.sampled_from(["", "Adgang"])),
            importance=draw(st.sampled_from(list(Importance))),
        )
        items.append(
            ItemContent(
                snapshot=snapshot,
                catalogue_version=None if free else draw(st.integers(0, 99)),
                ticked=draw(st.booleans()),
                edited=draw(st.booleans()),
                why=tuple(draw(st.lists(st.sampled_from(["manual", "tag:Ø=yes"]), unique=True))),
            )
        )
    info = SelectionInfo(
        title=draw(LINE.filter(lambda s: bool(s.strip()))),
        description=draw(TEXT),
        domains=tuple(draw(st.lists(st.sampled_from(["Økonomi", "Skole"]), unique=True))),
        priority_enabled=draw(st.booleans()),
        prices_requested=draw(st.booleans()),
    )
    answers = draw(
        st.dictionaries(
            st.sampled_from(["Persondata", "Følsomme data", "a.b"]), st.sampled_from(list(Answer))
        )
    )
    return SelectionContent(info, answers, draw(st.sampled_from(list(Status))), tuple(items))


def _lf(content: SelectionContent) -> SelectionContent:
    def norm(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")

    items = tuple(
        replace(
            item,
            snapshot=replace(
                item.snapshot,
                title=norm(item.snapshot.title),
                description=norm(item.snapshot.description),
                rationale=norm(item.snapshot.rationale),
                help_text=norm(item.snapshot.help_text),
            ),
        )
        for item in content.items
    )
    info = replace(
        content.info, title=norm(content.info.title), description=norm(content.info.description)
    )
    return replace(content, info=info, items=items)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contents())
def test_dump_then_parse_gives_back_the_content(content: SelectionContent) -> None:
    text = dump_selection(content)
    parsed = parse_selection(text, "x.toml")
    expected = _lf(content)
    assert parsed.info == expected.info and parsed.status == expected.status
    assert dict(parsed.answers) == dict(expected.answers)
    assert sorted(parsed.items, key=lambda i: i.uid) == sorted(expected.items, key=lambda i: i.uid)
    assert dump_selection(parsed) == text
    assert loads_canonical(text) == tomllib.loads(text)


def test_cli_export_and_import(conn: sqlite3.Connection, selection_id: int, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    out = tmp_path / "cli.toml"
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "--lang",
            "en",
            "export",
            "selection",
            TITLE,
            "--format",
            "toml",
            "-o",
            str(out),
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == GOLDEN.read_bytes()
    result = runner.invoke(main, ["--lang", "en", "import", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Imported selection" in result.output and "5 requirements" in result.output
    assert f"A selection called '{TITLE}' already existed" in result.output


def regenerate_golden() -> None:
    """Write the golden file from the builder (run as `python -m tests.test_selection_toml`)."""
    with tempfile.TemporaryDirectory() as folder:
        connection = build_catalogue(Path(folder) / "c.db")
        export_selection_toml(connection, build_selection(connection), GOLDEN)
        connection.close()
    print(f"wrote {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    regenerate_golden()
