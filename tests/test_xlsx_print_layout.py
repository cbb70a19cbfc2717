"""Every XLSX kravtui writes prints as a procurement officer expects: A4 landscape, the header
row on every page, grid lines, the columns scaled to as few pages across as read well (the
vendor's answer sheet on one, each answer beside its requirement), and the sheet's name and
"page / pages" in the footer. The answer sheet's rows are as tall as their wrapped texts (a
spreadsheet does not fit a row to its text when it opens a file, so the description would be
drawn over the next row). LibreOffice, the real client, prints it so."""

from __future__ import annotations

import math
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kravtui.cli import main
from kravtui.interchange.sample import SAMPLE_SELECTION_TITLE
from kravtui.interchange.xlsx_package import PAGE_WIDTH, row_height
from tests.sheet_files import convert, soffice

KINDS = ("selection", "catalogue", "answer-sheet", "report")


def run(db: Path, *args: str) -> None:
    result = CliRunner().invoke(main, ["--lang", "da", "--db", str(db), *args])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample's selection, catalogue, answer sheet and evaluation report as XLSX (the
    report over the two sample vendors' answers)."""
    folder = tmp_path_factory.mktemp("print")
    db = folder / "c.db"
    run(db, "init")
    title = SAMPLE_SELECTION_TITLE
    files = {kind: folder / f"{kind}.xlsx" for kind in KINDS}
    run(db, "export", "selection", title, "--format", "xlsx", "-o", str(files["selection"]))
    run(db, "export", "catalogue", "--format", "xlsx", "-o", str(files["catalogue"]))
    sheet = files["answer-sheet"]
    run(db, "export", "selection", title, "--format", "answer-sheet", "-o", str(sheet))
    answers = folder / "answers"
    answers.mkdir()
    run(db, "answers", "sample", str(answers))
    for vendor, name in (("Leverandør A", "leverandor-a.docx"), ("B", "leverandor-b.xlsx")):
        run(db, "answers", "import", title, vendor, str(answers / name))
    run(db, "answers", "report", title, str(files["report"]))
    return files


@pytest.mark.parametrize("kind", KINDS)
def test_every_sheet_prints_landscape_with_its_header_on_every_page(
    workbooks: dict[str, Path], kind: str
) -> None:
    book = load_workbook(workbooks[kind])
    shown = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    assert shown
    for sheet in shown:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), sheet.title
        widths = [
            sheet.column_dimensions[letter].width
            for letter in sheet.column_dimensions
            if sheet.column_dimensions[letter].width
        ]
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth == max(1, math.ceil(sum(widths) / PAGE_WIDTH)), sheet.title
        assert setup.fitToHeight == 0
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.print_options.gridLines
        assert sheet.oddFooter.left.text == "&A"
        assert sheet.oddFooter.right.text == "&P / &N"


def test_the_answer_sheet_fits_one_page_across(workbooks: dict[str, Path]) -> None:
    sheet = load_workbook(workbooks["answer-sheet"]).worksheets[0]
    assert sheet.page_setup.fitToWidth == 1


def test_every_answer_sheet_row_is_as_tall_as_its_wrapped_text(workbooks: dict[str, Path]) -> None:
    sheet = load_workbook(workbooks["answer-sheet"]).worksheets[0]
    widths = {"B": 30, "C": 60}  # the title and the description wrap
    tall = 0
    for row in range(2, sheet.max_row + 1):
        title, description = (str(sheet[f"{c}{row}"].value or "") for c in "BC")
        needed = row_height([title, description], [widths["B"], widths["C"]])
        assert (sheet.row_dimensions[row].height or 0) == needed, row
        tall += needed > 0
    assert tall > 10  # the sample's descriptions take several lines


def test_the_answer_sheet_header_is_in_the_workbook_font(workbooks: dict[str, Path]) -> None:
    sheet = load_workbook(workbooks["answer-sheet"]).worksheets[0]
    assert {sheet.cell(row=1, column=c).font.name for c in range(1, 8)} == {"Calibri"}


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_prints_the_answer_sheet_on_one_page_across_with_page_numbers(
    workbooks: dict[str, Path], tmp_path: Path
) -> None:
    pdf = convert(workbooks["answer-sheet"], "pdf", tmp_path)
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    first = pages[0]
    # The first column's header and the last's on the first page, with the footer.
    assert "Kravnummer" in first and "Pris" in first and "Uddybning" in first
    count = len([page for page in pages if page.strip()])
    assert re.search(rf"\b1\s*/\s*{count}\s*$", first), first[-80:]
    # Every requirement's whole description is printed (no row hides a line of it).
    sheet = load_workbook(workbooks["answer-sheet"]).worksheets[0]
    printed = " ".join(" ".join(pages).split())
    for row in range(2, sheet.max_row + 1):
        last_word = str(sheet[f"C{row}"].value).split()[-1]
        assert last_word in printed, row
