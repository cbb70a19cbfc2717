"""Requirements' numbers in other systems (schema v8, `kravtui.catalogue.sources`): a number
names one requirement, a requirement has one number per system, and setting the same pairs
again changes nothing; the catalogue TOML file carries the number (``source =
"os2kravmotor:1234"``) through an export and an import, refuses a hostile one in one line, and
`kravtui diff` shows it. The services run on either engine (`catalogue_location`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.sources import (
    OS2KRAVMOTOR,
    reference_of,
    requirements_by_reference,
    set_references,
)
from kravtui.cli import main
from kravtui.interchange.catalogue_blocks import diff_catalogue_files
from kravtui.interchange.diff import diff_contents
from kravtui.interchange.kinds import parse_file
from tests.catalogue_factory import make_catalogue

REQUIREMENTS = [
    RequirementContent("SIK-1", "Kryptering", category="SIK", all_domains=True),
    RequirementContent("SIK-2", "Logning", category="SIK", all_domains=True),
]


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    """The catalogue on either engine."""
    connection = make_catalogue(catalogue_location, REQUIREMENTS)
    yield connection
    connection.close()


@pytest.fixture
def file_conn(tmp_path: Path) -> sqlite3.Connection:
    """The catalogue as a file at ``c.db``, for the commands."""
    connection: sqlite3.Connection = make_catalogue(tmp_path / "c.db", REQUIREMENTS)
    return connection


def test_a_number_moved_to_another_requirement_leaves_the_first(conn: Connection) -> None:
    assert set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17")]) == 1
    assert set_references(conn, OS2KRAVMOTOR, [("SIK-2", "17")]) == 1
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {"17": "SIK-2"}
    assert reference_of(conn, "SIK-1", OS2KRAVMOTOR) == ""


def test_a_requirement_keeps_one_number_per_system(conn: Connection) -> None:
    set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17")])
    set_references(conn, OS2KRAVMOTOR, [("SIK-1", "18")])
    set_references(conn, "other", [("SIK-1", "17")])
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {"18": "SIK-1"}
    assert requirements_by_reference(conn, "other") == {"17": "SIK-1"}


def test_setting_the_same_pairs_again_changes_nothing(conn: Connection) -> None:
    pairs = [("SIK-1", "17"), ("SIK-2", "18"), ("SIK-404", "19")]
    assert set_references(conn, OS2KRAVMOTOR, pairs) == 2  # an unknown uid is skipped
    assert set_references(conn, OS2KRAVMOTOR, pairs) == 0


def test_pairs_set_at_once_act_as_if_set_one_by_one(conn: Connection) -> None:
    """The pairs are worked out in memory and written in two statements."""
    assert set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17"), ("SIK-2", "17")]) == 2
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {"17": "SIK-2"}
    assert set_references(conn, OS2KRAVMOTOR, [("SIK-1", "18"), ("SIK-1", "19")]) == 2
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {"17": "SIK-2", "19": "SIK-1"}
    assert set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17"), ("SIK-2", "19")]) == 2  # swap
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {"17": "SIK-1", "19": "SIK-2"}


def test_deleting_a_requirement_for_good_deletes_its_numbers(conn: Connection) -> None:
    set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17")])
    conn.execute("DELETE FROM requirement WHERE uid = 'SIK-1'")
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {}


# The source in the catalogue TOML file (`source = "os2kravmotor:1234"`)


def cli(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", "--db", str(db), *args])


def exported(db: Path, path: Path) -> str:
    assert cli(db, "export", "catalogue", "-o", str(path)).exit_code == 0
    return path.read_text(encoding="utf-8")


def block(text: str, uid: str) -> str:
    start = text.index(f"[requirement.{uid}]")
    end = text.find("\n[requirement.", start)
    return text[start : end if end >= 0 else len(text)]


def test_a_toml_round_trip_keeps_the_os2kravmotor_number(
    file_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    set_references(file_conn, OS2KRAVMOTOR, [("SIK-2", "417")])
    file_conn.commit()
    file_conn.close()
    text = exported(tmp_path / "c.db", tmp_path / "k.toml")
    assert block(text, "SIK-2").endswith('notes = ""\nsource = "os2kravmotor:417"\n')
    assert "source" not in block(text, "SIK-1")
    empty = tmp_path / "empty.db"
    assert cli(empty, "init", "--empty").exit_code == 0
    result = cli(empty, "import", str(tmp_path / "k.toml"))
    assert result.exit_code == 0, result.output
    again = sqlite3.connect(empty)
    assert requirements_by_reference(again, OS2KRAVMOTOR) == {"417": "SIK-2"}
    again.close()
    assert exported(empty, tmp_path / "again.toml") == text


def test_an_import_sets_the_files_sources_and_keeps_those_it_does_not_name(
    file_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    set_references(file_conn, OS2KRAVMOTOR, [("SIK-1", "17"), ("SIK-2", "18")])
    file_conn.commit()
    file_conn.close()
    db = tmp_path / "c.db"
    text = exported(db, tmp_path / "k.toml")
    # SIK-1's line taken out (kept in the catalogue), SIK-2 given SIK-1's old number
    text = text.replace('source = "os2kravmotor:17"\n', "").replace(
        'source = "os2kravmotor:18"', 'source = "os2kravmotor:17"'
    )
    (tmp_path / "k.toml").write_text(text, encoding="utf-8")
    assert cli(db, "import", str(tmp_path / "k.toml")).exit_code == 0
    after = sqlite3.connect(db)
    assert requirements_by_reference(after, OS2KRAVMOTOR) == {"17": "SIK-2"}
    after.close()


HOSTILE_SOURCES = [
    ("5", "expected a string"),
    ('"os2kravmotor:12\\u0000"', "U+0000"),
    ('"os2kravmotor:12\\n"', "U+000A"),
    ('"os2kravmotor:12\\u202e"', "not a source"),
    (f'"os2kravmotor:{"1" * 200_000}"', "not a source"),
    ('"os2kravmotor:12a"', "not a source"),
    ('"1234"', "not a source"),
    ('""', "not a source"),
    ('["os2kravmotor:1"]', "expected a string"),
    ('"kravbank:12"', 'unknown source system "kravbank"'),
    ('"os2kravmotor:18"', "os2kravmotor:18 is the source of SIK-1 too"),
]


@pytest.mark.parametrize(("value", "says"), HOSTILE_SOURCES)
def test_a_hostile_source_is_refused_in_one_line_naming_its_line(
    file_conn: sqlite3.Connection, tmp_path: Path, value: str, says: str
) -> None:
    set_references(file_conn, OS2KRAVMOTOR, [("SIK-1", "18")])
    file_conn.commit()
    file_conn.close()
    db = tmp_path / "c.db"
    text = exported(db, tmp_path / "k.toml")
    text = text.replace(
        block(text, "SIK-2"), block(text, "SIK-2").rstrip("\n") + f"\nsource = {value}\n"
    )
    path = tmp_path / "fjendtlig.toml"
    path.write_text(text, encoding="utf-8")
    line = text[: text.rindex(f"source = {value}")].count("\n") + 1
    before = path.read_bytes(), exported(db, tmp_path / "before.toml")
    result = cli(db, "import", str(path))
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300, result.output
    assert f"{path}:{line}: requirement.SIK-2.source: " in lines[0] and says in lines[0]
    assert "\x00" not in result.output and "\u202e" not in result.output
    assert exported(db, tmp_path / "after.toml") == before[1]


def test_diff_shows_a_source_added_and_changed(
    file_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    set_references(file_conn, OS2KRAVMOTOR, [("SIK-1", "17")])
    file_conn.commit()
    file_conn.close()
    db = tmp_path / "c.db"
    old = tmp_path / "old.toml"
    text = exported(db, old)
    new = tmp_path / "new.toml"
    changed = text.replace('"os2kravmotor:17"', '"os2kravmotor:71"')
    new.write_text(changed.rstrip("\n") + '\nsource = "os2kravmotor:99"\n', encoding="utf-8")
    found = diff_catalogue_files(old, new)  # a block at a time, as `kravtui diff` reads them
    assert found is not None and found == diff_contents(parse_file(old), parse_file(new))
    fields = {(c.key, f.name): (f.before, f.after) for c in found.changes for f in c.fields}
    assert fields == {
        ("SIK-1", "source"): ("os2kravmotor:17", "os2kravmotor:71"),
        ("SIK-2", "source"): (None, "os2kravmotor:99"),
    }
    result = cli(db, "diff", str(old), str(new))
    assert result.exit_code == 1 and "source" in result.output and "71" in result.output
    shown = cli(db, "diff", "--textconv", str(new)).output
    assert "requirement SIK-2 source: os2kravmotor:99" in shown
