"""Writing an XLSX workbook with openpyxl so that the same content gives the same bytes and every
text reads back exactly as it was.

Shared by every XLSX kravtui writes (the answer sheet, the requirements as a spreadsheet):

- `fix_properties` sets the document properties without a clock (`FIXED_DATE`, no "last
  modified by"), and `save_workbook` writes the package through `ooxml_zip.FixedZipFile`, whose
  entries carry no time either; a write-only workbook's sheets are streamed from openpyxl's
  temporary files into the zip, so a large sheet is never held in memory.
- `set_text` puts a text in a cell as text, whatever it starts with (``=HYPERLINK(...)`` is a
  string, never a formula), through `sheet_text`, which writes what XML cannot hold (control
  characters, lone surrogates, U+FFFE, U+FFFF) and a literal ``_x0041_`` as OOXML's ``_xHHHH_``
  escapes, as Excel does, so a reader that decodes them gets the very text back.
- `CELL_LIMIT` is the most characters a cell holds.

openpyxl is imported by the functions that need it, not when kravtui starts.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import IO, Any

from kravtui.interchange.ooxml_zip import FixedZipFile

CELL_LIMIT = 32_767
"""The most characters a spreadsheet cell holds (Excel's limit, and LibreOffice keeps to it)."""

FIXED_DATE = datetime.datetime(2000, 1, 1)
"""The creation and modification date every workbook kravtui writes carries."""

_UNSAFE = re.compile("_(?=x[0-9A-Fa-f]{4}_)|[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(found: re.Match[str]) -> str:
    return f"_x{ord(found.group()):04X}_"


def sheet_text(value: str) -> str:
    """`value` as a cell's text holds it (see the module's docstring); most texts unchanged."""
    return _UNSAFE.sub(_escape, value) if _UNSAFE.search(value) else value


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


def save_workbook(workbook: Any, handle: IO[bytes]) -> None:
    """Write `workbook` as an XLSX package to the open, seekable binary `handle`."""
    from openpyxl.writer.excel import ExcelWriter

    with FixedZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).write_data()


def workbook_bytes(workbook: Any) -> bytes:
    """`save_workbook` into memory (for small workbooks)."""
    buffer = io.BytesIO()
    save_workbook(workbook, buffer)
    return buffer.getvalue()
