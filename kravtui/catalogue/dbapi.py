"""The connection the services take: a protocol that `sqlite3.Connection` itself satisfies.

The services run SQL with SQLite's ``?`` placeholders and read rows by index or by name. On
SQLite they get the `sqlite3.Connection` that `kravtui.catalogue.db` opens, exactly as before:
nothing sits between them and SQLite, so its speed is untouched (docs/postgresql.md, §3a, has
the measurement). On PostgreSQL they get `kravtui.catalogue.postgres_connection`'s adapter,
which has the same shape: it translates the placeholders, gives rows that answer ``row[0]`` and
``row["uid"]``, serialises write transactions as SQLite's ``BEGIN IMMEDIATE`` does, and raises
`kravtui.catalogue.engine_errors`' classes.

`engine` tells the two apart where a service must (a statement only one engine understands).
This module imports no driver: the TUI's first frame on SQLite never pays for psycopg.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, Protocol

Engine = Literal["sqlite", "postgresql"]


class Cursor(Protocol):
    """What the services use of a cursor; `sqlite3.Cursor` has exactly this shape.

    ``row_factory = None`` makes rows plain tuples (the services' fast paths set it)."""

    row_factory: Any

    @property
    def rowcount(self) -> int: ...

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the services use of a connection; `sqlite3.Connection` has exactly this shape.

    Transactions are explicit statements, as on a SQLite connection in autocommit mode
    (``isolation_level=None``): ``BEGIN`` for a read snapshot, ``BEGIN IMMEDIATE`` for a write,
    then ``COMMIT`` or ``ROLLBACK``."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...

    def cursor(self) -> Cursor: ...

    def close(self) -> None: ...

    def interrupt(self) -> None: ...

    @property
    def in_transaction(self) -> bool: ...


def streamed_rows(conn: Connection, sql: str, parameters: Sequence[Any] = ()) -> Iterator[Any]:
    """The rows of a long read (an export's every requirement) as plain tuples, read as they are
    wanted on either engine: SQLite's cursor steps through the result; on PostgreSQL, inside a
    transaction, a server-side cursor fetches a batch at a time (`PostgresConnection`'s
    ``streamed_rows``), where a plain cursor would hold the whole result first."""
    streamed = getattr(conn, "streamed_rows", None)
    if streamed is not None:
        yield from streamed(sql, parameters)
        return
    cursor = conn.cursor()
    cursor.row_factory = None
    yield from cursor.execute(sql, parameters)


def engine(conn: Connection) -> Engine:
    """Which engine holds the catalogue on `conn`."""
    return "sqlite" if isinstance(conn, sqlite3.Connection) else "postgresql"


if TYPE_CHECKING:  # mypy proves here that SQLite's own connection needs no wrapper

    def _sqlite_is_a_connection(conn: sqlite3.Connection) -> Connection:
        return conn
