"""Reading an XLSX workbook's sheets a row at a time, so a sheet of 100,000 rows is never held.

A general reader (calamine) holds a whole sheet as one rectangle of cells, a few hundred MB for
100,000 requirements and, for a hostile file with one cell in A1 and one in XFD1048576, more
memory than any machine has. This reader parses the package's parts as a stream (lxml's
`iterparse`, entities never resolved, no network) and gives each row as it comes:

- `XlsxBook(package)` reads the small parts first: the sheets' names, parts and visibility from
  ``xl/workbook.xml`` and its relationships, the shared strings (``xl/sharedStrings.xml``, the
  texts Excel and LibreOffice store once for the whole workbook), and which cell styles are
  dates (``xl/styles.xml``: the built-in date formats and custom ones written with d, m or y).
- `XlsxBook.rows(sheet)` gives (row number, {0-based column: value}) for every row with a
  value: a number as int or float (a date style's serial number as a `datetime`), a text
  (shared, inline or a formula's cached text) with OOXML's ``_xHHHH_`` escapes decoded, a
  boolean, or an error's text (``#N/A``). A formula is its cached value and is never evaluated;
  one saved without a value has none. Cells whose place lies beyond `ROW_LIMIT` rows or
  `COLUMN_LIMIT` columns stop the reading with `SheetTooLarge` as soon as one is met.
- `XlsxBook.merged(sheet)` gives the sheet's merged ranges (``<mergeCell>``, which the format
  puts after the rows), found by a quick scan of the part before its rows are read.

The package itself is checked before this reader sees it (`ooxml_zip.checked_package`: sizes,
macros, document type declarations).
"""

from __future__ import annotations

import datetime
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_MERGE = re.compile(
    rb"""<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)["']"""
)
_DATE_FORMATS = frozenset({*range(14, 23), 45, 46, 47, *range(27, 37), *range(50, 59)})
_DATE_CODE = re.compile(r"[dmyDMY]")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_EPOCH = datetime.datetime(1899, 12, 30)
_C = frozenset({f"{_MAIN}c", f"{_STRICT}c"})
_V = frozenset({f"{_MAIN}v", f"{_STRICT}v"})
_IS = frozenset({f"{_MAIN}is", f"{_STRICT}is"})
_T = frozenset({f"{_MAIN}t", f"{_STRICT}t"})
_R = frozenset({f"{_MAIN}r", f"{_STRICT}r"})
_PLACE = re.compile(r"([A-Z]{1,4})([0-9]{1,8})")
_INTEGER = re.compile(r"-?[0-9]{1,30}")

ROW_LIMIT = 200_001
COLUMN_LIMIT = 512

Span = tuple[tuple[int, int], tuple[int, int]]


class SheetTooLarge(Exception):
    """A cell lies beyond the rows or columns a sheet may have; `row` and `column` (1-based)
    say where."""

    def __init__(self, row: int, column: int) -> None:
        super().__init__(f"{row}:{column}")
        self.row = row
        self.column = column


@dataclass(frozen=True, slots=True)
class XlsxSheet:
    """A worksheet: its name, its part and whether the user sees it."""

    name: str
    part: str
    visible: bool


def column_number(letters: str) -> int:
    """1 for A, 27 for AA."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _decode(text: str) -> str:
    return _ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text) if "_x" in text else text


def _etree() -> Any:
    """lxml's etree, imported when a sheet is read."""
    from lxml import etree  # type: ignore[import-untyped]

    return etree


def parse_error() -> type[Exception]:
    """The error lxml raises for XML it cannot parse."""
    return _etree().LxmlError  # type: ignore[no-any-return]


def _fragment(data: bytes) -> Any:
    """A small part parsed whole, warily (no entities, no network, no DTD)."""
    etree = _etree()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def _parse(part: Any, tag: str | tuple[str, ...]) -> Iterator[Any]:
    """End events of `tag` elements in an XML stream, parsed warily."""
    etree = _etree()
    tags = (tag,) if isinstance(tag, str) else tag
    wanted = [f"{ns}{name}" for ns in (_MAIN, _STRICT) for name in tags]
    return etree.iterparse(  # type: ignore[no-any-return]
        part,
        events=("end",),
        tag=wanted,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def _text(element: Any) -> str:
    """The text of a string item (``<si>`` or ``<is>``): its ``<t>``, or its runs' ``<t>``s
    (phonetic guides left out)."""
    if len(element) == 1 and element[0].tag in _T:  # the usual case: one plain text
        return _decode(element[0].text or "")
    parts: list[str] = []
    for child in element:
        if child.tag in _T:
            parts.append(child.text or "")
        elif child.tag in _R:
            parts.extend(grand.text or "" for grand in child if grand.tag in _T)
    return _decode("".join(parts))


def _is_date_code(code: str) -> bool:
    return bool(_DATE_CODE.search(_QUOTED.sub("", code)))


class XlsxBook:
    """The sheets of an XLSX package, read a row at a time (see the module's docstring)."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        self.sheets = self._sheets()
        self._strings: list[str] | None = None
        self._dates: frozenset[int] | None = None

    def _sheets(self) -> list[XlsxSheet]:
        workbook = _fragment(self.package.read("xl/workbook.xml"))
        targets: dict[str, str] = {}
        if "xl/_rels/workbook.xml.rels" in self.package.namelist():
            rels = _fragment(self.package.read("xl/_rels/workbook.xml.rels"))
            for rel in rels.iter(_RELS):
                target = str(rel.get("Target", ""))
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[str(rel.get("Id"))] = path
        sheets: list[XlsxSheet] = []
        for element in workbook.iter(f"{_MAIN}sheet", f"{_STRICT}sheet"):
            part = targets.get(str(element.get(_RELATIONSHIP)), "")
            if part.startswith("xl/worksheets/"):
                visible = element.get("state", "visible") == "visible"
                sheets.append(XlsxSheet(str(element.get("name", "")), part, visible))
        return sheets

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if "xl/sharedStrings.xml" in self.package.namelist():
                with self.package.open("xl/sharedStrings.xml") as part:
                    for _event, item in _parse(part, "si"):
                        self._strings.append(_text(item))
                        item.clear()
        return self._strings

    @property
    def dates(self) -> frozenset[int]:
        """The cell styles (indexes into ``cellXfs``) that show a date."""
        if self._dates is None:
            self._dates = frozenset()
            if "xl/styles.xml" in self.package.namelist():
                self._dates = self._date_styles()
        return self._dates

    def _date_styles(self) -> frozenset[int]:
        styles = _fragment(self.package.read("xl/styles.xml"))
        custom = {
            int(fmt.get("numFmtId", "-1")): _is_date_code(str(fmt.get("formatCode", "")))
            for fmt in styles.iter(f"{_MAIN}numFmt", f"{_STRICT}numFmt")
        }
        found: set[int] = set()
        for parent in styles.iter(f"{_MAIN}cellXfs", f"{_STRICT}cellXfs"):
            for index, xf in enumerate(parent):
                number = int(xf.get("numFmtId", "0") or 0)
                if custom.get(number, number in _DATE_FORMATS):
                    found.add(index)
        return frozenset(found)

    def merged(self, sheet: XlsxSheet) -> tuple[Span, ...]:
        """The sheet's merged ranges, 0-based ((first row, first column), (last row, last
        column))."""
        spans: list[Span] = []
        rest = b""
        with self.package.open(sheet.part) as part:
            while chunk := part.read(1024 * 1024):
                buffer = rest + chunk
                for found in _MERGE.finditer(buffer):
                    first = (int(found.group(2)) - 1, column_number(found.group(1).decode()) - 1)
                    last = (int(found.group(4)) - 1, column_number(found.group(3).decode()) - 1)
                    spans.append((first, last))
                cut = buffer.rfind(b"<")
                rest = buffer[cut:] if cut >= 0 else b""
        return tuple(spans)

    def rows(self, sheet: XlsxSheet) -> Iterator[tuple[int, dict[int, object]]]:
        """Each row holding a value: its 1-based number and its values by 0-based column."""
        strings, dates = self.strings, self.dates
        columns: dict[str, int] = {}
        match = _PLACE.fullmatch
        number = 0
        with self.package.open(sheet.part) as part:
            for _event, row in _parse(part, "row"):
                given = row.get("r")
                number = int(given) if given and given.isdigit() else number + 1
                if number > ROW_LIMIT:
                    raise SheetTooLarge(number, 1)
                values: dict[int, object] = {}
                column = 0
                for cell in row:
                    if cell.tag not in _C:
                        continue
                    place = match(cell.get("r") or "")
                    if place:
                        letters, digits = place.groups()
                        column = columns.get(letters) or columns.setdefault(
                            letters, column_number(letters)
                        )
                        if len(digits) > 5 and int(digits) > ROW_LIMIT:  # a far row
                            raise SheetTooLarge(int(digits), column)
                    else:
                        column += 1
                    if column > COLUMN_LIMIT:
                        raise SheetTooLarge(number, column)
                    value = _value(cell, strings, dates)
                    if value is not None and value != "":
                        values[column - 1] = value
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                if values:
                    yield number, values


def _value(cell: Any, strings: list[str], dates: frozenset[int]) -> object:
    """A cell's value as read (see `XlsxBook.rows`)."""
    kind = cell.get("t", "n")
    raw: str | None = None
    inline: Any = None
    for child in cell:
        tag = child.tag
        if tag in _V:
            raw = child.text
        elif tag in _IS:
            inline = child
    if kind == "inlineStr":
        return _text(inline) if inline is not None else None
    if raw is None:
        return None
    if kind == "s":
        index = int(raw)
        if not 0 <= index < len(strings):
            raise ValueError("a shared string that is not there")
        return strings[index]
    if kind in ("str", "e"):
        return _decode(raw)
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return raw
    text = raw.strip()
    number: int | float = int(text) if _INTEGER.fullmatch(text) else float(text)
    style = cell.get("s")
    if style is not None and style.isdigit() and int(style) in dates and 0 <= number < 2958466:
        return _EPOCH + datetime.timedelta(days=number)
    return number
