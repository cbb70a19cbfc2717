"""The errors a catalogue's database engine raises, in kravtui's own terms.

The services catch database errors without knowing which engine holds the catalogue: on
SQLite they are `sqlite3.Error` and its subclasses, as always; on PostgreSQL the adapter
(`kravtui.catalogue.postgres_connection`) turns every psycopg error into one of the classes
below, its text on one line with every password scrubbed, so that no `except` above it needs
psycopg. `DB_ERRORS` and `INTEGRITY_ERRORS` name both engines' classes for an ``except``.

An `EngineError`'s text is safe to show (it is scrubbed before the error is made); its cause is
not kept, since psycopg's own error may echo the conninfo. Its text names the catalogue (the
masked conninfo), as a command's error line must; `unplaced` is the same in a line without it,
for the TUI, where the user is working in the catalogue they opened and a conninfo in the
middle of a notification only hides what happened (`unplaced_text` picks it for any error).
"""

from __future__ import annotations

import sqlite3


class EngineError(Exception):
    """A database error on a PostgreSQL catalogue; the text is one line, with no password.

    `sqlstate` is the server's five-character code, or "" when the error arose in the client
    (a lost connection, say); `unplaced` is the line without the catalogue's place (the message
    itself where it names none)."""

    def __init__(self, message: str, sqlstate: str = "", *, unplaced: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        self.unplaced = message if unplaced is None else unplaced


class EngineIntegrityError(EngineError):
    """A key, a foreign key, NOT NULL or a CHECK refused the write (SQLite's IntegrityError)."""


class EngineBusyError(EngineError):
    """Another session held what this one waited for too long: a lock, a serialisation
    conflict, a deadlock (SQLite's "database is locked")."""


class EngineGoneError(EngineError):
    """The connection to the server is lost; nothing of the open transaction was kept."""


class EnginePermissionError(EngineError):
    """The server refused what this database role, or a read-only session, may not do."""


class EngineInterruptedError(EngineError):
    """The running statement was cancelled (`interrupt()`, as SQLite's "interrupted")."""


DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, EngineError)
"""Any database error, of either engine."""

INTEGRITY_ERRORS: tuple[type[Exception], ...] = (sqlite3.IntegrityError, EngineIntegrityError)
"""A refused write (unique, foreign key, NOT NULL, CHECK), of either engine."""


def unplaced_text(error: BaseException) -> str:
    """`error` in one line for a face that works in the open catalogue (the TUI): an engine
    error's `EngineError.unplaced`, without the conninfo; any other error's own text."""
    return error.unplaced if isinstance(error, EngineError) else str(error)
