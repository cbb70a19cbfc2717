"""Reading an XLSX sheet's rows by patterns where the sheet is written in the plain form, about
twice as fast as lxml, and handing over to lxml at the first thing outside that form.

Excel, LibreOffice, openpyxl and kravtui write a sheet's rows the same plain way:
``<row r="2"><c r="A2" s="1" t="s"><v>7</v></c>...</row>``, an inline string as
``<is><t>...</t></is>``, a formula as ``<f>...</f>`` before its cached ``<v>``. `PlainRows`
reads rows of that form with regular expressions, a chunk of the inflated part at a time,
giving what `xlsx_stream`'s lxml reading gives for them (cells through `xlsx_cells`; the tests
read the same files both ways). The form, checked row by row:

- between ``<sheetData>`` and ``</sheetData>`` only rows, and in a row only cells; attributes
  in double quotes without entities, none declaring a namespace; in a cell an optional formula,
  then a ``<v>`` or an ``<is>`` of one ``<t>``; text with no markup, XML's five entities and
  character references to characters XML allows; no character XML forbids; whitespace between
  elements.

What lies around the rows is read by lxml (`_Frame`): the head up to ``<sheetData>`` and
everything after ``</sheetData>`` are fed to a pull parser, with the rows left out. So the part
is checked to be well formed XML as the lxml reading checks it; the rows' element is known to be
SpreadsheetML's ``sheetData`` directly in its ``worksheet`` (not text in a comment, not another
namespace's element), and a row anywhere outside it is noticed.

Where anything is outside the form, `PlainRows` stops before that row with `handed_over` set and
`given` the number of row elements it read; `xlsx_stream` then reads the part with lxml from its
start, passing over that many rows. A file in the plain form is read once; any other costs at
most one more reading of what came before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO, Any

from kravtui.interchange.xlsx_cells import (
    COLUMN_LIMIT,
    DIGITS,
    ROW_LIMIT,
    SheetTooLarge,
    cell_value,
    column_of,
    decode,
    far_row,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"

_CHUNK = 1024 * 1024
_HEAD_LIMIT = 4 * 1024 * 1024
"""How far into the part ``<sheetData>`` is looked for (the columns' widths come before it)."""
_ROW_LIMIT_BYTES = 32 * 1024 * 1024
"""The longest row read by patterns; a longer one is left to lxml."""

_START = b"<sheetData>"
_END = "</sheetData>"
_NAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
_OTHER = rf'(?!xmlns){_NAME}="[^"<&]*"'
_ENTITY = r"&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});"
_ROW = re.compile(rf'\s*<row(?:\s+(?:r="([0-9]+)"|{_OTHER}))*\s*(/?)>', re.ASCII)
_CELL = re.compile(
    rf'\s*(?:<c(?:\s+(?:r="([A-Z]{{1,4}}[0-9]{{1,8}})"|s="([0-9]{{1,9}})"|t="([A-Za-z]{{1,12}})"'
    rf"|{_OTHER}))*\s*"
    rf"(?:/>|>\s*(?:<f(?:\s+{_OTHER})*\s*(?:/>|>(?:[^<&]|{_ENTITY})*</f>)\s*)?"
    rf"(?:<v>([^<]*)</v>|<is>\s*<t(?:\s+{_OTHER})*\s*(?:/>|>([^<]*)</t>)\s*</is>)?\s*</c>)"
    rf"|(\S))",
    re.ASCII,
)
_REFERENCE = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_BARE = re.compile(rf"&(?!{_ENTITY[1:]})")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_NOT_XML = bytes(range(0x20)).translate(None, b"\t\n\r")
"""The control characters XML does not allow (U+FFFE and U+FFFF are looked for by their bytes)."""
_DECLARED = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']""")


class _NotPlain(Exception):
    """The rows leave the plain form here."""


def _xml_character(code: int) -> str:
    if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD:
        return chr(code)
    if 0x10000 <= code <= 0x10FFFF:
        return chr(code)
    raise _NotPlain


def _reference(found: re.Match[str]) -> str:
    named, decimal, hexadecimal = found.groups()
    if named:
        return _NAMED[named]
    return _xml_character(int(decimal) if decimal else int(hexadecimal, 16))


def _text(raw: str) -> str:
    """A text as XML reads it: its references resolved (a bare ``&`` is outside the form)."""
    if "&" not in raw:
        return raw
    if _BARE.search(raw):
        raise _NotPlain
    return _REFERENCE.sub(_reference, raw)


class _Frame:
    """lxml's pull parser fed what lies around the rows, to check that it is well formed and
    where the rows are."""

    def __init__(self) -> None:
        from lxml import etree  # type: ignore[import-untyped]

        self._parser = etree.XMLPullParser(
            events=("start", "end"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        self._root: Any = None
        self._last: Any = None
        self.rows_outside = False

    def feed(self, data: bytes) -> None:
        self._parser.feed(data)
        for event, element in self._parser.read_events():
            if event == "start":
                if self._root is None:
                    self._root = element
                self._last = element
                if element.tag in (f"{MAIN}row", f"{STRICT}row"):
                    self.rows_outside = True
            elif element is not self._root:
                element.clear()

    def at_rows(self) -> bool:
        """Whether what was fed ends with SpreadsheetML's ``<sheetData>`` in its worksheet."""
        root, last = self._root, self._last
        return (
            root is not None
            and last is not None
            and not self.rows_outside
            and root.tag in (f"{MAIN}worksheet", f"{STRICT}worksheet")
            and last.tag == root.tag.replace("worksheet", "sheetData")
            and last.getparent() is root
            and len(last) == 0
        )

    def close(self) -> None:
        self._parser.close()


class PlainRows:
    """A sheet part's rows read by patterns (see the module's docstring); iterate once."""

    def __init__(self, part: IO[bytes], strings: list[str], dates: frozenset[int]) -> None:
        self._part = part
        self._strings = strings
        self._dates = dates
        self.given = 0
        self.handed_over = False
        self._number = 0
        self._columns: dict[str, int] = {}

    def __iter__(self) -> Iterator[tuple[int, dict[int, object]]]:
        head = self._head()
        if head is None:
            self.handed_over = True
            return
        frame, pending = head
        while True:
            chunk = self._part.read(_CHUNK)
            pending += chunk
            end = pending.find(_END.encode())
            if end >= 0:
                region, pending = pending[:end], pending[end:]
            else:
                cut = pending.rfind(b"</row>") + len(b"</row>")
                if cut < len(b"</row>"):
                    cut = 0
                region, pending = pending[:cut], pending[cut:]
            try:
                for number, values in self._rows(region):
                    if values:
                        yield number, values
            except _NotPlain:
                self.handed_over = True
                return
            if end >= 0:
                break
            if not chunk or len(pending) > _ROW_LIMIT_BYTES:
                self.handed_over = True  # no end of the rows: lxml says what is wrong
                return
        self._tail(frame, pending)

    def _head(self) -> tuple[_Frame, bytes] | None:
        """The frame fed up to ``<sheetData>`` and what follows it, or None when the part does
        not start in the plain form."""
        data = b""
        while _START not in data and len(data) < _HEAD_LIMIT:
            chunk = self._part.read(_CHUNK)
            if not chunk:
                break
            data += chunk
        start = data.find(_START)
        if start < 0:
            return None
        declared = _DECLARED.match(data)
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            return None
        frame = _Frame()
        frame.feed(data[: start + len(_START)])
        if not frame.at_rows():
            return None
        return frame, data[start + len(_START) :]

    def _tail(self, frame: _Frame, pending: bytes) -> None:
        """Feed the rest of the part to the frame: it must be well formed and hold no row."""
        frame.feed(pending)
        while chunk := self._part.read(_CHUNK):
            frame.feed(chunk)
        frame.close()
        if frame.rows_outside:
            self.handed_over = True

    def _rows(self, region: bytes) -> Iterator[tuple[int, dict[int, object]]]:
        """The rows of `region` (whole rows only): (number, values) for each, empty ones too."""
        if len(region.translate(None, _NOT_XML)) != len(region):
            raise _NotPlain
        if b"\xef\xbf\xbe" in region or b"\xef\xbf\xbf" in region:
            raise _NotPlain
        try:
            text = region.decode("utf-8")
        except UnicodeDecodeError:
            raise _NotPlain from None
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        match, find = _ROW.match, text.find
        position, size = 0, len(text)
        while position < size:
            found = match(text, position)
            if found is None:
                if text[position:].strip():
                    raise _NotPlain
                return
            given, alone = found.groups()
            number = self._number = int(given) if given else self._number + 1
            if number > ROW_LIMIT:
                raise SheetTooLarge(number, 1)
            if alone:
                values: dict[int, object] = {}
                position = found.end()
            else:
                end = find("</row>", found.end())
                if end < 0:
                    raise _NotPlain
                values = self._cells(text[found.end() : end], number)
                position = end + len("</row>")
            self.given += 1
            yield number, values

    def _cells(self, body: str, number: int) -> dict[int, object]:
        values: dict[int, object] = {}
        column = 0
        strings, dates, columns = self._strings, self._dates, self._columns
        for place, style, kind, raw, inline, junk in _CELL.findall(body):
            if junk:
                raise _NotPlain
            if place:
                letters = place.rstrip(DIGITS)
                found = columns.get(letters)
                if found is None:
                    found = columns[letters] = column_of(place)
                column = found
                if len(place) - len(letters) > 5:
                    far_row(place, letters, column)
            else:
                column += 1
            if column > COLUMN_LIMIT:
                raise SheetTooLarge(number, column)
            if kind == "inlineStr":
                if inline:  # most texts hold no reference and no escape: taken as they are
                    text = (
                        inline
                        if "&" not in inline and "_x" not in inline
                        else decode(_text(inline))
                    )
                    if text:
                        values[column - 1] = text
            elif raw:
                value = cell_value(kind or None, _text(raw), style or None, strings, dates)
                if value != "":
                    values[column - 1] = value
        return values
