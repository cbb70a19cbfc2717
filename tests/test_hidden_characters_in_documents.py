"""Bidi controls and invisible characters in the documents kravtui writes: shown as escapes.

A title holding U+202E (RIGHT-TO-LEFT OVERRIDE) reads ``\\u202e...`` in kravtui, but went raw
into the DOCX, where Word shows the words reversed: the vendor read another text than the
officer reviewed. A zero-width space, a joiner, a soft hyphen, a variation selector or a tag
character went raw there too, where Word, LibreOffice and Excel draw nothing for it: a title
could hide words in tag characters, and ``SIK-1\\u200b4`` read as ``SIK-14``. Now every bidi
control (the marks U+061C, U+200E, U+200F; the embeddings and overrides U+202A-U+202E; the
isolates U+2066-U+2069) and every default-ignorable character (`visible_text.INVISIBLE`) is
written in the DOCX, its PDF, the XLSX sheets and the evaluation report as its escape
(`visible_text.visible_in_documents`), in every field, the uid and the document's properties
included; real Arabic and Hebrew letters are kept, and the joiners in an emoji sequence and the
soft hyphen are shown too. TOML keeps the exact characters, a spreadsheet kravtui wrote reads
back to the exact characters, and a returned answer document nobody touched is not flagged as
changed. The tests both sets share run once per set (`CharacterSet`); the rest stay with the
set they are about. Hostile first.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from docx_fill import fill_docx, repack
from hypothesis import given, settings
from hypothesis import strategies as st
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
from kravtui.i18n.visible_text import (
    SHOWN_IN_DOCUMENTS,
    restore_from_documents,
    visible,
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
from kravtui.interchange.xlsx_package import CELL_LIMIT
from kravtui.selection.items import edit_item, get_item, tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from kravtui.selection.transfer import TransferReport, selection_content
from tests.catalogue_factory import make_catalogue
from tests.sheet_files import catalogue_text, convert, sheet_values, soffice

pytest.importorskip("python_calamine")


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {
            name: package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith((".xml", ".rels"))
        }


def _every_cell(path: Path) -> list[str]:
    return [cell for rows in sheet_values(path).values() for row in rows for cell in row]


def _hostile(number: int, character: str, description: str, rationale: str) -> RequirementContent:
    """A requirement with `character` at the start, in the middle and at the end of every text;
    the set's own `description` and `rationale` put it next to what it could hide or move."""
    return RequirementContent(
        uid=f"SIK-{number}",
        title=f"{character}Start midt{character}i slut{character}",
        category="SIK",
        importance=Importance.HIGH,
        all_domains=True,
        description=description,
        rationale=rationale,
        help_text=f"{character}Fortolkning{character}",
        notes=f"note{character}",
        stakeholders=f"{character}IT",
    )


def _info(title: str, description: str, organisation: str, contact: str) -> SelectionInfo:
    """A Danish selection with priorities and prices, its texts holding the set's characters."""
    return SelectionInfo(
        title=title,
        description=description,
        organisation=organisation,
        contact=contact,
        priority_enabled=True,
        prices_requested=True,
        language="da",
    )


# --- the bidi controls ------------------------------------------------------------------------

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


def _bidi_hostile(number: int, control: str) -> RequirementContent:
    """Next to real right-to-left words and numbers the control could move."""
    return _hostile(
        number,
        control,
        description=(
            f"{control}Første linje.\nHebraisk {HEBREW}{control} og {ARABIC}.\nslut{control}"
        ),
        rationale=f"Pris 10-20{control} kr.",
    )


BIDI_REQUIREMENTS = (
    *(_bidi_hostile(number, control) for number, control in enumerate(CONTROLS, start=1)),
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
BIDI_INFO = _info(
    "Udbud \u202e2025\u202c", "\u2067Beskrivelse\u2069", "\u200fKommunen", "Ida \u202dIndkøber"
)


def _no_control_anywhere(path: Path) -> None:
    for name, text in _parts(path).items():
        assert not ANY_CONTROL.search(text), (name, ANY_CONTROL.findall(text))


# --- the invisible characters -----------------------------------------------------------------

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
LOOK_ALIKE = "LOG-1\u200b4"  # a uid no kravtui face lets in (another program wrote it)


def _invisible_hostile(number: int, character: str) -> RequirementContent:
    return _hostile(
        number,
        character,
        description=f"{character}Første linje.\nAnden{character} linje.\nslut{character}",
        rationale=f"Pris 10{character}20 kr.",
    )


INVISIBLE_REQUIREMENTS = (
    *(_invisible_hostile(number, character) for number, character in enumerate(CHARACTERS, 1)),
    RequirementContent(
        uid="ARK-1",
        title=f"Emoji {FAMILY} og {HEART}",
        category="ARK",
        all_domains=True,
        description=f"{SOFT} hver nat.{HIDDEN}",
        rationale="Sti C:\\xad\\u200b og C:\\new",  # literal escapes: doubled, never the character
    ),
    # A uid no kravtui face lets in (another program wrote the catalogue): still seen as it is.
    RequirementContent(uid=LOOK_ALIKE, title="Logning", category="LOG", all_domains=True),
    RequirementContent(uid="LOG-14", title="Logning", category="LOG", all_domains=True),
)
INVISIBLE_INFO = _info(
    "Udbud\u200b 2025\U000e0041", "Beskrivelse\u2060", "Kommunen\ufeff", "Ida\u00adIndkøber"
)
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


# --- the two sets, for the tests they share ---------------------------------------------------


@dataclass(frozen=True)
class CharacterSet:
    """One set of characters a document must show, with the catalogue that holds them and what
    each shared test expects of it."""

    characters: tuple[str, ...]
    ids: list[str]
    pattern: re.Pattern[str]
    requirements: tuple[RequirementContent, ...]
    info: SelectionInfo
    categories: tuple[Category, ...]
    show: Callable[[str], str]  # how a text reads in the document
    flat: Callable[[list[str]], str]  # the document's lines as one text
    nothing_hidden: Callable[[Path], None]  # no such character in any part of a package
    second_description_line: Callable[[str], str]  # the hostile description's lines 1-2, shown
    sample: str  # the character the answer and the vendor's-change tests use
    shown_info: tuple[str, ...]  # the selection's title, organisation and contact, shown
    shown_category: str  # the hostile category's heading
    more_cells: tuple[str, ...]  # what else every sheet shows, as it is shown
    not_importable: tuple[str, ...] = ()  # uids no import takes (their form is refused)

    @property
    def hostile(self) -> tuple[RequirementContent, ...]:
        return self.requirements[: len(self.characters)]

    def escape(self, character: str) -> str:
        return visible_in_documents(character)


BIDI = CharacterSet(
    characters=CONTROLS,
    ids=[f"U+{ord(c):04X}" for c in CONTROLS],
    pattern=ANY_CONTROL,
    requirements=BIDI_REQUIREMENTS,
    info=BIDI_INFO,
    categories=(Category("SIK", "Sikkerhed \u202e"), Category("LOG", "Logning")),
    show=visible,  # the TUI's and the CLI's escape: the words the officer reviewed
    flat="\n".join,
    nothing_hidden=_no_control_anywhere,
    second_description_line=lambda c: f"Første linje.\nHebraisk {HEBREW}{visible(c)} og {ARABIC}.",
    sample="\u202e",
    shown_info=("Udbud \\u202e2025\\u202c", "\\u200fKommunen", "Ida \\u202dIndkøber"),
    shown_category="Sikkerhed \\u202e",
    more_cells=(HEBREW,),
)
INVISIBLE_SET = CharacterSet(
    characters=CHARACTERS,
    ids=list(INVISIBLE.values()),
    pattern=ANY_INVISIBLE,
    requirements=INVISIBLE_REQUIREMENTS,
    info=INVISIBLE_INFO,
    categories=(Category("SIK", "Sikkerhed\u200d"), Category("LOG", "Logning")),
    show=visible_in_documents,
    flat=_shown,
    nothing_hidden=_nothing_invisible_anywhere,
    second_description_line=lambda c: f"Første linje.\nAnden{visible_in_documents(c)} linje.",
    sample="\u200b",
    shown_info=("Udbud\\u200b 2025\\U000e0041", "Kommunen\\ufeff", "Ida\\xadIndkøber"),
    shown_category="Sikkerhed\\u200d",
    more_cells=("LOG-1\\u200b4", "LOG-14"),
    not_importable=(LOOK_ALIKE,),
)
SETS = [pytest.param(BIDI, id="bidi"), pytest.param(INVISIBLE_SET, id="invisible")]
EACH_CHARACTER = [
    pytest.param(charset, character, id=f"{name}-{character_id}")
    for name, charset in (("bidi", BIDI), ("invisible", INVISIBLE_SET))
    for character, character_id in zip(charset.characters, charset.ids, strict=True)
]


def _open_catalogue(charset: CharacterSet, path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn = make_catalogue(
        path,
        requirements=charset.requirements,
        categories=(*charset.categories, Category("ARK", "A")),
    )
    selection = create_selection(conn, charset.info)
    tick(conn, selection.id, [r.uid for r in charset.requirements])
    fix_timestamps(conn, selection.id)  # the golden outline's dates
    yield conn, selection.id
    conn.close()


@pytest.fixture(params=SETS)
def charset(request: pytest.FixtureRequest) -> CharacterSet:
    result: CharacterSet = request.param
    return result


@pytest.fixture
def catalogue(charset: CharacterSet, tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    """The set's catalogue: every requirement ticked in one selection."""
    yield from _open_catalogue(charset, tmp_path / "c.db")


@pytest.fixture
def bidi_catalogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    yield from _open_catalogue(BIDI, tmp_path / "c.db")


@pytest.fixture
def invisible_catalogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    yield from _open_catalogue(INVISIBLE_SET, tmp_path / "c.db")


def _docx(conn: sqlite3.Connection, selection_id: int, path: Path) -> Path:
    """The requirement specification, without LibreOffice's page numbers (the outline must not
    depend on whether it is installed)."""
    export_selection_docx(conn, selection_id, path)
    return path


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


def test_the_docx_holds_none_of_them_in_any_part(
    charset: CharacterSet, catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    path = _docx(*catalogue, tmp_path / "k.docx")
    charset.nothing_hidden(path)
    charset.flat(outline(path))  # the invisible set's: only the writer's own breaks


@pytest.mark.parametrize(("charset", "character"), EACH_CHARACTER)
def test_the_docx_shows_each_character_as_kravtui_shows_it_in_every_field(
    charset: CharacterSet,
    catalogue: tuple[sqlite3.Connection, int],
    tmp_path: Path,
    character: str,
) -> None:
    """The words in the document are the words the officer reviewed in kravtui, wherever the
    character stands."""
    requirement = charset.requirements[charset.characters.index(character)]
    lines = outline(_docx(*catalogue, tmp_path / "k.docx"))
    flat = charset.flat(lines)
    headings = [line.split(" | ", 1)[1] for line in lines if line.startswith("Heading 3")]
    assert f"{requirement.uid} {charset.show(requirement.title)}" in headings
    for text in (requirement.description, requirement.rationale, requirement.help_text):
        for line in text.split("\n"):
            assert charset.show(line) in flat
    assert character not in flat
    assert charset.second_description_line(character) in flat


def test_the_title_page_header_and_properties_show_them_too(
    charset: CharacterSet, catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    path = _docx(*catalogue, tmp_path / "k.docx")
    flat = charset.flat(outline(path))
    for shown in charset.shown_info:
        assert shown in flat
    assert f"Heading 1 1 | {charset.shown_category}" in flat.split("\n")
    title = charset.shown_info[0]
    parts = _parts(path)
    assert f"<dc:title>{title}</dc:title>" in parts["docProps/core.xml"]
    headers = [text for name, text in parts.items() if name.startswith("word/header")]
    assert any(title in text for text in headers)  # the TITLE field


def test_real_right_to_left_letters_are_kept(
    bidi_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    flat = "\n".join(outline(_docx(*bidi_catalogue, tmp_path / "k.docx")))
    assert f"ARK-1 {HEBREW}" in flat
    assert f"{ARABIC}\n{HEBREW} 10-20" in flat
    assert f"Blandet: dansk {HEBREW} dansk." in flat


def test_a_backslash_stays_single_unless_it_comes_before_a_control_or_its_escape(
    bidi_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """``C:\\new`` reads as typed (kravtui's own screen doubles it: a terminal shows more
    escapes); a literal ``\\u202e`` is doubled as kravtui shows it, so it never reads as the
    control; a backslash just before a control is doubled, then the control's escape."""
    flat = "\n".join(outline(_docx(*bidi_catalogue, tmp_path / "k.docx")))
    assert "LOG-1 Sti C:\\new\\\\u202e" in flat
    assert "Afvis \\\\u202e i filnavne.\nC:\\temp\\\\\\u202eexe.txt" in flat
    assert visible("\\u202e") == "\\\\u202e" == visible_in_documents("\\u202e")


def test_golden_outline_of_a_selection_full_of_bidi_controls(
    bidi_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    check_golden("bidi_da.txt", outline(_docx(*bidi_catalogue, tmp_path / "k.docx")))


def test_hidden_words_emoji_and_hyphenation_hints_are_shown(
    invisible_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    flat = _shown(outline(_docx(*invisible_catalogue, tmp_path / "k.docx")))
    assert "Emoji \U0001f468\\u200d\U0001f469\\u200d\U0001f467 og \u2764\\ufe0f" in flat
    assert "sikkerheds\\xadkopiering hver nat.\\U000e0069\\U000e0067" in flat
    assert "Sti C:\\\\xad\\\\u200b og C:\\new" in flat


def test_two_uids_that_look_alike_are_told_apart(
    invisible_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """A uid with a zero-width space reads as such in the heading, the appendix's table and
    the properties that record each item, next to the uid it would otherwise look like."""
    path = _docx(*invisible_catalogue, tmp_path / "k.docx")
    lines = outline(path)
    headings = [line.split(" | ", 1)[1] for line in lines if line.startswith("Heading 3")]
    assert "LOG-1\\u200b4 Logning" in headings and "LOG-14 Logning" in headings
    rows = [line for line in lines if line.startswith("  ") and "Logning" in line]
    assert any("LOG-1\\u200b4" in row for row in rows) and any("LOG-14 |" in row for row in rows)
    properties = [line for line in lines if line.startswith("[property]")]
    assert any(" = LOG-1\\u200b4 " in line for line in properties)


def test_the_writers_own_break_opportunities_stay_invisible() -> None:
    """A long word still gets zero-width spaces to wrap at: kravtui's own, added after the
    text's invisible characters were shown, so they are not shown themselves."""
    long_word = "https://example.org/" + "a" * 60
    assert ooxml.run(long_word).count("\u200b") >= 2
    assert "\\u200b" not in ooxml.run(long_word)
    assert "Spørgsmål/\u200bkommentar" in ooxml.run("Spørgsmål/kommentar", break_after="/")
    assert "\\u200b" in ooxml.run("a\u200bb", break_after="/")


def test_a_returned_answer_document_nobody_changed_is_not_flagged_as_changed(
    charset: CharacterSet, catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """The document records the digest of the words it shows; read back, the escapes are
    those words (also a literal escape and a backslash before a character)."""
    conn, selection_id = catalogue
    exported = _docx(conn, selection_id, tmp_path / "k.docx")
    answers = {r.uid: ((Choice.YES,), f"Ja{charset.sample}.", "") for r in charset.requirements}
    filled = fill_docx(exported, tmp_path / "svar.docx", answers)
    report = import_answers(conn, selection_id, "Firma", read_answer_document(filled)).report
    assert report.text_changed == ()
    assert report.answered == len(charset.requirements)  # the look-alike uid's too


def test_the_vendors_change_that_deletes_an_escape_is_flagged(
    charset: CharacterSet, catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    exported = _docx(conn, selection_id, tmp_path / "k.docx")
    with zipfile.ZipFile(exported) as source:
        xml = source.read("word/document.xml").decode("utf-8")
    # The vendor deletes the visible escape: the character no longer shows, so the text changed.
    escape = charset.escape(charset.sample)
    changed = xml.replace(f"{escape}Start midt{escape}i slut{escape}", "Start midti slut", 1)
    assert changed != xml
    edited = tmp_path / "rettet.docx"
    edited.write_bytes(repack(exported.read_bytes(), {"word/document.xml": changed.encode()}))
    answers = {r.uid: ((Choice.YES,), "", "") for r in charset.requirements}
    filled = fill_docx(edited, tmp_path / "svar.docx", answers)
    report = import_answers(conn, selection_id, "Firma", read_answer_document(filled)).report
    assert report.text_changed == (f"SIK-{charset.characters.index(charset.sample) + 1}",)


# --- the spreadsheets (XLSX) ------------------------------------------------------------------


def test_every_sheet_shows_them_as_kravtui_does(
    charset: CharacterSet, catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
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
        charset.nothing_hidden(path)
        cells = _every_cell(path)
        for requirement in charset.hostile:
            assert charset.show(requirement.title) in cells, (kind, requirement.uid)
        for shown in charset.more_cells:
            assert shown in cells, kind
        assert not [cell for cell in cells if charset.pattern.search(cell)], kind
    metadata = _every_cell(sheets["xlsx"])
    title, organisation, _ = charset.shown_info
    assert title in metadata and organisation in metadata


def test_a_catalogue_sheet_reads_back_to_the_exact_characters(
    charset: CharacterSet, tmp_path: Path
) -> None:
    """Without a uid no import takes (its form is refused): every other text, exactly."""
    kept = [r for r in charset.requirements if r.uid not in charset.not_importable]
    conn = make_catalogue(
        tmp_path / "c.db",
        requirements=kept,
        categories=(*charset.categories, Category("ARK", "A")),
    )
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx")
    copy = create_catalogue(tmp_path / "kopi.db")
    report = import_sheet(copy, path, SheetChoices())
    assert isinstance(report, SheetImportReport) and report.created == len(kept)
    assert catalogue_text(copy) == catalogue_text(conn)
    copy.close()
    conn.close()


def test_a_selection_sheet_reads_back_to_the_exact_characters(
    charset: CharacterSet, catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """Without a uid no import takes (its form is refused): every other text, exactly."""
    conn, _ = catalogue
    selection_id = create_selection(conn, charset.info).id
    uids = [r.uid for r in charset.requirements if r.uid not in charset.not_importable]
    tick(conn, selection_id, uids)
    path = tmp_path / "udbud.xlsx"
    export_selection(conn, selection_id, check_target(conn, path, create_folder=False), "xlsx")
    report = import_sheet(conn, path, SheetChoices())
    assert isinstance(report, TransferReport)
    original = selection_content(conn, selection_id)
    copy = selection_content(conn, report.selection_id)
    assert copy.info == original.info
    assert copy.items == tuple(replace(item, why=()) for item in original.items)


def test_a_returned_answer_sheet_nobody_changed_is_not_flagged_as_changed(
    charset: CharacterSet, catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = catalogue
    path = tmp_path / "svarark.xlsx"
    export_selection(
        conn, selection_id, check_target(conn, path, create_folder=False), "answer-sheet"
    )
    returned = read_answer_sheet(path)
    titles = {row.uid: row.title for row in returned.rows}
    assert titles == {r.uid: r.title for r in charset.requirements}  # the characters themselves
    report = import_answers(conn, selection_id, "Firma", returned).report
    assert report.text_changed == ()


def test_escapes_that_make_a_text_too_long_for_a_cell_refuse_the_sheet(
    bidi_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """6,000 controls are 36,000 characters in a cell, past the 32,767 it holds."""
    conn, selection_id = bidi_catalogue
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


def test_the_toml_keeps_the_exact_characters(
    bidi_catalogue: tuple[sqlite3.Connection, int],
) -> None:
    conn, _ = bidi_catalogue
    text = catalogue_text(conn)
    assert f'title = "{BIDI_REQUIREMENTS[7].title}"' in text  # raw: TOML round-trips, it is data


# --- the evaluation report --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        pytest.param(
            ["Sammenligning", "Beta\u202e ApS\u202c", "\u2067Alfa\u2069"],
            ["Sammenligning", "Beta ApS", "Alfa"],
            id="bidi",
        ),
        pytest.param(  # and look-alikes told apart
            ["Sammenligning", "Alfa\u200b", "Alfa", "Beta\U000e0041 ApS"],
            ["Sammenligning", "Alfa", "Alfa (2)", "Beta ApS"],
            id="invisible",
        ),
    ],
)
def test_sheet_names_drop_them(names: list[str], expected: list[str]) -> None:
    assert sheet_names(names) == expected


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


# --- real clients -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason="LibreOffice and pdftotext")
def test_libreoffice_lays_the_docx_out_with_the_escapes_not_reversed_text(
    bidi_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    docx = _docx(*bidi_catalogue, tmp_path / "k.docx")
    text = "\n".join(pdf_pages(convert_with_libreoffice(docx, tmp_path), layout=False))
    assert "\\u202eStart midt\\u202ei slut\\u202e" in text
    assert "tratS" not in text and "tuls" not in text  # what an applied override shows
    assert "Udbud \\u202e2025\\u202c" in text
    # pdftotext marks a run of right-to-left letters it found with RLE ... PDF; nothing else.
    assert "\u202b" + HEBREW + "\u202c" in text
    assert not ANY_CONTROL.search(re.sub("\u202b[^\u202a-\u202e]*\u202c", "", text))


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason="LibreOffice and pdftotext")
def test_libreoffice_lays_the_docx_out_with_the_escapes_showing(
    invisible_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    import subprocess

    docx = _docx(*invisible_catalogue, tmp_path / "k.docx")
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


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_a_catalogue_sheet_saved_again_by_libreoffice_reads_back_exactly(
    bidi_catalogue: tuple[sqlite3.Connection, int], tmp_path: Path, kind: str
) -> None:
    conn, _ = bidi_catalogue
    path = tmp_path / "katalog.xlsx"
    export_catalogue(conn, path, "xlsx")
    copy = create_catalogue(tmp_path / "kopi.db")
    report = import_sheet(copy, convert(path, kind, tmp_path), SheetChoices())
    assert isinstance(report, SheetImportReport) and report.created == len(BIDI_REQUIREMENTS)
    assert catalogue_text(copy) == catalogue_text(conn)
    copy.close()
