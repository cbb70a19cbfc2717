"""Creating, opening and upgrading a catalogue on a PostgreSQL server.

`kravtui.catalogue.db`'s ``open_catalogue`` and ``create_catalogue`` come here for a
`PostgresLocation`. Each opens one connection (the adapter of
`kravtui.catalogue.postgres_connection`) and runs the opening checks of
`kravtui.catalogue.postgres_open` on it first, read-only, so a database that fails them is left
exactly as it was. Then:

- **create** makes the catalogue in one transaction under the catalogue's write lock (a second
  ``kravtui init`` at the same moment waits, then finds the tables and refuses): pg_trgm if the
  database lacks it, the baseline of `kravtui.catalogue.schema_postgres` at
  `POSTGRES_BASELINE_VERSION`, the ``postgresql`` texts of `MIGRATIONS_BOTH`, and kravtui's mark
  with the schema version. PostgreSQL's DDL is transactional: a failure leaves the database as
  it was;
- **open** upgrades an older catalogue the same way, in one transaction under the write lock,
  reading the version again under it (a session that waited finds the work done). There is no
  file to copy aside: an administrator backs a shared catalogue up with ``pg_dump``, and the
  upgrade either completes or changes nothing. A read-only session never upgrades.

Every refusal is one line, the conninfo masked and error texts scrubbed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextlib import contextmanager

from kravtui.catalogue.catalogue_errors import CatalogueError, NotEmptyError
from kravtui.catalogue.engine_errors import EngineError, EnginePermissionError
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.postgres_connection import PostgresConnection, adapt
from kravtui.catalogue.postgres_open import (
    TRIGRAM_EXTENSION,
    connect_postgres,
    has_tables,
    marked_version,
    run_checks,
)
from kravtui.catalogue.schema import (
    APPLICATION_ID,
    MIGRATIONS_BOTH,
    POSTGRES_BASELINE_VERSION,
    SCHEMA_VERSION,
)
from kravtui.catalogue.schema_postgres import FOLD_COLLATIONS, baseline_script
from kravtui.i18n import t


def _connect(location: PostgresLocation, *, read_only: bool) -> PostgresConnection:
    raw = connect_postgres(location)
    try:
        return adapt(raw, location, read_only=read_only)
    except EngineError as error:
        raw.close()
        raise CatalogueError(
            t("catalogue.postgres.cannot_connect", where=location.display, detail=str(error))
        ) from None


def _roll_back(conn: PostgresConnection) -> None:
    """End the open transaction, if the connection still has one, keeping nothing."""
    if conn.in_transaction:
        with contextlib.suppress(EngineError):  # a lost connection has ended it already
            conn.execute("ROLLBACK")


def _fold_collation(conn: PostgresConnection, where: str) -> str:
    """The first of `FOLD_COLLATIONS` this server has for UTF-8."""
    found = {
        row[0]
        for row in conn.execute(
            "SELECT collname FROM pg_collation WHERE collname = ANY(?)"
            " AND collencoding IN (-1, pg_char_to_encoding('UTF8'))",
            (list(FOLD_COLLATIONS),),
        )
    }
    for name in FOLD_COLLATIONS:
        if name in found:
            return name
    names = ", ".join(FOLD_COLLATIONS)
    raise CatalogueError(t("catalogue.postgres.no_collation", where=where, names=names))


def _make_schema(conn: PostgresConnection, where: str) -> None:
    """Inside the caller's write transaction: pg_trgm, the baseline, the later migrations and
    kravtui's mark, in a schema that was found empty under the lock."""
    if marked_version(conn.raw) is not None or has_tables(conn.raw):
        raise NotEmptyError(t("catalogue.postgres.not_empty", where=where))
    try:
        conn.execute(f"CREATE EXTENSION IF NOT EXISTS {TRIGRAM_EXTENSION}")
    except EnginePermissionError as refused:  # not an editor's matter: the database's owner's
        role = conn.raw.info.user
        raise CatalogueError(
            t("catalogue.postgres.trigram_not_allowed", where=where, role=role)
        ) from refused
    collation = _fold_collation(conn, where)
    trigram_schema = conn.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = ?",
        (TRIGRAM_EXTENSION,),
    ).fetchone()[0]
    conn.run_script(baseline_script(collation, trigram_schema))
    for migration in MIGRATIONS_BOTH:
        conn.run_script(migration.postgresql)
    conn.execute(
        "INSERT INTO kravtui_meta (application_id, schema_version) VALUES (?, ?)",
        (APPLICATION_ID, SCHEMA_VERSION),
    )


def create_postgres_catalogue(location: PostgresLocation) -> PostgresConnection:
    """A new, empty catalogue in the database `location` names (its schema must be empty);
    refuses in one line, the database left as it was, otherwise."""
    with new_postgres_catalogue(location) as conn:
        pass
    return conn


@contextmanager
def new_postgres_catalogue(location: PostgresLocation) -> Iterator[PostgresConnection]:
    """`create_postgres_catalogue`'s work with the caller's own writes in the same transaction
    (``kravtui db copy`` fills the new catalogue there): yields the connection with the schema
    made but not committed, commits when the block ends and returns the connection open (the
    caller's to close). On any error, the block's included, everything is rolled back (the
    database left as it was), the connection closed, and the error raised again; a schema that
    holds tables already is `NotEmptyError`."""
    where = location.display
    conn = _connect(location, read_only=False)
    try:
        run_checks(conn.raw, location, new=True)
        with _creating(where):
            conn.execute("BEGIN IMMEDIATE")
            _make_schema(conn, where)
        yield conn
        with _creating(where):
            conn.execute("COMMIT")
    except BaseException:
        _roll_back(conn)
        conn.close()
        raise


@contextmanager
def _creating(where: str) -> Iterator[None]:
    """An engine error while making a catalogue as one line naming the database."""
    try:
        yield
    except EngineError as error:
        raise CatalogueError(
            t("catalogue.postgres.cannot_create", where=where, detail=str(error))
        ) from None


def _upgrade(conn: PostgresConnection, version: int) -> None:
    """Run the migrations after the catalogue's version, in one transaction under the write
    lock; the version is read again under it."""
    where = conn.location.display
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = marked_version(conn.raw) or version
            if version < SCHEMA_VERSION:
                for migration in MIGRATIONS_BOTH[version - POSTGRES_BASELINE_VERSION :]:
                    conn.run_script(migration.postgresql)
                conn.execute("UPDATE kravtui_meta SET schema_version = ?", (SCHEMA_VERSION,))
            conn.execute("COMMIT")
        except BaseException:
            _roll_back(conn)
            raise
    except EngineError as error:
        raise CatalogueError(
            t("catalogue.upgrade_failed", path=where, version=version, detail=str(error))
        ) from None


def open_postgres_catalogue(
    location: PostgresLocation, *, read_only: bool = False
) -> PostgresConnection:
    """The kravtui catalogue in the database `location` names, upgraded if it is older (unless
    `read_only`); refuses in one line, having changed nothing, what is not one."""
    conn = _connect(location, read_only=read_only)
    try:
        version = run_checks(conn.raw, location, new=False)
        if version < POSTGRES_BASELINE_VERSION:  # no kravtui made such a PostgreSQL catalogue
            raise CatalogueError(t("catalogue.postgres.foreign", where=location.display))
        if version < SCHEMA_VERSION and not read_only:
            _upgrade(conn, version)
    except BaseException:
        conn.close()
        raise
    return conn
