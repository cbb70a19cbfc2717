"""Opening a catalogue file from the command line: only kravtui's own catalogues are opened,
anything else is refused in one line and left byte for byte as it was; an empty file is refused;
a catalogue nobody may write is still read; writing commands refuse a read-only catalogue; two
processes upgrading one old catalogue at once both succeed with one backup."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.schema import APPLICATION_ID, SCHEMA_VERSION
from kravtui.cli import main
from tests.catalogue_files import folder_state, old_schema_catalogue, run_kravtui

FOREIGN = "not a kravtui catalogue"


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings in a temporary folder (for this process and the kravtui processes it starts)."""
    folder = tmp_path / "config"
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "files"
    path.mkdir()
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def assert_one_line_refusal(result: Result | subprocess.CompletedProcess[str], text: str) -> None:
    """Exit 1 with exactly one line on stderr, holding `text`, and no traceback."""
    code = result.exit_code if isinstance(result, Result) else result.returncode
    assert code == 1, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("kravtui: error: "), result.stderr
    assert text in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    if isinstance(result, Result):
        assert isinstance(result.exception, SystemExit), result.exception


# --- another program's file -------------------------------------------------------------------


def _other_program(path: Path, *statements: str, wal: bool = False) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    for statement in statements:
        conn.execute(statement)
    conn.close()


OTHER_PROGRAMS = {
    "version 0 with tables": ("CREATE TABLE notes (text)", "INSERT INTO notes VALUES ('x')"),
    "version 2": ("CREATE TABLE notes (text)", "PRAGMA user_version = 2"),
    "version 4": ("CREATE TABLE notes (text)", "PRAGMA user_version = 4"),
    "version 4 without tables": ("PRAGMA user_version = 4",),
    "version beyond ours": ("CREATE TABLE notes (text)", f"PRAGMA user_version = {SCHEMA_VERSION}"),
    "kravtui's table names, other columns": (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        "CREATE TABLE requirement (id INTEGER PRIMARY KEY, uid TEXT)",
        "PRAGMA user_version = 2",
    ),
    "another program's application_id": (
        "CREATE TABLE notes (text)",
        "PRAGMA application_id = 1179402056",
        f"PRAGMA user_version = {SCHEMA_VERSION}",
    ),
}


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
@pytest.mark.parametrize("wal", [False, True], ids=["journal", "wal"])
@pytest.mark.parametrize("case", list(OTHER_PROGRAMS))
def test_another_programs_database_is_refused_and_left_as_it_was(
    folder: Path, case: str, wal: bool, read_only: bool
) -> None:
    path = folder / "other.db"
    _other_program(path, *OTHER_PROGRAMS[case], wal=wal)
    before = folder_state(folder)
    result = run(*(["--read-only"] if read_only else []), "--db", str(path), "list")
    assert_one_line_refusal(result, FOREIGN)
    assert folder_state(folder) == before  # no WAL switch, no -wal/-shm/-journal/.bak files


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(folder: Path) -> None:
    path = folder / "notes.db"
    path.write_text("these are my notes\n" * 20)
    before = folder_state(folder)
    assert_one_line_refusal(run("--db", str(path), "list"), FOREIGN)
    assert folder_state(folder) == before


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_kravtui_catalogues_of_every_earlier_version_are_recognised_and_upgraded(
    folder: Path, version: int
) -> None:
    path = old_schema_catalogue(folder / "old.db", version)
    result = run("--db", str(path), "list", "--json")
    assert result.exit_code == 0, result.output
    assert [row["uid"] for row in json.loads(result.stdout)] == ["SIK-001"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert [p.name for p in folder.glob("*.bak*")] == [f"old.db.schema-v{version}.bak"]


def test_a_read_only_open_reads_the_last_schema_and_names_an_older_one_for_what_it_is(
    folder: Path,
) -> None:
    """A read-only catalogue cannot be upgraded: schema 4 reads as it is, 3 is refused as old."""
    readable = old_schema_catalogue(folder / "v4.db", 4)
    before = folder_state(folder)
    result = run("--read-only", "--db", str(readable), "list", "--json")
    assert result.exit_code == 0, result.output
    assert [row["uid"] for row in json.loads(result.stdout)] == ["SIK-001"]
    assert folder_state(folder)[readable.name] == before[readable.name]
    older = old_schema_catalogue(folder / "v3.db", 3)
    before = folder_state(folder)
    result = run("--read-only", "--db", str(older), "list")
    assert_one_line_refusal(result, "schema version 3 is too old to read without upgrading it")
    assert FOREIGN not in result.stderr
    assert folder_state(folder)[older.name] == before[older.name]


def test_an_index_added_beside_kravtuis_tables_does_not_disown_a_catalogue(folder: Path) -> None:
    path = old_schema_catalogue(folder / "old.db", 3)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE INDEX my_own ON requirement (notes)")
    result = run("--db", str(path), "list", "--json")
    assert result.exit_code == 0, result.output


def test_an_old_catalogue_with_a_changed_table_is_not_recognised(folder: Path) -> None:
    path = old_schema_catalogue(folder / "old.db", 2)
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE requirement ADD COLUMN colour TEXT")
    before = folder_state(folder)
    assert_one_line_refusal(run("--db", str(path), "list"), FOREIGN)
    assert folder_state(folder) == before


def test_a_new_catalogue_carries_kravtuis_mark(folder: Path) -> None:
    path = folder / "new.db"
    assert run("init", "--empty", "--db", str(path)).exit_code == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- an empty file ----------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True], ids=["read-write", "read-only"])
def test_an_empty_file_is_refused_not_made_a_catalogue(folder: Path, read_only: bool) -> None:
    path = folder / "empty.db"
    path.touch()
    before = folder_state(folder)
    result = run(*(["--read-only"] if read_only else []), "--db", str(path), "list")
    assert_one_line_refusal(result, "the file is empty")
    assert "kravtui init" in result.stderr
    assert folder_state(folder) == before


def test_a_missing_catalogue_still_gets_the_sample(folder: Path) -> None:
    result = run("--db", str(folder / "first.db"), "list", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) >= 80


# --- one line, whatever the path holds --------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "text"),
    [(b"", "the file is empty"), (b"not sqlite" * 20, FOREIGN), (None, "no catalogue")],
    ids=["empty", "foreign", "missing"],
)
def test_a_catalogue_error_is_one_line_whatever_the_path_holds(
    folder: Path, content: bytes | None, text: str
) -> None:
    path = folder / "line\nbreak\u202e.db"
    if content is not None:
        path.write_bytes(content)
    result = run("--read-only", "--db", str(path), "list")
    assert_one_line_refusal(result, text)
    assert "line\\nbreak\\u202e.db" in result.stderr


# --- writing commands under --read-only -------------------------------------------------------

SELECTION = "Indkøb"
WRITING: dict[str, tuple[str, ...]] = {
    "init": ("init",),
    "import": ("import", "IMPORT"),
    "selection new": ("selection", "new", "Ny"),
    "selection add": ("selection", "add", SELECTION, "SIK-001"),
    "selection remove": ("selection", "remove", SELECTION, "SIK-001"),
    "selection answer": ("selection", "answer", SELECTION, "Persondata=yes"),
    "selection finalise": ("selection", "finalise", SELECTION),
    "selection edit": ("selection", "edit", SELECTION, "--contact", "Indkøb"),
    "selection duplicate": ("selection", "duplicate", SELECTION),
    "selection delete": ("selection", "delete", SELECTION, "--yes"),
    "selection use": ("selection", "use", SELECTION),
    "selection priority": ("selection", "priority", SELECTION, "SIK-001", "optional"),
    "selection free-text": ("selection", "free-text", SELECTION, "--title", "Eget krav"),
    "selection edit-item": ("selection", "edit-item", SELECTION, "SIK-001", "--title", "Nyt"),
    "selection refresh": ("selection", "refresh", SELECTION, "--all"),
    "answers import": ("answers", "import", SELECTION, "Firma", "ANSWERS"),
    "answers assess": ("answers", "assess", SELECTION, "Firma", "accepted", "SIK-001"),
    "answers winner": ("answers", "winner", SELECTION, "Firma"),
}
READING: dict[str, tuple[str, ...]] = {
    "list": ("list",),
    "show": ("show", "SIK-001"),
    "history": ("history", "SIK-001"),
    "export catalogue": ("export", "catalogue", "-o", "EXPORT"),
    "export selection": ("export", "selection", SELECTION, "-o", "EXPORT"),
    "selection list": ("selection", "list"),
    "selection show": ("selection", "show", SELECTION),
    "selection questions": ("selection", "questions", SELECTION),
    "selection changes": ("selection", "changes", SELECTION),
    "answers list": ("answers", "list", SELECTION),
    "answers show": ("answers", "show", SELECTION, "Firma", "SIK-001"),
    "answers sample": ("answers", "sample", "OUT_FOLDER"),
    "answers report": ("answers", "report", SELECTION, "EXPORT", "--format", "toml"),
}
# they never open the --db catalogue (db copy opens its SRC and DST: tests/test_db_copy.py)
NO_CATALOGUE = {"config path", "diff", "db copy"}


def _command_paths(group: click.Group, prefix: str = "") -> Iterator[str]:
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            yield from _command_paths(command, f"{path} ")
        else:
            yield path


def test_every_command_is_known_as_writing_or_reading() -> None:
    """A new command must be added to WRITING or READING, so the refusal test covers it."""
    known = [*WRITING, *READING, *NO_CATALOGUE]
    assert len(known) == len(set(known))
    assert sorted(_command_paths(main)) == sorted(known)


@pytest.fixture
def catalogue(folder: Path) -> Path:
    """A sample catalogue with one draft selection that has SIK-001 ticked, and the vendor
    "Firma" that has answered it (its blank answer sheet)."""
    path = folder / "c.db"
    assert run("init", "--db", str(path)).exit_code == 0
    assert run("selection", "new", SELECTION, "--db", str(path)).exit_code == 0
    assert run("selection", "add", SELECTION, "SIK-001", "--db", str(path)).exit_code == 0
    sheet = str(folder.parent / "answers.xlsx")  # beside the folder, whose files are compared
    export = ("export", "selection", SELECTION, "--format", "answer-sheet", "-o", sheet)
    assert run(*export, "--db", str(path)).exit_code == 0
    assert run("answers", "import", SELECTION, "Firma", sheet, "--db", str(path)).exit_code == 0
    return path


def _arguments(arguments: tuple[str, ...], folder: Path) -> list[str]:
    toml = folder.parent / "import.toml"
    toml.write_text('format = "kravtui/1"\nkind = "catalogue"\n', encoding="utf-8")
    replace = {
        "IMPORT": str(toml),
        "EXPORT": str(folder.parent / "export.out"),
        "ANSWERS": str(folder.parent / "answers.xlsx"),
        "OUT_FOLDER": str(folder.parent),
    }
    return [replace.get(argument, argument) for argument in arguments]


@pytest.mark.parametrize("command", list(WRITING))
def test_a_writing_command_refuses_a_read_only_catalogue(
    catalogue: Path, folder: Path, command: str
) -> None:
    before = folder_state(folder)
    arguments = _arguments(WRITING[command], folder)
    result = run("--read-only", *arguments, "--db", str(catalogue))
    assert_one_line_refusal(result, "the catalogue is open read-only")
    assert folder_state(folder) == before


@pytest.mark.parametrize("command", list(READING))
def test_a_reading_command_reads_a_read_only_catalogue(
    catalogue: Path, folder: Path, command: str
) -> None:
    before = folder_state(folder)[catalogue.name]
    arguments = _arguments(READING[command], folder)
    result = run("--read-only", *arguments, "--db", str(catalogue))
    assert result.exit_code == 0, result.output
    assert folder_state(folder)[catalogue.name] == before


# --- a catalogue nobody may write -------------------------------------------------------------


@pytest.fixture
def locked_folder(catalogue: Path, folder: Path) -> Iterator[Path]:
    """The catalogue's folder with mode 0555 (put back afterwards, so it can be removed)."""
    assert {p.name for p in folder.iterdir()} == {catalogue.name}  # closed cleanly: no WAL files
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


@pytest.mark.parametrize(
    ("locked", "reason"),
    [("folder", "its folder is not writable"), ("file", "the file is not writable")],
)
@pytest.mark.parametrize("command", list(WRITING))
def test_a_writing_command_refuses_a_catalogue_nobody_may_write(
    catalogue: Path, folder: Path, command: str, locked: str, reason: str
) -> None:
    assert {p.name for p in folder.iterdir()} == {catalogue.name}
    (folder if locked == "folder" else catalogue).chmod(0o555 if locked == "folder" else 0o444)
    before = folder_state(folder)
    try:
        result = run_kravtui(*_arguments(WRITING[command], folder), "--db", str(catalogue))
    finally:
        folder.chmod(0o755)
    text = "already exists" if command == "init" else f"cannot be changed ({reason})"
    assert_one_line_refusal(result, text)
    assert folder_state(folder) == before


@pytest.mark.parametrize("flag", [(), ("--read-only",)], ids=["by-itself", "asked"])
def test_a_catalogue_in_a_read_only_folder_is_read(
    catalogue: Path, locked_folder: Path, flag: tuple[str, ...]
) -> None:
    before = folder_state(locked_folder)
    result = run_kravtui(*flag, "--db", str(catalogue), "list", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) >= 80
    if flag:
        assert result.stderr == ""
    else:  # said once, on stderr, in one line
        assert (
            result.stderr
            == f"kravtui: {catalogue}: opened read-only (its folder is not writable)\n"
        )
    assert folder_state(locked_folder) == before


def test_a_read_only_folder_shows_what_the_catalogues_open_writer_has_not_checkpointed(
    catalogue: Path, folder: Path
) -> None:
    """Its owner has it open: the write-ahead log is read through the owner's -shm file."""
    writer = sqlite3.connect(catalogue, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute("UPDATE requirement SET title = 'Ændret lige nu' WHERE uid = 'SIK-001'")
        for name in ("c.db-wal", "c.db-shm"):
            (folder / name).chmod(0o444)
        folder.chmod(0o555)
        try:
            result = run_kravtui("--db", str(catalogue), "show", "SIK-001", "--json")
        finally:
            folder.chmod(0o755)
    finally:
        writer.close()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Ændret lige nu"


def test_a_read_only_file_is_read_and_not_called_something_else(catalogue: Path) -> None:
    catalogue.chmod(0o444)
    result = run_kravtui("--db", str(catalogue), "show", "SIK-001", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["uid"] == "SIK-001"
    assert result.stderr == f"kravtui: {catalogue}: opened read-only (the file is not writable)\n"
    catalogue.chmod(0o000)  # through the environment: --db's own check would catch it first
    result = run_kravtui("list", env={**os.environ, "KRAVTUI_DB": str(catalogue)})
    assert_one_line_refusal(result, "cannot read the catalogue")
    assert FOREIGN not in result.stderr


# --- two processes upgrading one old catalogue ------------------------------------------------


def _holds_open(pid: int, path: Path) -> bool:
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == str(path) for fd in fds.iterdir())
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to see open files")
def test_two_processes_opening_an_old_catalogue_at_once_both_succeed(folder: Path) -> None:
    path = old_schema_catalogue(folder / "old.db", 1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # both start while the file is busy
    command = [sys.executable, "-m", "kravtui", "--db", str(path), "list", "--json"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    wal = (folder / "old.db-wal").resolve()
    deadline = time.monotonic() + 60
    while not all(_holds_open(p.pid, wal) for p in processes) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)  # each has read what it reads before it waits for the write lock
    holder.execute("ROLLBACK")
    holder.close()
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        assert "Traceback" not in stderr
        assert [row["uid"] for row in json.loads(stdout)] == ["SIK-001"]
    assert [p.name for p in folder.glob("*.bak*")] == ["old.db.schema-v1.bak"]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_link_to_a_catalogue_in_a_read_only_folder_is_read_where_the_file_is(
    catalogue: Path, locked_folder: Path, tmp_path: Path
) -> None:
    """SQLite keeps the journal files beside the real file, so its folder is what counts."""
    link = tmp_path / "link.db"
    link.symlink_to(catalogue)
    before = folder_state(locked_folder)
    result = run_kravtui("--db", str(link), "show", "SIK-001", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"kravtui: {link}: opened read-only (its folder is not writable)\n"
    refused = run_kravtui("selection", "new", "Ny", "--db", str(link))
    assert_one_line_refusal(refused, "cannot be changed (its folder is not writable)")
    assert folder_state(locked_folder) == before
