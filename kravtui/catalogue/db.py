"""Opening a catalogue file: recognising it, connection settings, migrations with backup.

Nothing is written to a file before it is recognised as a kravtui catalogue (`recognition`):
it is first looked at through a connection that cannot change it (SQLite's `immutable=1` when no
write-ahead log is beside it, else `mode=ro`), so another program's file is left byte for byte
as it was, with no journal files beside it. Only then is it switched to WAL and upgraded.

Every writing connection runs in WAL mode with foreign keys on and a busy timeout, so two
sessions on one file (two officers over SSH) wait for each other instead of failing. Writes go
through `transaction()`, one user action per transaction. The one exception: a big first load
into a catalogue nobody else has open goes through the rollback journal (`journal_aside`), which
writes each new page once where WAL writes it twice; WAL is set again after. An upgrade takes
the write lock first and reads the schema version under it, so a second process opening the
same old catalogue waits and then finds it upgraded.

A read-only catalogue is opened with SQLite's `mode=ro` and `query_only`, so no write can happen
whatever the caller does. A catalogue this process cannot write (its folder or the file is not
writable) can only be opened read-only; where the folder is not writable and the write-ahead
log's files are not there to share, SQLite could not make them, so it is read as `immutable=1`:
the catalogue as it is when opened (its owner's later changes are not seen until it is opened
again).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar, overload
from urllib.parse import quote

from kravtui.catalogue.catalogue_errors import CatalogueError as CatalogueError
from kravtui.catalogue.catalogue_errors import NewerSchemaError as NewerSchemaError
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.catalogue.recognition import marked_version
from kravtui.catalogue.schema import (
    APPLICATION_ID,
    MIGRATIONS,
    MIGRATIONS_BOTH,
    READABLE_SINCE,
    SCHEMA_VERSION,
)
from kravtui.i18n import t
from kravtui.input_file import read_file_start

BUSY_TIMEOUT_MS = 10_000
SQLITE_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_APPLICATION_ID_OFFSET = 68


def companions(path: Path) -> tuple[Path, Path]:
    """The write-ahead log and its shared-memory index beside a catalogue file."""
    return path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")


def read_only_reason(path: Path | str) -> str | None:
    """Why this process cannot change the catalogue at `path` (a few words), or None."""
    target = Path(path).resolve()  # SQLite keeps its journal files beside the real file
    folder = target.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return t("catalogue.unwritable.folder")
    files = (target, *companions(target))
    if any(f.exists() and not os.access(f, os.W_OK) for f in files):
        return t("catalogue.unwritable.file")
    return None


def _uri(path: Path, *options: str) -> str:
    return f"file:{quote(path.resolve().as_posix(), safe='/')}?{'&'.join(options)}"


def _reader_uri(path: Path) -> str:
    """`mode=ro`, or also `immutable=1` when SQLite could not make the WAL's files here."""
    real = path.resolve()
    shared = all(f.exists() for f in companions(real))
    if shared or os.access(real.parent, os.W_OK | os.X_OK):
        return _uri(path, "mode=ro")
    return _uri(path, "mode=ro", "immutable=1")


def connect(path: Path | str, *, read_only: bool = False) -> sqlite3.Connection:
    """A configured connection to a catalogue file that `open_catalogue` or `create_catalogue`
    has accepted (this checks nothing and migrates nothing)."""
    target = Path(path)
    if read_only:
        conn = sqlite3.connect(
            _reader_uri(target), uri=True, isolation_level=None, check_same_thread=False
        )
    else:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB of page cache for search at 100,000
    if read_only:
        conn.execute("PRAGMA query_only = ON")
    else:
        _write_ahead(conn)
        conn.execute("PRAGMA synchronous = FULL")
    return conn


def _write_ahead(conn: sqlite3.Connection) -> None:
    """Set WAL, waiting as the busy timeout does while a connection writing with the rollback
    journal (`journal_aside`) holds the catalogue: SQLite refuses the switch at once then."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the file (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_path(path: Path, version: int) -> Path:
    """Where the copy of a catalogue is kept before it is upgraded from `version`."""
    return path.with_name(f"{path.name}.schema-v{version}.bak")


def _check_header(path: Path) -> None:
    """Refuse, reading no more than the file's first bytes, what cannot be a catalogue."""
    if not path.exists():
        raise CatalogueError(t("catalogue.missing", path=path))
    try:
        header = read_file_start(path, _HEADER_SIZE)  # a FIFO or a device is refused, unread
    except OSError as error:
        raise CatalogueError(
            t("catalogue.unreadable", path=path, detail=str(error.strerror or error))
        ) from error
    if not header:
        raise CatalogueError(t("catalogue.empty", path=path))
    if len(header) < _HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        raise CatalogueError(t("catalogue.foreign", path=path))
    offset = _APPLICATION_ID_OFFSET
    application_id = int.from_bytes(header[offset : offset + 4], "big", signed=True)
    if application_id not in (0, APPLICATION_ID):
        raise CatalogueError(t("catalogue.foreign", path=path))


def _recognised_version(conn: sqlite3.Connection, path: Path) -> int:
    """The schema version of the catalogue on `conn`; refuses a file that is not one, or one
    from a newer kravtui. Call it inside a transaction."""
    version = marked_version(conn, MIGRATIONS)
    if version is None:
        raise CatalogueError(t("catalogue.foreign", path=path))
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            t("catalogue.newer", path=path, version=version, supported=SCHEMA_VERSION)
        )
    return version


def _unreadable(path: Path, error: sqlite3.Error) -> CatalogueError:
    return CatalogueError(t("catalogue.unreadable", path=path, detail=str(error)))


def _inspect(path: Path) -> int:
    """The schema version of the catalogue at `path`, found without changing anything there."""
    wal, _ = companions(path.resolve())
    options = ("mode=ro",) if wal.exists() else ("mode=ro", "immutable=1")
    try:
        conn = sqlite3.connect(_uri(path, *options), uri=True, isolation_level=None)
    except sqlite3.Error as error:
        raise _unreadable(path, error) from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("BEGIN")
        return _recognised_version(conn, path)
    except sqlite3.Error as error:
        raise _unreadable(path, error) from error
    finally:
        conn.close()


def migrate(conn: sqlite3.Connection, path: Path | None = None, *, new: bool = False) -> int:
    """Bring the schema up to date; copy the old file aside first. Returns the old version.

    The write lock is taken first and the version read under it, so a second process opening the
    same old catalogue waits here and then finds it upgraded. All pending migrations run in that
    one transaction: an upgrade either completes or leaves the file as it was. `new` is for a
    file `create_catalogue` has just made (empty, version 0); any other file must be recognised.
    """
    named = str(path or "catalogue")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if new:
            current = schema_version(conn)
            if current or _has_tables(conn):
                raise CatalogueError(t("catalogue.foreign", path=named))
        else:
            current = _recognised_version(conn, path or Path("catalogue"))
        if current < SCHEMA_VERSION:
            _upgrade(conn, path, current)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return current


def _upgrade(conn: sqlite3.Connection, path: Path | None, current: int) -> None:
    """Run the migrations after `current` inside the caller's write transaction."""
    try:
        if current > 0 and path is not None:
            _backup(path, backup_path(path, current))
        scripts = (*MIGRATIONS, *(migration.sqlite for migration in MIGRATIONS_BOTH))
        for script in scripts[current:]:
            for statement in _statements(script):
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error as error:
        raise CatalogueError(
            t(
                "catalogue.upgrade_failed",
                path=str(path or "catalogue"),
                version=current,
                detail=str(error),
            )
        ) from error


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


def _backup(path: Path, target: Path) -> None:
    """Copy the catalogue's last committed state to `target`.

    The copy is read on a connection of its own: the caller's connection holds the write lock,
    and SQLite will not copy from a connection that is writing. WAL lets this one read meanwhile.
    """
    if target.exists():
        target = target.with_name(f"{target.name}.{datetime.now(UTC):%Y%m%dT%H%M%S}")
    source = sqlite3.connect(_uri(path, "mode=ro"), uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    except BaseException:
        copy.close()
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    finally:
        source.close()
    copy.close()


@overload
def open_catalogue(
    path: Path | str | SqliteLocation, *, read_only: bool = False
) -> sqlite3.Connection: ...


@overload
def open_catalogue(path: PostgresLocation, *, read_only: bool = False) -> Connection: ...


def open_catalogue(
    path: Path | str | CatalogueLocation, *, read_only: bool = False
) -> sqlite3.Connection | Connection:
    """Open an existing kravtui catalogue, upgrading its schema (after a backup) when it is older.

    The file is recognised before anything is written to it; anything else is refused with a
    `CatalogueError` and left as it was. A catalogue this process cannot write is refused unless
    `read_only`. A `PostgresLocation` is opened on its server instead
    (`kravtui.catalogue.postgres_catalogue`); a plain path or string is always a file.
    """
    if isinstance(path, PostgresLocation):
        from kravtui.catalogue.postgres_catalogue import open_postgres_catalogue

        return open_postgres_catalogue(path, read_only=read_only)
    target = path.path if isinstance(path, SqliteLocation) else Path(path)
    _check_header(target)
    _inspect(target)
    if read_only:
        return _open_reader(target)
    reason = read_only_reason(target)
    if reason is not None:
        raise CatalogueError(t("catalogue.cannot_change", path=target, reason=reason))
    try:
        conn = connect(target)
    except sqlite3.Error as error:
        raise _unreadable(target, error) from error
    try:
        migrate(conn, target)
    except BaseException:
        conn.close()
        raise
    return conn


def _open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection to a recognised catalogue whose schema this kravtui reads."""
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error as error:
        raise _unreadable(path, error) from error
    try:
        conn.execute("BEGIN")
        version = _recognised_version(conn, path)
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        conn.close()
        raise _unreadable(path, error) from error
    except BaseException:
        conn.close()
        raise
    if version < READABLE_SINCE:
        conn.close()
        raise CatalogueError(
            t(
                "catalogue.too_old_to_read",
                path=path,
                version=version,
                oldest=READABLE_SINCE,
                supported=SCHEMA_VERSION,
            )
        )
    return conn


@overload
def create_catalogue(path: Path | str | SqliteLocation) -> sqlite3.Connection: ...


@overload
def create_catalogue(path: PostgresLocation) -> Connection: ...


def create_catalogue(path: Path | str | CatalogueLocation) -> sqlite3.Connection | Connection:
    """Create a new, empty catalogue at `path`; refuses to touch an existing file. A
    `PostgresLocation` gets one in its database, whose schema must be empty."""
    if isinstance(path, PostgresLocation):
        from kravtui.catalogue.postgres_catalogue import create_postgres_catalogue

        return create_postgres_catalogue(path)
    target = path.path if isinstance(path, SqliteLocation) else Path(path)
    if target.exists() or target.is_symlink():
        raise CatalogueError(t("catalogue.exists", path=target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = connect(target)
    except (OSError, sqlite3.Error) as error:
        detail = error.strerror if isinstance(error, OSError) else error
        raise CatalogueError(
            t("catalogue.cannot_create", path=target, detail=str(detail or error))
        ) from error
    try:
        migrate(conn, target, new=True)
    except BaseException:
        conn.close()
        discard_new_catalogue(target)
        raise
    return conn


def discard_new_catalogue(path: Path) -> None:
    """Remove a catalogue this process has just created, with its journal files."""
    for leftover in (path, *companions(path)):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _has_tables(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0)


@contextmanager
def read_snapshot(conn: Connection) -> Iterator[None]:
    """Several reads that see one consistent state of the catalogue: one read transaction,
    unless the caller already has one open (then it is the caller's to end). On PostgreSQL the
    adapter makes ``BEGIN`` a REPEATABLE READ transaction, which sees one moment as SQLite's
    does."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


AnyConnection = TypeVar("AnyConnection", bound=Connection)


@contextmanager
def transaction(conn: AnyConnection) -> Iterator[AnyConnection]:
    """One user action: BEGIN IMMEDIATE ... COMMIT, rolled back on any error. On PostgreSQL the
    adapter takes the catalogue's write lock at BEGIN IMMEDIATE, one writer at a time as on
    SQLite."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


WRITE_CACHE_KIB = 16 * 1024
"""SQLite's page cache while a big import writes (KiB; a connection opens with 64 MiB for
search). The pages an import writes are new: a bigger cache only holds them longer before they
go to the file. Measured at 100,000 requirements, with 16 MiB a spreadsheet import was as fast
and its peak memory some 50 MB lower; the streamed TOML import (`catalogue_stream`) took
7.6-7.8 s against 7.6-7.8 s with 64 MiB, at 240 MB against 295 MB (writer and reader)."""


@contextmanager
def page_cache(conn: Connection, kib: int) -> Iterator[None]:
    """The connection's page cache at `kib` KiB for the block, then as it was (SQLite's: a
    PostgreSQL server keeps its own)."""
    if not isinstance(conn, sqlite3.Connection):
        yield
        return
    previous = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = {-kib}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {previous}")


@contextmanager
def journal_aside(conn: Connection) -> Iterator[bool]:
    """Write the transactions inside with SQLite's rollback journal instead of the write-ahead
    log, if no other connection has the catalogue open (else as ever: yields whether it could).

    For a big first load into a catalogue without requirements (an import, `db copy`). In WAL
    every new page is written twice, into the log and at the checkpoint into the file; a
    rollback journal keeps only the pages that were there before (a few), so each new page is
    written once: 11.4 s became 9.6 s for an import of 100,000 (benchmarks/catalogue.py). A
    crash or kill meanwhile is rolled back from the journal, as WAL would. Another process that
    opens the catalogue meanwhile finds it busy (it would have found it empty); WAL is set again
    after, and every connection sets it when it opens (`connect`).
    """
    if not isinstance(conn, sqlite3.Connection):
        yield False
        return
    try:
        aside = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError:  # another connection has it open: stay in WAL
        aside = False
    try:
        yield aside
    finally:
        if aside:
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute("PRAGMA journal_mode = WAL")


def now_iso() -> str:
    """The current UTC time as an ISO-8601 string with seconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_user() -> str:
    """The OS user, recorded as the author of changes."""
    try:
        return os.environ.get("KRAVTUI_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
