"""Noticing that another session changed the catalogue, cheaply, on either engine.

A `ChangeWatcher` answers `changed()`: whether another connection committed a change since the
last call. The TUI asks once a second and reads the list and detail pane again only then.

- SQLite (`SqliteChangeWatcher`): ``PRAGMA data_version`` changes when another connection
  commits to the same file; polling it costs microseconds.
- PostgreSQL (`kravtui.catalogue.watch_postgres.PostgresChangeWatcher`): every data table's
  trigger sends ``NOTIFY kravtui_changed`` at commit; the watcher listens on a connection of its
  own and reads what arrived without asking the server. psycopg is imported only there, so a
  SQLite session never loads it.

Either way a connection's own commits are not news (the watched connection's, on PostgreSQL);
a lost server makes `changed()` raise `EngineGoneError`, and a later call that finds it back
answers True (what changed meanwhile is unknown).
"""

from __future__ import annotations

import sqlite3
from typing import Protocol, cast

from kravtui.catalogue.dbapi import Connection, engine


class ChangeWatcher(Protocol):
    """Whether other sessions committed to the catalogue since the last question."""

    def changed(self) -> bool:
        """True once for each batch of other sessions' commits since the last call."""
        ...

    def close(self) -> None:
        """Let go of what the watcher holds (a connection of its own, on PostgreSQL)."""
        ...


class SqliteChangeWatcher:
    """Polls one connection's `data_version`; `changed()` is True once per outside commit."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._seen = self._read()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether another connection committed since the last call."""
        current = self._read()
        if current == self._seen:
            return False
        self._seen = current
        return True

    def close(self) -> None:
        """Nothing to let go of: the watched connection is its owner's."""


def change_watcher(conn: Connection) -> ChangeWatcher:
    """The watcher for `conn`'s catalogue; `conn`'s own commits are not reported."""
    if engine(conn) == "sqlite":
        return SqliteChangeWatcher(cast(sqlite3.Connection, conn))
    from kravtui.catalogue.postgres_connection import PostgresConnection
    from kravtui.catalogue.watch_postgres import PostgresChangeWatcher

    return PostgresChangeWatcher(cast(PostgresConnection, conn))
