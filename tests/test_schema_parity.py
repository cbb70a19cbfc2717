"""One schema, two engines: a new catalogue on SQLite and one on PostgreSQL hold the same tables,
columns (in order, with their type family, NOT NULL, default and whether generated), primary
keys, unique sets and foreign keys with their ON DELETE rules, and both are the SQLModel classes
of `kravtui.catalogue.models`. CHECK rules are compared by what they do: a row breaking each of
the models' rules is refused by both engines.

SQLite is read from its PRAGMAs, PostgreSQL from pg_catalog; what each engine keeps for its own
work (`ENGINE_INTERNAL`) is left out.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlalchemy.dialects import sqlite
from sqlmodel import SQLModel

from kravtui.catalogue import models  # noqa: F401  (the classes fill SQLModel.metadata)
from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.engine_errors import INTEGRITY_ERRORS
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.schema import ENGINE_INTERNAL

Shape = dict[str, Any]

ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def _family(declared: str) -> str:
    """integer or text, whatever the engine calls it (bigint, INTEGER, VARCHAR ...)."""
    lowered = declared.lower()
    if lowered in ("integer", "bigint", "boolean"):
        return "integer"
    assert lowered in ("text", "varchar"), declared
    return "text"


def _default(expression: str | None) -> str | None:
    """A column default without PostgreSQL's casts (``'normal'::text`` is SQLite's ``'normal'``)."""
    return None if expression is None else re.sub(r"::[a-z ]+$", "", expression)


def _internal(engine: str, table: str, column: str | None = None) -> bool:
    names = ENGINE_INTERNAL[engine]
    if column is not None:
        return f"{table}.{column}" in names
    return table in names or any(table.startswith(f"{name}_") for name in names if "fts" in name)


def sqlite_shape(conn: sqlite3.Connection) -> dict[str, Shape]:
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not row[0].startswith("sqlite_") and not _internal("sqlite", row[0])
    ]
    shapes: dict[str, Shape] = {}
    for table in tables:
        described = conn.execute(f"PRAGMA table_xinfo({table})").fetchall()
        primary = tuple(row[1] for row in sorted(described, key=lambda r: r[5]) if row[5])
        columns = [
            (row[1], _family(row[2]), bool(row[3]) or row[1] in primary, row[4], row[6] > 1)
            for row in described
        ]
        unique = set()
        for index in conn.execute(f"PRAGMA index_list({table})"):
            if index[2] and index[3] != "pk":
                named = tuple(r[2] for r in conn.execute(f"PRAGMA index_info({index[1]})"))
                unique.add((named, bool(index[4])))
        keys = {
            (row[3], f"{row[2]}.{row[4]}", row[6])
            for row in conn.execute(f"PRAGMA foreign_key_list({table})")
        }
        shapes[table] = {
            "columns": columns,
            "primary_key": primary,
            "unique": unique,
            "foreign_keys": keys,
        }
    return shapes


def postgres_shape(conn: Any) -> dict[str, Shape]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r'"
            " AND relnamespace = current_schema()::regnamespace"
        )
        if not _internal("postgresql", row[0])
    ]
    shapes: dict[str, Shape] = {}
    for table in tables:
        described = conn.execute(
            "SELECT a.attname, format_type(a.atttypid, NULL), a.attnotnull,"
            " pg_get_expr(d.adbin, d.adrelid), a.attgenerated <> ''"
            " FROM pg_attribute a LEFT JOIN pg_attrdef d"
            " ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.attgenerated = ''"
            " WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped"
            " ORDER BY a.attnum",
            (table,),
        ).fetchall()
        columns = [
            (name, _family(kind), notnull, _default(default), generated)
            for name, kind, notnull, default, generated in described
            if not _internal("postgresql", table, name)
        ]
        indexes = conn.execute(
            "SELECT i.indisprimary, i.indpred IS NOT NULL,"
            " array(SELECT a.attname FROM unnest(i.indkey) WITH ORDINALITY k(n, o)"
            " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o)"
            " FROM pg_index i WHERE i.indrelid = ?::regclass AND i.indisunique",
            (table,),
        ).fetchall()
        primary = next(tuple(names) for is_primary, _, names in indexes if is_primary)
        unique = {
            (tuple(names), partial) for is_primary, partial, names in indexes if not is_primary
        }
        keys = set()
        for column, target, target_column, rule in conn.execute(
            "SELECT a.attname, c.confrelid::regclass::text, f.attname, c.confdeltype"
            " FROM pg_constraint c"
            " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]"
            " WHERE c.conrelid = ?::regclass AND c.contype = 'f'",
            (table,),
        ):
            keys.add((column, f"{target}.{target_column}", ON_DELETE[rule]))
        shapes[table] = {
            "columns": columns,
            "primary_key": primary,
            "unique": unique,
            "foreign_keys": keys,
        }
    return shapes


def model_shape() -> dict[str, Shape]:
    """The models' tables in the same terms (defaults aside: the models' are Python's)."""
    shapes: dict[str, Shape] = {}
    for table in SQLModel.metadata.sorted_tables:
        primary = tuple(column.name for column in table.primary_key.columns)
        unique = {((column.name,), False) for column in table.columns if column.unique}
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint):
                unique.add((tuple(column.name for column in constraint.columns), False))
        for index in table.indexes:
            if isinstance(index, Index) and index.unique:
                partial = index.dialect_options["sqlite"]["where"] is not None
                unique.add((tuple(column.name for column in index.columns), partial))
        shapes[table.name] = {
            "columns": [
                (
                    column.name,
                    _family(column.type.compile(dialect=sqlite.dialect())),
                    not column.nullable or column.primary_key,
                    column.computed is not None,
                )
                for column in table.columns
            ],
            "primary_key": primary,
            "unique": unique,
            "foreign_keys": {
                (key.parent.name, key.target_fullname, key.ondelete or "NO ACTION")
                for key in table.foreign_keys
            },
        }
    return shapes


@pytest.fixture
def both(tmp_path: Path, postgres_url: str) -> Iterator[tuple[sqlite3.Connection, Any]]:
    lite = create_catalogue(tmp_path / "c.db")
    pg = create_catalogue(PostgresLocation(postgres_url))
    yield lite, pg
    lite.close()
    pg.close()


def test_both_engines_hold_the_same_tables_columns_keys_and_defaults(
    both: tuple[sqlite3.Connection, Any],
) -> None:
    lite, pg = both
    on_sqlite, on_postgres = sqlite_shape(lite), postgres_shape(pg)
    assert sorted(on_sqlite) == sorted(on_postgres)
    for table, shape in on_sqlite.items():
        assert on_postgres[table] == shape, table


def test_both_engines_are_the_models(both: tuple[sqlite3.Connection, Any]) -> None:
    lite, _ = both
    declared = model_shape()
    on_sqlite = sqlite_shape(lite)
    assert sorted(declared) == sorted(on_sqlite)
    for table, shape in on_sqlite.items():
        columns = [
            (name, family, notnull, generated)
            for name, family, notnull, _, generated in shape["columns"]
        ]
        assert declared[table]["columns"] == columns, table
        for part in ("primary_key", "unique", "foreign_keys"):
            assert declared[table][part] == shape[part], (table, part)


STAMP = "2024-01-01T00:00:00Z"
SEED = [
    "INSERT INTO category (id, prefix, name, position) VALUES (1, 'SIK', 'Sikkerhed', 1)",
    "INSERT INTO requirement (id, uid, title, category_id, created_at, updated_at)"
    f" VALUES (1, 'SIK-1', 'Kryptering', 1, '{STAMP}', '{STAMP}')",
    "INSERT INTO revision (requirement_id, number, action, at, content)"
    f" VALUES (1, 1, 'create', '{STAMP}', '{{}}')",
    "INSERT INTO selection (id, title, created_at, updated_at)"
    f" VALUES (1, 'S', '{STAMP}', '{STAMP}')",
    "INSERT INTO tag (id, name, position) VALUES (1, 'Cloud', 1)",
    "INSERT INTO selection_answer (selection_id, tag_id, answer) VALUES (1, 1, 'yes')",
    "INSERT INTO selection_item (selection_id, requirement_id, uid, title, category_id)"
    " VALUES (1, 1, 'SIK-1', 'Kryptering', 1)",
    f"INSERT INTO vendor (id, name, created_at) VALUES (1, 'Leverandør', '{STAMP}')",
    "INSERT INTO answer_set (id, selection_id, vendor_id, selection_version, source_name,"
    " source_sha256, source_kind, imported_at)"
    f" VALUES (1, 1, 1, 1, 'svar.xlsx', '{'a' * 64}', 'xlsx', '{STAMP}')",
    "INSERT INTO vendor_answer (answer_set_id, uid) VALUES (1, 'SIK-1')",
    "INSERT INTO answer_assessment (selection_id, vendor_id, uid, answer_set_id, status, at)"
    f" VALUES (1, 1, 'SIK-1', 1, 'none', '{STAMP}')",
]


def _rules() -> list[tuple[str, str, str]]:
    """(table, column, rule name) for every CHECK rule of the models."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                name = str(constraint.name)
                column = name.removeprefix(f"{table.name}_").removesuffix("_check")
                assert column in table.columns, name
                found.append((table.name, column, name))
    return found


def _refused(conn: Any, sql: str) -> bool:
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(sql)
    except INTEGRITY_ERRORS:
        return True
    finally:
        conn.execute("ROLLBACK")
    return False


def test_both_engines_refuse_what_breaks_each_rule(both: tuple[sqlite3.Connection, Any]) -> None:
    rules = _rules()
    assert len(rules) == 22
    for conn in both:
        conn.execute("BEGIN IMMEDIATE")
        for statement in SEED:
            conn.execute(statement)
        conn.execute("COMMIT")
    lite, pg = both
    for table, column, name in rules:
        flag = "IN (0, 1)" in str(
            next(c for c in SQLModel.metadata.tables[table].constraints if c.name == name).sqltext
        )
        bad = "2" if flag else "'not-a-value'"
        breaking = f"UPDATE {table} SET {column} = {bad}"
        assert _refused(lite, breaking), (name, "sqlite")
        assert _refused(pg, breaking), (name, "postgresql")
        keeping = f"UPDATE {table} SET {column} = {column}"
        assert not _refused(lite, keeping) and not _refused(pg, keeping), name
    second_current = (
        "INSERT INTO answer_set (selection_id, vendor_id, selection_version, source_name,"
        f" source_sha256, source_kind, imported_at, current) VALUES (1, 1, 2, 'b.xlsx',"
        f" '{'b' * 64}', 'xlsx', '{STAMP}', {{current}})"
    )
    for conn in both:
        assert _refused(conn, second_current.format(current=1))  # one current set at most
        assert not _refused(conn, second_current.format(current=0))


def test_postgresql_holds_exactly_the_models_rules(both: tuple[sqlite3.Connection, Any]) -> None:
    lite, pg = both
    on_postgres = {
        row[0]
        for row in pg.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'c'"
            " AND connamespace = current_schema()::regnamespace"
            " AND conrelid <> 'kravtui_meta'::regclass"
        )
    }
    assert on_postgres == {name for _, _, name in _rules()}
    per_table: dict[str, int] = {}
    for table, _, _ in _rules():
        per_table[table] = per_table.get(table, 0) + 1
    for table, sql in lite.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"):
        if table in per_table or not _internal("sqlite", table):
            assert sql.count("CHECK (") == per_table.get(table, 0), table
