"""The session's worker connection: a cancelled job's query stops at once, others are left
alone; facet counts are kept per query until the catalogue changes."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kravtui.catalogue.search import SearchQuery
from kravtui.tui import session
from kravtui.tui.session import QueryRunner, Session
from tests.tui.conftest import build_catalogue
from tests.tui.helpers import opened

# Counts to a billion: minutes of work, so only an interrupt ends it within the test.
# running(x) tells the test that the statement has started (at x = 1) and is true throughout.
ENDLESS = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000000)"
    " SELECT count(*) FROM n WHERE running(x)"
)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[QueryRunner]:
    # The fallback check would stop the query too; make it too rare to matter here.
    monkeypatch.setattr(session, "PROGRESS_STEPS", 2_000_000_000)
    # Not closed afterwards: after a failure a job may still hold it (in a daemon thread).
    yield QueryRunner(sqlite3.connect(":memory:", check_same_thread=False))


def _start(runner: QueryRunner, cancel: threading.Event) -> tuple[threading.Thread, list[object]]:
    """Run ENDLESS in a thread; returns the thread and a list that receives its result."""
    started = threading.Event()
    result: list[object] = []

    def running(x: int) -> bool:
        if x == 1:
            started.set()
        return True

    def job(conn: sqlite3.Connection) -> int:
        conn.create_function("running", 1, running, deterministic=True)
        return int(conn.execute(ENDLESS).fetchone()[0])

    thread = threading.Thread(
        target=lambda: result.append(runner.run(job, cancel.is_set)), daemon=True
    )
    thread.start()
    assert started.wait(10)
    return thread, result


def test_a_cancelled_jobs_query_is_interrupted(runner: QueryRunner) -> None:
    cancel = threading.Event()
    thread, result = _start(runner, cancel)
    cancel.set()
    runner.interrupt_cancelled()
    thread.join(20)
    assert not thread.is_alive()
    assert result == [None]
    # the connection is usable by the next job
    assert runner.run(lambda conn: conn.execute("SELECT 7").fetchone()[0], lambda: False) == 7


def test_a_job_that_is_not_cancelled_is_not_interrupted(runner: QueryRunner) -> None:
    cancel = threading.Event()
    thread, result = _start(runner, cancel)
    runner.interrupt_cancelled()  # its worker was not cancelled: nothing happens
    thread.join(0.5)
    assert thread.is_alive()
    cancel.set()
    runner.interrupt_cancelled()
    thread.join(20)
    assert result == [None]


def test_a_job_hit_by_an_interrupt_meant_for_another_runs_again(runner: QueryRunner) -> None:
    calls: list[int] = []

    def job(conn: sqlite3.Connection) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("interrupted")
        return "done"

    assert runner.run(job, lambda: False) == "done"
    assert len(calls) == 2


def test_other_errors_are_raised(runner: QueryRunner) -> None:
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        runner.run(lambda conn: conn.execute("SELECT * FROM missing").fetchall(), lambda: False)


def test_facet_counts_are_kept_until_the_catalogue_changes(tmp_path: Path) -> None:
    path = build_catalogue(tmp_path / "c.db")
    catalogue = Session(path)
    try:
        query = SearchQuery(text="krypt")
        first = catalogue.facet_counts(query, lambda: False)
        assert first is not None
        assert catalogue.facet_counts(query, lambda: True) is first  # kept: no query runs
        with opened(path) as conn:
            conn.execute("UPDATE requirement SET deleted = 1 WHERE uid = 'SIK-1'")
        catalogue.reload()
        assert catalogue.facet_counts(query, lambda: True) is None  # forgotten: it would count
        again = catalogue.facet_counts(query, lambda: False)
        assert again is not None and again != first
        ticked = SearchQuery(ticked_in=1)
        kept = catalogue.facet_counts(ticked, lambda: False, ticks=(1, 0))
        assert kept is not None
        assert catalogue.facet_counts(ticked, lambda: True, ticks=(1, 0)) is kept
        # a tick or untick counts as a change of the selection: its counts are not the kept ones
        assert catalogue.facet_counts(ticked, lambda: True, ticks=(1, 1)) is None
    finally:
        catalogue.close()
