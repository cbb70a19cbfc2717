"""The SQLModel classes match the migrated schema, read a real catalogue, and port to PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel, select

from kravtui.catalogue import models
from kravtui.catalogue.db import create_catalogue
from kravtui.interchange.sample import create_from_sample

# Kept by the triggers for their own work (v4: renumbering; v6: the word list search shortens
# query words with), not part of the data model.
INTERNAL_TABLES = {"requirement_renumbering", "requirement_word"}


def _affinity(column_type: TypeEngine[object]) -> str:
    """SQLite's storage class for a model column's type (VARCHAR is TEXT, BOOLEAN is INTEGER)."""
    name = column_type.compile(dialect=sqlite.dialect())
    return {"VARCHAR": "TEXT", "TEXT": "TEXT", "INTEGER": "INTEGER", "BOOLEAN": "INTEGER"}[name]


def _schema(conn: sqlite3.Connection) -> dict[str, dict[str, object]]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'requirement_fts%'"
        )
    ]
    described: dict[str, dict[str, object]] = {}
    for table in set(tables) - INTERNAL_TABLES:
        columns = {
            row[1]: (row[2], bool(row[3]) and not row[5], row[5] > 0)
            for row in conn.execute(f"PRAGMA table_xinfo({table})")
        }
        keys = {
            (row[3], f"{row[2]}.{row[4]}", row[6])
            for row in conn.execute(f"PRAGMA foreign_key_list({table})")
        }
        described[table] = {"columns": columns, "foreign_keys": keys}
    return described


def _model_schema() -> dict[str, dict[str, object]]:
    described: dict[str, dict[str, object]] = {}
    for table in SQLModel.metadata.sorted_tables:
        columns = {
            column.name: (
                _affinity(column.type),
                not column.nullable and not column.primary_key,
                column.primary_key,
            )
            for column in table.columns
        }
        keys = {
            (key.parent.name, key.target_fullname, key.ondelete or "NO ACTION")
            for key in table.foreign_keys
        }
        described[table.name] = {"columns": columns, "foreign_keys": keys}
    return described


def test_the_models_describe_every_table_and_column_of_the_schema(tmp_path: Path) -> None:
    conn = create_catalogue(tmp_path / "c.db")
    schema = _schema(conn)
    declared = _model_schema()
    assert sorted(declared) == sorted(schema)
    for table, expected in schema.items():
        assert declared[table] == expected, table


def test_a_catalogue_is_read_through_the_models(tmp_path: Path) -> None:
    path = tmp_path / "sample.db"
    create_from_sample(path).close()
    with Session(models.engine(path)) as session:
        favourites = session.exec(
            select(models.Requirement).where(models.Requirement.favourite)
        ).all()
        assert favourites and all(requirement.favourite for requirement in favourites)
        category = session.get(models.Category, favourites[0].category_id)
        assert category is not None and favourites[0].uid.startswith(category.prefix)


def test_the_engine_is_read_only_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "sample.db"
    create_from_sample(path).close()
    with Session(models.engine(path)) as session:
        session.add(models.Meta(key="note", value="x"))
        with pytest.raises(Exception, match="readonly"):
            session.commit()


def test_the_models_compile_for_postgresql() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    text = "\n".join(
        str(CreateTable(table).compile(dialect=dialect))
        for table in SQLModel.metadata.sorted_tables
    )
    assert "CREATE TABLE requirement (" in text
    assert "REFERENCES category (id) ON DELETE RESTRICT" in text
    assert "GENERATED ALWAYS AS" in text
