"""The classification use cases below the TUI (`kravtui.application.classifications`): hostile
names first, then that every kind's change returns the entry as stored."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kravtui.application import classifications as admin
from kravtui.application.classifications import Entry, entries
from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import CatalogueError, connect
from kravtui.i18n import set_language
from tests.tui.conftest import build_catalogue


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    set_language("en")
    connection = connect(build_catalogue(tmp_path / "c.db"))
    try:
        yield connection
    finally:
        connection.close()


def _names(conn: sqlite3.Connection, kind: str) -> list[tuple[str, str]]:
    return [(e.kind, e.name) for e in entries(load_classifications(conn), kind)]


@pytest.mark.parametrize("kind", ["category", "domain", "tag", "principle"])
@pytest.mark.parametrize("name", ["", "   ", "a\x1b[2Jb", "a\x9b2Jb", "x\ud800"])
def test_bad_names_are_refused_in_one_line_and_change_nothing(
    conn: sqlite3.Connection, kind: str, name: str
) -> None:
    before = _names(conn, kind)
    with pytest.raises(CatalogueError) as raised:
        admin.add(conn, kind, name, prefix="NY")
    assert "\n" not in str(raised.value)
    assert _names(conn, kind) == before


def test_a_subcategory_lists_under_its_category_and_a_rename_keeps_its_place(
    conn: sqlite3.Connection,
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


def test_a_category_is_added_with_its_prefix_upper_cased(conn: sqlite3.Connection) -> None:
    added = admin.add(conn, "category", " Drift ", "Om drift", prefix=" drf ")
    assert added == Entry("category", "Drift", "DRF")
    assert ("category", "Drift") in _names(conn, "category")


def test_a_tag_in_use_is_not_deleted_and_usage_says_why(conn: sqlite3.Connection) -> None:
    tag = next(e for e in entries(load_classifications(conn), "tag") if e.name == "Persondata")
    assert admin.usage(conn, tag) == (2, 0)  # SIK-1 and LOG-2, no selection
    with pytest.raises(CatalogueError, match="2"):
        admin.delete(conn, tag)
    assert ("tag", "Persondata") in _names(conn, "tag")
    unused = admin.add(conn, "domain", "Skole")
    assert admin.usage(conn, unused) == (0, 0)
    admin.delete(conn, unused)  # unused: it goes
    assert ("domain", "Skole") not in _names(conn, "domain")


def test_moving_a_domain_swaps_it_with_its_neighbour(conn: sqlite3.Connection) -> None:
    assert _names(conn, "domain") == [("domain", "Økonomi"), ("domain", "Social")]
    admin.move(conn, Entry("domain", "Social"), -1)
    assert _names(conn, "domain") == [("domain", "Social"), ("domain", "Økonomi")]


def test_a_database_refusal_is_one_catalogue_error(conn: sqlite3.Connection) -> None:
    """A read-only connection's refusal reaches the face as one line, not sqlite3's class."""
    conn.execute("PRAGMA query_only = ON")
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
def test_an_entry_in_use_is_refused_before_a_face_asks(
    conn: sqlite3.Connection, entry: Entry
) -> None:
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
