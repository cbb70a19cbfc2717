"""Importing a selection TOML: refused whole with FILE:LINE: KEY: reason, drift marked, kinds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.requirements import get_requirement, write_contents
from kravtui.cli import main
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.kinds import import_file
from kravtui.interchange.selection_toml import export_selection_toml, import_selection
from kravtui.selection.items import list_items
from kravtui.selection.transfer import TransferReport, selection_content
from tests.selection_builder import CATALOGUE, build_catalogue
from tests.test_catalogue_toml import write_catalogue

GOLDEN = Path(__file__).parent / "golden" / "selection-small.toml"
TEXT = GOLDEN.read_text(encoding="utf-8")


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = build_catalogue(tmp_path / "c.db")
    yield connection
    connection.close()


def _state(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for table in ("selection", "selection_domain", "selection_answer", "selection_item"):
        rows.extend(conn.execute(f"SELECT '{table}', * FROM {table}").fetchall())
    return [tuple(row) for row in rows]


def _line_of(text: str, needle: str, nth: int = 1) -> int:
    position = -1
    for _ in range(nth):
        position = text.index(needle, position + 1)
    return text.count("\n", 0, position) + 1


REFUSALS = [
    # (old, new, key, reason fragment)
    (
        '[item.LOG-1]\ntitle = "Logning af opslag"',
        '[item.LOG-1]\ntitle = ""',
        "item.LOG-1.title",
        "empty",
    ),
    (
        'importance = "high"\ncategory = "LOG"',
        'importance = "urgent"\ncategory = "LOG"',
        "item.LOG-1.importance",
        "urgent",
    ),
    (
        '"Følsomme data" = "unknown"',
        '"Følsomme data" = "maybe"',
        'selection.answers."Følsomme data"',
        "maybe",
    ),
    ('status = "draft"', 'status = "sent"', "selection.status", "sent"),
    ('language = "da"', 'language = "de"', "selection.language", "de"),
    ("[item.ARK-1]", "[item.ark-1]", "item.ark-1", "ark-1"),
    (
        "free_text = true\ncatalogue_version = 0",
        "free_text = true\ncatalogue_version = 3",
        "item.FRI-001.catalogue_version",
        "free-text",
    ),
    (
        'catalogue_version = 1\nwhy = [\n    "all_domains"',
        'catalogue_version = -1\nwhy = [\n    "all_domains"',
        "item.SIK-10.catalogue_version",
        "0 or more",
    ),
    ('    "all_domains",', '    "because",', "item.SIK-10.why", "because"),
    ("ticked = false", 'ticked = "no"', "item.ARK-1.ticked", "true or false"),
    ('category = "ARK"', 'category = "XYZ"', "item.ARK-1.category", "XYZ"),
    ('subcategory = "Kryptering"', 'subcategory = "Ukendt"', "item.SIK-10.subcategory", "Ukendt"),
    ('    "Børn og unge",\n]', '    "Ukendt domæne",\n]', "selection.domains", "Ukendt domæne"),
    ('Persondata = "yes"', 'Ukendt = "yes"', "selection.answers.Ukendt", "Ukendt"),
    (
        'help_text = ""\n\n[item.FRI-001]',
        'help_text = ""\nprice = 3\n\n[item.FRI-001]',
        "item.ARK-1.price",
        "price",
    ),
]


@pytest.mark.parametrize(("old", "new", "key", "reason"), REFUSALS)
def test_a_bad_file_is_refused_whole(
    conn: sqlite3.Connection, tmp_path: Path, old: str, new: str, key: str, reason: str
) -> None:
    assert old in TEXT, old
    text = TEXT.replace(old, new, 1)
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    before = _state(conn)
    with pytest.raises(InterchangeError) as caught:
        import_file(conn, path)
    error = caught.value
    assert error.key == key
    assert reason in error.reason
    changed_line = _line_of(text, new.split("\n")[0])
    assert error.line is not None and abs(error.line - changed_line) <= 2, error.message
    assert error.message.startswith(f"{path}:{error.line}: ")
    assert _state(conn) == before


def test_syntax_errors_and_duplicate_items_name_the_line(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bad.toml"
    twice = TEXT + '\n[item.LOG-1]\ntitle = "igen"\ncategory = "LOG"\n'
    path.write_text(twice, encoding="utf-8")
    with pytest.raises(InterchangeError, match="duplicate uid LOG-1") as caught:
        import_file(conn, path)
    assert caught.value.line == twice.count("\n") - 2
    path.write_text(
        TEXT.replace('title = "Arkiveringsversion"', 'title = "Arkiv'), encoding="utf-8"
    )
    with pytest.raises(InterchangeError, match="syntax") as caught:
        import_file(conn, path)
    assert caught.value.line == _line_of(TEXT, 'title = "Arkiveringsversion"')


def test_unknown_kind_and_missing_metadata_are_refused(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(TEXT.replace('kind = "selection"', 'kind = "report"'), encoding="utf-8")
    with pytest.raises(InterchangeError, match='unknown kind "report"') as caught:
        import_file(conn, path)
    assert caught.value.line == 3
    path.write_text('format = "kravtui/1"\nkind = "selection"\n', encoding="utf-8")
    with pytest.raises(InterchangeError, match='missing field "selection"'):
        import_file(conn, path)


def test_the_cli_refuses_with_exit_1_and_changes_nothing(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(TEXT.replace('category = "ARK"', 'category = "XYZ"'), encoding="utf-8")
    before = _state(conn)
    result = CliRunner().invoke(
        main, ["--lang", "en", "import", str(path), "--db", str(tmp_path / "c.db")]
    )
    assert result.exit_code == 1
    line = _line_of(TEXT, 'category = "ARK"')
    assert f"{path}:{line}: item.ARK-1.category: this catalogue has no category" in result.output
    assert _state(conn) == before


def _edit_catalogue(conn: sqlite3.Connection, uid: str, **changes: object) -> None:
    current = get_requirement(conn, uid)
    assert current is not None
    with transaction(conn):
        write_contents(conn, [current.content.with_changes(**changes)])


def test_drift_is_reported_and_marked_on_import(tmp_path: Path) -> None:
    # The target catalogue lacks LOG-1 and has changed SIK-10 (not edited in the selection)
    # and SIK-2 (edited there, so its text differs anyway).
    target = write_catalogue(
        tmp_path / "other.db",
        type(CATALOGUE)(
            CATALOGUE.classifications,
            tuple(r for r in CATALOGUE.requirements if r.uid != "LOG-1"),
        ),
    )
    _edit_catalogue(target, "SIK-10", description="Ny tekst i kataloget.")
    report = import_selection(target, GOLDEN)
    assert report.missing == ("LOG-1",)
    assert report.changed == ("SIK-10",)
    items = {
        item.uid: item for item in list_items(target, report.selection_id, include_unticked=True)
    }
    assert items["LOG-1"].catalogue_missing and items["LOG-1"].requirement_id is None
    assert items["SIK-10"].catalogue_changed and not items["SIK-10"].catalogue_missing
    assert not items["SIK-2"].drifted and not items["ARK-1"].drifted
    assert items["FRI-001"].is_free_text and not items["FRI-001"].drifted
    # The snapshots are as written, whatever the catalogue says now.
    assert items["SIK-10"].snapshot.description.startswith("Punkt 0:")


def test_drift_survives_a_second_round_trip(tmp_path: Path) -> None:
    target = build_catalogue(tmp_path / "other.db")
    _edit_catalogue(target, "ARK-1", title="Ny titel")  # ARK-1 is edited in the file: no drift
    _edit_catalogue(target, "SIK-10", title="Ny titel")  # not edited: drift, version 1 stays
    first = import_selection(target, GOLDEN)
    assert first.changed == ("ARK-1", "SIK-10")  # ARK-1: the catalogue is newer than taken
    export_selection_toml(target, first.selection_id, tmp_path / "again.toml")
    second = import_selection(target, tmp_path / "again.toml")
    assert second.changed == first.changed
    assert selection_content(target, second.selection_id) == selection_content(
        target, first.selection_id
    )


def test_a_foreign_version_newer_than_the_catalogue_is_brought_down(tmp_path: Path) -> None:
    target = build_catalogue(tmp_path / "other.db")
    path = tmp_path / "newer.toml"
    path.write_text(
        TEXT.replace("catalogue_version = 1", "catalogue_version = 9"), encoding="utf-8"
    )
    report = import_selection(target, path)
    assert report.changed == () and report.missing == ()
    content = selection_content(target, report.selection_id)
    assert {item.catalogue_version for item in content.items} == {None, 1}
    _edit_catalogue(target, "SIK-10", title="Senere rettet")
    drifted = [item.uid for item in list_items(target, report.selection_id) if item.drifted]
    assert drifted == ["SIK-10"]


def test_a_text_difference_at_version_1_is_kept_as_drift(tmp_path: Path) -> None:
    target = write_catalogue(
        tmp_path / "other.db",
        type(CATALOGUE)(
            CATALOGUE.classifications,
            tuple(
                r.with_changes(description="Andet katalog.") if r.uid == "SIK-10" else r
                for r in CATALOGUE.requirements
            ),
        ),
    )
    report = import_selection(target, GOLDEN)
    assert report.changed == ("SIK-10",)
    export_selection_toml(target, report.selection_id, tmp_path / "out.toml")
    written = (tmp_path / "out.toml").read_text(encoding="utf-8")
    block = written.split("[item.SIK-10]\n")[1]
    assert "free_text = false\ncatalogue_version = 0\n" in block
    again = import_selection(target, tmp_path / "out.toml")
    assert again.changed == ("SIK-10",)


def test_import_reports_drift_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    target = write_catalogue(
        db,
        type(CATALOGUE)(
            CATALOGUE.classifications,
            tuple(r for r in CATALOGUE.requirements if r.uid != "LOG-1"),
        ),
    )
    target.close()
    result = CliRunner().invoke(main, ["--lang", "en", "import", str(GOLDEN), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Imported selection 1: Nyt ESDH-system (5 requirements)" in result.output
    assert "Not in this catalogue (shown as missing): LOG-1" in result.output
    assert "already existed" not in result.output
    danish = CliRunner().invoke(main, ["--lang", "da", "import", str(GOLDEN), "--db", str(db)])
    assert "Der findes allerede en kravspecifikation" in danish.output
    assert "Findes ikke i dette katalog" in danish.output


def test_import_file_still_imports_catalogues(tmp_path: Path) -> None:
    conn = create_catalogue(tmp_path / "empty.db")
    report = import_file(conn, Path(__file__).parent / "golden" / "catalogue-small.toml")
    assert not isinstance(report, TransferReport)
    assert sorted(report.created) == ["LOG-1", "SIK-10", "SIK-2"]
