"""A selection lists its items, and the answers their vendors, in the same order on PostgreSQL as
on SQLite, whatever the database's collation: text compared code point by code point (SQLite's
way; a Danish collation would put "beta" before "Zeta" and "Å" last), and a uid's number read
by SQLite's CAST rules ("9" before "10", "12a" as 12, a sign, blanks, a number past 64 bits),
which PostgreSQL's own CAST refuses.

The PostgreSQL side runs in a database whose default collation is Danish (ICU), where the
server has ICU, so that an ORDER BY that forgot to say how to compare text would show.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from kravtui.answers.store import answer_sets, vendors_of
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import PostgresLocation, SqliteLocation
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.selection.items import list_items, ticked_rows
from kravtui.selection.store import find_selection
from kravtui.selection.transfer import item_order, items_in_list_order, selection_content
from tests.catalogue_factory import STAMP, add_selection, make_catalogue
from tests.postgres_cluster import Cluster

UIDS = (
    "A-10",
    "A-9",
    "A-09x",
    "A- 3",
    "A-+4",
    "A--5",
    "A-99999999999999999999",
    "A-",
    "AB",
    "a-1",
    "Å-1",
    "A-1b",
    "b-2",
    "B-2",
    "Z-1",
)
VENDORS = ("beta", "Alfa", "Åse", "Zeta", "æble")


def _requirements() -> list[RequirementContent]:
    return [
        RequirementContent(
            uid=uid,
            title=f"Krav {uid}",
            category="K" if n % 3 else "L",
            subcategory="Under" if n % 2 else "",
        )
        for n, uid in enumerate(UIDS)
    ]


def _fill(conn: Connection) -> int:
    """The selection (every requirement ticked) with an answer set of each vendor."""
    with conn_transaction(conn):
        selection_id = add_selection(conn, ticked=UIDS, title="Rækkefølge")
        for name in VENDORS:
            (vendor_id,) = conn.execute(
                "INSERT INTO vendor (name, created_at) VALUES (?, ?) RETURNING id", (name, STAMP)
            ).fetchone()
            conn.execute(
                "INSERT INTO answer_set (selection_id, vendor_id, selection_version, "
                "source_name, source_sha256, source_kind, imported_at) "
                "VALUES (?, ?, 1, 'svar.xlsx', ?, 'xlsx', ?)",
                (selection_id, vendor_id, "a" * 64, STAMP),
            )
    return int(selection_id)


@contextlib.contextmanager
def conn_transaction(conn: Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    yield
    conn.execute("COMMIT")


def _orders(conn: Connection) -> dict[str, list[str]]:
    selection_id = find_selection(conn, "rækkefølge").id
    return {
        "list_items": [item.uid for item in list_items(conn, selection_id)],
        "ticked_rows": [row[2] for row in ticked_rows(conn, selection_id)],
        "items_in_list_order": [item.uid for item in items_in_list_order(conn, selection_id)],
        "content": [item.uid for item in selection_content(conn, selection_id).items],
        "item_order": [str(i) for i in item_order(conn, selection_id)],
        "vendors": [vendor.name for vendor in vendors_of(conn, selection_id)],
        "answer_sets": [s.vendor.name for s in answer_sets(conn, selection_id)],
    }


def _has_icu(conn: Connection) -> bool:
    row = conn.execute("SELECT count(*) FROM pg_collation WHERE collprovider = 'i'").fetchone()
    return bool(row[0])


@pytest.fixture
def danish_database(postgres_cluster: Cluster) -> Iterator[str]:
    """A new database whose default collation is Danish (ICU), or the server's default where
    it has no ICU; dropped afterwards."""
    name = "kravtui_order_da"
    try:
        postgres_cluster.admin(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LOCALE_PROVIDER icu ICU_LOCALE 'da-DK'"
        )
    except Exception:  # no ICU in this server: its default collation all the same
        postgres_cluster.admin(f'CREATE DATABASE "{name}" TEMPLATE template0')
    try:
        yield postgres_cluster.url(name)
    finally:
        with contextlib.suppress(Exception):
            postgres_cluster.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_items_and_vendors_come_in_sqlites_order_on_postgresql(
    tmp_path: Path, danish_database: str
) -> None:
    orders = {}
    categories = (Category("K", "Krav", "", ("Under",)), Category("L", "Log", "", ("Under",)))
    for location in (SqliteLocation(tmp_path / "c.db"), PostgresLocation(danish_database)):
        conn = make_catalogue(location, requirements=_requirements(), categories=categories)
        try:
            _fill(conn)
            orders[type(location).__name__] = _orders(conn)
            if isinstance(location, PostgresLocation):  # the database's own order differs
                danish = conn.execute("SELECT 'beta' < 'Zeta', 'Zeta' < 'Åse'").fetchone()
                assert tuple(danish) == (True, True) or not _has_icu(conn)
        finally:
            conn.close()
    sqlite, postgres = orders["SqliteLocation"], orders["PostgresLocation"]
    assert sqlite["vendors"] == ["Alfa", "Zeta", "beta", "Åse", "æble"]  # code point order
    for name, order in sqlite.items():
        if name != "item_order":  # ids: the same items, each engine's own ids
            assert postgres[name] == order, name
    numbered = sqlite["list_items"]
    assert numbered.index("A-9") < numbered.index("A-10")  # by number, not as text
