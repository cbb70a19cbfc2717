"""The exported XLSX, cell by cell, against golden files: the selection's and the catalogue's
sheets in Danish and English, every value with its cell, and what makes a sheet one people
can work in (the bold header, the frozen row, the filter's range, the sheet's state, the
columns' widths).

The files are read back with openpyxl, not the writer, and are in tests/golden/xlsx/. After a
deliberate change, rewrite them and read the change in git diff:

    KRAVTUI_UPDATE_GOLDEN=1 python3 -m pytest tests/test_xlsx_golden.py
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kravtui.application.export import check_target, export_catalogue, export_selection
from kravtui.catalogue.db import transaction
from kravtui.catalogue.sources import OS2KRAVMOTOR, set_references
from kravtui.selection.store import get_selection, update_info
from tests.selection_builder import build_catalogue, build_selection

GOLDEN = Path(__file__).parent / "golden" / "xlsx"
CHANGED = "2025-02-03T04:05:06.000+00:00"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """The small catalogue with a selection, an OS2kravmotor number, and fixed dates."""
    connection = build_catalogue(tmp_path / "c.db")
    build_selection(connection)
    with transaction(connection):
        set_references(connection, OS2KRAVMOTOR, [("LOG-1", "417")])
        connection.execute("UPDATE requirement SET updated_at = ?", (CHANGED,))
        connection.execute("UPDATE selection SET created_at = ?, updated_at = ?", (CHANGED,) * 2)
    yield connection
    connection.close()


def describe(path: Path) -> list[str]:
    """Every sheet of the workbook: its facts, then each cell holding a value."""
    workbook = load_workbook(path)
    lines: list[str] = []
    for sheet in workbook.worksheets:
        header = [cell for cell in sheet[1] if cell.value is not None]
        bold = "all" if all(cell.font.bold for cell in header) else "not all"
        widths = " ".join(
            f"{letter}={dimension.width:g}"
            for letter, dimension in sorted(sheet.column_dimensions.items())
            if dimension.width
        )
        lines += [
            f"[{sheet.title}] state={sheet.sheet_state} frozen={sheet.freeze_panes} "
            f"filter={sheet.auto_filter.ref}",
            f"  header: {len(header)} cells, bold: {bold}",
            f"  widths: {widths}",
        ]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    lines.append(f"  {cell.coordinate} {cell.value!r}")
    return lines


def check_golden(name: str, lines: list[str]) -> None:
    """Compare with tests/golden/xlsx/NAME; KRAVTUI_UPDATE_GOLDEN=1 rewrites the file."""
    target = GOLDEN / name
    text = "\n".join(lines) + "\n"
    if os.environ.get("KRAVTUI_UPDATE_GOLDEN") == "1":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == text, f"{name} differs from the golden file"


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_selection_sheet_is_the_golden_one(
    conn: sqlite3.Connection, tmp_path: Path, language: str
) -> None:
    selection_id = int(conn.execute("SELECT id FROM selection").fetchone()[0])
    info = get_selection(conn, selection_id).info
    update_info(conn, selection_id, replace(info, language=language))
    with transaction(conn):
        conn.execute("UPDATE selection SET updated_at = ?", (CHANGED,))
    path = tmp_path / "udvalg.xlsx"
    export_selection(conn, selection_id, check_target(conn, path, create_folder=False), "xlsx")
    check_golden(f"selection_{language}.txt", describe(path))


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_catalogue_sheet_is_the_golden_one(
    conn: sqlite3.Connection, tmp_path: Path, language: str
) -> None:
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx", language)
    check_golden(f"catalogue_{language}.txt", describe(path))
