"""A real client: every XLSX kravtui exports opens in LibreOffice, which reads back every value
of every sheet (written out as CSV), and the sheet LibreOffice saves again as .xls or .ods
imports to the same catalogue or selection. OS2kravmotor's Excel 97 files are made the same way
(LibreOffice turns the sheets the tests write into .xls)."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kravtui.application.export import check_target, export_catalogue, export_selection
from kravtui.application.sheets import SheetChoices, import_sheet
from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.sources import OS2KRAVMOTOR, requirements_by_reference
from kravtui.interchange.catalogue_sheet_import import SheetImportReport
from kravtui.selection.items import edit_item, get_item
from kravtui.selection.transfer import TransferReport, selection_content
from tests.selection_builder import build_catalogue, build_selection
from tests.sheet_files import catalogue_text, convert, kravbank, sheet_values, soffice

calamine = pytest.importorskip("python_calamine")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("libreoffice"),
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed"),
]

# Every sheet of a workbook as CSV (filter options: comma, double quote, UTF-8, from row 1,
# values as stored rather than as formatted, every sheet to a file of its own).
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

HOSTILE = '=HYPERLINK("http://x.invalid","klik") _x0041_ \u202eevil\u202c "citat", semikolon;'


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = build_catalogue(tmp_path / "c.db")
    yield connection
    connection.close()


def libreoffice_values(path: Path, folder: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice reads it, through its CSV export."""
    folder.mkdir()
    convert(path, ALL_SHEETS_CSV, folder)
    found: dict[str, list[list[str]]] = {}
    for sheet in sorted(folder.glob(f"{path.stem}-*.csv")):
        with sheet.open(encoding="utf-8", newline="") as handle:
            found[sheet.stem.removeprefix(f"{path.stem}-")] = list(csv.reader(handle))
    return found


def same_cells(ours: list[list[str]], theirs: list[list[str]]) -> None:
    width = max(len(row) for row in ours)
    padded = [row + [""] * (width - len(row)) for row in theirs]
    assert padded == ours


def test_libreoffice_reads_every_value_of_the_catalogue_sheet(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    conn.execute("UPDATE requirement SET rationale = ? WHERE uid = 'LOG-1'", (HOSTILE,))
    conn.commit()
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx")
    ours = sheet_values(path)
    theirs = libreoffice_values(path, tmp_path / "csv")
    assert sorted(theirs) == sorted(ours) == ["Klassifikationer", "Krav", "Metadata"]
    for sheet, rows in ours.items():
        same_cells(rows, theirs[sheet])
    shown = HOSTILE.replace("\u202e", "\\u202e").replace("\u202c", "\\u202c")
    assert any(shown in row for row in theirs["Krav"])  # bidi controls as kravtui shows them


def test_libreoffice_reads_every_value_of_a_selection_sheet(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    selection_id = build_selection(conn)
    snapshot = get_item(conn, selection_id, "LOG-1").snapshot
    edit_item(conn, selection_id, "LOG-1", replace(snapshot, description=HOSTILE))
    path = tmp_path / "udbud.xlsx"
    export_selection(conn, selection_id, check_target(conn, path, create_folder=False), "xlsx")
    ours = sheet_values(path)
    theirs = libreoffice_values(path, tmp_path / "csv")
    assert sorted(theirs) == sorted(ours) == ["Krav", "Metadata"]
    for sheet, rows in ours.items():
        same_cells(rows, theirs[sheet])


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_the_catalogue_saved_again_by_libreoffice_imports_to_the_same_catalogue(
    conn: sqlite3.Connection, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx")
    resaved = convert(path, kind, tmp_path)
    empty = create_catalogue(tmp_path / "tom.db")
    report = import_sheet(empty, resaved, SheetChoices())
    assert isinstance(report, SheetImportReport) and report.created == 4
    assert catalogue_text(empty) == catalogue_text(conn)
    empty.close()


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_the_selection_saved_again_by_libreoffice_imports_to_the_same_selection(
    conn: sqlite3.Connection, tmp_path: Path, kind: str
) -> None:
    selection_id = build_selection(conn)
    path = tmp_path / "udbud.xlsx"
    export_selection(conn, selection_id, check_target(conn, path, create_folder=False), "xlsx")
    report = import_sheet(conn, convert(path, kind, tmp_path), SheetChoices())
    assert isinstance(report, TransferReport)
    original = selection_content(conn, selection_id)
    copy = selection_content(conn, report.selection_id)
    assert copy.info == original.info and copy.answers == original.answers
    assert copy.items == tuple(replace(i, why=()) for i in original.items if i.ticked)


def test_os2kravmotors_excel_97_kravbank_imports_and_imports_again_unchanged(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    xls = convert(kravbank(tmp_path / "kravbank.xlsx"), "xls", tmp_path)
    first = import_sheet(conn, xls, SheetChoices(add_categories=True))
    assert isinstance(first, SheetImportReport) and first.created == 3
    assert requirements_by_reference(conn, OS2KRAVMOTOR)["205"] == "BAC-001"
    before = catalogue_text(conn)
    again = import_sheet(conn, xls, SheetChoices(add_categories=True))
    assert isinstance(again, SheetImportReport) and (again.created, again.updated) == (0, 0)
    assert catalogue_text(conn) == before
