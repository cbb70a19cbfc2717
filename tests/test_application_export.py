"""The export use case below both faces (`kravtui.application.export`): hostile targets and
cancellation first, then that the CLI's `--format` choices are the table's entries.

The exports run on both engines (`conn`); what protects the catalogue's own files, and deleting
a selection (a service ported in another piece), on SQLite (`sqlite_conn`)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kravtui.application.export import (
    CATALOGUE_FORMATS,
    SELECTION_FORMATS,
    DocumentChoices,
    ExportCancelled,
    ExportError,
    ExportHooks,
    check_target,
    default_selection_path,
    export_catalogue,
    export_selection,
)
from kravtui.catalogue.db import connect, open_catalogue
from kravtui.catalogue.location import PostgresLocation
from kravtui.cli import main
from kravtui.i18n import set_language, t
from tests.catalogue_factory import add_selection


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A sample catalogue with one selection, "ESDH", holding SIK-001."""
    path = tmp_path / "k.db"
    runner = CliRunner()
    for args in (["init"], ["selection", "new", "ESDH"], ["selection", "add", "ESDH", "SIK-001"]):
        assert runner.invoke(main, ["--lang", "en", "--db", str(path), *args]).exit_code == 0
    set_language("en")
    return path


@pytest.fixture
def sqlite_conn(db: Path) -> Iterator[sqlite3.Connection]:
    connection = connect(db)
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def conn(engine: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The sample catalogue with the selection "ESDH" holding SIK-001, on each engine in turn
    (on PostgreSQL the selection is made by the test factory's plain INSERTs)."""
    if engine == "sqlite":
        yield request.getfixturevalue("sqlite_conn")
        return
    url = request.getfixturevalue("postgres_url")
    assert CliRunner().invoke(main, ["--lang", "en", "--db", url, "init"]).exit_code == 0
    set_language("en")
    connection = open_catalogue(PostgresLocation(url))
    add_selection(connection, ticked=["SIK-001"], title="ESDH")
    try:
        yield connection
    finally:
        connection.close()


def _selection_id(conn: Any) -> int:
    return int(conn.execute("SELECT id FROM selection WHERE title = 'ESDH'").fetchone()[0])


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_catalogue_and_its_side_files_are_refused_in_one_line(
    sqlite_conn: sqlite3.Connection, db: Path, suffix: str
) -> None:
    before = db.read_bytes()
    with pytest.raises(ExportError) as raised:
        check_target(sqlite_conn, Path(f"{db}{suffix}"), create_folder=False)
    assert "\n" not in str(raised.value)
    assert db.read_bytes() == before


def test_a_fifo_and_a_missing_folder_are_refused(conn: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    for path in (fifo, tmp_path / "no-such-folder" / "x.docx"):
        with pytest.raises(ExportError):
            check_target(conn, path, create_folder=False)


@pytest.mark.parametrize("format_name", ["docx", "toml", "answer-sheet", "xlsx"])
def test_a_cancelled_export_raises_and_leaves_the_existing_file(
    conn: Any, tmp_path: Path, format_name: str
) -> None:
    existing = tmp_path / f"kept.{format_name}"
    existing.write_bytes(b"the officer's copy")
    target = check_target(conn, existing, create_folder=False)
    stop = ExportHooks(cancelled=lambda: True)
    with pytest.raises(ExportCancelled):
        export_selection(conn, _selection_id(conn), target, format_name, hooks=stop)
    assert existing.read_bytes() == b"the officer's copy"
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("k.db"))
    assert left == [f"kept.{format_name}"]  # no temporary file either


def test_pdf_without_libreoffice_is_refused_before_anything_is_written(
    conn: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    target = check_target(conn, tmp_path / "x.pdf", create_folder=False)
    with pytest.raises(ExportError, match="LibreOffice"):
        export_selection(conn, _selection_id(conn), target, "pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("format_name", ["docx", "toml", "answer-sheet", "xlsx"])
def test_a_failing_write_is_one_line(
    conn: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format_name: str
) -> None:
    """A disk that refuses the write (full, read-only, gone) is one line, as root too, and
    leaves no temporary file."""
    import kravtui.atomic_file

    def refuse(_source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(kravtui.atomic_file.os, "replace", refuse)
    target = check_target(conn, tmp_path / f"x.{format_name}", create_folder=False)
    with pytest.raises(ExportError) as raised:
        export_selection(
            conn, _selection_id(conn), target, format_name, DocumentChoices(page_numbers=False)
        )
    assert "\n" not in str(raised.value) and "Permission denied" in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("k.db")) == []


@pytest.mark.parametrize("format_name", ["docx", "toml", "answer-sheet"])
def test_a_selection_deleted_meanwhile_is_one_export_error(
    sqlite_conn: sqlite3.Connection, tmp_path: Path, format_name: str
) -> None:
    """Another session deleted the selection after the target was checked (the TUI's dialog
    was open): one line as an `ExportError`, nothing written, instead of a `SelectionError`
    the TUI's worker did not expect."""
    from kravtui.selection.store import delete_selection

    selection_id = _selection_id(sqlite_conn)
    target = check_target(sqlite_conn, tmp_path / f"x.{format_name}", create_folder=False)
    delete_selection(sqlite_conn, selection_id)
    with pytest.raises(ExportError) as raised:
        export_selection(
            sqlite_conn, selection_id, target, format_name, DocumentChoices(page_numbers=False)
        )
    assert str(raised.value) == t("selection.unknown", name=str(selection_id))
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("k.db")) == []


def test_each_selection_format_writes_its_file_through_the_one_call(
    conn: Any, tmp_path: Path
) -> None:
    for name, chosen in SELECTION_FORMATS.items():
        if chosen.needs_libreoffice:
            continue  # tests/test_docx_pdf_export.py converts with a real LibreOffice
        path = default_selection_path("ESDH 2026/x", name, tmp_path)
        assert path == tmp_path / f"ESDH-2026-x{chosen.name_ending}{chosen.file_suffix}"
        target = check_target(conn, path, create_folder=False)
        quick = DocumentChoices(page_numbers=False)  # the LibreOffice pass: test_docx_page_numbers
        assert export_selection(conn, _selection_id(conn), target, name, quick).requirements == 1
        assert path.stat().st_size > 0


def test_the_catalogue_export_refuses_its_own_file(
    sqlite_conn: sqlite3.Connection, db: Path
) -> None:
    before = db.read_bytes()
    with pytest.raises(ExportError):
        export_catalogue(sqlite_conn, db)
    assert db.read_bytes() == before


def test_the_cli_offers_exactly_the_table_formats() -> None:
    """The CLI reads its `--format` choices from the application's tables, in their order."""
    for command, table in (("selection", SELECTION_FORMATS), ("catalogue", CATALOGUE_FORMATS)):
        shown = CliRunner().invoke(main, ["--lang", "en", "export", command, "--help"]).output
        assert f"[{'|'.join(table)}]" in shown


def test_every_format_has_a_label_in_both_languages() -> None:
    for language in ("en", "da"):
        set_language(language)
        for chosen in SELECTION_FORMATS.values():
            assert t(chosen.label_key) != chosen.label_key
    set_language("en")


@pytest.mark.parametrize(
    ("asked", "most", "laid_out", "notice"),
    [
        (None, 1, True, False),  # short enough: laid out unless told not to
        (None, 0, False, True),  # too long: written without, and the export says why
        (True, 0, True, False),  # asked all the same
        (False, 1, False, False),  # told not to: nothing to say
    ],
)
def test_page_numbers_by_default_only_for_a_document_laid_out_in_seconds(
    sqlite_conn: sqlite3.Connection,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    asked: bool | None,
    most: int,
    laid_out: bool,
    notice: bool,
) -> None:
    """LibreOffice lays out 300 requirements in seconds but 13,000 for more than ten minutes:
    a document longer than `PAGE_NUMBERS_MOST` gets its contents' page numbers only when asked
    (`--page-numbers`), and otherwise says in one line where they appear."""
    from kravtui.application import export

    monkeypatch.setattr(export, "PAGE_NUMBERS_MOST", most)  # the selection holds 1
    seen: list[bool] = []
    write_docx = export.write_docx

    def spy(*args: Any, page_numbers: bool, **kwargs: Any) -> Any:
        seen.append(page_numbers)
        return write_docx(*args, page_numbers=False, **kwargs)  # LibreOffice's run: elsewhere

    monkeypatch.setattr(export, "write_docx", spy)
    target = check_target(sqlite_conn, tmp_path / "x.docx", create_folder=False)
    choices = DocumentChoices(page_numbers=asked)
    written = export_selection(sqlite_conn, _selection_id(sqlite_conn), target, "docx", choices)
    assert seen == [laid_out]
    assert (written.notice == t("docx.pages.too_long", count=1)) is notice
    assert "\n" not in written.notice


def test_no_two_formats_suggest_the_same_file(tmp_path: Path) -> None:
    """The answer sheet and the requirement list are both .xlsx: exporting one after the other
    must not offer to overwrite the first."""
    suggested = [default_selection_path("Udbud 2025", name, tmp_path) for name in SELECTION_FORMATS]
    assert len(set(suggested)) == len(suggested)
    assert default_selection_path("Udbud 2025", "answer-sheet", tmp_path).name == (
        "Udbud-2025-svarark.xlsx"
    )
