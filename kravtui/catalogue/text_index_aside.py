"""Building a big load's live text index in a thread of its own, then copying it in.

The trigram index of live requirements (``requirement_fts``) is about half of what writing a
100,000-requirement import costs, all of it inside SQLite, which runs a statement without
holding Python's lock. So while the catalogue's connection writes the rows, a second connection
in a thread (`IndexAside`) builds the same index from the same keys and texts into a private
temporary database (SQLite removes its file as it opens it: a killed import leaves nothing of
it), a statement per `every` rows as `BulkLoad.index_so_far` would have. `IndexAside.copy_into`
then copies that index's rows (its ``_data`` and ``_idx`` shadow tables: segments, structure and
totals) into the catalogue's index, which must hold nothing yet: the catalogue's index then holds
what indexing those rows in it would have written.

The catalogue's connection may still hold the index's old structure in memory (FTS5 keeps it
between statements and does not see its own tables written under it); a savepoint rolled back
right after the copy makes FTS5 forget it and read the copied one.

The texts are the requirement table's searched fields joined by spaces (``searched_text``): the
same characters SQLite's ``||`` makes of the same values.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Sequence

from kravtui.catalogue.dbapi import Connection

_STAGE_ROWS = "INSERT INTO stage (key, text) VALUES (?, ?)"

AHEAD = 4
"""Batches handed over that the thread may not have taken yet: the writer goes on meanwhile."""


class IndexAside:
    """A thread indexing keyed texts into a private copy of a contentless trigram index."""

    def __init__(self, hashsize: int, every: int) -> None:
        self._hashsize = hashsize
        self._every = every
        self._queue: queue.Queue[list[tuple[int, str]] | None] = queue.Queue(AHEAD)
        self._conn: sqlite3.Connection | None = None
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def add(self, rows: list[tuple[int, str]]) -> None:
        """Index these (key, text) rows, keys larger than every key added before."""
        if rows and self._failed is None:
            self._queue.put(rows)

    def copy_into(self, conn: Connection, table: str) -> bool:
        """Wait for the thread, then make `table` (an empty index of the same kind, written to
        in `conn`'s open transaction) hold what it built; False, with `table` untouched, when the
        thread failed."""
        self._finish()
        if self._failed is not None or self._conn is None:
            return False
        aside = self._conn
        conn.execute(f"DELETE FROM {table}_data")
        conn.execute(f"DELETE FROM {table}_idx")
        conn.executemany(
            f"INSERT INTO {table}_data (id, block) VALUES (?, ?)",
            aside.execute("SELECT id, block FROM t_data"),
        )
        conn.executemany(
            f"INSERT INTO {table}_idx (segid, term, pgno) VALUES (?, ?, ?)",
            aside.execute("SELECT segid, term, pgno FROM t_idx"),
        )
        # Rolling back a savepoint makes every index written in the transaction drop what it
        # holds in memory (FTS5's xRollbackTo), its structure among it: read from the copy next.
        conn.execute("SAVEPOINT kravtui_index_aside")
        conn.execute("ROLLBACK TO kravtui_index_aside")
        conn.execute("RELEASE kravtui_index_aside")
        return True

    def close(self) -> None:
        """Stop the thread (if still running) and drop the private database."""
        self._finish()
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _finish(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _run(self) -> None:
        try:
            self._conn = _private_index(self._hashsize)
            staged = 0
            while (rows := self._queue.get()) is not None:
                self._conn.executemany(_STAGE_ROWS, rows)
                staged += len(rows)
                if staged >= self._every:
                    _index_staged(self._conn)
                    staged = 0
            if staged:
                _index_staged(self._conn)
            self._conn.execute("COMMIT")  # FTS5 writes out what it still holds
        except Exception as error:  # the loader indexes in place instead (`copy_into`)
            self._failed = error
            while self._queue.get() is not None:  # let `add` and `_finish` go on
                pass


def _private_index(hashsize: int) -> sqlite3.Connection:
    """A private temporary database with an empty index like the catalogue's live one, in an
    open transaction."""
    conn = sqlite3.connect("", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(text, content='', columnsize=0, tokenize='trigram')"
    )
    conn.execute("INSERT INTO t (t, rank) VALUES ('hashsize', ?)", (hashsize,))
    conn.execute("INSERT INTO t (t, rank) VALUES ('automerge', 0)")
    conn.execute("CREATE TABLE stage (key INTEGER PRIMARY KEY, text TEXT)")
    return conn


def _index_staged(conn: sqlite3.Connection) -> None:
    """Index the staged rows in one statement (one segment), in key order, and empty the stage."""
    conn.execute("INSERT INTO t (rowid, text) SELECT key, text FROM stage ORDER BY key")
    conn.execute("DELETE FROM stage")


def keyed_texts(
    columns: Sequence[str],
    searched: Sequence[str],
    rows: Sequence[tuple[object, ...]],
    keys: Sequence[int | None],
) -> list[tuple[int, str]]:
    """The (key, searched text) of each keyed live row (``deleted`` 0), `searched` naming the
    columns joined, as ``searched_text`` joins them."""
    places = [columns.index(name) for name in searched]
    deleted = columns.index("deleted")
    return [
        (key, " ".join([str(row[place]) for place in places]))
        for key, row in zip(keys, rows, strict=True)
        if key is not None and not row[deleted]
    ]
