"""Reading a spreadsheet someone gave us (XLSX, XLS or ODS), trusting nothing in it.

`open_spreadsheet(path)` refuses, in one line naming the file and before any sheet is read:
anything that is not a regular file or is larger than `FILE_LIMIT`; a macro-enabled workbook
(.xlsm, .xltm, .xlsb, macros inside an .xlsx, or Basic or script parts in an .ods); a file
protected by a password; a file that is no spreadsheet at all (a CSV named .xlsx, a DOCX); a
damaged zip, a zip bomb (by the sizes its directory declares, before anything is inflated) and
an XML part with a document type (`ooxml_zip.checked_package`).

An XLSX is read by `xlsx_stream`, a row at a time: a sheet of 100,000 rows is never held, and
one reaching past `ROW_LIMIT` rows or `COLUMN_LIMIT` columns is refused at the first cell out
there. An .xls or .ods is read by python-calamine, which holds every sheet as a rectangle: each
sheet's reach is measured first, from the records of an .xls (`xls_extent`: the extent its
``DIMENSIONS`` declare and where its cells are, the larger) and the XML of an .ods
(`sheet_extent`), and refused past those limits or `CELL_LIMIT` cells.

`Spreadsheet.rows(sheet)` gives each row with its number and its cells as text, from column A:
cells are read as their values and never evaluated (a formula is its cached value; one saved
without a value reads as empty), a whole number is written without a decimal point (417.0 is
"417"), a date is its ISO date, TRUE and FALSE are those words, line breaks written as CR or
CRLF are LF, the escape of a bidi control or an invisible character as kravtui writes it into a
sheet (``\\u202e``, ``\\u200b``: `kravtui.i18n.visible_text.restore_from_documents`) is the
character, so a sheet kravtui wrote reads back exactly, and the cells of a merged range read
as its first cell, as the user sees them. A cell holding a character the text rule refuses
(`catalogue.text_rules`) is refused as ``FILE:SHEET!CELL: reason``.

python-calamine and lxml are imported when a spreadsheet is read, not when kravtui starts.
"""

from __future__ import annotations

import datetime
import io
import math
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kravtui.catalogue.text_rules import REFUSED_IN_TEXT, refusal_reason, refused_character
from kravtui.i18n import t
from kravtui.i18n.visible_text import restore_from_documents
from kravtui.input_file import read_input_file
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.ooxml_zip import checked_package
from kravtui.interchange.sheet_extent import Extent, Span, ods_extents
from kravtui.interchange.xls_extent import (
    XlsDamaged,
    XlsEncrypted,
    XlsNotAWorkbook,
    xls_extents,
)
from kravtui.interchange.xlsx_stream import (
    COLUMN_LIMIT,
    ROW_LIMIT,
    SheetTooLarge,
    XlsxBook,
    parse_error,
)

FILE_LIMIT = 256 * 1024 * 1024
"""The largest spreadsheet file read (100,000 requirements take about 40 MB as XLSX)."""
INFLATED_PART_LIMIT = 1024 * 1024 * 1024
INFLATED_TOTAL_LIMIT = 2 * 1024 * 1024 * 1024
"""What a package's parts may declare, inflated, one and all together (a sheet of 100,000
requirements is about 300 MB of XML)."""
CELL_LIMIT = 3_000_000
"""The largest rectangle of cells an .xls or .ods sheet may span: calamine holds it whole, about
60 bytes a cell, so 3 million cells is about 200 MB (100,000 requirements in 22 columns are 2.2
million)."""

SPREADSHEET_SUFFIXES = (".xlsx", ".xls", ".ods", ".xlsm", ".xltm", ".xlsb", ".xltx", ".ots")
"""The file names `kravtui import` reads as spreadsheets (the macro-enabled ones to refuse
them in words)."""
_MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlsb", ".xlam")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_ODS_TYPES = (
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.spreadsheet-template",
)


@dataclass(frozen=True, slots=True)
class SheetInfo:
    """A worksheet of the file: its name and whether the user sees it."""

    name: str
    visible: bool


def column_letters(index: int) -> str:
    """The letters of the 0-based column `index` (0 is A, 26 is AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_place(sheet: str, row: int, column: int) -> str:
    """``SHEET!B7`` for the 1-based `row` and 0-based `column`."""
    return f"{sheet}!{column_letters(column)}{row}"


def cell_text(value: object) -> str:
    """A cell's value as text (see the module's docstring), line breaks as LF."""
    if type(value) is str:
        return value.replace("\r\n", "\n").replace("\r", "\n") if "\r" in value else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


Cells = Iterator[tuple[int, dict[int, object]]]
"""A sheet's rows holding a value: the 1-based row number, and the values by 0-based column."""


class _XlsxSheets:
    """An XLSX package's sheets, streamed a row at a time by `xlsx_stream`."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        self.book = XlsxBook(package)
        self.sheets = [SheetInfo(sheet.name, sheet.visible) for sheet in self.book.sheets]

    def cells(self, name: str) -> tuple[Cells, tuple[Span, ...]]:
        sheet = {sheet.name: sheet for sheet in self.book.sheets}[name]
        return self.book.rows(sheet), self.book.merged(sheet)

    def close(self) -> None:
        self.package.close()


class _CalamineSheets:
    """An .xls or .ods workbook read by calamine, which holds a whole sheet (its reach was
    measured first, or is bounded by the format)."""

    def __init__(self, workbook: Any, merged: dict[str, tuple[Span, ...]]) -> None:
        from python_calamine import SheetTypeEnum, SheetVisibleEnum

        self.workbook = workbook
        self._merged = merged  # ODS: the merged ranges the scan found, by sheet
        self.sheets = [
            SheetInfo(str(meta.name), meta.visible == SheetVisibleEnum.Visible)
            for meta in workbook.sheets_metadata
            if meta.typ == SheetTypeEnum.WorkSheet
        ]

    def cells(self, name: str) -> tuple[Cells, tuple[Span, ...]]:
        sheet = self.workbook.get_sheet_by_name(name)
        if sheet.height > ROW_LIMIT or sheet.width > COLUMN_LIMIT:
            raise SheetTooLarge(sheet.height, sheet.width)
        spans = tuple(sheet.merged_cell_ranges or self._merged.get(name, ()))
        return self._rows(sheet), spans

    @staticmethod
    def _rows(sheet: Any) -> Cells:
        start = sheet.start
        if start is None:
            return
        first_row, first_column = start
        for offset, values in enumerate(sheet.iter_rows()):
            found = {
                column: value
                for column, value in enumerate(values, start=first_column)
                if value is not None and value != ""
            }
            if found:
                yield first_row + offset + 1, found

    def close(self) -> None:
        self.workbook.close()


_DAMAGED: tuple[type[BaseException], ...] = (
    ValueError,
    KeyError,
    IndexError,
    EOFError,
    OSError,
    zipfile.BadZipFile,
)


class Spreadsheet:
    """An opened, checked spreadsheet file (see `open_spreadsheet`)."""

    def __init__(self, source: str, kind: str, reader: _XlsxSheets | _CalamineSheets) -> None:
        self.source = source
        self.kind = kind  # "xlsx", "xls" or "ods"
        self._reader = reader
        self.sheets = reader.sheets

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> Spreadsheet:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def refuse(self, place: str, reason: str) -> InterchangeError:
        """`FILE:SHEET!CELL: reason`."""
        return InterchangeError(f"{self.source}:{place}", reason)

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        """Each row of the sheet with anything in it: its 1-based number and its cells' texts
        from column A, merged ranges filled with their first cell."""
        try:
            cells, spans = self._reader.cells(name)
            merged = _Merged(spans)
            search = REFUSED_IN_TEXT.search
            for number, values in cells:
                texts = [""] * (max(values) + 1)
                for column, value in values.items():
                    texts[column] = (
                        value if type(value) is str and "\r" not in value else cell_text(value)
                    )
                joined = "\n".join(texts)
                if search(joined):  # one search a row; the cell found only then
                    self._refuse_cell(name, number, texts)
                if "\\" in joined:  # a character kravtui wrote as its escape, perhaps
                    texts = [restore_from_documents(text) for text in texts]
                merged.fill(number - 1, texts)
                yield number, texts
        except SheetTooLarge as large:
            value, limit = (large.row, ROW_LIMIT) if large.row > ROW_LIMIT else (large.column, 0)
            if limit:
                reason = t("sheets.too_many_rows_read", sheet=name, value=value, limit=limit)
            else:
                reason = t("sheets.too_many_columns", sheet=name, value=value, limit=COLUMN_LIMIT)
            raise InterchangeError(self.source, reason) from None
        except (*_DAMAGED, parse_error()):
            raise InterchangeError(self.source, t("sheets.damaged")) from None
        except InterchangeError:
            raise
        except Exception:  # calamine's ways of failing on a damaged sheet
            raise InterchangeError(self.source, t("sheets.damaged")) from None

    def _refuse_cell(self, name: str, number: int, texts: list[str]) -> None:
        """Refuse the first cell of the row holding a character no text may hold."""
        for column, text in enumerate(texts):
            refused = refused_character(text)
            if refused is not None:
                reason = refusal_reason(refused, one_line=False)
                raise self.refuse(cell_place(name, number, column), reason)


class _Merged:
    """Merged ranges ((first row, first column), (last row, last column)), 0-based, filled
    row by row with their first cell's text (which comes first, rows being read in order)."""

    def __init__(self, ranges: Any) -> None:
        self._waiting: list[Span] = sorted(
            ((int(first[0]), int(first[1])), (int(last[0]), int(last[1]))) for first, last in ranges
        )
        self._active: list[tuple[tuple[int, int], tuple[int, int], str]] = []

    def fill(self, row: int, texts: list[str]) -> None:
        while self._waiting and self._waiting[0][0][0] <= row:
            first, last = self._waiting.pop(0)
            if first[0] == row:
                text = texts[first[1]] if first[1] < len(texts) else ""
                self._active.append((first, last, text))
        still: list[tuple[tuple[int, int], tuple[int, int], str]] = []
        for first, last, text in self._active:
            if row > last[0]:
                continue
            still.append((first, last, text))
            if text and len(texts) <= last[1]:
                texts.extend([""] * (min(last[1], COLUMN_LIMIT) + 1 - len(texts)))
            for column in range(first[1], min(last[1] + 1, len(texts))):
                if not texts[column]:
                    texts[column] = text
        self._active = still


def _refuse_extent(source: str, extent: Extent) -> None:
    for key, value, limit in (
        ("sheets.too_many_rows_read", extent.rows, ROW_LIMIT),
        ("sheets.too_many_columns", extent.columns, COLUMN_LIMIT),
        ("sheets.too_many_cells", extent.cells, CELL_LIMIT),
    ):
        if value > limit:
            raise InterchangeError(source, t(key, sheet=extent.sheet, value=value, limit=limit))


def _zip_reader(data: bytes, source: str) -> tuple[str, _XlsxSheets | _CalamineSheets]:
    """The kind of a zip package ("xlsx" or "ods") and its reader, after the checks (and, for
    ODS, its sheets' reach)."""
    package = checked_package(
        data, source, part_limit=INFLATED_PART_LIMIT, total_limit=INFLATED_TOTAL_LIMIT
    )
    try:
        names = package.namelist()
        if "xl/workbook.xml" in names:
            return "xlsx", _XlsxSheets(package)
        if "mimetype" not in names or package.read("mimetype").strip() not in _ODS_TYPES:
            raise InterchangeError(source, t("sheets.not_a_spreadsheet"))
        _check_ods(package, source)
        extents = ods_extents(package)
    except InterchangeError:
        package.close()
        raise
    except Exception:  # a damaged part: lxml, zipfile and the scan's ways of failing
        package.close()
        raise InterchangeError(source, t("sheets.damaged")) from None
    package.close()
    for extent in extents:
        _refuse_extent(source, extent)
    merged = {extent.sheet: extent.merged for extent in extents if extent.merged}
    return "ods", _CalamineSheets(_calamine(data, source), merged)


def _calamine(data: bytes, source: str) -> Any:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise InterchangeError(source, t("sheets.encrypted")) from None
    except Exception:  # calamine's ways of failing on what is not a workbook
        raise InterchangeError(source, t("sheets.damaged")) from None


def _check_ods(package: zipfile.ZipFile, source: str) -> None:
    for name in package.namelist():
        if name.lower().startswith(("basic/", "scripts/")):
            raise InterchangeError(source, t("sheets.macros"))
    if "META-INF/manifest.xml" in package.namelist():
        manifest = package.read("META-INF/manifest.xml")
        if b"encryption-data" in manifest:
            raise InterchangeError(source, t("sheets.encrypted"))


def open_spreadsheet(path: Path) -> Spreadsheet:
    """The spreadsheet at `path`, checked (see the module's docstring); `InterchangeError`."""
    source = str(path)
    if path.suffix.lower() in _MACRO_SUFFIXES:
        raise InterchangeError(source, t("sheets.macros"))
    try:
        data = read_input_file(path, limit=FILE_LIMIT)
    except FileNotFoundError:
        raise InterchangeError(source, t("interchange.not_found")) from None
    except OSError as error:
        reason = t("interchange.read_failed", error=error.strerror or error)
        raise InterchangeError(source, reason) from None
    if data.startswith(b"PK\x03\x04"):
        kind, reader = _zip_reader(data, source)
        return Spreadsheet(source, kind, reader)
    if not data.startswith(_OLE):
        raise InterchangeError(source, t("sheets.not_a_spreadsheet"))
    if _ENCRYPTED_OOXML in data:
        raise InterchangeError(source, t("sheets.encrypted"))
    _check_xls(data, source)
    return Spreadsheet(source, "xls", _CalamineSheets(_calamine(data, source), {}))


def _check_xls(data: bytes, source: str) -> None:
    """Refuse an .xls whose sheets reach too far (declared or real), before calamine holds
    them, and one that is protected or holds no workbook."""
    try:
        extents = xls_extents(data)
    except XlsEncrypted:
        raise InterchangeError(source, t("sheets.encrypted")) from None
    except XlsNotAWorkbook:
        raise InterchangeError(source, t("sheets.not_a_spreadsheet")) from None
    except (XlsDamaged, struct.error):
        raise InterchangeError(source, t("sheets.damaged")) from None
    for extent in extents:
        _refuse_extent(source, extent)
