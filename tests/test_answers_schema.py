"""The market dialogue's tables: what the schema itself refuses, and a version 5 catalogue with
selections in it upgraded to hold answers, after a backup, with nothing of its own lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from kravtui.catalogue.db import backup_path, create_catalogue, open_catalogue, schema_version
from kravtui.catalogue.schema import SCHEMA_VERSION
from tests.catalogue_files import STAMP, old_schema_catalogue

SHA = "a" * 64


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = create_catalogue(tmp_path / "c.db")
    connection.execute(
        "INSERT INTO selection (id, title, created_at, updated_at) VALUES (1, 'Indkøb', ?, ?)",
        (STAMP, STAMP),
    )
    connection.execute(
        "INSERT INTO vendor (id, name, created_at) VALUES (1, 'Firma A/S', ?)", (STAMP,)
    )
    yield connection
    connection.close()


def _answer_set(conn: sqlite3.Connection, *, current: int = 1, sha: str = SHA) -> int:
    cursor = conn.execute(
        "INSERT INTO answer_set (selection_id, vendor_id, selection_version, source_name, "
        "source_sha256, source_kind, imported_at, current) VALUES (1, 1, 1, 'svar.xlsx', ?, "
        "'xlsx', ?, ?)",
        (sha, STAMP, current),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


# --- what the schema refuses ------------------------------------------------------------------


@pytest.mark.parametrize("choice", ["maybe", "Ja", "YES", " yes"])
def test_a_choice_outside_the_vocabulary_is_refused(conn: sqlite3.Connection, choice: str) -> None:
    set_id = _answer_set(conn)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO vendor_answer (answer_set_id, uid, choice) VALUES (?, 'SIK-1', ?)",
            (set_id, choice),
        )


def test_a_status_outside_the_vocabulary_is_refused(conn: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO answer_assessment (selection_id, vendor_id, uid, status, at) "
            "VALUES (1, 1, 'SIK-1', 'approved', ?)",
            (STAMP,),
        )


@pytest.mark.parametrize("sha", ["", "abc", "a" * 65])
def test_a_hash_that_is_no_sha256_is_refused(conn: sqlite3.Connection, sha: str) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        _answer_set(conn, sha=sha)


def test_one_current_answer_set_per_selection_and_vendor_with_history_beside_it(
    conn: sqlite3.Connection,
) -> None:
    _answer_set(conn, current=0)
    _answer_set(conn, current=0)
    _answer_set(conn)
    with pytest.raises(sqlite3.IntegrityError):
        _answer_set(conn)


def test_a_vendor_with_answers_cannot_be_deleted(conn: sqlite3.Connection) -> None:
    _answer_set(conn)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM vendor WHERE id = 1")


def test_deleting_a_selection_takes_its_answers_verdicts_and_winner_along(
    conn: sqlite3.Connection,
) -> None:
    set_id = _answer_set(conn)
    conn.execute(
        "INSERT INTO vendor_answer (answer_set_id, uid, choice) VALUES (?, 'SIK-1', 'yes')",
        (set_id,),
    )
    conn.execute(
        "INSERT INTO answer_assessment (selection_id, vendor_id, uid, answer_set_id, status, at) "
        "VALUES (1, 1, 'SIK-1', ?, 'accepted', ?)",
        (set_id, STAMP),
    )
    conn.execute(
        "INSERT INTO selection_winner (selection_id, vendor_id, chosen_at) VALUES (1, 1, ?)",
        (STAMP,),
    )
    conn.execute("DELETE FROM selection WHERE id = 1")
    for table in ("answer_set", "vendor_answer", "answer_assessment", "selection_winner"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert conn.execute("SELECT count(*) FROM vendor").fetchone()[0] == 1  # vendors stay


# --- upgrading a version 5 catalogue ----------------------------------------------------------


def test_a_version_5_catalogue_is_upgraded_to_hold_answers_and_keeps_its_selections(
    tmp_path: Path,
) -> None:
    path = old_schema_catalogue(tmp_path / "v5.db", 5)
    with sqlite3.connect(path) as old:
        old.execute(
            "INSERT INTO selection (title, version, created_at, updated_at) "
            "VALUES ('Nyt ESDH', 7, ?, ?)",
            (STAMP, STAMP),
        )
        old.execute(
            "INSERT INTO selection_item (selection_id, requirement_id, uid, title, category_id) "
            "VALUES (1, 1, 'SIK-001', 'Kryptering', 1)"
        )
    old.close()
    conn = open_catalogue(path)
    try:
        assert schema_version(conn) == SCHEMA_VERSION
        assert [tuple(row) for row in conn.execute("SELECT title, version FROM selection")] == [
            ("Nyt ESDH", 7)
        ]
        assert [row[0] for row in conn.execute("SELECT uid FROM selection_item")] == ["SIK-001"]
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        assert {
            "vendor",
            "answer_set",
            "vendor_answer",
            "answer_assessment",
            "selection_winner",
        } <= tables
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    assert backup_path(path, 5).exists()
    backup = sqlite3.connect(backup_path(path, 5))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 5
    backup.close()
