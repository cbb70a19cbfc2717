"""`kravtui db copy SRC DST`: a whole catalogue between a file and a PostgreSQL database.

The proof: the sample catalogue with edits, a soft and a hard delete, sources, two selections
(ticked, unticked by hand, questionnaire answers, the current selection), two vendors' answers,
assessments and a winner, copied SQLite -> PostgreSQL -> SQLite: every table's rows equal to the
original's, the final file's catalogue TOML and every selection's TOML byte-identical to the
original's, and its list keys, text indexes and word list as the invariant checker wants them.
Hostile cases first: each is one line, and neither SRC nor DST changes.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kravtui.answers.records import Status
from kravtui.application.answers import assess_answers, choose_winner, import_answer_file
from kravtui.application.db_copy import KEPT_BY_ENGINE, CopyError, copy_catalogue
from kravtui.catalogue.db import create_catalogue, open_catalogue, transaction
from kravtui.catalogue.editing import save_requirement, set_deleted
from kravtui.catalogue.location import PostgresLocation, SqliteLocation, locate
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.schema import SCHEMA_VERSION
from kravtui.catalogue.schema_postgres import DATA_TABLES
from kravtui.catalogue.search import search
from kravtui.catalogue.search_query import SearchQuery
from kravtui.catalogue.sources import set_references
from kravtui.cli import main
from kravtui.i18n import t
from kravtui.interchange.catalogue_toml import export_catalogue
from kravtui.interchange.sample import create_from_sample
from kravtui.interchange.sample_answers import copy_sample_answers
from kravtui.interchange.selection_toml import export_selection_toml
from kravtui.selection.current import remember_selection
from kravtui.selection.items import tick, untick
from kravtui.selection.records import Answer, SelectionInfo
from kravtui.selection.store import create_selection, set_answers
from tests.catalogue_files import run_kravtui
from tests.postgres_cluster import Cluster
from tests.test_list_order import FTS, check_word_list, matches

SECRET = "pw-Zq81xx"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", "db", "copy", *args])


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kravtui: error: "), result.stderr
    assert "Traceback" not in result.output and "\x1b" not in result.output
    return lines[0]


def file_state(folder: Path) -> dict[str, str]:
    """Every entry of `folder` by name: a file's digest, or its kind."""
    state = {}
    for entry in sorted(folder.iterdir()):
        if entry.is_fifo():
            state[entry.name] = "fifo"
        elif entry.is_file():
            state[entry.name] = hashlib.sha256(entry.read_bytes()).hexdigest()
        else:
            state[entry.name] = "folder"
    return state


def rich_catalogue(path: Path, answers_folder: Path) -> None:
    """The sample with something in every table (see the module docstring)."""
    conn = create_from_sample(path)
    try:
        sample_id = int(conn.execute("SELECT id FROM selection").fetchone()[0])
        for copied in copy_sample_answers(conn, answers_folder):
            import_answer_file(conn, sample_id, copied.answer.vendor, copied.path)
        answered = [str(row[0]) for row in conn.execute("SELECT uid FROM vendor_answer LIMIT 3")]
        assess_answers(conn, sample_id, "Leverandør A", answered[:2], Status.ACCEPTED)
        assess_answers(conn, sample_id, "Leverandør A", answered[2:], Status.REJECTED, "Nej\ttak")
        assess_answers(conn, sample_id, "Leverandør B", answered, Status.ELABORATION_NEEDED, "?")
        choose_winner(conn, sample_id, "Leverandør A")
        uids = [str(row[0]) for row in conn.execute("SELECT uid FROM requirement ORDER BY id")]
        first = get_requirement(conn, uids[0])
        assert first is not None
        edited = replace(first.content, title="Ændret: æøå 🚀", description="to\nlinjer\tfane")
        save_requirement(conn, edited, expected_version=first.meta.version)
        set_deleted(conn, uids[1], True)
        new = RequirementContent(
            uid="ZZZ-7", title="Ny", category=first.content.category, all_domains=True
        )
        save_requirement(conn, new, expected_version=None)
        unused = conn.execute(
            "SELECT uid FROM requirement WHERE id NOT IN"
            " (SELECT requirement_id FROM selection_item WHERE requirement_id IS NOT NULL)"
            " ORDER BY id LIMIT 1 OFFSET 5"
        ).fetchone()[0]
        with transaction(conn):  # a hard delete: the ids have a gap the copy must keep
            conn.execute("DELETE FROM requirement WHERE uid = ?", (unused,))
            set_references(conn, "os2kravmotor", [(uids[2], "1234"), (uids[3], "77")])
        other = create_selection(
            conn,
            SelectionInfo(title="Andet indkøb", organisation="Kommunen", deadline="2031-01-02"),
        )
        kept = [uid for uid in uids[2:14] if uid != unused]
        tick(conn, other.id, kept)
        untick(conn, other.id, kept[3:5])
        tag = str(conn.execute("SELECT name FROM tag ORDER BY id").fetchone()[0])
        set_answers(conn, other.id, {tag: Answer.YES})
        remember_selection(conn, other.id, user="anna")
    finally:
        conn.close()


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("original")
    path = folder / "original.db"
    rich_catalogue(path, tmp_path_factory.mktemp("answers"))
    conn = open_catalogue(path)  # settled: no write-ahead log left to change the file's bytes
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def copied_columns(conn: Any, table: str) -> list[str]:
    cursor = conn.execute(f"SELECT * FROM {table} LIMIT 0")
    names = [column[0] for column in cursor.description]
    generated = {"uid_order", "search"}
    return [n for n in names if n not in generated and f"{table}.{n}" not in KEPT_BY_ENGINE]


def table_rows(conn: Any, table: str) -> list[tuple[Any, ...]]:
    columns = copied_columns(conn, table)
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(f"SELECT {', '.join(sorted(columns))} FROM {table}").fetchall()
    return sorted(tuple(row) for row in rows)


def all_rows(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {table: table_rows(conn, table) for table in DATA_TABLES}


def check_list_and_indexes(conn: sqlite3.Connection) -> None:
    """The invariants of tests/test_list_order.py for any catalogue: list keys in list order,
    each requirement in its text index (by its flag) under its key and nowhere else, every word
    in the word list; SQLite's own integrity checks pass."""
    rows = conn.execute(
        "SELECT uid, list_key, deleted FROM requirement ORDER BY uid_order, id"
    ).fetchall()
    keys = [row["list_key"] for row in rows]
    assert None not in keys and keys == sorted(set(keys))
    for flag, table in FTS.items():
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        conn.execute(
            f"CREATE VIRTUAL TABLE temp.{table}_v USING fts5vocab(main, {table}, instance)"
        )
        indexed = [
            row[0] for row in conn.execute(f"SELECT DISTINCT doc FROM {table}_v ORDER BY doc")
        ]
        assert indexed == [row["list_key"] for row in rows if row["deleted"] == flag]
    for row in rows:
        assert row["list_key"] in matches(conn, FTS[row["deleted"]], row["uid"])
        assert row["list_key"] not in matches(conn, FTS[1 - row["deleted"]], row["uid"])
    check_word_list(conn)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def exports(path: Path, folder: Path) -> dict[str, bytes]:
    """The catalogue's TOML and every selection's, exported from the file at `path`."""
    folder.mkdir()
    conn = open_catalogue(path, read_only=True)
    try:
        export_catalogue(conn, folder / "catalogue.toml")
        for (selection_id,) in conn.execute("SELECT id FROM selection"):
            export_selection_toml(conn, selection_id, folder / f"selection-{selection_id}.toml")
    finally:
        conn.close()
    return {entry.name: entry.read_bytes() for entry in sorted(folder.iterdir())}


def test_the_tables_are_copied_in_an_order_their_foreign_keys_allow() -> None:
    from sqlmodel import SQLModel

    import kravtui.catalogue.models  # noqa: F401  (the tables register themselves)

    tables = SQLModel.metadata.tables
    assert set(DATA_TABLES) == set(tables)
    for position, name in enumerate(DATA_TABLES):
        for key in tables[name].foreign_keys:
            assert DATA_TABLES.index(key.column.table.name) < position, (name, key.target_fullname)


# --- hostile cases: one line each, nothing changed -----------------------------------------


def test_a_copy_onto_the_catalogue_itself_is_refused(original: Path, tmp_path: Path) -> None:
    before = file_state(original.parent)
    link = tmp_path / "same.db"
    link.symlink_to(original)
    for target in (str(original), str(original.parent / "." / original.name), str(link)):
        line = one_error_line(run(str(original), target))
        assert "exists" in line or "being copied" in line
    assert file_state(original.parent) == before


def test_an_existing_file_or_fifo_as_dst_is_left_as_it_was(original: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.db").write_bytes(b"my notes")
    os.mkfifo(tmp_path / "pipe.db")
    (tmp_path / "folder.db").mkdir()
    before = file_state(tmp_path)
    for name in ("notes.db", "pipe.db", "folder.db"):
        line = one_error_line(run(str(original), str(tmp_path / name)))
        assert name in line
    assert file_state(tmp_path) == before


def test_src_that_is_no_catalogue_is_refused(tmp_path: Path) -> None:
    (tmp_path / "text.db").write_text("hello\n")
    os.mkfifo(tmp_path / "pipe.db")
    foreign = sqlite3.connect(tmp_path / "foreign.db")
    foreign.execute("CREATE TABLE t (x)")
    foreign.commit()
    foreign.close()
    before = file_state(tmp_path)
    for name in ("text.db", "pipe.db", "foreign.db", "missing.db"):
        one_error_line(run(str(tmp_path / name), str(tmp_path / "copy.db")))
    assert file_state(tmp_path) == before


def test_src_of_a_newer_kravtui_is_refused(original: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    newer.write_bytes(original.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = file_state(tmp_path)
    line = one_error_line(run(str(newer), str(tmp_path / "copy.db")))
    assert "newer" in line
    assert file_state(tmp_path) == before


def test_src_at_an_older_schema_version_is_refused_unchanged(tmp_path: Path) -> None:
    older = tmp_path / "older.db"
    create_from_sample(older).close()
    conn = sqlite3.connect(older)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")  # readable, not yet upgraded
    conn.commit()
    conn.close()
    before = older.read_bytes()
    with pytest.raises(CopyError, match=f"schema version {SCHEMA_VERSION - 1}"):
        copy_catalogue(SqliteLocation(older), SqliteLocation(tmp_path / "copy.db"))
    assert older.read_bytes() == before and not (tmp_path / "copy.db").exists()


def test_a_read_only_folder_as_dst_is_one_line_and_nothing_is_made(
    original: Path, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_kravtui("db", "copy", str(original), str(locked / "copy.db"))
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1, result.stdout
    assert len(result.stderr.splitlines()) == 1 and "cannot create" in result.stderr
    assert list(locked.iterdir()) == []


def test_control_characters_in_a_path_are_not_printed_raw(original: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "a\x1b[31m\u202ered.db"
    hostile.write_bytes(b"kept")
    line = one_error_line(run(str(original), str(hostile)))
    assert "\u202e" not in line
    assert hostile.read_bytes() == b"kept"


def test_a_failure_midway_leaves_no_file_nor_the_folders_made_for_it(
    original: Path, tmp_path: Path
) -> None:
    target = tmp_path / "new" / "folder" / "copy.db"

    def stop(table: str, done: int, total: int) -> None:
        if table == "revision":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        copy_catalogue(SqliteLocation(original), SqliteLocation(target), progress=stop)
    assert list(tmp_path.iterdir()) == []


# --- the copies ------------------------------------------------------------------------------


def test_sqlite_to_sqlite_is_the_same_catalogue(original: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    result = run(str(original), str(target))
    assert result.exit_code == 0, result.output
    assert "requirements" in result.stdout
    source, copy = open_catalogue(original, read_only=True), open_catalogue(target)
    try:
        assert all_rows(copy) == all_rows(source)
        check_list_and_indexes(copy)
        query = SearchQuery(text="adgang")
        found = [row.uid for row in search(source, query).rows]
        assert found and [row.uid for row in search(copy, query).rows] == found
    finally:
        source.close()
        copy.close()
    assert exports(target, tmp_path / "copied") == exports(original, tmp_path / "original")


@pytest.fixture
def postgres_copy(original: Path, postgres_url: str) -> Iterator[PostgresLocation]:
    result = run(str(original), postgres_url)
    assert result.exit_code == 0, result.output
    yield PostgresLocation(postgres_url)


def test_sqlite_to_postgresql_to_sqlite_keeps_every_row_and_export(
    original: Path, postgres_copy: PostgresLocation, tmp_path: Path
) -> None:
    back = tmp_path / "back.db"
    result = run(postgres_copy.conninfo, str(back))
    assert result.exit_code == 0, result.output
    source = open_catalogue(original, read_only=True)
    server = open_catalogue(postgres_copy, read_only=True)
    copy = open_catalogue(back)
    try:
        expected = all_rows(source)
        assert all(expected[table] for table in DATA_TABLES), "the proof needs every table"
        assert all_rows(server) == expected
        assert all_rows(copy) == expected
        check_list_and_indexes(copy)
    finally:
        source.close()
        server.close()
        copy.close()
    assert exports(back, tmp_path / "copied") == exports(original, tmp_path / "original")


def test_a_postgresql_copy_finds_and_counts_what_the_original_does(
    original: Path, postgres_copy: PostgresLocation
) -> None:
    source = open_catalogue(original, read_only=True)
    server = open_catalogue(postgres_copy, read_only=True)
    try:
        texts = {"adgang", "linjer", "fane", "ændret"}  # the edited requirement's new words
        for uid, title in source.execute("SELECT uid, title FROM requirement"):
            texts |= {uid, *(word for word in title.split() if len(word) >= 3)}
        for text in sorted(texts):
            for deleted in (False, True):
                query = SearchQuery(text=text, deleted=deleted)
                want = search(source, query, limit=1000)
                assert search(server, query, limit=1000) == want, (text, deleted)
        assert search(source, SearchQuery(text="linjer")).total == 1
    finally:
        source.close()
        server.close()


def test_postgresql_ids_continue_after_the_copied_ones(
    original: Path, postgres_copy: PostgresLocation
) -> None:
    conn = open_catalogue(postgres_copy)
    try:
        for table in ("selection", "requirement", "revision", "answer_assessment"):
            largest = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
            assert (
                conn.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))").fetchone()[
                    0
                ]
                == largest + 1
            )
        revision = conn.execute("SELECT author FROM revision ORDER BY id LIMIT 1").fetchone()[0]
        assert (
            revision
            == sqlite3.connect(original)
            .execute("SELECT author FROM revision ORDER BY id LIMIT 1")
            .fetchone()[0]
        )
    finally:
        conn.close()


def not_empty_line(location: PostgresLocation) -> str:
    """The one line a copy into a database with tables says: the copy's own words (not
    init's), naming the target and saying nothing was changed."""
    line = "kravtui: error: " + t("db.copy.not_empty", target=location.display)
    assert location.display in line and "nothing was changed" in line
    assert "init" not in line
    return line


def test_dst_database_not_empty_or_a_catalogue_already_is_refused_unchanged(
    original: Path, postgres_copy: PostgresLocation, postgres_cluster: Cluster
) -> None:
    before = all_rows_of(postgres_copy)
    line = one_error_line(run(str(original), postgres_copy.conninfo))
    assert line == not_empty_line(postgres_copy)
    assert all_rows_of(postgres_copy) == before
    line = one_error_line(run(postgres_copy.conninfo, postgres_copy.conninfo))
    assert "being copied" in line
    postgres_cluster.admin("CREATE DATABASE other TEMPLATE template0 ENCODING 'UTF8'")
    try:
        postgres_cluster.admin("CREATE TABLE notes (x text)", dbname="other")
        other = PostgresLocation(postgres_cluster.url("other"))
        line = one_error_line(run(str(original), other.conninfo))
        assert line == not_empty_line(other)
        danish = CliRunner().invoke(
            main, ["--lang", "da", "db", "copy", str(original), other.conninfo]
        )
        assert danish.exit_code == 1
        assert danish.stderr == (
            f"kravtui: fejl: {other.display}: databasen rummer allerede tabeller, og en kopi kan"
            " kun lægges i en tom database; intet er ændret\n"
        )
        import psycopg

        with psycopg.connect(postgres_cluster.url("other")) as conn:
            tables = conn.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            ).fetchall()
        assert tables == [("notes",)]
    finally:
        postgres_cluster.admin('DROP DATABASE "other" WITH (FORCE)')


def all_rows_of(location: PostgresLocation) -> dict[str, list[tuple[Any, ...]]]:
    conn = open_catalogue(location, read_only=True)
    try:
        return all_rows(conn)
    finally:
        conn.close()


def empty(postgres_url: str) -> bool:
    import psycopg

    with psycopg.connect(postgres_url) as conn:
        found = conn.execute(
            "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"
        ).fetchone()
    return found is not None and found[0] == 0


def test_a_failure_midway_rolls_the_database_back(original: Path, postgres_url: str) -> None:
    def stop(table: str, done: int, total: int) -> None:
        if table == "selection_item":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        copy_catalogue(SqliteLocation(original), locate(postgres_url), progress=stop)
    assert empty(postgres_url)


def test_text_postgresql_cannot_hold_is_one_line_and_nothing_is_left(
    tmp_path: Path, postgres_url: str
) -> None:
    path = tmp_path / "nul.db"
    create_from_sample(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE requirement SET notes = 'a' || char(0) || 'b' WHERE id = 3")
    conn.commit()
    conn.close()
    line = one_error_line(run(str(path), postgres_url))
    assert "nothing was left" in line
    assert empty(postgres_url)


def test_a_password_in_the_conninfo_is_never_printed(
    original: Path, postgres_cluster: Cluster, tmp_path: Path
) -> None:
    missing = postgres_cluster.url("no_such_database", password=SECRET)
    line = one_error_line(run(str(original), missing))
    assert SECRET not in line and "***" in line
    line = one_error_line(run(missing, str(tmp_path / "copy.db")))
    assert SECRET not in line
    assert list(tmp_path.iterdir()) == []
    keywords = f"{postgres_cluster.keywords('no_such_database')} password={SECRET}"
    line = one_error_line(run(str(original), keywords))
    assert SECRET not in line


def test_a_copy_to_a_database_prints_its_conninfo_masked(
    original: Path, postgres_cluster: Cluster, postgres_url: str
) -> None:
    name = postgres_url.rsplit("/", 1)[1].split("?")[0]
    with_password = postgres_cluster.url(name, password=SECRET)  # trust: the server ignores it
    result = run(str(original), with_password)
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output and "***" in result.stdout


def test_a_big_copy_tells_its_progress_on_stderr(
    original: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kravtui.cli.db_commands.PROGRESS_FROM", 100)  # "big": 100 rows here
    result = run(str(original), str(tmp_path / "copy.db"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines and all(line.startswith("kravtui: copying ") for line in lines)
    count = sqlite3.connect(original).execute("SELECT count(*) FROM requirement").fetchone()[0]
    assert f"kravtui: copying requirement: {count}/{count}" in lines
    assert not any("category" in line for line in lines)  # small tables say nothing


SCHEMA_QUERIES = (
    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2",
    "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
    " ORDER BY 1, 2",
    "SELECT tgrelid::regclass::text, tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal"
    " ORDER BY 1, 2",
)


def schema_of(conninfo: str) -> list[list[tuple[Any, ...]]]:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        return [conn.execute(query).fetchall() for query in SCHEMA_QUERIES]


def test_the_copy_has_a_new_catalogues_keys_indexes_and_triggers(
    postgres_copy: PostgresLocation, postgres_cluster: Cluster
) -> None:
    postgres_cluster.admin("CREATE DATABASE fresh TEMPLATE template0 ENCODING 'UTF8'")
    try:
        create_catalogue(PostgresLocation(postgres_cluster.url("fresh"))).close()
        assert schema_of(postgres_copy.conninfo) == schema_of(postgres_cluster.url("fresh"))
    finally:
        postgres_cluster.admin('DROP DATABASE "fresh" WITH (FORCE)')


def test_a_copy_between_files_does_not_load_psycopg(original: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from kravtui.cli import main\n"
        f"main(['db', 'copy', {str(original)!r}, {str(tmp_path / 'c.db')!r}],"
        " standalone_mode=False)\n"
        "print('LOADED', 'psycopg' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "LOADED False" in result.stdout
