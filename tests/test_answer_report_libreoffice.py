"""A real client reads the evaluation report: LibreOffice lays the DOCX out as a PDF whose text
(`pdftotext`) holds every vendor, every requirement, the failed minimum requirement and the
vendors' own words; and LibreOffice reads every value of every sheet of the XLSX (written out as
CSV) as kravtui wrote it. The same for a selection that asks for no prices, whose report has no
price column and no sum of prices. CI installs LibreOffice and poppler-utils; without them these
skip."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_docx_support import (
    NEEDS_LIBREOFFICE,
    convert_with_libreoffice,
    has_libreoffice_and_pdftotext,
    pdf_pages,
)

from kravtui.application.answer_export import export_answers
from tests.answer_report_helpers import report_catalogue
from tests.sheet_files import convert

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("libreoffice"),
    pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason=NEEDS_LIBREOFFICE),
]

# Every sheet as CSV (comma, double quote, UTF-8, from row 1, values as stored, every sheet to
# a file of its own), as tests/test_sheet_libreoffice.py reads the other spreadsheets.
ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@pytest.fixture
def answered(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn, selection_id = report_catalogue(tmp_path / "c.db")
    yield conn, selection_id
    conn.close()


@pytest.mark.parametrize("language", ["da", "en"])
def test_libreoffice_lays_out_every_vendor_and_requirement(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path, language: str
) -> None:
    conn, selection_id = answered
    source = tmp_path / "rapport.docx"
    export_answers(conn, selection_id, source, "docx", language)
    pages = pdf_pages(convert_with_libreoffice(source, tmp_path), layout=False)
    flat = " ".join(" ".join(pages).split())
    words = {
        "da": (
            "Evalueringsrapport",
            "Overblik",
            "Alfa A/S (valgt leverandør)",
            "Mindstekrav besvaret Nej eller Ikke relevant: 1",
            "OPFYLDER IKKE dette mindstekrav",
            "Uklart svar: 'Ja / Nej'",
            "Ikke i leverandørens fil",
            "12.500,00",
            "Side 2 af",
        ),
        "en": (
            "Evaluation report",
            "Overview",
            "Alfa A/S (chosen vendor)",
            "Minimum requirements answered No or Not relevant: 1",
            "FAILS this minimum requirement",
            "Unclear answer: 'Ja / Nej'",
            "Not in the vendor's file",
            "12,500.00",
            "Page 2 of",
        ),
    }[language]
    missing = [word for word in words if word not in flat]
    assert not missing, missing
    for uid in ("SIK-1", "SIK-2", "FRI-001", "LOG-1", "ARK-1"):
        assert uid in flat
    assert "TLS 1.3 <overalt> & i arkivet." in flat and "Hvilket arkiv?" in flat
    assert flat.index("Beta ApS") < flat.index("SIK-1 To-faktor-login")


def test_libreoffice_lays_out_the_report_of_a_selection_asking_for_no_prices(
    tmp_path: Path,
) -> None:
    conn, selection_id = report_catalogue(tmp_path / "c.db", prices=False)
    source = tmp_path / "rapport.docx"
    export_answers(conn, selection_id, source, "docx", "da")
    conn.close()
    pages = pdf_pages(convert_with_libreoffice(source, tmp_path))
    flat = " ".join(" ".join(pages).split())
    for words in (
        "Overblik",
        "Alfa A/S (valgt leverandør)",
        "Mindstekrav besvaret Nej eller Ikke relevant: 1",
        "TLS 1.3 <overalt> & i arkivet.",
        "Hvilket arkiv?",
    ):
        assert words in flat, words
    assert "Pris" not in flat and "12.500" not in flat and "2.000,50" not in flat
    lines = [line.split() for page in pages for line in page.splitlines()]
    assert ["Leverandør", "Besvaret", "Mindstekrav", "Valgt"] in lines  # the overview
    headers = [line for line in lines if line[:2] == ["Leverandør", "Svar"]]
    assert len(headers) == 5  # one answer table per requirement, without a price column
    assert all(line[2:4] == ["Uddybning", "Status"] for line in headers)


@pytest.mark.parametrize("prices", [True, False], ids=["prices", "no-prices"])
def test_libreoffice_reads_every_value_of_every_sheet(tmp_path: Path, prices: bool) -> None:
    conn, selection_id = report_catalogue(tmp_path / "c.db", prices=prices)
    source = tmp_path / "rapport.xlsx"
    export_answers(conn, selection_id, source, "xlsx")
    conn.close()
    folder = tmp_path / "csv"
    folder.mkdir()
    convert(source, ALL_SHEETS_CSV, folder)
    theirs: dict[str, list[list[str]]] = {}
    for sheet in sorted(folder.glob("rapport-*.csv")):
        with sheet.open(encoding="utf-8", newline="") as handle:
            theirs[sheet.stem.removeprefix("rapport-")] = list(csv.reader(handle))
    workbook = load_workbook(source)
    ours = {
        sheet.title: [
            ["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }
    assert sorted(theirs) == sorted(ours) == ["Alfa A-S", "Beta ApS", "Sammenligning"]
    for name, rows in ours.items():
        width = max(len(row) for row in rows)
        assert [row + [""] * (width - len(row)) for row in theirs[name]] == rows, name
    assert theirs["Beta ApS"][1][4] == "Nej"  # the Mindstekrav Beta fails, read as written
    assert ("Pris" in theirs["Beta ApS"][0]) is prices
    assert len(theirs["Sammenligning"][0]) == 3 + 2 * (3 if prices else 2)
