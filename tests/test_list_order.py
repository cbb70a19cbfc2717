"""List keys, the full-text indexes keyed by them and the word list follow every write.

Search reads pages straight off the full-text index in list-key order (schema v4) and shortens
query words with the catalogue's word list (schema v7), so three things must hold after any
sequence of writes, however they are made (the service, raw SQL, another program, kravtui's bulk
load; all but REPLACE conflict resolution, which SQLite hides from triggers):
list keys sort exactly like (uid_order, id), each requirement is in the live or the deleted
index (by its flag) under its list key with its current text, and nowhere else, and every word
of every requirement's searched text is in the word list.

PostgreSQL keeps no list key (it stays NULL) and no word list: the list is read in
(uid_order, id) order through an index. The tests marked for both engines (the `conn` fixture:
SQLite, then PostgreSQL) show that order is the same after the same writes: uids by prefix and
number, ties by id.
"""

from __future__ import annotations

import itertools
import random
import re
import sqlite3
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from kravtui.catalogue.db import create_catalogue, open_catalogue, schema_version
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.engine_errors import INTEGRITY_ERRORS
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.requirements import content_records
from kravtui.catalogue.schema import MIGRATIONS, SCHEMA_VERSION
from kravtui.catalogue.schema_list_order import LIST_KEY_GAP
from kravtui.catalogue.search import SearchQuery, search

FTS = {0: "requirement_fts", 1: "requirement_fts_deleted"}
SERIALS = itertools.count(1)
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
SPLIT_AT = re.compile("[ \t\n\r]")
UNSPLIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what JSON cannot hold raw


def _uid_key(uid: str) -> tuple[str, int]:
    prefix, _, number = uid.partition("-")
    return prefix, int(number)


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    """A catalogue with one category, on either engine."""
    connection = create_catalogue(catalogue_location)
    connection.execute("INSERT INTO category (prefix, name, position) VALUES ('SIK', 'S', 0)")
    yield connection
    connection.close()


@pytest.fixture
def file_conn(tmp_path: Path) -> sqlite3.Connection:
    """A catalogue file with one category: SQLite's list keys, indexes and word list."""
    connection = create_catalogue(tmp_path / "c.db")
    connection.execute("INSERT INTO category (prefix, name, position) VALUES ('SIK', 'S', 0)")
    return connection


def insert(conn: Connection, uid: str, deleted: int = 0) -> None:
    """A requirement whose title no other shares (a uid may be given again after a rename)."""
    serial = next(SERIALS)
    conn.execute(
        "INSERT INTO requirement (uid, title, description, category_id, deleted, created_at,"
        " updated_at) VALUES (?, ?, ?, 1, ?, '', '')",
        (uid, f"titel {serial}x ende", f"beskrivelse af {uid}", deleted),
    )


def matches(conn: Connection, table: str, phrase: str) -> list[int]:
    return [
        row[0]
        for row in conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? ORDER BY rowid", (f'"{phrase}"',)
        )
    ]


def check_invariants(conn: Connection) -> None:
    if engine(conn) == "postgresql":
        check_postgres_order(conn)
        return
    rows = conn.execute(
        "SELECT uid, title, list_key, deleted FROM requirement ORDER BY uid_order, id"
    ).fetchall()
    keys = [row["list_key"] for row in rows]
    assert None not in keys
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for flag, table in FTS.items():
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        expected = [row["list_key"] for row in rows if row["deleted"] == flag]
        assert matches(conn, table, "ende") == expected  # every row once, in list order
    for row in rows:  # under its own key with its current text, and not in the other index
        assert row["list_key"] in matches(conn, FTS[row["deleted"]], row["title"])
        assert matches(conn, FTS[1 - row["deleted"]], row["title"]) == []
    check_word_list(conn)


def check_postgres_order(conn: Connection) -> None:
    """No list key, and the list (`content_records`, as the exports read it) in uid order (by
    prefix, then number), uids that tie by id."""
    keys = conn.execute("SELECT list_key FROM requirement").fetchall()
    assert {row[0] for row in keys} <= {None}
    ids = {row[0]: row[1] for row in conn.execute("SELECT uid, id FROM requirement")}
    listed = [record[0] for record in content_records(conn)]
    assert listed == sorted(ids, key=lambda uid: (_uid_key(uid), ids[uid]))


def live_list(conn: Connection) -> list[str]:
    """The live requirements' uids in list order: a search every title matches on SQLite (from
    its index in list-key order); on PostgreSQL, until its search is ported, the list as the
    exports read it."""
    if engine(conn) == "sqlite":
        return [row.uid for row in search(conn, SearchQuery(text="ende"), limit=500).rows]
    return [record[0] for record in content_records(conn) if not record[14]]


def listed_words(text: str) -> set[str]:
    """The words a requirement's searched text must have in the word list (ASCII folded)."""
    folded = text.translate(ASCII_LOWER)
    if UNSPLIT.search(folded):
        return {folded}  # listed whole: the triggers' split cannot hold the text
    return {word for word in SPLIT_AT.split(folded) if len(word) >= 3}


def check_word_list(conn: Connection) -> None:
    listed = {row[0] for row in conn.execute("SELECT word FROM requirement_word")}
    texts = conn.execute(
        "SELECT uid || ' ' || title || ' ' || description || ' ' || rationale || ' ' || help_text"
        " FROM requirement"
    )
    for (text,) in texts:
        assert listed_words(text) <= listed, text
    conn.execute(
        "INSERT INTO requirement_fts_words (requirement_fts_words) VALUES ('integrity-check')"
    )


def test_keys_follow_inserts_in_any_order_and_uid_changes(conn: Connection) -> None:
    for uid in ("SIK-10", "SIK-1", "SIK-2", "SIK-100", "SIK-5"):
        insert(conn, uid)
        check_invariants(conn)
    conn.execute("UPDATE requirement SET uid = 'SIK-3' WHERE uid = 'SIK-100'")
    check_invariants(conn)
    assert live_list(conn) == [
        "SIK-1",
        "SIK-2",
        "SIK-3",
        "SIK-5",
        "SIK-10",
    ]


def test_a_changed_text_is_searched_by_its_new_words_only(file_conn: sqlite3.Connection) -> None:
    conn = file_conn
    insert(conn, "SIK-1")
    conn.execute("UPDATE requirement SET description = 'kryptering' WHERE uid = 'SIK-1'")
    check_invariants(conn)
    assert search(conn, SearchQuery(text="beskrivelse")).total == 0
    assert search(conn, SearchQuery(text="krypt")).total == 1


def test_no_room_between_neighbours_renumbers_every_row(file_conn: sqlite3.Connection) -> None:
    conn = file_conn
    insert(conn, "SIK-1")
    insert(conn, "SIK-1000")
    for number in range(999, 930, -1):  # each lands just before the last: the gap halves
        insert(conn, f"SIK-{number}")
    check_invariants(conn)
    # SIK-1000 got the second key; after a renumbering it is the last of many rows
    last = conn.execute("SELECT list_key FROM requirement WHERE uid = 'SIK-1000'").fetchone()[0]
    assert last > 2 * LIST_KEY_GAP and last % LIST_KEY_GAP == 0
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'renumbering'").fetchone()[0] == 0


def test_random_writes_keep_keys_and_indexes_in_step(conn: Connection) -> None:
    rng = random.Random(4)
    for _ in range(250):
        action = rng.random()
        some_row = "(SELECT id FROM requirement ORDER BY random() LIMIT 1)"
        try:
            if action < 0.45:
                insert(conn, f"SIK-{rng.randint(0, 300)}", deleted=int(rng.random() < 0.2))
            elif action < 0.7:
                new_uid = f"SIK-{rng.randint(0, 300)}"
                conn.execute(f"UPDATE requirement SET uid = ? WHERE id = {some_row}", (new_uid,))
            elif action < 0.8:
                conn.execute(f"UPDATE requirement SET deleted = 1 - deleted WHERE id = {some_row}")
            elif action < 0.9:
                conn.execute(f"UPDATE requirement SET importance = 'high' WHERE id = {some_row}")
            else:
                conn.execute(f"DELETE FROM requirement WHERE id = {some_row}")
        except INTEGRITY_ERRORS as error:  # a uid drawn twice
            assert "unique" in str(error).lower()
        check_invariants(conn)
    live = conn.execute("SELECT uid FROM requirement WHERE deleted = 0").fetchall()
    expected = sorted((row[0] for row in live), key=_uid_key)
    assert live_list(conn) == expected


def test_a_version_3_catalogue_gets_keys_and_both_indexes(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    old = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:3]:
        old.executescript(script)
    old.execute("PRAGMA user_version = 3")
    old.execute("INSERT INTO category (prefix, name, position) VALUES ('SIK', 'S', 0)")
    for uid, deleted in (("SIK-10", 0), ("SIK-2", 1), ("SIK-1", 0)):
        insert(old, uid, deleted)
    old.close()
    conn = open_catalogue(path)
    assert schema_version(conn) == SCHEMA_VERSION
    check_invariants(conn)
    assert [row.uid for row in search(conn, SearchQuery(text="ende")).rows] == ["SIK-1", "SIK-10"]
    deleted = search(conn, SearchQuery(text="ende", deleted=True))
    assert [row.uid for row in deleted.rows] == ["SIK-2"]


def test_a_list_key_cannot_be_given_on_insert(file_conn: sqlite3.Connection) -> None:
    conn = file_conn
    with pytest.raises(sqlite3.IntegrityError, match="list_key is kept by the catalogue"):
        conn.execute(
            "INSERT INTO requirement (uid, title, category_id, list_key, created_at, updated_at)"
            " VALUES ('SIK-1', 'x', 1, 5, '', '')"
        )
    assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == 0


def test_a_list_key_set_by_hand_is_put_back_in_order(file_conn: sqlite3.Connection) -> None:
    conn = file_conn
    for uid in ("SIK-1", "SIK-2", "SIK-3"):
        insert(conn, uid)
    conn.execute("UPDATE requirement SET list_key = -99 WHERE uid = 'SIK-3'")
    check_invariants(conn)
    conn.execute("UPDATE requirement SET list_key = NULL WHERE uid = 'SIK-2'")
    check_invariants(conn)


def test_a_changed_id_moves_the_row_among_uids_that_tie(conn: Connection) -> None:
    if engine(conn) == "sqlite":
        conn.execute("PRAGMA foreign_keys = OFF")
    for uid in ("SIK-1", "SIK-01", "SIK-001"):  # one uid_order: the id breaks the tie
        insert(conn, uid)
    conn.execute("UPDATE requirement SET id = 100 WHERE uid = 'SIK-1'")
    check_invariants(conn)
    assert live_list(conn) == [
        "SIK-01",
        "SIK-001",
        "SIK-1",
    ]
