"""A returned DOCX read back trusting nothing: macros, damaged zips, zip bombs, document types,
foreign documents, changed properties and control characters are refused in one line with
nothing stored; a document filled in as Word leaves it, and as other clients leave it (tags gone,
check boxes as characters), imports its answers, two ticked boxes as ambiguous and a changed
requirement text flagged; and the same answers come back through LibreOffice's DOCX and ODT."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx_fill import (
    DocxAnswers,
    boxes_as_text,
    edit_main,
    fill_docx,
    part,
    repack,
    strip_tags,
)
from test_docx_support import libreoffice, small_selection

from kravtui.answers.errors import AnswersError
from kravtui.answers.judge import Ambiguous, ImportReport
from kravtui.answers.records import Choice, SourceKind, VendorAnswer
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import answers_of_set, import_answers
from kravtui.application.answers import import_answer_file
from kravtui.cli import main
from kravtui.interchange.answer_sheet import answer_sheet_bytes
from kravtui.interchange.docx import answers_read
from kravtui.interchange.docx.answers_read import read_answer_document
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.interchange.docx.model import ExportOptions
from kravtui.interchange.errors import InterchangeError
from kravtui.selection.items import edit_item, get_item
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from tests.answers_helpers import UIDS, dialogue_catalogue

CUSTOM = "docProps/custom.xml"
ANSWERS: DocxAnswers = {
    "SIK-1": ((Choice.YES,), "", ""),
    "SIK-2": ((Choice.YES_PARTIAL,), "TLS 1.3.\nIkke i arkivet\u202e endnu.", ""),
    "LOG-1": ((Choice.YES_ADDON,), "", "12.500 kr."),
    "ARK-1": ((Choice.NOT_RELEVANT,), "Vi arkiverer ikke.", ""),
}


@pytest.fixture
def dialogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn, selection_id = dialogue_catalogue(tmp_path / "c.db")
    yield conn, selection_id
    conn.close()


@pytest.fixture
def exported(dialogue: tuple[sqlite3.Connection, int], tmp_path: Path) -> Path:
    path = tmp_path / "kravspecifikation.docx"
    export_selection_docx(*dialogue, path)
    return path


@pytest.fixture
def filled(exported: Path, tmp_path: Path) -> Path:
    return fill_docx(exported, tmp_path / "besvaret.docx", ANSWERS)


def refused(path: Path, text: str) -> None:
    with pytest.raises(InterchangeError) as raised:
        read_answer_document(path)
    message = str(raised.value)
    assert text in message and "\n" not in message, message


def stored_sets(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM answer_set").fetchone()[0])


def with_part(source: Path, target: Path, name: str, content: bytes | None) -> Path:
    target.write_bytes(repack(source.read_bytes(), {name: content}))
    return target


# --- refused in one line, nothing stored ------------------------------------------------------


def test_a_macro_enabled_document_is_refused(filled: Path, tmp_path: Path) -> None:
    docm = tmp_path / "svar.docm"
    shutil.copy(filled, docm)
    refused(docm, "holds macros")
    inside = with_part(filled, tmp_path / "inside.docx", "word/vbaProject.bin", b"\xd0\xcf\x11")
    refused(inside, "holds macros")
    types = part(filled, "[Content_Types].xml").replace(
        b"document.main+xml", b"document.macroEnabled.main+xml"
    )
    refused(with_part(filled, tmp_path / "typed.docx", "[Content_Types].xml", types), "macros")


def test_a_damaged_zip_and_files_that_are_no_word_document_are_refused(
    dialogue: tuple[sqlite3.Connection, int], filled: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(filled.read_bytes()[:3000])
    refused(damaged, "not an XLSX or DOCX file, or a damaged one")
    text = tmp_path / "notes.docx"
    text.write_text("SIK-1: Ja\n")
    refused(text, "not an XLSX or DOCX file")
    sheet = tmp_path / "sheet.docx"
    sheet.write_bytes(answer_sheet_bytes(sent_selection(*dialogue)))
    refused(sheet, "not a Word document")
    broken = with_part(filled, tmp_path / "broken.docx", "word/document.xml", b"<w:document")
    refused(broken, "damaged")
    no_main = with_part(filled, tmp_path / "nomain.docx", "word/document.xml", None)
    refused(no_main, "not a Word document")


def test_a_zip_bomb_is_refused_by_its_declared_sizes(filled: Path, tmp_path: Path) -> None:
    zeros = bytes(answers_read.PART_LIMIT + 1)
    bomb = with_part(filled, tmp_path / "bomb.docx", "word/media/zeros.bin", zeros)
    assert bomb.stat().st_size < 1024 * 1024
    refused(bomb, "expands to more than 256 MB")
    properties = part(filled, CUSTOM).replace(
        b"</Properties>", b" " * (64 << 20) + b"</Properties>"
    )
    refused(with_part(filled, tmp_path / "big.docx", CUSTOM, properties), "more than 64 MB")
    data = bytearray(filled.read_bytes())
    directory = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 0xFFFFFFF0)  # the directory says 4 GB
    liar = tmp_path / "liar.docx"
    liar.write_bytes(bytes(data))
    with pytest.raises(InterchangeError):
        read_answer_document(liar)


@pytest.mark.parametrize("padding", [0, 70_000], ids=["at-the-start", "behind-a-long-prologue"])
def test_a_document_type_or_an_entity_in_any_part_is_refused(
    filled: Path, tmp_path: Path, padding: int
) -> None:
    """No entity is expanded and no file or address is read, however deep the declaration."""
    prologue = "<!--" + "x" * padding + "-->" if padding else ""
    declaration = (
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
        '<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    for name in ("word/document.xml", CUSTOM, "word/styles.xml"):
        xml = part(filled, name).decode("utf-8")
        head, _, body = xml.partition("?>")
        hostile = f"{head}?>{prologue}{declaration}{body}".replace("Ja, som", "&xxe;&lol2;", 1)
        path = with_part(filled, tmp_path / "entity.docx", name, hostile.encode())
        refused(path, "declares a document type")


def test_a_word_document_that_is_no_answer_document_is_refused(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    own = tmp_path / "own.docx"
    document = docx.Document()
    document.add_heading("SIK-1 To-faktor-login", level=3)
    document.add_paragraph("\u2612 Ja")
    document.save(str(own))
    refused(own, "not a kravtui answer document")
    plain = tmp_path / "plain.docx"
    export_selection_docx(*dialogue, plain, ExportOptions(answer_fields=False))
    refused(plain, "not a kravtui answer document")


@pytest.mark.parametrize(
    ("old", "new", "text"),
    [
        (">kravtui-answers-docx/1<", ">kravtui-answers-docx/7<", "of a newer kravtui"),
        (">kravtui-answers-docx/1<", ">something else<", "not a kravtui answer document"),
        ('name="kravtui.selection"><vt:lpwstr>', 'name="kravtui.selection"><vt:lpwstr>x', "not a"),
        ('name="kravtui.items"><vt:lpwstr>4', 'name="kravtui.items"><vt:lpwstr>5', "not a"),
        ('name="kravtui.item.000002"><vt:lpwstr>SIK-2 ', 'name="kravtui.item.000002">'
         '<vt:lpwstr>SIK-2 nohash ', "not a kravtui answer document"),
        ('name="kravtui.item.000002"><vt:lpwstr>SIK-2 ', 'name="kravtui.item.000002">'
         '<vt:lpwstr>SIK-1 ', "not a kravtui answer document"),  # two items of one uid
        ('name="kravtui.created"><vt:lpwstr>', 'name="kravtui.created"><vt:lpwstr>\x9b', "U+009B"),
    ],
)  # fmt: skip
def test_changed_kravtui_properties_are_refused(
    filled: Path, tmp_path: Path, old: str, new: str, text: str
) -> None:
    xml = part(filled, CUSTOM).decode("utf-8")
    assert old in xml
    path = with_part(filled, tmp_path / "changed.docx", CUSTOM, xml.replace(old, new).encode())
    refused(path, text)


def test_without_its_properties_a_document_is_no_answer_document(
    filled: Path, tmp_path: Path
) -> None:
    refused(with_part(filled, tmp_path / "bare.docx", CUSTOM, None), "not a kravtui answer")


@pytest.mark.parametrize(("typed", "code"), [("Se bilag \x9b2J", "U+009B"), ("slet\x7f", "U+007F")])
def test_control_characters_in_an_answer_refuse_the_file_naming_the_requirement(
    dialogue: tuple[sqlite3.Connection, int], exported: Path, tmp_path: Path, typed: str, code: str
) -> None:
    conn, selection_id = dialogue
    answers = dict(ANSWERS, **{"SIK-2": ((Choice.YES_PARTIAL,), typed, "")})
    path = fill_docx(exported, tmp_path / "hostile.docx", answers)
    refused(path, f"hostile.docx:SIK-2: Elaboration: the character {code}")
    with pytest.raises(InterchangeError):
        import_answer_file(conn, selection_id, "Firma", path)
    assert stored_sets(conn) == 0


def test_special_files_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    refused(fifo, "not a regular file")
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    refused(folder, "folder")


def test_far_more_answer_tables_than_were_sent_are_refused(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(answers_read, "EXTRA_TABLES", 1)
    xml = part(filled, "word/document.xml").decode("utf-8")
    start = xml.rindex("<w:tbl>", 0, xml.index("kravtui/SIK-1/"))
    table = xml[start : xml.index("</w:tbl>", start) + len("</w:tbl>")]
    copies = "".join(table.replace("SIK-1", f"EXTRA-{n}") for n in range(2))
    path = with_part(
        filled,
        tmp_path / "long.docx",
        "word/document.xml",
        xml.replace("</w:body>", copies + "</w:body>").encode(),
    )
    refused(path, "more than 5 answer tables")


# --- what a vendor sends ----------------------------------------------------------------------


def test_a_document_filled_in_as_word_does_imports_its_answers(
    dialogue: tuple[sqlite3.Connection, int], filled: Path
) -> None:
    conn, selection_id = dialogue
    returned = read_answer_document(filled)
    assert (returned.kind, returned.source_name) == (SourceKind.DOCX, "besvaret.docx")
    assert [record.uid for record in returned.sent] == list(UIDS)
    result = import_answers(conn, selection_id, "Firma A/S", returned)
    assert result.report.complete, result.report
    stored = answers_of_set(conn, result.answer_set.id)
    assert [stored[uid].choice for uid in UIDS] == [
        Choice.YES,
        Choice.YES_PARTIAL,
        Choice.YES_ADDON,
        Choice.NOT_RELEVANT,
    ]
    assert stored["SIK-2"].elaboration == "TLS 1.3.\nIkke i arkivet\u202e endnu."
    assert (stored["LOG-1"].price, stored["LOG-1"].price_amount) == ("12.500 kr.", 1_250_000)
    assert result.answer_set.source_kind is SourceKind.DOCX


def test_gaps_and_two_ticked_boxes_are_reported(
    dialogue: tuple[sqlite3.Connection, int], exported: Path, tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    answers: DocxAnswers = {
        "SIK-1": ((Choice.YES, Choice.NO), "", ""),  # two boxes ticked
        "SIK-2": ((Choice.YES,), "", ""),  # an info requirement without an elaboration
        "LOG-1": ((Choice.YES_ADDON,), "", ""),  # no price
    }  # ARK-1 unanswered
    path = fill_docx(exported, tmp_path / "huller.docx", answers)
    report = import_answers(conn, selection_id, "Firma", read_answer_document(path)).report
    assert (report.answered, report.sent) == (2, 4)
    assert report.ambiguous == (Ambiguous("SIK-1", "Ja + Nej"),)
    assert report.unanswered == ("ARK-1",)
    assert report.missing_elaboration == ("SIK-2",)
    assert report.missing_price == ("LOG-1",)


def _stored(
    conn: sqlite3.Connection, selection_id: int, vendor: str, path: Path
) -> tuple[ImportReport, dict[str, VendorAnswer]]:
    result = import_answers(conn, selection_id, vendor, read_answer_document(path))
    return replace(result.report, source_name=""), answers_of_set(conn, result.answer_set.id)


def test_without_tags_each_table_is_read_by_its_place_under_its_heading(
    dialogue: tuple[sqlite3.Connection, int], filled: Path, tmp_path: Path
) -> None:
    """As LibreOffice 7.4 leaves a document: the controls kept, their tags and aliases not; and
    as a client without content controls leaves it: the boxes as ☐ and ☒ alone."""
    conn, selection_id = dialogue
    untagged = strip_tags(filled, tmp_path / "untagged.docx")
    assert b"kravtui/" not in part(untagged, "word/document.xml")
    characters = boxes_as_text(untagged, tmp_path / "characters.docx")
    assert b"w14:checkbox" not in part(characters, "word/document.xml")
    direct = _stored(conn, selection_id, "Word", filled)
    assert _stored(conn, selection_id, "Uden mærker", untagged) == direct
    assert _stored(conn, selection_id, "Tegn", characters) == direct


def test_requirement_text_the_vendor_changed_is_flagged_never_taken(
    dialogue: tuple[sqlite3.Connection, int], filled: Path, tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    path = edit_main(filled, tmp_path / "a.docx", "med to faktorer.", "med én faktor.")
    path = edit_main(path, tmp_path / "b.docx", ">Vigtigt krav<", ">Option<")  # SIK-2's priority
    path = edit_main(path, tmp_path / "c.docx", "Logning af opslag", "Logning af nogle opslag")
    report = import_answers(conn, selection_id, "Firma", read_answer_document(path)).report
    assert report.text_changed == ("SIK-1", "SIK-2", "LOG-1")
    assert get_item(conn, selection_id, "SIK-1").snapshot.description.endswith("to faktorer.")
    untagged = strip_tags(path, tmp_path / "untagged.docx")
    again = import_answers(conn, selection_id, "Firma", read_answer_document(untagged)).report
    assert again.text_changed == ("SIK-1", "SIK-2", "LOG-1")


def test_a_table_whose_heading_is_gone_counts_as_changed(
    dialogue: tuple[sqlite3.Connection, int], filled: Path, tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    path = edit_main(filled, tmp_path / "a.docx", ">ARK-1 Arkiveringsversion<", "><")
    report = import_answers(conn, selection_id, "Firma", read_answer_document(path)).report
    assert report.text_changed == ("ARK-1",) and report.answered == 4


def test_a_text_whose_exact_form_cannot_be_read_back_is_not_taken_for_changed(
    tmp_path: Path,
) -> None:
    """Paragraphs, line breaks and the break marks in long words are what the document shows."""
    conn, selection_id = small_selection(tmp_path / "c.db")
    item = get_item(conn, selection_id, "LOG-001")
    url = "https://example.invalid/" + "a" * 90 + "?x=1&y=2"
    text = f"Første afsnit.\n\n\n  Andet afsnit\nmed linjeskift og {url} \n"
    edit_item(conn, selection_id, "LOG-001", replace(item.snapshot, description=text))
    path = tmp_path / "spec.docx"
    export_selection_docx(conn, selection_id, path)
    assert "\u200b".encode() in part(path, "word/document.xml")
    report = import_answers(conn, selection_id, "Firma", read_answer_document(path)).report
    assert report.text_changed == () and report.unanswered
    conn.close()


def test_a_document_of_another_selection_is_refused_whole(
    dialogue: tuple[sqlite3.Connection, int], filled: Path
) -> None:
    conn, _ = dialogue
    other = create_selection(conn, SelectionInfo(title="Andet udbud"))
    with pytest.raises(AnswersError, match="answers another selection, not 'Andet udbud'"):
        import_answer_file(conn, other.id, "Firma", filled)
    assert stored_sets(conn) == 0


def test_answers_to_an_older_version_say_what_changed_since(
    dialogue: tuple[sqlite3.Connection, int], filled: Path
) -> None:
    conn, selection_id = dialogue
    item = get_item(conn, selection_id, "LOG-1")
    edit_item(conn, selection_id, "LOG-1", replace(item.snapshot, description="Alle opslag."))
    report = import_answer_file(conn, selection_id, "Firma", filled).report
    assert report.selection_changed and report.changed_since_sent == ("LOG-1",)
    assert report.text_changed == ()  # the vendor changed nothing; the officer did


def test_the_command_imports_a_document_and_prints_no_vendor_text_raw(
    dialogue: tuple[sqlite3.Connection, int], filled: Path, tmp_path: Path
) -> None:
    conn, _ = dialogue
    db = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    runner = CliRunner()
    base = ["--lang", "en", "--db", str(db), "answers"]
    result = runner.invoke(main, [*base, "import", "Nyt ESDH", "Firma", str(filled)])
    assert result.exit_code == 0, result.output
    assert "Imported besvaret.docx for Firma: answered 4 of 4" in result.output
    shown = runner.invoke(main, [*base, "show", "Nyt ESDH", "Firma", "SIK-2"])
    assert shown.exit_code == 0, shown.output
    assert "\\u202e" in shown.output and "\u202e" not in shown.output


# --- real clients -----------------------------------------------------------------------------


def _convert(source: Path, kind: str, folder: Path) -> Path:
    """`source` opened and saved as `kind` by LibreOffice, in `folder`."""
    profile = (folder.parent / "lo-profile").as_uri()
    subprocess.run(
        [
            str(libreoffice()), f"-env:UserInstallation={profile}", "--headless",
            "--convert-to", kind, "--outdir", str(folder), str(source),
        ],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    converted = folder / f"{source.stem}.{kind}"
    assert converted.is_file(), f"LibreOffice made no {kind}"
    return converted


@pytest.mark.slow
@pytest.mark.xdist_group("libreoffice")
@pytest.mark.skipif(libreoffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_through_docx_and_through_odt_imports_the_same_answers(
    tmp_path: Path,
) -> None:
    """The small selection (paragraphs, a free-text requirement, priorities) filled in, then
    saved again by LibreOffice as DOCX, and as ODT and back."""
    conn, selection_id = small_selection(tmp_path / "c.db")
    exported = tmp_path / "spec.docx"
    export_selection_docx(conn, selection_id, exported)
    answers: DocxAnswers = {
        "SIK-003": ((Choice.YES,), "", ""),
        "SIK-001": ((Choice.YES_PARTIAL,), "Roller i to niveauer.\nIkke for gæster.", ""),
        "SIK-002": ((Choice.YES, Choice.NO), "", ""),
        "SIK-010": ((Choice.YES_ADDON,), "", "1.250,50 kr."),
        "FRI-001": ((Choice.NOT_RELEVANT,), "Se \u202ebilag\u202c 3.", ""),
    }  # LOG-001 unanswered
    filled = fill_docx(exported, tmp_path / "besvaret.docx", answers)
    through_docx = _convert(filled, "docx", tmp_path / "docx")
    odt = _convert(filled, "odt", tmp_path / "odt")
    through_odt = _convert(odt, "docx", tmp_path / "odt-docx")
    direct = _stored(conn, selection_id, "Direkte", filled)
    report, stored = direct
    assert report.answered == 4 and report.text_changed == ()
    assert report.ambiguous == (Ambiguous("SIK-002", "Ja + Nej"),)
    assert report.unanswered == ("LOG-001",)
    assert stored["SIK-010"].price_amount == 125_050
    assert stored["SIK-001"].elaboration == "Roller i to niveauer.\nIkke for gæster."
    for vendor, path in (("DOCX", through_docx), ("ODT", through_odt)):
        assert path.read_bytes() != filled.read_bytes()
        assert _stored(conn, selection_id, vendor, path) == direct, vendor
    conn.close()
