"""The bidi controls in the documents kravtui writes for people: shown as kravtui shows them.

A title holding U+202E (RIGHT-TO-LEFT OVERRIDE) reads ``\\u202e...`` in kravtui, but went raw
into the DOCX, where Word shows the words reversed: the vendor read another text than the
officer reviewed. Now every bidi control (the marks U+061C, U+200E, U+200F; the embeddings and
overrides U+202A-U+202E; the isolates U+2066-U+2069) is written in the DOCX, its PDF, the XLSX
sheets and the evaluation report as the very escape kravtui shows
(`visible_text.visible_in_documents`), in every field and in the document's properties; real
Arabic and Hebrew letters are kept. TOML keeps the exact characters, and a spreadsheet kravtui
wrote reads back to the exact characters, so nothing is lost on the way round. Hostile first.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from docx_fill import fill_docx
from test_docx_support import (
    check_golden,
    convert_with_libreoffice,
    fix_timestamps,
    has_libreoffice_and_pdftotext,
    outline,
    pdf_pages,
)

from kravtui.answers.records import Choice
from kravtui.answers.report import evaluation_report
from kravtui.answers.store import import_answers
from kravtui.application.export import (
    ExportError,
    check_target,
    export_catalogue,
    export_selection,
)
from kravtui.application.sheets import SheetChoices, import_sheet
from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n.visible_text import restore_from_documents, visible, visible_in_documents
from kravtui.interchange.answer_report_sheet import sheet_names, write_answer_report_sheet
from kravtui.interchange.answer_sheet_read import read_answer_sheet
from kravtui.interchange.catalogue_sheet_import import SheetImportReport
from kravtui.interchange.docx.answers_read import read_answer_document
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.interchange.export_target import export_target
from kravtui.interchange.xlsx_package import CELL_LIMIT
from kravtui.selection.items import edit_item, get_item, tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from kravtui.selection.transfer import TransferReport, selection_content
from tests.catalogue_factory import make_catalogue
from tests.sheet_files import catalogue_text, convert, sheet_values, soffice

calamine = pytest.importorskip("python_calamine")

CONTROLS = (
    "\u061c",  # ARABIC LETTER MARK
    "\u200e",  # LEFT-TO-RIGHT MARK
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u202a",  # LEFT-TO-RIGHT EMBEDDING
    "\u202b",  # RIGHT-TO-LEFT EMBEDDING
    "\u202c",  # POP DIRECTIONAL FORMATTING
    "\u202d",  # LEFT-TO-RIGHT OVERRIDE
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u2067",  # RIGHT-TO-LEFT ISOLATE
    "\u2068",  # FIRST STRONG ISOLATE
    "\u2069",  # POP DIRECTIONAL ISOLATE
)
ANY_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HEBREW, ARABIC = "שלום עולם", "مرحبا بالعالم"


def _hostile(number: int, control: str) -> RequirementContent:
    """A requirement with `control` at the start, in the middle and at the end of every text,
    next to real right-to-left words and numbers it could move."""
    return RequirementContent(
        uid=f"SIK-{number}",
        title=f"{control}Start midt{control}i slut{control}",
        category="SIK",
        importance=Importance.HIGH,
        all_domains=True,
        description=(
            f"{control}Første linje.\nHebraisk {HEBREW}{control} og {ARABIC}.\nslut{control}"
        ),
        rationale=f"Pris 10-20{control} kr.",
        help_text=f"{control}Fortolkning{control}",
        notes=f"note{control}",
        stakeholders=f"{control}IT",
    )


REQUIREMENTS = (
    *(_hostile(number, control) for number, control in enumerate(CONTROLS, start=1)),
    RequirementContent(
        uid="ARK-1",
        title=HEBREW,
        category="ARK",
        all_domains=True,
        description=f"{ARABIC}\n{HEBREW} 10-20",
        rationale=f"Blandet: dansk {HEBREW} dansk.",
    ),
    RequirementContent(  # backslashes: single where nothing follows, doubled before an escape
        uid="LOG-1",
        title="Sti C:\\new\\u202e",
        category="LOG",
        all_domains=True,
        description="Afvis \\u202e i filnavne.\nC:\\temp\\\u202eexe.txt",
    ),
)
INFO = SelectionInfo(
    title="Udbud \u202e2025\u202c",
    description="\u2067Beskrivelse\u2069",
    organisation="\u200fKommunen",
    contact="Ida \u202dIndkøber",
    priority_enabled=True,
    prices_requested=True,
    language="da",
)


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    categories = (Category("SIK", "Sikkerhed \u202e"), Category("LOG", "Logning"))
    conn = make_catalogue(
        tmp_path / "c.db", requirements=REQUIREMENTS, categories=(*categories, Category("ARK", "A"))
    )
    selection = create_selection(conn, INFO)
    tick(conn, selection.id, [r.uid for r in REQUIREMENTS])
    fix_timestamps(conn, selection.id)  # the golden outline's dates
    yield conn, selection.id
    conn.close()


def _docx(conn: sqlite3.Connection, selection_id: int, path: Path) -> Path:
    """The requirement specification, without LibreOffice's page numbers (the outline must not
    depend on whether it is installed)."""
    export_selection_docx(conn, selection_id, path)
    return path


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def _no_control_anywhere(path: Path) -> None:
    for name, text in _parts(path).items():
        assert not ANY_CONTROL.search(text), (name, ANY_CONTROL.findall(text))


def _every_cell(path: Path) -> list[str]:
    return [cell for rows in sheet_values(path).values() for row in rows for cell in row]


# --- the requirement specification (DOCX) -----------------------------------------------------


def test_the_docx_holds_no_bidi_control_in_any_part(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    _no_control_anywhere(_docx(*catalogue, tmp_path / "k.docx"))


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_the_docx_shows_each_control_as_kravtui_shows_it_in_every_field(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path, control: str
) -> None:
    """The words in the document are the words the officer reviewed in kravtui (`visible`, the
    TUI's and the CLI's escape), wherever the control stands."""
    requirement = REQUIREMENTS[CONTROLS.index(control)]
    lines = outline(_docx(*catalogue, tmp_path / "k.docx"))
    flat = "\n".join(lines)
    headings = [line.split(" | ", 1)[1] for line in lines if line.startswith("Heading 3")]
    assert f"{requirement.uid} {visible(requirement.title)}" in headings
    for text in (requirement.description, requirement.rationale, requirement.help_text):
        for line in text.split("\n"):
            assert visible(line) in flat
    assert control not in flat
    assert f"Første linje.\nHebraisk {HEBREW}{visible(control)} og {ARABIC}." in flat


def test_the_title_page_header_and_properties_show_the_controls_too(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    path = _docx(*catalogue, tmp_path / "k.docx")
    flat = "\n".join(outline(path))
    for shown in ("Udbud \\u202e2025\\u202c", "\\u200fKommunen", "Ida \\u202dIndkøber"):
        assert shown in flat
    assert "Heading 1 1 | Sikkerhed \\u202e" in flat.split("\n")
    parts = _parts(path)
    assert "<dc:title>Udbud \\u202e2025\\u202c</dc:title>" in parts["docProps/core.xml"]
    headers = [text for name, text in parts.items() if name.startswith("word/header")]
    assert any("Udbud \\u202e2025\\u202c" in text for text in headers)  # the TITLE field


def test_real_right_to_left_letters_are_kept(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    flat = "\n".join(outline(_docx(*catalogue, tmp_path / "k.docx")))
    assert f"ARK-1 {HEBREW}" in flat
    assert f"{ARABIC}\n{HEBREW} 10-20" in flat
    assert f"Blandet: dansk {HEBREW} dansk." in flat


def test_a_backslash_stays_single_unless_it_comes_before_a_control_or_its_escape(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """``C:\\new`` reads as typed (kravtui's own screen doubles it: a terminal shows more
    escapes); a literal ``\\u202e`` is doubled as kravtui shows it, so it never reads as the
    control; a backslash just before a control is doubled, then the control's escape."""
    flat = "\n".join(outline(_docx(*catalogue, tmp_path / "k.docx")))
    assert "LOG-1 Sti C:\\new\\\\u202e" in flat
    assert "Afvis \\\\u202e i filnavne.\nC:\\temp\\\\\\u202eexe.txt" in flat
    assert visible("\\u202e") == "\\\\u202e" == visible_in_documents("\\u202e")


def test_golden_outline_of_a_selection_full_of_bidi_controls(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    check_golden("bidi_da.txt", outline(_docx(*catalogue, tmp_path / "k.docx")))


def test_a_returned_answer_document_nobody_changed_is_not_flagged_as_changed(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """The document records the digest of the words it shows; read back, the escapes are
    those words (also a literal escape and a backslash before a control)."""
    conn, selection_id = catalogue
    exported = _docx(conn, selection_id, tmp_path / "k.docx")
    answers = {r.uid: ((Choice.YES,), "Ja\u202e.", "") for r in REQUIREMENTS}
    filled = fill_docx(exported, tmp_path / "svar.docx", answers)
    report = import_answers(conn, selection_id, "Firma", read_answer_document(filled)).report
    assert report.text_changed == ()
    assert report.answered == len(REQUIREMENTS)


def test_the_vendors_change_next_to_a_control_is_still_flagged(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    exported = _docx(conn, selection_id, tmp_path / "k.docx")
    package = exported.read_bytes()
    with zipfile.ZipFile(exported) as source:
        xml = source.read("word/document.xml").decode("utf-8")
    # The vendor deletes the visible escape: the control no longer shows, so the text changed.
    changed = xml.replace("\\u202eStart midt\\u202ei slut\\u202e", "Start midti slut", 1)
    assert changed != xml
    from docx_fill import repack

    edited = tmp_path / "rettet.docx"
    edited.write_bytes(repack(package, {"word/document.xml": changed.encode("utf-8")}))
    answers = {r.uid: ((Choice.YES,), "", "") for r in REQUIREMENTS}
    filled = fill_docx(edited, tmp_path / "svar.docx", answers)
    report = import_answers(conn, selection_id, "Firma", read_answer_document(filled)).report
    assert report.text_changed == ("SIK-8",)


# --- the spreadsheets (XLSX) ------------------------------------------------------------------


def test_every_sheet_shows_the_controls_as_kravtui_does(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    sheets = {
        "catalogue": tmp_path / "katalog.xlsx",
        "xlsx": tmp_path / "udbud.xlsx",
        "answer-sheet": tmp_path / "svarark.xlsx",
    }
    export_catalogue(conn, sheets["catalogue"], "xlsx")
    for kind in ("xlsx", "answer-sheet"):
        target = check_target(conn, sheets[kind], create_folder=False)
        export_selection(conn, selection_id, target, kind)
    for kind, path in sheets.items():
        _no_control_anywhere(path)
        cells = _every_cell(path)
        assert visible(REQUIREMENTS[7].title) in cells, kind  # "\u202eStart midt\u202ei ..."
        assert HEBREW in cells, kind
        assert not [cell for cell in cells if ANY_CONTROL.search(cell)], kind
    metadata = _every_cell(sheets["xlsx"])
    assert "Udbud \\u202e2025\\u202c" in metadata and "\\u200fKommunen" in metadata


def test_a_catalogue_sheet_reads_back_to_the_exact_characters(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, _ = catalogue
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx")
    copy = create_catalogue(tmp_path / "kopi.db")
    report = import_sheet(copy, path, SheetChoices())
    assert isinstance(report, SheetImportReport) and report.created == len(REQUIREMENTS)
    assert catalogue_text(copy) == catalogue_text(conn)
    copy.close()


def test_a_selection_sheet_reads_back_to_the_exact_characters(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    path = tmp_path / "udbud.xlsx"
    export_selection(conn, selection_id, check_target(conn, path, create_folder=False), "xlsx")
    report = import_sheet(conn, path, SheetChoices())
    assert isinstance(report, TransferReport)
    original = selection_content(conn, selection_id)
    copy = selection_content(conn, report.selection_id)
    assert copy.info == original.info
    assert copy.items == tuple(replace(item, why=()) for item in original.items)


def test_a_returned_answer_sheet_nobody_changed_is_not_flagged_as_changed(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    path = tmp_path / "svarark.xlsx"
    export_selection(
        conn, selection_id, check_target(conn, path, create_folder=False), "answer-sheet"
    )
    returned = read_answer_sheet(path)
    titles = {row.uid: row.title for row in returned.rows}
    assert titles == {r.uid: r.title for r in REQUIREMENTS}  # the controls themselves
    report = import_answers(conn, selection_id, "Firma", returned).report
    assert report.text_changed == ()


def test_escapes_that_make_a_text_too_long_for_a_cell_refuse_the_sheet(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """6,000 controls are 36,000 characters in a cell, past the 32,767 it holds."""
    conn, selection_id = catalogue
    snapshot = get_item(conn, selection_id, "ARK-1").snapshot
    edit_item(conn, selection_id, "ARK-1", replace(snapshot, description="\u202e" * 6000))
    for kind in ("xlsx", "answer-sheet"):
        path = tmp_path / f"{kind}.xlsx"
        with pytest.raises(ExportError) as raised:
            export_selection(
                conn, selection_id, check_target(conn, path, create_folder=False), kind
            )
        assert "ARK-1" in str(raised.value) and "32767" in str(raised.value)
        assert not path.exists()


def test_the_toml_keeps_the_exact_characters(catalogue: tuple[sqlite3.Connection, int]) -> None:
    conn, _ = catalogue
    text = catalogue_text(conn)
    assert f'title = "{REQUIREMENTS[7].title}"' in text  # raw: TOML round-trips, it is data


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\\",
        "\\u202e",
        "\\\\u202e",
        "\\\u202e",
        "\u202e\\",
        "C:\\new\\u200F\\u2069x",
        "".join(CONTROLS) + "\\" + "\\u".join(CONTROLS),
    ],
)
def test_restoring_gives_back_exactly_what_was_shown(text: str) -> None:
    shown = visible_in_documents(text)
    assert not ANY_CONTROL.search(shown)
    assert restore_from_documents(shown) == text


# --- the evaluation report --------------------------------------------------------------------


def test_the_report_shows_a_vendors_controls_in_its_words_and_drops_them_from_sheet_names(
    tmp_path: Path,
) -> None:
    assert sheet_names(["Sammenligning", "Beta\u202e ApS\u202c", "\u2067Alfa\u2069"]) == [
        "Sammenligning",
        "Beta ApS",
        "Alfa",
    ]


def test_the_report_cuts_a_text_whose_escapes_pass_the_cell_limit(tmp_path: Path) -> None:
    from tests.answer_report_helpers import report_catalogue

    conn, selection_id = report_catalogue(tmp_path / "c.db")
    long = "a\u202e" * 12_000  # 24,000 characters; 84,000 with the escapes
    conn.execute("UPDATE vendor_answer SET elaboration = ? WHERE uid = 'SIK-2'", (long,))
    path = tmp_path / "r.xlsx"
    with evaluation_report(conn, selection_id) as report:
        write_answer_report_sheet(report, export_target(conn, path), "da")
    cells = [cell for cell in _every_cell(path) if cell.startswith("a\\u202ea")]
    assert cells and all(len(cell) <= CELL_LIMIT for cell in cells)
    assert all(cell.endswith("se den i kravtui]") for cell in cells)
    assert not [cell for cell in _every_cell(path) if ANY_CONTROL.search(cell)]
    conn.close()


# --- real clients -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason="LibreOffice and pdftotext")
def test_libreoffice_lays_the_docx_out_with_the_escapes_not_reversed_text(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    docx = _docx(*catalogue, tmp_path / "k.docx")
    text = "\n".join(pdf_pages(convert_with_libreoffice(docx, tmp_path), layout=False))
    assert "\\u202eStart midt\\u202ei slut\\u202e" in text
    assert "tratS" not in text and "tuls" not in text  # what an applied override shows
    assert "Udbud \\u202e2025\\u202c" in text
    # pdftotext marks a run of right-to-left letters it found with RLE ... PDF; nothing else.
    assert "\u202b" + HEBREW + "\u202c" in text
    assert not ANY_CONTROL.search(re.sub("\u202b[^\u202a-\u202e]*\u202c", "", text))


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_catalogue_sheet_saved_again_by_libreoffice_reads_back_exactly(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path, kind: str
) -> None:
    conn, _ = catalogue
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx")
    copy = create_catalogue(tmp_path / "kopi.db")
    report = import_sheet(copy, convert(path, kind, tmp_path), SheetChoices())
    assert isinstance(report, SheetImportReport) and report.created == len(REQUIREMENTS)
    assert catalogue_text(copy) == catalogue_text(conn)
    copy.close()
