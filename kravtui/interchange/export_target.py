"""Where an export may write: the one check every export goes through, for the CLI and the TUI.

    target = export_target(conn, Path("/srv/udbud/esdh.toml"))  # refused now: InterchangeError
    ...
    target.write(data)                                         # checked again, then written
    target.write_parts(pieces)                                 # or text written as it is made

An `ExportTarget` is made from the open connection, which knows its own files (`PRAGMA
database_list`), so no face has to remember the catalogue's path. Refused, each with a one-line
reason and nothing written: the open catalogue and its `-wal`, `-shm` and `-journal` files (by
path after resolving symlinks and `..`, and by device and inode), any other SQLite database, a
folder, anything that is not a regular file (a FIFO, a device such as /dev/null, a socket), a
read-only file, and a folder that does not exist or is read-only (the exports folder
is created when asked with `create_folder`). A symlink to an acceptable file is written through;
the writing itself is `kravtui.atomic_file.write_atomic` (or `atomic_writer`). A catalogue on a
PostgreSQL server has no file here to protect: only the other refusals apply.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kravtui.atomic_file import atomic_writer, real_target, write_atomic
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError

SQLITE_HEADER = b"SQLite format 3\x00"
WRITE_CHUNK = 1 << 16  # characters of text encoded and written at once by `write_parts`
CATALOGUE_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def catalogue_files(conn: Connection) -> tuple[Path, ...]:
    """The files of every database open on `conn`, with their journal files, symlinks resolved;
    none for a catalogue on a PostgreSQL server (any SQLite file is still refused as a target)."""
    if engine(conn) == "postgresql":
        return ()
    files: list[Path] = []
    for _seq, _name, file_name in conn.execute("PRAGMA database_list"):
        if file_name:  # "" for in-memory and temporary databases
            real = real_target(Path(file_name))
            files.extend(Path(f"{real}{suffix}") for suffix in CATALOGUE_SIDE_FILES)
    return tuple(files)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _is_sqlite(path: Path) -> bool:
    """Whether the regular file at `path` starts like an SQLite database."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _writable_folder(folder: Path) -> bool:
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return False
    return bool(mode & 0o222) and os.access(folder, os.W_OK)


@dataclass(frozen=True, slots=True)
class ExportTarget:
    """A file an export may replace; make it with `export_target`, which checks it."""

    path: Path
    protected: tuple[Path, ...]
    create_folder: bool = False

    def _refuse(self, key: str, **values: str) -> InterchangeError:
        return InterchangeError(str(self.path), t(key, **values))

    def check(self) -> Path:
        """The file to replace (symlinks resolved); raises `InterchangeError` when refused."""
        real = real_target(self.path)
        if real in self.protected:
            raise self._refuse("interchange.target.catalogue")
        shown_folder = str(self.path.parent)
        try:
            status: os.stat_result | None = os.stat(real)
        except FileNotFoundError:
            status = None
        except NotADirectoryError:
            raise self._refuse("interchange.target.no_folder", folder=shown_folder) from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise self._refuse("interchange.write_failed", error=reason) from None
        if status is not None:
            self._check_existing(real, status)
        elif not real.parent.is_dir():
            if not (self.create_folder and not real.parent.exists()):
                raise self._refuse("interchange.target.no_folder", folder=shown_folder)
            return real
        if not _writable_folder(real.parent):
            raise self._refuse("interchange.target.read_only_folder", folder=shown_folder)
        return real

    def _check_existing(self, real: Path, status: os.stat_result) -> None:
        if stat.S_ISDIR(status.st_mode):
            raise self._refuse("interchange.target.folder")
        if not stat.S_ISREG(status.st_mode):
            raise self._refuse("interchange.target.special")
        identity = (status.st_dev, status.st_ino)
        if any(_identity(protected) == identity for protected in self.protected):
            raise self._refuse("interchange.target.catalogue")
        if _is_sqlite(real):
            raise self._refuse("interchange.target.database")
        if not status.st_mode & 0o222:
            raise self._refuse("interchange.target.read_only")

    def exists(self) -> bool:
        """Whether writing would replace an existing file (the caller may ask first)."""
        return real_target(self.path).exists()

    def write(self, data: bytes) -> None:
        """Check again, then replace the file atomically; raises `InterchangeError` or `OSError`."""
        write_atomic(self._checked(), data)

    def write_parts(self, parts: Iterable[str]) -> None:
        """`write` for text made a piece at a time: the pieces are encoded as UTF-8 and written
        `WRITE_CHUNK` characters at a time, so the whole text is never held. An exception
        raised by `parts` (a cancelled export) leaves the target as it was."""
        with self.writer() as handle:
            pending: list[str] = []
            size = 0
            for part in parts:
                pending.append(part)
                size += len(part)
                if size >= WRITE_CHUNK:
                    handle.write("".join(pending).encode("utf-8"))
                    pending.clear()
                    size = 0
            handle.write("".join(pending).encode("utf-8"))

    def writer(self) -> AbstractContextManager[BinaryIO]:
        """Check again, then a binary file that replaces the target atomically when the block
        ends without an error (`atomic_writer`); raises `InterchangeError` or `OSError`."""
        return atomic_writer(self._checked())

    def _checked(self) -> Path:
        real = self.check()
        if self.create_folder:
            real.parent.mkdir(parents=True, exist_ok=True)
        return real


def export_target(conn: Connection, path: Path, *, create_folder: bool = False) -> ExportTarget:
    """`path` checked as an export target beside the catalogue open on `conn`.

    `create_folder` allows a missing folder (the exports folder), created when writing.
    Raises `InterchangeError` with a one-line reason when the target is refused.
    """
    target = ExportTarget(Path(path), catalogue_files(conn), create_folder)
    target.check()
    return target
