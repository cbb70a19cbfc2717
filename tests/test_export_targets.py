"""Where `kravtui export` may write: never over the open catalogue, a database or a special file.

Every refusal is one line on stderr, exit status 1, and the target exactly as it was (bytes,
kind, mode). A successful export keeps the replaced file's permission bits, writes through a
symlink and removes the temporary files that a killed earlier export left beside the target.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.cli import main

SQLITE_HEADER = b"SQLite format 3\x00"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "k.db"
    assert run("init", "--db", str(path)).exit_code == 0
    assert run("selection", "new", "ESDH", "--db", str(path)).exit_code == 0
    assert run("selection", "add", "ESDH", "SIK-001", "--db", str(path)).exit_code == 0
    return path


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of a catalogue with one selection ("ESDH"), in its own folder."""
    path = tmp_path / "k.db"
    path.write_bytes(sample_db.read_bytes())
    return path


Export = Callable[[Path, str], Result]


def export_catalogue(db: Path, target: str) -> Result:
    return run("--db", str(db), "export", "catalogue", "-o", target)


def export_toml(db: Path, target: str) -> Result:
    return run("--db", str(db), "export", "selection", "ESDH", "--format", "toml", "-o", target)


def export_docx(db: Path, target: str) -> Result:
    return run("--db", str(db), "export", "selection", "ESDH", "--format", "docx", "-o", target)


EXPORTS = [export_catalogue, export_toml, export_docx]
EXPORT_IDS = ["catalogue", "selection-toml", "selection-docx"]


def refused(result: Result, reason: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0], result.output
    assert "Traceback" not in result.output


def still_a_catalogue(db: Path) -> None:
    assert db.read_bytes().startswith(SQLITE_HEADER)
    listed = run("--db", str(db), "list", "--json")
    assert listed.exit_code == 0 and "SIK-001" in listed.output


@pytest.mark.parametrize("export", EXPORTS, ids=EXPORT_IDS)
def test_the_open_catalogue_is_never_an_export_target(db: Path, export: Export) -> None:
    before = db.read_bytes()
    refused(export(db, str(db)), "this is the open catalogue")
    assert db.read_bytes() == before
    still_a_catalogue(db)


@pytest.mark.parametrize("export", EXPORTS, ids=EXPORT_IDS)
def test_the_catalogue_through_a_symlink_or_dotdot_is_refused(
    db: Path, tmp_path: Path, export: Export
) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(db)
    (tmp_path / "sub").mkdir()
    before = db.read_bytes()
    refused(export(db, str(link)), "this is the open catalogue")
    refused(export(db, str(tmp_path / "sub" / ".." / "k.db")), "this is the open catalogue")
    assert link.is_symlink() and db.read_bytes() == before
    still_a_catalogue(db)


def test_a_hard_link_to_the_catalogue_is_refused(db: Path, tmp_path: Path) -> None:
    other_name = tmp_path / "same-inode.toml"
    os.link(db, other_name)
    refused(export_catalogue(db, str(other_name)), "this is the open catalogue")
    still_a_catalogue(db)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
@pytest.mark.parametrize("export", EXPORTS, ids=EXPORT_IDS)
def test_the_catalogues_journal_files_are_refused(db: Path, export: Export, suffix: str) -> None:
    side_file = Path(f"{db}{suffix}")
    refused(export(db, str(side_file)), "this is the open catalogue")
    assert not side_file.exists() or not side_file.read_bytes().startswith(b"# kravtui")
    still_a_catalogue(db)


@pytest.mark.parametrize("export", EXPORTS, ids=EXPORT_IDS)
def test_another_database_is_refused_directly_and_through_a_symlink(
    db: Path, tmp_path: Path, export: Export
) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = other.read_bytes()
    link = tmp_path / "other.toml"
    link.symlink_to(other)
    refused(export(db, str(other)), "this is an SQLite database")
    refused(export(db, str(link)), "this is an SQLite database")
    assert other.read_bytes() == before and link.is_symlink()


def test_a_fifo_is_refused_without_opening_it(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "kravtui", "--lang", "en", "--db", str(db)]
    # A subprocess with a timeout: opening a FIFO with no reader would block forever.
    done = subprocess.run(
        [*command, "export", "catalogue", "-o", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "not an ordinary file" in done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_device_is_refused(db: Path, tmp_path: Path) -> None:
    # Through a link first: an export that does not check (an older kravtui) then replaces the
    # link in tmp_path and fails here, instead of replacing the machine's /dev/null.
    link = tmp_path / "null.toml"
    link.symlink_to("/dev/null")
    refused(export_catalogue(db, str(link)), "not an ordinary file")
    assert link.is_symlink()
    refused(export_catalogue(db, "/dev/null"), "not an ordinary file")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("export", EXPORTS, ids=EXPORT_IDS)
def test_a_folder_is_refused(db: Path, tmp_path: Path, export: Export) -> None:
    folder = tmp_path / "out.toml"
    folder.mkdir()
    refused(export(db, str(folder)), "this is a folder")
    assert folder.is_dir() and list(folder.iterdir()) == []


@pytest.mark.parametrize("export", EXPORTS, ids=EXPORT_IDS)
def test_a_missing_folder_or_a_file_in_its_place_is_refused(
    db: Path, tmp_path: Path, export: Export
) -> None:
    missing = tmp_path / "no" / "such"
    refused(export(db, str(missing / "x.toml")), f"there is no folder {missing}")
    assert not (tmp_path / "no").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("mine\n")
    refused(export(db, str(blocker / "x.toml")), f"there is no folder {blocker}")
    assert blocker.read_text() == "mine\n"


def test_a_read_only_folder_is_refused(db: Path, tmp_path: Path) -> None:
    # Decided by the folder's mode bits (and access()), so it holds for root as well.
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        refused(export_catalogue(db, str(folder / "x.toml")), f"the folder {folder} is read-only")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_a_read_only_file_is_refused(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "k.toml"
    target.write_text("kept\n")
    target.chmod(0o444)
    refused(export_catalogue(db, str(target)), "the file is read-only")
    assert target.read_text() == "kept\n" and stat.S_IMODE(target.stat().st_mode) == 0o444


@pytest.mark.parametrize("export", EXPORTS, ids=EXPORT_IDS)
def test_a_replaced_file_keeps_its_mode(db: Path, tmp_path: Path, export: Export) -> None:
    target = tmp_path / "k.out"
    target.write_text("old\n")
    target.chmod(0o640)
    result = export(db, str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != b"old\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_stale_temporaries_of_a_killed_export_are_removed(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "k.toml"
    stale = tmp_path / ".k.toml.abc123.tmp"
    stale.write_text("half an export")
    someone_elses = tmp_path / ".notes.toml.abc123.tmp"
    someone_elses.write_text("not ours")
    result = export_catalogue(db, str(target))
    assert result.exit_code == 0, result.output
    assert not stale.exists() and someone_elses.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".k.")) == []


def test_a_symlink_to_an_ordinary_file_is_written_through(db: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.toml"
    real.write_text("old\n")
    link = tmp_path / "latest.toml"
    link.symlink_to(real.name)
    result = export_catalogue(db, str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and 'kind = "catalogue"' in real.read_text(encoding="utf-8")


def test_the_default_exports_folder_is_still_created(
    db: Path, tmp_path: Path, user_folders: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(tmp_path / "config"))
    result = run("--db", str(db), "export", "selection", "ESDH", "--format", "toml")
    assert result.exit_code == 0, result.output
    assert (user_folders / "ESDH.toml").is_file()
