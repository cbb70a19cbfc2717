"""`export_selection_pdf`: the DOCX made into a PDF by LibreOffice, written atomically.

Hostile cases first, with a stand-in `soffice` on PATH (none at all, one that fails with control
characters in its output, one that makes nothing, one that hangs), then the real LibreOffice.
In every failure the user gets one line and the target folder is exactly as it was.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from test_docx_support import (
    NEEDS_LIBREOFFICE,
    has_libreoffice_and_pdftotext,
    pdf_pages,
    small_selection,
)

from kravtui.i18n import t
from kravtui.interchange.docx.export import (
    DocxExportError,
    ExportCancelledError,
    default_export_path,
    export_selection_pdf,
)
from kravtui.interchange.docx.pdf import PdfConversionError, docx_to_pdf

OLD = b"an earlier PDF the officer already sent"


def _fake_soffice(folder: Path, body: str) -> None:
    """Put a stand-in `soffice` (a shell script running `body`) alone on PATH."""
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(f"#!/bin/sh\nPATH=/usr/bin:/bin\n{body}\n", encoding="utf-8")
    script.chmod(0o755)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "out" / "spec.pdf"
    path.parent.mkdir()
    path.write_bytes(OLD)
    return path


def _export(tmp_path: Path, target: Path, **kwargs: object) -> None:
    conn, selection_id = small_selection(tmp_path / "c.db")
    try:
        export_selection_pdf(conn, selection_id, target, **kwargs)  # type: ignore[arg-type]
    finally:
        conn.close()


def _untouched(target: Path) -> bool:
    return target.read_bytes() == OLD and os.listdir(target.parent) == [target.name]


def test_without_libreoffice_one_line_before_any_work(
    tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    calls: list[tuple[int, int]] = []
    with pytest.raises(DocxExportError) as raised:
        _export(tmp_path, target, progress=lambda done, total: calls.append((done, total)))
    assert str(raised.value) == t("docx.pdf.no_libreoffice")
    assert "soffice" in str(raised.value) and "\n" not in str(raised.value)
    assert calls == [] and _untouched(target)


def test_a_failing_libreoffice_gives_its_last_line_escaped(
    tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_soffice(
        tmp_path / "bin", "echo 'javaldx: warming up'; printf 'Error: \\033[31mno\\n'; exit 1"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(DocxExportError) as raised:
        _export(tmp_path, target)
    message = str(raised.value)
    assert message == t("docx.pdf.failed", reason="Error: ?[31mno")
    assert "\x1b" not in message and "\n" not in message and _untouched(target)


def test_a_libreoffice_that_makes_no_pdf(
    tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_soffice(tmp_path / "bin", "exit 0")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    with pytest.raises(DocxExportError) as raised:
        _export(tmp_path, target)
    assert str(raised.value) == t("docx.pdf.no_output", code=0) and _untouched(target)


def test_cancel_stops_libreoffice_and_writes_nothing(
    tmp_path: Path, target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "pid"
    _fake_soffice(tmp_path / "bin", f"echo $$ > {pid_file}; exec sleep 60")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    started = time.monotonic()
    with pytest.raises(ExportCancelledError):
        _export(tmp_path, target, cancelled=lambda: pid_file.exists())
    assert time.monotonic() - started < 20 and _untouched(target)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # stopped and reaped


def test_a_hanging_libreoffice_times_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_soffice(tmp_path / "bin", "exec sleep 60")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    started = time.monotonic()
    with pytest.raises(PdfConversionError) as raised:
        docx_to_pdf(b"PK", timeout=0.5)
    assert str(raised.value) == t("docx.pdf.timeout", minutes=1)
    assert time.monotonic() - started < 20


def test_default_pdf_path() -> None:
    assert default_export_path("Nyt ESDH/system", Path("/e"), ".pdf") == Path(
        "/e/Nyt-ESDH-system.pdf"
    )


@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason=NEEDS_LIBREOFFICE)
def test_export_selection_pdf_replaces_the_file_with_numbered_contents(
    tmp_path: Path, target: Path
) -> None:
    calls: list[tuple[int, int]] = []
    _export(tmp_path, target, progress=lambda done, total: calls.append((done, total)))
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and os.listdir(target.parent) == [target.name]
    assert calls[-1] == (6, 6)
    pages = pdf_pages(target)
    contents = [line.strip() for line in pages[1].splitlines() if re.search(r"\.{4,}", line)]
    assert len(contents) == 11
    assert all(re.search(r"\.{4,}\s*\d+$", line) for line in contents), contents
    chapter = re.compile(r"^\s*1\s+Sikkerhed\s*$", re.MULTILINE)
    page = next(number for number, text in enumerate(pages, 1) if chapter.search(text))
    assert re.fullmatch(rf"1\s+Sikkerhed\.{{4,}}\s*{page}", contents[3]), contents
