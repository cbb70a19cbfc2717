"""Copying a whole catalogue to a new place: ``kravtui db copy SRC DST`` (docs/postgresql.md, §3f).

SRC is any catalogue, a file or a PostgreSQL database, opened read-only and read in one snapshot,
`BATCH` rows at a time. DST is a file that does not exist yet or an empty PostgreSQL database: a
catalogue is made there at this kravtui's schema version (SRC must be at it too) and filled in
one transaction, so DST ends up either a full copy or as it was: a file made here is removed
again, and on a server the schema and the rows go in the same transaction, rolled back on any
error.

Every table of the data model is copied in an order its foreign keys allow (`DATA_TABLES`),
every row with its id, every column as it is stored, history and selections included. What one
engine keeps for its own work is left out and rebuilt by the target: SQLite's list keys,
full-text indexes and word list (`ENGINE_INTERNAL`, ``requirement.list_key``), PostgreSQL's mark
and its generated columns, and the transient flags a writer keeps in ``meta`` inside its own
transaction. Into SQLite the rows go through `kravtui.catalogue.bulk_load`, which keys, indexes
and lists the words of the requirements as an import does; into PostgreSQL through ``COPY ...
FROM STDIN``, with the tables' own triggers paused (history keeps its authors as they are) and
each identity set after the largest id copied, and the word list's words split here
(`kravtui.catalogue.postgres_words`).

Every refusal and failure is a `CopyError` of one line; a conninfo is only ever shown masked,
and an engine's error text is scrubbed of its secrets. psycopg is imported only for a database.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kravtui.catalogue.bulk_load import BulkLoad, bulk_load
from kravtui.catalogue.catalogue_errors import NotEmptyError
from kravtui.catalogue.db import (
    CatalogueError,
    create_catalogue,
    discard_new_catalogue,
    journal_aside,
    open_catalogue,
    read_snapshot,
    transaction,
)
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.engine_errors import DB_ERRORS
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.catalogue.postgres_words import fill_word_list
from kravtui.catalogue.schema import ENGINE_INTERNAL, SCHEMA_VERSION
from kravtui.catalogue.schema_postgres import DATA_TABLES, SEARCHED
from kravtui.i18n import t

if TYPE_CHECKING:
    from kravtui.catalogue.postgres_connection import PostgresConnection

BATCH = 5_000
"""Rows read from SRC at a time (and written to DST at a time)."""

KEPT_BY_ENGINE = frozenset(
    {
        "requirement.list_key",
        *(name for names in ENGINE_INTERNAL.values() for name in names if "." in name),
    }
)
"""Columns an engine fills itself (``table.column``): never copied."""

TRANSIENT_META = ("bulk_load", "renumbering")
"""``meta`` keys a writer sets and removes inside its own transaction: never copied."""

Row = tuple[Any, ...]
Progress = Callable[[str, int, int], None]
"""Told (table, rows copied of it so far, its rows in all) after every batch."""


class CopyError(Exception):
    """A copy refused or failed, in one line; nothing was left at DST."""


@dataclass(frozen=True, slots=True)
class TablePlan:
    """One table to copy: its columns (id first when it has one) and how many rows SRC holds."""

    name: str
    columns: tuple[str, ...]
    rows: int


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What a finished copy wrote: rows per table, in the order they were copied."""

    rows: dict[str, int]

    @property
    def requirements(self) -> int:
        return self.rows.get("requirement", 0)

    @property
    def selections(self) -> int:
        return self.rows.get("selection", 0)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def copy_catalogue(
    source: CatalogueLocation, target: CatalogueLocation, progress: Progress | None = None
) -> CopyReport:
    """Copy the catalogue at `source` into a new catalogue at `target` (see the module).
    Raises `CopyError` (one line) when refused or failed, having left nothing at `target`."""
    if _same_place(source, target):
        raise CopyError(t("db.copy.same", source=source.display))
    try:
        src = open_catalogue(source, read_only=True)
    except CatalogueError as error:
        raise CopyError(str(error)) from None
    try:
        version = _schema_version(src)
        if version != SCHEMA_VERSION:
            raise CopyError(
                t("db.copy.older", source=source.display, version=version, current=SCHEMA_VERSION)
            )
        with read_snapshot(src):
            plans = _plans(src)
            if isinstance(target, SqliteLocation):
                _into_sqlite(src, plans, target, progress)
            else:
                _into_postgres(src, plans, target, progress)
    except DB_ERRORS as error:
        detail = _one_line(error)
        raise CopyError(t("db.copy.failed", target=target.display, detail=detail)) from None
    except OSError as error:
        detail = error.strerror or str(error)
        raise CopyError(t("db.copy.failed", target=target.display, detail=detail)) from None
    finally:
        src.close()
    return CopyReport({plan.name: plan.rows for plan in plans})


def _one_line(error: BaseException) -> str:
    """An engine error's text on one line (a PostgreSQL one arrives scrubbed already)."""
    return " ".join(str(error).split()) or type(error).__name__


def _same_place(source: CatalogueLocation, target: CatalogueLocation) -> bool:
    """Whether `target` names the very catalogue `source` does (the same file by any path, or
    the same conninfo)."""
    if isinstance(source, SqliteLocation) and isinstance(target, SqliteLocation):
        try:
            return os.path.samefile(source.path, target.path)
        except OSError:
            return False
    return source == target


def _schema_version(conn: Connection) -> int:
    if engine(conn) == "sqlite":
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    return int(conn.execute("SELECT schema_version FROM kravtui_meta").fetchone()[0])


def _columns(conn: Connection, table: str) -> tuple[str, ...]:
    """The stored columns of `table` that are copied (generated and engine-kept ones left out),
    ``id`` first when there is one."""
    if engine(conn) == "sqlite":
        cursor = conn.execute(f"SELECT name, hidden FROM pragma_table_xinfo('{table}')")
        names = [str(row[0]) for row in cursor if row[1] == 0]
    else:
        cursor = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = ? AND is_generated = 'NEVER'"
            " ORDER BY ordinal_position",
            (table,),
        )
        names = [str(row[0]) for row in cursor]
    kept = [name for name in names if f"{table}.{name}" not in KEPT_BY_ENGINE]
    return tuple(sorted(kept, key=lambda name: name != "id"))


def _plans(src: Connection) -> list[TablePlan]:
    plans = []
    for table in DATA_TABLES:
        count = src.execute(f"SELECT count(*) FROM {table}{_where(table)}").fetchone()[0]
        plans.append(TablePlan(table, _columns(src, table), int(count)))
    return plans


def _where(table: str) -> str:
    if table != "meta":
        return ""
    listed = ", ".join(f"'{key}'" for key in TRANSIENT_META)
    return f" WHERE key NOT IN ({listed})"


def _select(plan: TablePlan) -> str:
    order = " ORDER BY id" if plan.columns[0] == "id" else ""
    return f"SELECT {', '.join(plan.columns)} FROM {plan.name}{_where(plan.name)}{order}"


def _batches(src: Connection, plan: TablePlan) -> Iterator[list[Row]]:
    """The rows of `plan`'s table, `BATCH` at a time, as plain tuples in the plan's columns."""
    if engine(src) == "postgresql":
        yield from _server_batches(src, _select(plan))
        return
    cursor = src.cursor()
    cursor.row_factory = None
    cursor.execute(_select(plan))
    fetch: Callable[[int], list[Row]] = cursor.fetchmany  # type: ignore[attr-defined]
    while rows := fetch(BATCH):
        yield rows


def _server_batches(src: Connection, sql: str) -> Iterator[list[Row]]:
    """Rows from a server-side cursor of the snapshot's transaction: memory stays one batch."""
    import psycopg

    conn: PostgresConnection = src  # type: ignore[assignment]
    try:
        with conn.raw.cursor(name="kravtui_copy") as cursor:
            cursor.itersize = BATCH
            cursor.execute(sql.encode())
            while rows := cursor.fetchmany(BATCH):
                yield rows
    except psycopg.Error as error:
        raise conn.translated(error) from None


def _counted(
    plan: TablePlan, batches: Iterator[list[Row]], progress: Progress | None
) -> Iterator[list[Row]]:
    done = 0
    for rows in batches:
        yield rows
        done += len(rows)
        if progress is not None:
            progress(plan.name, done, plan.rows)


def _check_columns(dst: Connection, plans: Sequence[TablePlan]) -> None:
    """Both catalogues are at one schema version, so their columns are the same; say so if a
    table's are not rather than copy part of it."""
    for plan in plans:
        if set(_columns(dst, plan.name)) != set(plan.columns):
            raise CopyError(t("db.copy.columns_differ", table=plan.name))


# --- into a SQLite file ----------------------------------------------------------------------


def _into_sqlite(
    src: Connection, plans: Sequence[TablePlan], target: SqliteLocation, progress: Progress | None
) -> None:
    """Make the file (and its folders) and fill it in one transaction; on any error remove
    what was made again."""
    made = _missing_folders(target.path)
    try:
        dst = create_catalogue(target.path)
    except CatalogueError as error:
        _remove_folders(made)
        raise CopyError(str(error)) from None
    try:
        _check_columns(dst, plans)
        expected = next(plan.rows for plan in plans if plan.name == "requirement")
        with journal_aside(dst), transaction(dst), bulk_load(dst, expected) as loader:
            for plan in plans:
                batches = _counted(plan, _batches(src, plan), progress)
                if plan.name == "requirement":
                    _requirements_into_sqlite(loader, plan, batches)
                else:
                    marks = ", ".join("?" * len(plan.columns))
                    sql = f"INSERT INTO {plan.name} ({', '.join(plan.columns)}) VALUES ({marks})"
                    for rows in batches:
                        dst.executemany(sql, rows)
    except BaseException:
        dst.close()
        discard_new_catalogue(target.path)
        _remove_folders(made)
        raise
    dst.close()


def _missing_folders(path: Path) -> list[Path]:
    """The folders above `path` that do not exist yet, innermost first."""
    missing = []
    folder = path.parent
    while not folder.exists() and not folder.is_symlink() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_folders(folders: list[Path]) -> None:
    """Remove these folders (innermost first) that a failed copy made, if they are empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def _requirements_into_sqlite(
    loader: BulkLoad, plan: TablePlan, batches: Iterator[list[Row]]
) -> None:
    """The requirements through the bulk load, each with its own id: a run of consecutive ids
    at a time (the loader numbers a run from its ``next_id``), their searched texts' words
    listed. The loader keys them in list order and indexes them when it finishes."""
    columns = plan.columns[1:]  # after the id
    uid = columns.index("uid")
    searched = [columns.index(name) for name in SEARCHED]
    for rows in batches:
        for run in _runs(rows):
            loader.next_id = int(run[0][0])
            values = [row[1:] for row in run]
            loader.insert(columns, values, [str(row[uid]) for row in values])
            loader.add_words(" ".join(str(row[i]) for i in searched) for row in values)


def _runs(rows: list[Row]) -> Iterator[list[Row]]:
    """`rows` (in id order) cut where an id does not follow the one before."""
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][0] != rows[index - 1][0] + 1:
            yield rows[start:index]
            start = index


# --- into a PostgreSQL database --------------------------------------------------------------


def _into_postgres(
    src: Connection,
    plans: Sequence[TablePlan],
    target: PostgresLocation,
    progress: Progress | None,
) -> None:
    """Make the schema and fill it in one transaction (`new_postgres_catalogue`): committed
    only when every row is in."""
    from kravtui.catalogue.postgres_catalogue import new_postgres_catalogue

    try:
        with new_postgres_catalogue(target) as dst:
            _check_columns(dst, plans)
            for plan in plans:
                _copy_in(dst, plan, _counted(plan, _batches(src, plan), progress))
            _set_identities(dst, [plan.name for plan in plans])
            # The word list's triggers were paused with the others: its words are split here
            # (the server's SQL split cost it about 23 s of a copy of 100,000).
            fill_word_list(dst)
            dst.execute("ANALYZE")  # the planner's statistics now (`bulk_load.ANALYZE_AFTER`)
    except NotEmptyError:
        raise CopyError(t("db.copy.not_empty", target=target.display)) from None
    except CatalogueError as error:
        raise CopyError(str(error)) from None
    dst.close()


def _copy_in(dst: PostgresConnection, plan: TablePlan, batches: Iterator[list[Row]]) -> None:
    """One table by ``COPY ... FROM STDIN`` into the new, empty table: its triggers paused
    meanwhile (a trigger that stamps who wrote a row would otherwise rewrite history's
    authors), its foreign keys checked once for the whole table afterwards rather than by
    a query per row (a third of the time the copy took, at 100,000 requirements), and its
    indexes built from the full table (the search's trigram index: 9 s instead of 16 at
    100,000)."""
    import psycopg

    table = _quoted(plan.name)
    columns = ", ".join(_quoted(name) for name in plan.columns)
    dst.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    drop_key = f"ALTER TABLE {table} DROP CONSTRAINT "
    keys = _dropped(dst, plan.name, _FOREIGN_KEYS, lambda key: drop_key + _quoted(key))
    indexes = _dropped(dst, plan.name, _PLAIN_INDEXES, lambda index: f"DROP INDEX {index}")
    try:
        statement = f"COPY {table} ({columns}) FROM STDIN"
        with dst.raw.cursor() as cursor, cursor.copy(statement.encode()) as copy:
            for rows in batches:
                for row in rows:
                    copy.write_row(row)
    except psycopg.Error as error:
        raise dst.translated(error) from None
    for _, definition in indexes:
        dst.execute(definition)
    for name, definition in keys:
        dst.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_quoted(name)} {definition}")
    dst.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


_FOREIGN_KEYS = (
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname"
)
"""A table's foreign keys: name and definition (adding one back checks every row in one
statement, and gives it back exactly as it was)."""

_PLAIN_INDEXES = (
    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
    " WHERE i.indrelid = ?::regclass AND NOT EXISTS"
    " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
    " ORDER BY i.indexrelid"
)
"""A table's indexes but those of its keys and unique sets: name (qualified as needed) and the
statement that builds it again as it was."""


def _dropped(
    dst: PostgresConnection, table: str, query: str, drop: Callable[[str], str]
) -> list[tuple[str, str]]:
    """Drop each of `table`'s objects `query` finds, by the statement `drop` makes of its name;
    their names and definitions, to make them again."""
    found = dst.execute(query, (_quoted(table),)).fetchall()
    for name, _ in found:
        dst.execute(drop(str(name)))
    return [(str(name), str(definition)) for name, definition in found]


def _set_identities(dst: PostgresConnection, tables: list[str]) -> None:
    """Each identity column continues after the largest id copied (or starts at 1)."""
    found = dst.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
        " AND table_name = ANY(?)",
        (tables,),
    ).fetchall()
    for table, column in found:
        dst.execute(
            f"SELECT setval(pg_get_serial_sequence(?, ?), COALESCE(max({_quoted(column)}), 1),"
            f" max({_quoted(column)}) IS NOT NULL) FROM {_quoted(table)}",
            (_quoted(table), column),
        )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
