"""Invisible characters in the documents kravtui writes for people: shown as escapes.

A zero-width space, a joiner, a soft hyphen, a variation selector or a tag character went raw
into the DOCX, its PDF and the XLSX sheets, where Word, LibreOffice and Excel draw nothing for
it: a title could hide words in tag characters, and ``SIK-1\\u200b4`` read as ``SIK-14``. Now
every default-ignorable character (`visible_text.INVISIBLE`, beside the bidi controls) is
written there as its escape (`visible_in_documents`), in every field, the uid and the document's
properties included; a spreadsheet kravtui wrote reads back to the exact characters, and a
returned answer document nobody touched is not flagged as changed. The joiners in an emoji
sequence and the soft hyphen are shown too (the module's docstring says why). Hostile first.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from docx_fill import fill_docx, repack
from hypothesis import given, settings
from hypothesis import strategies as st
from test_docx_support import (
    convert_with_libreoffice,
    fix_timestamps,
    has_libreoffice_and_pdftotext,
    outline,
)

from kravtui.answers.records import Choice
from kravtui.answers.report import evaluation_report
from kravtui.answers.store import import_answers
from kravtui.application.export import check_target, export_catalogue, export_selection
from kravtui.application.sheets import SheetChoices, import_sheet
from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n.visible_text import (
    SHOWN_IN_DOCUMENTS,
    restore_from_documents,
    visible_in_documents,
)
from kravtui.interchange.answer_report_sheet import sheet_names, write_answer_report_sheet
from kravtui.interchange.answer_sheet_read import read_answer_sheet
from kravtui.interchange.catalogue_sheet_import import SheetImportReport
from kravtui.interchange.docx import ooxml
from kravtui.interchange.docx.answer_report import write_answer_report
from kravtui.interchange.docx.answers_read import read_answer_document
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.interchange.export_target import export_target
from kravtui.selection.items import tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from kravtui.selection.transfer import TransferReport, selection_content
from tests.catalogue_factory import make_catalogue
from tests.sheet_files import catalogue_text, sheet_values

pytest.importorskip("python_calamine")

INVISIBLE = {
    "\u00ad": "SOFT HYPHEN",
    "\u034f": "COMBINING GRAPHEME JOINER",
    "\u115f": "HANGUL CHOSEONG FILLER",
    "\u180e": "MONGOLIAN VOWEL SEPARATOR",
    "\u200b": "ZERO WIDTH SPACE",
    "\u200c": "ZERO WIDTH NON-JOINER",
    "\u200d": "ZERO WIDTH JOINER",
    "\u2060": "WORD JOINER",
    "\u2062": "INVISIBLE TIMES",
    "\u2064": "INVISIBLE PLUS",
    "\u206a": "INHIBIT SYMMETRIC SWAPPING",
    "\u3164": "HANGUL FILLER",
    "\ufe0f": "VARIATION SELECTOR-16",
    "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
    "\uffa0": "HALFWIDTH HANGUL FILLER",
    "\ufff9": "INTERLINEAR ANNOTATION ANCHOR",
    "\U0001d173": "MUSICAL SYMBOL BEGIN BEAM",
    "\U000e0001": "LANGUAGE TAG",
    "\U000e0041": "TAG LATIN CAPITAL LETTER A",
    "\U000e007f": "CANCEL TAG",
    "\U000e0100": "VARIATION SELECTOR-17",
}
CHARACTERS = tuple(INVISIBLE)
ANY_INVISIBLE = re.compile(f"[{SHOWN_IN_DOCUMENTS}]")
# Words hidden in tag characters: U+E0000 + each ASCII letter's code, invisible in every program.
HIDDEN = "".join(chr(0xE0000 + ord(letter)) for letter in "ignore the price")
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji: man, woman, girl joined
HEART = "\u2764\ufe0f"  # a red heart: the heart and the emoji presentation selector
SOFT = "sikkerheds\u00adkopiering"  # a Danish hyphenation hint


def _hostile(number: int, character: str) -> RequirementContent:
    """A requirement with `character` at the start, in the middle and at the end of every text."""
    return RequirementContent(
        uid=f"SIK-{number}",
        title=f"{character}Start midt{character}i slut{character}",
        category="SIK",
        importance=Importance.HIGH,
        all_domains=True,
        description=f"{character}Første linje.\nAnden{character} linje.\nslut{character}",
        rationale=f"Pris 10{character}20 kr.",
        help_text=f"{character}Fortolkning{character}",
        notes=f"note{character}",
        stakeholders=f"{character}IT",
    )


REQUIREMENTS = (
    *(_hostile(number, character) for number, character in enumerate(CHARACTERS, start=1)),
    RequirementContent(
        uid="ARK-1",
        title=f"Emoji {FAMILY} og {HEART}",
        category="ARK",
        all_domains=True,
        description=f"{SOFT} hver nat.{HIDDEN}",
        rationale="Sti C:\\xad\\u200b og C:\\new",  # literal escapes: doubled, never the character
    ),
    # A uid no kravtui face lets in (another program wrote the catalogue): still seen as it is.
    RequirementContent(uid="LOG-1\u200b4", title="Logning", category="LOG", all_domains=True),
    RequirementContent(uid="LOG-14", title="Logning", category="LOG", all_domains=True),
)
INFO = SelectionInfo(
    title="Udbud\u200b 2025\U000e0041",
    description="Beskrivelse\u2060",
    organisation="Kommunen\ufeff",
    contact="Ida\u00adIndkøber",
    priority_enabled=True,
    prices_requested=True,
    language="da",
)


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    categories = (Category("SIK", "Sikkerhed\u200d"), Category("LOG", "Logning"))
    conn = make_catalogue(
        tmp_path / "c.db", requirements=REQUIREMENTS, categories=(*categories, Category("ARK", "A"))
    )
    selection = create_selection(conn, INFO)
    tick(conn, selection.id, [r.uid for r in REQUIREMENTS])
    fix_timestamps(conn, selection.id)
    yield conn, selection.id
    conn.close()


def _docx(conn: sqlite3.Connection, selection_id: int, path: Path) -> Path:
    export_selection_docx(conn, selection_id, path)
    return path


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


_BUT_BREAKS = re.compile(f"(?!\u200b)[{SHOWN_IN_DOCUMENTS}]")


def _nothing_invisible_anywhere(path: Path) -> None:
    """No part of the package holds an invisible character, but the zero-width spaces a DOCX
    gives a long word to wrap at (`_only_the_writers_breaks` checks those)."""
    for name, text in _parts(path).items():
        pattern = _BUT_BREAKS if path.suffix == ".docx" else ANY_INVISIBLE
        assert not pattern.search(text), (name, pattern.findall(text)[:5])


def _only_the_writers_breaks(lines: list[str]) -> None:
    """Every zero-width space the document shows is one the writer gave a long word to wrap at
    (`ooxml.breakable`): none stands in a shorter word, as a text's own would."""
    for line in lines:
        for word in line.split():
            if "\u200b" in word:
                assert len(word.replace("\u200b", "")) >= ooxml.LONG_WORD, word


def _shown(lines: list[str]) -> str:
    """The document's lines as one text without the writer's break opportunities."""
    _only_the_writers_breaks(lines)
    return "\n".join(lines).replace("\u200b", "")


def _every_cell(path: Path) -> list[str]:
    return [cell for rows in sheet_values(path).values() for row in rows for cell in row]


# --- the escape itself ------------------------------------------------------------------------


def _escape(character: str) -> str:
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@pytest.mark.parametrize("character", CHARACTERS, ids=list(INVISIBLE.values()))
def test_each_invisible_character_is_shown_as_its_escape(character: str) -> None:
    escape = _escape(character)
    assert visible_in_documents(f"a{character}b") == f"a{escape}b"
    assert restore_from_documents(f"a{escape}b") == f"a{character}b"


def test_every_format_character_is_shown_but_those_one_sees() -> None:
    """Every format character Python knows (category Cf) is shown, but the few that are drawn:
    the Arabic and Syriac signs that span the number after them and the hieroglyph controls that
    arrange the signs around them."""
    drawn = {
        *range(0x0600, 0x0606),
        0x06DD,
        0x070F,
        0x0890,
        0x0891,
        0x08E2,
        0x110BD,
        0x110CD,
        *range(0x13430, 0x13456),
    }
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if unicodedata.category(chr(code)) == "Cf"
        and code not in drawn
        and not ANY_INVISIBLE.fullmatch(chr(code))
    ]
    assert missed == []


def test_text_without_them_is_kept_as_it_is() -> None:
    for text in ("Kryptering af data", "Ærø og Åbenrå", "C:\\new\\temp", "\\x41 \\u0041", "שלום"):
        assert visible_in_documents(text) == text
        assert restore_from_documents(text) == text


def test_a_literal_escape_is_doubled_and_reads_back_as_typed() -> None:
    assert visible_in_documents("C:\\xad") == "C:\\\\xad"
    assert visible_in_documents("\\u200b\\U000e0041") == "\\\\u200b\\\\U000e0041"
    assert visible_in_documents("\\\u200b") == "\\\\\\u200b"
    for text in ("C:\\xad", "\\u200b\\U000e0041", "\\\u200b", "\\\\xad\u00ad"):
        assert restore_from_documents(visible_in_documents(text)) == text


_PIECES = st.sampled_from(
    [
        "\\",
        "x",
        "u",
        "U",
        "ad",
        "200b",
        "200B",
        "000e0041",
        "0",
        "a",
        " ",
        *CHARACTERS,
        "\u202e",
        "\ud800",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_restore_gives_back_exactly_what_was_shown(text: str) -> None:
    shown = visible_in_documents(text)
    assert not ANY_INVISIBLE.search(shown)
    assert restore_from_documents(shown) == text


# --- the requirement specification (DOCX) -----------------------------------------------------


def test_the_docx_holds_no_invisible_character_in_any_part(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    path = _docx(*catalogue, tmp_path / "k.docx")
    _nothing_invisible_anywhere(path)
    _only_the_writers_breaks(outline(path))


@pytest.mark.parametrize("character", CHARACTERS, ids=list(INVISIBLE.values()))
def test_the_docx_shows_each_character_in_every_field(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path, character: str
) -> None:
    requirement = REQUIREMENTS[CHARACTERS.index(character)]
    lines = outline(_docx(*catalogue, tmp_path / "k.docx"))
    flat = _shown(lines)
    headings = [line.split(" | ", 1)[1] for line in lines if line.startswith("Heading 3")]
    assert f"{requirement.uid} {visible_in_documents(requirement.title)}" in headings
    for text in (requirement.description, requirement.rationale, requirement.help_text):
        for line in text.split("\n"):
            assert visible_in_documents(line) in flat
    assert character not in flat


def test_hidden_words_emoji_and_hyphenation_hints_are_shown(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    flat = _shown(outline(_docx(*catalogue, tmp_path / "k.docx")))
    assert "Emoji \U0001f468\\u200d\U0001f469\\u200d\U0001f467 og \u2764\\ufe0f" in flat
    assert "sikkerheds\\xadkopiering hver nat.\\U000e0069\\U000e0067" in flat
    assert "Sti C:\\\\xad\\\\u200b og C:\\new" in flat


def test_two_uids_that_look_alike_are_told_apart(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """A uid with a zero-width space reads as such in the heading, the appendix's table and
    the properties that record each item, next to the uid it would otherwise look like."""
    path = _docx(*catalogue, tmp_path / "k.docx")
    lines = outline(path)
    headings = [line.split(" | ", 1)[1] for line in lines if line.startswith("Heading 3")]
    assert "LOG-1\\u200b4 Logning" in headings and "LOG-14 Logning" in headings
    rows = [line for line in lines if line.startswith("  ") and "Logning" in line]
    assert any("LOG-1\\u200b4" in row for row in rows) and any("LOG-14 |" in row for row in rows)
    properties = [line for line in lines if line.startswith("[property]")]
    assert any(" = LOG-1\\u200b4 " in line for line in properties)


def test_the_title_page_header_and_properties_show_them_too(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    path = _docx(*catalogue, tmp_path / "k.docx")
    flat = _shown(outline(path))
    for shown in ("Udbud\\u200b 2025\\U000e0041", "Kommunen\\ufeff", "Ida\\xadIndkøber"):
        assert shown in flat
    assert "Heading 1 1 | Sikkerhed\\u200d" in flat.split("\n")
    parts = _parts(path)
    assert "<dc:title>Udbud\\u200b 2025\\U000e0041</dc:title>" in parts["docProps/core.xml"]
    headers = [text for name, text in parts.items() if name.startswith("word/header")]
    assert any("Udbud\\u200b 2025\\U000e0041" in text for text in headers)


def test_the_writers_own_break_opportunities_stay_invisible(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """A long word still gets zero-width spaces to wrap at: kravtui's own, added after the
    text's invisible characters were shown, so they are not shown themselves."""
    long_word = "https://example.org/" + "a" * 60
    assert ooxml.run(long_word).count("\u200b") >= 2
    assert "\\u200b" not in ooxml.run(long_word)
    assert "Spørgsmål/\u200bkommentar" in ooxml.run("Spørgsmål/kommentar", break_after="/")
    assert "\\u200b" in ooxml.run("a\u200bb", break_after="/")


def test_a_returned_answer_document_nobody_changed_is_not_flagged_as_changed(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    exported = _docx(conn, selection_id, tmp_path / "k.docx")
    answers = {r.uid: ((Choice.YES,), "Ja\u200b.", "") for r in REQUIREMENTS}
    filled = fill_docx(exported, tmp_path / "svar.docx", answers)
    report = import_answers(conn, selection_id, "Firma", read_answer_document(filled)).report
    assert report.text_changed == ()


def test_the_vendors_change_that_deletes_an_escape_is_flagged(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    exported = _docx(conn, selection_id, tmp_path / "k.docx")
    with zipfile.ZipFile(exported) as source:
        xml = source.read("word/document.xml").decode("utf-8")
    changed = xml.replace("\\u200bStart midt\\u200bi slut\\u200b", "Start midti slut", 1)
    assert changed != xml
    edited = tmp_path / "rettet.docx"
    edited.write_bytes(repack(exported.read_bytes(), {"word/document.xml": changed.encode()}))
    answers = {r.uid: ((Choice.YES,), "", "") for r in REQUIREMENTS}
    filled = fill_docx(edited, tmp_path / "svar.docx", answers)
    report = import_answers(conn, selection_id, "Firma", read_answer_document(filled)).report
    assert report.text_changed == (f"SIK-{CHARACTERS.index(chr(0x200B)) + 1}",)


# --- the spreadsheets (XLSX) ------------------------------------------------------------------


def test_every_sheet_shows_them_as_escapes(
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
        _nothing_invisible_anywhere(path)
        cells = _every_cell(path)
        for requirement in REQUIREMENTS[: len(CHARACTERS)]:
            assert visible_in_documents(requirement.title) in cells, (kind, requirement.uid)
        assert "LOG-1\\u200b4" in cells and "LOG-14" in cells, kind
        assert not [cell for cell in cells if ANY_INVISIBLE.search(cell)], kind
    metadata = _every_cell(sheets["xlsx"])
    assert "Udbud\\u200b 2025\\U000e0041" in metadata and "Kommunen\\ufeff" in metadata


def test_a_catalogue_sheet_reads_back_to_the_exact_characters(tmp_path: Path) -> None:
    """Without the uid no import takes (its form is refused): every other text, exactly."""
    kept = [r for r in REQUIREMENTS if r.uid != "LOG-1\u200b4"]
    conn = make_catalogue(tmp_path / "c.db", requirements=kept)
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx")
    copy = create_catalogue(tmp_path / "kopi.db")
    report = import_sheet(copy, path, SheetChoices())
    assert isinstance(report, SheetImportReport) and report.created == len(kept)
    assert catalogue_text(copy) == catalogue_text(conn)
    copy.close()
    conn.close()


def test_a_selection_sheet_reads_back_to_the_exact_characters(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """Without the uid no import takes (its form is refused): every other text, exactly."""
    conn, _ = catalogue
    selection_id = create_selection(conn, INFO).id
    tick(conn, selection_id, [r.uid for r in REQUIREMENTS if r.uid != "LOG-1\u200b4"])
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
    assert titles == {r.uid: r.title for r in REQUIREMENTS}  # the characters themselves
    report = import_answers(conn, selection_id, "Firma", returned).report
    assert report.text_changed == ()


# --- the evaluation report --------------------------------------------------------------------


def test_sheet_names_drop_them_and_tell_look_alikes_apart() -> None:
    assert sheet_names(["Sammenligning", "Alfa\u200b", "Alfa", "Beta\U000e0041 ApS"]) == [
        "Sammenligning",
        "Alfa",
        "Alfa (2)",
        "Beta ApS",
    ]


def test_the_report_shows_a_vendors_invisible_characters(tmp_path: Path) -> None:
    from tests.answer_report_helpers import report_catalogue

    conn, selection_id = report_catalogue(tmp_path / "c.db")
    hidden = f"Ja{HIDDEN}\u200b"
    conn.execute("UPDATE vendor_answer SET elaboration = ? WHERE uid = 'SIK-2'", (hidden,))
    sheet, document = tmp_path / "r.xlsx", tmp_path / "r.docx"
    with evaluation_report(conn, selection_id) as report:
        write_answer_report_sheet(report, export_target(conn, sheet), "da")
    with evaluation_report(conn, selection_id) as report:
        write_answer_report(report, export_target(conn, document), "da")
    assert visible_in_documents(hidden) in _every_cell(sheet)
    _nothing_invisible_anywhere(sheet)
    lines = outline(document)
    assert "Spørgsmål/\u200bkommentar" in "\n".join(lines)  # the header's own break: no escape
    assert visible_in_documents(hidden) in _shown([line for line in lines if "Spørg" not in line])
    xml = _parts(document)["word/document.xml"]
    assert not re.search(f"(?!\u200b)[{SHOWN_IN_DOCUMENTS}]", xml)  # but kravtui's breaks
    conn.close()


# --- a real client ----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason="LibreOffice and pdftotext")
def test_libreoffice_lays_the_docx_out_with_the_escapes_showing(
    catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    import subprocess

    docx = _docx(*catalogue, tmp_path / "k.docx")
    pdf = convert_with_libreoffice(docx, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "\\u200bStart midt\\u200bi slut\\u200b" in text
    assert "LOG-1\\u200b4" in text
    assert "\\U000e0069\\U000e0067" in text  # the hidden words' first letters, as escapes
    assert "sikkerheds\\xadkopiering" in text
    assert "Udbud\\u200b 2025\\U000e0041" in text
    assert not ANY_INVISIBLE.search(text), ANY_INVISIBLE.findall(text)[:5]
