"""Shared builders for the DOCX tests: a small fixed catalogue, the sample, and an outline reader.

The outline reads a document back with python-docx and writes one line per paragraph or table
row, numbering Heading 1-3 the way Word does from the template's numbering (a paragraph that
switches numbering off keeps no number), so the golden files show "1.2.3" exactly as readers see
it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.records import Category, Classifications, Domain, RequirementContent, Tag
from kravtui.catalogue.requirements import write_contents
from kravtui.catalogue.vocabulary import Importance
from kravtui.interchange.sample import create_from_sample
from kravtui.selection.items import add_free_text, tick
from kravtui.selection.proposals import apply_questionnaire
from kravtui.selection.records import Answer, SelectionInfo, Snapshot
from kravtui.selection.store import create_selection, set_answers

GOLDEN = Path(__file__).parent / "golden" / "docx"
CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NOTE = "INTERN REDAKTØRNOTE"
CREATED = "2025-01-02T03:04:05.000+00:00"
UPDATED = "2025-02-03T04:05:06.000+00:00"


def _requirement(uid: str, title: str, **fields: object) -> RequirementContent:
    values: dict[str, object] = {
        "category": uid.partition("-")[0],
        "domains": ("Økonomi",),
        "tags": ("Persondata",),
        "description": f"Leverandøren skal opfylde {uid}.",
        "rationale": f"Begrundelse for {uid}.",
        "help_text": f"Fortolkning af {uid}.",
        "notes": f"{NOTE} {uid}",
    }
    values.update(fields)
    return RequirementContent(uid=uid, title=title).with_changes(**values)


REQUIREMENTS = (
    _requirement("SIK-001", "Rollebaseret adgang", subcategory="Adgang",
                 importance=Importance.ABSOLUTE),
    _requirement("SIK-002", "Tofaktorlogin", subcategory="Adgang", importance=Importance.HIGH),
    _requirement("SIK-010", "Kryptering i hvile", subcategory="Kryptering", rationale="",
                 help_text=""),
    _requirement("SIK-003", "Sikkerhedspolitik", importance=Importance.OPTIONAL),
    _requirement("LOG-001", "Brugerlog",
                 description="Første afsnit.\n\nAndet afsnit\nmed linjeskift."),
    _requirement("LOG-002", "Ikke valgt", tags=("Cloud",)),
    _requirement("DOK-001", "Brugervejledning", subcategory="Brugerdokumentation",
                 tags=("Cloud",)),
)  # fmt: skip

CLASSIFICATIONS = Classifications(
    categories=(
        Category("SIK", "Sikkerhed", "Krav til sikkerhed.", ("Adgang", "Kryptering")),
        Category("LOG", "Logning", "Krav til logning."),
        Category("DOK", "Dokumentation", "", ("Brugerdokumentation",)),
    ),
    domains=(Domain("Økonomi"), Domain("Skole")),
    tags=(Tag("Persondata", "Behandler systemet personoplysninger?"), Tag("Cloud", "Cloud?")),
)


def small_selection(
    path: Path, *, language: str = "da", priority: bool = True
) -> tuple[sqlite3.Connection, int]:
    """The small fixed catalogue and a selection of five requirements plus one free text."""
    conn = create_catalogue(path)
    with transaction(conn):
        merge_classifications(conn, CLASSIFICATIONS)
        write_contents(conn, REQUIREMENTS, author="test")
    selection = create_selection(
        conn,
        SelectionInfo(
            title="Testudbud",
            description="Et lille udbud til test.",
            organisation="Testkommune",
            contact="Ida Indkøber",
            deadline="2025-09-15",
            domains=("Økonomi",),
            priority_enabled=priority,
            language=language,
        ),
    )
    set_answers(conn, selection.id, {"Persondata": Answer.YES, "Cloud": Answer.NO})
    apply_questionnaire(conn, selection.id)
    add_free_text(
        conn,
        selection.id,
        Snapshot(uid="", title="Eget krav", description="Fritekst.", category="LOG"),
    )
    fix_timestamps(conn, selection.id)
    return conn, selection.id


def fix_timestamps(conn: sqlite3.Connection, selection_id: int) -> None:
    """Give the selection fixed dates so that the title page is the same on every run."""
    with transaction(conn):
        conn.execute(
            "UPDATE selection SET created_at = ?, updated_at = ? WHERE id = ?",
            (CREATED, UPDATED, selection_id),
        )


def sample_selection(path: Path, *, language: str = "da") -> tuple[sqlite3.Connection, int]:
    """The bundled sample with a selection over three domains and several answers."""
    conn = create_from_sample(path)
    selection = create_selection(
        conn,
        SelectionInfo(
            title="Nyt ESDH-system",
            organisation="Favrskov Kommune",
            contact="Mette Jensen",
            deadline="2025-09-15",
            domains=("Økonomi", "Administration og ledelse", "IT og digitalisering"),
            language=language,
        ),
    )
    answers = {"Persondata": Answer.YES, "Cloud/SaaS": Answer.YES, "Mobil adgang": Answer.NO}
    answers["Arkivpligtige data"] = Answer.UNKNOWN
    set_answers(conn, selection.id, answers)
    apply_questionnaire(conn, selection.id)
    tick(conn, selection.id, ["TIL-001"])
    fix_timestamps(conn, selection.id)
    return conn, selection.id


def _numbered(paragraph: Paragraph) -> bool:
    ppr = paragraph._p.pPr
    number = None if ppr is None else ppr.find(f"{qn('w:numPr')}/{qn('w:numId')}")
    return number is None or number.get(qn("w:val")) != "0"


def outline(path: Path) -> list[str]:
    """One line per paragraph ("style | text") or table row ("  cell | cell"), the tags of a
    table's content controls ("  [controls] tag tag"), and at the end the custom document
    properties ("[property] name = value")."""
    document = docx.Document(str(path))
    counters = [0, 0, 0]
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.append(f"[table {block.style.name if block.style else ''}]")
            lines.extend("  " + " | ".join(c.text for c in row.cells) for row in block.rows)
            tags = [tag.get(qn("w:val")) for tag in block._tbl.iter(qn("w:tag"))]
            if tags:
                lines.append("  [controls] " + " ".join(tags))
            continue
        style = block.style.name if block.style is not None else ""
        if style.startswith("Heading ") and _numbered(block):
            level = int(style[-1])
            counters[level - 1] += 1
            counters[level:] = [0] * (3 - level)
            style += " " + ".".join(str(c) for c in counters[:level])
        lines.append(f"{style} | {block.text}".rstrip())
    return lines + custom_properties(path)


def custom_properties(path: Path) -> list[str]:
    """The document's custom properties, one "[property] name = value" line each."""
    with zipfile.ZipFile(path) as package:
        if "docProps/custom.xml" not in package.namelist():
            return []
        root = etree.fromstring(package.read("docProps/custom.xml"))
    return [
        f"[property] {prop.get('name')} = {''.join(prop.itertext())}"
        for prop in root.iter(f"{{{CUSTOM_PROPERTIES}}}property")
    ]


def check_golden(name: str, lines: list[str]) -> None:
    """Compare with tests/golden/docx/NAME; KRAVTUI_UPDATE_GOLDEN=1 rewrites the file."""
    target = GOLDEN / name
    text = "\n".join(lines) + "\n"
    if os.environ.get("KRAVTUI_UPDATE_GOLDEN") == "1":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert target.read_text(encoding="utf-8") == text, f"{name} differs from the golden outline"


def libreoffice() -> str | None:
    """LibreOffice's `soffice` on PATH (the real-client tests are skipped without it)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


NEEDS_LIBREOFFICE = (
    "LibreOffice (soffice) and pdftotext are needed; .ci/run installs "
    "libreoffice-writer-nogui and poppler-utils"
)


def has_libreoffice_and_pdftotext() -> bool:
    return libreoffice() is not None and shutil.which("pdftotext") is not None


def convert_with_libreoffice(source: Path, folder: Path) -> Path:
    """`source` (a .docx) as LibreOffice's PDF in `folder`, made with a private profile."""
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [
            str(libreoffice()), f"-env:UserInstallation={profile}", "--headless",
            "--convert-to", "pdf", "--outdir", str(folder), str(source),
        ],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pdf = folder / f"{source.stem}.pdf"
    assert pdf.is_file(), "LibreOffice produced no PDF"
    return pdf


def pdf_pages(pdf: Path, *, layout: bool = True) -> list[str]:
    """The PDF's text page by page (`pdftotext -layout` keeps each line's columns apart)."""
    options = ["-layout"] if layout else []
    text = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", str(pdf), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return text.replace("\u200b", "").split("\f")
