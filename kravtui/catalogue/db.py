"""Opening a catalogue file: connection settings, migrations with backup, transactions.

Every connection runs in WAL mode with foreign keys on and a busy timeout, so two sessions on one
file (two officers over SSH) wait for each other instead of failing. Writes go through
`transaction()`, one user action per transaction. A read-only catalogue is opened with SQLite's
`mode=ro` and `query_only`, so no write can happen whatever the caller does.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kravtui.catalogue.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000


class CatalogueError(Exception):
    """A catalogue cannot be opened or changed; the message is for the user."""


class NewerSchemaError(CatalogueError):
    """The file was written by a newer kravtui than this one."""


def connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """A configured connection to an existing or new catalogue file (no migration)."""
    target = Path(path)
    if read_only:
        uri = f"file:{target.resolve().as_posix()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache for search at 100,000
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    else:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of a catalogue is kept before it is upgraded from `version`."""
    return path.with_name(f"{path.name}.schema-v{version}.bak")


def migrate(conn: sqlite3.Connection, path: Path | None = None) -> int:
    """Bring the schema up to date; copy the old file aside first. Returns the old version.

    All pending migrations run in one transaction: an upgrade either completes or leaves the
    file as it was.
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{path or 'catalogue'}: schema version {current} is newer than this kravtui "
            f"understands ({SCHEMA_VERSION}); upgrade kravtui"
        )
    if current == SCHEMA_VERSION:
        return current
    if current > 0 and path is not None:
        _backup(conn, backup_path(path, current))
    conn.execute("BEGIN IMMEDIATE")
    try:
        for script in MIGRATIONS[current:]:
            for statement in _statements(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current


def _statements(script: str) -> Iterator[str]:
    """Split a migration script into complete statements (triggers included)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


def _backup(conn: sqlite3.Connection, target: Path) -> None:
    if target.exists():
        target = target.with_name(f"{target.name}.{datetime.now(UTC):%Y%m%dT%H%M%S}")
    with sqlite3.connect(target) as copy:
        conn.backup(copy)
    copy.close()


def open_catalogue(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """Open an existing catalogue, upgrading its schema (after a backup) when it is older."""
    target = Path(path)
    if not target.exists():
        raise CatalogueError(f"{target}: no such catalogue")
    try:
        conn = connect(target, read_only=read_only)
        version = schema_version(conn)
    except sqlite3.DatabaseError as error:
        raise CatalogueError(f"{target}: not a kravtui catalogue ({error})") from error
    if read_only:
        if version != SCHEMA_VERSION:
            conn.close()
            raise CatalogueError(
                f"{target}: schema version {version}, expected {SCHEMA_VERSION}; "
                "open it once without --read-only to upgrade it"
            )
        return conn
    if version == 0 and _has_tables(conn):
        conn.close()
        raise CatalogueError(f"{target}: not a kravtui catalogue")
    migrate(conn, target)
    return conn


def create_catalogue(path: Path | str) -> sqlite3.Connection:
    """Create a new, empty catalogue at `path`; refuses to touch an existing file."""
    target = Path(path)
    if target.exists():
        raise CatalogueError(f"{target}: already exists; not overwriting it")
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = connect(target)
    migrate(conn, target)
    return conn


def _has_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One user action: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def now_iso() -> str:
    """The current UTC time as an ISO-8601 string with seconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_user() -> str:
    """The OS user, recorded as the author of changes."""
    try:
        return os.environ.get("KRAVTUI_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
