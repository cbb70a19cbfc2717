"""The requirements as a spreadsheet (`--format xlsx`): hostile texts first (formulas stay text,
characters XML cannot hold and literal OOXML escapes come back exactly, a text longer than a cell
is refused in one line with nothing written), then OS2kravmotor's column orders, the sheet
people work in (bold frozen header, autofilter, wrapped text, widths), the languages, priorities
as words and the same bytes for the same content."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from kravtui.application.export import (
    ExportError,
    check_target,
    export_catalogue,
    export_selection,
)
from kravtui.catalogue.sources import OS2KRAVMOTOR, set_references
from kravtui.cli import main
from kravtui.selection.items import edit_item, get_item
from kravtui.selection.store import get_selection, update_info
from tests.selection_builder import build_catalogue, build_selection

calamine = pytest.importorskip("python_calamine")


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = build_catalogue(tmp_path / "c.db")
    yield connection
    connection.close()


@pytest.fixture
def selection_id(conn: sqlite3.Connection) -> int:
    return build_selection(conn)


def cells(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's values as a reader other than the writer sees them."""
    with calamine.CalamineWorkbook.from_path(str(path)) as workbook:
        return {
            name: workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in workbook.sheet_names
        }


def selection_sheet(conn: sqlite3.Connection, selection_id: int, path: Path) -> Path:
    export_selection(conn, selection_id, check_target(conn, path, create_folder=False), "xlsx")
    return path


def set_raw(conn: sqlite3.Connection, sql: str, *values: object) -> None:
    """Write past the services, as another program may."""
    conn.execute(sql, values)
    conn.commit()


# Hostile texts


def test_a_formula_looking_title_is_written_as_text(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    snapshot = get_item(conn, selection_id, "LOG-1").snapshot
    edit_item(conn, selection_id, "LOG-1", replace(snapshot, title='=HYPERLINK("http://x","y")'))
    path = selection_sheet(conn, selection_id, tmp_path / "s.xlsx")
    rows = cells(path)["Krav"]
    assert [row[1] for row in rows if row[0] == "LOG-1"] == ['=HYPERLINK("http://x","y")']
    sheet = load_workbook(path).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_characters_xml_cannot_hold_and_literal_escapes_come_back_exactly(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    """A catalogue another program wrote control characters into still exports, and a text
    that happens to look like an OOXML escape is not decoded into something else; a bidi
    control reads as the escape kravtui shows it by
    (tests/test_hidden_characters_in_documents.py)."""
    hostile = "a\x1b[2Jb\x00c _x0041_ d\x7f\u202e"
    set_raw(conn, "UPDATE requirement SET notes = ? WHERE uid = 'SIK-2'", hostile)
    path = tmp_path / "k.xlsx"
    export_catalogue(conn, path, "xlsx")
    rows = cells(path)["Krav"]
    notes = rows[0].index("Noter")
    shown = hostile.replace("\u202e", "\\u202e")
    assert [row[notes] for row in rows if row[0] == "SIK-2"] == [shown]


def test_a_text_longer_than_a_cell_is_refused_in_one_line_and_nothing_is_written(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    set_raw(conn, "UPDATE selection_item SET description = ? WHERE uid = 'LOG-1'", "x" * 32_768)
    existing = tmp_path / "s.xlsx"
    existing.write_bytes(b"the officer's copy")
    target = check_target(conn, existing, create_folder=False)
    with pytest.raises(ExportError) as raised:
        export_selection(conn, selection_id, target, "xlsx")
    message = str(raised.value)
    assert "\n" not in message and "LOG-1" in message and "32767" in message
    assert existing.read_bytes() == b"the officer's copy"
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("c.db")) == ["s.xlsx"]


def test_the_catalogue_sheet_refuses_the_open_catalogue_as_its_target(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    catalogue = tmp_path / "c.db"
    before = catalogue.read_bytes()
    with pytest.raises(ExportError):
        export_catalogue(conn, catalogue, "xlsx")
    assert catalogue.read_bytes() == before


# The layouts


def test_a_selection_has_os2kravmotors_columns_then_kravtuis(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    rows = cells(selection_sheet(conn, selection_id, tmp_path / "s.xlsx"))["Krav"]
    assert rows[0] == [
        "Krav id",
        "Navn",
        "Beskrivelse",
        "Rationale",
        "Kategori",
        "Prioritet",
        "Fortolkning",
        "Underkategori",
        "Domæner",
        "Filtre",
    ]
    # ticked items only, in the document's order (category, subcategory, uid); free text too
    assert [row[0] for row in rows[1:]] == ["SIK-2", "SIK-10", "FRI-001", "LOG-1"]
    sik2, sik10, free, log1 = rows[1:]
    assert sik2[1] == "To-faktor-login for alle"  # the selection's edited text
    assert sik2[4:6] == ["Sikkerhed", "Mindstekrav"]
    assert log1[5] == "Vigtigt krav"  # re-prioritised in the selection
    assert sik10[7:] == ["Kryptering", "Alle domæner", "Følsomme data"]
    assert free[5:] == ["Option", "", "", "", ""]


def test_without_priorities_and_interpretations_those_columns_are_left_out(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    info = get_selection(conn, selection_id).info
    update_info(conn, selection_id, replace(info, priority_enabled=False))
    set_raw(conn, "UPDATE selection_item SET help_text = ''")
    rows = cells(selection_sheet(conn, selection_id, tmp_path / "s.xlsx"))["Krav"]
    assert "Prioritet" not in rows[0] and "Fortolkning" not in rows[0]
    assert rows[0][:5] == ["Krav id", "Navn", "Beskrivelse", "Rationale", "Kategori"]


def test_the_metadata_sheet_says_what_the_selection_is(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    meta = cells(selection_sheet(conn, selection_id, tmp_path / "s.xlsx"))["Metadata"]
    values = {row[0]: row[1] for row in meta}
    assert values["Titel"] == "Nyt ESDH-system"
    assert values["Organisation"] == "Eksempel Kommune"
    assert values["Kontaktperson"] == "Indkøb <indkob@example.dk>"
    assert values["Svarfrist"] == "2025-03-01"
    assert values["Domæner"] == "Økonomi\nBørn og unge"
    assert values["Prioriteter vist"] == "Ja"
    assert values["Udtræk foretaget"] == get_selection(conn, selection_id).updated_at[:16].replace(
        "T", " "
    )
    questionnaire = [row[0] for row in meta].index("Spørgeskema")
    assert meta[questionnaire + 1 :] == [
        ["Persondata", "Ja", "Persondata?"],
        ["Følsomme data", "Ved ikke", "Følsomme data?"],
    ]


def test_the_selection_sheet_speaks_the_selections_language(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    info = get_selection(conn, selection_id).info
    update_info(conn, selection_id, replace(info, language="en"))
    sheets = cells(selection_sheet(conn, selection_id, tmp_path / "s.xlsx"))
    assert list(sheets) == ["Requirements", "Metadata"]
    assert sheets["Requirements"][0][:6] == [
        "Requirement id",
        "Name",
        "Description",
        "Rationale",
        "Category",
        "Priority",
    ]
    assert sheets["Requirements"][1][5] == "Minimum"


def test_the_catalogue_has_the_kravbank_order_then_the_rest_of_the_record(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    set_references(conn, OS2KRAVMOTOR, [("LOG-1", "417")])
    conn.commit()
    path = tmp_path / "k.xlsx"
    assert export_catalogue(conn, path, "xlsx") == 4
    sheets = cells(path)
    assert list(sheets) == ["Krav", "Metadata", "Klassifikationer"]
    header, *rows = sheets["Krav"]
    assert header[:8] == [
        "Krav id",
        "Navn",
        "Beskrivelse",
        "Kategori",
        "Prioritet",
        "Rationale",
        "Sidst ændret",
        "Noter",
    ]
    assert header[8:] == [
        "Fortolkning",
        "Interessenter",
        "Underkategori",
        "Domæner",
        "Alle domæner",
        "Filtre",
        "Alle filtre",
        "Arkitekturprincipper",
        "Leverandøren skal uddybe",
        "Favorit",
        "Relevant for SaaS",
        "Relevant for on-premise",
        "Slettet",
        "OS2kravmotor-id",
    ]
    assert [row[0] for row in rows] == ["ARK-1", "LOG-1", "SIK-2", "SIK-10"]
    by_uid = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_uid["SIK-2"]["Prioritet"] == "Mindstekrav"
    assert by_uid["SIK-10"]["Alle domæner"] == "Ja" and by_uid["SIK-10"]["Domæner"] == ""
    assert by_uid["LOG-1"]["OS2kravmotor-id"] == "417"
    kinds = sheets["Klassifikationer"]
    sik = ["Kategori", "SIK", "Sikkerhed", "Adgang og kryptering.", "Adgang\nKryptering"]
    assert kinds[1] == sik
    assert ["Filter", "", "Persondata", "Persondata?", ""] in kinds


def test_the_catalogue_sheet_is_danish_unless_english_is_asked(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    conn.close()
    db = tmp_path / "c.db"
    runner = CliRunner(env={"KRAVTUI_LANG": "en"})
    for lang, first in ((None, "Krav id"), ("en", "Requirement id")):
        out = tmp_path / f"{lang}.xlsx"
        args = ["--db", str(db), "export", "catalogue", "--format", "xlsx", "-o", str(out)]
        result = runner.invoke(main, [*(["--lang", lang] if lang else []), *args])
        assert result.exit_code == 0, result.output
        assert cells(out)[next(iter(cells(out)))][0][0] == first


# A sheet people work in


def test_the_header_is_bold_and_frozen_with_a_filter_over_every_row(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    sheet = load_workbook(selection_sheet(conn, selection_id, tmp_path / "s.xlsx"))["Krav"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J5"
    assert all(cell.font.bold and cell.font.name == "Calibri" for cell in sheet[1])
    description = sheet["C2"]
    assert description.alignment.wrap_text and description.alignment.vertical == "top"
    assert not sheet["A2"].alignment.wrap_text
    assert sheet.column_dimensions["C"].width > 3 * sheet.column_dimensions["A"].width


def test_rows_are_as_tall_as_their_wrapped_texts(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    """Spreadsheets do not fit rows to wrapped text when they open a file: without a height
    every row would show one line and draw the rest over the next row."""
    sheet = load_workbook(selection_sheet(conn, selection_id, tmp_path / "s.xlsx"))["Krav"]
    heights = {row[0].value: sheet.row_dimensions[row[0].row].height for row in sheet.iter_rows()}
    assert heights["SIK-10"] is not None and heights["SIK-10"] >= 6 * 15  # the long description
    assert heights["FRI-001"] is None  # one line each: the default height


def test_the_same_content_gives_the_same_bytes(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    first = selection_sheet(conn, selection_id, tmp_path / "1.xlsx").read_bytes()
    second = selection_sheet(conn, selection_id, tmp_path / "2.xlsx").read_bytes()
    assert first == second
    export_catalogue(conn, tmp_path / "k1.xlsx", "xlsx")
    export_catalogue(conn, tmp_path / "k2.xlsx", "xlsx")
    assert (tmp_path / "k1.xlsx").read_bytes() == (tmp_path / "k2.xlsx").read_bytes()
    info = get_selection(conn, selection_id).info
    update_info(conn, selection_id, replace(info, contact="Ny"))
    assert selection_sheet(conn, selection_id, tmp_path / "3.xlsx").read_bytes() != first
