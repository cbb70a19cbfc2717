"""How far each sheet of an ODS package reaches, measured before calamine loads it.

calamine holds a sheet as one dense rectangle from its first to its last cell: a file of a few
hundred bytes whose one cell is repeated 16,000 columns across and a million rows down asks
for 16 billion cells. So ``content.xml`` is scanned first, a chunk at a time, for where its
cells are: its tables, rows and cells, each repeated as its ``number-rows-repeated`` and
``number-columns-repeated`` say; a cell counts when it holds a value (a value type, or
content). LibreOffice ends every sheet with a million repeated empty rows, which hold nothing
and are not counted. Merged ranges (``number-rows-spanned``, ``number-columns-spanned``) are
collected on the way, as calamine gives none for ODS. (An XLSX is streamed a row at a time by
`xlsx_stream` and needs no such scan.)

Tags are matched with their attribute values quoted as XML quotes them, so an attribute value
holding ``>`` cannot hide an ``r`` reference from the scan.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

_CHUNK = 1024 * 1024
_ATTRIBUTES = rb"""((?:[^>"']+|"[^"]*"|'[^']*')*)"""
_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])" + _ATTRIBUTES + rb">"
)
_ROWS_REPEATED = re.compile(rb"""table:number-rows-repeated\s*=\s*["']([0-9]{1,9})["']""")
_COLUMNS_REPEATED = re.compile(rb"""table:number-columns-repeated\s*=\s*["']([0-9]{1,9})["']""")
_VALUE_TYPE = re.compile(rb"office:value-type\s*=")
_NAME = re.compile(rb"""table:name\s*=\s*["']([^"']*)["']""")
_ROWS_SPANNED = re.compile(rb"""table:number-rows-spanned\s*=\s*["']([0-9]{1,9})["']""")
_COLUMNS_SPANNED = re.compile(rb"""table:number-columns-spanned\s*=\s*["']([0-9]{1,9})["']""")


Span = tuple[tuple[int, int], tuple[int, int]]
"""A merged range: (first row, first column), (last row, last column), 0-based."""


@dataclass(frozen=True, slots=True)
class Extent:
    """How far a sheet's cells reach: its last row and last column holding a value (1-based;
    0 for an empty sheet); for ODS also its merged ranges, which its reader does not give."""

    sheet: str
    rows: int
    columns: int
    merged: tuple[Span, ...] = ()

    @property
    def cells(self) -> int:
        """The cells a reader holds for the sheet's rectangle."""
        return self.rows * self.columns


def _chunks(package: zipfile.ZipFile, name: str) -> Iterator[bytes]:
    with package.open(name) as part:
        while chunk := part.read(_CHUNK):
            yield chunk


def _tags(
    package: zipfile.ZipFile, name: str, pattern: re.Pattern[bytes]
) -> Iterator[re.Match[bytes]]:
    """Every match of `pattern` in the part, read a chunk at a time (a tag cut by a chunk's
    end is matched when the next chunk comes)."""
    rest = b""
    for chunk in _chunks(package, name):
        buffer = rest + chunk
        end = 0
        for found in pattern.finditer(buffer):
            end = found.end()
            yield found
        rest = buffer[end:]
        cut = rest.rfind(b"<")  # text after the last tag's start holds no tag
        rest = rest[cut:] if cut >= 0 else b""


def ods_extents(package: zipfile.ZipFile) -> list[Extent]:
    """The extent of every table in an ODS package's ``content.xml``."""
    extents: list[Extent] = []
    name = ""
    row = last_row = last_column = column = repeat_rows = 0
    filled = False
    merged: list[Span] = []
    for found in _tags(package, "content.xml", _ODS_TAG):
        closing, tag, attributes = found.group(1), found.group(2), found.group(3)
        alone = attributes.rstrip().endswith(b"/")
        if tag == b"table":
            if closing:
                extents.append(Extent(name, last_row, last_column, tuple(merged)))
            elif not alone:
                named = _NAME.search(attributes)
                name = named.group(1).decode("utf-8", "replace") if named else ""
                row = last_row = last_column = 0
                merged = []
            continue
        if tag == b"table-row":
            if not closing:
                repeated = _ROWS_REPEATED.search(attributes)
                repeat_rows = int(repeated.group(1)) if repeated else 1
                column, filled = 0, False
            if closing or alone:
                if filled:
                    last_row = row + repeat_rows
                row += repeat_rows
            continue
        if closing:
            continue
        repeated = _COLUMNS_REPEATED.search(attributes)
        repeat_columns = int(repeated.group(1)) if repeated else 1
        rows_spanned = _ROWS_SPANNED.search(attributes)
        columns_spanned = _COLUMNS_SPANNED.search(attributes)
        if rows_spanned or columns_spanned:
            down = int(rows_spanned.group(1)) if rows_spanned else 1
            across = int(columns_spanned.group(1)) if columns_spanned else 1
            merged.append(((row, column), (row + down - 1, column + across - 1)))
        if not alone or _VALUE_TYPE.search(attributes):
            filled = True
            last_column = max(last_column, column + repeat_columns)
        column += repeat_columns
    return extents
