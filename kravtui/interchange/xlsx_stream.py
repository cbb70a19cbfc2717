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
  boolean, or an error's text (``#N/A``), as `xlsx_cells` reads a cell. A formula is its cached
  value and is never evaluated; one saved without a value has none. Cells whose place lies
  beyond `ROW_LIMIT` rows or `COLUMN_LIMIT` columns stop the reading with `SheetTooLarge` as
  soon as one is met. Rows in the plain form most writers use are read by patterns
  (`xlsx_plain`, twice as fast); from the first row that is not, lxml reads on.
- `XlsxBook.merged(sheet)` gives the sheet's merged ranges (``<mergeCell>``, which the format
  puts after the rows), found by a quick scan of the part before its rows are read.

The package itself is checked before this reader sees it (`ooxml_zip.checked_package`: sizes,
macros, document type declarations).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kravtui.interchange.xlsx_cells import (
    COLUMN_LIMIT,
    DIGITS,
    ROW_LIMIT,
    SheetTooLarge,
    ascii_number,
    cell_value,
    column_number,
    column_of,
    decode,
    far_row,
)
from kravtui.interchange.xlsx_plain import MAIN as _MAIN
from kravtui.interchange.xlsx_plain import STRICT as _STRICT
from kravtui.interchange.xlsx_plain import PlainRows

__all__ = ["COLUMN_LIMIT", "ROW_LIMIT", "SheetTooLarge", "XlsxBook", "XlsxSheet", "parse_error"]

_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_MERGE = re.compile(
    rb"""<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)["']"""
)
_DATE_FORMATS = frozenset({*range(14, 23), 45, 46, 47, *range(27, 37), *range(50, 59)})
_DATE_CODE = re.compile(r"[dmyDMY]")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_C = frozenset({f"{_MAIN}c", f"{_STRICT}c"})
_V = frozenset({f"{_MAIN}v", f"{_STRICT}v"})
_IS = frozenset({f"{_MAIN}is", f"{_STRICT}is"})
_T = frozenset({f"{_MAIN}t", f"{_STRICT}t"})
_R = frozenset({f"{_MAIN}r", f"{_STRICT}r"})

Span = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True, slots=True)
class XlsxSheet:
    """A worksheet: its name, its part and whether the user sees it."""

    name: str
    part: str
    visible: bool


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
        return decode(element[0].text or "")
    parts: list[str] = []
    for child in element:
        if child.tag in _T:
            parts.append(child.text or "")
        elif child.tag in _R:
            parts.extend(grand.text or "" for grand in child if grand.tag in _T)
    return decode("".join(parts))


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
                # Most chunks hold rows only: looked through at C speed, not tag by tag.
                if b"mergeCell" in buffer:
                    for found in _MERGE.finditer(buffer):
                        first = (
                            int(found.group(2)) - 1,
                            column_number(found.group(1).decode()) - 1,
                        )
                        last = (int(found.group(4)) - 1, column_number(found.group(3).decode()) - 1)
                        spans.append((first, last))
                cut = buffer.rfind(b"<")
                rest = buffer[cut:] if cut >= 0 else b""
        return tuple(spans)

    def rows(self, sheet: XlsxSheet) -> Iterator[tuple[int, dict[int, object]]]:
        """Each row holding a value: its 1-based number and its values by 0-based column (by
        patterns while the rows are plain, `xlsx_plain`; from there on by lxml)."""
        strings, dates = self.strings, self.dates
        with self.package.open(sheet.part) as part:
            plain = PlainRows(part, strings, dates)
            yield from plain
        if plain.handed_over:
            yield from self.parsed_rows(sheet, skip=plain.given)

    def parsed_rows(
        self, sheet: XlsxSheet, skip: int = 0
    ) -> Iterator[tuple[int, dict[int, object]]]:
        """`rows` read by lxml, passing over the first `skip` row elements (read already).

        The hot loop of a sheet outside the plain form: a cell costs a handful of lxml calls
        (no ``iterchildren`` with tags, no XPath: each costs more than the rest of the cell's
        work together), and a cell's column is looked up by its place's letters."""
        strings, dates = self.strings, self.dates
        columns: dict[str, int] = {}
        number = 0
        with self.package.open(sheet.part) as part:
            for _event, row in _parse(part, "row"):
                given = ascii_number(row.get("r"))
                number = given if given is not None else number + 1
                if skip:
                    skip -= 1
                else:
                    if number > ROW_LIMIT:
                        raise SheetTooLarge(number, 1)
                    values = _values(row, number, columns, strings, dates)
                    if values:
                        yield number, values
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]


def _values(
    row: Any, number: int, columns: dict[str, int], strings: list[str], dates: frozenset[int]
) -> dict[int, object]:
    """The values of a row element by 0-based column."""
    values: dict[int, object] = {}
    column = 0
    for cell in row:
        if cell.tag not in _C:
            continue
        place = cell.get("r")
        if place:
            letters = place.rstrip(DIGITS)
            found = columns.get(letters)
            if found is None:
                found = column_of(place)
                if found:
                    columns[letters] = found
            if found:
                column = found
                far_row(place, letters, column)
            else:
                column += 1
        else:
            column += 1
        if column > COLUMN_LIMIT:
            raise SheetTooLarge(number, column)
        kind = cell.get("t")
        raw = inline = None
        for child in cell.getchildren():
            tag = child.tag
            if tag in _V:
                raw = child.text
            elif tag in _IS:
                inline = child
        if kind == "inlineStr":
            if inline is not None:
                text = _text(inline)
                if text:
                    values[column - 1] = text
        elif raw is not None:
            value = cell_value(kind, raw, cell.get("s"), strings, dates)
            if value != "":
                values[column - 1] = value
    return values
