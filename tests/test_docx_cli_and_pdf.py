"""`kravtui export selection ... --format docx`, and the document as a real client renders it.

The real-client test converts the DOCX to PDF with LibreOffice (`soffice --headless`) and looks
for every requirement's uid and title in `pdftotext`'s output. CI installs both tools
(`.ci/run`); the test is skipped, saying why, only where they are missing.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from test_docx_support import (
    NEEDS_LIBREOFFICE,
    convert_with_libreoffice,
    has_libreoffice_and_pdftotext,
    pdf_pages,
    sample_selection,
)

from kravtui.cli import main
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.selection.items import list_items


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert run("init", "--db", str(path)).exit_code == 0
    assert run("selection", "new", "ESDH", "--db", str(path), "--domain", "Økonomi").exit_code == 0
    answered = run("selection", "answer", "ESDH", "Persondata=yes", "--db", str(path))
    assert answered.exit_code == 0, answered.output
    return path


def test_export_selection_as_docx(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "spec.docx"
    result = run(
        "export", "selection", "esdh", "--format", "docx", "-o", str(target), "--db", str(db)
    )
    assert result.exit_code == 0, result.output
    assert f"Wrote {target}:" in result.output
    read = docx.Document(str(target))
    assert read.paragraphs[1].text == "ESDH"
    assert any(t.rows[0].cells[0].text == "Svar" for t in read.tables)


def test_export_selection_options_and_template(db: Path, tmp_path: Path) -> None:
    template = tmp_path / "plain.docx"
    docx.Document().save(str(template))
    target = tmp_path / "spec.docx"
    result = run(
        "export", "selection", "1", "-o", str(target), "--db", str(db), "--template",
        str(template), "--no-answer-fields", "--no-rationale", "--no-interpretation",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    read = docx.Document(str(target))
    assert not any(t.rows[0].cells[0].text == "Svar" for t in read.tables)
    assert not any(p.text in ("Begrundelse", "Fortolkning") for p in read.paragraphs)
    assert any(p.text.startswith("1.1.1 ") for p in read.paragraphs)  # written numbers


def test_template_from_the_settings_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f'template = "{tmp_path / "missing.docx"}"\n')
    result = run("export", "selection", "ESDH", "-o", str(tmp_path / "x.docx"), "--db", str(db))
    assert result.exit_code == 1
    assert "cannot use the template" in result.output and "missing.docx" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_default_output_is_in_the_documents_folder_whatever_the_working_directory(
    db: Path, tmp_path: Path, user_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(tmp_path / "config"))  # no exports_folder
    (tmp_path / "shell").mkdir()
    monkeypatch.chdir(tmp_path / "shell")
    assert run("selection", "new", "Nyt ESDH 2026", "--db", str(db)).exit_code == 0
    result = run("export", "selection", "Nyt ESDH 2026", "--db", str(db))
    assert result.exit_code == 0, result.output
    written = user_folders / "Nyt-ESDH-2026.docx"
    assert written.read_bytes().startswith(b"PK")
    assert f"Wrote {written}:" in result.output
    assert list((tmp_path / "shell").iterdir()) == []


@pytest.mark.parametrize("configured", ["ABSOLUTE", "udbud", "~/udbud"])
def test_default_output_is_in_the_configured_exports_folder(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, configured: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    folder = tmp_path / "home" / "udbud"
    folder.mkdir(parents=True)
    setting = str(folder) if configured == "ABSOLUTE" else configured
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(f"exports_folder = '{setting}'\n")
    monkeypatch.chdir(tmp_path)
    result = run("export", "selection", "ESDH", "--format", "toml", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert [p.name for p in folder.iterdir()] == ["ESDH.toml"]


def test_the_output_help_names_the_exports_folder() -> None:
    result = run("export", "selection", "--help")
    text = " ".join(result.output.split())
    assert "exports_folder" in text and "documents folder" in text and "exports/<" not in text


def test_export_selection_errors(db: Path, tmp_path: Path) -> None:
    unknown = run("export", "selection", "nope", "-o", str(tmp_path / "x.docx"), "--db", str(db))
    assert unknown.exit_code == 1 and "no selection 'nope'" in unknown.output
    bad_format = run("export", "selection", "ESDH", "--format", "odt", "--db", str(db))
    assert bad_format.exit_code == 2
    assert "must be one of docx, pdf, toml, answer-sheet, xlsx, not 'odt'" in bad_format.output
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    target = str(not_a_folder / "x.docx")
    blocked = run("export", "selection", "ESDH", "-o", target, "--db", str(db))
    assert (
        blocked.exit_code == 1 and f"{target}: there is no folder {not_a_folder}" in blocked.output
    )


@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason=NEEDS_LIBREOFFICE)
def test_libreoffice_renders_every_requirement(tmp_path: Path) -> None:
    conn, selection_id = sample_selection(tmp_path / "c.db")
    items = list_items(conn, selection_id)
    source = tmp_path / "spec.docx"
    export_selection_docx(conn, selection_id, source)
    conn.close()
    pdf = convert_with_libreoffice(source, tmp_path)
    text = "\f".join(pdf_pages(pdf, layout=False))
    flat = " ".join(text.split())
    missing = [
        item.uid
        for item in items
        if item.uid not in flat or " ".join(item.snapshot.title.split()) not in flat
    ]
    assert not missing, f"not in the PDF: {missing}"
    assert "Side 1 af" not in flat  # the title page has no footer
    assert "Side 2 af" in flat and "Læsevejledning" in flat and "Mindstekrav" in flat


def test_pdf_without_libreoffice_is_one_line_and_writes_nothing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    target = tmp_path / "spec.pdf"
    result = run(
        "export", "selection", "ESDH", "--format", "pdf", "-o", str(target), "--db", str(db)
    )
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "LibreOffice" in result.stderr
    assert not target.exists()


def test_pdf_refuses_the_catalogue_as_its_target(db: Path) -> None:
    before = db.read_bytes()
    result = run("export", "selection", "ESDH", "--format", "pdf", "-o", str(db), "--db", str(db))
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before


@pytest.mark.skipif(not has_libreoffice_and_pdftotext(), reason=NEEDS_LIBREOFFICE)
def test_export_selection_as_pdf_with_numbered_contents(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "spec.pdf"
    result = run(
        "export", "selection", "ESDH", "--format", "pdf", "-o", str(target), "--db", str(db)
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(target, layout=False)
    contents = next(page for page in pages if "Indhold" in page or "Contents" in page)
    numbered = [line for line in contents.splitlines() if line.strip()[-1:].isdigit()]
    assert len(numbered) >= 3, contents
