"""The DOCX package as a deterministic zip.

A `.docx` file is a zip of XML parts. To make the same selection give the same bytes, every entry
gets the same fixed timestamp and attributes, entries are written in a fixed order
(`[Content_Types].xml` first, as Word writes it, then the rest sorted by name, and the custom
properties last: an answer document's are gathered as its body is written, `part_order`); the
document properties (`kravtui.interchange.docx.properties`) carry dates taken from the
selection, never the clock.

`write_zip` streams: one part may be given as pieces, compressed as they come, so a document of
100,000 requirements is never held whole, and a part that comes last may be made once those
pieces are written. Small documents are compressed harder than large ones (`compresslevel`);
the first `STREAM_LEVEL_AFTER` bytes of the streamed part are held back until it is known which,
so a streamed part gives the very bytes it would give whole. The streamed pieces are compressed
and written by a second thread while the next ones are made (`_write_behind`): zlib and the
file write let go of the interpreter, so on two cores a large document's compression costs
almost no time of its own; at most `WRITE_BEHIND` pieces wait, so memory stays bounded.
"""

from __future__ import annotations

import io
import queue
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import IO, BinaryIO

from kravtui.interchange.docx.properties import CUSTOM_PART

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
STREAM_LEVEL_AFTER = 8_000_000  # bytes of a part: from here on, speed before size
ENCODE_BATCH = 1 << 18  # characters of a streamed part encoded and compressed at a time
WRITE_BEHIND = 1  # pieces made but not yet compressed, at most (memory: see the streaming test)


def part_order(name: str) -> tuple[bool, bool, str]:
    """The sort key of a part's place in the zip (see the module)."""
    return (name != CONTENT_TYPES, name == CUSTOM_PART, name)


def zip_parts(parts: Mapping[str, bytes], *, compresslevel: int = 6) -> bytes:
    """The parts as zip bytes: fixed order, fixed timestamps, fixed attributes."""
    names = sorted(parts, key=part_order)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(_entry(name), parts[name], compresslevel=compresslevel)
    return buffer.getvalue()


def compresslevel(size: int) -> int:
    """Smaller files for ordinary documents, speed for very large ones."""
    return 6 if size < STREAM_LEVEL_AFTER else 1


def encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """Text pieces as UTF-8, joined into batches of about `ENCODE_BATCH` characters."""
    batch: list[str] = []
    length = 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= ENCODE_BATCH:
            yield "".join(batch).encode("utf-8")
            batch.clear()
            length = 0
    if batch:
        yield "".join(batch).encode("utf-8")


def write_zip(
    handle: BinaryIO,
    parts: Mapping[str, bytes],
    streamed: str,
    pieces: Iterable[bytes],
    trailing: tuple[str, Callable[[], Iterable[bytes]]] | None = None,
) -> None:
    """Write the parts and the part named `streamed` (made of `pieces`) as one zip to the
    seekable `handle`: the bytes `zip_parts` gives for them at the level the streamed part's
    size calls for (`compresslevel`), which is known once `STREAM_LEVEL_AFTER` bytes of it are
    read or it ends; only those are held back. `trailing` names a part that comes after the
    streamed one (`part_order`) and the function that makes its pieces once the streamed part
    is written."""
    chunks = iter(pieces)
    held: list[bytes] = []
    size = 0
    for chunk in chunks:
        held.append(chunk)
        size += len(chunk)
        if size >= STREAM_LEVEL_AFTER:
            break
    level = compresslevel(size)
    last = [trailing[0]] if trailing is not None else []
    names = sorted([*parts, streamed, *last], key=part_order)
    if last and names.index(last[0]) < names.index(streamed):
        raise ValueError(f"{last[0]} does not come after {streamed}")
    with zipfile.ZipFile(handle, "w") as archive:
        for name in names:
            if trailing is not None and name == trailing[0]:
                _write_pieces(archive, name, level, trailing[1]())
            elif name != streamed:
                archive.writestr(_entry(name), parts[name], compresslevel=level)
            elif size < STREAM_LEVEL_AFTER:  # the whole part is here: as `zip_parts` writes it
                archive.writestr(_entry(name), b"".join(held), compresslevel=level)
            else:
                _write_pieces(archive, name, level, _held_then_rest(held, chunks))


def _held_then_rest(held: list[bytes], rest: Iterable[bytes]) -> Iterable[bytes]:
    """The held chunks (let go as they are written), then the rest."""
    while held:
        yield held.pop(0)
    yield from rest


def _write_pieces(archive: zipfile.ZipFile, name: str, level: int, pieces: Iterable[bytes]) -> None:
    """A part written as its pieces come: the bytes `writestr` gives for them joined."""
    info = _entry(name)
    _set_level(info, level)
    with archive.open(info, "w") as entry:
        _write_behind(entry, pieces)


def _write_behind(entry: IO[bytes], pieces: Iterable[bytes]) -> None:
    """Write `pieces` to `entry` in a second thread while this one makes the next pieces.

    An error on either side ends both: the maker's is raised as is, the writer's once the
    maker has stopped."""
    waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=WRITE_BEHIND)
    failed: list[BaseException] = []

    def write() -> None:
        while (piece := waiting.get()) is not None:
            if failed:
                continue  # drain, so that the maker is never left waiting
            try:
                entry.write(piece)
            except BaseException as error:  # raised again in the maker's thread
                failed.append(error)

    writer = threading.Thread(target=write, name="kravtui-docx-writer", daemon=True)
    writer.start()
    try:
        for piece in pieces:
            if failed:
                break
            waiting.put(piece)
    finally:
        waiting.put(None)
        writer.join()
    if failed:
        raise failed[0]


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


def _set_level(info: zipfile.ZipInfo, level: int) -> None:
    """What `writestr(..., compresslevel=level)` sets on its entry (renamed in Python 3.13)."""
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", level)


def read_parts(data: bytes) -> dict[str, bytes]:
    """Every entry of a zip, by name (raises `zipfile.BadZipFile` on a non-zip)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()
        }
