"""The PostgreSQL adapter when the server goes away and comes back: between transactions the
next statement connects again and runs; a write transaction the loss cut short is never carried
on, nor committed, on a new connection (EngineGoneError until it is rolled back)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from kravtui.catalogue.db import open_catalogue, transaction
from kravtui.catalogue.engine_errors import EngineGoneError
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.postgres_connection import PostgresConnection
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.schema import SCHEMA_VERSION
from kravtui.i18n import t
from tests.catalogue_factory import make_catalogue
from tests.postgres_cluster import Cluster
from tests.test_watch import server_down

REQUIREMENT = RequirementContent(uid="SIK-1", title="Start", category="SIK", all_domains=True)


@pytest.fixture
def conn(postgres_url: str) -> Iterator[PostgresConnection]:
    place = PostgresLocation(postgres_url)
    make_catalogue(place, requirements=[REQUIREMENT]).close()
    opened = open_catalogue(place)
    assert isinstance(opened, PostgresConnection)
    yield opened
    opened.close()


def _title(conn: PostgresConnection) -> str:
    return str(conn.execute("SELECT title FROM requirement WHERE uid = 'SIK-1'").fetchone()[0])


def test_an_idle_connection_goes_on_after_a_restart(
    conn: PostgresConnection, postgres_cluster: Cluster
) -> None:
    before = conn.raw.info.backend_pid
    with server_down(postgres_cluster):
        pass
    assert _title(conn) == "Start"  # not even one failed statement
    assert conn.raw.info.backend_pid != before
    with transaction(conn):
        conn.execute("UPDATE requirement SET title = 'Efter' WHERE uid = 'SIK-1'")
    assert _title(conn) == "Efter"


def test_while_the_server_is_down_each_statement_is_one_line_engine_gone(
    conn: PostgresConnection, postgres_cluster: Cluster
) -> None:
    with server_down(postgres_cluster):
        for _ in range(2):
            with pytest.raises(EngineGoneError) as lost:
                _title(conn)
            # the short line a TUI notice shows whole, not libpq's lines about the socket
            assert str(lost.value) == t("catalogue.postgres.gone", where=conn.location.display)
    assert _title(conn) == "Start"


def test_a_write_cut_short_is_neither_carried_on_nor_committed(
    conn: PostgresConnection, postgres_cluster: Cluster
) -> None:
    with pytest.raises(EngineGoneError), transaction(conn):
        conn.execute("UPDATE requirement SET title = 'Halvt' WHERE uid = 'SIK-1'")
        with server_down(postgres_cluster):
            pass
        conn.execute("UPDATE requirement SET description = 'Resten' WHERE uid = 'SIK-1'")
    assert _title(conn) == "Start"
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE requirement SET title = 'Halvt' WHERE uid = 'SIK-1'")
    with server_down(postgres_cluster):
        pass
    with pytest.raises(EngineGoneError):
        conn.execute("COMMIT")
    assert not conn.in_transaction
    assert _title(conn) == "Start"
    row = conn.execute("SELECT description FROM requirement WHERE uid = 'SIK-1'").fetchone()
    assert row[0] == ""
    with transaction(conn):
        conn.execute("UPDATE requirement SET title = 'Hel' WHERE uid = 'SIK-1'")
    assert _title(conn) == "Hel"


def test_a_connection_the_server_ended_is_replaced_at_the_next_statement(
    conn: PostgresConnection, postgres_cluster: Cluster
) -> None:
    pid = conn.raw.info.backend_pid
    postgres_cluster.admin(f"SELECT pg_terminate_backend({pid}, 5000)")  # waits for its end
    assert _title(conn) == "Start"
    assert conn.raw.info.backend_pid != pid


def test_a_database_that_came_back_changed_is_refused_in_the_opening_checks_words(
    conn: PostgresConnection, postgres_cluster: Cluster
) -> None:
    """A restore from another kravtui (a newer schema) or of something else while the server
    was down: the reconnect runs the opening's checks and refuses, one line, every statement."""
    with psycopg.connect(conn.location.conninfo, autocommit=True) as other:
        other.execute("UPDATE kravtui_meta SET schema_version = schema_version + 1")
    with server_down(postgres_cluster):
        pass
    for _ in range(2):
        with pytest.raises(EngineGoneError) as refused:
            _title(conn)
        newer = t(
            "catalogue.newer",
            path=conn.location.display,
            version=SCHEMA_VERSION + 1,
            supported=SCHEMA_VERSION,
        )
        assert str(refused.value) == newer
    with psycopg.connect(conn.location.conninfo, autocommit=True) as other:
        other.execute("UPDATE kravtui_meta SET schema_version = schema_version - 1")
    assert _title(conn) == "Start"  # the catalogue it opened is back
