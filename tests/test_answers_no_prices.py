"""A selection that asks for no prices (`selection new --no-prices`) is compared, listed, shown
and reported without them: no price column, no sum of prices, in `kravtui answers list|show`
(text and JSON) and in the evaluation report (DOCX and XLSX, golden files beside the asked
case's, which do not change). A price a vendor wrote all the same (its file holds one: written
anyway, or answered before the selection stopped asking) is left out of every view and sum,
but kept: asking for prices again shows it.

The Besvarelser screen is tested in tests/tui/test_answers_screen_no_prices.py; LibreOffice's
reading of the reports in tests/test_answer_report_libreoffice.py.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from kravtui.answers.compare import load_comparison
from kravtui.answers.report import evaluation_report
from kravtui.answers.store import find_vendor
from kravtui.answers.summary import answer_lines, summarise
from kravtui.cli import main
from kravtui.selection.store import get_selection, update_info
from tests.answer_report_helpers import fix_times, report_catalogue
from tests.test_answer_report import (
    CONTROL,
    HOSTILE,
    check_golden,
    docx_lines,
    write_docx,
    write_xlsx,
    xlsx_lines,
)

SELECTION = "Nyt ESDH"
_GRIDS = re.compile(r'<w:tblGrid><w:gridCol w:w="(.*?)"/></w:tblGrid>')


@pytest.fixture
def unpriced(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    """The report's dialogue for a selection that asks for no prices; Alfa's LOG-1 says
    "12.500 kr." and Beta's ARK-1 "2.000,50" all the same."""
    conn, selection_id = report_catalogue(tmp_path / "c.db", prices=False)
    yield conn, selection_id
    conn.close()


def ask_for_prices(conn: sqlite3.Connection, selection_id: int, asked: bool) -> None:
    info = get_selection(conn, selection_id).info
    update_info(conn, selection_id, replace(info, prices_requested=asked))
    fix_times(conn)


def run(db: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, "--db", str(db), *args])


# --- hostile text first -----------------------------------------------------------------------


def test_a_hostile_price_in_an_unpriced_selection_reaches_no_face(
    unpriced: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """A price past the text rule (control characters, a bidi override, markup, a formula):
    unasked, it is in no line the CLI prints, no JSON value and no report."""
    conn, selection_id = unpriced
    conn.execute("UPDATE vendor_answer SET price = ?, price_amount = NULL", (HOSTILE,))
    conn.commit()
    db = tmp_path / "c.db"
    for command in (
        ("answers", "list", SELECTION),
        ("answers", "show", SELECTION, "Alfa A/S"),
        ("answers", "show", SELECTION, "beta aps", "LOG-1"),
    ):
        for shown in (run(db, *command), run(db, *command, "--json")):
            assert shown.exit_code == 0, shown.output
            assert "rødt" not in shown.stdout and "evil" not in shown.stdout
            assert not CONTROL.search(shown.stdout)
    docx = "\n".join(docx_lines(write_docx(conn, selection_id, tmp_path / "r.docx")))
    xlsx = "\n".join(xlsx_lines(write_xlsx(conn, selection_id, tmp_path / "r.xlsx")))
    for text in (docx, xlsx):
        assert "rødt" not in text and "HYPERLINK" not in text and "evil" not in text


# --- the comparison, the counts and the report's content --------------------------------------


def test_the_comparison_and_the_report_have_no_price_and_no_sum(
    unpriced: tuple[sqlite3.Connection, int],
) -> None:
    conn, selection_id = unpriced
    comparison = load_comparison(conn, selection_id)
    assert comparison.shows_prices is False
    log1 = comparison.index_of("LOG-1")
    assert log1 is not None
    assert [comparison.cell(log1, vendor).price for vendor in (0, 1)] == [None, None]
    for summary in comparison.summaries:
        assert (summary.price_total, summary.priced, summary.unpriced) == (0, 0, ())
    assert comparison.summaries == summarise(conn, selection_id)  # both counts, one rule
    lines = answer_lines(conn, selection_id, find_vendor(conn, "Alfa A/S"))
    assert all(line.answer is None or line.answer.price == "" for line in lines)
    with evaluation_report(conn, selection_id) as report:
        assert report.shows_prices is False
        assert list(report.vendors) == comparison.summaries
        for item in report.items(texts=True):
            for shown in item.answers:
                if shown.answer is not None:
                    assert (shown.answer.price, shown.answer.price_amount) == ("", None)


def test_the_prices_written_anyway_are_kept_and_shown_once_they_are_asked_for(
    unpriced: tuple[sqlite3.Connection, int],
) -> None:
    conn, selection_id = unpriced
    stored = conn.execute(
        "SELECT uid, price FROM vendor_answer WHERE price != '' ORDER BY uid, answer_set_id"
    )
    assert [tuple(row) for row in stored] == [
        ("ARK-1", "2.000,50"),
        ("LOG-1", "12.500 kr."),
        ("LOG-1", "Inkluderet"),
    ]
    ask_for_prices(conn, selection_id, asked=True)
    comparison = load_comparison(conn, selection_id)
    assert comparison.shows_prices is True
    assert [s.price_total for s in comparison.summaries] == [1_250_000, 200_050]


# --- the evaluation report --------------------------------------------------------------------


def test_the_docx_report_without_prices_is_the_golden_one(
    unpriced: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = unpriced
    lines = docx_lines(write_docx(conn, selection_id, tmp_path / "r.docx"))
    check_golden("no-prices-da.docx.txt", lines)
    flat = "\n".join(lines)
    assert "Sum af priser" not in flat and "Pris" not in flat
    assert "12.500" not in flat and "2.000,50" not in flat
    assert "  Leverandør | Besvaret | Mindstekrav ikke opfyldt | Valgt" in lines
    assert lines.count("  Leverandør | Svar | Uddybning | Status | Spørgsmål/kommentar") == 5
    english = docx_lines(write_docx(conn, selection_id, tmp_path / "r.docx", "en"))
    check_golden("no-prices-en.docx.txt", english)
    assert "price" not in "\n".join(english).lower()


def test_the_docx_reports_columns_give_the_prices_width_to_the_others(
    unpriced: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    from kravtui.interchange.docx.answer_report import (
        ANSWER_COLUMNS,
        ANSWER_UNPRICED,
        OVERVIEW_COLUMNS,
        OVERVIEW_UNPRICED,
    )

    assert sum(ANSWER_UNPRICED) == sum(ANSWER_COLUMNS)
    assert sum(OVERVIEW_UNPRICED) == sum(OVERVIEW_COLUMNS)
    conn, selection_id = unpriced
    xml = _document(write_docx(conn, selection_id, tmp_path / "r.docx"))
    grids = [
        [int(width) for width in grid.split('"/><w:gridCol w:w="')] for grid in _GRIDS.findall(xml)
    ]
    assert list(OVERVIEW_UNPRICED) in grids and list(ANSWER_UNPRICED) in grids
    assert list(ANSWER_COLUMNS) not in grids and list(OVERVIEW_COLUMNS) not in grids


def test_the_xlsx_report_without_prices_is_the_golden_one(
    unpriced: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = unpriced
    path = write_xlsx(conn, selection_id, tmp_path / "r.xlsx")
    lines = xlsx_lines(path)
    check_golden("no-prices-da.xlsx.txt", lines)
    workbook = load_workbook(path)
    comparison = [cell.value for cell in workbook["Sammenligning"][1]]
    assert comparison == [
        "Kravnummer", "Navn", "Prioritet",
        "Alfa A/S: Svar", "Alfa A/S: Status", "Beta ApS: Svar", "Beta ApS: Status",
    ]  # fmt: skip
    alfa = [cell.value for cell in workbook["Alfa A-S"][1]]
    assert alfa == [
        "Kravnummer", "Navn", "Beskrivelse", "Prioritet", "Svar", "Uddybning",
        "Status", "Spørgsmål/kommentar",
    ]  # fmt: skip
    for sheet in workbook.worksheets:
        last = sheet.cell(1, sheet.max_column).column_letter
        assert sheet.auto_filter.ref == f"A1:{last}6"
    flat = "\n".join(lines)
    assert "Pris" not in flat and "12.500" not in flat and "2.000,50" not in flat


# --- the CLI ----------------------------------------------------------------------------------


@pytest.fixture
def unpriced_db(unpriced: tuple[sqlite3.Connection, int], tmp_path: Path) -> Path:
    unpriced[0].commit()
    return tmp_path / "c.db"


def test_answers_list_says_no_sum_of_prices(unpriced_db: Path) -> None:
    listed = run(unpriced_db, "answers", "list", SELECTION)
    assert listed.exit_code == 0, listed.output
    assert "price" not in listed.stdout.lower()
    assert "Answered 4 of 4" in listed.stdout and "FAILS minimum requirements" in listed.stdout
    danish = run(unpriced_db, "answers", "list", SELECTION, lang="da").stdout
    assert "pris" not in danish.lower()
    data = json.loads(run(unpriced_db, "answers", "list", SELECTION, "--json").stdout)
    for vendor in data:
        assert vendor["prices_requested"] is False
        assert (vendor["price_total"], vendor["price_total_hundredths"]) == (0, 0)
        assert (vendor["priced"], vendor["unpriced"]) == (0, [])


def test_answers_show_has_no_price(unpriced_db: Path) -> None:
    shown = run(unpriced_db, "answers", "show", SELECTION, "Alfa A/S")
    assert shown.exit_code == 0, shown.output
    log1 = next(line for line in shown.stdout.splitlines() if "LOG-1" in line)
    assert "12.500" not in log1 and "Yes, as an add-on" in log1
    one = run(unpriced_db, "answers", "show", SELECTION, "Alfa A/S", "LOG-1").stdout
    assert "Price" not in one and "12.500" not in one
    assert "Elaboration:" in one
    data = json.loads(run(unpriced_db, "answers", "show", SELECTION, "Alfa A/S", "--json").stdout)
    assert data["prices_requested"] is False
    log1_json = next(answer for answer in data["answers"] if answer["uid"] == "LOG-1")
    assert (log1_json["price"], log1_json["price_amount"]) == ("", None)
    assert log1_json["choice"] == "yes_addon"


def test_a_selection_asking_for_prices_lists_and_shows_them_as_before(
    unpriced: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = unpriced
    ask_for_prices(conn, selection_id, asked=True)
    conn.commit()
    db = tmp_path / "c.db"
    listed = run(db, "answers", "list", SELECTION).stdout
    assert "Sum of prices: 12,500.00 (1 priced)" in listed
    data = json.loads(run(db, "answers", "list", SELECTION, "--json").stdout)
    assert [vendor["prices_requested"] for vendor in data] == [True, True]
    assert data[0]["price_total"] == 12500.0
    one = run(db, "answers", "show", SELECTION, "Alfa A/S", "LOG-1").stdout
    assert "Price: 12.500 kr." in one
    shown = json.loads(run(db, "answers", "show", SELECTION, "Alfa A/S", "--json").stdout)
    assert shown["prices_requested"] is True
    log1 = next(answer for answer in shown["answers"] if answer["uid"] == "LOG-1")
    assert (log1["price"], log1["price_amount"]) == ("12.500 kr.", 12500.0)


def _document(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")
