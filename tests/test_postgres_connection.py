"""The PostgreSQL adapter behaves as the SQLite connection the services were written for:
placeholders outside quotes and comments, rows by index and by name, SQLite's transaction
statements (a write serialised by the catalogue's lock, a read on one snapshot), and errors in
kravtui's classes, one line, with no password in them.

Against the throwaway cluster of `tests/postgres_cluster.py` (a fresh database per test).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from kravtui.catalogue.catalogue_errors import CatalogueError
from kravtui.catalogue.db import transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.engine_errors import (
    DB_ERRORS,
    INTEGRITY_ERRORS,
    EngineBusyError,
    EngineError,
    EngineGoneError,
    EngineIntegrityError,
    EngineInterruptedError,
    EnginePermissionError,
)
from kravtui.catalogue.location import PostgresLocation
from tests.postgres_cluster import Cluster

PASSWORD = "hunter2-Sekret"


def open_adapter(url: str, *, read_only: bool = False) -> Any:
    from kravtui.catalogue.postgres_connection import adapt
    from kravtui.catalogue.postgres_open import connect_postgres

    location = PostgresLocation(url)
    return adapt(connect_postgres(location), location, read_only=read_only)


@pytest.fixture
def conn(postgres_url: str) -> Iterator[Any]:
    connection = open_adapter(postgres_url)
    connection.execute(
        "CREATE TABLE t (id bigint PRIMARY KEY, name text UNIQUE, n integer, body text)"
    )
    yield connection
    connection.close()


def test_the_adapter_is_a_connection_of_the_postgresql_engine(conn: Any) -> None:
    typed: Connection = conn
    assert engine(typed) == "postgresql"


def test_question_marks_in_quotes_and_comments_and_percent_signs_stay_text(conn: Any) -> None:
    row = conn.execute(
        "SELECT ?, '?', '%', ? || '%%' -- why? 100%\n, /* ? */ 'it''s ?', E'\\'?', $$?%$$",
        ("a", "b"),
    ).fetchone()
    assert tuple(row) == ("a", "?", "%", "b%%", "it's ?", "'?", "?%")
    assert conn.execute("SELECT '100%'").fetchone()[0] == "100%"
    assert conn.execute("SELECT 7 % 3").fetchone()[0] == 1


@pytest.mark.parametrize(
    "value",
    [
        "Robert'); DROP TABLE t;--",
        "?",
        "%s",
        "%(name)s %%",
        "\x1b[31mrød\x1b[0m \u202ebidi\u202c \t\r\n",
        "æøå ÆØÅ ß ſ µ 💥",
        "x" * 1_000_000,
    ],
    ids=["injection", "question-mark", "percent-s", "named", "control-bidi", "letters", "huge"],
)
def test_hostile_text_travels_as_a_parameter_only(conn: Any, value: str) -> None:
    conn.execute("INSERT INTO t (id, body) VALUES (?, ?)", (1, value))
    assert conn.execute("SELECT body FROM t WHERE body = ?", (value,)).fetchone()[0] == value
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 1


def test_rows_answer_by_index_and_by_name_as_sqlite_rows_do(conn: Any) -> None:
    conn.execute("INSERT INTO t (id, name, n) VALUES (?, ?, ?)", (1, "a", 7))
    row = conn.execute("SELECT id, name, n AS count FROM t").fetchone()
    assert (row[0], row["name"], row["count"], row["NAME"], row[-1]) == (1, "a", 7, "a", 7)
    assert row[1:] == ("a", 7) and tuple(row) == (1, "a", 7) and len(row) == 3
    assert row.keys() == ["id", "name", "count"]
    assert dict(row) == {"id": 1, "name": "a", "count": 7}
    with pytest.raises(IndexError):
        row["missing"]
    cursor = conn.cursor()
    cursor.row_factory = None  # the services' fast path: plain tuples
    assert type(cursor.execute("SELECT id, name FROM t").fetchone()) is tuple
    assert [tuple(r) for r in conn.execute("SELECT id FROM t")] == [(1,)]


def test_a_statement_without_rows_reads_as_none_and_counts_its_rows(conn: Any) -> None:
    cursor = conn.executemany("INSERT INTO t (id, name) VALUES (?, ?)", [(1, "a"), (2, "b")])
    assert cursor.rowcount == 2
    updated = conn.execute("UPDATE t SET n = ? WHERE id > ?", (5, 0))
    assert updated.rowcount == 2
    assert updated.fetchone() is None and updated.fetchall() == []


def test_a_refused_write_is_an_integrity_error_on_one_line(conn: Any) -> None:
    conn.execute("INSERT INTO t (id, name) VALUES (1, 'a')")
    with pytest.raises(INTEGRITY_ERRORS) as caught:
        conn.execute("INSERT INTO t (id, name) VALUES (?, ?)", (2, "a"))
    error = caught.value
    assert isinstance(error, EngineIntegrityError) and error.sqlstate == "23505"
    assert "\n" not in str(error) and error.__cause__ is None
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == 1  # and it goes on


def test_a_password_never_shows_in_an_error(
    postgres_cluster: Cluster, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres_url.replace("postgres@", f"postgres:{PASSWORD}@")
    conn = open_adapter(url)
    for sql, parameters in (
        (f"SELECT '{PASSWORD}'::integer", ()),  # the server echoes the text it could not read
        ("SELECT CAST(? AS integer)", (PASSWORD,)),
        (f'SELECT "{PASSWORD}"', ()),
    ):
        with pytest.raises(EngineError) as caught:
            conn.execute(sql, parameters)
        assert PASSWORD not in str(caught.value) and "***" in str(caught.value)
    monkeypatch.setenv("PGPASSWORD", "from-the-environment")
    with pytest.raises(EngineError) as caught:
        conn.execute("SELECT 'from-the-environment'::integer")
    assert "from-the-environment" not in str(caught.value)
    conn.close()


def test_begin_immediate_and_commit_are_a_write_transaction(conn: Any) -> None:
    conn.execute("BEGIN IMMEDIATE")
    assert conn.in_transaction
    conn.execute("INSERT INTO t (id) VALUES (1)")
    conn.execute("ROLLBACK")
    assert not conn.in_transaction
    with transaction(conn):
        conn.execute("INSERT INTO t (id) VALUES (2)")
    with pytest.raises(EngineIntegrityError), transaction(conn):
        conn.execute("INSERT INTO t (id) VALUES (3)")
        conn.execute("INSERT INTO t (id) VALUES (2)")
    assert not conn.in_transaction
    assert [r[0] for r in conn.execute("SELECT id FROM t")] == [2]  # 1 and 3 rolled back


def test_a_second_writer_waits_for_the_first_and_gives_up_as_busy(postgres_url: str) -> None:
    first, second = open_adapter(postgres_url), open_adapter(postgres_url)
    first.execute("BEGIN IMMEDIATE")
    second.execute("SET lock_timeout = 200")
    with pytest.raises(EngineBusyError) as caught:
        second.execute("BEGIN IMMEDIATE")
    assert caught.value.sqlstate == "55P03"
    assert not second.in_transaction  # as SQLite's BEGIN IMMEDIATE: no transaction left open
    first.execute("COMMIT")
    second.execute("BEGIN IMMEDIATE")
    second.execute("COMMIT")
    first.close()
    second.close()


def test_writers_are_serialised_so_no_update_is_lost(postgres_url: str) -> None:
    """Read, then write what was read, from two sessions at once: with the catalogue's write
    lock every increment counts (without it, READ COMMITTED loses some)."""
    setup = open_adapter(postgres_url)
    setup.execute("CREATE TABLE counter (n integer NOT NULL)")
    setup.execute("INSERT INTO counter VALUES (0)")
    rounds = 40
    failures: list[BaseException] = []

    def writer() -> None:
        conn = open_adapter(postgres_url)
        try:
            for _ in range(rounds):
                with transaction(conn):
                    n = conn.execute("SELECT n FROM counter").fetchone()[0]
                    conn.execute("UPDATE counter SET n = ?", (n + 1,))
        except BaseException as error:
            failures.append(error)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    assert setup.execute("SELECT n FROM counter").fetchone()[0] == 3 * rounds
    setup.close()


def test_a_read_transaction_sees_one_moment(postgres_url: str) -> None:
    reader, writer = open_adapter(postgres_url), open_adapter(postgres_url)
    writer.execute("CREATE TABLE t (id bigint)")
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    writer.execute("INSERT INTO t VALUES (1)")
    assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == 1
    reader.close()
    writer.close()


def test_interrupt_cancels_the_running_statement(conn: Any, postgres_cluster: Cluster) -> None:
    caught: list[BaseException] = []
    pid = conn.raw.info.backend_pid

    def sleep() -> None:
        try:
            conn.execute("SELECT pg_sleep(60)")
        except BaseException as error:
            caught.append(error)

    thread = threading.Thread(target=sleep)
    thread.start()
    watcher = open_adapter(postgres_cluster.url())
    while not watcher.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = ? AND state = 'active')",
        (pid,),
    ).fetchone()[0]:
        pass
    conn.interrupt()
    thread.join(timeout=30)
    watcher.close()
    assert len(caught) == 1 and isinstance(caught[0], EngineInterruptedError)
    assert conn.execute("SELECT 1").fetchone()[0] == 1  # the connection goes on


def test_a_lost_server_connection_is_gone_and_shows_no_password(
    postgres_cluster: Cluster, postgres_url: str
) -> None:
    conn = open_adapter(postgres_url.replace("postgres@", f"postgres:{PASSWORD}@"))
    postgres_cluster.pause()
    try:
        for _ in range(2):  # the first statement finds it lost, and so does the next
            with pytest.raises(EngineGoneError) as caught:
                conn.execute("SELECT 1")
            assert PASSWORD not in str(caught.value)
    finally:
        postgres_cluster.resume()
    assert isinstance(caught.value, DB_ERRORS)
    conn.close()


def test_a_read_only_session_is_refused_writes_by_the_server(postgres_url: str) -> None:
    writer = open_adapter(postgres_url)
    writer.execute("CREATE TABLE t (id bigint)")
    reader = open_adapter(postgres_url, read_only=True)
    with pytest.raises(EnginePermissionError):
        reader.execute("INSERT INTO t VALUES (1)")
    assert reader.execute("SELECT count(*) FROM t").fetchone()[0] == 0
    reader.close()
    writer.close()


def test_connecting_to_nothing_is_one_line_without_the_password(postgres_cluster: Cluster) -> None:
    url = postgres_cluster.url("no_such_database", password=PASSWORD)
    with pytest.raises(CatalogueError) as caught:
        open_adapter(url)
    assert PASSWORD not in str(caught.value) and "\n" not in str(caught.value)
