"""A big first import is written with the rollback journal instead of the write-ahead log.

`kravtui.catalogue.db.journal_aside`: in WAL every new page is written twice (into the log and
again at the checkpoint), so a first import of 100,000 requirements wrote its 570 MB twice. When
nobody else has the catalogue open, the import's one transaction goes through SQLite's rollback
journal instead, and WAL is set again after. What must hold whatever happens: nothing changed by
a failed or killed import, WAL again after, no journal left beside the file, and a catalogue
someone else has open is written in WAL as ever.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kravtui.application import db_copy
from kravtui.catalogue.db import connect, create_catalogue, journal_aside, open_catalogue
from kravtui.cli import main
from kravtui.interchange import catalogue_stream
from kravtui.interchange.catalogue_toml import catalogue_content, import_catalogue
from tests.test_bulk_import import check_bulk_invariants, synthetic
from tests.test_import_worker import Recorded, small_thresholds, write

__all__ = ["small_thresholds"]  # the fixture, used by name


def journal_mode(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def modes_while_writing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The journal mode of the importing connection each time it has written a batch (in a
    reading process or not)."""
    seen: list[str] = []
    set_sources = catalogue_stream.set_sources

    def spy(conn: Any, *args: Any, **kwargs: Any) -> None:
        seen.append(str(conn.execute("PRAGMA journal_mode").fetchone()[0]))
        set_sources(conn, *args, **kwargs)

    monkeypatch.setattr(catalogue_stream, "set_sources", spy)
    return seen


def companions(db: Path) -> dict[str, int]:
    """The files beside the catalogue and their sizes."""
    return {
        suffix: (db.parent / f"{db.name}{suffix}").stat().st_size
        for suffix in ("-journal", "-wal")
        if (db.parent / f"{db.name}{suffix}").exists()
    }


# --- what must not happen ---------------------------------------------------------------------


def test_a_catalogue_open_elsewhere_is_written_in_wal_as_ever(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "c.db"
    create_catalogue(db).close()
    other = connect(db)  # a TUI, say, with the catalogue open
    other.execute("SELECT count(*) FROM requirement").fetchone()
    seen = modes_while_writing(monkeypatch)
    conn = connect(db)
    import_catalogue(conn, write(tmp_path / "c.toml", synthetic(300)))
    assert seen and set(seen) == {"wal"}
    assert other.execute("SELECT count(*) FROM requirement").fetchone()[0] == 300
    conn.close()
    other.close()
    assert journal_mode(db) == "wal"


def test_a_failed_import_changes_nothing_and_leaves_wal_and_no_journal(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    insert = catalogue_stream.insert_new_rows
    calls: list[str] = []

    def fail_on_the_third(conn: Any, *args: Any, **kwargs: Any) -> None:
        calls.append(str(conn.execute("PRAGMA journal_mode").fetchone()[0]))
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        insert(conn, *args, **kwargs)

    monkeypatch.setattr(catalogue_stream, "insert_new_rows", fail_on_the_third)
    db = tmp_path / "c.db"
    create_catalogue(db).close()
    reading = connect(db)
    before = catalogue_content(reading)
    reading.close()  # else still open when the import looks, which then stays in WAL
    path = write(tmp_path / "c.toml", synthetic(300))
    result = CliRunner().invoke(main, ["--lang", "en", "--db", str(db), "import", str(path)])
    assert result.exit_code != 0 and len(result.output.splitlines()) == 1
    assert "nothing was changed" in result.output
    assert calls == ["delete"] * 3  # two batches were written through the rollback journal
    assert "-journal" not in companions(db)
    assert journal_mode(db) == "wal"
    conn = connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert catalogue_content(conn) == before
    assert conn.execute("SELECT count(*) FROM revision").fetchone()[0] == 0


_KILLED = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from kravtui.catalogue import bulk_load
    from kravtui.catalogue.db import connect
    from kravtui.interchange import catalogue_reader, catalogue_stream
    from kravtui.interchange.catalogue_toml import import_catalogue
    catalogue_stream.IN_WORKER = 1
    catalogue_reader.BATCH = 70
    bulk_load.MANY = 100
    insert = catalogue_stream.insert_new_rows
    written = []
    def slow(conn, *args, **kwargs):
        insert(conn, *args, **kwargs)
        written.append(1)
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        print(len(written), mode, flush=True)
        if len(written) >= 3:
            time.sleep(60)
    catalogue_stream.insert_new_rows = slow
    import_catalogue(connect(Path(sys.argv[1])), Path(sys.argv[2]))
    """
)


def test_an_import_killed_midway_is_rolled_back_from_the_journal(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    create_catalogue(db).close()
    path = write(tmp_path / "c.toml", synthetic(600))
    process = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(db), str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])},
    )
    assert process.stdout is not None
    lines = [process.stdout.readline().split() for _ in range(3)]
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert lines == [["1", "delete"], ["2", "delete"], ["3", "delete"]]
    assert "-journal" in companions(db)  # a hot journal: the next opening rolls it back
    conn = open_catalogue(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM revision").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'bulk_load'").fetchone()[0] == 0
    assert str(conn.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
    assert "-journal" not in companions(db)
    conn.close()


def test_someone_opening_during_the_import_waits_and_then_reads_all_of_it(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that opens the catalogue meanwhile waits for the import (it holds the lock)
    and then lists what it wrote, instead of an empty catalogue; never a half."""
    insert = catalogue_stream.insert_new_rows
    listed: list[subprocess.Popen[str]] = []
    db = tmp_path / "c.db"

    def start_a_reader(conn: Any, *args: Any, **kwargs: Any) -> None:
        insert(conn, *args, **kwargs)
        if not listed:
            listed.append(
                subprocess.Popen(
                    [sys.executable, "-m", "kravtui", "--lang", "en", "--db", str(db), "list"],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            time.sleep(2)  # it starts and opens while the import holds the catalogue

    monkeypatch.setattr(catalogue_stream, "insert_new_rows", start_a_reader)
    create_catalogue(db).close()
    conn = connect(db)
    import_catalogue(conn, write(tmp_path / "c.toml", synthetic(300)))
    conn.close()
    out, err = listed[0].communicate(timeout=60)
    assert listed[0].returncode == 0, err
    after = CliRunner().invoke(main, ["--lang", "en", "--db", str(db), "list"])
    assert out == after.output and len(out.splitlines()) > 200


# --- what it is for ---------------------------------------------------------------------------


def test_a_first_big_import_goes_through_the_rollback_journal_and_leaves_wal(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = modes_while_writing(monkeypatch)
    db = tmp_path / "c.db"
    create_catalogue(db).close()
    conn = connect(db)
    report = import_catalogue(conn, write(tmp_path / "c.toml", synthetic(600)))
    assert len(report.created) == 600
    assert seen and set(seen) == {"delete"}
    assert str(conn.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
    assert companions(db).get("-wal", 0) == 0  # the pages went into the file once, not the log
    assert "-journal" not in companions(db)
    check_bulk_invariants(conn)
    conn.close()


def test_an_import_into_a_catalogue_with_requirements_stays_in_wal(
    tmp_path: Path, small_thresholds: list[Recorded], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "c.db"
    create_catalogue(db).close()
    conn = connect(db)
    import_catalogue(conn, write(tmp_path / "a.toml", synthetic(100)))
    seen = modes_while_writing(monkeypatch)
    import_catalogue(conn, write(tmp_path / "b.toml", synthetic(300)))
    assert seen and set(seen) == {"wal"}
    conn.close()


def test_the_journal_is_put_back_when_the_block_fails(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    conn = create_catalogue(db)
    fail: Callable[[], None] = lambda: (_ for _ in ()).throw(ValueError("stop"))  # noqa: E731
    with pytest.raises(ValueError), journal_aside(conn) as aside:
        assert aside
        assert str(conn.execute("PRAGMA journal_mode").fetchone()[0]) == "delete"
        fail()
    assert str(conn.execute("PRAGMA journal_mode").fetchone()[0]) == "wal"
    conn.close()


def test_db_copy_into_a_new_file_goes_through_the_rollback_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "source.db"
    conn = create_catalogue(source)
    import_catalogue(conn, write(tmp_path / "c.toml", synthetic(120)))
    conn.close()
    seen: list[str] = []
    into_sqlite = db_copy._requirements_into_sqlite

    def spy(loader: Any, *args: Any) -> None:
        seen.append(str(loader.conn.execute("PRAGMA journal_mode").fetchone()[0]))
        into_sqlite(loader, *args)

    monkeypatch.setattr(db_copy, "_requirements_into_sqlite", spy)
    target = tmp_path / "copy.db"
    result = CliRunner().invoke(main, ["--lang", "en", "db", "copy", str(source), str(target)])
    assert result.exit_code == 0, result.output
    assert seen == ["delete"]
    assert journal_mode(target) == "wal"
    assert "-journal" not in companions(target)
    copy = open_catalogue(target)
    assert catalogue_content(copy) == catalogue_content(open_catalogue(source))
    check_bulk_invariants(copy)
