"""Word diffs, change watching, the history command, and durability under a kill; history's
author on PostgreSQL. The history command and the kill run on either engine
(`catalogue_location`: SQLite, then PostgreSQL, reached through ``--db``)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import connect, create_catalogue, open_catalogue, transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.editing import save_requirement
from kravtui.catalogue.history import author_of, list_revisions
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.catalogue.records import Category, Classifications, RequirementContent
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.textdiff import Mark, Run, word_diff
from kravtui.catalogue.watch import SqliteChangeWatcher
from kravtui.cli import main
from tests.postgres_cluster import Cluster


def db_argument(location: CatalogueLocation) -> str:
    """What ``--db`` takes for `location`: the file's path or the conninfo."""
    if isinstance(location, SqliteLocation):
        return str(location.path)
    return location.conninfo


def _catalogue(path: Path | CatalogueLocation) -> Any:
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


def test_history_command_lists_revisions_with_changed_fields(
    catalogue_location: CatalogueLocation,
) -> None:
    conn = _catalogue(catalogue_location)
    current = get_requirement(conn, "SIK-001")
    assert current is not None
    save_requirement(
        conn, current.content.with_changes(title="Ny", description="Tekst"), expected_version=1
    )
    author = author_of(conn)
    conn.close()
    db = db_argument(catalogue_location)
    result = CliRunner().invoke(main, ["--lang", "en", "history", "sik-001", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert "created" in lines[0] and "edited" in lines[1]
    assert "Title" in lines[1] and "Description" in lines[1]
    data = json.loads(CliRunner().invoke(main, ["history", "SIK-001", "--json", "--db", db]).output)
    assert [entry["changed"] for entry in data] == [[], ["title", "description"]]
    assert {entry["author"] for entry in data} == {author}
    missing = CliRunner().invoke(main, ["--lang", "en", "history", "SIK-999", "--db", db])
    assert missing.exit_code == 1
    assert missing.output.count("\n") == 1 and "no requirement SIK-999" in missing.output


SAVE_LOOP = textwrap.dedent(
    """
    import sys
    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.editing import save_requirement
    from kravtui.catalogue.location import locate
    from kravtui.catalogue.requirements import get_requirement

    conn = open_catalogue(locate(sys.argv[1]))
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


def test_a_kill_mid_save_loop_keeps_every_acknowledged_save(
    catalogue_location: CatalogueLocation,
) -> None:
    _catalogue(catalogue_location).close()
    process = subprocess.Popen(
        [sys.executable, "-c", SAVE_LOOP, db_argument(catalogue_location)],
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
    conn: Any = open_catalogue(catalogue_location)
    if engine(conn) == "sqlite":
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = get_requirement(conn, "SIK-001")
    assert stored is not None
    saved = int(stored.content.title.split()[1])
    assert saved >= acknowledged
    assert stored.meta.version == saved + 1
    revisions = conn.execute("SELECT count(*) FROM revision").fetchone()[0]
    assert revisions == saved + 1
    conn.close()


# --- history's author on PostgreSQL: the server's word (docs/postgresql.md, §3e) ---------------


@pytest.fixture
def catalogue_url(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL catalogue with SIK-001 saved once, by the cluster's superuser."""
    _catalogue(PostgresLocation(postgres_url)).close()
    yield postgres_url


def _revision_authors(conn: Connection) -> list[str]:
    return [row[0] for row in conn.execute("SELECT author FROM revision ORDER BY id")]


def test_a_client_cannot_write_another_author(catalogue_url: str) -> None:
    conn = open_catalogue(PostgresLocation(catalogue_url))
    me = str(conn.execute("SELECT session_user").fetchone()[0])
    with transaction(conn):
        conn.execute(
            "INSERT INTO revision (requirement_id, number, action, author, at, content)"
            " SELECT id, 2, 'edit', 'mallory', 'x', '{}' FROM requirement"
        )
    conn.execute("UPDATE revision SET author = 'mallory'")
    assert _revision_authors(conn) == [me, me]
    conn.close()


def test_history_names_the_login_role_even_after_set_role(
    catalogue_url: str, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor logged in as "anna_h" saves: history says anna_h, whatever role she takes
    with SET ROLE, whatever ``$KRAVTUI_USER`` says."""
    database = urlparse(catalogue_url).path.lstrip("/")
    role = f"anna_{database}"[:63]
    postgres_cluster.admin(f'CREATE ROLE "{role}" LOGIN', f'CREATE ROLE "{role}_x" NOLOGIN')
    try:
        postgres_cluster.admin(
            f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}", "{role}_x"',
            f'GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO "{role}", "{role}_x"',
            f'GRANT "{role}_x" TO "{role}"',
            dbname=database,
        )
        conn = open_catalogue(PostgresLocation(postgres_cluster.url(database, user=role)))
        monkeypatch.setenv("KRAVTUI_USER", "mallory")
        try:
            conn.execute(f'SET ROLE "{role}_x"')
            current = get_requirement(conn, "SIK-001")
            assert current is not None
            changed = current.content.with_changes(title="Annas titel")
            stored = save_requirement(conn, changed, expected_version=1)
        finally:
            conn.close()
        assert stored.meta.updated_by == role
        superuser = open_catalogue(PostgresLocation(catalogue_url))
        assert [r.author for r in list_revisions(superuser, "SIK-001")][1:] == [role]
        superuser.close()
    finally:
        postgres_cluster.admin(f'DROP OWNED BY "{role}", "{role}_x"', dbname=database)
        postgres_cluster.admin(f'DROP ROLE "{role}"', f'DROP ROLE "{role}_x"')
