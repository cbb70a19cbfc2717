"""`kravtui import` of spreadsheets, the attacker's view first: every file below is refused in
one line (no traceback, no control character printed raw) or read as the user sees it, and a
refused import leaves the catalogue exactly as it was."""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import Workbook

from kravtui.catalogue.db import connect
from kravtui.cli import main
from kravtui.interchange.xlsx_package import sheet_text
from tests import xls_craft as xls
from tests.sheet_files import catalogue_text, convert, kravbank, soffice, write_sheet

pytest.importorskip("python_calamine")

HEADER = ["Krav id", "Navn", "Beskrivelse", "Kategori", "Prioritet"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.db"
    assert CliRunner().invoke(main, ["--lang", "en", "--db", str(path), "init"]).exit_code == 0
    return path


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", "--db", str(db), "import", *args])


def catalogue(db: Path) -> str:
    conn = connect(db)
    try:
        return catalogue_text(conn)
    finally:
        conn.close()


def refused(db: Path, *args: str, status: int = 1) -> str:
    """The one line an import that must fail prints; the catalogue is unchanged."""
    before = catalogue(db)
    result = run(db, *args)
    assert result.exit_code == status, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kravtui: error: "), result.output
    assert "Traceback" not in result.output and "\x1b" not in result.output
    assert catalogue(db) == before
    return lines[0]


def good_rows(count: int = 3) -> list[list[object]]:
    return [[f"SIK-{900 + n}", f"Krav {n}", "Tekst", "SIK", "Krav"] for n in range(1, count + 1)]


# Not a spreadsheet at all


def test_a_csv_named_xlsx_is_refused(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_text("Krav id;Navn\n1;x\n", encoding="utf-8")
    assert "is not a spreadsheet" in refused(db, str(path))


def test_the_catalogue_itself_named_xlsx_is_refused(db: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "k.xlsx"
    disguised.symlink_to(db)
    assert "is not a spreadsheet" in refused(db, str(disguised))


def test_a_fifo_and_a_folder_are_refused_at_once(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(db, str(fifo))
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    assert "is a directory" in refused(db, str(folder), status=2)  # a usage error


def test_a_missing_file_is_one_line(db: Path, tmp_path: Path) -> None:
    assert "no such file" in refused(db, str(tmp_path / "missing.xlsx"))


def test_a_damaged_zip_is_refused(db: Path, tmp_path: Path) -> None:
    whole = write_sheet(tmp_path / "whole.xlsx", HEADER, good_rows()).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    refused(db, str(cut))


def test_a_docx_is_not_a_spreadsheet(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "brev.xlsx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", "<w:document/>")
    assert "is not a spreadsheet" in refused(db, str(path))


# Macros, passwords, zip bombs


def test_macro_enabled_files_are_refused(db: Path, tmp_path: Path) -> None:
    xlsm = write_sheet(tmp_path / "makro.xlsm", HEADER, good_rows())
    assert "macros" in refused(db, str(xlsm))
    data = io.BytesIO(write_sheet(tmp_path / "plain.xlsx", HEADER, good_rows()).read_bytes())
    inside = tmp_path / "inside.xlsx"
    with zipfile.ZipFile(data, "a") as package:
        package.writestr("xl/vbaProject.bin", b"\x00" * 64)
    inside.write_bytes(data.getvalue())
    assert "macros" in refused(db, str(inside))


def test_an_ods_with_basic_macros_is_refused(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "makro.ods"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", "<office:document-content/>")
        package.writestr("Basic/Standard/Module1.xml", "<script/>")
    assert "macros" in refused(db, str(path))


def test_a_password_protected_workbook_is_refused(db: Path, tmp_path: Path) -> None:
    """Excel saves a workbook with a password as an OLE file holding an EncryptedPackage."""
    path = tmp_path / "hemmelig.xlsx"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)
    assert "password" in refused(db, str(path))


def test_a_zip_bomb_is_refused_by_the_size_it_declares(db: Path, tmp_path: Path) -> None:
    data = bytearray(write_sheet(tmp_path / "x.xlsx", HEADER, good_rows()).read_bytes())
    directory = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 0xFFFFFFF0)  # "4 GB when inflated"
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(bytes(data))
    assert "expands to more than" in refused(db, str(bomb))


def test_a_document_type_declaration_is_refused(db: Path, tmp_path: Path) -> None:
    data = io.BytesIO(write_sheet(tmp_path / "x.xlsx", HEADER, good_rows()).read_bytes())
    source = zipfile.ZipFile(data)
    laughs = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(laughs, "w") as package:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + content
            package.writestr(name, content)
    assert "document type" in refused(db, str(laughs))


# Sheets that reach too far


@pytest.mark.parametrize("far", ["XFD1048576", "A1048576", "XFD2"])
def test_a_sheet_reaching_too_far_is_refused_before_it_is_loaded(
    db: Path, tmp_path: Path, far: str
) -> None:
    """A reader holds a sheet as one rectangle: A1 and XFD1048576 would ask for 17 billion
    cells and kill the process. The sheet's reach is measured first."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet[far] = "x"
    path = tmp_path / "far.xlsx"
    workbook.save(path)
    line = refused(db, str(path))
    assert "at most" in line and "'Sheet'" in line


def test_an_ods_whose_repeated_cells_span_billions_is_refused(db: Path, tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Krav"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>Navn</text:p></table:table-cell>'
        '</table:table-row><table:table-row table:number-rows-repeated="100000">'
        '<table:table-cell table:number-columns-repeated="16000" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell></table:table-row></table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "gentaget.ods"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("content.xml", content)
    assert "at most" in refused(db, str(path))


@pytest.fixture
def no_calamine(monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine must never be asked to load the file: it would hold the whole rectangle."""

    def refuse(*_args: object) -> None:
        raise AssertionError("calamine was asked to load a sheet that reaches too far")

    monkeypatch.setattr("kravtui.interchange.sheet_read._calamine", refuse)


@pytest.mark.parametrize(
    ("cells", "declared"),
    [
        ([xls.number(0, 0), xls.number(65535, 255)], (1, 1)),  # really: 16.7 million cells
        ([xls.number(0, 0)], (65536, 256)),  # one cell, declared as the whole sheet
        (
            [xls.number(0, 0), xls.record(0x00BE, struct.pack("<HHHHH", 65535, 0, 0, 0, 200))],
            (1, 1),
        ),  # a run of blanks reaching far
    ],
)
def test_an_xls_reaching_far_is_refused_before_calamine_holds_it(
    db: Path, tmp_path: Path, no_calamine: None, cells: list[bytes], declared: tuple[int, int]
) -> None:
    """A 6 KB .xls with one cell in A1 and one in IV65536 made calamine hold a gigabyte."""
    path = tmp_path / "langt.xls"
    path.write_bytes(xls.compound(xls.workbook(cells, declared=declared)))
    line = refused(db, str(path))
    assert "'Krav'" in line and "at most 3000000" in line


def test_a_password_protected_xls_is_refused(db: Path, tmp_path: Path, no_calamine: None) -> None:
    path = tmp_path / "hemmelig.xls"
    path.write_bytes(xls.compound(xls.workbook([xls.number(0, 0)], protected=True)))
    assert "password" in refused(db, str(path))


def test_a_word_file_named_xls_is_not_a_spreadsheet(
    db: Path, tmp_path: Path, no_calamine: None
) -> None:
    path = tmp_path / "brev.xls"
    path.write_bytes(xls.compound(b"\x00" * 4096, name="WordDocument"))
    assert "is not a spreadsheet" in refused(db, str(path))


@pytest.mark.parametrize("damage", ["cut", "loop", "record"])
def test_a_damaged_xls_is_refused_in_one_line(
    db: Path, tmp_path: Path, no_calamine: None, damage: str
) -> None:
    data = bytearray(xls.compound(xls.workbook([xls.number(0, 0)])))
    if damage == "cut":
        data = data[:2000]
    elif damage == "loop":
        struct.pack_into("<I", data, 512 + 4 * 3, 2)  # the stream's chain runs back on itself
    else:
        data[1536 + 2 : 1536 + 4] = struct.pack("<H", 60000)  # a record longer than the stream
    path = tmp_path / "skadet.xls"
    path.write_bytes(bytes(data))
    assert "damaged" in refused(db, str(path))


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_far_sheet_saved_by_libreoffice_is_refused_before_calamine_holds_it(
    db: Path, tmp_path: Path, kind: str, no_calamine: None
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Krav"
    sheet.append(HEADER)
    sheet["IV65536"] = "x"
    source = tmp_path / "langt.xlsx"
    workbook.save(source)
    line = refused(db, str(convert(source, kind, tmp_path)))
    assert "'Krav'" in line and "at most" in line


# Cells


def test_a_control_character_in_a_cell_is_refused_with_its_cell(db: Path, tmp_path: Path) -> None:
    rows = good_rows()
    rows[1][2] = sheet_text("Tekst\x1b[2J med escape")  # as Excel writes it: _x001B_
    path = write_sheet(tmp_path / "styr.xlsx", HEADER, rows)
    line = refused(db, str(path))
    assert f"{path}:Krav!C3: " in line and "U+001B" in line


def test_a_line_break_in_a_name_is_refused(db: Path, tmp_path: Path) -> None:
    rows = good_rows()
    rows[0][1] = "To\nlinjer"
    line = refused(db, str(write_sheet(tmp_path / "navn.xlsx", HEADER, rows)))
    assert ":Krav!B2: " in line


def test_a_formula_is_never_evaluated(db: Path, tmp_path: Path) -> None:
    """openpyxl writes a formula without a value: it reads as empty, never as its result."""
    rows = good_rows()
    rows[0][1] = '=HYPERLINK("http://x.invalid","klik")'
    rows[1][2] = "=1+1"
    line = refused(db, str(write_sheet(tmp_path / "formel.xlsx", HEADER, rows)))
    assert ":Krav!B2: the name is empty" in line


def test_one_bad_row_refuses_the_whole_file(db: Path, tmp_path: Path) -> None:
    rows = [*good_rows(3), ["SIK-999", "Dårlig", "x", "SIK", "Superkrav"]]
    line = refused(db, str(write_sheet(tmp_path / "en.xlsx", HEADER, rows)))
    assert ":Krav!E5: 'Superkrav' is no priority" in line


def test_every_refused_row_is_counted(db: Path, tmp_path: Path) -> None:
    rows = [[f"SIK-{900 + n}", "", "x", "SIK", "Krav"] for n in range(5)]
    line = refused(db, str(write_sheet(tmp_path / "tomme.xlsx", HEADER, rows)))
    assert ":Krav!B2: the name is empty (and 4 more refused)" in line


def test_two_rows_for_one_requirement_are_refused(db: Path, tmp_path: Path) -> None:
    rows = [*KRAVBANK_TWICE]
    line = refused(db, str(kravbank(tmp_path / "to.xlsx", rows)), "--new-categories")
    assert ":Krav!A3: the same requirement as row 2" in line


KRAVBANK_TWICE: list[list[object]] = [
    [7, "A", "", "x", None, None, None, "Ny kategori", "Krav", None, None, None, None],
    ["7", "B", "", "y", None, None, None, "Ny kategori", "Krav", None, None, None, None],
]


def test_an_id_that_is_neither_uid_nor_number_is_refused(db: Path, tmp_path: Path) -> None:
    rows = good_rows()
    rows[2][0] = "krav nr. 3"
    line = refused(db, str(write_sheet(tmp_path / "id.xlsx", HEADER, rows)))
    assert ":Krav!A4: 'krav nr. 3' is neither" in line


def test_an_unknown_category_is_refused_unless_new_categories_are_asked(
    db: Path, tmp_path: Path
) -> None:
    rows = good_rows()
    rows[0][3] = "Helt ny"
    path = write_sheet(tmp_path / "kat.xlsx", HEADER, rows)
    assert ":Krav!D2: no category 'Helt ny'" in refused(db, str(path))


def test_requirements_only_in_a_hidden_sheet_are_not_read(db: Path, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.append(["Noter"])
    hidden = workbook.create_sheet("Krav")
    hidden.sheet_state = "hidden"
    hidden.append(HEADER)
    hidden.append(good_rows()[0])
    path = tmp_path / "skjult.xlsx"
    workbook.save(path)
    assert "no visible sheet" in refused(db, str(path))
    assert "hidden" in refused(db, str(path), "--sheet", "Krav")


# The map


@pytest.mark.parametrize(
    ("mapping", "says"),
    [
        ("Krav=titel", "unknown field 'titel'"),
        ("Krav", "is not HEADER=FIELD"),
        ("Krav=title,Tekst=title", "title is mapped from both"),
        ("Findes ikke=title", "no column 'findes ikke'"),
        (",", "names no column"),
    ],
)
def test_a_bad_map_is_one_line(db: Path, tmp_path: Path, mapping: str, says: str) -> None:
    path = write_sheet(tmp_path / "egen.xlsx", ["Krav", "Tekst"], [["A", "B"]])
    assert says in refused(db, str(path), "--map", mapping, "--category", "SIK")


def test_sheet_options_are_refused_for_toml(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "k.toml"
    path.write_text("", encoding="utf-8")
    assert "are for spreadsheets" in refused(db, str(path), "--map", "Krav=title")
