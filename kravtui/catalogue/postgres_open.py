"""Opening a catalogue on a PostgreSQL server: connecting, and the checks made before anything else.

The checks run in one read-only transaction, so a database that fails them is left exactly as it
was, and each refusal is one line naming what is missing:

1. the server is PostgreSQL `MIN_SERVER_VERSION` or newer (13: the oldest whose ``pg_trgm`` is a
   trusted extension, which a database's owner may create without being a superuser);
2. the database is a kravtui catalogue: its schema (the first one on ``search_path``, ``public``
   by default) holds the table ``kravtui_meta`` with exactly one row carrying kravtui's
   `APPLICATION_ID` and the schema version, PostgreSQL's counterpart of SQLite's
   ``application_id`` and ``user_version`` (`MARK_TABLE`). A database with no tables there is
   named as empty (``kravtui init`` makes a catalogue in it); any other is not ours;
3. ``pg_trgm`` is installed in the database (the catalogue's search indexes need it), or, for
   ``kravtui init``, available on the server (and the database's encoding is UTF8);
4. the schema version is not newer than this kravtui's;
5. the catalogue's ``kravtui_fold`` folds ``ÆØÅ`` to ``æøå`` (its collation works here).

Every message shows the conninfo masked and every error text scrubbed
(`kravtui.catalogue.conninfo_secrets`): no password is ever printed.

psycopg is imported only here and only when a PostgreSQL catalogue is asked for; without it the
refusal names the package to install.
"""

from __future__ import annotations

import contextlib
import os
from typing import TYPE_CHECKING, Any

from kravtui.catalogue.catalogue_errors import CatalogueError, NewerSchemaError, NotEmptyError
from kravtui.catalogue.conninfo_secrets import scrub
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.schema import APPLICATION_ID, SCHEMA_VERSION
from kravtui.catalogue.schema_postgres import MARK_TABLE as MARK_TABLE
from kravtui.i18n import t

if TYPE_CHECKING:
    from typing import TypeAlias

    import psycopg

    Connection: TypeAlias = psycopg.Connection[Any]

MIN_SERVER_VERSION = 130000
"""The oldest server kravtui works with, as libpq numbers versions (13.0)."""

TRIGRAM_EXTENSION = "pg_trgm"

CONNECT_TIMEOUT_S = 10
"""How long connecting may take when neither the conninfo nor $PGCONNECT_TIMEOUT says."""


def _one_line(error: BaseException, location: PostgresLocation) -> str:
    """A database error's text on one line, with every secret scrubbed."""
    text = " ".join(str(error).split()) or type(error).__name__
    return scrub(text, location.conninfo)


def connect_postgres(location: PostgresLocation) -> Connection:
    """An autocommit connection to the database `location` names (libpq's rules throughout)."""
    try:
        import psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo
    except ImportError as error:
        raise CatalogueError(t("catalogue.postgres.no_driver", where=location.display)) from error
    try:
        given = conninfo_to_dict(location.conninfo)
        extra: dict[str, str | int] = {"fallback_application_name": "kravtui"}
        if "connect_timeout" not in given and not _environment_timeout():
            extra["connect_timeout"] = CONNECT_TIMEOUT_S
        return psycopg.connect(make_conninfo(location.conninfo, **extra), autocommit=True)
    except psycopg.Error as error:
        detail = _one_line(error, location)
        raise CatalogueError(
            t("catalogue.postgres.cannot_connect", where=location.display, detail=detail)
        ) from None  # the cause's text may hold the conninfo: it is not kept


def _environment_timeout() -> bool:
    return bool(os.environ.get("PGCONNECT_TIMEOUT"))


def _check_server(conn: Connection, where: str) -> None:
    if conn.info.server_version < MIN_SERVER_VERSION:
        shown = conn.info.parameter_status("server_version") or str(conn.info.server_version)
        minimum = f"{MIN_SERVER_VERSION // 10000}"
        raise CatalogueError(
            t("catalogue.postgres.too_old", where=where, version=shown, minimum=minimum)
        )


def has_tables(conn: Connection) -> bool:
    """Whether the catalogue's schema (the first on search_path) holds any table or view."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f'))"
    ).fetchone()
    return bool(row and row[0])


def marked_version(conn: Connection) -> int | None:
    """The schema version kravtui's mark records, or None when the database carries no mark."""
    import psycopg

    found = conn.execute("SELECT to_regclass('kravtui_meta') IS NOT NULL").fetchone()
    if not found or not found[0]:
        return None
    conn.execute("SAVEPOINT mark")
    try:
        rows = conn.execute("SELECT application_id, schema_version FROM kravtui_meta").fetchall()
    except psycopg.Error:  # a table of that name with other columns: not ours
        conn.execute("ROLLBACK TO SAVEPOINT mark")
        return None
    if len(rows) != 1 or rows[0][0] != APPLICATION_ID or not isinstance(rows[0][1], int):
        return None
    return rows[0][1]


def _trigram(conn: Connection) -> tuple[bool, bool]:
    """Whether pg_trgm is (available on the server, installed in this database)."""
    row = conn.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = %s),"
        " EXISTS (SELECT 1 FROM pg_extension WHERE extname = %s)",
        (TRIGRAM_EXTENSION, TRIGRAM_EXTENSION),
    ).fetchone()
    assert row is not None
    return bool(row[0]), bool(row[1])


def _check_trigram(conn: Connection, where: str, installed: bool) -> None:
    available, present = _trigram(conn)
    if present or (available and not installed):
        return
    key = (
        "catalogue.postgres.trigram_not_installed" if available else "catalogue.postgres.no_trigram"
    )
    raise CatalogueError(t(key, where=where))


def _check_encoding(conn: Connection, where: str) -> None:
    row = conn.execute(
        "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()"
    ).fetchone()
    encoding = str(row[0]) if row else "?"
    if encoding != "UTF8":
        raise CatalogueError(t("catalogue.postgres.not_utf8", where=where, encoding=encoding))


FOLD_CHECK = ("ÆØÅ", "æøå")
"""What `kravtui_fold` must make of a text, as SQLite's index folds it (docs/postgresql.md, §3c):
its collation lowers letters beyond ASCII."""


def _check_fold(conn: Connection, where: str) -> None:
    """The catalogue's case folding works on this server (a restore elsewhere could have left
    it lowering ASCII only), else searches would miss what SQLite finds."""
    row = conn.execute("SELECT to_regprocedure('kravtui_fold(text)') IS NOT NULL").fetchone()
    if row is not None and row[0]:
        row = conn.execute("SELECT kravtui_fold(%s)", (FOLD_CHECK[0],)).fetchone()
    if row is None or row[0] != FOLD_CHECK[1]:
        raise CatalogueError(t("catalogue.postgres.bad_fold", where=where))


def _checked_version(conn: Connection, where: str, *, new: bool) -> int:
    """The checks, inside the caller's read-only transaction; the schema version (0 for `new`)."""
    _check_server(conn, where)
    version = marked_version(conn)
    if new:
        if version is not None or has_tables(conn):
            raise NotEmptyError(t("catalogue.postgres.not_empty", where=where))
        _check_encoding(conn, where)
        _check_trigram(conn, where, installed=False)
        return 0
    if version is None:
        key = "catalogue.postgres.foreign" if has_tables(conn) else "catalogue.postgres.empty"
        raise CatalogueError(t(key, where=where))
    _check_trigram(conn, where, installed=True)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            t("catalogue.newer", path=where, version=version, supported=SCHEMA_VERSION)
        )
    _check_fold(conn, where)
    return version


def run_checks(conn: Connection, location: PostgresLocation, *, new: bool) -> int:
    """Run the checks on `conn` (autocommit, no transaction open) in one read-only transaction,
    rolled back afterwards; the schema version (0: an empty database, allowed only when `new`).
    Raises `CatalogueError` (one line) for whatever fails, having changed nothing."""
    import psycopg

    try:
        conn.execute("BEGIN READ ONLY")
        try:
            return _checked_version(conn, location.display, new=new)
        finally:
            with contextlib.suppress(psycopg.Error):
                conn.execute("ROLLBACK")  # nothing was written; a lost connection has ended it
    except psycopg.Error as error:
        detail = _one_line(error, location)
        raise CatalogueError(
            t("catalogue.postgres.cannot_connect", where=location.display, detail=detail)
        ) from None
