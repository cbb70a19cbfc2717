"""The classification use cases below the TUI (`kravtui.application.classifications`): hostile
names first, then that every kind's change returns the entry as stored; on either engine (the
`catalogue_location` fixture: SQLite, then PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kravtui.application import classifications as admin
from kravtui.application.classifications import Entry, entries
from kravtui.catalogue.classifications import load_classifications, merge_classifications
from kravtui.catalogue.db import CatalogueError, create_catalogue, transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.requirements import write_contents
from kravtui.i18n import set_language
from tests.tui.conftest import CLASSIFICATIONS, REQUIREMENTS


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    """The TUI tests' catalogue (`tests.tui.conftest`), made on either engine."""
    set_language("en")
    connection = create_catalogue(catalogue_location)
    try:
        with transaction(connection):
            merge_classifications(connection, CLASSIFICATIONS)
            write_contents(connection, REQUIREMENTS)
        yield connection
    finally:
        connection.close()


def _names(conn: Connection, kind: str) -> list[tuple[str, str]]:
    return [(e.kind, e.name) for e in entries(load_classifications(conn), kind)]


@pytest.mark.parametrize("kind", ["category", "domain", "tag", "principle"])
@pytest.mark.parametrize(
    "name",
    ["", "   ", "a\x1b[2Jb", "a\x9b2Jb", "x\ud800", "a\x00b", "x" * 10_000, "ø" * 201],
    ids=lambda name: ascii(name[:8]) + (f"...{len(name)}" if len(name) > 8 else ""),
)
def test_bad_names_are_refused_in_one_line_and_change_nothing(
    conn: Connection, kind: str, name: str
) -> None:
    before = _names(conn, kind)
    with pytest.raises(CatalogueError) as raised:
        admin.add(conn, kind, name, prefix="NY")
    assert "\n" not in str(raised.value)
    assert _names(conn, kind) == before


def test_a_subcategory_lists_under_its_category_and_a_rename_keeps_its_place(
    conn: Connection,
) -> None:
    added = admin.add_subcategory(conn, "ARK", "  Bevaring \t og  kassation ")
    assert added == Entry("subcategory", "Bevaring og kassation", "ARK")
    listed = _names(conn, "category")
    under = listed.index(("category", "Arkivering")) + 1
    assert listed[under] == ("subcategory", "Bevaring og kassation")
    renamed = admin.rename(conn, added, "Kassation")
    assert renamed == Entry("subcategory", "Kassation", "ARK")
    after = _names(conn, "category")
    assert after.index(("subcategory", "Kassation")) == listed.index(
        ("subcategory", "Bevaring og kassation")
    )


def test_a_category_is_added_with_its_prefix_upper_cased(conn: Connection) -> None:
    added = admin.add(conn, "category", " Drift ", "Om drift", prefix=" drf ")
    assert added == Entry("category", "Drift", "DRF")
    assert ("category", "Drift") in _names(conn, "category")


def test_a_tag_in_use_is_not_deleted_and_usage_says_why(conn: Connection) -> None:
    tag = next(e for e in entries(load_classifications(conn), "tag") if e.name == "Persondata")
    assert admin.usage(conn, tag) == (2, 0)  # SIK-1 and LOG-2, no selection
    with pytest.raises(CatalogueError, match="2"):
        admin.delete(conn, tag)
    assert ("tag", "Persondata") in _names(conn, "tag")
    unused = admin.add(conn, "domain", "Skole")
    assert admin.usage(conn, unused) == (0, 0)
    admin.delete(conn, unused)  # unused: it goes
    assert ("domain", "Skole") not in _names(conn, "domain")


def test_moving_a_domain_swaps_it_with_its_neighbour(conn: Connection) -> None:
    assert _names(conn, "domain") == [("domain", "Økonomi"), ("domain", "Social")]
    admin.move(conn, Entry("domain", "Social"), -1)
    assert _names(conn, "domain") == [("domain", "Social"), ("domain", "Økonomi")]


def test_a_database_refusal_is_one_catalogue_error(conn: Connection) -> None:
    """A read-only connection's refusal reaches the face as one line, not the engine's class."""
    if engine(conn) == "sqlite":
        conn.execute("PRAGMA query_only = ON")
    else:
        conn.execute("SET default_transaction_read_only = on")
    with pytest.raises(CatalogueError) as raised:
        admin.add(conn, "domain", "Skole")
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "entry",
    [
        Entry("category", "Sikkerhed", "SIK"),
        Entry("subcategory", "Kryptering", "SIK"),
        Entry("domain", "Økonomi"),
        Entry("tag", "Cloud"),
        Entry("principle", "Sikkerhed og privatliv"),
    ],
)
def test_an_entry_in_use_is_refused_before_a_face_asks(conn: Connection, entry: Entry) -> None:
    """`refuse_if_in_use` says what `delete` would say, without touching anything; an entry no
    one uses passes."""
    with pytest.raises(CatalogueError) as asked:
        admin.refuse_if_in_use(conn, entry)
    with pytest.raises(CatalogueError) as deleted:
        admin.delete(conn, entry)
    assert str(asked.value) == str(deleted.value)
    assert "\n" not in str(asked.value)
    unused = admin.add(
        conn, entry.kind if entry.kind != "subcategory" else "domain", "Ny", prefix="NY"
    )
    admin.refuse_if_in_use(conn, unused)
