"""An open catalogue for an interactive face: connections, cancellable queries, the list's
snapshots and the current selection (`CatalogueSession`; the TUI holds one).

The UI thread reads pages and single requirements on its own connection (with a small page
cache). Searches and facet counts run in worker threads on a second connection, one at a time
behind a lock. A stale search stops as soon as the next keystroke starts a new one instead of
running to the end: the UI interrupts the connection when the running job's worker has been
cancelled (`CatalogueSession.interrupt_cancelled`), and a SQLite progress handler checks for
cancellation every `PROGRESS_STEPS` steps as a fallback. The handler is a Python call that needs
the GIL, so it runs rarely: called often, it made the worker wait for the busy UI thread at
every check. On PostgreSQL the interrupt is a cancel request to the server (the adapter's
``interrupt``, psycopg's ``cancel_safe``); there is no progress handler there. Sending it opens
a new connection to the server (10-14 ms), so the runner's canceller thread sends it and the UI
thread does not wait. The canceller holds the runner's guard while it sends, exactly as the UI
thread did: the next job cannot start until the cancel has reached the server, so a cancel
meant for a stale statement never hits the next job's (a late one finding the connection idle
is dropped by the server; one hitting the stale job's own next statement stops a job that is
cancelled anyway).

Counting every match after the page is shown is left to a pause in typing on a server
(`CatalogueSession.count_pause`): there each count is a statement that competes with the next
keystroke's page for the server's CPU, and a fast typist's next key would cancel it anyway.

Two connections rather than three keep the memory of a 100,000-requirement catalogue well under
250 MB.

Threads: which state each may touch
-----------------------------------
- UI thread only: `conn` (pages, single requirements, the selection), `classifications`,
  `uid_width`, `count_width`, `selection`.
- Worker threads only, one at a time: the worker connection inside `QueryRunner` (its own
  locks: `_lock` for the job, `_guard` for the running job and interrupting it; on PostgreSQL
  its canceller thread, woken by `_wake`, interrupts under `_guard`; `_starting` for starting
  and ending that thread).
- Both, always under `_cache_lock`: the kept catalogue totals (`_totals`), the kept facet
  counts (`_facet_cache`) and `_cache_epoch`. Workers fill them; `reload` on the UI thread
  clears them and bumps the epoch. A value counted under an older epoch is returned to its
  caller but never kept, so a count that started before a change cannot outlive it.
Nothing else is shared; results go back to the UI as worker results (messages), not as state.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from kravtui.application.current_selection import CurrentSelection
from kravtui.atomic_file import real_target
from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import connect, open_catalogue, read_only_reason
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.engine_errors import DB_ERRORS, EngineInterruptedError
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.catalogue.records import Classifications, Requirement
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.search import (
    FacetCounts,
    Row,
    SearchQuery,
    WalkMemo,
    count,
    facet_counts,
    fetch_rows,
    position_of,
)
from kravtui.i18n import t

T = TypeVar("T")
C = TypeVar("C", bound=Connection)
Cancelled = Callable[[], bool]

PAGE_SIZE = 100
FACET_CACHE_SIZE = 32  # facet counts kept per query until the catalogue changes
UI_CACHE_KIB = 8_192  # the UI thread reads pages and single requirements: a small cache will do
PROGRESS_STEPS = 200_000  # SQLite VM steps between fallback cancellation checks (a few ms)
COUNT_PAUSE = 0.15  # on a server, the count waits for typing to pause this long after the page


class QueryRunner(Generic[C]):
    """One connection used by one worker at a time; a cancelled worker's query is aborted."""

    def __init__(self, conn: C) -> None:
        self._conn = conn
        self._sqlite = engine(conn) == "sqlite"
        self._lock = threading.Lock()  # one job at a time
        self._guard = threading.Lock()  # `_running` and interrupting it
        self._running: Cancelled | None = None
        self._wake = threading.Event()  # the canceller has something to look at (PostgreSQL)
        self._canceller: threading.Thread | None = None  # started by the first interrupt
        self._starting = threading.Lock()  # `_canceller` and `_closed`
        self._closed = False

    def run(self, job: Callable[[C], T], cancelled: Cancelled) -> T | None:
        """`job(conn)`, or None when cancelled before or while it runs.

        A job that was not cancelled but still got interrupted (an interrupt meant for the job
        before it that arrived as that one ended) runs once more.
        """
        with self._lock:
            for attempt in range(2):
                if cancelled():
                    return None
                try:
                    return self._run_one(job, cancelled)
                except (sqlite3.OperationalError, EngineInterruptedError) as error:
                    if cancelled():
                        return None
                    if attempt or not _interrupted(error):
                        raise
            return None  # not reached: the second attempt returns or raises

    def _run_one(self, job: Callable[[C], T], cancelled: Cancelled) -> T:
        with self._guard:
            self._running = cancelled
        if self._sqlite:
            _sqlite(self._conn).set_progress_handler(lambda: int(cancelled()), PROGRESS_STEPS)
        try:
            return job(self._conn)
        finally:
            with self._guard:
                self._running = None
            if self._sqlite:
                _sqlite(self._conn).set_progress_handler(None, 0)

    def interrupt_cancelled(self) -> None:
        """Abort the running job's query if its worker has been cancelled (any thread).

        SQLite's interrupt only sets a flag: done here and now. A server's cancel is a new
        connection to it: the canceller thread sends it, and this returns at once."""
        if self._sqlite:
            self._interrupt_if_cancelled()
            return
        with self._starting:  # not the guard: the canceller holds that while it sends
            if self._closed:
                return
            if self._canceller is None:
                self._canceller = threading.Thread(
                    target=self._cancel_when_woken, name="kravtui-canceller", daemon=True
                )
                self._canceller.start()
        self._wake.set()

    def _interrupt_if_cancelled(self) -> None:
        # Under the guard: the running job cannot end and the next one start meanwhile.
        with self._guard:
            if self._running is not None and self._running():
                self._conn.interrupt()

    def _cancel_when_woken(self) -> None:
        """The canceller thread: each time it is woken, interrupt the running job if cancelled.
        A failed cancel (the server lost) is left to the job's own statement to find."""
        while True:
            self._wake.wait()
            self._wake.clear()  # before looking: a wake-up meanwhile makes it look again
            if self._closed:
                return
            with contextlib.suppress(*DB_ERRORS):
                self._interrupt_if_cancelled()

    def close(self) -> None:
        with self._starting:
            self._closed = True
        self._wake.set()  # the canceller ends
        with self._lock:
            self._conn.close()


def _interrupted(error: Exception) -> bool:
    """Whether `error` says the running statement was interrupted (either engine)."""
    return isinstance(error, EngineInterruptedError) or "interrupt" in str(error)


def _sqlite(conn: Connection) -> sqlite3.Connection:
    """`conn`, which is SQLite's own (the caller has asked `engine`)."""
    assert isinstance(conn, sqlite3.Connection)
    return conn


@dataclass(frozen=True, slots=True)
class ListSnapshot:
    """What the list shows first for one query: the cursor and the page that holds it.

    `total` is exact when the first page was not full or nothing narrows the view (the kept
    catalogue total); otherwise it is None until `count` answers, and the list shows what it
    has (`known`) in the meantime.
    """

    generation: int
    query: SearchQuery
    total: int | None
    catalogue_total: int
    cursor: int
    page_offset: int
    page: tuple[Row, ...]

    @property
    def known(self) -> int:
        """Rows known to exist: the exact total, or as far as the page read reaches."""
        return self.total if self.total is not None else self.page_offset + len(self.page)


class CatalogueSession:
    """An open catalogue as the TUI uses it."""

    def __init__(self, place: Path | CatalogueLocation, *, read_only: bool = False) -> None:
        location = SqliteLocation(place) if isinstance(place, Path) else place
        self.location = location
        # `unwritable_reason`: why the catalogue is read-only although not asked to be (its
        # folder or file is not writable; the server or the role lets it only read), or None;
        # `editing_refused`: why the requirements and classifications may not be changed while
        # selections may (an officer's database role), or None
        self.conn: Connection  # the UI thread's; either engine's (`engine(conn)` tells which)
        worker: Connection
        if isinstance(location, PostgresLocation):
            self.remembered_as = location.display  # the name what is remembered is kept under
            self.conn, self.unwritable_reason, self.editing_refused = _open_postgres(
                location, read_only=read_only
            )
            self.read_only = read_only or self.unwritable_reason is not None
            worker = open_catalogue(location, read_only=self.read_only)
        else:
            path = location.path
            self.remembered_as = str(real_target(path))
            self.unwritable_reason = None if read_only else read_only_reason(path)
            self.editing_refused = None
            self.read_only = read_only or self.unwritable_reason is not None
            self.conn = connect(path, read_only=self.read_only)
            self.conn.execute(f"PRAGMA cache_size = -{UI_CACHE_KIB}")
            worker = connect(path, read_only=self.read_only)
        self._search: QueryRunner[Connection] = QueryRunner(worker)
        # the worker connection's last failed walk (worker threads only, one at a time): typing
        # narrows the query, and a server's page skips a walk the previous key's showed futile
        self._walks = WalkMemo()
        # how long after its page the count waits for a pause in typing (the module docstring)
        self.count_pause = COUNT_PAUSE if isinstance(location, PostgresLocation) else 0.0
        # shared by the worker threads and the UI thread: only under `_cache_lock`
        self._cache_lock = threading.Lock()
        self._totals: dict[bool, int] = {}
        self._facet_cache: OrderedDict[tuple[SearchQuery, tuple[int, int] | None], FacetCounts] = (
            OrderedDict()
        )
        self._cache_epoch = 0  # bumped by `reload`: counts begun before it are not kept
        self.classifications: Classifications = load_classifications(self.conn)
        longest, every = self.conn.execute(
            "SELECT max(length(uid)), count(*) FROM requirement"
        ).fetchone()
        self.uid_width: int = max(int(longest or 0), 7)
        # no count of requirements (a facet's, a list's) is wider than the catalogue's own
        self.count_width: int = len(str(int(every or 0)))
        self.selection = CurrentSelection(
            self.conn, read_only=self.read_only
        )  # what Space ticks into

    def close(self) -> None:
        """Close every connection."""
        self._search.close()
        self.conn.close()

    def reload(self) -> None:
        """After a change to the catalogue (here or elsewhere): re-read the classifications and
        forget the cached totals."""
        with self._cache_lock:
            self._totals.clear()
            self._facet_cache.clear()
            self._cache_epoch += 1
        self.classifications = load_classifications(self.conn)

    def background(self, job: Callable[[Connection], T], cancelled: Cancelled) -> T | None:
        """`job(conn)` on the worker connection (from a worker thread); None when cancelled."""
        return self._search.run(job, cancelled)

    def page(self, query: SearchQuery, offset: int, limit: int = PAGE_SIZE) -> tuple[Row, ...]:
        """Rows `offset`.. of the result, on the UI thread's connection."""
        return fetch_rows(self.conn, query, offset, limit)

    def interrupt_cancelled(self) -> None:
        """Stop the worker connection's query now if the worker that runs it was cancelled."""
        self._search.interrupt_cancelled()

    @property
    def catalogue_read_only(self) -> bool:
        """Whether the requirements and classifications may not be changed in this session
        (read-only, or an officer's role); selections may be, unless `read_only`."""
        return self.read_only or self.editing_refused is not None

    def requirement(self, uid: str) -> Requirement | None:
        """One requirement in full, on the UI thread's connection."""
        return get_requirement(self.conn, uid)

    def snapshot(
        self,
        generation: int,
        query: SearchQuery,
        cursor_uid: str | None,
        locate: bool,
        cancelled: Cancelled,
        fallback: int | None = None,
    ) -> ListSnapshot | None:
        """The page that holds the cursor's requirement (or the first page); None when cancelled.

        The cursor's requirement is looked for in the first page, and beyond it only when
        `locate` is set. When it is not in the result, the cursor goes to row `fallback` (or
        the last row, when the result is shorter now), or with no fallback to the first row.
        Counting every match can take longer than reading one page, so it is left to `total`:
        the rows show as soon as they are read.
        """

        def job(conn: Connection) -> ListSnapshot | None:
            first = fetch_rows(conn, query, 0, PAGE_SIZE, self._walks)
            complete = len(first) < PAGE_SIZE
            cursor, page_offset, page = 0, 0, first
            found = next((i for i, row in enumerate(first) if row.uid == cursor_uid), None)
            position = None
            if found is not None:
                position = found
            elif locate and cursor_uid and not complete and not cancelled():
                position = position_of(conn, query, cursor_uid)
            if position is None and fallback and not cancelled():
                position = _nearest_row(conn, query, fallback, first)
            if position is not None and not cancelled():
                cursor = position
                page_offset = position - position % PAGE_SIZE
                if page_offset:
                    page = fetch_rows(conn, query, page_offset, PAGE_SIZE)
            catalogue_total = self._catalogue_total(conn, query.deleted)
            total = len(first) if complete else None
            if total is None and replace(query, deleted=False).is_empty():
                total = catalogue_total  # nothing but the view: no count to wait for
            return ListSnapshot(
                generation, query, total, catalogue_total, cursor, page_offset, page
            )

        return self._search.run(job, cancelled)

    def total(self, query: SearchQuery, cancelled: Cancelled) -> int | None:
        """How many requirements match; None when cancelled."""
        return self._search.run(lambda conn: count(conn, query), cancelled)

    def facet_counts(
        self, query: SearchQuery, cancelled: Cancelled, ticks: tuple[int, int] | None = None
    ) -> FacetCounts | None:
        """Counts for the facet panel under `query`, with the ticked and unticked of a selection
        when `ticks` names it (its id and its `CurrentSelection.changes`); None when cancelled.

        Counting every facet reads every match (up to a few hundred ms at 100,000), so the
        counts of recent queries are kept until the catalogue changes (`reload`): going back to
        a filter, or clearing them all, shows its counts at once. Ticking does not reload the
        catalogue: the selection's number of changes is part of what the counts are kept by.
        """
        key = (query, ticks)
        with self._cache_lock:
            if key in self._facet_cache:
                self._facet_cache.move_to_end(key)
                return self._facet_cache[key]
            epoch = self._cache_epoch
        selection = ticks[0] if ticks else None
        counts = self._search.run(lambda conn: facet_counts(conn, query, selection), cancelled)
        if counts is not None:
            with self._cache_lock:
                if epoch != self._cache_epoch:
                    return counts
                self._facet_cache[key] = counts
                while len(self._facet_cache) > FACET_CACHE_SIZE:
                    self._facet_cache.popitem(last=False)
        return counts

    def _catalogue_total(self, conn: Connection, deleted: bool) -> int:
        """How many requirements (or deleted ones) the catalogue has; counted once per change of
        the catalogue (a count begun before `reload` is returned but not kept)."""
        with self._cache_lock:
            if deleted in self._totals:
                return self._totals[deleted]
            epoch = self._cache_epoch
        total = count(conn, SearchQuery(deleted=deleted))
        with self._cache_lock:
            if epoch == self._cache_epoch:
                self._totals[deleted] = total
        return total


def _nearest_row(
    conn: Connection, query: SearchQuery, index: int, first: tuple[Row, ...]
) -> int | None:
    """Row `index` of the result, or its last row when the result is shorter (None: empty)."""
    if index < len(first):
        return index
    if len(first) < PAGE_SIZE:
        return len(first) - 1 if first else None
    offset = index - index % PAGE_SIZE
    page = fetch_rows(conn, query, offset, PAGE_SIZE)
    if page:
        return min(index, offset + len(page) - 1)
    return count(conn, query) - 1  # more than a page, fewer than `index`


def _open_postgres(
    location: PostgresLocation, *, read_only: bool
) -> tuple[Connection, str | None, str | None]:
    """The UI connection to a PostgreSQL catalogue; why the session can only read it when it
    was not asked to: the server makes every transaction read-only (a standby, or
    ``default_transaction_read_only`` for the role or database), or the role may change
    neither requirements nor selections; and why it may change selections but not the
    requirements (an officer's role: the README's grants)."""
    conn: Connection = open_catalogue(location, read_only=read_only)
    reason = editing = None
    if not read_only:
        server_only_reads, may_edit, may_select = conn.execute(
            "SELECT current_setting('transaction_read_only') = 'on',"
            " has_table_privilege('requirement', 'UPDATE'),"
            " has_table_privilege('selection', 'UPDATE')"
        ).fetchone()
        if server_only_reads:
            reason = t("catalogue.postgres.server_reads_only")
        elif not (may_edit or may_select):
            reason = t("catalogue.postgres.role_reads_only")
        elif not may_edit:
            editing = t("catalogue.postgres.role_reads_requirements")
    return conn, reason, editing
