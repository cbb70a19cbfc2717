"""Exporting a selection's answers (`kravtui.application.answer_export`) and `kravtui answers
report`: the formats' table, the format from the file's suffix, the language (Danish unless
asked otherwise), and the hostile targets (the open catalogue, a FIFO, a folder, a read-only
folder or file, another database, a missing folder), each refused in one line with nothing
written and nothing changed."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from kravtui.application.answer_export import (
    ANSWER_FORMATS,
    AnswersExported,
    answer_format_for,
    default_answers_path,
    export_answers,
    report_language,
)
from kravtui.application.export import ExportCancelled, ExportError, ExportHooks
from kravtui.cli import main
from kravtui.i18n import da, en
from tests.answer_report_helpers import report_catalogue

SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.fixture
def catalogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int, Path]]:
    path = tmp_path / "c.db"
    conn, selection_id = report_catalogue(path)
    yield conn, selection_id, path
    conn.close()


def body(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


# --- the table --------------------------------------------------------------------------------


def test_the_table_holds_docx_xlsx_and_toml_with_their_words_in_both_languages() -> None:
    assert list(ANSWER_FORMATS) == ["docx", "xlsx", "toml"]
    for chosen in ANSWER_FORMATS.values():
        assert chosen.suffix == f".{chosen.name}"
        assert chosen.label_key in en.MESSAGES and chosen.label_key in da.MESSAGES


def test_the_format_is_the_one_named_else_the_files_suffix() -> None:
    assert answer_format_for(Path("r.DOCX")) == "docx"
    assert answer_format_for(Path("r.xlsx")) == "xlsx"
    assert answer_format_for(Path("r.xlsx"), "docx") == "docx"
    with pytest.raises(ExportError) as refused:
        answer_format_for(Path("rapport.odt"))
    assert str(refused.value) == (
        "rapport.odt: the file name ends in none of .docx, .xlsx, .toml; name the format with "
        "--format (docx, xlsx, toml)"
    )


def test_a_report_is_danish_unless_a_language_is_asked_for() -> None:
    assert report_language() == "da"
    assert report_language("en") == "en"
    assert report_language(None, "en") == "en"
    assert report_language("da", "en") == "da"
    assert report_language(None, "xx") == "da"


def test_the_suggested_name_is_the_title_made_safe(tmp_path: Path) -> None:
    assert default_answers_path("Nyt ESDH", "xlsx", tmp_path) == (
        tmp_path / "Nyt-ESDH-evalueringsrapport.xlsx"
    )


# --- writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("format_name", ["docx", "xlsx"])
def test_export_writes_the_report_and_says_what_it_holds(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path, format_name: str
) -> None:
    conn, selection_id, _ = catalogue
    path = tmp_path / f"rapport.{format_name}"
    written = export_answers(conn, selection_id, path, format_name)
    assert written == AnswersExported(requirements=5, vendors=2)
    if format_name == "docx":
        assert "Evalueringsrapport" in body(path)
    else:
        assert load_workbook(path).sheetnames == ["Sammenligning", "Alfa A-S", "Beta ApS"]


def test_english_when_asked(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path
) -> None:
    conn, selection_id, _ = catalogue
    export_answers(conn, selection_id, tmp_path / "r.docx", "docx", "en")
    assert "Evaluation report" in body(tmp_path / "r.docx")
    export_answers(conn, selection_id, tmp_path / "r.xlsx", "xlsx", "en")
    assert load_workbook(tmp_path / "r.xlsx").sheetnames[0] == "Comparison"


def test_a_cancelled_export_keeps_the_old_file(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path
) -> None:
    conn, selection_id, _ = catalogue
    path = tmp_path / "r.docx"
    path.write_bytes(b"yesterday's report")
    with pytest.raises(ExportCancelled):
        export_answers(conn, selection_id, path, "docx", hooks=ExportHooks(cancelled=lambda: True))
    assert path.read_bytes() == b"yesterday's report"
    assert not list(tmp_path.glob(".r.docx.*"))  # no temporary file left beside it


def test_a_selection_deleted_meanwhile_is_one_line(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path
) -> None:
    conn, _, _ = catalogue
    with pytest.raises(ExportError) as refused:
        export_answers(conn, 999, tmp_path / "r.docx", "docx")
    assert "\n" not in str(refused.value) and not (tmp_path / "r.docx").exists()


def test_a_broken_template_in_the_settings_is_one_line(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path, config_dir: Path
) -> None:
    conn, selection_id, _ = catalogue
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(f'template = "{tmp_path / "missing.dotx"}"\n')
    with pytest.raises(ExportError) as refused:
        export_answers(conn, selection_id, tmp_path / "r.docx", "docx")
    assert "missing.dotx" in str(refused.value) and "\n" not in str(refused.value)
    assert not (tmp_path / "r.docx").exists()


# --- hostile targets --------------------------------------------------------------------------


# Each named as the format it is asked for writes (`suffix`): a name that ends in another
# format's suffix is refused for that before the target is looked at.


def _fifo(folder: Path, suffix: str) -> Path:
    path = folder / f"pipe{suffix}"
    os.mkfifo(path)
    return path


def _folder(folder: Path, suffix: str) -> Path:
    path = folder / f"a-folder{suffix}"
    path.mkdir()
    return path


def _database(folder: Path, suffix: str) -> Path:
    path = folder / f"other{suffix}"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    return path


def _read_only_folder(folder: Path, suffix: str) -> Path:
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    return locked / f"r{suffix}"


def _read_only_file(folder: Path, suffix: str) -> Path:
    path = folder / f"r{suffix}"
    path.write_bytes(b"keep me")
    path.chmod(0o444)
    return path


def _missing_folder(folder: Path, suffix: str) -> Path:
    return folder / "no-such-folder" / f"r{suffix}"


HOSTILE_TARGETS = {
    "fifo": (_fifo, "not an ordinary file"),
    "folder": (_folder, "folder"),
    "database": (_database, "database"),
    "read-only folder": (_read_only_folder, "read-only"),
    "read-only file": (_read_only_file, "read-only"),
    "missing folder": (_missing_folder, "there is no folder"),
}


def _state(path: Path) -> tuple[object, ...]:
    if not path.exists() and not path.is_fifo():
        return ("absent",)
    status = path.lstat()
    content = path.read_bytes() if stat.S_ISREG(status.st_mode) else b""
    return (stat.S_IFMT(status.st_mode), stat.S_IMODE(status.st_mode), content)


@pytest.mark.parametrize("format_name", ["docx", "xlsx"])
@pytest.mark.parametrize("name", list(HOSTILE_TARGETS))
def test_hostile_targets_are_refused_in_one_line_and_left_alone(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path, name: str, format_name: str
) -> None:
    conn, selection_id, _ = catalogue
    make, reason = HOSTILE_TARGETS[name]
    path = make(tmp_path, f".{format_name}")
    before = _state(path)
    try:
        with pytest.raises(ExportError) as refused:
            export_answers(conn, selection_id, path, format_name)
        message = str(refused.value)
        assert reason in message and "\n" not in message, message
        assert _state(path) == before
    finally:
        if path.parent.exists():
            path.parent.chmod(0o755)


def test_the_open_catalogue_and_its_journal_are_never_a_target(
    catalogue: tuple[sqlite3.Connection, int, Path],
) -> None:
    conn, selection_id, db = catalogue
    before = db.read_bytes()
    for path in (db, Path(f"{db}-wal"), db.parent / "." / db.name):
        with pytest.raises(ExportError) as refused:
            export_answers(conn, selection_id, path, "xlsx")
        assert "open catalogue" in str(refused.value)
    assert db.read_bytes()[:16] == SQLITE_HEADER and len(db.read_bytes()) == len(before)


# --- the command ------------------------------------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def test_the_command_writes_the_format_the_suffix_names(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path
) -> None:
    _, _, db = catalogue
    target = tmp_path / "rapport.xlsx"
    result = run("--db", str(db), "answers", "report", "Nyt ESDH", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote the evaluation report to {target} (vendors: 2, requirements: 5)\n"
    )
    assert load_workbook(target).sheetnames[0] == "Sammenligning"  # Danish by default


def test_the_command_takes_the_format_and_language_asked_for_and_prints_json(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path
) -> None:
    _, selection_id, db = catalogue
    target = tmp_path / "rapport.bin"
    result = run(
        "--db", str(db), "--lang", "en", "answers", "report", "Nyt ESDH", str(target),
        "--format", "docx", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "selection": selection_id,
        "file": str(target),
        "format": "docx",
        "language": "en",
        "requirements": 5,
        "vendors": 2,
    }
    assert "Answers by requirement" in body(target)


def test_the_settings_language_is_the_reports_when_no_lang_is_given(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path, config_dir: Path
) -> None:
    _, _, db = catalogue
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('language = "en"\n')
    result = run("--db", str(db), "answers", "report", "Nyt ESDH", str(tmp_path / "r.docx"))
    assert result.exit_code == 0, result.output
    assert "Answers by requirement" in body(tmp_path / "r.docx")


@pytest.mark.parametrize(
    ("args", "status", "reason"),
    [
        (("Nyt ESDH", "rapport.odt"), 2, "the file name ends in none of .docx, .xlsx"),
        (("Nyt ESDH", "r.docx", "--format", "pdf"), 2, "'--format' must be one of"),
        (("Ingen sådan", "r.docx"), 1, "no selection 'Ingen sådan'"),
    ],
)
def test_the_command_refuses_in_one_line(
    catalogue: tuple[sqlite3.Connection, int, Path],
    tmp_path: Path,
    args: tuple[str, ...],
    status: int,
    reason: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, _, db = catalogue
    monkeypatch.chdir(tmp_path)
    result = run("--db", str(db), "answers", "report", *args)
    assert result.exit_code == status, result.output
    lines = result.output.strip().splitlines()
    assert reason in lines[-1] and "Traceback" not in result.output
    if status == 1:
        assert len(lines) == 1
    assert not list(tmp_path.glob("r*.docx")) and not list(tmp_path.glob("rapport*"))


def test_the_command_refuses_the_catalogue_itself_and_a_fifo(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path
) -> None:
    _, _, db = catalogue
    size = db.stat().st_size
    fifo = _fifo(tmp_path, ".xlsx")
    for target, reason in ((db, "open catalogue"), (fifo, "not an ordinary file")):
        result = run(
            "--db", str(db), "answers", "report", "Nyt ESDH", str(target), "--format", "xlsx"
        )
        assert result.exit_code == 1, result.output
        (line,) = result.output.strip().splitlines()
        assert reason in line
    assert db.stat().st_size == size and fifo.is_fifo()


def test_the_command_works_on_a_read_only_catalogue(
    catalogue: tuple[sqlite3.Connection, int, Path], tmp_path: Path
) -> None:
    """Writing the report changes nothing in the catalogue, so --read-only allows it."""
    _, _, db = catalogue
    target = tmp_path / "r.docx"
    result = run("--db", str(db), "--read-only", "answers", "report", "Nyt ESDH", str(target))
    assert result.exit_code == 0, result.output
    assert target.is_file()
