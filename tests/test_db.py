"""Connection settings, migrations with backup, and refusals of files we cannot use; a
transaction, a read snapshot and the tests' catalogue factory on either engine."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kravtui.catalogue.db import (
    CatalogueError,
    NewerSchemaError,
    backup_path,
    create_catalogue,
    open_catalogue,
    read_snapshot,
    schema_version,
    transaction,
)
from kravtui.catalogue.engine_errors import INTEGRITY_ERRORS
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.schema import MIGRATIONS, SCHEMA_VERSION, Migration
from tests.catalogue_factory import add_selection, make_catalogue
from tests.catalogue_files import old_schema_catalogue


def _first_schema_catalogue(path: Path) -> None:
    """A catalogue as the first released kravtui wrote it, with one requirement in it."""
    old_schema_catalogue(path, 1)


def test_new_catalogue_uses_wal_foreign_keys_and_current_schema(tmp_path: Path) -> None:
    conn = create_catalogue(tmp_path / "c.db")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert schema_version(conn) == SCHEMA_VERSION
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO subcategory (category_id, name, position) VALUES (999, 'x', 0)")


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    path.write_bytes(b"keep me")
    with pytest.raises(CatalogueError, match="already exists"):
        create_catalogue(path)
    assert path.read_bytes() == b"keep me"


def test_first_schema_catalogue_is_upgraded_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _first_schema_catalogue(path)
    conn = open_catalogue(path)
    assert schema_version(conn) == SCHEMA_VERSION
    assert conn.execute("SELECT uid FROM requirement").fetchall()[0][0] == "SIK-001"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert {"meta", "revision_at", "requirement_deleted"} <= tables
    backup = sqlite3.connect(backup_path(path, 1))
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT uid FROM requirement").fetchone()[0] == "SIK-001"


def test_a_failing_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _first_schema_catalogue(path)
    import kravtui.catalogue.db as db

    monkeypatch.setattr(db, "MIGRATIONS", (MIGRATIONS[0], "CREATE TABLE meta (x);\nBROKEN SQL;"))
    monkeypatch.setattr(db, "SCHEMA_VERSION", 2)
    with pytest.raises(CatalogueError, match="upgrading from schema version 1 failed"):
        open_catalogue(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "meta" not in names


def test_a_migration_for_both_engines_runs_its_sqlite_text_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.db"
    create_catalogue(path).close()
    import kravtui.catalogue.db as db

    later = Migration(sqlite="CREATE TABLE later (x INTEGER);", postgresql="CREATE TABLE nope;")
    monkeypatch.setattr(db, "MIGRATIONS_BOTH", (later,))
    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    conn = open_catalogue(path)
    assert schema_version(conn) == SCHEMA_VERSION + 1
    assert conn.execute("SELECT count(*) FROM later").fetchone()[0] == 0
    assert backup_path(path, SCHEMA_VERSION).exists()
    conn.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    create_catalogue(path).close()
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(NewerSchemaError, match="newer"):
        open_catalogue(path)


def test_a_file_that_is_not_a_catalogue_is_refused(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("this is not sqlite" * 100)
    with pytest.raises(CatalogueError, match="not a kravtui catalogue"):
        open_catalogue(text_file)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)")
    with pytest.raises(CatalogueError, match="not a kravtui catalogue"):
        open_catalogue(other)
    with pytest.raises(CatalogueError, match="no such catalogue"):
        open_catalogue(tmp_path / "missing.db")


def test_read_only_connection_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    create_catalogue(path).close()
    conn = open_catalogue(path, read_only=True)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("INSERT INTO domain (name, position) VALUES ('x', 0)")
    # Even with SQLite's query_only switched off, the file is opened read-only.
    conn.execute("PRAGMA query_only = OFF")
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("INSERT INTO domain (name, position) VALUES ('x', 0)")


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    conn = create_catalogue(tmp_path / "c.db")
    with pytest.raises(RuntimeError), transaction(conn):
        conn.execute("INSERT INTO domain (name, position) VALUES ('Økonomi', 0)")
        raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM domain").fetchone()[0] == 0


def test_a_transaction_is_one_user_action_on_either_engine(
    catalogue_location: CatalogueLocation,
) -> None:
    conn = create_catalogue(catalogue_location)
    with pytest.raises(INTEGRITY_ERRORS), transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        conn.execute("INSERT INTO meta (key, value) VALUES ('a', '2')")
    assert not conn.in_transaction
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
    with transaction(conn) as same:
        same.execute("INSERT INTO meta (key, value) VALUES (?, ?)", ("a", "1"))
    assert conn.execute("SELECT value FROM meta WHERE key = ?", ("a",)).fetchone()["value"] == "1"
    conn.close()


def test_a_read_snapshot_sees_one_moment_on_either_engine(
    catalogue_location: CatalogueLocation,
) -> None:
    conn = create_catalogue(catalogue_location)
    other = open_catalogue(catalogue_location)
    with read_snapshot(conn):
        assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
        with transaction(other):
            other.execute("INSERT INTO meta (key, value) VALUES ('a', '1')")
        assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM meta").fetchone()[0] == 1
    other.close()
    conn.close()


def test_the_test_catalogue_factory_works_on_either_engine(
    catalogue_location: CatalogueLocation,
) -> None:
    requirements = [
        RequirementContent(
            uid="SIK-2", title="Logning", category="SIK", subcategory="Drift", domains=("Skole",)
        ),
        RequirementContent(uid="SIK-10", title="Kryptering", category="SIK", tags=("Cloud",)),
    ]
    conn = make_catalogue(catalogue_location, requirements)
    add_selection(conn, ticked=["SIK-10"], unticked=["SIK-2"])
    listed = conn.execute("SELECT uid FROM requirement ORDER BY uid_order, id").fetchall()
    assert [row["uid"] for row in listed] == ["SIK-2", "SIK-10"]
    ticked = conn.execute("SELECT uid FROM selection_item WHERE ticked = 1").fetchall()
    assert [row[0] for row in ticked] == ["SIK-10"]
    conn.close()
