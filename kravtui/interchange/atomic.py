"""Writing a file so that a crash never leaves a half-written one in its place.

The bytes go to a new temporary file in the target's folder, are flushed and fsynced, and the
temporary file is then renamed over the target with `os.replace` (atomic on POSIX and Windows).
The folder is fsynced too where the platform allows it, so the rename itself survives a crash.
On any error the temporary file is removed and the old target, if any, is left untouched.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


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


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically; the folder must exist. Raises `OSError`."""
    target = Path(path)
    folder = target.parent
    temporary, descriptor = _open_temporary(folder, target.name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync_folder(folder)
