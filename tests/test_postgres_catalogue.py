"""A catalogue on PostgreSQL: created in an empty database (`kravtui init --empty --db
postgresql://...`), opened, upgraded in one transaction, and refused in one line, the database
left as it was, where it cannot be; the functions behind its columns compute what SQLite does.

Against the throwaway cluster of `tests/postgres_cluster.py` (a fresh database per test).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue import postgres_catalogue, postgres_open
from kravtui.catalogue.db import CatalogueError, create_catalogue, open_catalogue, transaction
from kravtui.catalogue.dbapi import engine
from kravtui.catalogue.engine_errors import EnginePermissionError
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.models import UID_ORDER
from kravtui.catalogue.schema import SCHEMA_VERSION, Migration
from kravtui.catalogue.schema_postgres import DATA_TABLES, NOTIFY_CHANNEL
from kravtui.cli import main
from tests.postgres_cluster import Cluster
from tests.test_postgres_open import execute, state_of

PASSWORD = "hunter2-Sekret"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def tables(conn: Any) -> set[str]:
    return {
        row[0]
        for row in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
    }


def version_of(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT schema_version FROM kravtui_meta").fetchone()
        assert row is not None
        return int(row[0])


CATALOGUE_TABLES = {*DATA_TABLES, "kravtui_meta", "kravtui_word", "kravtui_requirement_words"}
"""The data tables, kravtui's mark and the search's word list."""


def test_a_catalogue_is_created_in_an_empty_database(postgres_url: str) -> None:
    location = PostgresLocation(postgres_url)
    conn = create_catalogue(location)
    assert engine(conn) == "postgresql"
    assert tables(conn) == CATALOGUE_TABLES
    assert version_of(postgres_url) == SCHEMA_VERSION
    with transaction(conn):
        conn.execute(
            "INSERT INTO category (prefix, name, position) VALUES (?, ?, ?)",
            ("SIK", "Sikkerhed", 1),
        )
    conn.close()
    again = open_catalogue(location)
    assert again.execute("SELECT name FROM category").fetchone()["name"] == "Sikkerhed"
    again.close()


def test_the_functions_fold_as_fts5_and_order_as_sqlite(postgres_url: str) -> None:
    conn = create_catalogue(PostgresLocation(postgres_url))
    folded = conn.execute("SELECT kravtui_fold(?), kravtui_ascii_lower(?)", ("ÆØÅ ſ µ Σ", "ÆØÅ AB"))
    assert tuple(folded.fetchone()) == ("æøå s μ σ", "ÆØÅ ab")
    conn.close()


@pytest.fixture(scope="module")
def uid_order_db(postgres_cluster: Cluster) -> Any:
    """A catalogue's functions in a database of this module's own (a property test runs many
    examples against it)."""
    postgres_cluster.admin("CREATE DATABASE uid_order TEMPLATE template0 ENCODING 'UTF8'")
    conn = create_catalogue(PostgresLocation(postgres_cluster.url("uid_order")))
    yield conn
    conn.close()
    postgres_cluster.admin("DROP DATABASE uid_order WITH (FORCE)")


UID_CHARACTERS = st.sampled_from([*"0123456789-+ \t\n\v\f\rSIKaæØ.e_x", "٣", "\xa0"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    uids=st.lists(
        st.text(UID_CHARACTERS, max_size=14)
        | st.from_regex(r"[A-Z]{1,3}-[+-]?[0-9]{0,25}", fullmatch=True),
        min_size=1,
        max_size=8,
    )
)
def test_uid_order_is_sqlites_to_the_byte(uid_order_db: Any, uids: list[str]) -> None:
    lite = sqlite3.connect(":memory:")
    expected = [
        lite.execute(f"SELECT {UID_ORDER} FROM (SELECT ? AS uid)", (u,)).fetchone()[0] for u in uids
    ]
    found = [uid_order_db.execute("SELECT kravtui_uid_order(?)", (u,)).fetchone()[0] for u in uids]
    assert found == expected
    in_order = uid_order_db.execute(
        'SELECT x FROM unnest(?::text[]) x ORDER BY x COLLATE "C"', (expected,)
    ).fetchall()
    assert [row[0] for row in in_order] == sorted(expected, key=lambda text: text.encode())


def test_a_database_with_tables_is_refused_untouched(postgres_url: str) -> None:
    execute(postgres_url, "CREATE TABLE orders (id integer PRIMARY KEY)")
    before = state_of(postgres_url)
    with pytest.raises(CatalogueError, match="already holds tables"):
        create_catalogue(PostgresLocation(postgres_url))
    assert state_of(postgres_url) == before


def test_a_second_create_finds_the_first(postgres_url: str) -> None:
    create_catalogue(PostgresLocation(postgres_url)).close()
    before = state_of(postgres_url)
    with pytest.raises(CatalogueError, match="already holds tables"):
        create_catalogue(PostgresLocation(postgres_url))
    assert state_of(postgres_url) == before


def test_a_database_not_in_utf8_is_refused_untouched(postgres_cluster: Cluster) -> None:
    postgres_cluster.admin(
        "CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
    )
    url = postgres_cluster.url("latin")
    try:
        before = state_of(url)
        with pytest.raises(CatalogueError, match=r"encoding is LATIN1.*ENCODING 'UTF8'"):
            create_catalogue(PostgresLocation(url))
        assert state_of(url) == before
    finally:
        postgres_cluster.admin("DROP DATABASE latin WITH (FORCE)")


def test_a_create_that_fails_half_way_leaves_nothing(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = postgres_catalogue.baseline_script
    monkeypatch.setattr(
        postgres_catalogue,
        "baseline_script",
        lambda collation, schema: real(collation, schema) + f"\nSELECT '{PASSWORD}'::integer;",
    )
    url = postgres_url.replace("postgres@", f"postgres:{PASSWORD}@")
    before = state_of(url)
    with pytest.raises(CatalogueError) as caught:
        create_catalogue(PostgresLocation(url))
    message = str(caught.value)
    assert "cannot create a catalogue" in message and "left as it was" in message
    assert PASSWORD not in message and "\n" not in message
    assert state_of(url) == before == [[], [("plpgsql",)], []]  # no tables, not even pg_trgm


def test_two_catalogues_live_in_two_schemas_of_one_database(postgres_url: str) -> None:
    execute(postgres_url, "CREATE SCHEMA kravbank")
    create_catalogue(PostgresLocation(postgres_url)).close()  # pg_trgm goes to public
    other = PostgresLocation(f"{postgres_url}&options=-csearch_path%3Dkravbank")
    conn = create_catalogue(other)
    assert conn.execute("SELECT current_schema()").fetchone()[0] == "kravbank"
    assert tables(conn) == CATALOGUE_TABLES
    conn.close()


def test_a_read_only_session_cannot_write(postgres_url: str) -> None:
    create_catalogue(PostgresLocation(postgres_url)).close()
    conn = open_catalogue(PostgresLocation(postgres_url), read_only=True)
    with pytest.raises(EnginePermissionError):
        conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    conn.close()


LATER = Migration(
    sqlite="CREATE TABLE later (x INTEGER);",
    postgresql="CREATE TABLE later (x bigint); INSERT INTO later VALUES (1);",
)


def test_an_older_catalogue_is_upgraded_in_one_transaction(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_catalogue(PostgresLocation(postgres_url)).close()
    monkeypatch.setattr(postgres_catalogue, "MIGRATIONS_BOTH", (LATER,))
    monkeypatch.setattr(postgres_catalogue, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setattr(postgres_open, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    reader = open_catalogue(PostgresLocation(postgres_url), read_only=True)
    assert "later" not in tables(reader)  # a read-only session never upgrades
    reader.close()
    conn = open_catalogue(PostgresLocation(postgres_url))
    assert conn.execute("SELECT x FROM later").fetchone()[0] == 1
    assert version_of(postgres_url) == SCHEMA_VERSION + 1
    conn.close()
    open_catalogue(PostgresLocation(postgres_url)).close()  # the next finds it done


def test_a_failing_upgrade_leaves_the_catalogue_as_it_was(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_catalogue(PostgresLocation(postgres_url)).close()
    broken = Migration(sqlite="", postgresql="CREATE TABLE later (x bigint); BROKEN SQL;")
    monkeypatch.setattr(postgres_catalogue, "MIGRATIONS_BOTH", (broken,))
    monkeypatch.setattr(postgres_catalogue, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    before = state_of(postgres_url)
    with pytest.raises(CatalogueError, match=f"upgrading from schema version {SCHEMA_VERSION}"):
        open_catalogue(PostgresLocation(postgres_url))
    assert state_of(postgres_url) == before
    assert version_of(postgres_url) == SCHEMA_VERSION


def test_a_committed_change_is_announced_and_a_rolled_back_one_is_not(postgres_url: str) -> None:
    import psycopg

    conn = create_catalogue(PostgresLocation(postgres_url))
    with psycopg.connect(postgres_url, autocommit=True) as listener:
        listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', 'rolled back')")
        conn.execute("ROLLBACK")
        with transaction(conn):
            conn.execute("INSERT INTO meta (key, value) VALUES ('b', 'kept')")
            conn.execute("UPDATE meta SET value = 'kept, twice' WHERE key = 'b'")
        heard = [n.payload for n in listener.notifies(timeout=5, stop_after=1)]
        heard += [n.payload for n in listener.notifies(timeout=0.5)]
    assert heard == ["public.meta"]  # once per transaction, at commit
    conn.close()


def test_kravtui_init_empty_creates_a_catalogue_there(postgres_url: str) -> None:
    url = postgres_url.replace("postgres@", f"postgres:{PASSWORD}@")
    result = run("init", "--empty", "--db", url)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Created catalogue postgresql://postgres:***@")
    assert PASSWORD not in result.output
    assert version_of(postgres_url) == SCHEMA_VERSION
    listed = run("list", "--db", url)  # ported: lists the empty catalogue
    assert listed.exit_code == 0 and listed.stdout == ""
    warning = listed.stderr  # a password in --db is seen in ps: one line says where to keep it
    assert warning.count("\n") == 1 and "~/.pgpass" in warning and PASSWORD not in warning
    shown = run("show", "SIK-1", "--db", url)  # nothing there to show, in one line
    assert shown.exit_code == 1 and shown.stderr.startswith(warning)
    assert shown.stderr.count("\n") == 2 and "SIK-1" in shown.stderr.splitlines()[1]
    again = run("init", "--empty", "--db", url)
    assert again.exit_code == 1 and "already holds tables" in again.output


def test_kravtui_init_takes_the_database_from_kravtui_db(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAVTUI_DB", postgres_url)
    result = run("init", "--empty")
    assert result.exit_code == 0, result.output
    assert version_of(postgres_url) == SCHEMA_VERSION


@pytest.mark.parametrize("length", [1_500, 10_000])
def test_a_long_title_is_stored_and_found_by_its_first_letters_on_both_engines(
    catalogue_location: Any, length: int
) -> None:
    """SQLite takes a title of any length; PostgreSQL's b-tree index rows stop at 2,704 bytes,
    and the title's prefix index held the whole title twice. A long title is stored on both,
    and a one-letter search (which looks titles up by their first letters) finds it."""
    import random

    from kravtui.catalogue.records import Category, RequirementContent
    from kravtui.catalogue.search import SearchQuery, count, search
    from tests.catalogue_factory import make_catalogue

    letters = "abcdefghijklmnopqrstuvwxyzæøå "  # random: a repeated text compresses too well
    title = "Zebra " + "".join(random.Random(length).choices(letters, k=length))
    conn = make_catalogue(
        catalogue_location,
        [RequirementContent(uid="SIK-1", title=title, category="SIK")],
        categories=[Category("SIK", "Sikkerhed")],
    )
    try:
        found = search(conn, SearchQuery(text="z"))
        assert [row.uid for row in found.rows] == ["SIK-1"]
        assert count(conn, SearchQuery(text="ze")) == 1
        assert count(conn, SearchQuery(text="zz")) == 0
    finally:
        conn.close()
