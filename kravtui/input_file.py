"""Reading a file the user named, without trusting what it is.

A path given as an input (a TOML file to import, a DOCX template, the settings file, a side of a
diff, the catalogue itself) may name a FIFO that would block a reader forever, a device such as
`/dev/zero` that never ends, or a file far larger than any kravtui file. The readers here open
without blocking, check what the open descriptor really is (so a swap after a check cannot fool
them) and read a regular file only, up to a limit. Errors are `OSError`s whose `strerror` is a
translated, one-line reason, so callers that already report `OSError.strerror` need nothing new.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kravtui.i18n import t

# The largest input read whole: a 100,000-requirement catalogue is about 100 MB of TOML.
INPUT_LIMIT_BYTES = 1024 * 1024 * 1024
_CHUNK = 1024 * 1024


def read_input_file(path: Path | str, *, limit: int = INPUT_LIMIT_BYTES) -> bytes:
    """The bytes of the regular file at `path`; `OSError` for anything else or anything larger."""
    with _regular_file(path) as (descriptor, size):
        if size > limit:
            raise _too_large(path, limit)
        data = _read_up_to(descriptor, limit + 1, first=min(size, limit) + 1)
        if len(data) > limit:  # grew while being read
            raise _too_large(path, limit)
        return data


@contextmanager
def input_chunks(
    path: Path | str, *, limit: int = INPUT_LIMIT_BYTES, chunk: int = _CHUNK
) -> Iterator[Iterator[bytes]]:
    """The regular file at `path` read a chunk at a time, for a reader that streams; the same
    checks and errors as `read_input_file` (a file growing past `limit` while it is read raises
    `OSError` from the iterator)."""
    with _regular_file(path) as (descriptor, size):
        if size > limit:
            raise _too_large(path, limit)
        yield _chunks(path, descriptor, limit, chunk)


def _chunks(path: Path | str, descriptor: int, limit: int, chunk: int) -> Iterator[bytes]:
    read = 0
    while data := os.read(descriptor, chunk):
        read += len(data)
        if read > limit:
            raise _too_large(path, limit)
        yield data


def read_file_start(path: Path | str, size: int) -> bytes:
    """The first `size` bytes (fewer when the file is shorter) of the regular file at `path`."""
    with _regular_file(path) as (descriptor, _):
        return _read_up_to(descriptor, size)


@contextmanager
def _regular_file(path: Path | str) -> Iterator[tuple[int, int]]:
    """An open descriptor of the regular file at `path`, and its size; `OSError` otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, t("files.is_a_folder"), str(path))
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, t("files.not_a_regular_file"), str(path))
        yield descriptor, info.st_size
    finally:
        os.close(descriptor)


def _read_up_to(descriptor: int, size: int, *, first: int = _CHUNK) -> bytes:
    """At most `size` bytes; the first read asks for `first` (the file's size and one more, so
    a file read whole is one buffer, not chunks joined into a second copy)."""
    chunks = []
    remaining = size
    wanted = min(first, size)
    while remaining > 0:
        chunk = os.read(descriptor, wanted)
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
        wanted = min(remaining, _CHUNK)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(path: Path | str, limit: int) -> OSError:
    return OSError(errno.EFBIG, t("files.too_large", limit=limit // (1024 * 1024)), str(path))
