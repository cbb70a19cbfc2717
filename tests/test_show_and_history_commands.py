"""`kravtui show` and `kravtui history` end to end on either engine (`catalogue_location`: a
file, then a PostgreSQL database, each named by ``--db``): the same output from the same
catalogue, hostile stored text shown escaped, a hostile argument refused in one line."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.db import transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.editing import save_requirement
from kravtui.catalogue.location import CatalogueLocation, SqliteLocation
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.cli import main
from tests.catalogue_factory import make_catalogue

ATTACK = "\x1b]0;PWNED\x07\x1b[2J\u202eevil"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


@pytest.fixture
def db(catalogue_location: CatalogueLocation) -> Iterator[str]:
    """A catalogue with SIK-1 (saved twice through the service) and, written by another program,
    SIK-2 whose title holds terminal controls; ``--db``'s argument for it."""
    conn: Connection = make_catalogue(
        catalogue_location,
        categories=[Category("SIK", "Sikkerhed", "", ("Adgang",))],
        domains=["Økonomi"],
    )
    content = RequirementContent(
        uid="SIK-1", title="Kryptering", category="SIK", subcategory="Adgang", domains=("Økonomi",)
    )
    save_requirement(conn, content, expected_version=None)
    save_requirement(
        conn,
        content.with_changes(description="Data krypteres.", favourite=True),
        expected_version=1,
    )
    with transaction(conn):
        conn.execute(
            "INSERT INTO requirement (uid, title, category_id, created_at, updated_at)"
            " SELECT 'SIK-2', ?, id, 'x', 'x' FROM category",
            (ATTACK,),
        )
    conn.close()
    if isinstance(catalogue_location, SqliteLocation):
        yield str(catalogue_location.path)
    else:
        yield catalogue_location.conninfo


def test_show_prints_the_requirement_and_its_json(db: str) -> None:
    shown = run("show", "sik-1", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert shown.output.startswith("SIK-1  Kryptering\n")
    assert "SIK / Adgang" in shown.output and "Data krypteres." in shown.output
    data = json.loads(run("show", "SIK-1", "--json", "--db", db).output)
    assert (data["uid"], data["domains"], data["favourite"]) == ("SIK-1", ["Økonomi"], True)
    assert data["meta"]["version"] == 2


def test_history_lists_both_revisions(db: str) -> None:
    data = json.loads(run("history", "SIK-1", "--json", "--db", db).output)
    assert [(e["number"], e["action"], e["changed"]) for e in data] == [
        (1, "create", []),
        (2, "edit", ["favourite", "description"]),
    ]


def test_stored_controls_are_shown_escaped(db: str) -> None:
    shown = run("show", "SIK-2", "--db", db)
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.output and "\u202e" not in shown.output
    assert "\\x1b]0;PWNED" in shown.output
    assert json.loads(run("show", "SIK-2", "--json", "--db", db).output)["title"] == ATTACK


@pytest.mark.parametrize("command", ["show", "history"])
@pytest.mark.parametrize("uid", ["SIK-404", "SIK-1" + ATTACK, "SIK-" + "9" * 10_000, "SIK-\u20281"])
def test_a_missing_or_hostile_uid_is_one_line(db: str, command: str, uid: str) -> None:
    result = run(command, uid, "--db", db)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "no requirement" in result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "Traceback" not in result.output


def test_show_and_history_work_read_only(db: str) -> None:
    assert run("--read-only", "show", "SIK-1", "--db", db).exit_code == 0
    assert run("--read-only", "history", "SIK-1", "--db", db).exit_code == 0
