"""Writing a file so that a crash never leaves a half-written one in its place.

The one writer of files for the whole package (exports and the settings file alike); it imports
nothing else of kravtui, so every layer can use it. The bytes go to a new temporary file in the
target's folder (`.NAME.<hex>.tmp`), are flushed and fsynced, and the temporary file is then
renamed over the target with `os.replace` (atomic on POSIX and Windows). The folder is fsynced
too where the platform allows it, so the rename itself survives a crash. On any error the
temporary file is removed and the old target, if any, is left untouched. `write_atomic` takes
the bytes whole; `atomic_writer` lets a big export write them as it makes them, with the same
guarantees (nothing replaces the target until the last byte is on disk).

What the user set up is kept: a symlink is written through (the file it points to is replaced,
the link stays), an existing file keeps its permission bits (and, for root, its owner), a
read-only file (no write bit at all) or anything that is not a regular file is refused with an
`OSError`, and temporary files that a killed earlier write left beside the target are removed.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def _open_temporary(folder: Path, name: str) -> tuple[Path, int]:
    """A new, exclusively created file beside the target (permissions follow the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return candidate, os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def real_target(path: Path) -> Path:
    """The file a write to `path` replaces: symlinks (and `..`) resolved, the link kept."""
    return Path(os.path.realpath(path))


def existing_file(path: Path) -> os.stat_result | None:
    """The status of the regular file at `path` (links followed), None when there is none.

    Raises `OSError` when something else is there (a folder, a pipe, a device, a socket) or the
    file has no write bit at all (read-only, even for root).
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    if not status.st_mode & 0o222:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    return status


def stale_temporaries(path: Path) -> list[Path]:
    """Temporary files that an interrupted write to `path` left beside it."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.[0-9a-f]+\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    found = []
    for name in names:
        candidate = path.parent / name
        if pattern.fullmatch(name) and candidate.is_file() and not candidate.is_symlink():
            found.append(candidate)
    return found


def _keep_mode_and_owner(descriptor: int, previous: os.stat_result) -> None:
    os.fchmod(descriptor, stat.S_IMODE(previous.st_mode))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.fchown(descriptor, previous.st_uid, previous.st_gid)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` (through symlinks) with `data` atomically; the folder must exist.

    Raises `OSError`; the target is then unchanged.
    """
    with atomic_writer(path) as handle:
        handle.write(data)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """`write_atomic` for bytes made as they are written: a binary file to write to, which
    replaces `path` (through symlinks) when the block ends without an error.

    Whatever ends the block early (an `OSError`, a cancelled export, an interrupt) removes the
    temporary file and leaves the target as it was, then goes on. The folder must exist.
    """
    target = real_target(Path(path))
    previous = existing_file(target)
    folder = target.parent
    temporary, descriptor = _open_temporary(folder, target.name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            if previous is not None and os.name == "posix":
                _keep_mode_and_owner(handle.fileno(), previous)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_folder(folder)
    for leftover in stale_temporaries(target):
        with contextlib.suppress(OSError):
            leftover.unlink()
