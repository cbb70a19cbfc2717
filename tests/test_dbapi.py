"""The connection protocol: SQLite's own connection is one (no wrapper), and the engine errors
of either engine are caught by one ``except``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.engine_errors import (
    DB_ERRORS,
    INTEGRITY_ERRORS,
    EngineBusyError,
    EngineError,
    EngineGoneError,
    EngineIntegrityError,
    EngineInterruptedError,
    EnginePermissionError,
)


def test_a_catalogue_connection_is_sqlites_own(tmp_path: Path) -> None:
    conn: Connection = create_catalogue(tmp_path / "c.db")
    assert type(conn) is sqlite3.Connection  # nothing between the services and SQLite
    assert engine(conn) == "sqlite"
    conn.close()


def test_every_engine_error_is_caught_by_db_errors() -> None:
    for error in (
        sqlite3.OperationalError("database is locked"),
        sqlite3.IntegrityError("UNIQUE constraint failed"),
        EngineBusyError("lock timeout", "55P03"),
        EngineGoneError("server closed the connection"),
        EnginePermissionError("permission denied", "42501"),
        EngineInterruptedError("canceling statement", "57014"),
    ):
        with pytest.raises(DB_ERRORS):
            raise error


def test_integrity_errors_of_both_engines_and_nothing_else() -> None:
    with pytest.raises(INTEGRITY_ERRORS):
        raise EngineIntegrityError("duplicate key", "23505")
    with pytest.raises(INTEGRITY_ERRORS):
        raise sqlite3.IntegrityError("UNIQUE constraint failed")
    assert not isinstance(EngineBusyError("x"), INTEGRITY_ERRORS)
    assert not isinstance(sqlite3.OperationalError("x"), INTEGRITY_ERRORS)


def test_an_engine_error_keeps_the_servers_code() -> None:
    error = EngineIntegrityError("duplicate key", "23505")
    assert isinstance(error, EngineError)
    assert (str(error), error.sqlstate) == ("duplicate key", "23505")
    assert EngineGoneError("lost").sqlstate == ""
