"""The DOCX requirement specification read back with python-docx: golden outlines and content."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from test_docx_support import NOTE, check_golden, outline, sample_selection, small_selection

from kravtui.i18n import t
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.interchange.docx.model import ExportOptions, build_document
from kravtui.selection.items import list_items
from kravtui.selection.records import SNAPSHOT_FIELDS


def _export(tmp_path: Path, *, options: ExportOptions | None = None, **kwargs: object) -> Path:
    conn, selection_id = small_selection(tmp_path / "c.db", **kwargs)  # type: ignore[arg-type]
    target = tmp_path / "out.docx"
    export_selection_docx(conn, selection_id, target, options)
    conn.close()
    return target


def test_golden_outline_danish_with_priorities(tmp_path: Path) -> None:
    check_golden("small_da.txt", outline(_export(tmp_path)))


def test_golden_outline_english_without_priorities_or_answer_fields(tmp_path: Path) -> None:
    path = _export(
        tmp_path,
        language="en",
        priority=False,
        options=ExportOptions(answer_fields=False, rationale=False),
    )
    check_golden("small_en_plain.txt", outline(path))


def test_headings_are_numbered_in_catalogue_order_and_match_the_summary(tmp_path: Path) -> None:
    lines = outline(_export(tmp_path))
    chapters = [line for line in lines if re.match(r"Heading 1 \d", line)]
    assert chapters == ["Heading 1 1 | Sikkerhed", "Heading 1 2 | Logning"]
    sections = [line for line in lines if re.match(r"Heading 2 \d", line)]
    assert sections == [
        "Heading 2 1.1 | Generelt",
        "Heading 2 1.2 | Adgang",
        "Heading 2 1.3 | Kryptering",
        "Heading 2 2.1 | Generelt",
    ]
    blocks = {
        m.group(2): m.group(1)
        for line in lines
        if (m := re.match(r"Heading 3 ([\d.]+) \| (\S+) ", line))
    }
    assert list(blocks) == ["SIK-003", "SIK-001", "SIK-002", "SIK-010", "FRI-001", "LOG-001"]
    summary = {
        cells[1]: cells[0]
        for line in lines
        if line.startswith("  ")
        and len(cells := line.strip().split(" | ")) == 4
        and re.fullmatch(r"\d+\.\d+\.\d+", cells[0])
    }
    assert summary == blocks


def test_every_sample_item_appears_with_its_fields(tmp_path: Path) -> None:
    conn, selection_id = sample_selection(tmp_path / "c.db")
    items = list_items(conn, selection_id)
    document = build_document(conn, selection_id)
    export_selection_docx(conn, selection_id, tmp_path / "s.docx")
    read = docx.Document(str(tmp_path / "s.docx"))
    headings = [
        p.text for p in read.paragraphs if p.style is not None and p.style.name == "Heading 3"
    ]
    body = "\n".join(p.text for p in read.paragraphs)
    assert len(items) > 40
    assert headings == [f"{item.uid} {item.snapshot.title}" for item in items]
    assert [b.uid for b in document.requirements()] == [item.uid for item in items]
    for item in items:
        for text in (item.snapshot.description, item.snapshot.rationale, item.snapshot.help_text):
            assert text.strip() in body
    priority_lines = [p.text for p in read.paragraphs if p.text.startswith("Prioritet: ")]
    assert priority_lines == [
        f"Prioritet: {t(item.snapshot.importance.label_key, 'da')}" for item in items
    ]
    answer_tables = [tb for tb in read.tables if tb.rows[0].cells[0].text == "Svar"]
    assert len(answer_tables) == len(items)
    choices = answer_tables[0].rows[0].cells[1].text
    for label in ("Ja", "Ja, som tilkøb", "Ja, delvist", "Nej", "Ikke relevant"):
        assert label in choices
    assert [r.cells[0].text for r in answer_tables[0].rows] == [
        "Svar",
        "Uddybning",
        "Pris (kr. ekskl. moms)",
    ]
    conn.close()


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("da", ["Mindstekrav", "Vigtigt krav", "Krav", "Option"]),
        ("en", ["Minimum", "Important", "Normal", "Optional"]),
    ],
)
def test_reading_guide_has_the_priority_legend(
    tmp_path: Path, language: str, labels: list[str]
) -> None:
    read = docx.Document(str(_export(tmp_path, language=language)))
    legend = next(
        tb for tb in read.tables if tb.rows[0].cells[0].text == t("docx.priority", language)
    )
    assert [row.cells[0].text for row in legend.rows[1:]] == labels
    for row, level in zip(legend.rows[1:], ("absolute", "high", "normal", "optional"), strict=True):
        assert row.cells[1].text == t(f"docx.priority.{level}.meaning", language)


def test_priorities_are_absent_when_the_selection_has_them_off(tmp_path: Path) -> None:
    path = _export(tmp_path, language="en", priority=False)
    read = docx.Document(str(path))
    text = "\n".join(p.text for p in read.paragraphs)
    cells = "\n".join(c.text for tb in read.tables for row in tb.rows for c in row.cells)
    for label in ("Minimum", "Important", "Optional", "Priority:"):
        assert label not in text and label not in cells
    assert t("docx.priorities.off", "en") in text
    summary = read.tables[-1]
    assert [c.text for c in summary.rows[0].cells] == ["No.", "Req. ID", "Title"]


def test_editor_notes_never_reach_the_document(tmp_path: Path) -> None:
    assert "notes" not in SNAPSHOT_FIELDS  # a selection never copies them
    path = _export(tmp_path)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            assert NOTE not in archive.read(name).decode("utf-8", "replace"), name


def test_optional_parts_can_be_left_out(tmp_path: Path) -> None:
    options = ExportOptions(answer_fields=False, rationale=False, interpretation=False)
    read = docx.Document(str(_export(tmp_path, options=options)))
    text = "\n".join(p.text for p in read.paragraphs)
    assert "Begrundelse for SIK-001." not in text
    assert "Fortolkning af SIK-001." not in text
    assert "Leverandøren skal opfylde SIK-001." in text
    assert not [tb for tb in read.tables if tb.rows[0].cells[0].text == "Svar"]
    assert t("docx.answering.no_fields", "da") in text


def test_title_page_toc_header_and_footer(tmp_path: Path) -> None:
    path = _export(tmp_path, language="en")
    read = docx.Document(str(path))
    first = [p.text for p in read.paragraphs[:3]]
    assert first[:2] == ["Requirement specification", "Testudbud"]
    facts = [[c.text for c in row.cells] for row in read.tables[0].rows]
    assert facts == [
        ["Organisation", "Testkommune"],
        ["Contact", "Ida Indkøber"],
        ["Response deadline", "15 September 2025"],
        ["Date", "3 February 2025"],
        ["Status", "Draft"],  # no revision counter: it means nothing to a vendor
    ]
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode()
        settings = archive.read("word/settings.xml").decode()
        footer = archive.read("word/footer1.xml").decode()
        header = archive.read("word/header1.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    # Contents entries carry PAGEREF fields that LibreOffice lays out; nothing makes Word ask
    # "update the fields?" on opening (no updateFields, no dirty field, no TOC field to refresh).
    anchors = re.findall(r'w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', document)
    assert len(anchors) == 11
    assert [f"PAGEREF {anchor} \\h" in document for anchor in anchors] == [True] * 11
    assert "updateFields" not in settings and "w:dirty" not in document
    assert " TOC " not in document
    assert ">Page <" in footer and "> of <" in footer and "NUMPAGES" in footer
    assert "TITLE" in header and ">Testudbud<" in header
    assert "2025-01-02T03:04:05Z" in core and "2025-02-03T04:05:06Z" in core
    toc = [p.text for p in read.paragraphs if p.style is not None and p.style.name == "toc 1"]
    assert toc == [  # each ends in the tab before its page number
        "Reading guide\t",
        "1\tSikkerhed\t",
        "2\tLogning\t",
        "Appendix A. Selection criteria\t",
        "Appendix B. Summary of requirements\t",
    ]


def test_appendix_lists_domains_and_questionnaire_answers(tmp_path: Path) -> None:
    read = docx.Document(str(_export(tmp_path)))
    criteria = next(tb for tb in read.tables if tb.rows[0].cells[0].text == "Emne")
    assert [[c.text for c in row.cells] for row in criteria.rows[1:]] == [
        ["Persondata", "Behandler systemet personoplysninger?", "Ja"],
        ["Cloud", "Cloud?", "Nej"],
    ]
    text = [p.text for p in read.paragraphs]
    assert text[text.index("Domæner") + 1] == "Økonomi"
