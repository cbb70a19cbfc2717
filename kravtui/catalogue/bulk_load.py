"""Writing many requirements in one transaction with list keys placed and words listed in bulk.

Row by row, the triggers give each new requirement a list key between its neighbours (two index
lookups and an UPDATE of the row it just wrote), and split its text into the word list: about
two thirds of a 100,000-requirement import. `bulk_load` does the same work for a whole
transaction at once, keeping every invariant the triggers keep for other writers
(`kravtui.catalogue.schema_list_order`, `kravtui.catalogue.schema_words`):

- A ``bulk_load`` row in ``meta`` tells the triggers that kravtui places keys and lists words
  itself; it is written and removed inside the caller's transaction, so no other connection
  ever sees it, and a rolled-back import leaves nothing.
- Into a catalogue without requirements, a big load drops the requirement table's indexes first
  and builds them again from the finished table, sets the triggers of the requirement table and
  of the word list aside until the end (each row would run them only to find them stepping
  aside), and has the text indexes keep the few big segments it writes unmerged (`MANY`).
- New requirements get ids after the largest one. One that sorts after every keyed requirement
  (an import of a file in uid order into an empty catalogue, or of new uids after the last
  ones) gets its key as it is inserted: the last key plus `LIST_KEY_GAP`, as the triggers give
  an append. Any other is inserted without a key.
- A changed requirement is taken out of its text index before the change and put back after it,
  a batch at a time (`BulkLoad.unindex`, `BulkLoad.reindex`).
- `BulkLoad.finish` gives the rows without a key theirs in one statement: those falling between
  two keyed neighbours are spread evenly over the room between them (at most `LIST_KEY_STEP`
  apart, like the triggers), those before the first or after the last step `LIST_KEY_GAP`
  outwards. If some gap has too little room, every row is renumbered and both text indexes are
  rebuilt, as the triggers do. Then it indexes every new row, one statement per index, and adds
  the words of every text written (split like the triggers split them) to the word list. A
  writer whose rows come from another process (the import's) may index the new rows written so
  far while that process reads on, a big statement at a time (`BulkLoad.index_so_far`).

Why statements and not rows: SQLite 3.40's full-text index writes out what it holds at every
statement savepoint, and a trigger runs inside one for each row, so row by row a big import
wrote a tiny index segment per requirement and spent its time merging them (240 us a row
against 50 us in one statement).

**On PostgreSQL** there is none of this to do: the list is ordered by ``(uid_order, id)``
(``list_key`` stays NULL), the searched text is a generated column the server keeps, and there
is no word list nor trigger to set aside. New requirements go in by ``COPY``, their ids from the
table's identity (`CopyingConnection.copy_rows`), with
their links and first revisions (`BulkLoad.add_rows`): faster than ``executemany``
(benchmarks/postgres.py --import). The indexes stay: building the search index again after a load
of 10,000 costs about what keeping it does, and would lock out every reader meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, cast

from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.schema_list_order import (
    LIST_KEY_GAP,
    LIST_KEY_STEP,
    TEXT_INDEXES,
    searched_text,
)
from kravtui.catalogue.schema_words import MIN_WORD

_FLAG = "bulk_load"


class CopyingConnection(Connection, Protocol):
    """A PostgreSQL catalogue's connection (the adapter), which can ``COPY`` rows in."""

    def copy_rows(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None: ...


def uid_order_sql(column: str) -> str:
    """The SQL of ``requirement.uid_order`` (schema v1's generated column) for `column`."""
    return (
        f"substr({column}, 1, instr({column}, '-'))"
        f" || printf('%010d', CAST(substr({column}, instr({column}, '-') + 1) AS INTEGER))"
    )


def listed_words(text: str) -> set[str]:
    """The words of a searched text as the word list holds them: split at spaces, tabs and line
    breaks, ASCII letters in lower case (as SQL's ``lower()``), three characters or longer."""
    words = set(split_words(text))
    return {word for word in words if len(word) >= MIN_WORD}


def split_words(text: str) -> list[str]:
    """`text` split as the triggers split it: ASCII letters lowered (``bytes.lower`` leaves
    every other character as it is, as SQL's ``lower()`` does), then cut at spaces, tabs and
    line breaks; empty and short pieces included."""
    folded = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    for separator in ("\t", "\n", "\r"):
        folded = folded.replace(separator, " ")
    return folded.split(" ")


class BulkLoad:
    """The keys, ids and words of one transaction's bulk writes (see the module docstring)."""

    def __init__(self, conn: Connection, expected: int = 0) -> None:
        self.postgres = engine(conn) == "postgresql"
        if self.postgres:
            self._start_postgres(conn)
            return
        self.conn = conn
        self.next_id = int(
            conn.execute("SELECT COALESCE(max(id), 0) + 1 FROM requirement").fetchone()[0]
        )
        last = conn.execute(
            "SELECT uid_order, id, list_key FROM requirement ORDER BY list_key DESC LIMIT 1"
        ).fetchone()
        self.had_requirements = last is not None
        self._last: tuple[str, int, int] | None = (
            None if last is None else (str(last[0]), int(last[1]), int(last[2]))
        )
        self.first_new_id = self.next_id
        self._indexed_to = self.next_id  # new rows before this id are in their text index
        self._words: set[str] = set()
        self._unplaced = False
        self._dropped: list[str] = []
        self._triggers: list[str] = []
        self._merging: dict[str, int] = {}
        if not self.had_requirements and expected >= MANY:
            self._dropped = _drop_indexes(conn)
            self._triggers = _drop_triggers(conn)
            self._merging = _pause_merging(conn)

    def _start_postgres(self, conn: Connection) -> None:
        """The loader of a PostgreSQL catalogue: ids from the identity, nothing else to keep."""
        self.pg = cast(CopyingConnection, conn)
        self.inserted = 0
        self.had_requirements = (
            conn.execute("SELECT 1 FROM requirement LIMIT 1").fetchone() is not None
        )

    def _insert_postgres(
        self, columns: Sequence[str], rows: Sequence[tuple[object, ...]], uids: Sequence[str]
    ) -> list[int]:
        """COPY the rows in with ids from the table's identity, then read their ids by uid:
        the identity needs no grant beyond INSERT, its sequence's ``nextval`` would (USAGE),
        and the README's editors have none."""
        self.pg.copy_rows("requirement", columns, rows)
        self.inserted += len(rows)
        found = dict(
            self.pg.execute("SELECT uid, id FROM requirement WHERE uid = ANY(?)", (list(uids),))
        )
        return [int(found[uid]) for uid in uids]

    def insert(
        self, columns: Sequence[str], rows: Sequence[tuple[object, ...]], uids: Sequence[str]
    ) -> list[int]:
        """Insert requirements (`rows` of values for `columns`, `uids` their uids in order);
        returns their new ids. Each gets its key now if it sorts after every keyed row."""
        if self.postgres:
            return self._insert_postgres(columns, rows, uids)
        orders = [
            str(row[0])
            for row in self.conn.execute(
                f"SELECT {uid_order_sql('value')} FROM json_each(?) ORDER BY key",
                (json.dumps(list(uids)),),
            )
        ]
        ids = list(range(self.next_id, self.next_id + len(rows)))
        self.next_id += len(rows)
        keyed: list[tuple[object, ...]] = []
        for requirement_id, order, row in zip(ids, orders, rows, strict=True):
            key: int | None = None
            last = self._last
            if last is None:
                key = LIST_KEY_GAP
            elif (order, requirement_id) > last[:2]:
                key = last[2] + LIST_KEY_GAP
            if key is None:
                self._unplaced = True
            else:
                self._last = (order, requirement_id, key)
            keyed.append((requirement_id, key, *row))
        marks = ", ".join("?" * (len(columns) + 2))
        self.conn.executemany(
            f"INSERT INTO requirement (id, list_key, {', '.join(columns)}) VALUES ({marks})",
            keyed,
        )
        return ids

    def add_rows(
        self, table: str, columns: Sequence[str], rows: Sequence[tuple[object, ...]]
    ) -> None:
        """Insert `rows` (values for `columns`) into `table`, a link table or the revisions of
        new requirements: by ``COPY`` on PostgreSQL, by ``executemany`` on SQLite."""
        if self.postgres:
            self.pg.copy_rows(table, columns, rows)
            return
        marks = ", ".join("?" * len(columns))
        self.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    def add_words(self, texts: Iterable[str]) -> None:
        """Remember the words of these searched texts for the word list."""
        if self.postgres:
            return
        self._words.update(split_words(" ".join(texts)))  # one split: no call per text

    def add_listed(self, words: Iterable[str]) -> None:
        """Remember these words (split as `listed_words` splits) for the word list."""
        if self.postgres:
            return
        self._words.update(words)

    def unindex(self, ids: str) -> None:
        """Take the requirements whose ids `ids` (a SELECT) gives out of their text index, as they
        are now: call before changing them, and `reindex` after."""
        if self.postgres:
            return
        for flag, table in enumerate(TEXT_INDEXES):
            self.conn.execute(
                f"INSERT INTO {table} ({table}, rowid, text)"
                f" SELECT 'delete', list_key, {searched_text('r')} FROM requirement r"
                f" WHERE r.id IN ({ids}) AND r.id < ? AND r.list_key IS NOT NULL"
                f" AND r.deleted = {flag}",
                (self.first_new_id,),
            )

    def reindex(self, ids: str) -> None:
        """Put the requirements whose ids `ids` gives back into their text index, as they are now
        (new requirements are indexed by `finish`)."""
        if self.postgres:
            return
        self._index(f"r.id IN ({ids}) AND r.id < {self.first_new_id}")

    def index_so_far(self) -> None:
        """Put the new live rows inserted since the last call into their text index now rather
        than in `finish`, if every row inserted so far has its key (else `finish` indexes them
        once they have). The few deleted ones wait for `finish`: one segment for them all."""
        if self.postgres or self._unplaced or self.next_id == self._indexed_to:
            return
        self._index(f"r.id >= {self._indexed_to} AND r.id < {self.next_id}", TEXT_INDEXES[:1])
        self._indexed_to = self.next_id

    def finish(self) -> None:
        """Key the rows inserted without a key, index every new row, list the words, drop the
        flag. On PostgreSQL: the planner's statistics after a big load (`ANALYZE_AFTER`)."""
        if self.postgres:
            if self.inserted >= ANALYZE_AFTER:
                self.pg.execute("ANALYZE")  # a role that owns no table is told, not refused
            return
        rebuilt = _place_unkeyed(self.conn) if self._unplaced else False
        for sql in self._dropped:
            self.conn.execute(sql)
        self._dropped.clear()
        if not rebuilt:
            self._index(f"r.id >= {self._indexed_to}", TEXT_INDEXES[:1])
            self._index(f"r.id >= {self.first_new_id}", TEXT_INDEXES[1:])
        listed = self.conn.execute("SELECT COALESCE(max(id), 0) FROM requirement_word").fetchone()
        words = sorted(word for word in self._words if len(word) >= MIN_WORD)
        self.conn.execute(  # one statement: no per-word round trip
            "INSERT OR IGNORE INTO requirement_word (word) SELECT value FROM json_each(?)",
            (json.dumps(words, ensure_ascii=False),),
        )
        self.conn.execute(
            "INSERT INTO requirement_fts_words (rowid, word)"
            " SELECT id, word FROM requirement_word WHERE id > ?",
            (listed[0],),
        )
        self._words.clear()
        for table, automerge in self._merging.items():
            _set_automerge(self.conn, table, automerge)
        self._merging.clear()
        for sql in self._triggers:
            self.conn.execute(sql)
        self._triggers.clear()
        self.conn.execute(f"DELETE FROM meta WHERE key = '{_FLAG}'")

    def _index(self, where: str, tables: tuple[str, ...] = TEXT_INDEXES) -> None:
        """Index the rows `where` selects (in `tables`, of both by default), in key order: the
        index writes out what it holds whenever a key comes that is not larger than the one
        before."""
        for table in tables:
            flag = TEXT_INDEXES.index(table)
            self.conn.execute(
                f"INSERT INTO {table} (rowid, text) SELECT list_key, {searched_text('r')}"
                f" FROM requirement r WHERE {where} AND r.deleted = {flag} ORDER BY list_key"
            )


@contextmanager
def bulk_load(conn: Connection, expected: int = 0) -> Iterator[BulkLoad]:
    """Bulk writes inside the caller's transaction: flag them, yield the loader, finish it.
    `expected` is about how many requirements will be written.

    On an exception nothing is finished: the caller rolls the transaction back, flag and all.
    """
    if engine(conn) == "sqlite":
        conn.execute(f"INSERT OR REPLACE INTO meta (key, value) VALUES ('{_FLAG}', '1')")
    loader = BulkLoad(conn, expected)
    yield loader
    loader.finish()


ANALYZE_AFTER = 1_000
"""A load of at least this many requirements into a PostgreSQL catalogue ends with ``ANALYZE``:
until the server's autovacuum gets round to it (a minute or more), the planner has no idea of
the new rows and a one-letter search's page took 263 ms instead of 50 at 100,000 ("l": 113
against 16). ``ANALYZE`` costs about 2 s at 100,000, 0.3 s at 10,000."""

MANY = 10_000
"""A load of at least this many requirements into a catalogue without any builds the
requirement table's indexes afterwards, from the finished table (one sort each), instead of
entry by entry (about 2 s less at 100,000), and sets the triggers aside (0.5 s less)."""


def _drop_indexes(conn: Connection) -> list[str]:
    """Drop the requirement table's own indexes (a UNIQUE constraint's stays); their SQL."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master"
        " WHERE type = 'index' AND tbl_name = 'requirement' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP INDEX "{name.replace(chr(34), chr(34) * 2)}"')
    return [str(sql) for _, sql in found]


AUTOMERGE = 4
"""FTS5's own ``automerge`` setting, when the catalogue has not set one."""


def _pause_merging(conn: Connection) -> dict[str, int]:
    """Stop both text indexes merging their segments as they are written (each indexing
    statement of a big load writes a few big ones: merging them costs a second at 100,000 and
    leaves as many); their settings, for `_set_automerge` to put back."""
    settings = {}
    for table in TEXT_INDEXES:
        found = conn.execute(f"SELECT v FROM {table}_config WHERE k = 'automerge'").fetchone()
        settings[table] = AUTOMERGE if found is None else int(found[0])
        _set_automerge(conn, table, 0)
    return settings


def _set_automerge(conn: Connection, table: str, value: int) -> None:
    conn.execute(f"INSERT INTO {table} ({table}, rank) VALUES ('automerge', ?)", (value,))


_SET_ASIDE = ("requirement", "requirement_word")


def _drop_triggers(conn: Connection) -> list[str]:
    """Drop the triggers of the requirement table and the word list; their SQL, in the order
    they were made (the order they fire in)."""
    found = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        f" AND tbl_name IN {_SET_ASIDE} ORDER BY rowid"
    ).fetchall()
    for name, _ in found:
        conn.execute(f'DROP TRIGGER "{name.replace(chr(34), chr(34) * 2)}"')
    return [str(sql) for _, sql in found]


_PLACING = "temp.kravtui_placing"


def _place_unkeyed(conn: Connection) -> bool:
    """Give every requirement without a list key one between its keyed neighbours; renumber
    everything (and rebuild both text indexes: True) when some gap has no room."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS kravtui_placing (id INTEGER PRIMARY KEY, key INTEGER)"
    )
    conn.execute(f"DELETE FROM {_PLACING}")
    conn.execute(
        f"""
INSERT INTO {_PLACING} (id, key)
SELECT id, CASE
    WHEN p IS NULL AND n IS NULL THEN r * {LIST_KEY_GAP}
    WHEN n IS NULL THEN p + r * {LIST_KEY_GAP}
    WHEN p IS NULL THEN n - (k - r + 1) * {LIST_KEY_GAP}
    WHEN (n - p) / (k + 1) >= 1 THEN p + r * min({LIST_KEY_STEP}, (n - p) / (k + 1))
END
FROM (
    SELECT id, p, n,
        row_number() OVER (PARTITION BY p ORDER BY uid_order, id) AS r,
        count(*) OVER (PARTITION BY p) AS k
    FROM (
        SELECT id, list_key, uid_order,
            max(list_key) OVER (ORDER BY uid_order, id ROWS UNBOUNDED PRECEDING) AS p,
            min(list_key) OVER (
                ORDER BY uid_order, id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING
            ) AS n
        FROM requirement
    )
    WHERE list_key IS NULL
)"""
    )
    crowded = conn.execute(f"SELECT count(*) FROM {_PLACING} WHERE key IS NULL").fetchone()[0]
    if crowded:
        _renumber_everything(conn)
    else:
        conn.execute(
            f"UPDATE requirement SET list_key = placing.key FROM {_PLACING} AS placing"
            " WHERE requirement.id = placing.id"
        )
    conn.execute(f"DELETE FROM {_PLACING}")
    return bool(crowded)


def _renumber_everything(conn: Connection) -> None:
    """Every requirement `LIST_KEY_GAP` apart in list order; both text indexes rebuilt. The
    ``renumbering`` flag keeps the update trigger out of it, as in the triggers' own renumbering.
    """
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('renumbering', '1')")
    conn.execute("UPDATE requirement SET list_key = NULL WHERE list_key IS NOT NULL")
    conn.execute(
        f"UPDATE requirement SET list_key = ranked.n * {LIST_KEY_GAP}"
        " FROM (SELECT id, row_number() OVER (ORDER BY uid_order, id) AS n FROM requirement)"
        " AS ranked WHERE ranked.id = requirement.id"
    )
    for flag, table in enumerate(TEXT_INDEXES):
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
        conn.execute(
            f"INSERT INTO {table} (rowid, text) SELECT list_key, {searched_text('requirement')}"
            f" FROM requirement WHERE deleted = {flag} ORDER BY list_key"
        )
    conn.execute("DELETE FROM meta WHERE key = 'renumbering'")
