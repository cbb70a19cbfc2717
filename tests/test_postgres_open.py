"""Opening a catalogue on PostgreSQL: each check refuses in one line and leaves the database as it
was, and a kravtui catalogue passes them unchanged (docs/postgresql.md). No message shows a
password. The checks are reached as production reaches them: through `open_catalogue` and
`create_catalogue` (which run `run_checks` on their one connection) or a command.

Against the throwaway cluster of `tests/postgres_cluster.py` (a fresh database per test).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue import postgres_open
from kravtui.catalogue.db import CatalogueError, create_catalogue, open_catalogue
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.postgres_open import MARK_TABLE
from kravtui.catalogue.schema import APPLICATION_ID, SCHEMA_VERSION
from kravtui.cli import main
from tests.postgres_cluster import Cluster


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def execute(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.encode())


def state_of(url: str) -> list[Any]:
    """What a check could have changed: the schema's objects, the extensions, the mark's rows,
    and the database's row writes."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        objects = conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1"
        ).fetchall()
        extensions = conn.execute("SELECT extname FROM pg_extension ORDER BY 1").fetchall()
        marked = conn.execute("SELECT to_regclass('kravtui_meta') IS NOT NULL").fetchone()
        rows = conn.execute("SELECT * FROM kravtui_meta").fetchall() if marked[0] else []  # type: ignore[index]
        return [objects, extensions, rows]


def mark(url: str, version: int = SCHEMA_VERSION, application_id: int = APPLICATION_ID) -> None:
    """kravtui's mark as the migrations will write it (without its checks for another id)."""
    table = MARK_TABLE
    if application_id != APPLICATION_ID:
        table = (
            "CREATE TABLE kravtui_meta (singleton boolean PRIMARY KEY, application_id integer,"
            " schema_version integer)"
        )
    execute(
        url,
        table,
        "INSERT INTO kravtui_meta (singleton, application_id, schema_version)"
        f" VALUES (true, {application_id}, {version})",
    )


@pytest.fixture
def catalogue_url(postgres_url: str) -> str:
    """A database carrying kravtui's mark, pg_trgm and the case folding, as a PostgreSQL
    catalogue does."""
    execute(postgres_url, "CREATE EXTENSION pg_trgm", FOLD)
    mark(postgres_url)
    return postgres_url


FOLD = """CREATE FUNCTION kravtui_fold(text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT lower($1 COLLATE "C.utf8") $$"""
"""A case folding that passes the opening check."""


def opened_version(url: str) -> int:
    """The schema version of the catalogue `open_catalogue` opens at `url`."""
    conn = open_catalogue(PostgresLocation(url))
    try:
        return int(conn.execute("SELECT schema_version FROM kravtui_meta").fetchone()[0])
    finally:
        conn.close()


def refused(url: str, match: str, *, new: bool = False) -> None:
    """Opening (or, `new`, creating) a catalogue at `url` is refused in one line matching
    `match`, and the database is left exactly as it was."""
    before = state_of(url)
    make = create_catalogue if new else open_catalogue
    with pytest.raises(CatalogueError, match=match) as refusal:
        make(PostgresLocation(url))
    assert "\n" not in str(refusal.value)
    assert state_of(url) == before


def test_a_marked_catalogue_passes_the_checks_and_they_change_nothing(
    catalogue_url: str,
) -> None:
    before = state_of(catalogue_url)
    assert opened_version(catalogue_url) == SCHEMA_VERSION
    assert state_of(catalogue_url) == before


def test_kravtui_db_from_the_environment_reaches_the_same_checks(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAVTUI_DB", postgres_url)
    result = run("list")
    assert result.exit_code == 1
    assert "holds no kravtui catalogue (kravtui init creates one)" in result.output


def test_a_writing_command_is_refused_the_same_way_and_writes_nothing(postgres_url: str) -> None:
    before = state_of(postgres_url)
    result = run("selection", "new", "ESDH", "--db", postgres_url)
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "holds no kravtui catalogue" in result.output
    assert state_of(postgres_url) == before


def test_an_empty_database_is_named_as_such_and_left_empty(postgres_url: str) -> None:
    before = state_of(postgres_url)
    result = run("list", "--db", postgres_url)
    assert result.exit_code == 1
    assert "holds no kravtui catalogue (kravtui init creates one)" in result.output
    assert state_of(postgres_url) == before == [[], [("plpgsql",)], []]


def test_another_programs_database_is_refused_untouched(postgres_url: str) -> None:
    execute(
        postgres_url, "CREATE TABLE orders (id integer PRIMARY KEY)", "CREATE EXTENSION pg_trgm"
    )
    before = state_of(postgres_url)
    result = run("list", "--db", postgres_url)
    assert result.exit_code == 1
    assert "the database is not a kravtui catalogue; left as it was" in result.output
    assert state_of(postgres_url) == before


@pytest.mark.parametrize(
    "make",
    [
        "CREATE TABLE kravtui_meta (key text, value text)",  # a table of that name, not ours
        "CREATE TABLE kravtui_meta (application_id integer, schema_version integer)",  # no row
    ],
)
def test_a_lookalike_mark_is_not_ours(postgres_url: str, make: str) -> None:
    execute(postgres_url, make, "CREATE EXTENSION pg_trgm")
    refused(postgres_url, "not a kravtui catalogue")
    refused(postgres_url, "already holds tables", new=True)


def test_another_application_id_is_not_ours(postgres_url: str) -> None:
    execute(postgres_url, "CREATE EXTENSION pg_trgm")
    mark(postgres_url, application_id=APPLICATION_ID + 1)
    refused(postgres_url, "not a kravtui catalogue")
    refused(postgres_url, "already holds tables", new=True)


def test_a_newer_schema_is_refused(postgres_url: str) -> None:
    execute(postgres_url, "CREATE EXTENSION pg_trgm")
    mark(postgres_url, version=SCHEMA_VERSION + 1)
    result = run("list", "--db", postgres_url)
    assert result.exit_code == 1
    assert f"schema version {SCHEMA_VERSION + 1} is newer" in result.output


@pytest.mark.parametrize(
    "fold",
    [
        None,  # dropped
        """CREATE FUNCTION kravtui_fold(text) RETURNS text LANGUAGE sql IMMUTABLE
        AS $$ SELECT lower($1 COLLATE "C") $$""",  # lowers ASCII only
    ],
    ids=["missing", "ascii-only"],
)
def test_a_catalogue_whose_case_folding_fails_is_refused_untouched(
    catalogue_url: str, fold: str | None
) -> None:
    execute(catalogue_url, "DROP FUNCTION kravtui_fold(text)", *([fold] if fold else []))
    before = state_of(catalogue_url)
    result = run("list", "--db", catalogue_url)
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "kravtui_fold does not turn ÆØÅ into æøå on this server" in result.output
    assert state_of(catalogue_url) == before


def test_a_catalogue_without_pg_trgm_installed_says_how_to_add_it(postgres_url: str) -> None:
    mark(postgres_url)
    result = run("list", "--db", postgres_url)
    assert result.exit_code == 1
    assert "pg_trgm is not installed in this database" in result.output
    assert "CREATE EXTENSION pg_trgm" in result.output


def test_a_server_without_pg_trgm_is_one_line(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # This server has pg_trgm; as far as the check can tell, one without has no such extension.
    monkeypatch.setattr(postgres_open, "TRIGRAM_EXTENSION", "pg_trgm_not_on_this_server")
    refused(postgres_url, "the server lacks the pg_trgm extension", new=True)  # kravtui init's
    mark(postgres_url)
    refused(postgres_url, "the server lacks the pg_trgm extension")


def test_a_server_too_old_is_one_line(catalogue_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_open, "MIN_SERVER_VERSION", 990000)  # this one is 13 or newer
    result = run("list", "--db", catalogue_url)
    assert result.exit_code == 1
    assert "the server runs PostgreSQL 1" in result.output
    assert "kravtui needs 99 or newer" in result.output
    refused(catalogue_url, "the server runs PostgreSQL 1.*kravtui needs 99 or newer")


def test_a_server_too_old_gets_no_new_catalogue(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(postgres_open, "MIN_SERVER_VERSION", 990000)
    refused(postgres_url, "the server runs PostgreSQL 1.*kravtui needs 99 or newer", new=True)
    assert state_of(postgres_url) == [[], [("plpgsql",)], []]


def test_the_minimum_server_is_13() -> None:
    assert postgres_open.MIN_SERVER_VERSION == 130000


def test_init_with_the_sample_loads_it_into_an_empty_database(postgres_url: str) -> None:
    result = run("init", "--db", postgres_url)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created catalogue postgresql://")
    assert opened_version(postgres_url) == SCHEMA_VERSION


def test_init_refuses_a_database_with_tables(catalogue_url: str) -> None:
    before = state_of(catalogue_url)
    result = run("init", "--db", catalogue_url)
    assert result.exit_code == 1
    assert "already holds tables" in result.output
    assert state_of(catalogue_url) == before


@pytest.fixture
def password_role(postgres_cluster: Cluster, postgres_url: str) -> Iterator[str]:
    """A role with a password (the cluster trusts its socket, so the password is not checked:
    these tests are about what is shown, not about authentication)."""
    execute(postgres_url, "CREATE ROLE editor LOGIN PASSWORD 'hunter2'")
    yield "editor"
    execute(postgres_url, "DROP OWNED BY editor", "DROP ROLE editor")


def test_a_password_in_the_url_is_never_shown(
    postgres_cluster: Cluster, postgres_url: str, password_role: str
) -> None:
    url = postgres_cluster.url(
        postgres_url.rsplit("/", 1)[1].split("?")[0], password_role, "hunter2"
    )
    result = run("list", "--db", url)
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    assert "editor:***@" in result.output


def test_a_server_error_echoing_the_password_is_scrubbed(
    postgres_cluster: Cluster, password_role: str
) -> None:
    # The server names the database it did not find: here that name is the password.
    url = postgres_cluster.url("hunter2", password_role, "hunter2")
    result = run("list", "--db", url)
    assert result.exit_code == 1
    assert 'database "***" does not exist' in result.output
    assert "hunter2" not in result.output
    assert result.output.count("\n") == 1


@pytest.mark.parametrize(
    "conninfo",
    [
        "postgresql://editor:hunter2@[::1/kravbank",  # libpq echoes the whole URI
        "host=/nonexistent password=hunter2 dbname",  # ... or the keyword string's words
        "host=/nonexistent password='hunter2",
        "postgresql://editor:hunter2@/k?host=/nonexistent&port=notaport",
    ],
)
def test_libpq_errors_that_echo_the_conninfo_are_scrubbed(
    conninfo: str, postgres_cluster: Cluster
) -> None:
    result = run("list", "--db", conninfo)
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1


def test_control_characters_in_the_conninfo_are_shown_escaped(postgres_url: str) -> None:
    result = run("list", "--db", postgres_url.replace("?host", "\x1b[2J\u202e?host"))
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b" in result.output


def test_no_server_is_one_line(postgres_cluster: Cluster, tmp_path: Any) -> None:
    result = run("list", "--db", f"host={tmp_path} dbname=kravbank")
    assert result.exit_code == 1
    assert "cannot use the PostgreSQL database" in result.output
    assert result.output.count("\n") == 1


def test_a_role_that_may_not_add_pg_trgm_is_sent_to_the_owner(
    postgres_cluster: Cluster, postgres_url: str
) -> None:
    """`kravtui init` as a role that may create tables but not extensions in the database: the
    line names the role and who can add pg_trgm (it said an editor's role could, and named the
    database twice), and nothing is made."""
    dbname = postgres_url.rsplit("/", 1)[1].split("?")[0]
    execute(postgres_url, "CREATE ROLE maker LOGIN", "GRANT CREATE ON SCHEMA public TO maker")
    try:
        maker = postgres_cluster.url(dbname, "maker")
        before = state_of(postgres_url)
        result = run("init", "--empty", "--db", maker)
        assert result.exit_code == 1
        assert result.output.count("\n") == 1 and result.output.count("postgresql://") == 1
        assert "the database role maker may not add the pg_trgm extension" in result.output
        assert "owner or a superuser can, with CREATE EXTENSION pg_trgm" in result.output
        assert "editor" not in result.output
        assert state_of(postgres_url) == before
    finally:
        execute(postgres_url, "DROP OWNED BY maker", "DROP ROLE maker")
