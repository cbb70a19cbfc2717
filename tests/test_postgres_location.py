"""Telling a SQLite file from a PostgreSQL conninfo, and keeping passwords out of every message
(no server needed: `tests/test_postgres_open.py` has the checks against a real one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kravtui.catalogue.conninfo_secrets import masked_conninfo, scrub, secrets_of
from kravtui.catalogue.location import (
    LIBPQ_KEYWORDS,
    PostgresLocation,
    SqliteLocation,
    locate,
    resolve_location,
)
from tests.postgres_cluster import require_postgres


@pytest.mark.parametrize(
    "text",
    [
        "postgresql://officer@db.example.dk/kravbank?sslmode=verify-full",
        "postgres://db/kravbank",
        "postgresql:///kravbank",  # PGHOST and the rest from the environment
        "postgresql://",  # everything from the environment, as psql takes it
        "service=kravtui",
        "host=db.example.dk dbname=kravbank",
        "  dbname = kravbank",
        "user=officer",
    ],
)
def test_conninfo_is_postgres(text: str) -> None:
    location = locate(text)
    assert location == PostgresLocation(text)


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("team.db", Path("team.db")),
        ("team=a.db", Path("team=a.db")),  # "team" is no libpq keyword
        ("./service=kravtui", Path("service=kravtui")),  # the way to name such a file
        ("Postgresql://x", Path("Postgresql:/x")),  # libpq's prefixes are exact
        ("postgresql:x.db", Path("postgresql:x.db")),
        ("/srv/kravtui/catalogue.db", Path("/srv/kravtui/catalogue.db")),
        ("", Path("")),
    ],
)
def test_anything_else_is_a_file(text: str, path: Path) -> None:
    assert locate(text) == SqliteLocation(path)


def test_home_is_expanded_for_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert locate("~/k.db") == SqliteLocation(tmp_path / "k.db")


def test_the_environment_names_a_postgres_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAVTUI_DB", "service=kravtui")
    assert resolve_location() == PostgresLocation("service=kravtui")
    assert resolve_location("other.db") == SqliteLocation(Path("other.db"))  # --db wins


def test_no_choice_is_the_default_file(monkeypatch: pytest.MonkeyPatch) -> None:
    location = resolve_location()
    assert isinstance(location, SqliteLocation)
    assert location.path.name == "catalogue.db"


def test_every_libpq_keyword_is_known() -> None:
    """The keyword rule knows every keyword of the libpq psycopg brings (a newer libpq with a
    new keyword fails here: add it to LIBPQ_KEYWORDS)."""
    require_postgres()
    from psycopg import pq

    libpq = {option.keyword.decode() for option in pq.Conninfo.get_defaults()}
    assert libpq <= LIBPQ_KEYWORDS


@pytest.mark.parametrize(
    ("conninfo", "shown"),
    [
        ("postgresql://editor:hunter2@db/kravbank", "postgresql://editor:***@db/kravbank"),
        ("postgres://editor:hun%40ter2@db:5433/k", "postgres://editor:***@db:5433/k"),
        ("postgresql://e:a@b@db/k", "postgresql://e:***@db/k"),  # a stray @ in the password
        ("postgresql://e:a/b@db/k", "postgresql://e:***@db/k"),  # a stray / in it
        ("postgresql://editor@db/k", "postgresql://editor@db/k"),
        (
            "postgresql://db/k?password=hunter2&sslmode=require",
            "postgresql://db/k?password=***&sslmode=require",
        ),
        (
            "postgresql://db/k?sslmode=require&sslpassword=x",
            "postgresql://db/k?sslmode=require&sslpassword=***",
        ),
        ("host=db password=hunter2 dbname=k", "host=db password=*** dbname=k"),
        ("host=db password = 'hun ter\\'2' dbname=k", "host=db password = *** dbname=k"),
        ("host=db sslpassword=x", "host=db sslpassword=***"),
        ("service=kravtui", "service=kravtui"),
        # keywords libpq does not know, whose error echoes the whole conninfo (the walk's leak)
        ("host=db user=per PASSWORD=hunter2", "host=db user=per PASSWORD=***"),
        ("host=db Password = 'hun ter' dbname=k", "host=db Password = *** dbname=k"),
        ("host=db passwd=hunter2 dbname=k", "host=db passwd=*** dbname=k"),
        ("host=db pwd=hunter2", "host=db pwd=***"),
        ("postgresql://db/k?Password=hunter2", "postgresql://db/k?Password=***"),
        ("postgresql://db/k?SSLPASSWORD=hunter2&x=1", "postgresql://db/k?SSLPASSWORD=***&x=1"),
    ],
)
def test_a_conninfo_is_shown_without_its_password(conninfo: str, shown: str) -> None:
    assert masked_conninfo(conninfo) == shown
    assert PostgresLocation(conninfo).display == shown
    assert "hunter2" not in repr(PostgresLocation(conninfo))


def test_secrets_are_read_as_libpq_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "from-the-environment")
    assert secrets_of("postgresql://e:hun%40ter2@db/k") >= {"hun%40ter2", "hun@ter2"}
    assert "hun ter'2" in secrets_of("host=db password='hun ter\\'2'")
    assert "from-the-environment" in secrets_of("service=kravtui")


def test_an_error_that_echoes_the_password_is_scrubbed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSWORD", "envsecret")
    conninfo = "postgresql://editor:hun%40ter2@db/k"
    text = (
        'invalid URI: "postgresql://editor:hun%40ter2@db/k"; user "hun@ter2"; '
        "password=other; pw envsecret"
    )
    cleaned = scrub(text, conninfo)
    for secret in ("hun%40ter2", "hun@ter2", "other", "envsecret"):
        assert secret not in cleaned
    assert cleaned.count("***") == 4


@pytest.mark.parametrize(
    "conninfo",
    [
        "host=/nonexistent user=per PASSWORD=Secret789",
        "host=/nonexistent user=per Passwd='Secret789'",
        "postgresql://per@/k?host=/nonexistent&Password=Secret789",
    ],
)
def test_a_password_under_a_keyword_libpq_refuses_is_never_printed(
    conninfo: str, tmp_path: Path
) -> None:
    """libpq refuses the keyword and its error quotes the conninfo: the one line kravtui
    prints masks it, in any case and under names libpq does not know."""
    from click.testing import CliRunner

    from kravtui.cli import main

    result = CliRunner().invoke(main, ["--lang", "en", "--db", conninfo, "list"])
    assert result.exit_code != 0
    assert "Secret789" not in result.output and "Secret789" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
