"""Writing an XLSX workbook with openpyxl so that the same content gives the same bytes and every
text reads back exactly as it was.

Shared by every XLSX kravtui writes (the answer sheet, the requirements as a spreadsheet):

- `fix_properties` sets the document properties without a clock (`FIXED_DATE`, no "last
  modified by"), and `save_workbook` writes the package through `fixed_zip.FixedZipFile`,
  whose entries carry no time either; a write-only workbook's sheets are streamed from
  openpyxl's temporary files into the zip, so a large sheet is never held in memory.
- `set_text` puts a text in a cell as text, whatever it starts with (``=HYPERLINK(...)`` is a
  string, never a formula), through `sheet_text`, which writes the bidi controls and the
  invisible characters as the escapes kravtui shows them by
  (`kravtui.i18n.visible_text.visible_in_documents`: ``\\u202e``, ``\\u200b``, so Excel shows no
  text reversed that read otherwise in kravtui, nor a character its reader cannot see;
  kravtui's readers turn them back with `restore_from_documents`), and what XML cannot hold
  (control characters, lone surrogates, U+FFFE, U+FFFF) and a literal ``_x0041_`` as OOXML's
  ``_xHHHH_`` escapes, as Excel does, so a reader that decodes them gets the very text back.
  `fits_cell` says whether a text fits a cell so.
- `TableSheet` is a sheet of a header row and rows of texts for people to work in (bold frozen
  header, autofilter, widths, wrapped text); a large one streams its rows into the package as
  it is saved, without openpyxl's per-cell work (a tenth of the time).
- `set_print_layout` makes such a sheet print as people expect: A4 landscape, the header row
  on every page, grid lines, the columns scaled to as few pages across as read well, and the
  sheet's name and "page / pages" in the footer.
- `CELL_LIMIT` is the most characters a cell holds, `ROW_LIMIT` the most rows under a header.

openpyxl is imported by the functions that need it, not when kravtui starts.
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from kravtui.i18n.visible_text import visible_in_documents
from kravtui.interchange.fixed_zip import FixedZipFile, fixed_info

CELL_LIMIT = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit, and LibreOffice keeps to it)."""

FIXED_DATE = datetime.datetime(2000, 1, 1)
"""The creation and modification date every workbook kravtui writes carries."""

_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff"
_UNSAFE = re.compile(f"_(?=x[0-9A-Fa-f]{{4}}_)|[{_UNSAFE_CLASS}]")
_MOST_GROWTH = 10
"""The most characters `visible_in_documents` makes of one (a tag character becomes
``\\U000e0041``)."""


def _escape(found: re.Match[str]) -> str:
    return f"_x{ord(found.group()):04X}_"


def sheet_text(value: str) -> str:
    """`value` as a cell's text holds it (see the module's docstring); most texts unchanged
    (`visible_in_documents` tells those quickly, then one search)."""
    value = visible_in_documents(value)
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value


def fits_cell(value: str) -> bool:
    """Whether `value` fits a cell (`CELL_LIMIT`) as `sheet_text` writes it, its bidi controls
    and invisible characters as escapes."""
    if len(value) * _MOST_GROWTH <= CELL_LIMIT:
        return True
    return len(visible_in_documents(value)) <= CELL_LIMIT


def set_text(cell: Any, value: str) -> None:
    """Put `value` in `cell` as text, whatever it starts with (never a formula)."""
    cell.value = sheet_text(value)
    cell.data_type = "s"


def fix_properties(workbook: Any, title: str) -> None:
    """Document properties that do not change from one export to the next."""
    properties = workbook.properties
    properties.creator = "kravtui"
    properties.lastModifiedBy = None
    properties.title = sheet_text(title)
    properties.created = FIXED_DATE
    properties.modified = FIXED_DATE


def save_workbook(workbook: Any, handle: IO[bytes], tables: Iterable[TableSheet] = ()) -> None:
    """Write `workbook` as an XLSX package to the open, seekable binary `handle`; the rows
    `tables` stream are read and written into their sheets' parts now."""
    from openpyxl.writer.excel import ExcelWriter

    streams: dict[str, Iterator[bytes]] = {}
    for table in tables:
        xml = table.streamed_xml()
        if xml is not None:  # openpyxl names sheet parts by their place, from 1
            place = workbook.worksheets.index(table.sheet) + 1
            streams[f"xl/worksheets/sheet{place}.xml"] = xml
    with _SplicingZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.streams = streams
        ExcelWriter(workbook, archive).write_data()


class _SplicingZipFile(FixedZipFile):
    """`FixedZipFile` that writes a sheet's streamed rows into its part, before the part's
    ``</sheetData>`` (openpyxl has written the header row there, and what follows the rows)."""

    streams: dict[str, Iterator[bytes]]

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        rows = self.streams.get(str(arcname))
        if rows is None:
            super().write(filename, arcname)
            return
        with open(filename, "rb") as source:
            written = source.read()  # the header row and the settings: a few KB
        head, end, tail = written.partition(b"</sheetData>")
        # No Zip64: the part stays under 2 GB (`ROW_LIMIT` rows), else zipfile refuses it.
        with self.open(fixed_info(str(arcname)), "w") as part:
            part.write(head)
            for chunk in rows:
                part.write(chunk)
            part.write(end + tail)


def workbook_bytes(workbook: Any) -> bytes:
    """`save_workbook` into memory (for small workbooks)."""
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()


PAGE_WIDTH = 200
"""How many characters of column width one printed page across holds, scaled (A4 landscape
takes about 130 at full size; 200 is a scale of about 65%, which still reads, and puts the
vendor's answer sheet on one page across, each answer beside its requirement)."""


def set_print_layout(sheet: Any, widths: Iterable[float]) -> None:
    """Print `sheet` (a header row over rows, columns as wide as `widths`) on A4 landscape with
    the header row on every page and its columns scaled to fit `PAGE_WIDTH` each page across;
    the footer names the sheet and the page."""
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = "9"  # A4
    setup.fitToWidth = max(1, math.ceil(sum(widths) / PAGE_WIDTH))
    setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.6
    margins.header = margins.footer = 0.3
    sheet.oddFooter.left.text = "&A"
    sheet.oddFooter.right.text = "&P / &N"


ROW_LIMIT = 1_048_575
"""The most rows a sheet holds under its header row."""

_ROWS_PER_CHUNK = 256


class TableSheet:
    """A write-only worksheet of a header row and rows of texts under it, made for people to
    work in: the header bold, shaded and frozen, an autofilter over every row, each column as
    wide as asked, long texts wrapped and every row's cells aligned to the top.

    Small sheets `append` their rows through openpyxl. A large one `stream`s them: the rows are
    read from their iterable while the package is saved and written into the sheet's part as
    XML of the same form openpyxl writes (inline strings, each column's style), a chunk at a
    time, so 100,000 rows cost neither memory nor openpyxl's per-cell work. Call `close` after
    the last row (it sets the filter's range).
    """

    def __init__(
        self, workbook: Any, title: str, headers: list[str], widths: list[int], wrap: list[bool]
    ) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        self.sheet = workbook.create_sheet(title)
        self._letters = [get_column_letter(index) for index in range(1, len(headers) + 1)]
        self._widths = [width if wraps else 0 for width, wraps in zip(widths, wrap, strict=True)]
        for letter, width in zip(self._letters, widths, strict=True):
            self.sheet.column_dimensions[letter].width = width
        self.sheet.freeze_panes = "A2"
        set_print_layout(self.sheet, widths)
        # The workbook's own font, named: a font without a name is drawn in another typeface.
        bold = Font(name="Calibri", sz=11, family=2, scheme="minor", bold=True)
        shade = PatternFill("solid", start_color="DDDDDD")
        header_alignment = Alignment(wrap_text=True, vertical="top")
        header: list[Any] = []
        for text in headers:
            cell = WriteOnlyCell(self.sheet)
            set_text(cell, text)
            cell.font, cell.fill, cell.alignment = bold, shade, header_alignment
            header.append(cell)
        self._height(1, headers, [width or None for width in widths])
        self.sheet.append(header)
        wrapped, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
        self._cells: list[Any] = []
        for wraps in wrap:
            cell = WriteOnlyCell(self.sheet)
            cell.alignment = wrapped if wraps else top
            self._cells.append(cell)
        self._styles = [int(cell.style_id) for cell in self._cells]  # registers the styles
        self._streamed: Iterable[list[str] | tuple[str, ...]] | None = None
        self.rows = 1

    def _height(
        self, number: int, values: list[str] | tuple[str, ...], widths: list[int | None]
    ) -> None:
        """Give row `number` the height its wrapped texts need (`row_height`), if over one line."""
        height = row_height(values, widths)
        if height:
            self.sheet.row_dimensions[number].height = height

    def append(self, values: list[str] | tuple[str, ...]) -> None:
        """One row of texts, one per column ("" leaves the cell empty)."""
        self._height(self.rows + 1, values, [width or None for width in self._widths])
        row: list[Any] = []
        for cell, value in zip(self._cells, values, strict=True):
            if value:
                set_text(cell, value)
                row.append(cell)
            else:
                row.append(None)
        self.sheet.append(row)
        self.rows += 1

    def stream(self, rows: Iterable[list[str] | tuple[str, ...]], count: int) -> None:
        """`count` rows of texts (one per column, "" for none), read when the workbook is saved
        (`save_workbook`); nothing may be appended after them."""
        self._streamed = rows
        self.rows += count

    def close(self) -> None:
        """Put the autofilter over the header and every row."""
        self.sheet.auto_filter.ref = f"A1:{self._letters[-1]}{self.rows}"

    def streamed_xml(self) -> Iterator[bytes] | None:
        """The streamed rows as the sheet's XML, in chunks; None when there are none."""
        if self._streamed is None:
            return None
        return self._xml_chunks(self._streamed, self.rows - 1)

    def _xml_chunks(
        self, rows: Iterable[list[str] | tuple[str, ...]], count: int
    ) -> Iterator[bytes]:
        columns = [
            (f'<c r="{letter}', f'" s="{style}" t="inlineStr"><is><t xml:space="preserve">')
            for letter, style in zip(self._letters, self._styles, strict=True)
        ]
        chunk: list[str] = []
        number = 1
        widths: list[int | None] = [width or None for width in self._widths]
        for values in rows:
            number += 1
            if number > count + 1:
                break  # no more rows than the filter and the sheet were told
            cells = "".join(
                f"{head}{number}{tail}{_xml_text(value)}</t></is></c>"
                for (head, tail), value in zip(columns, values, strict=True)
                if value
            )
            height = row_height(values, widths)
            size = f' ht="{height:g}" customHeight="1"' if height else ""
            chunk.append(f'<row r="{number}"{size}>{cells}</row>')
            if len(chunk) >= _ROWS_PER_CHUNK:
                yield "".join(chunk).encode("utf-8")
                chunk.clear()
        if chunk:
            yield "".join(chunk).encode("utf-8")


LINE_POINTS = 15
"""The height of one line of text in the workbook's font (Calibri 11), in points."""
MAX_ROW_POINTS = 409.5
"""The tallest row a spreadsheet allows."""


def row_height(values: list[str] | tuple[str, ...], widths: list[int | None]) -> float:
    """The height (points) a row needs for its wrapped texts to show whole, or 0 when one line
    does: spreadsheets do not fit rows to wrapped text when they open a file, so every row would
    show one line and the rest would be hidden or drawn over the next row. `widths` are the
    columns' widths in characters (None for a column that does not wrap); a line holds about
    a character more per five of width, as most letters are narrower than the digit the width
    is measured in."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if not value:
            continue
        if width is None:
            count = value.count("\n") + 1
        else:
            per_line = max(1, width + width // 5)
            count = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
        if count > lines:
            lines = count
    return 0 if lines == 1 else min(MAX_ROW_POINTS, LINE_POINTS * lines)


def _xml_text(value: str) -> str:
    text = sheet_text(value)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def discard(workbook: Any) -> None:
    """Remove the temporary files of a write-only workbook that will not be saved."""
    import contextlib

    for sheet in workbook.worksheets:
        writer = getattr(sheet, "_writer", None)
        if writer is None:
            continue
        if not sheet.closed:
            with contextlib.suppress(Exception):
                sheet.close()  # ends its row stream, which would fail later when collected
        with contextlib.suppress(Exception):
            writer.cleanup()
