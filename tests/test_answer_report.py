"""The evaluation report (issue 14, item 6): what it holds, as a DOCX and as an XLSX.

Golden files (tests/golden/answer_report/) hold the DOCX's document.xml as text (a paragraph a
line, a table row a line with its cells between bars) and every cell of the XLSX; update them
with KRAVTUI_UPDATE_GOLDEN=1 and read the difference first. Besides: the same data gives the
same bytes; a minimum requirement answered Nej is listed under its vendor, never left out;
hostile text from a vendor leaves no control character in the XML; memory does not grow with
the number of items; a cancel leaves the old file.
"""

from __future__ import annotations

import os
import re
import sqlite3
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook

from kravtui.answers.assessments import assess, choose_winner
from kravtui.answers.compare import load_comparison
from kravtui.answers.records import STATUS_ORDER, Choice
from kravtui.answers.report import evaluation_report
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import find_vendor, import_answers
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.interchange.answer_report_sheet import sheet_names, write_answer_report_sheet
from kravtui.interchange.docx import package
from kravtui.interchange.docx.answer_report import write_answer_report
from kravtui.interchange.docx.export import ExportCancelledError
from kravtui.interchange.export_target import export_target
from kravtui.interchange.sheet_writer import SheetCancelledError
from kravtui.interchange.xlsx_package import CELL_LIMIT
from kravtui.selection.items import tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from tests.answer_report_helpers import report_catalogue
from tests.answers_helpers import returned_file
from tests.catalogue_factory import make_catalogue

GOLDEN = Path(__file__).parent / "golden" / "answer_report"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
HOSTILE = 'Se \x1b[31mrødt\x1b[0m\x07 og \x85her\x00 <w:p/> & =HYPERLINK("x") \u202eevil\u202c'


@pytest.fixture
def answered(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn, selection_id = report_catalogue(tmp_path / "c.db")
    yield conn, selection_id
    conn.close()


def write_docx(
    conn: sqlite3.Connection, selection_id: int, path: Path, language: str = "da"
) -> Path:
    with evaluation_report(conn, selection_id) as report:
        write_answer_report(report, export_target(conn, path), language)
    return path


def write_xlsx(
    conn: sqlite3.Connection, selection_id: int, path: Path, language: str = "da"
) -> Path:
    with evaluation_report(conn, selection_id) as report:
        write_answer_report_sheet(report, export_target(conn, path), language)
    return path


def document_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml")


def _text(element: etree._Element) -> str:
    parts = []
    for node in element.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab", f"{{{W}}}p"):
        if node.tag == f"{{{W}}}t":
            parts.append(node.text or "")
        elif node.tag == f"{{{W}}}p" and parts:
            parts.append(" / ")  # a paragraph break inside a cell
        elif node.tag != f"{{{W}}}p":
            parts.append(" / " if node.tag.endswith("br") else "\t")
    return "".join(parts).strip(" /").replace("\u200b", "")


def docx_lines(path: Path) -> list[str]:
    """The body as text: a paragraph a line (its style's id first), a table row a line."""
    body = etree.fromstring(document_xml(path)).find(f"{{{W}}}body")
    lines = []
    for child in body:
        if child.tag == f"{{{W}}}p":
            style = child.find(f"{{{W}}}pPr/{{{W}}}pStyle")
            name = style.get(f"{{{W}}}val") if style is not None else ""
            lines.append(f"{name} | {_text(child)}".rstrip())
        elif child.tag == f"{{{W}}}tbl":
            for table_row in child.iter(f"{{{W}}}tr"):
                cells = [_text(cell) for cell in table_row.iter(f"{{{W}}}tc")]
                lines.append("  " + " | ".join(cells))
    return lines


def xlsx_lines(path: Path) -> list[str]:
    """Every sheet's cells as text, a row a line; the sheet's name, frozen pane and filter."""
    workbook = load_workbook(path)
    lines = []
    for sheet in workbook.worksheets:
        lines.append(f"[{sheet.title}] freeze={sheet.freeze_panes} filter={sheet.auto_filter.ref}")
        for row in sheet.iter_rows(values_only=True):
            lines.append("  " + " | ".join("" if v is None else str(v) for v in row))
    return lines


def check_golden(name: str, lines: list[str]) -> None:
    """Compare with tests/golden/answer_report/NAME; KRAVTUI_UPDATE_GOLDEN=1 rewrites it."""
    target = GOLDEN / name
    text = "\n".join(lines) + "\n"
    if os.environ.get("KRAVTUI_UPDATE_GOLDEN") == "1":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == text, f"{name} differs from the golden file"


# --- what the report holds --------------------------------------------------------------------


def test_the_report_counts_each_vendor_and_reads_the_items_in_document_order(
    answered: tuple[sqlite3.Connection, int],
) -> None:
    conn, selection_id = answered
    with evaluation_report(conn, selection_id) as report:
        assert [s.vendor.name for s in report.vendors] == ["Alfa A/S", "Beta ApS"]
        assert report.winner is not None and report.winner.name == "Alfa A/S"
        assert report.as_of == "2025-03-05T09:30:00Z"  # the latest verdict, not the clock
        assert report.vendors[1].fails_minimum == ("SIK-1",)
        assert report.failing(1) == (("SIK-1", "To-faktor-login", Choice.NO),)
        assert report.failing(0) == ()
        items = list(report.items())
        assert [item.uid for item in items] == ["SIK-1", "SIK-2", "FRI-001", "LOG-1", "ARK-1"]
        assert report.item_count == 5 and report.extra == (("ARK-1", "Arkiveringsversion"),)
        assert items[-1].importance is None  # answered, no longer in the selection
        assert [a.answer for a in items[2].answers] == [None, None]  # in no vendor's file
        beta_sik1 = items[0].answers[1]
        assert beta_sik1.fails_minimum and beta_sik1.comment == "Mindstekrav ikke opfyldt."
        assert items[3].answers[1].answer is not None
        assert items[3].answers[1].answer.unclear_choice == "Ja / Nej"
        only_beta = list(report.items(vendors=(1,), texts=True))
        assert [len(item.answers) for item in only_beta] == [1] * 5
        assert only_beta[0].description == "Administratorer logger ind med to faktorer."
    assert not conn.in_transaction


def test_the_reports_counts_are_the_besvarelser_screens(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """The report counts in a walk of its own (its memory does not grow with the items) and
    must count as the comparison the screen and `answers list` read: the small selection with
    its odd cases (unclear, not in the file, no longer selected, a price that is no number),
    and a larger one."""
    conn, selection_id = answered
    conn.execute(
        "UPDATE vendor_answer SET price = 'efter aftale', price_amount = NULL WHERE uid = 'SIK-2'"
    )
    large, large_id = grown(tmp_path / "large.db", 120, vendors=4)
    for number in range(4):
        vendor = find_vendor(large, f"Leverandør {number}")
        uids = [f"SIK-{n}" for n in range(1 + number, 121, 3)]
        assess(large, large_id, vendor, uids, STATUS_ORDER[1 + number], "Se bilag.")
    large.execute(
        "UPDATE vendor_answer SET price = 'inkl.', price_amount = NULL WHERE uid LIKE '%7'"
    )
    choose_winner(large, large_id, find_vendor(large, "Leverandør 2"))
    for db, chosen in ((conn, selection_id), (large, large_id)):
        with evaluation_report(db, chosen) as report:
            compared = load_comparison(db, chosen)
            assert list(report.vendors) == compared.summaries
            assert report.winner == compared.winner
            assert report.item_count == len(compared.items)
    large.close()


def test_the_docx_report_in_danish_is_the_golden_one(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    check_golden(
        "small-da.docx.txt", docx_lines(write_docx(conn, selection_id, tmp_path / "r.docx"))
    )


def test_the_docx_report_in_english_is_the_golden_one(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    path = write_docx(conn, selection_id, tmp_path / "r.docx", "en")
    check_golden("small-en.docx.txt", docx_lines(path))


def test_the_xlsx_report_is_the_golden_one_with_a_sheet_per_vendor(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    path = write_xlsx(conn, selection_id, tmp_path / "r.xlsx")
    lines = xlsx_lines(path)
    check_golden("small-da.xlsx.txt", lines)
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Sammenligning", "Alfa A-S", "Beta ApS"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}6"
    alfa = workbook["Alfa A-S"]
    assert alfa["F3"].alignment.wrap_text and alfa.column_dimensions["C"].width == 60


def test_a_vendor_failing_a_minimum_requirement_is_listed_under_it_and_in_the_answers(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    lines = docx_lines(write_docx(conn, selection_id, tmp_path / "r.docx"))
    alfa = lines.index("Heading2 | Alfa A/S (valgt leverandør)")
    beta = lines.index("Heading2 | Beta ApS")
    answers = lines.index("Heading1 | Svar pr. krav")
    assert "  Beta ApS | 3 / 4 | 1 | 2.000,50 | " in lines[:alfa]  # the overview
    none = "KravtuiLabel | Intet mindstekrav er besvaret Nej eller Ikke relevant."
    assert lines[alfa:beta].count(none) == 1
    assert lines[beta:answers][-4:] == [
        "KravtuiLabel | Mindstekrav besvaret Nej eller Ikke relevant: 1",
        "  Kravnummer | Navn | Svar",
        "  SIK-1 | To-faktor-login | ✗ Nej",
        "Normal | Sum af priser: 2.000,50 (med pris: 1)",
    ]
    sik1 = lines.index("Heading2 | SIK-1 To-faktor-login")
    assert lines[sik1 + 4].startswith("  Beta ApS | ✗ Nej / OPFYLDER IKKE dette mindstekrav | ")


def test_the_same_data_gives_the_same_bytes(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    for suffix, write in (("docx", write_docx), ("xlsx", write_xlsx)):
        first = write(conn, selection_id, tmp_path / f"a.{suffix}").read_bytes()
        second = write(conn, selection_id, tmp_path / f"b.{suffix}").read_bytes()
        assert first == second, suffix


def test_a_new_verdict_changes_the_report_and_its_date(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    before = write_docx(conn, selection_id, tmp_path / "a.docx").read_bytes()
    conn.execute("UPDATE answer_assessment SET at = '2025-04-01T08:00:00Z' WHERE uid = 'SIK-1'")
    lines = docx_lines(write_docx(conn, selection_id, tmp_path / "b.docx"))
    assert before != (tmp_path / "b.docx").read_bytes()
    assert "  Opgjort pr. | 1. april 2025" in lines


# --- hostile text -----------------------------------------------------------------------------


def _hostile(conn: sqlite3.Connection) -> None:
    """Text that broke the text rule, written to the catalogue past it (an older kravtui, a
    hand edit): the report must still be safe."""
    conn.execute(
        "UPDATE vendor_answer SET elaboration = ?, price = ? WHERE uid = 'SIK-2'",
        (HOSTILE, HOSTILE),
    )
    conn.execute("UPDATE answer_assessment SET comment = ?", (HOSTILE,))
    conn.execute("UPDATE vendor SET name = ? WHERE name = 'Beta ApS'", ("Beta\x07 [ApS]: */?",))
    conn.execute("UPDATE selection SET title = ?", ("Udbud\x1b]0;x\x07 <2025>",))


def test_hostile_text_leaves_no_control_character_in_the_docx(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    _hostile(conn)
    path = write_docx(conn, selection_id, tmp_path / "r.docx")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            assert not CONTROL.search(text), (name, CONTROL.findall(text))
            assert not BIDI.search(text), (name, BIDI.findall(text))
            if name.endswith(".xml"):
                etree.fromstring(archive.read(name))  # well-formed
    flat = "\n".join(docx_lines(path))
    # The bidi controls read as kravtui shows them, not as text reversed in Word.
    assert 'Se [31mrødt[0m og her <w:p/> & =HYPERLINK("x") \\u202eevil\\u202c' in flat
    assert "Beta [ApS]: */?" in flat


def test_hostile_text_in_the_xlsx_is_text_never_a_control_character_or_a_formula(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    _hostile(conn)
    conn.execute("UPDATE vendor_answer SET elaboration = '=1+2' WHERE uid = 'SIK-1'")
    path = write_xlsx(conn, selection_id, tmp_path / "r.xlsx")
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert not CONTROL.search(archive.read(name).decode("utf-8")), name
            assert not BIDI.search(archive.read(name).decode("utf-8")), name
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["Sammenligning", "Alfa A-S", "Beta (ApS) -"]
    beta = workbook["Beta (ApS) -"]
    shown = CONTROL.sub("", HOSTILE).replace("\u202e", "\\u202e").replace("\u202c", "\\u202c")
    assert beta["F3"].value == shown  # the rest is kept as it was
    assert beta["F2"].value == "=1+2" and beta["F2"].data_type == "s"


def test_a_text_longer_than_a_cell_is_cut_in_the_xlsx_with_a_note_and_whole_in_the_docx(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = answered
    long_text = "ord " * 10_000  # 40,000 characters
    conn.execute("UPDATE vendor_answer SET elaboration = ? WHERE uid = 'SIK-2'", (long_text,))
    alfa = load_workbook(write_xlsx(conn, selection_id, tmp_path / "r.xlsx"))["Alfa A-S"]
    cell = alfa["F3"].value
    assert len(cell) == CELL_LIMIT and cell.startswith("ord ord")
    assert cell.endswith("[afkortet: hele teksten er på 40000 tegn; se den i kravtui]")
    xml = document_xml(write_docx(conn, selection_id, tmp_path / "r.docx")).decode("utf-8")
    assert long_text.strip() in xml


def test_sheet_names_are_ones_a_spreadsheet_takes_and_differ() -> None:
    names = sheet_names(
        ["Sammenligning", "Alfa A/S", "sammenligning", "History", "'Q'", "x" * 40, "x" * 40, "?*"]
    )
    assert names == [
        "Sammenligning",
        "Alfa A-S",
        "sammenligning (2)",
        "History (2)",
        "Q",
        "x" * 31,
        "x" * 27 + " (2)",
        "_",
    ]
    assert all(len(name.encode("utf-16-le")) // 2 <= 31 for name in sheet_names(["😀" * 20]))


# --- no vendors, size, cancel -----------------------------------------------------------------


def test_a_selection_nobody_answered_gives_a_report_that_says_so(tmp_path: Path) -> None:
    from tests.answers_helpers import dialogue_catalogue

    conn, selection_id = dialogue_catalogue(tmp_path / "c.db")
    lines = docx_lines(write_docx(conn, selection_id, tmp_path / "r.docx"))
    assert lines.count("Normal | Ingen leverandør har besvaret kravspecifikationen endnu.") == 2
    workbook = load_workbook(write_xlsx(conn, selection_id, tmp_path / "r.xlsx"))
    assert workbook.sheetnames == ["Sammenligning"]
    assert [c.value for c in workbook["Sammenligning"][1]] == ["Kravnummer", "Navn", "Prioritet"]
    conn.close()


def grown(path: Path, size: int, vendors: int = 3) -> tuple[sqlite3.Connection, int]:
    """`size` requirements answered by `vendors` vendors, every third with an elaboration."""
    requirements = [
        RequirementContent(
            uid=f"SIK-{n}",
            title=f"Krav nummer {n}",
            category="SIK",
            importance=Importance.ABSOLUTE if n % 7 == 0 else Importance.NORMAL,
            description="Leverandøren skal sikre, at løsningen logger enhver adgang. " * 4,
        )
        for n in range(1, size + 1)
    ]
    conn = make_catalogue(path, requirements)
    selection = create_selection(conn, SelectionInfo(title="Stor"))
    tick(conn, selection.id, [r.uid for r in requirements])
    sent = sent_selection(conn, selection.id)
    words = ("Ja", "Nej", "Ja, delvist", "Ja, som tilkøb")
    for number in range(vendors):
        answers = {
            item.uid: (
                words[(index + number) % 4],
                "Løsningen kan det i standardopsætningen, " * 5 if index % 3 == 0 else "",
                "1.000 kr." if (index + number) % 4 == 3 else "",
            )
            for index, item in enumerate(sent.items)
        }
        returned = returned_file(sent, answers, name=f"v{number}.xlsx")
        import_answers(conn, selection.id, f"Leverandør {number}", returned)
    return conn, selection.id


def _peak(conn: sqlite3.Connection, selection_id: int, path: Path, write: object) -> int:
    tracemalloc.start()
    try:
        write(conn, selection_id, path)  # type: ignore[operator]
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_memory_does_not_grow_with_the_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """Four times the items, about the same peak: the writers hold one item, not the report
    (holding it would cost some 2 KB of XML per item and vendor, 3.6 MB more here)."""
    monkeypatch.setattr(package, "STREAM_LEVEL_AFTER", 200_000)
    monkeypatch.setattr(package, "ENCODE_BATCH", 50_000)
    write = write_docx if suffix == "docx" else write_xlsx
    small, small_id = grown(tmp_path / "small.db", 200)
    large, large_id = grown(tmp_path / "large.db", 800)
    _peak(small, small_id, tmp_path / f"warm.{suffix}", write)
    small_peak = _peak(small, small_id, tmp_path / f"small.{suffix}", write)
    large_peak = _peak(large, large_id, tmp_path / f"large.{suffix}", write)
    assert large_peak - small_peak < 1_000_000, (small_peak, large_peak)
    small.close()
    large.close()


@pytest.mark.parametrize("suffix", ["docx", "xlsx"])
def test_a_cancel_midway_leaves_the_old_file_and_no_other(tmp_path: Path, suffix: str) -> None:
    conn, selection_id = grown(tmp_path / "c.db", 1200, vendors=1)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / f"rapport.{suffix}"
    path.write_bytes(b"last week's report")
    seen: list[int] = []
    with evaluation_report(conn, selection_id) as report:
        target = export_target(conn, path)
        expected = ExportCancelledError if suffix == "docx" else SheetCancelledError
        with pytest.raises(expected):
            writer = write_answer_report if suffix == "docx" else write_answer_report_sheet
            writer(
                report,
                target,
                "da",
                progress=lambda done, total: seen.append(done),
                cancelled=lambda: len(seen) >= 2,
            )
    assert path.read_bytes() == b"last week's report"
    assert os.listdir(folder) == [path.name]
    assert not conn.in_transaction
    conn.close()


def test_the_docx_report_opens_in_python_docx(
    answered: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    """python-docx (as a vendor's tooling would) reads the package: styles, tables, properties."""
    import docx

    conn, selection_id = answered
    document = docx.Document(str(write_docx(conn, selection_id, tmp_path / "r.docx")))
    assert document.core_properties.title == "Evalueringsrapport: Nyt ESDH"
    assert document.core_properties.language == "da-DK"
    # the facts, the overview, each vendor's counts, Beta's failed minimum, one per item
    assert len(document.tables) == 1 + 1 + 2 + 1 + 5
