"""Long reads come as they are wanted on both engines (`dbapi.streamed_rows`).

An export reads every requirement in one statement. SQLite's cursor steps through the result;
PostgreSQL's ordinary cursor would first hold all of it in the client (168 MB for an export of
100,000), so inside a read transaction the rows come from a server-side cursor a batch at a time.
Here on both engines: the rows are the statement's, in order; other statements run between two
rows; the server holds the cursor while the rows are read and drops it after, also when the
reader stops early; an error says itself in kravtui's words; outside a transaction it still works.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from kravtui.catalogue import postgres_connection
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.dbapi import engine, streamed_rows
from kravtui.catalogue.engine_errors import EngineError
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import content_records
from tests.catalogue_factory import make_catalogue

UIDS = [f"SIK-{number}" for number in range(1, 26)]


@pytest.fixture
def conn(catalogue_location: CatalogueLocation, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(postgres_connection, "STREAM_BATCH", 4, raising=False)  # batches of 25
    made = make_catalogue(
        catalogue_location,
        [RequirementContent(uid=uid, title=f"Krav {uid}", category="SIK") for uid in UIDS],
    )
    yield made
    made.close()


def _streams(conn: Any) -> int:
    """Server-side cursors open on `conn` (none on SQLite)."""
    if engine(conn) == "sqlite":
        return 0
    found = conn.execute("SELECT count(*) FROM pg_cursors WHERE name LIKE 'kravtui_stream_%'")
    return int(found.fetchone()[0])


def test_the_rows_come_in_order_with_other_statements_between(conn: Any) -> None:
    with read_snapshot(conn):
        rows = streamed_rows(conn, "SELECT uid FROM requirement ORDER BY uid_order, id")
        first = [next(rows)[0] for _ in range(6)]
        assert _streams(conn) == (0 if engine(conn) == "sqlite" else 1)
        counted = conn.execute("SELECT count(*) FROM requirement").fetchone()[0]
        rest = [uid for (uid,) in rows]
        assert _streams(conn) == 0
    assert counted == 25
    assert first + rest == UIDS


def test_an_export_reads_every_record_through_a_stream(conn: Any) -> None:
    with read_snapshot(conn):
        records = content_records(conn)
        assert next(records)[0] == "SIK-1"
        assert _streams(conn) == (0 if engine(conn) == "sqlite" else 1)
        assert [record[0] for record in records] == UIDS[1:]


def test_a_reader_that_stops_early_leaves_no_cursor(conn: Any) -> None:
    with read_snapshot(conn):
        rows = streamed_rows(conn, "SELECT uid FROM requirement ORDER BY uid")
        next(rows)
        rows.close()  # type: ignore[attr-defined]
        assert _streams(conn) == 0
        assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == 25


def test_outside_a_transaction_the_rows_come_all_the_same(conn: Any) -> None:
    assert not conn.in_transaction
    rows = [uid for (uid,) in streamed_rows(conn, "SELECT uid FROM requirement ORDER BY id")]
    assert rows == UIDS


def test_an_error_is_said_in_kravtuis_words(conn: Any) -> None:
    expected: type[Exception] = sqlite3.Error if engine(conn) == "sqlite" else EngineError
    with read_snapshot(conn), pytest.raises(expected) as raised:
        list(streamed_rows(conn, "SELECT no_such_column FROM requirement"))
    assert "no_such_column" in str(raised.value)
    assert "\n" not in str(raised.value)
