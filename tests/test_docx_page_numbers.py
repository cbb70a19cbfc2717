"""The DOCX contents carry their page numbers as the PAGEREF fields' stored results (issue 12).

Word shows a field's stored result until the user updates fields (F9), and a document that asks
to update them makes Word prompt the vendor; so the export has LibreOffice lay the document out
once and stores the pages it found. Hostile first: no LibreOffice, one that fails with control
characters, one that makes a PDF that is not one, one that hangs, a cancel while it works; each
gives one line and still the correct DOCX (the one without page numbers), or nothing at all on
cancel, never a half-written file. Then the real LibreOffice: every stored number is the page on
which `pdftotext` finds that heading in the PDF made from the DOCX.
"""

from __future__ import annotations

import html
import os
import re
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_docx_support import (
    NEEDS_LIBREOFFICE,
    convert_with_libreoffice,
    has_libreoffice_and_pdftotext,
    pdf_pages,
    sample_selection,
    small_selection,
)

from kravtui.catalogue.db import open_catalogue
from kravtui.cli import main
from kravtui.i18n import t, t_count
from kravtui.interchange.docx import pdf
from kravtui.interchange.docx.export import ExportCancelledError, export_selection_docx
from kravtui.interchange.docx.pdf_destinations import PdfLayoutError, destination_pages
from kravtui.selection.store import find_selection

OLD = b"the specification the officer sent last week"
# A contents line's PAGEREF field: its bookmark and its stored result.
PAGEREF = re.compile(
    r'<w:instrText xml:space="preserve"> PAGEREF (_Toc\d{9}) \\h </w:instrText></w:r>'
    r'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t xml:space="preserve">(\d*)</w:t>'
)
# A contents line: the heading's number (if any), a tab, its text, a tab, the PAGEREF field.
CONTENTS_LINE = re.compile(
    r'<w:hyperlink w:anchor="(_Toc\d{9})" w:history="1">'
    r'(?:<w:r><w:t xml:space="preserve">([\d.]+)</w:t><w:tab/>.*?</w:r>)?'
    r'<w:r><w:t xml:space="preserve">([^<]*)</w:t></w:r>'
)


def _fake_soffice(folder: Path, body: str) -> None:
    """Put a stand-in `soffice` (a shell script running `body`) alone on PATH's folder."""
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\nPATH=/usr/bin:/bin\n{body}\n", encoding="utf-8")
    script.chmod(0o755)


def _stored_pages(path: Path) -> dict[str, str]:
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    return dict(PAGEREF.findall(xml))


def _without_pages(path: Path) -> bytes:
    """The document part with every stored page number taken out."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    return PAGEREF.sub(lambda m: m.group(0).removesuffix(m.group(2) + "</w:t>"), xml).encode()


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Path, Path]:
    """A folder holding an earlier export, and the DOCX the selection gives without numbers."""
    conn, selection_id = small_selection(tmp_path / "c.db")
    plain = tmp_path / "plain.docx"
    export_selection_docx(conn, selection_id, plain)
    conn.close()
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "spec.docx").write_bytes(OLD)
    return folder / "spec.docx", plain


def _export(tmp_path: Path, target: Path, **kwargs: object) -> str:
    """Export the fixture's selection with page numbers; the notice."""
    conn = open_catalogue(tmp_path / "c.db")
    try:
        result = export_selection_docx(
            conn,
            find_selection(conn, "Testudbud").id,
            target,
            page_numbers=True,
            **kwargs,  # type: ignore[arg-type]
        )
    finally:
        conn.close()
    return result.notice


def _one_line(text: str) -> bool:
    return "\n" not in text and "\x1b" not in text and text.isprintable()


def test_without_libreoffice_the_docx_is_written_as_before_with_one_line(
    tmp_path: Path, exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    target, plain = exported
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    notice = _export(tmp_path, target)
    assert notice == t("docx.pages.no_libreoffice") and _one_line(notice)
    assert "LibreOffice" in notice and "F9" in notice
    assert target.read_bytes() == plain.read_bytes()
    assert os.listdir(target.parent) == ["spec.docx"]


def test_a_failing_libreoffice_gives_one_escaped_line_and_the_docx_as_before(
    tmp_path: Path, exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    target, plain = exported
    _fake_soffice(tmp_path / "bin", "echo 'starting'; printf 'Error: \\033[31mboom\\n'; exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    notice = _export(tmp_path, target)
    assert notice == t("docx.pages.failed", reason="Error: ?[31mboom") and _one_line(notice)
    assert target.read_bytes() == plain.read_bytes()
    assert os.listdir(target.parent) == ["spec.docx"]


def test_a_libreoffice_that_makes_no_pdf_or_a_false_one(
    tmp_path: Path, exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    target, plain = exported
    _fake_soffice(tmp_path / "none", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "none"))
    reason = t("docx.layout.no_output", code=0)
    assert _export(tmp_path, target) == t("docx.pages.failed", reason=reason)
    assert target.read_bytes() == plain.read_bytes()
    target.write_bytes(OLD)
    _fake_soffice(
        tmp_path / "false",
        'while [ $# -gt 1 ]; do [ "$1" = --outdir ] && out=$2; shift; done\n'
        'mkdir -p "$out"; printf "%%PDF-1.6\\nstartxref\\n5\\n%%%%EOF" > "$out/document.pdf"',
    )
    monkeypatch.setenv("PATH", str(tmp_path / "false"))
    reason = t("docx.layout.unreadable")
    assert _export(tmp_path, target) == t("docx.pages.failed", reason=reason)
    assert target.read_bytes() == plain.read_bytes()
    assert os.listdir(target.parent) == ["spec.docx"]


def test_a_hanging_libreoffice_times_out_to_the_docx_as_before(
    tmp_path: Path, exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    target, plain = exported
    _fake_soffice(tmp_path / "bin", "exec sleep 60")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setattr(pdf, "DEFAULT_TIMEOUT", 0.5)
    started = time.monotonic()
    notice = _export(tmp_path, target)
    assert time.monotonic() - started < 20
    assert notice == t("docx.pages.failed", reason=t("docx.layout.timeout", minutes=1))
    assert target.read_bytes() == plain.read_bytes()


def test_cancel_while_libreoffice_works_stops_it_and_writes_nothing(
    tmp_path: Path, exported: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    target, _plain = exported
    pid_file = tmp_path / "pid"
    _fake_soffice(tmp_path / "bin", f"echo $$ > {pid_file}; exec sleep 60")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    converting: list[bool] = []
    with pytest.raises(ExportCancelledError):
        _export(
            tmp_path,
            target,
            cancelled=lambda: pid_file.exists(),
            converting=lambda: converting.append(True),
        )
    assert converting == [True]
    assert target.read_bytes() == OLD and os.listdir(target.parent) == ["spec.docx"]
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # stopped and reaped


def test_the_cli_says_where_the_numbers_appear_and_can_skip_the_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, _selection_id = small_selection(tmp_path / "c.db")
    conn.close()
    marker = tmp_path / "soffice-ran"
    _fake_soffice(tmp_path / "bin", f"touch {marker}; exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    target = tmp_path / "spec.docx"
    args = ["export", "selection", "Testudbud", "-o", str(target), "--db", str(tmp_path / "c.db")]
    for language in ("en", "da"):
        result = CliRunner().invoke(main, ["--lang", language, *args])
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(t_count("docx.exported", 6, language, path=target)[:8])
        (line,) = result.stderr.splitlines()
        assert line.startswith("kravtui: ") and "F9" in line and marker.exists()
        marker.unlink()
    skipped = CliRunner().invoke(main, ["--lang", "en", *args, "--no-page-numbers"])
    assert skipped.exit_code == 0 and skipped.stderr == "" and not marker.exists()
    (tmp_path / "bin" / "soffice").unlink()
    missing = CliRunner().invoke(main, ["--lang", "da", *args])
    assert missing.exit_code == 0
    assert missing.stderr == f"kravtui: {t('docx.pages.no_libreoffice', 'da')}\n"


@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason=NEEDS_LIBREOFFICE)
def test_each_stored_page_number_is_the_page_its_heading_is_on(tmp_path: Path) -> None:
    conn, selection_id = sample_selection(tmp_path / "c.db")
    target = tmp_path / "spec.docx"
    result = export_selection_docx(conn, selection_id, target, page_numbers=True)
    assert result.notice == ""
    first = target.read_bytes()
    export_selection_docx(conn, selection_id, tmp_path / "plain.docx")
    conn.close()
    assert _without_pages(target) == _without_pages(tmp_path / "plain.docx")  # same body

    xml = zipfile.ZipFile(target).read("word/document.xml").decode("utf-8")
    stored = _stored_pages(target)
    lines = CONTENTS_LINE.findall(xml)
    assert len(stored) == len(lines) > 20 and all(stored.values()), stored
    pages = pdf_pages(convert_with_libreoffice(target, tmp_path))
    assert len(pages) > 30
    contents = [n for n, page in enumerate(pages, 1) if re.search(r"\.{4,}\s*\d+$", page, re.M)]
    on_page = max(contents) + 1  # every heading comes after the contents
    for anchor, number, text in lines:
        words = [number, *html.unescape(text).split()] if number else html.unescape(text).split()
        heading = re.compile(r"^\s*" + r"\s+".join(map(re.escape, words)) + r"\s*$", re.M)
        found = next((n for n in range(on_page, len(pages) + 1) if heading.search(pages[n - 1])), 0)
        assert stored[anchor] == str(found), (number, text, stored[anchor], found)
        on_page = found
    conn, selection_id = sample_selection(tmp_path / "again.db")
    export_selection_docx(conn, selection_id, tmp_path / "again.docx", page_numbers=True)
    conn.close()
    assert (tmp_path / "again.docx").read_bytes() == first  # the same for a given LibreOffice


# The PDF reader on its own, with PDFs written here: what LibreOffice writes, and worse.


def _pdf(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A PDF of `objects` with a cross-reference table and a trailer naming `root`."""
    data = b"%PDF-1.6\n"
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(data)
        data += b"%d 0 obj\n%s\nendobj\n\n" % (number, body)
    size = max(objects) + 1
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        data += (
            b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
        )
    data += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return data


LIBREOFFICE_LIKE = {
    1: b"<</Type/Catalog/Pages 2 0 R\n/Dests 9 0 R\n>>",
    2: b"<</Type/Pages\n/Kids[ 3 0 R 6 0 R ]\n/Count 3>>",
    3: b"<</Type/Pages/Parent 2 0 R/Kids[4 0 R 5 0 R]/Count 2>>",
    4: b"<</Type/Page/Parent 3 0 R/Contents 8 0 R>>",
    5: b"<</Type/Page/Parent 3 0 R>>",
    6: b"<</Type/Page/Parent 2 0 R>>",
    8: b"<</Length 12>>\nstream\n/Kids[ 9 0 R ]\nendstream",
    9: b"<</5FToc000000001[4 0 R/XYZ 65.2 746.9 0]\n/5FToc000000002[6 0 R/XYZ 65 590 0]\n"
    b"/#5FToc000000003<</D[5 0 R/Fit]>>>>",
}


def test_the_reader_finds_each_destination_s_page_through_a_nested_page_tree(
    tmp_path: Path,
) -> None:
    path = tmp_path / "laid-out.pdf"
    path.write_bytes(_pdf(LIBREOFFICE_LIKE))
    anchors = ["_Toc000000001", "_Toc000000002", "_Toc000000003"]
    assert destination_pages(path, anchors) == {
        "_Toc000000001": 1,
        "_Toc000000002": 3,
        "_Toc000000003": 2,
    }


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "not a pdf",
        "cross-reference stream",
        "page tree loop",
        "missing destination",
        "destination off the tree",
        "no dests",
        "truncated",
    ],
)
def test_a_pdf_the_reader_cannot_follow_is_refused_in_one_line(tmp_path: Path, damage: str) -> None:
    objects = dict(LIBREOFFICE_LIKE)
    data = b""
    if damage == "not a pdf":
        data = b"PK\x03\x04 a zip, not a PDF\nstartxref\n0\n%%EOF"
    elif damage == "cross-reference stream":
        data = b"%PDF-1.6\n1 0 obj\n<</Type/XRef/W[1 2 1]>>\nstream\n\nendstream\nendobj\n"
        data += b"startxref\n9\n%%EOF"
    elif damage == "page tree loop":
        objects[3] = b"<</Type/Pages/Kids[4 0 R 2 0 R]>>"
    elif damage == "missing destination":
        objects[9] = b"<</5FToc000000001[4 0 R/XYZ 0 0 0]>>"
    elif damage == "destination off the tree":
        objects[9] = LIBREOFFICE_LIKE[9].replace(b"[6 0 R", b"[8 0 R")
    elif damage == "no dests":
        objects[1] = b"<</Type/Catalog/Pages 2 0 R>>"
    if damage not in ("empty", "not a pdf", "cross-reference stream"):
        data = _pdf(objects)
    if damage == "truncated":
        data = data[: len(data) // 2] + data[-40:]
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(PdfLayoutError) as raised:
        destination_pages(path, ["_Toc000000001", "_Toc000000002", "_Toc000000003"])
    assert str(raised.value) == t("docx.layout.unreadable") and _one_line(str(raised.value))
