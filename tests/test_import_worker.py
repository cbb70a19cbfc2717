"""A big import into a catalogue without requirements is read in a process of its own (issue 17).

With the thresholds lowered, a small file takes the same path: the reading process checks every
requirement and sends rows ready to insert, this process writes them. It must leave exactly what
the import in one process leaves (and the whole-file import), refuse every bad file with the
same one-line message, and leave nothing behind (no process, no flag, no half-written rows)
when the reading process fails.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from kravtui.catalogue import bulk_load
from kravtui.catalogue.db import WRITE_CACHE_KIB, create_catalogue
from kravtui.catalogue.records import CatalogueContent
from kravtui.catalogue.sources import sources_by_uid
from kravtui.cli import main
from kravtui.interchange import catalogue_reader, catalogue_stream, catalogue_toml, kinds
from kravtui.interchange.catalogue_toml import catalogue_content, dump_catalogue, import_catalogue
from kravtui.interchange.errors import InterchangeError
from tests.test_bulk_import import (
    QUERIES,
    check_bulk_invariants,
    found,
    revisions,
    synthetic,
    whole_file_import,
)

SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"


class Recorded(catalogue_reader.Worker):
    """The reading process of each import, kept to look at afterwards."""

    started: ClassVar[list[Recorded]] = []

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        Recorded.started.append(self)

    def ended(self) -> bool:
        return self._process.poll() is not None


@pytest.fixture
def small_thresholds(monkeypatch: pytest.MonkeyPatch) -> list[Recorded]:
    """Every import of a catalogue without requirements goes through a reading process, in
    several batches, with its text indexed a part at a time and the big load's bulk steps."""
    monkeypatch.setattr(catalogue_stream, "IN_WORKER", 1)
    monkeypatch.setattr(catalogue_stream, "INDEX_EVERY", 150)
    monkeypatch.setattr(catalogue_reader, "BATCH", 70)
    monkeypatch.setattr(bulk_load, "MANY", 100)
    monkeypatch.setattr(catalogue_stream, "Worker", Recorded)
    Recorded.started = []
    return Recorded.started


def write(path: Path, content: CatalogueContent | str) -> Path:
    path.write_text(content if isinstance(content, str) else dump_catalogue(content), "utf-8")
    return path


def rows(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in conn.execute(sql)]


def database(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    """What two imports must agree on beyond the content: keys, words, schema, index settings."""
    return {
        "keys": rows(conn, "SELECT uid, list_key, deleted FROM requirement ORDER BY id"),
        "words": rows(conn, "SELECT word FROM requirement_word ORDER BY word"),
        "schema": rows(conn, SCHEMA),
        "automerge": rows(conn, "SELECT v FROM requirement_fts_config WHERE k = 'automerge'"),
    }


def test_the_worker_leaves_what_one_process_leaves(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "c.toml", synthetic(600))
    worker = create_catalogue(tmp_path / "worker.db")
    schema_before = rows(worker, SCHEMA)
    report = import_catalogue(worker, path)
    assert len(small_thresholds) == 1 and small_thresholds[0].ended()
    monkeypatch.setattr(catalogue_stream, "IN_WORKER", 10**9)
    alone = create_catalogue(tmp_path / "alone.db")
    assert import_catalogue(alone, path) == report
    whole = create_catalogue(tmp_path / "whole.db")
    assert whole_file_import(whole, path) == report
    assert len(small_thresholds) == 1
    assert len(report.created) == 600 and not report.updated and not report.unchanged
    assert catalogue_content(worker) == catalogue_content(alone) == catalogue_content(whole)
    assert revisions(worker) == revisions(alone) == revisions(whole)
    assert database(worker) == database(alone)
    assert database(worker)["schema"] == schema_before  # indexes and triggers made again
    assert database(worker)["automerge"] == [(4,)]  # merging as before the load
    for query in QUERIES:
        for deleted in (False, True):
            assert found(worker, query, deleted) == found(whole, query, deleted), query
    check_bulk_invariants(worker)


def test_the_writer_holds_a_small_page_cache_while_it_writes(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages an import writes are new: a big cache only made the peak memory higher."""
    conn = create_catalogue(tmp_path / "c.db")
    opened_with = conn.execute("PRAGMA cache_size").fetchone()[0]
    seen: list[int] = []
    insert = catalogue_stream.insert_new_rows

    def recording(conn: sqlite3.Connection, *arguments: object, **options: object) -> None:
        seen.append(conn.execute("PRAGMA cache_size").fetchone()[0])
        insert(conn, *arguments, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue_stream, "insert_new_rows", recording)
    import_catalogue(conn, write(tmp_path / "c.toml", synthetic(300)))
    assert len(small_thresholds) == 1 and len(seen) > 1
    assert set(seen) == {-WRITE_CACHE_KIB} != {opened_with}
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == opened_with


def test_a_catalogue_with_requirements_is_written_in_one_process(
    tmp_path: Path, small_thresholds: list[Recorded]
) -> None:
    """The reading process only ever inserts: a merge into requirements stays in one process."""
    content = synthetic(200)
    conn = create_catalogue(tmp_path / "c.db")
    import_catalogue(conn, write(tmp_path / "first.toml", content))
    changed = content.requirements[0].with_changes(title="Ændret titel")
    again = CatalogueContent(content.classifications, (changed, *content.requirements[1:]))
    report = import_catalogue(conn, write(tmp_path / "again.toml", again))
    assert report.updated == (changed.uid,) and report.unchanged == 199
    assert len(small_thresholds) == 1  # the first import only
    check_bulk_invariants(conn)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('importance = "high"', 'importance = "urgent"'),  # refused by the checks
        ("\n[requirement.LOG-002]\n", "\n[requirement.LOG-001]\n"),  # a uid twice
        ('title = "', 'title = "\\u0007'),  # a control character
        ("\ndeleted = false\n", "\ndeleted = false\nextra = 1\n"),  # a field it does not know
    ],
)
def test_a_bad_file_is_refused_as_in_one_process(
    tmp_path: Path,
    small_thresholds: list[Recorded],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    old: str,
    new: str,
) -> None:
    text = dump_catalogue(synthetic(300))
    assert old in text
    path = write(tmp_path / "bad.toml", text.replace(old, new, 1))
    db = tmp_path / "c.db"
    create_catalogue(db).close()
    refused = CliRunner().invoke(main, ["--lang", "en", "--db", str(db), "import", str(path)])
    assert len(small_thresholds) == 1 and small_thresholds[0].ended()
    monkeypatch.setattr(catalogue_stream, "IN_WORKER", 10**9)
    expected = CliRunner().invoke(main, ["--lang", "en", "--db", str(db), "import", str(path)])
    assert refused.exit_code == expected.exit_code != 0
    assert refused.output == expected.output
    assert len(refused.output.splitlines()) == 1 and f"{path}:" in refused.output
    assert capfd.readouterr().err == ""  # the reading process printed nothing
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'bulk_load'").fetchone()[0] == 0


@pytest.mark.parametrize(
    "program",
    [
        "import sys; sys.exit(3)",  # gone before it read anything
        "import sys; sys.stdin.buffer.read(1); sys.stdout.buffer.write(b'not a pickle')",
        "import os, sys; sys.stdin.buffer.read(1); os._exit(1)",  # dies while reading
    ],
)
def test_a_reading_process_that_fails_leaves_the_file_to_the_whole_file_import(
    tmp_path: Path,
    small_thresholds: list[Recorded],
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    program: str,
) -> None:
    monkeypatch.setattr(catalogue_reader, "_BOOT", program)
    path = write(tmp_path / "c.toml", synthetic(300))
    conn = create_catalogue(tmp_path / "c.db")
    report = import_catalogue(conn, path)
    assert len(report.created) == 300
    assert small_thresholds[0].ended()
    whole = create_catalogue(tmp_path / "whole.db")
    whole_file_import(whole, path)
    assert catalogue_content(conn) == catalogue_content(whole)
    check_bulk_invariants(conn)
    assert capfd.readouterr().err == ""


def test_a_failed_write_stops_the_reading_process_and_changes_nothing(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(catalogue_stream, "insert_new_rows", fail)
    db = tmp_path / "c.db"
    create_catalogue(db).close()
    path = write(tmp_path / "c.toml", synthetic(300))
    result = CliRunner().invoke(main, ["--lang", "en", "--db", str(db), "import", str(path)])
    assert result.exit_code != 0 and "nothing was changed" in result.output
    assert len(result.output.splitlines()) == 1
    assert small_thresholds[0].ended()
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM category").fetchone()[0] == 0
    assert rows(conn, SCHEMA) == rows(create_catalogue(tmp_path / "empty.db"), SCHEMA)


@pytest.mark.parametrize(
    "name", ["ny\nlinje.toml", "bidi\u202eløs.toml", "rå\udcffbytes.toml", "-v.toml"]
)
def test_any_file_name_reaches_the_reading_process(
    tmp_path: Path, small_thresholds: list[Recorded], name: str
) -> None:
    """The name goes to the reading process as an argument: control and bidi characters, bytes
    that are not UTF-8, a leading dash."""
    path = write(tmp_path / name, synthetic(150))
    conn = create_catalogue(tmp_path / "c.db")
    assert len(import_catalogue(conn, path).created) == 150
    assert len(small_thresholds) == 1 and small_thresholds[0].ended()
    check_bulk_invariants(conn)


def _with_sources(content: CatalogueContent, every: int = 3) -> CatalogueContent:
    live = [r.uid for r in content.requirements][::every]
    return replace(content, sources={uid: f"os2kravmotor:{1000 + n}" for n, uid in enumerate(live)})


def test_os2kravmotor_numbers_are_streamed_as_the_whole_file_import_keeps_them(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _with_sources(synthetic(600))
    path = write(tmp_path / "c.toml", content)
    assert 'source = "os2kravmotor:1000"' in path.read_text("utf-8")

    def not_whole(*_: object) -> None:
        raise AssertionError("left to the whole-file import")

    monkeypatch.setattr(catalogue_toml, "import_catalogue_data", not_whole)
    monkeypatch.setattr(kinds, "import_catalogue_data", not_whole)
    worker = create_catalogue(tmp_path / "worker.db")
    report = import_catalogue(worker, path)
    assert len(small_thresholds) == 1
    monkeypatch.setattr(catalogue_stream, "IN_WORKER", 10**9)
    alone = create_catalogue(tmp_path / "alone.db")
    assert import_catalogue(alone, path) == report
    monkeypatch.undo()
    whole = create_catalogue(tmp_path / "whole.db")
    assert whole_file_import(whole, path) == report
    assert sources_by_uid(worker) == sources_by_uid(alone) == sources_by_uid(whole)
    assert sources_by_uid(worker) == content.sources and len(content.sources) == 200
    assert catalogue_content(worker) == catalogue_content(whole)
    assert dump_catalogue(catalogue_content(worker)) == path.read_text("utf-8")


def test_a_number_given_twice_is_refused_as_the_whole_file_import_refuses_it(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _with_sources(synthetic(600))
    uids = [r.uid for r in content.requirements]
    twice = dict(content.sources) | {uids[500]: content.sources[uids[0]]}  # far apart: two batches
    path = write(tmp_path / "c.toml", replace(content, sources=twice))
    refusals = []
    for in_worker in (1, 10**9):
        monkeypatch.setattr(catalogue_stream, "IN_WORKER", in_worker)
        conn = create_catalogue(tmp_path / f"c{in_worker}.db")
        with pytest.raises(InterchangeError) as refused:
            import_catalogue(conn, path)
        refusals.append(str(refused.value))
        assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM requirement_source").fetchone()[0] == 0
    assert refusals[0] == refusals[1] and "os2kravmotor:1000" in refusals[0]
