"""The PostgreSQL adapter: a psycopg connection with the shape of a SQLite one (`dbapi.Connection`).

The services' SQL is written once, for SQLite's connection in autocommit mode; this adapter lets
the same calls run on a PostgreSQL server (docs/postgresql.md, §3a):

- **Placeholders.** Each statement goes through `to_psycopg` (``?`` to ``%s``, ``%`` doubled,
  quotes and comments left alone), translated once per distinct text; parameters are always
  passed, so psycopg reads the ``%%`` back as one ``%``.
- **Rows** answer ``row[0]`` and ``row["uid"]`` (and ``keys()``, ``dict(row)``), as
  `sqlite3.Row` does; a cursor whose ``row_factory`` is set to None gives plain tuples.
- **Transactions** are the statements the services already write. ``BEGIN IMMEDIATE`` (a
  write: `kravtui.catalogue.db.transaction`) is ``BEGIN`` and then `WRITE_LOCK`, a transaction
  advisory lock on the catalogue, so one writer at a time goes ahead, exactly as SQLite's write
  lock: a read-then-write such as the next uid cannot race another session's. The writer runs in
  READ COMMITTED, so each of its statements sees what the writer before it committed (a
  REPEATABLE READ snapshot would be taken before the lock is granted and miss that). A plain
  ``BEGIN`` (a read snapshot: `kravtui.catalogue.db.read_snapshot`) is REPEATABLE READ: every
  read in it sees one moment, as a SQLite read transaction does. A lock not granted within
  `LOCK_TIMEOUT_MS` (SQLite's busy timeout) ends the attempt with `EngineBusyError` and no
  transaction left open, as SQLite's ``BEGIN IMMEDIATE`` does.
- **Errors** become `kravtui.catalogue.engine_errors`' classes by the server's SQLSTATE, their
  text on one line and scrubbed of the conninfo's secrets, the psycopg error (which may echo the
  conninfo) not kept as the cause; a refusal's and a lost server's also in a line without the
  catalogue's place (`EngineError.unplaced`, the TUI's).
- **Long reads** (`streamed_rows`: an export's every requirement) come a batch of `STREAM_BATCH`
  rows at a time from a server-side cursor inside the read transaction, as SQLite's cursor
  steps: a client-side cursor holds the whole result (168 MB for 100,000 requirements' export).
- ``interrupt()`` cancels the running statement from another thread (psycopg's
  ``cancel_safe``), which then raises `EngineInterruptedError`.

The connection under it (`raw`) is psycopg's, in autocommit mode, for what only PostgreSQL does
(LISTEN); ``copy_rows`` is its ``COPY``. A ``--read-only`` session is read-only on the server too
(``default_transaction_read_only``).

- **A lost server** (restarted, or the network gone a while): the statement that finds out raises
  `EngineGoneError`. Between transactions nothing was lost, so the next statement connects again
  (`raw` is replaced, the session set up as before) and runs: a TUI whose server came back goes
  on working. The opening's checks run again first (a kravtui catalogue, not newer than this
  kravtui, pg_trgm, the folding): a database restored or replaced meanwhile that fails them is
  refused in their one line, as `EngineGoneError`, statement after statement. A write
  transaction the loss cut short is not quietly carried on in autocommit on a new connection:
  its statements, and its COMMIT, raise `EngineGoneError` until the caller's ROLLBACK
  (`kravtui.catalogue.db.transaction` does that) ends it.
"""

from __future__ import annotations

import contextlib
import select
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, SupportsIndex, overload

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus
from psycopg.rows import tuple_row

from kravtui.catalogue.conninfo_secrets import scrub
from kravtui.catalogue.engine_errors import (
    EngineBusyError,
    EngineError,
    EngineGoneError,
    EngineIntegrityError,
    EngineInterruptedError,
    EnginePermissionError,
)
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.postgres_refusal import refusal_here, refusal_words
from kravtui.catalogue.schema import APPLICATION_ID
from kravtui.catalogue.sql_placeholders import to_psycopg
from kravtui.i18n import t

if TYPE_CHECKING:
    from psycopg.rows import RowMaker

STREAM_BATCH = 1_000
"""Rows a server-side cursor fetches at once for `PostgresConnection.streamed_rows`."""

LOCK_TIMEOUT_MS = 10_000
"""How long a statement waits for a lock before giving up (SQLite's busy timeout, the same)."""

WRITE_LOCK = f"SELECT pg_advisory_xact_lock({APPLICATION_ID}, hashtext(current_schema()))".encode()
"""The write lock of the catalogue in the session's schema, held until the transaction ends."""

_READ_SNAPSHOT = b"BEGIN ISOLATION LEVEL REPEATABLE READ"
_TRANSACTIONS: dict[str, tuple[bytes, ...]] = {
    "BEGIN": (_READ_SNAPSHOT,),
    "BEGIN DEFERRED": (_READ_SNAPSHOT,),
    "BEGIN IMMEDIATE": (b"BEGIN", WRITE_LOCK),
    "BEGIN EXCLUSIVE": (b"BEGIN", WRITE_LOCK),
    "COMMIT": (b"COMMIT",),
    "END": (b"COMMIT",),
    "ROLLBACK": (b"ROLLBACK",),
}
"""SQLite's transaction statements, as the services write them, in PostgreSQL's words."""

_GONE = {"57P01", "57P02", "57P03"}  # the server shut down, crashed, or is starting
_BUSY = {"55P03", "40001", "40P01"}  # a lock not granted in time, serialisation, deadlock
_REFUSED = {"42501", "25006"}  # no privilege; a write in a read-only transaction
_CANCELLED = "57014"
_OPEN = (TransactionStatus.INTRANS, TransactionStatus.INERROR, TransactionStatus.ACTIVE)
_ENDINGS = {"COMMIT", "END", "ROLLBACK"}


def engine_error(error: psycopg.Error, location: PostgresLocation, *, lost: bool) -> EngineError:
    """kravtui's error for psycopg's `error`: its class by SQLSTATE (`lost`: the connection is
    gone), its text on one line with every secret of `location` scrubbed."""
    sqlstate = error.sqlstate or ""
    text = scrub(" ".join(str(error).split()) or type(error).__name__, location.conninfo)
    kind: type[EngineError] = EngineError
    if lost or sqlstate.startswith("08") or sqlstate in _GONE:
        kind = EngineGoneError
    elif sqlstate.startswith("23"):
        kind = EngineIntegrityError
    elif sqlstate in _BUSY:
        kind = EngineBusyError
    elif sqlstate in _REFUSED:
        kind = EnginePermissionError
    elif sqlstate == _CANCELLED:
        kind = EngineInterruptedError
    if kind is EngineGoneError:  # libpq's words run to several lines and name the socket
        text = t("catalogue.postgres.gone", where=location.display)
        return kind(text, sqlstate, unplaced=t("catalogue.postgres.gone_here"))
    return kind(text, sqlstate)


class Record(tuple[Any, ...]):
    """A row read by index (``row[0]``) or by column name (``row["uid"]``), as `sqlite3.Row`.

    Each set of column names has its own subclass (`record_class`) holding the names once."""

    __slots__ = ()
    _index: ClassVar[dict[str, int]] = {}
    _names: ClassVar[tuple[str, ...]] = ()

    @overload
    def __getitem__(self, key: SupportsIndex) -> Any: ...

    @overload
    def __getitem__(self, key: slice) -> tuple[Any, ...]: ...

    @overload
    def __getitem__(self, key: str) -> Any: ...

    def __getitem__(self, key: SupportsIndex | slice | str) -> Any:
        if isinstance(key, str):
            position = self._index.get(key)
            if position is None:
                position = self._index.get(key.lower())
            if position is None:
                raise IndexError(f"No item with that key: {key!r}")
            return tuple.__getitem__(self, position)
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        """The column names, in order (so that ``dict(row)`` works, as on `sqlite3.Row`)."""
        return list(self._names)


@lru_cache(maxsize=1024)
def record_class(names: tuple[str, ...]) -> type[Record]:
    """The `Record` subclass for rows with these column names (the first of equal names wins
    a lookup by name, as on `sqlite3.Row`)."""
    index: dict[str, int] = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)
        index.setdefault(name.lower(), position)
    return type("Record", (Record,), {"__slots__": (), "_index": index, "_names": names})


def records(cursor: Any) -> RowMaker[Record]:
    """psycopg's row factory for `Record` rows (the class itself makes each row)."""
    description = cursor.description
    names = tuple(column.name for column in description) if description else ()
    return record_class(names)


class PostgresCursor:
    """A cursor with the shape of `sqlite3.Cursor` over psycopg's (see the module docstring)."""

    def __init__(self, connection: PostgresConnection) -> None:
        self._connection = connection
        self._cursor: psycopg.Cursor[Any] = connection.raw.cursor(row_factory=records)
        self._plain = False

    @property
    def row_factory(self) -> Any:
        """None for plain tuples; otherwise rows are `Record`s (whatever factory is set)."""
        return None if self._plain else records

    @row_factory.setter
    def row_factory(self, factory: Any) -> None:
        self._plain = factory is None
        self._cursor.row_factory = tuple_row if self._plain else records

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def description(self) -> Any:
        return self._cursor.description

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> PostgresCursor:
        steps = _TRANSACTIONS.get(sql)
        try:
            if steps is None:
                self._cursor.execute(to_psycopg(sql), parameters)
            else:
                self._begin(steps)
        except psycopg.Error as error:
            raise self._connection.translated(error) from None
        return self

    def _begin(self, steps: tuple[bytes, ...]) -> None:
        """A transaction statement: a write's BEGIN and its lock go together or not at all."""
        writes = steps[-1] is WRITE_LOCK
        if not writes:
            self._connection.writing = False  # COMMIT or ROLLBACK end it, whatever they answer
        try:
            for step in steps:
                self._cursor.execute(step)
        except psycopg.Error:
            if writes and self._connection.in_transaction:
                self._cursor.execute(b"ROLLBACK")
            raise
        if writes:
            self._connection.writing = True

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> PostgresCursor:
        try:
            self._cursor.executemany(to_psycopg(sql), parameters)
        except psycopg.Error as error:
            raise self._connection.translated(error) from None
        return self

    def fetchone(self) -> Any:
        if self._cursor.description is None:  # no rows to read (an UPDATE): SQLite says None
            return None
        try:
            return self._cursor.fetchone()
        except psycopg.Error as error:
            raise self._connection.translated(error) from None

    def fetchall(self) -> list[Any]:
        if self._cursor.description is None:
            return []
        try:
            return self._cursor.fetchall()
        except psycopg.Error as error:
            raise self._connection.translated(error) from None

    def fetchmany(self, size: int = 1) -> list[Any]:
        if self._cursor.description is None:
            return []
        try:
            return self._cursor.fetchmany(size)
        except psycopg.Error as error:
            raise self._connection.translated(error) from None

    def __iter__(self) -> Iterator[Any]:
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        self._cursor.close()


class PostgresConnection:
    """A catalogue's connection to a PostgreSQL server, shaped as `sqlite3.Connection`."""

    def __init__(
        self, raw: psycopg.Connection[Any], location: PostgresLocation, *, read_only: bool = False
    ) -> None:
        self.raw = raw
        self.location = location
        self.read_only = read_only
        self.writing = False
        """A write transaction is open (begun on `raw`): a lost connection must not end it
        quietly (see the module docstring)."""
        self._streams = 0  # server-side cursors opened, for their names

    def set_up(self) -> None:
        """The session's settings: lock waits bounded by `LOCK_TIMEOUT_MS`, and read-only on
        the server when `read_only`."""
        self.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
        if self.read_only:
            self.execute("SET default_transaction_read_only = on")

    def _reconnect(self) -> None:
        """Connect again in place of a lost `raw`; the server still gone: `EngineGoneError`."""
        from kravtui.catalogue.catalogue_errors import CatalogueError
        from kravtui.catalogue.postgres_open import connect_postgres, run_checks

        try:
            raw = connect_postgres(self.location)
        except CatalogueError:  # still gone: the short line, as `engine_error` says it
            raise EngineGoneError(
                t("catalogue.postgres.gone", where=self.location.display),
                unplaced=t("catalogue.postgres.gone_here"),
            ) from None
        try:  # the opening's checks again: the database that came back may not be the same
            run_checks(raw, self.location, new=False)
        except CatalogueError as refused:
            raw.close()
            raise EngineGoneError(str(refused)) from None
        lost, self.raw = self.raw, raw
        lost.close()
        self.set_up()

    def translated(self, error: psycopg.Error) -> EngineError:
        """kravtui's error for `error` raised on this connection; a refusal by the server's
        roles says in its text which login role may not and who can (`refusal_words`)."""
        lost = self.raw.broken or self.raw.closed
        made = engine_error(error, self.location, lost=lost)
        if not isinstance(made, EnginePermissionError) or lost:
            return made
        role = self.raw.info.user  # the login role: session_user, without a round trip
        line = refusal_words(str(made), made.sqlstate, self.location.display, role)
        here = refusal_here(str(made), made.sqlstate, role)
        return EnginePermissionError(line, made.sqlstate, unplaced=here)

    def run_script(self, script: str) -> None:
        """Run `script` (several statements, no parameters) as it is: a migration's DDL."""
        try:
            self.raw.execute(script.encode())
        except psycopg.Error as error:
            raise self.translated(error) from None

    def _dropped(self) -> bool:
        """Whether the server has let go of this idle connection (`raw.broken` after this).

        An idle connection has nothing to read; a server that shut down has sent its reason and
        closed the socket. One look at the socket, no round trip, unless there is something."""
        raw = self.raw
        if raw.closed or raw.info.transaction_status != TransactionStatus.IDLE:
            return False
        try:
            readable = select.select([raw.fileno()], [], [], 0)[0]
        except (OSError, ValueError):
            return False
        if readable:
            with contextlib.suppress(psycopg.Error):
                raw.execute(b"SELECT 1")
        return raw.broken

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Write `rows` (values for `columns`, in order) into `table` with one ``COPY``: the
        bulk load's fast way in (`kravtui.catalogue.bulk_load`)."""
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
        )
        try:
            with self.raw.cursor().copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        except psycopg.Error as error:
            raise self.translated(error) from None

    def streamed_rows(self, sql: str, parameters: Sequence[Any] = (), /) -> Iterator[Any]:
        """The rows of a long read as plain tuples, `STREAM_BATCH` at a time from a server-side
        cursor, so that memory does not grow with the result; other statements may run between
        two rows. Outside a transaction (where such a cursor cannot live) an ordinary cursor."""
        if not self.in_transaction:
            cursor = self.cursor()
            cursor.row_factory = None
            yield from cursor.execute(sql, parameters)
            return
        self._streams += 1
        try:
            with self.raw.cursor(f"kravtui_stream_{self._streams}", row_factory=tuple_row) as rows:
                rows.itersize = STREAM_BATCH
                rows.execute(to_psycopg(sql), parameters)
                yield from rows
        except psycopg.Error as error:
            raise self.translated(error) from None

    def cursor(self) -> PostgresCursor:
        if not self.writing and (self.raw.broken or self._dropped()):
            self._reconnect()
        try:
            return PostgresCursor(self)
        except psycopg.Error as error:  # a closed connection refuses a new cursor
            raise self.translated(error) from None

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> PostgresCursor:
        if sql in _ENDINGS and self.writing and self.raw.broken:
            self.writing = False  # the server ended the transaction as the connection dropped
            if sql != "ROLLBACK":  # nothing of it was kept: its COMMIT must not succeed
                raise self.translated(psycopg.OperationalError("the connection is lost"))
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> PostgresCursor:
        return self.cursor().executemany(sql, parameters)

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status in _OPEN

    def interrupt(self) -> None:
        """Cancel the statement running on this connection (from any thread); none: nothing."""
        try:
            self.raw.cancel_safe()
        except psycopg.Error as error:
            raise self.translated(error) from None

    def close(self) -> None:
        self.raw.close()


def adapt(
    raw: psycopg.Connection[Any], location: PostgresLocation, *, read_only: bool
) -> PostgresConnection:
    """The adapter over `raw` (an autocommit connection to `location`), its session set up:
    lock waits bounded by `LOCK_TIMEOUT_MS`, and read-only on the server when `read_only`."""
    conn = PostgresConnection(raw, location, read_only=read_only)
    conn.set_up()
    return conn
