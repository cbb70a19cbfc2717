"""Hostile values given to the catalogue services, on either engine (`catalogue_location`:
SQLite, then PostgreSQL): a 10 kB uid or name, a NUL, bidi controls, huge texts.

Each is either stored and read back exactly, or refused with one short line and the catalogue
unchanged, the same on both engines. PostgreSQL is the stricter one: its btree index holds an
entry of about 2,700 bytes (a longer uid or name would be an engine error, not bad input) and
its text holds no NUL; the services refuse both before the server sees them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kravtui.catalogue import classification_admin as admin
from kravtui.catalogue.classifications import load_classifications, merge_classifications
from kravtui.catalogue.db import CatalogueError, create_catalogue, transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.editing import ValidationError, save_requirement
from kravtui.catalogue.history import list_revisions
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import Category, Classifications, Domain, RequirementContent, Tag
from kravtui.catalogue.requirements import (
    RefusedValueError,
    get_requirement,
    load_contents,
    write_contents,
)
from kravtui.catalogue.sources import OS2KRAVMOTOR, reference_of, set_references
from kravtui.catalogue.text_rules import KEY_LIMIT, TITLE_LIMIT

HUGE = "x" * 10_000
BIDI = "\u202eevil\u202c \u2067isolate\u2069 \u200f"
TABLES = ("category", "subcategory", "domain", "tag", "principle", "requirement", "revision")


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    connection = create_catalogue(catalogue_location)
    with transaction(connection):
        merge_classifications(
            connection,
            Classifications(
                categories=(Category("SIK", "Sikkerhed", "", ("Adgang",)),),
                domains=(Domain("Økonomi"),),
                tags=(Tag("Persondata", "Persondata?"),),
            ),
        )
    save_requirement(connection, _content(), expected_version=None)
    yield connection
    connection.close()


def _content(uid: str = "SIK-1", **changes: Any) -> RequirementContent:
    return RequirementContent(
        uid=uid, title="Kryptering", category="SIK", domains=("Økonomi",)
    ).with_changes(**changes)


def _everything(conn: Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the catalogue's tables, in id order: what "nothing changed" compares."""
    return {
        table: [tuple(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        for table in TABLES
    }


def _refused_in_one_line(
    conn: Connection, change: Callable[[], object], error: type[Exception] = CatalogueError
) -> str:
    """Run `change`, which must raise `error` with one short line and change nothing (a name
    it repeats may hold controls: the faces print every message through `visible`)."""
    before = _everything(conn)
    with pytest.raises(error) as raised:
        change()
    message = str(raised.value)
    assert "\n" not in message and len(message) < 300, message
    assert not conn.in_transaction
    assert _everything(conn) == before
    return message


def _write(conn: Connection, content: RequirementContent) -> None:
    with transaction(conn):
        write_contents(conn, [content])


# --- uids -------------------------------------------------------------------------------------


@pytest.mark.parametrize("uid", [f"SIK-{HUGE}", HUGE, "SIK-1\x00", "SIK-\u202e1", "SIK-1\n"])
def test_a_hostile_uid_is_refused_by_the_form(conn: Connection, uid: str) -> None:
    _refused_in_one_line(
        conn, lambda: save_requirement(conn, _content(uid), expected_version=None), ValidationError
    )


@pytest.mark.parametrize("uid", [f"SIK-{HUGE}", "SIK-1\x00", "SIK-1\n", "SIK-" + "9" * 300])
def test_a_uid_no_key_may_be_is_refused_by_the_service_below_the_form(
    conn: Connection, uid: str
) -> None:
    """What an importer must not hand on, the service refuses itself: on PostgreSQL the uid's
    index (and NUL in text) would be an engine error, on SQLite it was stored."""
    message = _refused_in_one_line(conn, lambda: _write(conn, _content(uid)), RefusedValueError)
    assert message.startswith("Number: ")


def test_a_uid_of_key_length_is_stored(conn: Connection) -> None:
    """The bound is `KEY_LIMIT` characters, of four bytes each at worst: inside the index."""
    uid = "SIK-" + "Ø" * (KEY_LIMIT - 5) + "😀"
    _write(conn, _content(uid))
    stored = get_requirement(conn, uid)
    assert stored is not None and stored.uid == uid


@pytest.mark.parametrize("uid", ["SIK-1\x00", "\x00", f"SIK-{HUGE}"])
def test_looking_up_a_hostile_uid_finds_nothing(conn: Connection, uid: str) -> None:
    assert get_requirement(conn, uid) is None
    assert load_contents(conn, uids=[uid]) == []
    assert list_revisions(conn, uid) == []
    assert reference_of(conn, uid, OS2KRAVMOTOR) == ""


# --- texts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "description", "notes", "stakeholders"])
def test_a_nul_in_a_text_is_refused_by_the_form_and_by_the_service(
    conn: Connection, field: str
) -> None:
    current = get_requirement(conn, "SIK-1")
    assert current is not None
    changed = current.content.with_changes(**{field: "før\x00efter"})
    _refused_in_one_line(
        conn, lambda: save_requirement(conn, changed, expected_version=1), ValidationError
    )
    message = _refused_in_one_line(conn, lambda: _write(conn, changed), RefusedValueError)
    assert message.startswith("SIK-1: ") and "U+0000" in message


def test_bidi_controls_in_texts_are_stored_exactly(conn: Connection) -> None:
    """The rule keeps them (right-to-left text needs them); the faces show them escaped."""
    content = _content("SIK-2", title=f"Titel {BIDI}", description=f"Tekst {BIDI}\nlinje 2")
    save_requirement(conn, content, expected_version=None)
    stored = get_requirement(conn, "SIK-2")
    assert stored is not None and stored.content == content
    assert list_revisions(conn, "SIK-2")[0].content == content


def test_huge_texts_are_stored_exactly(conn: Connection) -> None:
    description = ("Lang tekst æøå 😀 " * 60_000)[:1_000_000]
    content = _content("SIK-2", title="T" * TITLE_LIMIT, description=description, notes=HUGE)
    save_requirement(conn, content, expected_version=None)
    stored = get_requirement(conn, "SIK-2")
    assert stored is not None and stored.content == content
    edited = content.with_changes(description=description[::-1])
    save_requirement(conn, edited, expected_version=1)
    assert [r.content for r in list_revisions(conn, "SIK-2")] == [content, edited]


# --- classifications --------------------------------------------------------------------------


def _merge(conn: Connection, incoming: Classifications) -> None:
    with transaction(conn):
        merge_classifications(conn, incoming)


@pytest.mark.parametrize(
    "change",
    [
        lambda c: admin.add_named(c, admin.DOMAIN, HUGE),
        lambda c: admin.add_named(c, admin.TAG, "N" * (KEY_LIMIT + 1), "Spørgsmål?"),
        lambda c: admin.add_named(c, admin.PRINCIPLE, "a\x00b"),
        lambda c: admin.update_named(c, admin.DOMAIN, "Økonomi", HUGE),
        lambda c: admin.update_named(c, admin.TAG, "Persondata", "Persondata", "spørg\x00"),
        lambda c: admin.add_category(c, "NY", HUGE),
        lambda c: admin.add_category(c, HUGE, "Ny"),
        lambda c: admin.add_category(c, "\x00", "Ny"),
        lambda c: admin.update_category(c, "SIK", "Sikker\x00hed"),
        lambda c: admin.add_subcategory(c, "SIK", HUGE),
        lambda c: admin.rename_subcategory(c, "SIK", "Adgang", "\u2028"),
        lambda c: admin.delete_named(c, admin.DOMAIN, "Øko\x00nomi"),
        lambda c: admin.delete_subcategory(c, "SIK", "Adg\x00ang"),
        lambda c: admin.move_category(c, "SIK\x00", 1),
        lambda c: _merge(c, Classifications(domains=(Domain(HUGE),))),
        lambda c: _merge(c, Classifications(categories=(Category("NY", "Ny", "", ("a\x00",)),))),
    ],
    ids=range(16),
)
def test_a_hostile_classification_change_is_refused_in_one_line(
    conn: Connection, change: Callable[[Connection], object]
) -> None:
    _refused_in_one_line(conn, lambda: change(conn))


def test_a_name_of_key_length_is_stored_and_a_bidi_name_too(conn: Connection) -> None:
    name = "Ø" * (KEY_LIMIT - 1) + "😀"
    admin.add_named(conn, admin.DOMAIN, name)
    admin.add_named(conn, admin.TAG, f"Tag {BIDI}", f"Spørgsmål {BIDI}?")
    loaded = load_classifications(conn)
    assert [d.name for d in loaded.domains] == ["Økonomi", name]
    assert loaded.tags[-1].name == " ".join(f"Tag {BIDI}".split())


def test_a_source_reference_of_a_hostile_uid_is_skipped(conn: Connection) -> None:
    with transaction(conn):
        assert set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17"), (f"SIK-{HUGE}", "18")]) == 1
    assert reference_of(conn, "SIK-1", OS2KRAVMOTOR) == "17"
