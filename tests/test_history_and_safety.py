"""Word diffs, change watching, the history command, and durability under a kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import connect, create_catalogue, open_catalogue, transaction
from kravtui.catalogue.editing import save_requirement
from kravtui.catalogue.records import Category, Classifications, RequirementContent
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.textdiff import Mark, Run, word_diff
from kravtui.catalogue.watch import SqliteChangeWatcher
from kravtui.cli import main


def _catalogue(path: Path) -> sqlite3.Connection:
    conn = create_catalogue(path)
    with transaction(conn):
        merge_classifications(conn, Classifications(categories=(Category("SIK", "Sikkerhed"),)))
    save_requirement(
        conn,
        RequirementContent(uid="SIK-001", title="Start", category="SIK", all_domains=True),
        expected_version=None,
    )
    return conn


def test_word_diff_marks_only_the_changed_words() -> None:
    runs = word_diff("Data skal krypteres under transport.", "Data skal altid krypteres i hvile.")
    assert runs == [
        Run(Mark.EQUAL, "Data skal "),
        Run(Mark.INSERT, "altid "),
        Run(Mark.EQUAL, "krypteres "),
        Run(Mark.DELETE, "under transport."),
        Run(Mark.INSERT, "i hvile."),
    ]
    joined_old = "".join(r.text for r in runs if r.mark is not Mark.INSERT)
    assert joined_old == "Data skal krypteres under transport."


def test_differences_name_the_changed_fields_in_field_order() -> None:
    before = RequirementContent(uid="SIK-001", title="A", domains=("x",), notes="n")
    after = before.with_changes(notes="m", favourite=True, domains=("x", "y"))
    assert after.differences(before) == ("domains", "favourite", "notes")
    assert before.differences(after) == ("domains", "favourite", "notes")
    assert before.differences(before) == ()


def test_watcher_sees_commits_from_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    mine = _catalogue(path)
    watcher = SqliteChangeWatcher(mine)
    assert not watcher.changed()
    other = connect(path)
    other.execute("UPDATE requirement SET title = 'Ændret' WHERE uid = 'SIK-001'")
    assert watcher.changed()
    assert not watcher.changed()
    mine.execute("UPDATE requirement SET title = 'Min egen' WHERE uid = 'SIK-001'")
    assert not watcher.changed()  # our own writes are not news


def test_history_command_lists_revisions_with_changed_fields(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    conn = _catalogue(path)
    current = get_requirement(conn, "SIK-001")
    assert current is not None
    save_requirement(
        conn, current.content.with_changes(title="Ny", description="Tekst"), expected_version=1
    )
    result = CliRunner().invoke(main, ["--lang", "en", "history", "sik-001", "--db", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert "created" in lines[0] and "edited" in lines[1]
    assert "Title" in lines[1] and "Description" in lines[1]
    data = json.loads(
        CliRunner().invoke(main, ["history", "SIK-001", "--json", "--db", str(path)]).output
    )
    assert [entry["changed"] for entry in data] == [[], ["title", "description"]]
    missing = CliRunner().invoke(main, ["history", "SIK-999", "--db", str(path)])
    assert missing.exit_code == 1


SAVE_LOOP = textwrap.dedent(
    """
    import sys
    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.editing import save_requirement
    from kravtui.catalogue.requirements import get_requirement

    conn = open_catalogue(sys.argv[1])
    n = 0
    while True:
        n += 1
        current = get_requirement(conn, "SIK-001")
        save_requirement(
            conn,
            current.content.with_changes(title=f"Save {n}", description="x" * (n % 5000)),
            expected_version=current.meta.version,
        )
        print(f"ACK {n}", flush=True)
    """
)


def test_a_kill_mid_save_loop_keeps_every_acknowledged_save(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    _catalogue(path).close()
    process = subprocess.Popen(
        [sys.executable, "-c", SAVE_LOOP, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert process.stdout is not None
    acknowledged = 0
    for line in process.stdout:
        acknowledged = int(line.split()[1])
        if acknowledged >= 60:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    conn = open_catalogue(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = get_requirement(conn, "SIK-001")
    assert stored is not None
    saved = int(stored.content.title.split()[1])
    assert saved >= acknowledged
    assert stored.meta.version == saved + 1
    revisions = conn.execute("SELECT count(*) FROM revision").fetchone()[0]
    assert revisions == saved + 1
