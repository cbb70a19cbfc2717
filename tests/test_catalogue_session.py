"""The session's worker connection, on either engine: a cancelled job's query stops at once,
others are left alone; facet counts are kept per query until the catalogue changes."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kravtui.application import catalogue_session as session
from kravtui.application.catalogue_session import CatalogueSession, QueryRunner
from kravtui.catalogue import search_pg
from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.dbapi import engine as engine_of
from kravtui.catalogue.engine_errors import DB_ERRORS, EngineInterruptedError
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.catalogue.search import SearchQuery
from kravtui.user_state import remember_export_format, remembered_export_format
from tests.catalogue_factory import make_catalogue
from tests.tui.conftest import build_catalogue
from tests.tui.helpers import opened

# Counts to a billion: minutes of work, so only an interrupt ends it within the test.
# running(x) tells the test that the statement has started (at x = 1) and is true throughout.
ENDLESS = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000000)"
    " SELECT count(*) FROM n WHERE running(x)"
)
# PostgreSQL's: ten minutes asleep; the test sees it start in pg_stat_activity.
ENDLESS_POSTGRES = "SELECT pg_sleep(600)"


@pytest.fixture
def runner(
    engine: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[QueryRunner[Any]]:
    """A runner over an in-memory SQLite database, then over a PostgreSQL catalogue."""
    # The fallback check would stop the query too; make it too rare to matter here.
    monkeypatch.setattr(session, "PROGRESS_STEPS", 2_000_000_000)
    # Not closed afterwards: after a failure a job may still hold it (in a daemon thread).
    if engine == "sqlite":
        yield QueryRunner(sqlite3.connect(":memory:", check_same_thread=False))
        return
    url = request.getfixturevalue("postgres_url")
    conn = create_catalogue(PostgresLocation(url))
    yield QueryRunner(conn)
    conn.close()


def _start(
    runner: QueryRunner[Any], cancel: threading.Event
) -> tuple[threading.Thread, list[object]]:
    """Run the endless query in a thread; returns the thread and a list that receives its
    result, once the query is running."""
    started = threading.Event()
    result: list[object] = []
    asleep: list[tuple[str, int]] = []  # the PostgreSQL session's conninfo and process id

    def running(x: int) -> bool:
        if x == 1:
            started.set()
        return True

    def job(conn: Any) -> int:
        if engine_of(conn) == "sqlite":
            conn.create_function("running", 1, running, deterministic=True)
            return int(conn.execute(ENDLESS).fetchone()[0])
        asleep.append(
            (conn.location.conninfo, conn.execute("SELECT pg_backend_pid()").fetchone()[0])
        )
        started.set()
        conn.execute(ENDLESS_POSTGRES)
        return 1

    thread = threading.Thread(
        target=lambda: result.append(runner.run(job, cancel.is_set)), daemon=True
    )
    thread.start()
    assert started.wait(10)
    if asleep:
        _wait_until_asleep(*asleep[0])
    return thread, result


def _wait_until_asleep(conninfo: str, pid: int) -> None:
    """Until the PostgreSQL session `pid` is in its pg_sleep (seen from another session)."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as watcher:
        for _ in range(200):
            row = watcher.execute(
                "SELECT wait_event FROM pg_stat_activity WHERE pid = %s", (pid,)
            ).fetchone()
            if row is not None and row[0] == "PgSleep":
                return
            time.sleep(0.05)
    raise AssertionError("the endless query did not start")


def test_a_cancelled_jobs_query_is_interrupted(runner: QueryRunner[Any]) -> None:
    cancel = threading.Event()
    thread, result = _start(runner, cancel)
    cancel.set()
    runner.interrupt_cancelled()
    thread.join(20)
    assert not thread.is_alive()
    assert result == [None]
    # the connection is usable by the next job
    assert runner.run(lambda conn: conn.execute("SELECT 7").fetchone()[0], lambda: False) == 7


def test_a_job_that_is_not_cancelled_is_not_interrupted(runner: QueryRunner[Any]) -> None:
    cancel = threading.Event()
    thread, result = _start(runner, cancel)
    runner.interrupt_cancelled()  # its worker was not cancelled: nothing happens
    thread.join(0.5)
    assert thread.is_alive()
    cancel.set()
    runner.interrupt_cancelled()
    thread.join(20)
    assert result == [None]


def test_a_job_hit_by_an_interrupt_meant_for_another_runs_again(
    runner: QueryRunner[Any], engine: str
) -> None:
    calls: list[int] = []

    def job(conn: Any) -> str:
        calls.append(1)
        if len(calls) == 1:
            if engine == "sqlite":
                raise sqlite3.OperationalError("interrupted")
            raise EngineInterruptedError("canceling statement due to user request", "57014")
        return "done"

    assert runner.run(job, lambda: False) == "done"
    assert len(calls) == 2


def test_other_errors_are_raised(runner: QueryRunner[Any]) -> None:
    with pytest.raises(DB_ERRORS, match=r"no such table|does not exist"):
        runner.run(lambda conn: conn.execute("SELECT * FROM missing").fetchall(), lambda: False)


def test_facet_counts_are_kept_until_the_catalogue_changes(tmp_path: Path) -> None:
    path = build_catalogue(tmp_path / "c.db")
    catalogue = CatalogueSession(path)
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


def _catalogue_total(catalogue: CatalogueSession) -> int:
    snapshot = catalogue.snapshot(0, SearchQuery(), None, False, lambda: False)
    assert snapshot is not None
    return snapshot.catalogue_total


def test_a_total_counted_before_a_change_is_not_kept_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker counting the catalogue while the UI reloads it must not leave the old total
    behind: the list would show the old number of requirements until the next change."""
    path = build_catalogue(tmp_path / "c.db")
    catalogue = CatalogueSession(path)
    counted, carry_on = threading.Event(), threading.Event()
    real_count = session.count

    def slow_count(conn: sqlite3.Connection, query: SearchQuery) -> int:
        total = real_count(conn, query)
        if not carry_on.is_set():
            counted.set()
            assert carry_on.wait(10)
        return total

    monkeypatch.setattr(session, "count", slow_count)
    try:
        before = real_count(catalogue.conn, SearchQuery())
        worker = threading.Thread(target=_catalogue_total, args=(catalogue,), daemon=True)
        worker.start()
        assert counted.wait(10)  # the worker has counted, and not yet kept its count
        with opened(path) as conn:
            conn.execute("UPDATE requirement SET deleted = 1 WHERE uid = 'SIK-1'")
        catalogue.reload()
        carry_on.set()
        worker.join(10)
        assert _catalogue_total(catalogue) == before - 1
    finally:
        carry_on.set()
        catalogue.close()


def test_totals_stay_true_while_workers_fill_them_and_the_ui_reloads(tmp_path: Path) -> None:
    """Many fills from worker threads racing reloads: once the last change is reloaded, the
    total the list shows is the catalogue's, and the facet counts are the new ones."""
    path = build_catalogue(tmp_path / "c.db")
    catalogue = CatalogueSession(path)
    stop = threading.Event()
    errors: list[BaseException] = []

    def fill() -> None:
        try:
            while not stop.is_set():
                _catalogue_total(catalogue)
                catalogue.facet_counts(SearchQuery(), lambda: False)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=fill, daemon=True) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        with opened(path) as conn:
            for turn in range(40):
                conn.execute("UPDATE requirement SET deleted = ? WHERE uid = 'SIK-1'", (turn % 2,))
                catalogue.reload()
        stop.set()
        for worker in workers:
            worker.join(30)
        assert not errors
        with opened(path) as conn:
            true_total = session.count(conn, SearchQuery())
            true_facets = session.facet_counts(conn, SearchQuery(), None)
        assert _catalogue_total(catalogue) == true_total
        assert catalogue.facet_counts(SearchQuery(), lambda: True) in (None, true_facets)
    finally:
        stop.set()
        catalogue.close()


def test_what_is_remembered_is_kept_under_the_catalogue_wherever_kravtui_starts(
    catalogue_location: CatalogueLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export format remembered per selection is found again from another working folder
    (and, for a file, through a link to it); a PostgreSQL catalogue's name shows no secret."""
    create_catalogue(catalogue_location).close()
    places: list[CatalogueLocation] = [catalogue_location, catalogue_location]
    if isinstance(catalogue_location, SqliteLocation):
        link = tmp_path / "link.db"
        link.symlink_to(catalogue_location.path)
        places[1] = SqliteLocation(link)
    names = []
    for folder, place in zip(("one", "two"), places, strict=True):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        opened_session = CatalogueSession(place)
        names.append(opened_session.remembered_as)
        opened_session.close()
        if folder == "one":
            remember_export_format(names[0], 7, "pdf")
    assert remembered_export_format(names[1], 7) == "pdf"
    assert (
        names[0]
        == names[1]
        == (
            catalogue_location.display
            if isinstance(catalogue_location, PostgresLocation)
            else str(catalogue_location.path.resolve())
        )
    )


class _SlowCancel:
    """A server connection whose cancel request is answered only when the test says so (a real
    one opens a new connection to the server: 10-14 ms each time at 100,000 requirements)."""

    def __init__(self) -> None:
        self.cancel_sent = threading.Event()
        self.answered = threading.Event()

    def interrupt(self) -> None:
        self.cancel_sent.set()
        assert self.answered.wait(10)

    def close(self) -> None:
        pass


def test_the_caller_does_not_wait_for_a_servers_cancel() -> None:
    """The UI thread asks to cancel; the request goes out without it, and no later job starts
    before it is answered (so the cancel cannot reach that job's statement)."""
    conn = _SlowCancel()
    runner: QueryRunner[Any] = QueryRunner(conn)  # type: ignore[type-var]
    cancel, statement_ends, started = threading.Event(), threading.Event(), threading.Event()

    def stale(_: Any) -> int:
        started.set()
        assert statement_ends.wait(10)
        return 1

    results: list[object] = []
    first = threading.Thread(target=lambda: results.append(runner.run(stale, cancel.is_set)))
    first.start()
    assert started.wait(10)
    cancel.set()
    asking = threading.Thread(target=runner.interrupt_cancelled, daemon=True)
    asking.start()
    asking.join(5)
    try:
        assert not asking.is_alive(), "the caller waited for the server's answer"
        assert conn.cancel_sent.wait(10)
        statement_ends.set()  # the stale statement ends before the cancel is answered
        next_started = threading.Event()

        def next_job(_: Any) -> str:
            next_started.set()
            return "next"

        second = threading.Thread(target=lambda: results.append(runner.run(next_job, bool)))
        second.start()
        assert not next_started.wait(0.3)  # held until the cancel has gone out
        conn.answered.set()
        first.join(10)
        second.join(10)
        assert results == [1, "next"]
    finally:
        conn.answered.set()
        statement_ends.set()
        runner.close()


def test_only_a_servers_count_waits_for_a_pause_in_typing(
    tmp_path: Path, postgres_url: str
) -> None:
    """A file's count is a few milliseconds in process: it follows its page at once. A server's
    competes with the next key's page for the server: it waits for typing to pause."""
    on_file = CatalogueSession(build_catalogue(tmp_path / "c.db"))
    location = PostgresLocation(postgres_url)
    create_catalogue(location).close()
    on_server = CatalogueSession(location)
    try:
        assert on_file.count_pause == 0
        assert on_server.count_pause == session.COUNT_PAUSE > 0
    finally:
        on_file.close()
        on_server.close()


def test_typing_on_skips_a_walk_the_previous_key_showed_futile(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a server each key narrows the query: once the list's walk for ``datakr`` has run out
    without filling the page, ``datakry`` and ``datakryp`` go straight to the sort; the pages
    are the same either way."""
    monkeypatch.setattr(search_pg, "SORT_MOST", 0)  # the few matches here walk first
    walked: list[str] = []
    walk = search_pg._walked

    def spied(conn: Any, chosen: Any, *rest: Any) -> Any:
        walked.append(chosen.words[0].params[0])
        return walk(conn, chosen, *rest)

    monkeypatch.setattr(search_pg, "_walked", spied)
    location = PostgresLocation(postgres_url)
    make_catalogue(
        location,
        [RequirementContent(f"AB-{n:02}", "Adgang", category="AB") for n in range(1, 31)]
        + [RequirementContent(f"AB-{n}", "Datakryptering", category="AB") for n in range(31, 41)],
        categories=(Category("AB", "Ab"),),
    ).close()
    typing = CatalogueSession(location)
    try:
        for generation, text in enumerate(("datakr", "datakry", "datakryp")):
            snapshot = typing.snapshot(generation, SearchQuery(text=text), None, False, no)
            assert snapshot is not None
            assert [row.uid for row in snapshot.page] == [f"AB-{n}" for n in range(31, 41)]
        assert walked == ["datakr"]
        other = typing.snapshot(3, SearchQuery(text="adgang"), None, False, no)  # not narrower
        assert other is not None and len(other.page) == 30
        assert walked == ["datakr", "adgang"]
    finally:
        typing.close()


def test_a_lone_first_letter_with_many_candidates_walks_the_list(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first letter begins thousands of titles: the page walks the list in order instead of
    reading every title's row; the page is the same."""
    monkeypatch.setattr(search_pg, "PREFIX_WALK_LEAST", 5)
    walked: list[int] = []
    walk = search_pg._walked
    monkeypatch.setattr(search_pg, "_walked", lambda *given: walked.append(1) or walk(*given))
    location = PostgresLocation(postgres_url)
    made = make_catalogue(
        location,
        [RequirementContent(f"AB-{n:03}", "Sikkerhed", category="AB") for n in range(1, 201)],
        categories=(Category("AB", "Ab"),),
    )
    made.execute("ANALYZE requirement")  # the planner's estimate: 200 candidates
    made.close()
    typing = CatalogueSession(location)
    try:
        snapshot = typing.snapshot(0, SearchQuery(text="s"), None, False, no)
        assert snapshot is not None
        assert [row.uid for row in snapshot.page] == [f"AB-{n:03}" for n in range(1, 101)]
        assert walked == [1]
    finally:
        typing.close()


def no() -> bool:
    """Never cancelled."""
    return False


@pytest.mark.parametrize("on", ["file", "server"])
def test_the_whole_list_knows_its_total_at_once(
    on: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """With nothing but the view (live or deleted) the total is the catalogue's, kept: no count
    follows the page, so none holds up the first key typed."""
    location: CatalogueLocation = (
        SqliteLocation(tmp_path / "c.db")
        if on == "file"
        else PostgresLocation(request.getfixturevalue("postgres_url"))
    )
    every = [RequirementContent(f"AB-{n:03}", "Krav", category="AB") for n in range(1, 131)]
    every += [
        RequirementContent(f"AB-{n}", "Væk", category="AB", deleted=True) for n in range(131, 236)
    ]
    make_catalogue(location, every, categories=(Category("AB", "Ab"),)).close()
    whole = CatalogueSession(location)
    try:
        for generation, query in enumerate((SearchQuery(), SearchQuery(text=" \t", deleted=True))):
            snapshot = whole.snapshot(generation, query, None, False, no)
            assert snapshot is not None and len(snapshot.page) == session.PAGE_SIZE
            assert snapshot.total == snapshot.catalogue_total == (105 if query.deleted else 130)
        narrowed = whole.snapshot(2, SearchQuery(text="krav"), None, False, no)
        assert narrowed is not None and narrowed.total is None  # counted after the page
    finally:
        whole.close()
