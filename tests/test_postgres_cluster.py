"""The tests' throwaway PostgreSQL cluster: reachable through its socket only, a fresh database
per test, gone when stopped; missing PostgreSQL skips a test, except under CI=true."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import postgres_cluster
from tests.postgres_cluster import Cluster, require_postgres, start_cluster


def query(url: str, sql: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(sql.encode())
        return cursor.fetchall() if cursor.description else []


def test_the_server_listens_on_no_network_address(postgres_url: str) -> None:
    assert query(postgres_url, "SHOW listen_addresses") == [("",)]
    assert query(postgres_url, "SELECT inet_server_addr()") == [(None,)]  # a Unix socket


def test_each_test_gets_a_fresh_empty_database_with_pg_trgm_available(postgres_url: str) -> None:
    assert query(postgres_url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [
        (0,)
    ]
    assert query(postgres_url, "SELECT current_database()")[0][0] != "postgres"
    query(postgres_url, "CREATE EXTENSION pg_trgm")
    assert query(postgres_url, "SELECT similarity('kryptering', 'krypt') > 0") == [(True,)]


def test_stopping_removes_the_server_and_its_folder(postgres_cluster: Cluster) -> None:
    other = start_cluster()
    pid_file = other.data / "postmaster.pid"
    pid = int(pid_file.read_text().split()[0])
    other.stop()
    assert not other.folder.exists()
    assert not running(pid)


def running(pid: int) -> bool:
    """Whether process `pid` still runs (an exited one that nobody reaped yet does not)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_missing_postgres_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_cluster, "missing_reason", lambda: "no server here")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no server here"):
        require_postgres()


def test_missing_postgres_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_cluster, "missing_reason", lambda: "no server here")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the PostgreSQL tests"):
        require_postgres()
