"""Noticing other sessions' commits to a PostgreSQL catalogue: LISTEN kravtui_changed.

Every data table of the catalogue has a statement trigger that sends ``NOTIFY kravtui_changed``
with the table's ``schema.table`` as its payload (`kravtui.catalogue.schema_postgres`). The
server delivers it at commit, once per transaction and payload, and never for a transaction
that was rolled back. `PostgresChangeWatcher` listens on an autocommit connection of its own, so
that reading what arrived (`notifies(timeout=0)`) is a look at the socket, with no round trip
and no waiting, and the watched connection's transactions are never disturbed.

What is not news: a commit of the watched connection itself (its server process's id is the
notification's `pid`; SQLite's ``data_version`` ignores a connection's own commits alike), and a
change to another catalogue in another schema of the same database (the payload's schema).

A lost server: `changed()` raises `EngineGoneError` (its text scrubbed of secrets) and drops the
listening connection; each later call tries to listen again, raising the same until the server
answers, and then answers True, since what changed meanwhile cannot be known.
"""

from __future__ import annotations

from typing import Any

import psycopg

from kravtui.catalogue.catalogue_errors import CatalogueError
from kravtui.catalogue.engine_errors import EngineGoneError
from kravtui.catalogue.postgres_connection import PostgresConnection, engine_error
from kravtui.catalogue.postgres_open import connect_postgres
from kravtui.catalogue.schema_postgres import NOTIFY_CHANNEL


class PostgresChangeWatcher:
    """Other sessions' commits to `watched`'s catalogue, heard on a listening connection."""

    def __init__(self, watched: PostgresConnection) -> None:
        self._watched = watched
        self._location = watched.location
        self._listener: psycopg.Connection[Any] | None = None
        self._schema = ""
        self._listen()

    def _listen(self) -> None:
        """Connect and LISTEN; the server is gone: `EngineGoneError`."""
        try:
            listener = connect_postgres(self._location)
        except CatalogueError as error:  # its text shows the location masked
            raise EngineGoneError(str(error)) from None
        try:
            listener.execute(f"LISTEN {NOTIFY_CHANNEL}".encode())
            row = listener.execute(b"SELECT current_schema()").fetchone()
        except psycopg.Error as error:
            listener.close()
            raise engine_error(error, self._location, lost=True) from None
        self._schema = str(row[0]) if row else ""
        self._listener = listener

    def changed(self) -> bool:
        """Whether another session committed a change to the catalogue since the last call."""
        listener = self._listener
        if listener is None:  # lost before: listen again (or still gone)
            self._listen()
            return True
        try:
            arrived = list(listener.notifies(timeout=0))
            if listener.broken:
                raise psycopg.OperationalError("the connection to the server was lost")
        except psycopg.Error as error:
            self._drop()
            raise engine_error(error, self._location, lost=True) from None
        own = self._own_pid()
        return any(
            note.pid != own and note.payload.rpartition(".")[0] == self._schema for note in arrived
        )

    def _own_pid(self) -> int:
        """The watched connection's server process (it changes when the adapter reconnects)."""
        raw = self._watched.raw
        return 0 if raw.closed else raw.info.backend_pid

    def _drop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def close(self) -> None:
        """Stop listening."""
        self._drop()
