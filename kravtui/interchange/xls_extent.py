"""How far each sheet of an .xls workbook reaches, measured before calamine loads it.

calamine holds every sheet of an .xls as one dense rectangle from its first to its last cell,
about 60 bytes a cell, and reads them all when it opens the file: a 6 KB file with one cell in
A1 and one in IV65536 asks for 16.7 million cells, a gigabyte. So the workbook's records are
read first, a few microseconds each and nothing kept but numbers:

- the compound file (the OLE2 container every .xls is) is followed from its header to its
  ``Workbook`` stream (``Book`` in Excel 5 files), sector chain by sector chain, every offset
  and count checked against the file (`XlsDamaged` otherwise);
- in that stream, each sheet's substream (``BOF`` to ``EOF``, named by its ``BOUNDSHEET``
  record; macro and dialog sheets too, which calamine may read as well) is measured twice: by
  the extent its ``DIMENSIONS`` record declares, and by where its cell records (numbers, texts,
  formulas, blanks, runs of them) really are. `xls_extents` gives the larger of the two, so
  neither a file that lies about its size nor one that only says it is huge reaches calamine;
- a workbook protected by a password (``FILEPASS``) is `XlsEncrypted`, one without a workbook
  stream (a Word file named .xls) `XlsNotAWorkbook`.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

from kravtui.interchange.sheet_extent import Extent

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_STREAM = 2
_ROOT = 5
_WORKBOOK_NAMES = ("workbook", "book")

_BOF = 0x0809
_EOF = 0x000A
_BOUNDSHEET = 0x0085
_FILEPASS = 0x002F
_DIMENSIONS = 0x0200
_GLOBALS = 0x0005
_CELLS = frozenset({0x0006, 0x0206, 0x0406, 0x00FD, 0x0203, 0x027E, 0x0205, 0x0204, 0x00D6, 0x0201})
"""Records of one cell, its row and column first: formula (BIFF 5/8, 3, 4), shared string,
number, RK number, boolean or error, text, rich text, blank."""
_RUNS = frozenset({0x00BD, 0x00BE})
"""Records of a run of cells in one row (numbers, blanks): row, first column, ..., last column."""


class XlsDamaged(ValueError):
    """The compound file or its workbook stream is not what an .xls holds."""


class XlsEncrypted(Exception):
    """The workbook is protected by a password."""


class XlsNotAWorkbook(Exception):
    """The compound file holds no workbook stream."""


class _Compound:
    """The streams of a compound file (MS-CFB), read from its bytes."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(_SIGNATURE):
            raise XlsDamaged("no compound file header")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise XlsDamaged("sector sizes")
        self.size = 1 << shift
        self.mini_size = 1 << mini_shift
        self.sectors = max(0, -(-(len(data) - self.size) // self.size))
        (fat_count, directory, _, cutoff, mini_fat, mini_fat_count, difat, difat_count) = (
            struct.unpack_from("<IIIIIIII", data, 44)
        )
        self.cutoff = cutoff
        self.fat = self._fat(fat_count, difat, difat_count)
        self.entries = self._directory(directory)
        root = self.entries[0] if self.entries else None
        if root is None or root[1] != _ROOT:
            raise XlsDamaged("no root entry")
        self.mini_stream = self._chain_bytes(root[2], root[3]) if root[3] else b""
        self.mini_fat = self._numbers(self._chain_bytes(mini_fat, mini_fat_count * self.size))

    def _sector(self, number: int) -> bytes:
        if number >= self.sectors:
            raise XlsDamaged("a sector past the end")
        start = (number + 1) * self.size
        return self.data[start : start + self.size]

    @staticmethod
    def _numbers(data: bytes) -> list[int]:
        return [number for (number,) in struct.iter_unpack("<I", data[: len(data) // 4 * 4])]

    def _fat(self, count: int, difat: int, difat_count: int) -> list[int]:
        where = self._numbers(self.data[76:512])
        per_sector = self.size // 4 - 1
        for _ in range(difat_count):
            if difat in (_END_OF_CHAIN, _FREE):
                break
            numbers = self._numbers(self._sector(difat))
            where.extend(numbers[:per_sector])
            difat = numbers[per_sector]
        sectors = [number for number in where if number not in (_END_OF_CHAIN, _FREE)][:count]
        if len(sectors) < count:
            raise XlsDamaged("the allocation table is short")
        return [entry for sector in sectors for entry in self._numbers(self._sector(sector))]

    def _chain(self, start: int, table: list[int]) -> list[int]:
        """The sector numbers of a chain, checked against loops and the table's end."""
        chain: list[int] = []
        number = start
        while number != _END_OF_CHAIN:
            if number >= len(table) or len(chain) > len(table):
                raise XlsDamaged("a broken sector chain")
            chain.append(number)
            number = table[number]
        return chain

    def _chain_bytes(self, start: int, size: int) -> bytes:
        if start in (_END_OF_CHAIN, _FREE) or size == 0:
            return b""
        data = b"".join(self._sector(number) for number in self._chain(start, self.fat))
        if len(data) < size:
            raise XlsDamaged("a stream shorter than it says")
        return data[:size]

    def _directory(self, start: int) -> list[tuple[str, int, int, int]]:
        """(name, type, first sector, size) of every entry."""
        data = b"".join(self._sector(number) for number in self._chain(start, self.fat))
        entries: list[tuple[str, int, int, int]] = []
        for offset in range(0, len(data) - 127, 128):
            length, kind = struct.unpack_from("<HB", data, offset + 64)
            name = data[offset : offset + min(length, 64)].decode("utf-16-le", "replace")
            first, size = struct.unpack_from("<IQ", data, offset + 116)
            if self.size == 512:
                size &= 0xFFFFFFFF  # version 3 files leave the high half undefined
            entries.append((name.rstrip("\x00"), kind, first, size))
        return entries

    def stream(self, names: tuple[str, ...]) -> bytes | None:
        """The first stream called one of `names` (any letter case), or None."""
        for name, kind, first, size in self.entries:
            if kind == _STREAM and name.casefold() in names:
                if size > len(self.data):
                    raise XlsDamaged("a stream larger than the file")
                if size >= self.cutoff:
                    return self._chain_bytes(first, size)
                sectors = self._chain(first, self.mini_fat)
                data = b"".join(
                    self.mini_stream[n * self.mini_size : (n + 1) * self.mini_size] for n in sectors
                )
                if len(data) < size:
                    raise XlsDamaged("a stream shorter than it says")
                return data[:size]
        return None


def _sheet_names(stream: bytes) -> dict[int, str]:
    """The sheets' names by the offset of their ``BOF``, from the ``BOUNDSHEET`` records."""
    names: dict[int, str] = {}
    for kind, start, end in _records(stream):
        if kind == _FILEPASS:
            raise XlsEncrypted
        if kind != _BOUNDSHEET or end - start < 8:
            continue
        (where,) = struct.unpack_from("<I", stream, start)
        length, wide = stream[start + 6], stream[start + 7]
        if wide in (0, 1) and start + 8 + length * (1 + wide) <= end:
            text = stream[start + 8 : start + 8 + length * (1 + wide)]
            names[where] = text.decode("utf-16-le" if wide else "latin-1", "replace")
        else:  # Excel 5: the name's bytes follow its length
            names[where] = stream[start + 7 : start + 7 + length].decode("latin-1", "replace")
    return names


def _records(stream: bytes) -> Iterator[tuple[int, int, int]]:
    """(type, start of data, end of data) of every record, in order."""
    position, size = 0, len(stream)
    unpack = struct.unpack_from
    while position + 4 <= size:
        kind, length = unpack("<HH", stream, position)
        start = position + 4
        position = start + length
        if position > size:
            raise XlsDamaged("a record past the stream's end")
        yield kind, start, position


def xls_extents(data: bytes) -> list[Extent]:
    """The extent of every sheet of the .xls file `data` (see the module's docstring)."""
    stream = _Compound(data).stream(_WORKBOOK_NAMES)
    if stream is None:
        raise XlsNotAWorkbook
    names = _sheet_names(stream)
    extents: list[Extent] = []
    open_sheets: list[tuple[int, bool, list[int]]] = []  # (BOF offset, a sheet?, reach)
    unpack = struct.unpack_from
    for kind, start, end in _records(stream):
        if kind == _BOF:
            sheet_type = unpack("<H", stream, start + 2)[0] if end - start >= 4 else 0
            open_sheets.append((start - 4, sheet_type != _GLOBALS, [0, 0]))
            continue
        if not open_sheets:
            continue
        offset, worksheet, reach = open_sheets[-1]
        if kind == _EOF:
            open_sheets.pop()
            if worksheet:
                name = names.get(offset, f"#{len(extents) + 1}")
                extents.append(Extent(name, reach[0], reach[1]))
        elif not worksheet:
            continue
        elif kind in _CELLS and end - start >= 4:
            row, column = unpack("<HH", stream, start)
            reach[0], reach[1] = max(reach[0], row + 1), max(reach[1], column + 1)
        elif kind in _RUNS and end - start >= 6:
            row = unpack("<H", stream, start)[0]
            last = unpack("<H", stream, end - 2)[0]
            reach[0], reach[1] = max(reach[0], row + 1), max(reach[1], last + 1)
        elif kind == _DIMENSIONS and end - start >= 14:
            _, rows, _, columns = unpack("<IIHH", stream, start)
            reach[0], reach[1] = max(reach[0], rows), max(reach[1], columns)
        elif kind == _DIMENSIONS and end - start >= 8:
            _, rows, _, columns = unpack("<HHHH", stream, start)
            reach[0], reach[1] = max(reach[0], rows), max(reach[1], columns)
    return extents
