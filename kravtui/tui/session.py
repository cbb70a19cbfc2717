"""The TUI's open catalogue: connections, cancellable queries, and the list's snapshots.

The UI thread reads pages and single requirements on its own connection. Searches run in
worker threads on a second connection, facet counts on a third, each behind a lock; a SQLite
progress handler aborts a running query as soon as its worker is cancelled, so a stale search
stops within milliseconds of the next keystroke instead of running to the end.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import connect
from kravtui.catalogue.records import Classifications, Requirement
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.search import (
    FacetCounts,
    Row,
    SearchQuery,
    count,
    facet_counts,
    fetch_rows,
    position_of,
)

T = TypeVar("T")
Cancelled = Callable[[], bool]

PAGE_SIZE = 100
PROGRESS_STEPS = 2_000  # SQLite VM steps between cancellation checks


class QueryRunner:
    """One connection used by one worker at a time; a cancelled worker's query is aborted."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._lock = threading.Lock()

    def run(self, job: Callable[[sqlite3.Connection], T], cancelled: Cancelled) -> T | None:
        """`job(conn)`, or None when cancelled before or while it runs."""
        with self._lock:
            if cancelled():
                return None
            self._conn.set_progress_handler(lambda: int(cancelled()), PROGRESS_STEPS)
            try:
                return job(self._conn)
            except sqlite3.OperationalError:
                if cancelled():
                    return None
                raise
            finally:
                self._conn.set_progress_handler(None, 0)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


@dataclass(frozen=True, slots=True)
class ListSnapshot:
    """What the list shows for one query: the total, the cursor and the page around it."""

    generation: int
    query: SearchQuery
    total: int
    catalogue_total: int
    cursor: int
    page_offset: int
    page: tuple[Row, ...]


class Session:
    """An open catalogue as the TUI uses it."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.conn = connect(path, read_only=read_only)
        self._search = QueryRunner(connect(path, read_only=read_only))
        self._facets = QueryRunner(connect(path, read_only=read_only))
        self._totals: dict[bool, int] = {}
        self.classifications: Classifications = load_classifications(self.conn)
        longest = self.conn.execute("SELECT max(length(uid)) FROM requirement").fetchone()[0]
        self.uid_width: int = max(int(longest or 0), 7)

    def close(self) -> None:
        """Close every connection."""
        self._search.close()
        self._facets.close()
        self.conn.close()

    def page(self, query: SearchQuery, offset: int, limit: int = PAGE_SIZE) -> tuple[Row, ...]:
        """Rows `offset`.. of the result, on the UI thread's connection."""
        return fetch_rows(self.conn, query, offset, limit)

    def requirement(self, uid: str) -> Requirement | None:
        """One requirement in full, on the UI thread's connection."""
        return get_requirement(self.conn, uid)

    def snapshot(
        self, generation: int, query: SearchQuery, cursor_uid: str | None, cancelled: Cancelled
    ) -> ListSnapshot | None:
        """Count, find the cursor's requirement and read its page; None when cancelled."""

        def job(conn: sqlite3.Connection) -> ListSnapshot | None:
            total = count(conn, query)
            if cancelled():
                return None
            position = position_of(conn, query, cursor_uid) if cursor_uid and total else None
            cursor = position or 0
            page_offset = cursor - cursor % PAGE_SIZE
            page = fetch_rows(conn, query, page_offset, PAGE_SIZE) if total else ()
            return ListSnapshot(
                generation,
                query,
                total,
                self._catalogue_total(conn, query.deleted),
                cursor,
                page_offset,
                page,
            )

        return self._search.run(job, cancelled)

    def facet_counts(self, query: SearchQuery, cancelled: Cancelled) -> FacetCounts | None:
        """Counts for the facet panel under `query`; None when cancelled."""
        return self._facets.run(lambda conn: facet_counts(conn, query), cancelled)

    def _catalogue_total(self, conn: sqlite3.Connection, deleted: bool) -> int:
        """How many requirements (or deleted ones) the catalogue has; counted once."""
        if deleted not in self._totals:
            self._totals[deleted] = count(conn, SearchQuery(deleted=deleted))
        return self._totals[deleted]
