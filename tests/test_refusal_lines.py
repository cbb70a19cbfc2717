"""A PostgreSQL refusal, said where the user works in the open catalogue: no conninfo in it.

Without a server: the adapter's error for what psycopg raises, on a connection whose raw part
is a stand-in. A command's line names the catalogue (masked) and, for a role refused a change,
who can make it, as before; the error's `unplaced` line (the TUI's) says what the server
refused whom, in its words, without the conninfo, which named the host, the socket folder and
the database in the middle of a notification. The TUI's own test of it with a server is
`tests/tui/test_postgres_refused_save.py`; `tests/tui/test_refused_save_words.py` shows the
form using this line.
"""

from __future__ import annotations

from types import SimpleNamespace

import psycopg
import pytest

from kravtui.catalogue.engine_errors import (
    EngineError,
    EngineGoneError,
    EnginePermissionError,
    unplaced_text,
)
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.postgres_connection import PostgresConnection
from kravtui.i18n import set_language

SECRET = "hemmelig-kode-42"
LOCATION = PostgresLocation(
    f"postgresql://anna:{SECRET}@db.example.dk:5433/kravbank?sslmode=require&application_name=x"
)
PLACE = ("postgresql://", "db.example.dk", "5433", "kravbank", "sslmode", SECRET, "***")


def connection(*, lost: bool = False) -> PostgresConnection:
    """The adapter over a stand-in for psycopg's connection: only what a refusal reads."""
    raw = SimpleNamespace(broken=lost, closed=False, info=SimpleNamespace(user="anna"))
    return PostgresConnection(raw, LOCATION)  # type: ignore[arg-type]


WORDS = {
    "en": (
        "the server refused the database role anna this change "
        "(permission denied for table requirement); nothing was changed"
    ),
    "da": (
        "serveren nægtede databaserollen anna denne ændring "
        "(permission denied for table requirement); intet er ændret"
    ),
}


@pytest.mark.parametrize("language", ["en", "da"])
def test_a_refused_change_is_one_line_without_the_conninfo(language: str) -> None:
    set_language(language)
    refused = psycopg.errors.InsufficientPrivilege("permission denied for table\nrequirement")
    error = connection().translated(refused)
    assert isinstance(error, EnginePermissionError) and error.sqlstate == "42501"
    assert unplaced_text(error) == error.unplaced == WORDS[language]
    for part in PLACE:
        assert part not in error.unplaced
    # a command's line is as it was: the catalogue named (masked), and who can
    line = str(error)
    assert line.startswith(LOCATION.display + ": ") and SECRET not in line
    assert ("editor's rights" if language == "en" else "redaktørs rettigheder") in line


def test_a_read_only_transaction_and_a_lost_server_say_so_without_the_conninfo() -> None:
    read_only = psycopg.errors.ReadOnlySqlTransaction("cannot execute UPDATE in a read-only")
    error = connection().translated(read_only)
    assert error.unplaced == "the catalogue is open read-only; nothing was changed"
    lost = connection(lost=True).translated(psycopg.OperationalError("server closed the socket"))
    assert isinstance(lost, EngineGoneError)
    assert lost.unplaced == "the catalogue's server does not answer; nothing was changed"
    assert str(lost).startswith(LOCATION.display)
    for made in (error, lost):
        assert not any(part in made.unplaced for part in PLACE)


def test_any_other_error_is_said_as_it_is() -> None:
    assert unplaced_text(ValueError("SIK-2: Title: at most 500 characters")) == (
        "SIK-2: Title: at most 500 characters"
    )
    assert unplaced_text(EngineError("deadlock detected", "40P01")) == "deadlock detected"
