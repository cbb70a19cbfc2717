"""Who changed what (issue 16): every column that names a person records kravtui's user on
SQLite (``$KRAVTUI_USER`` or the OS user, as always) and the login role on PostgreSQL, written
by the server, so that no client records another name there: neither ``$KRAVTUI_USER``, nor an
INSERT or UPDATE of its own, nor ``SET ROLE`` (docs/postgresql.md, §3e).

Hostile cases first (raw SQL naming someone else on PostgreSQL), then the services on both
engines, acted by "anna": on SQLite ``$KRAVTUI_USER=anna``; on PostgreSQL a login role of her
own that took another role with ``SET ROLE``, while ``$KRAVTUI_USER`` says "mallory".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest

from kravtui.answers.assessments import assess, choose_winner
from kravtui.answers.records import Status
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import find_vendor, import_answers
from kravtui.catalogue.db import open_catalogue, transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.editing import save_requirement
from kravtui.catalogue.history import list_revisions
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.schema_postgres import SERVER_AUTHORS
from tests.answers_helpers import ALL_YES, dialogue_catalogue, returned_file
from tests.postgres_cluster import Cluster

PERSON_COLUMNS = {
    ("revision", "author"),
    *((table, column) for table, (made, written) in SERVER_AUTHORS.items() for column in made),
    *((table, column) for table, (made, written) in SERVER_AUTHORS.items() for column in written),
}


def test_every_column_that_names_a_person_is_written_by_the_server() -> None:
    """A column a later migration adds that names a person fails here until the server writes
    it too."""
    from sqlmodel import SQLModel

    import kravtui.catalogue.models  # noqa: F401  (the tables register themselves)

    found = {
        (table.name, column.name)
        for table in SQLModel.metadata.sorted_tables
        for column in table.columns
        if column.name.endswith("_by") or "author" in column.name or "user" in column.name
    }
    assert found == PERSON_COLUMNS


def _answered(location: CatalogueLocation) -> tuple[Connection, int]:
    """A catalogue with a selection, a vendor's answers, a verdict and the winner."""
    conn, selection_id = dialogue_catalogue(location)
    sent = sent_selection(conn, selection_id)
    import_answers(conn, selection_id, "Firma A/S", returned_file(sent, ALL_YES))
    vendor = find_vendor(conn, "Firma A/S")
    assess(conn, selection_id, vendor, ["SIK-1"], Status.ACCEPTED)
    choose_winner(conn, selection_id, vendor)
    return conn, selection_id


def _names(conn: Connection) -> dict[tuple[str, str], set[str]]:
    """Every name each person column holds."""
    return {
        (table, column): {str(row[0]) for row in conn.execute(f"SELECT {column} FROM {table}")}
        for table, column in sorted(PERSON_COLUMNS)
    }


# --- hostile: a client naming someone else on PostgreSQL --------------------------------------


def test_a_client_cannot_write_another_name_into_any_person_column(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KRAVTUI_USER", "mallory")
    conn, _ = _answered(PostgresLocation(postgres_url))
    me = str(conn.execute("SELECT session_user").fetchone()[0])
    assert me != "mallory"
    with transaction(conn):
        for table, column in sorted(PERSON_COLUMNS):  # an update naming someone else
            conn.execute(f"UPDATE {table} SET {column} = 'mallory'")
        # new rows naming someone else, copied from the ones there
        conn.execute(
            "INSERT INTO revision (requirement_id, number, action, author, at, content)"
            " SELECT id, 1, 'create', 'mallory', created_at, '{}' FROM requirement"
        )
        conn.execute(
            "INSERT INTO requirement (uid, title, category_id, created_at, updated_at,"
            " created_by, updated_by) SELECT 'SIK-9', title, category_id, created_at,"
            " updated_at, 'mallory', 'mallory' FROM requirement WHERE uid = 'SIK-1'"
        )
        conn.execute(
            "INSERT INTO answer_set (selection_id, vendor_id, selection_version, source_name,"
            " source_sha256, source_kind, imported_at, imported_by, current)"
            " SELECT selection_id, vendor_id, selection_version, 'x.xlsx', source_sha256,"
            " source_kind, imported_at, 'mallory', 0 FROM answer_set"
        )
        conn.execute(
            "INSERT INTO answer_assessment (selection_id, vendor_id, uid, answer_set_id, status,"
            " comment, author, at) SELECT selection_id, vendor_id, uid, answer_set_id,"
            " 'rejected', '', 'mallory', at FROM answer_assessment"
        )
        conn.execute(
            "INSERT INTO selection_winner (selection_id, vendor_id, chosen_at, chosen_by)"
            " SELECT selection_id, vendor_id, chosen_at, 'mallory' FROM selection_winner"
            " ON CONFLICT (selection_id) DO UPDATE SET chosen_by = excluded.chosen_by"
        )
    assert _names(conn) == {key: {me} for key in PERSON_COLUMNS}
    assert conn.execute("SELECT count(*) FROM answer_set").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM answer_assessment").fetchone()[0] == 2
    conn.close()


# --- the services on both engines: anna acts, mallory is only what $KRAVTUI_USER says ----------


@pytest.fixture
def anna(
    catalogue_location: CatalogueLocation, request: pytest.FixtureRequest
) -> Iterator[tuple[Connection, Connection, int, str]]:
    """(the catalogue's owner's connection, anna's, the selection, the name anna's changes must
    record). On PostgreSQL anna logs in as her own role and takes a group role with SET ROLE."""
    owner, selection_id = _answered(catalogue_location)
    if not isinstance(catalogue_location, PostgresLocation):
        yield owner, owner, selection_id, "anna"
        owner.close()
        return
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    database = urlparse(catalogue_location.conninfo).path.lstrip("/")
    role = f"anna_{database}"[:63]
    cluster.admin(f'CREATE ROLE "{role}" LOGIN', f'CREATE ROLE "{role}_x" NOLOGIN')
    try:
        cluster.admin(
            f'GRANT ALL ON ALL TABLES IN SCHEMA public TO "{role}_x"',
            f'GRANT "{role}_x" TO "{role}"',
            dbname=database,
        )
        conn: Any = open_catalogue(PostgresLocation(cluster.url(database, user=role)))
        conn.execute(f'SET ROLE "{role}_x"')
        assert conn.execute("SELECT current_user").fetchone()[0] == f"{role}_x"
        try:
            yield owner, conn, selection_id, role
        finally:
            conn.close()
            owner.close()
    finally:
        cluster.admin(f'DROP OWNED BY "{role}", "{role}_x"', dbname=database)
        cluster.admin(f'DROP ROLE "{role}"', f'DROP ROLE "{role}_x"')


@pytest.fixture
def kravtui_user(monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    """$KRAVTUI_USER: anna on SQLite (whose changes it names), mallory on PostgreSQL (where it
    must name nobody)."""
    monkeypatch.setenv("KRAVTUI_USER", "anna" if engine == "sqlite" else "mallory")


def _owner_name(owner: Connection) -> str:
    if engine(owner) == "sqlite":
        return "anna"  # the owner's changes were made under the same $KRAVTUI_USER
    return str(owner.execute("SELECT session_user").fetchone()[0])


@pytest.mark.usefixtures("kravtui_user")
def test_anna_s_import_verdict_and_choice_record_her(
    anna: tuple[Connection, Connection, int, str],
) -> None:
    owner, conn, selection_id, who = anna
    first = owner.execute("SELECT imported_by FROM answer_set").fetchone()[0]
    sent = sent_selection(conn, selection_id)
    corrected = returned_file(sent, {**ALL_YES, "SIK-1": ("Nej", "", "")})
    stored = import_answers(conn, selection_id, "Firma A/S", corrected)
    assert stored.answer_set.imported_by == who
    vendor = find_vendor(conn, "Firma A/S")
    assess(conn, selection_id, vendor, ["SIK-1"], Status.REJECTED, "Nej tak")
    choose_winner(conn, selection_id, vendor)
    rows = owner.execute("SELECT imported_by, current FROM answer_set ORDER BY id").fetchall()
    assert [tuple(row) for row in rows] == [(first, 0), (who, 1)]  # the first set keeps its name
    verdicts = owner.execute("SELECT author FROM answer_assessment ORDER BY id").fetchall()
    assert [row[0] for row in verdicts] == [_owner_name(owner), who]
    assert owner.execute("SELECT chosen_by FROM selection_winner").fetchone()[0] == who


@pytest.mark.usefixtures("kravtui_user")
def test_anna_s_edit_and_new_requirement_record_her_and_keep_who_made_it(
    anna: tuple[Connection, Connection, int, str],
) -> None:
    owner, conn, _, who = anna
    made_by = owner.execute("SELECT created_by FROM requirement WHERE uid = 'SIK-1'").fetchone()[0]
    current = get_requirement(conn, "SIK-1")
    assert current is not None
    edited = save_requirement(
        conn,
        current.content.with_changes(title="Annas titel", all_domains=True),
        expected_version=1,
    )
    assert (edited.meta.created_by, edited.meta.updated_by) == (made_by, who)
    new = save_requirement(
        conn,
        RequirementContent(uid="SIK-7", title="Nyt krav", category="SIK", all_domains=True),
        expected_version=None,
    )
    assert (new.meta.created_by, new.meta.updated_by) == (who, who)
    assert [r.author for r in list_revisions(owner, "SIK-1")][-1] == who
    assert [r.author for r in list_revisions(owner, "SIK-7")] == [who]
