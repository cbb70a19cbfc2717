"""Officers and editors on a shared PostgreSQL catalogue: the server enforces the roles, kravtui
says a refusal in one line.

The roles are made by the very SQL of the README's "A shared catalogue for a team or a country"
(read from README.md, so the two cannot drift), run in psql by the catalogue's owner: a role
that is no superuser, owns the database and may create roles, as the README's administrator
sets it up (it made the catalogue, pg_trgm included). Then each person connects through
`open_catalogue` with their own login role:

- an officer (``per``) reads the catalogue and writes selections, questionnaire answers,
  vendors' answers, assessments, the winner and their current selection; every change to a
  requirement, its history, its sources or a classification is refused by the server
  (`EnginePermissionError`) and the catalogue is exactly as it was;
- an editor (``anna``) may do both;
- every table of the catalogue is written by exactly the roles the README grants it to (a table
  a later migration adds fails here until the README says who writes it), and officers read a
  table a later upgrade adds; nobody but the owner writes the mark or draws an id by hand;
- through a command, a refusal is one line naming the role and who can (English and Danish),
  with no password and no control character of a hostile role name shown raw.

Where a service is not ported to PostgreSQL yet, the test runs the SQL that service runs; each
such place says which service call replaces it once ported (P3: editing and classifications,
P4: selections and answers).
"""

from __future__ import annotations

import itertools
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kravtui.catalogue.db import open_catalogue, transaction
from kravtui.catalogue.editing import save_requirement
from kravtui.catalogue.engine_errors import EnginePermissionError
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import RequirementContent, Tag
from kravtui.catalogue.requirements import get_requirement
from kravtui.cli import main
from kravtui.cli.common import State, open_for_command
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.interchange.catalogue_toml import catalogue_content, dump_catalogue
from kravtui.selection.current import remember_selection, remembered_selection
from kravtui.selection.items import tick, ticked_uids, untick
from kravtui.selection.records import Answer, SelectionInfo
from kravtui.selection.store import (
    create_selection,
    delete_selection,
    get_selection,
    set_answers,
)
from tests.catalogue_factory import STAMP, add_selection, make_catalogue
from tests.postgres_cluster import Cluster

README = Path(__file__).resolve().parents[1] / "README.md"

OWNER = "kravbank_owner"
OFFICER = "per"
EDITOR = "anna"
GROUPS = ("kravtui_editor", "kravtui_officer")

OFFICER_WRITES = frozenset(
    {
        "selection",
        "selection_domain",
        "selection_answer",
        "selection_item",
        "vendor",
        "answer_set",
        "vendor_answer",
        "answer_assessment",
        "selection_winner",
        "meta",
    }
)
"""Selections and their questionnaire, vendors' answers and their assessment, the winner, each
officer's current selection."""

EDITOR_WRITES = OFFICER_WRITES | {
    "requirement",
    "requirement_domain",
    "requirement_tag",
    "requirement_principle",
    "requirement_source",
    "revision",
    "category",
    "subcategory",
    "domain",
    "tag",
    "principle",
}
"""On top of an officer's: the requirements, their history and sources, the classifications."""

OWNER_ONLY = frozenset({"kravtui_meta", "kravtui_word", "kravtui_requirement_words"})
"""The catalogue's mark and schema version: only an upgrade (the owner) writes it; the search's
word list: only the server's triggers (as the owner) write it."""

REQUIREMENTS = [
    RequirementContent(
        uid="SIK-1", title="Kryptering", category="SIK", domains=("Skole",), tags=("Cloud",)
    ),
    RequirementContent(uid="SIK-2", title="Logning", category="SIK", domains=("Skole",)),
]

_numbers = itertools.count(1)


def roles_sql() -> str:
    """The README's one SQL block that makes the officer and editor roles."""
    blocks = re.findall(r"^```sql\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)
    found = [block for block in blocks if "CREATE ROLE kravtui_officer" in block]
    assert len(found) == 1, "README must hold exactly one SQL block making the roles"
    return str(found[0])


@dataclass
class Team:
    """A shared catalogue on the test cluster, its roles made by the README's SQL."""

    cluster: Cluster
    dbname: str
    extra_roles: list[str] = field(default_factory=list)

    def location(self, user: str, password: str = "") -> PostgresLocation:
        return PostgresLocation(self.cluster.url(self.dbname, user=user, password=password))

    def open_as(self, user: str) -> Any:
        return open_catalogue(self.location(user))

    def rows(self) -> dict[str, list[str]]:
        """Every table's rows (as the owner), in a stable order: the whole catalogue."""
        import psycopg

        with psycopg.connect(self.cluster.url(self.dbname, user=OWNER), autocommit=True) as raw:
            tables = [name for (name,) in raw.execute(_TABLES).fetchall()]
            return {
                table: sorted(
                    str(row[0])
                    for row in raw.execute(f"SELECT row_to_json(t)::text FROM {table} t").fetchall()
                )
                for table in tables
            }


_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"


@pytest.fixture
def team(postgres_cluster: Cluster) -> Iterator[Team]:
    """A catalogue made by its owner (no superuser), then the README's roles SQL run by it.

    Roles belong to the whole cluster, not a database: they are dropped again afterwards, so
    the next test can make them anew."""
    dbname = f"roles_{next(_numbers)}"
    postgres_cluster.admin(
        f"CREATE ROLE {OWNER} LOGIN CREATEROLE",
        f"CREATE DATABASE {dbname} OWNER {OWNER} TEMPLATE template0 ENCODING 'UTF8'",
    )
    team = Team(postgres_cluster, dbname)
    try:
        owner = make_catalogue(
            team.location(OWNER),
            REQUIREMENTS,
            domains=["Skole"],
            tags=[Tag("Cloud", question="Skal løsningen ligge i skyen?")],
        )
        owner.close()
        run_in_psql(postgres_cluster, team.location(OWNER).conninfo, roles_sql())
        yield team
    finally:
        postgres_cluster.admin(
            f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)",
            *(
                f'DROP ROLE IF EXISTS "{role}"'
                for role in (*team.extra_roles, EDITOR, OFFICER, *GROUPS, OWNER)
            ),
        )


def run_in_psql(cluster: Cluster, conninfo: str, script: str) -> None:
    """Run `script` in psql, as the README has the owner do, stopping at the first error."""
    done = subprocess.run(
        [str(cluster.binaries / "psql"), "--no-psqlrc", "-v", "ON_ERROR_STOP=1", conninfo],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def write_statements(conn: Any, table: str) -> dict[str, str]:
    """An INSERT, UPDATE and DELETE on `table` that touch no row: the server checks the
    privilege all the same, so each is refused or runs by the role's rights alone."""
    column = conn.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0"
        " AND NOT attisdropped AND attgenerated = '' ORDER BY attnum LIMIT 1",
        (table,),
    ).fetchone()[0]
    return {
        "INSERT": f"INSERT INTO {table} ({column}) SELECT {column} FROM {table} WHERE false",
        "UPDATE": f"UPDATE {table} SET {column} = {column} WHERE false",
        "DELETE": f"DELETE FROM {table} WHERE false",
    }


def test_the_readme_says_who_writes_every_table_of_the_catalogue(team: Team) -> None:
    assert set(team.rows()) == EDITOR_WRITES | OWNER_ONLY


@pytest.mark.parametrize(
    ("user", "writes"),
    [(OFFICER, OFFICER_WRITES), (EDITOR, EDITOR_WRITES)],
    ids=["officer", "editor"],
)
def test_each_role_reads_every_table_and_writes_exactly_its_own(
    team: Team, user: str, writes: frozenset[str]
) -> None:
    conn = team.open_as(user)
    try:
        tables = [row[0] for row in conn.execute(_TABLES).fetchall()]
        refused: dict[str, set[str]] = {}
        for table in tables:
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            for verb, statement in write_statements(conn, table).items():
                try:
                    conn.execute(statement)
                except EnginePermissionError as error:
                    assert error.sqlstate == "42501"
                    refused.setdefault(verb, set()).add(table)
            with pytest.raises(EnginePermissionError):
                conn.execute(f"TRUNCATE {table}")
        assert refused == {verb: set(tables) - writes for verb in ("INSERT", "UPDATE", "DELETE")}
        with pytest.raises(EnginePermissionError):  # the ids' sequences: only through a row
            conn.execute("SELECT nextval(pg_get_serial_sequence('requirement', 'id'))")
    finally:
        conn.close()


def test_a_table_a_later_upgrade_adds_is_readable_by_officers(team: Team) -> None:
    run_in_psql(
        team.cluster, team.location(OWNER).conninfo, "CREATE TABLE added_later (x integer);"
    )
    conn = team.open_as(OFFICER)
    try:
        assert conn.execute("SELECT count(*) FROM added_later").fetchone()[0] == 0
        with pytest.raises(EnginePermissionError):
            conn.execute("INSERT INTO added_later VALUES (1)")
    finally:
        conn.close()


def work_on_a_selection(conn: Any, user: str) -> int:
    """What an officer does with a selection, by the services where they run on PostgreSQL and
    by the services' own SQL where not yet; returns the selection's id."""
    assert get_requirement(conn, "SIK-1") is not None
    with transaction(conn):
        # P4: selection.store.create_selection and selection.items.tick
        selection_id = add_selection(conn, ticked=["SIK-1", "SIK-2"], title=f"Indkøb {user}")
        conn.execute(
            "INSERT INTO selection_domain (selection_id, domain_id)"
            " SELECT ?, id FROM domain WHERE name = ?",
            (selection_id, "Skole"),
        )
    set_answers(conn, selection_id, {"Cloud": Answer.YES})
    remember_selection(conn, selection_id, user=user)
    assert remembered_selection(conn, user=user) == selection_id
    with transaction(conn):
        # P4: answers.store.import_answers
        vendor_id = conn.execute(
            "INSERT INTO vendor (name, created_at) VALUES (?, ?) RETURNING id",
            (f"Leverandør {user}", STAMP),
        ).fetchone()[0]
        set_id = conn.execute(
            "INSERT INTO answer_set (selection_id, vendor_id, selection_version, source_name,"
            " source_sha256, source_kind, imported_at, imported_by)"
            " VALUES (?, ?, 1, 'svar.xlsx', ?, 'xlsx', ?, ?) RETURNING id",
            (selection_id, vendor_id, "0" * 64, STAMP, user),
        ).fetchone()[0]
        conn.executemany(
            "INSERT INTO vendor_answer (answer_set_id, uid, choice) VALUES (?, ?, 'yes')",
            [(set_id, "SIK-1"), (set_id, "SIK-2")],
        )
    with transaction(conn):
        # P4: answers.assessments.assess, choose_winner and clear_winner
        conn.execute(
            "INSERT INTO answer_assessment (selection_id, vendor_id, uid, answer_set_id, status,"
            " comment, author, at) VALUES (?, ?, 'SIK-1', ?, 'accepted', '', ?, ?)",
            (selection_id, vendor_id, set_id, user, STAMP),
        )
        for _ in range(2):  # the second time an update (ON CONFLICT)
            conn.execute(
                "INSERT INTO selection_winner (selection_id, vendor_id, chosen_at, chosen_by)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (selection_id) DO UPDATE SET"
                " chosen_at = excluded.chosen_at, chosen_by = excluded.chosen_by",
                (selection_id, vendor_id, STAMP, user),
            )
        conn.execute("UPDATE answer_set SET current = 1 WHERE id = ?", (set_id,))
    assert untick(conn, selection_id, ["SIK-2"]).removed == ("SIK-2",)
    assert ticked_uids(conn, selection_id) == {"SIK-1"}
    assert get_selection(conn, selection_id).answers == {"Cloud": Answer.YES}
    return int(selection_id)


def change_the_catalogue() -> list[tuple[str, tuple[Any, ...]]]:
    """What the editing services write, one transaction each (P3: editing.save_requirement,
    set_deleted, history, classification_admin, sources replace these)."""
    return [
        (  # editing.save_requirement: the row, then its revision
            "UPDATE requirement SET title = ?, version = version + 1 WHERE uid = ?",
            ("Kryptering af alt", "SIK-1"),
        ),
        (
            "INSERT INTO revision (requirement_id, number, action, author, at, content)"
            " SELECT id, 2, 'edit', 'per', ?, '{}' FROM requirement WHERE uid = ?",
            (STAMP, "SIK-1"),
        ),
        ("UPDATE requirement SET deleted = 1 WHERE uid = ?", ("SIK-2",)),  # set_deleted
        ("DELETE FROM requirement WHERE uid = ?", ("SIK-2",)),
        (  # a new requirement (editing.save_requirement, kravtui import)
            "INSERT INTO requirement (uid, title, category_id, importance, version, created_at,"
            " updated_at) SELECT 'SIK-3', 'Ny', id, 'normal', 1, ?, ? FROM category"
            " WHERE prefix = 'SIK'",
            (STAMP, STAMP),
        ),
        (
            "INSERT INTO requirement_tag (requirement_id, tag_id)"
            " SELECT r.id, t.id FROM requirement r, tag t WHERE r.uid = ?",
            ("SIK-3",),
        ),
        (
            "INSERT INTO requirement_source (system, reference, requirement_id)"
            " SELECT 'os2kravmotor', '17', id FROM requirement WHERE uid = ?",
            ("SIK-1",),
        ),
        (  # classification_admin
            "INSERT INTO category (prefix, name, description, position) VALUES (?, ?, '', 9)",
            ("ARK", "Arkiv"),
        ),
        ("UPDATE category SET name = ? WHERE prefix = ?", ("Sikkerhed", "SIK")),
        (
            "INSERT INTO subcategory (category_id, name, position)"
            " SELECT id, 'Net', 1 FROM category",
            (),
        ),
        ("INSERT INTO domain (name, position) VALUES (?, 9)", ("Ældre",)),
        ("UPDATE tag SET question = ? WHERE name = ?", ("Skal den ligge i skyen?", "Cloud")),
        ("INSERT INTO principle (name, position) VALUES (?, 9)", ("Åbenhed",)),
        ("DELETE FROM principle WHERE name = ?", ("Åbenhed",)),
    ]


def test_an_officer_works_on_selections_and_answers(team: Team) -> None:
    conn = team.open_as(OFFICER)
    try:
        selection_id = work_on_a_selection(conn, OFFICER)
    finally:
        conn.close()
    rows = team.rows()
    assert len(rows["selection"]) == 1 and f'"id":{selection_id}' in rows["selection"][0]
    assert len(rows["selection_winner"]) == 1
    assert rows["meta"] == [f'{{"key":"current_selection.per","value":"{selection_id}"}}']
    conn = team.open_as(OFFICER)
    try:
        delete_selection(conn, selection_id)
    finally:
        conn.close()
    assert team.rows()["selection"] == []


def test_an_officer_may_not_change_the_catalogue_and_it_stays_as_it_was(team: Team) -> None:
    before = team.rows()
    conn = team.open_as(OFFICER)
    try:
        for statement, parameters in change_the_catalogue():
            with pytest.raises(EnginePermissionError) as refused, transaction(conn):
                conn.execute(statement, parameters)
            assert refused.value.sqlstate == "42501", statement
            assert not conn.in_transaction  # rolled back, the connection usable
            line = str(refused.value)  # what every face shows: the role's line
            prefix, _, suffix = t(
                "catalogue.postgres.not_allowed",
                where=team.location(OFFICER).display,
                role=OFFICER,
                detail="\0",
            ).partition("\0")
            assert line.startswith(prefix) and line.endswith(suffix)
            assert "permission denied for table" in line
            assert "\n" not in line
        with pytest.raises(EnginePermissionError), transaction(conn):
            add_selection(conn, ticked=["SIK-1"])  # allowed, but in the same transaction as ...
            conn.execute("UPDATE requirement SET title = 'x'")  # ... a refused change
    finally:
        conn.close()
    assert team.rows() == before


def test_an_editor_may_change_the_catalogue_and_work_on_selections(team: Team) -> None:
    conn = team.open_as(EDITOR)
    try:
        work_on_a_selection(conn, EDITOR)
        for statement, parameters in change_the_catalogue():
            with transaction(conn):
                conn.execute(statement, parameters)
    finally:
        conn.close()
    rows = team.rows()
    assert [r for r in rows["requirement"] if '"uid":"SIK-2"' in r] == []  # deleted
    assert any('"title":"Kryptering af alt"' in r for r in rows["requirement"])
    assert any('"prefix":"ARK"' in r for r in rows["category"])
    assert len(rows["selection_winner"]) == 1


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "the database role per may not make this change; a role with an editor's rights"),
        ("da", "databaserollen per må ikke foretage denne ændring; en rolle med en redaktørs"),
    ],
)
def test_a_refused_change_in_a_command_is_one_line_naming_the_role(
    team: Team, capsys: pytest.CaptureFixture[str], language: str, words: str
) -> None:
    before = team.rows()
    secret = "hemmelig-kode-42"  # trusted socket: the server never asks, the line never shows it
    state = State(team.location(OFFICER, password=secret).conninfo, None, False)
    state.apply(None, language)
    with (
        pytest.raises(SystemExit) as ended,
        open_for_command(state, writes=True) as conn,
        transaction(conn),
    ):
        add_selection(conn, ticked=["SIK-1"])
        conn.execute("UPDATE requirement SET title = ? WHERE uid = ?", ("Ny", "SIK-1"))
    assert ended.value.code == 1
    warning, *lines = capsys.readouterr().err.splitlines()  # first: the password is seen in ps
    assert warning.startswith("kravtui: ") and "~/.pgpass" in warning and secret not in warning
    assert len(lines) == 1, lines
    assert words in lines[0]
    assert "requirement" in lines[0]  # the server's words name the table for the owner
    assert secret not in lines[0]
    assert team.rows() == before


def test_a_write_in_a_read_only_session_says_read_only(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    before = team.rows()
    state = State(team.location(OFFICER).conninfo, "en", True)
    with (
        pytest.raises(SystemExit) as ended,
        open_for_command(state) as conn,
        transaction(conn),
    ):
        add_selection(conn, ticked=["SIK-1"])  # an officer may, but not read-only
    assert ended.value.code == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "kravtui: error: " + t("catalogue.postgres.read_only", where=team.location(OFFICER).display)
    ]
    assert team.rows() == before


def test_a_hostile_role_name_is_shown_escaped(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "per\x1b[2J\u202eevil\u0007"
    team.extra_roles.append(hostile)
    team.cluster.admin(f'CREATE ROLE "{hostile}" LOGIN IN ROLE kravtui_officer')
    state = State(team.location(hostile).conninfo, "en", False)
    with (
        pytest.raises(SystemExit),
        open_for_command(state, writes=True) as conn,
        transaction(conn),
    ):
        conn.execute("DELETE FROM requirement")
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert not any(char in err for char in "\x1b\u202e\u0007")
    assert f"role {visible(hostile)} may not" in err
    assert "may not make this change" in err


def test_a_server_that_gives_no_temporary_tables_lets_each_role_do_its_work(team: Team) -> None:
    """A hardened server takes TEMPORARY from PUBLIC; the README grants none, so no service may
    need a temporary table: an officer ticks and unticks, an editor saves and creates."""
    team.cluster.admin(f"REVOKE TEMPORARY ON DATABASE {team.dbname} FROM PUBLIC")
    conn = team.open_as(OFFICER)
    try:
        temporary = "SELECT has_database_privilege(current_database(), 'TEMP')"
        assert conn.execute(temporary).fetchone()[0] is False
        selection = create_selection(conn, SelectionInfo(title="Indkøb"))
        report = tick(conn, selection.id, ["SIK-1", "SIK-2", "NOPE-9"])
        assert report.added == ("SIK-1", "SIK-2") and report.unknown == ("NOPE-9",)
        untick(conn, selection.id, ["SIK-2"])
        again = tick(conn, selection.id, ["SIK-2"])
        assert again.restored == ("SIK-2",) and not again.added
        assert ticked_uids(conn, selection.id) == {"SIK-1", "SIK-2"}
    finally:
        conn.close()
    conn = team.open_as(EDITOR)
    try:
        stored = get_requirement(conn, "SIK-1")
        assert stored is not None
        changed = replace(stored.content, title="Kryptering af alt", tags=())
        saved = save_requirement(conn, changed, expected_version=stored.meta.version)
        assert saved.content == changed and saved.meta.version == stored.meta.version + 1
        new = RequirementContent(uid="SIK-3", title="Ny", category="SIK", domains=("Skole",))
        assert save_requirement(conn, new, expected_version=None).content == new
    finally:
        conn.close()


def catalogue_with_a_new_requirement(team: Team, path: Path) -> Path:
    """The team's catalogue as a canonical file (read as its owner) with SIK-7 added: what an
    editor imports to add a requirement (the streamed import, as for any exported file)."""
    owner = team.open_as(OWNER)
    try:
        content = catalogue_content(owner)
    finally:
        owner.close()
    new = RequirementContent(uid="SIK-7", title="Ny ved import", category="SIK", domains=("Skole",))
    added = replace(content, requirements=(*content.requirements, new))
    path.write_text(dump_catalogue(added), encoding="utf-8")
    return path


def test_an_editor_imports_new_requirements_with_the_readmes_grants(
    team: Team, tmp_path: Path
) -> None:
    """New ids come from the identity, which needs no grant of its own (the README says so):
    not from its sequence, which would need USAGE."""
    path = catalogue_with_a_new_requirement(team, tmp_path / "new.toml")
    result = CliRunner().invoke(
        main, ["--lang", "en", "--db", team.location(EDITOR).conninfo, "import", str(path)]
    )
    assert result.exit_code == 0, result.output
    rows = team.rows()["requirement"]
    assert any('"uid":"SIK-7"' in row and '"created_by":"anna"' in row for row in rows), rows


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "the database role per may not make this change; a role with an editor's rights"),
        ("da", "databaserollen per må ikke foretage denne ændring; en rolle med en redaktørs"),
    ],
)
def test_an_officers_import_is_refused_in_the_roles_one_line(
    team: Team, tmp_path: Path, language: str, words: str
) -> None:
    before = team.rows()
    path = catalogue_with_a_new_requirement(team, tmp_path / "new.toml")
    result = CliRunner().invoke(
        main, ["--lang", language, "--db", team.location(OFFICER).conninfo, "import", str(path)]
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert team.rows() == before
