"""The requirement specification as LibreOffice lays it out: contents pages, number gaps, columns.

A selection wide enough to reach chapter 12, section 12.12 and requirement 12.12.12 (one with
the uid SIK-1000) is exported to DOCX, turned into a PDF by LibreOffice, and read back with
`pdftotext -layout`, which keeps each line's words where they sit on the page. This is what a
first-time officer saw: contents without page numbers, "10.1.1SLA-001" and "Kravnum / mer".
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from test_docx_support import (
    NEEDS_LIBREOFFICE,
    convert_with_libreoffice,
    fix_timestamps,
    has_libreoffice_and_pdftotext,
    pdf_pages,
)

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.records import Category, Classifications, Domain, RequirementContent
from kravtui.catalogue.requirements import write_contents
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.selection.items import tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection

pytestmark = [
    pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason=NEEDS_LIBREOFFICE),
    pytest.mark.xdist_group("docx-layout"),  # one worker converts with LibreOffice once
]

SUBJECTS = tuple(f"Emne {n}" for n in range(1, 13))


def _content(uid: str, title: str, subcategory: str = "") -> RequirementContent:
    return RequirementContent(uid=uid, title=title).with_changes(
        category=uid.partition("-")[0],
        subcategory=subcategory,
        description=f"Leverandøren skal opfylde {uid}.",
    )


def wide_selection(path: Path) -> tuple[sqlite3.Connection, int]:
    """Chapters 1-11 with one requirement each; chapter 12 with sections 12.1-12.12, the last
    holding 12 requirements (12.12.12 is SIK-1000)."""
    categories = [Category(f"K{n:02d}", f"Kapitel {n}") for n in range(1, 12)]
    categories.append(Category("SIK", "Sikkerhed", "", SUBJECTS))
    requirements = [_content(f"K{n:02d}-001", f"Krav i kapitel {n}") for n in range(1, 12)]
    requirements += [
        _content(f"SIK-{n:03d}", f"Sikkerhed {n}", SUBJECTS[n - 1]) for n in range(1, 12)
    ]
    last = [f"SIK-{n:03d}" for n in range(12, 23)] + ["SIK-1000"]
    requirements += [_content(uid, f"Sidste emne {uid}", SUBJECTS[-1]) for uid in last]
    conn = create_catalogue(path)
    with transaction(conn):
        merge_classifications(
            conn, Classifications(categories=tuple(categories), domains=(Domain("Økonomi"),))
        )
        write_contents(conn, requirements, author="test")
    selection = create_selection(
        conn, SelectionInfo(title="Bredt udbud", domains=("Økonomi",), language="da")
    )
    tick(conn, selection.id, [r.uid for r in requirements])
    fix_timestamps(conn, selection.id)
    return conn, selection.id


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The wide selection's DOCX as LibreOffice prints it, one text per page."""
    folder = tmp_path_factory.mktemp("layout")
    conn, selection_id = wide_selection(folder / "c.db")
    export_selection_docx(conn, selection_id, folder / "wide.docx")
    conn.close()
    return pdf_pages(convert_with_libreoffice(folder / "wide.docx", folder))


# "1.2  Title......7" and "Læsevejledning......4" as pdftotext -layout shows contents lines.
CONTENTS_LINE = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s+)?(\S.*?)\s*\.{4,}\s*(\d+)\s*$")


def test_contents_lines_end_in_the_pages_their_headings_are_on(pages: list[str]) -> None:
    entries = [
        (page_index, match.groups())
        for page_index, page in enumerate(pages)
        for line in page.splitlines()
        if (match := CONTENTS_LINE.match(line))
    ]
    # 3 reading-guide headings, 12 chapters, 11 + 12 sections, 2 appendices.
    assert len(entries) == 3 + 12 + 23 + 2, [line for _, line in entries]
    after_contents = max(page_index for page_index, _ in entries) + 1
    wrong = []
    for _, (number, title, shown) in entries:
        heading = re.compile(rf"^\s*{re.escape(number or '')}\s*{re.escape(title)}\s*$")
        found = next(
            index + 1
            for index in range(after_contents, len(pages))
            if any(heading.match(line) for line in pages[index].splitlines())
        )
        if int(shown) != found:
            wrong.append(f"{number or ''} {title}: contents say {shown}, heading is on {found}")
    assert not wrong, wrong
    assert [title for _, (_, title, _) in entries][-2:] == [
        "Bilag A. Udvælgelseskriterier",
        "Bilag B. Oversigt over krav",
    ]


def test_heading_numbers_up_to_12_12_12_keep_their_gap_from_the_uid(pages: list[str]) -> None:
    text = "\n".join(pages)
    for number, uid in (("10.1.1", "K10-001"), ("11.1.1", "K11-001"), ("12.12.12", "SIK-1000")):
        assert re.search(rf"^\s*{re.escape(number)} +{uid} ", text, re.MULTILINE), number
        assert f"{number}{uid}" not in text
    assert re.search(r"^\s*12\.12 +Emne 12\s*$", text, re.MULTILINE)  # the section heading
    assert re.search(r"^\s*12\.12 +Emne 12\.{4,}", text, re.MULTILINE)  # and its contents line


def test_summary_header_word_is_whole_on_every_page(pages: list[str]) -> None:
    summary = pages[next(i for i, p in enumerate(pages) if "Bilag B. Oversigt over krav\n" in p) :]
    headers = [line.split() for page in summary for line in page.splitlines() if "Nr." in line]
    assert headers and all(h[:2] == ["Nr.", "Kravnummer"] for h in headers), headers
    rows = [line.split() for page in summary for line in page.splitlines()]
    assert ["12.12.12", "SIK-1000", "Sidste", "emne", "SIK-1000", "Krav"] in rows
    assert not any(row[:1] == ["mer"] for row in rows)
