"""Crafting .xls files byte by byte, for the hostile cases no spreadsheet program writes: a
BIFF8 workbook stream (`workbook`) in a version 3 compound file (`compound`), with the sheet's
``DIMENSIONS`` and cells as the test wants them."""

from __future__ import annotations

import struct
from collections.abc import Sequence

END, FREE, FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def record(kind: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def bof(sheet_type: int) -> bytes:
    return record(0x0809, struct.pack("<HHHHII", 0x0600, sheet_type, 0, 0, 0, 0))


def number(row: int, column: int, value: float = 1.0) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, column, 0, value))


def dimensions(rows: int, columns: int) -> bytes:
    return record(0x0200, struct.pack("<IIHHH", 0, rows, 0, columns, 0))


def workbook(
    cells: Sequence[bytes], *, declared: tuple[int, int] = (1, 1), protected: bool = False
) -> bytes:
    """Globals naming one worksheet "Krav", then that sheet: its ``DIMENSIONS`` (rows,
    columns) and `cells`."""
    name = b"Krav"
    sheet = bof(0x0010) + dimensions(*declared) + b"".join(cells) + record(0x000A)
    globals_head = bof(0x0005) + (record(0x002F, b"\x00\x00") if protected else b"")
    bound_size = 4 + 8 + len(name)
    offset = len(globals_head) + bound_size + 4
    bound = record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 0) + name)
    return globals_head + bound + record(0x000A) + sheet


def _entry(name: str, kind: int, first: int, size: int, child: int = FREE) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", FREE, FREE, child)
        + bytes(16)
        + struct.pack("<I", 0)
        + bytes(16)
        + struct.pack("<IQ", first, size)
    )


def compound(stream: bytes, name: str = "Workbook") -> bytes:
    """A compound file holding `stream` (in 512-byte sectors, as its size asks: a workbook
    this small would go to the mini stream, so it is padded to 4,096 bytes with a record
    no reader acts on)."""
    if len(stream) < 4096:
        stream += record(0x00EF, bytes(4096 - len(stream)))  # padding record
    sectors = -(-len(stream) // 512)
    fat = [FAT_SECTOR, END] + [2 + n + 1 for n in range(sectors - 1)] + [END]
    fat += [FREE] * (128 - len(fat))
    directory = (
        _entry("Root Entry", 5, END, 0, child=1)
        + _entry(name, 2, 2, len(stream))
        + _entry("", 0, FREE, 0) * 2
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    assert len(header) == 512 and len(fat) == 128
    body = struct.pack("<128I", *fat) + directory + stream.ljust(sectors * 512, b"\x00")
    return header + body
