"""Whether a selection asks vendors for prices: a setting of the selection (OS2kravmotor had it
per selection), asked by default as before, kept by the migration, the CLI, the TOML file, the
selection's spreadsheet and a copy; carried in the answer document's and answer sheet's
identity; and a selection that asks for no prices offers no price field and flags no missing
price for "Ja, som tilkøb"."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx_fill import fill_docx, strip_tags
from openpyxl import load_workbook

from kravtui.answers.records import Choice
from kravtui.answers.sent import sent_selection
from kravtui.application.answers import import_answer_file
from kravtui.application.sheets import SheetChoices, import_sheet
from kravtui.catalogue.db import open_catalogue, schema_version
from kravtui.catalogue.schema import SCHEMA_VERSION
from kravtui.cli import main
from kravtui.interchange.answer_sheet import answer_sheet_bytes
from kravtui.interchange.answer_sheet_read import read_answer_sheet
from kravtui.interchange.docx.answers_read import read_answer_document
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.selection_toml import export_selection_toml, import_selection
from kravtui.selection.store import (
    duplicate_selection,
    finalise,
    get_selection,
    update_info,
)
from tests.answers_helpers import dialogue_catalogue
from tests.catalogue_files import STAMP, old_schema_catalogue

TITLE = "Nyt ESDH"


@pytest.fixture
def dialogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn, selection_id = dialogue_catalogue(tmp_path / "c.db")
    yield conn, selection_id
    conn.close()


def no_prices(conn: sqlite3.Connection, selection_id: int) -> None:
    info = get_selection(conn, selection_id).info
    update_info(conn, selection_id, replace(info, prices_requested=False))


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args, "--db", str(db)])


def one_line_refusal(result: Result, text: str) -> None:
    assert result.exit_code != 0
    assert text in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


# --- hostile input first ----------------------------------------------------------------------


def test_prices_on_a_final_selection_are_refused_and_nothing_changes(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    finalise(conn, selection_id, allow_past_deadline=True)
    before = get_selection(conn, selection_id)
    result = run(tmp_path / "c.db", "selection", "edit", TITLE, "--no-prices")
    one_line_refusal(result, "is final")
    assert get_selection(conn, selection_id) == before


def test_the_price_flags_take_no_value(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    before = get_selection(conn, selection_id)
    for args in (("edit", TITLE, "--prices=no"), ("new", "Andet", "--no-prices", "\x1b[2J")):
        result = run(tmp_path / "c.db", "selection", *args)
        assert result.exit_code == 2, result.output
        assert len(result.stderr.strip().splitlines()) == 1 and "\x1b" not in result.stderr
    assert get_selection(conn, selection_id) == before
    assert conn.execute("SELECT count(*) FROM selection").fetchone()[0] == 1


@pytest.mark.parametrize("value", ['"no"', "0", "[]", '"false"'])
def test_a_toml_file_whose_prices_are_no_boolean_is_refused_with_its_line(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path, value: str
) -> None:
    conn, selection_id = dialogue
    path = tmp_path / "s.toml"
    export_selection_toml(conn, selection_id, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("prices_requested = true", f"prices_requested = {value}"))
    line = text[: text.index("prices_requested")].count("\n") + 1
    with pytest.raises(InterchangeError) as raised:
        import_selection(conn, path)
    assert f"s.toml:{line}:" in str(raised.value) and "prices_requested" in str(raised.value)
    assert conn.execute("SELECT count(*) FROM selection").fetchone()[0] == 1


# --- the setting ------------------------------------------------------------------------------


def test_a_selection_asks_for_prices_unless_told_not_to(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    assert run(db, "init", "--empty").exit_code == 0
    assert run(db, "selection", "new", "Med priser").exit_code == 0
    assert run(db, "selection", "new", "Uden priser", "--no-prices").exit_code == 0

    def asked(title: str) -> bool:
        shown = run(db, "selection", "show", title, "--json")
        return bool(json.loads(shown.stdout)["prices_requested"])

    assert asked("Med priser") and not asked("Uden priser")
    assert run(db, "selection", "edit", "Uden priser", "--prices").exit_code == 0
    assert run(db, "selection", "edit", "Med priser", "--no-prices").exit_code == 0
    assert asked("Uden priser") and not asked("Med priser")
    assert "Prices: not asked for" in run(db, "selection", "show", "Med priser").stdout
    danish = CliRunner().invoke(
        main, ["--lang", "da", "selection", "show", "Uden priser", "--db", str(db)]
    )
    assert "Priser: efterspørges\n" in danish.stdout


def test_a_version_8_catalogue_is_upgraded_and_its_selections_ask_for_prices(
    tmp_path: Path,
) -> None:
    path = old_schema_catalogue(tmp_path / "v8.db", 8)
    with sqlite3.connect(path) as old:
        old.execute(
            "INSERT INTO selection (title, created_at, updated_at) VALUES ('Gammel', ?, ?)",
            (STAMP, STAMP),
        )
    old.close()
    reader = open_catalogue(path, read_only=True)  # cannot be upgraded: read as it is
    assert schema_version(reader) == 8 and get_selection(reader, 1).info.prices_requested
    reader.close()
    conn = open_catalogue(path)
    try:
        assert schema_version(conn) == SCHEMA_VERSION
        assert get_selection(conn, 1).info.prices_requested
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE selection SET prices_requested = 2")
    finally:
        conn.close()


def test_a_copy_and_a_toml_round_trip_keep_it(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    no_prices(conn, selection_id)
    assert not duplicate_selection(conn, selection_id).info.prices_requested
    export_selection_toml(conn, selection_id, tmp_path / "s.toml")
    assert "\nprices_requested = false\n" in (tmp_path / "s.toml").read_text(encoding="utf-8")
    report = import_selection(conn, tmp_path / "s.toml")
    assert not get_selection(conn, report.selection_id).info.prices_requested


def test_a_toml_file_without_the_field_asks_for_prices(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    no_prices(conn, selection_id)
    path = tmp_path / "s.toml"
    export_selection_toml(conn, selection_id, path)
    text = path.read_text(encoding="utf-8").replace("prices_requested = false\n", "")
    path.write_text(text, encoding="utf-8")
    report = import_selection(conn, path)
    assert get_selection(conn, report.selection_id).info.prices_requested


def test_the_selection_spreadsheet_carries_it(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    no_prices(conn, selection_id)
    path = tmp_path / "s.xlsx"
    result = run(
        tmp_path / "c.db", "export", "selection", TITLE, "--format", "xlsx", "-o", str(path)
    )
    assert result.exit_code == 0, result.output
    meta = load_workbook(path)["Metadata"]
    values = {row[0]: row[1] for row in meta.iter_rows(values_only=True)}
    assert values["Priser efterspurgt"] == "Nej"
    report = import_sheet(conn, path, SheetChoices())
    assert not get_selection(conn, report.selection_id).info.prices_requested


# --- what the vendor is sent, and what comes back ---------------------------------------------

ADDON_WITHOUT_PRICE = {
    "SIK-1": ((Choice.YES,), "", ""),
    "SIK-2": ((Choice.YES_PARTIAL,), "TLS 1.3 overalt.", ""),
    "LOG-1": ((Choice.YES_ADDON,), "", ""),
    "ARK-1": ((Choice.NOT_RELEVANT,), "", ""),
}


def test_a_document_that_asks_for_no_prices_has_no_price_field_and_flags_none(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    no_prices(conn, selection_id)
    sent = tmp_path / "spec.docx"
    export_selection_docx(conn, selection_id, sent)
    with zipfile.ZipFile(sent) as package:
        body = package.read("word/document.xml").decode("utf-8")
        custom = package.read("docProps/custom.xml").decode("utf-8")
    assert "/price" not in body and "Pris (kr. ekskl. moms)" not in body
    assert "Der efterspørges ikke priser i denne kravspecifikation." in body
    assert "Angiv prisen" not in body and "angiv en eventuel pris" not in body
    assert 'name="kravtui.prices"><vt:lpwstr>0</vt:lpwstr>' in custom
    filled = fill_docx(sent, tmp_path / "svar.docx", ADDON_WITHOUT_PRICE)
    assert not read_answer_document(filled).identity.prices_requested
    for returned in (filled, strip_tags(filled, tmp_path / "libreoffice.docx")):
        result = import_answer_file(conn, selection_id, "Firma A/S", returned)
        report = result.report
        assert (report.answered, report.sent) == (4, 4)
        assert report.missing_price == () and report.complete, report


def test_a_document_that_asks_for_prices_still_flags_a_missing_one(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    sent = tmp_path / "spec.docx"
    export_selection_docx(conn, selection_id, sent)
    assert "/price" in zipfile.ZipFile(sent).read("word/document.xml").decode("utf-8")
    filled = fill_docx(sent, tmp_path / "svar.docx", ADDON_WITHOUT_PRICE)
    report = import_answer_file(conn, selection_id, "Firma A/S", filled).report
    assert report.missing_price == ("LOG-1",)


def test_an_answer_sheet_that_asks_for_no_prices_has_no_price_column_and_flags_none(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    no_prices(conn, selection_id)
    path = tmp_path / "svar.xlsx"
    path.write_bytes(answer_sheet_bytes(sent_selection(conn, selection_id)))
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]][-2:] == ["Svar", "Uddybning"]
    assert sheet.max_column == 6 and sheet.auto_filter.ref == "A1:F5"
    meta = {row[0]: row[1] for row in workbook["kravtui"].iter_rows(max_col=2, values_only=True)}
    assert meta["prices"] == 0
    for row in range(2, sheet.max_row + 1):
        uid = sheet.cell(row=row, column=1).value
        choice = {"LOG-1": "Ja, som tilkøb", "SIK-2": "Ja, delvist"}.get(uid, "Ja")
        sheet.cell(row=row, column=5).value = choice
        sheet.cell(row=row, column=6).value = "Sådan." if uid == "SIK-2" else None
    workbook.save(path)
    assert not read_answer_sheet(path).identity.prices_requested
    report = import_answer_file(conn, selection_id, "Firma B/S", path).report
    assert (report.answered, report.missing_price) == (4, ()) and report.complete, report
