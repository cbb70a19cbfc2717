"""Writing requirements: create, update, unchanged, revisions, conflicts, references; on
either engine (the `catalogue_location` fixture: SQLite, then PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kravtui.catalogue.classifications import load_classifications, merge_classifications
from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.history import Action, author_of, list_revisions
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import Category, Classifications, Domain, RequirementContent, Tag
from kravtui.catalogue.requirements import (
    ConflictError,
    UnknownReferenceError,
    get_requirement,
    load_contents,
    write_contents,
)
from kravtui.catalogue.vocabulary import Importance

CLASSIFICATIONS = Classifications(
    categories=(Category("SIK", "Sikkerhed", "", ("Adgang", "Kryptering")), Category("LOG", "Log")),
    domains=(Domain("Økonomi"), Domain("Børn og unge")),
    tags=(Tag("Persondata", "Behandler systemet personoplysninger?"),),
)


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    connection = create_catalogue(catalogue_location)
    with transaction(connection):
        merge_classifications(connection, CLASSIFICATIONS)
    yield connection
    connection.close()


def _requirement(uid: str = "SIK-001", **changes: object) -> RequirementContent:
    base = RequirementContent(
        uid=uid,
        title="Kryptering af data",
        importance=Importance.HIGH,
        category="SIK",
        subcategory="Kryptering",
        domains=("Børn og unge", "Økonomi"),
        tags=("Persondata",),
        description="Data skal krypteres.\r\nOgså i backup.",
        rationale="Fortrolighed.",
    )
    return base.with_changes(**changes)


def test_create_then_read_back_in_canonical_form(conn: Connection) -> None:
    with transaction(conn):
        report = write_contents(conn, [_requirement()], author="anna")
    assert report.created == ("SIK-001",)
    stored = get_requirement(conn, "SIK-001")
    assert stored is not None
    assert stored.content.description == "Data skal krypteres.\nOgså i backup."
    assert stored.content.domains == ("Økonomi", "Børn og unge")  # display order
    assert stored.meta.version == 1
    # PostgreSQL records the login role, whatever the caller says (history.author_of)
    author = "anna" if engine(conn) == "sqlite" else author_of(conn)
    assert stored.meta.created_by == author
    revisions = list_revisions(conn, "SIK-001")
    assert [(r.number, r.action, r.author) for r in revisions] == [(1, Action.CREATE, author)]
    assert revisions[0].content == stored.content


def test_unchanged_content_writes_nothing(conn: Connection) -> None:
    with transaction(conn):
        write_contents(conn, [_requirement()])
    with transaction(conn):
        report = write_contents(conn, [_requirement(domains=("Økonomi", "Børn og unge"))])
    assert report.unchanged == 1 and not report.updated and not report.created
    assert len(list_revisions(conn, "SIK-001")) == 1
    stored = get_requirement(conn, "SIK-001")
    assert stored is not None and stored.meta.version == 1


def test_update_bumps_version_and_records_delete_and_restore(conn: Connection) -> None:
    with transaction(conn):
        write_contents(conn, [_requirement()])
    for change in ({"title": "Ny titel"}, {"deleted": True}, {"deleted": False}):
        current = get_requirement(conn, "SIK-001")
        assert current is not None
        with transaction(conn):
            write_contents(conn, [current.content.with_changes(**change)])
    actions = [r.action for r in list_revisions(conn, "SIK-001")]
    assert actions == [Action.CREATE, Action.EDIT, Action.DELETE, Action.RESTORE]
    stored = get_requirement(conn, "SIK-001")
    assert stored is not None and stored.meta.version == 4
    assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == 1


def test_stale_version_is_a_conflict_and_writes_nothing(conn: Connection) -> None:
    with transaction(conn):
        write_contents(conn, [_requirement()])
    with transaction(conn):
        write_contents(conn, [_requirement(title="Their edit")], expected_versions={"SIK-001": 1})
    with pytest.raises(ConflictError) as caught, transaction(conn):
        write_contents(conn, [_requirement(title="My edit")], expected_versions={"SIK-001": 1})
    assert caught.value.theirs is not None
    assert caught.value.theirs.content.title == "Their edit"
    assert load_contents(conn)[0].title == "Their edit"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "XXX"}, "unknown category"),
        ({"subcategory": "Adgangx"}, "unknown subcategory"),
        ({"domains": ("Skole",)}, "unknown domain"),
        ({"tags": ("Cloud",)}, "unknown tag"),
        ({"principles": ("Genbrug",)}, "unknown principle"),
    ],
)
def test_unknown_references_are_refused_whole(
    conn: Connection, change: dict[str, object], message: str
) -> None:
    with pytest.raises(UnknownReferenceError, match=message), transaction(conn):
        write_contents(conn, [_requirement("SIK-002"), _requirement(**change)])
    assert load_contents(conn) == []


def test_merge_classifications_keeps_order_and_updates_questions(conn: Connection) -> None:
    incoming = Classifications(
        categories=(Category("LOG", "Logning", "Spor", ("Adgangslog",)),),
        tags=(Tag("Persondata", "Nyt spørgsmål?"), Tag("Cloud", "Skal det køre i skyen?")),
    )
    with transaction(conn):
        merge_classifications(conn, incoming)
    loaded = load_classifications(conn)
    assert [c.prefix for c in loaded.categories] == ["LOG", "SIK"]
    assert loaded.categories[0] == Category("LOG", "Logning", "Spor", ("Adgangslog",))
    assert [(tag.name, tag.question) for tag in loaded.tags] == [
        ("Persondata", "Nyt spørgsmål?"),
        ("Cloud", "Skal det køre i skyen?"),
    ]
