"""The current selection is remembered per catalogue and user; the uid sets rows are marked from.

Each test runs on SQLite, then on PostgreSQL, where the user is the login role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from kravtui.catalogue.db import create_catalogue, open_catalogue
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.selection.current import remember_selection, remembered_selection, selection_stamp
from kravtui.selection.items import edit_item, edited_uids, get_item, tick, ticked_uids, untick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection, delete_selection, finalise, get_selection
from tests.catalogue_factory import make_catalogue


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    connection = create_catalogue(catalogue_location)
    yield connection
    connection.close()


def test_nothing_to_remember_without_selections(conn: Connection) -> None:
    assert remembered_selection(conn, "anna") is None


def test_each_user_comes_back_to_their_own(conn: Connection) -> None:
    first = create_selection(conn, SelectionInfo("Første")).id
    second = create_selection(conn, SelectionInfo("Anden")).id
    remember_selection(conn, first, "anna")
    remember_selection(conn, second, "bo")
    assert remembered_selection(conn, "anna") == first
    assert remembered_selection(conn, "bo") == second


def test_without_a_choice_the_newest_draft_is_taken_but_not_on_a_shared_server(
    conn: Connection, engine: str
) -> None:
    """A file's newest draft is most likely the user's own; a server's, another officer's (who
    would find ticks of someone else in it): there the officer chooses one."""
    draft = create_selection(conn, SelectionInfo("Kladde")).id
    final = create_selection(conn, SelectionInfo("Endelig")).id
    finalise(conn, final)
    assert remembered_selection(conn, "anna") == (draft if engine == "sqlite" else None)
    remember_selection(conn, final, "anna")
    assert remembered_selection(conn, "anna") == final


def test_a_deleted_or_forgotten_selection_is_not_returned(conn: Connection, engine: str) -> None:
    gone = create_selection(conn, SelectionInfo("Væk")).id
    remember_selection(conn, gone, "anna")
    delete_selection(conn, gone)
    assert remembered_selection(conn, "anna") is None
    kept = create_selection(conn, SelectionInfo("Bliver")).id
    remember_selection(conn, kept, "anna")
    remember_selection(conn, None, "anna")
    assert remembered_selection(conn, "anna") == (kept if engine == "sqlite" else None)


def test_ticked_and_edited_uids(catalogue_location: CatalogueLocation) -> None:
    filled = make_catalogue(
        catalogue_location,
        requirements=[
            RequirementContent(uid=uid, title=f"Titel {uid}", category=uid[:3])
            for uid in ("ARK-1", "ARK-2", "SIK-1")
        ],
    )
    try:
        selection_id = create_selection(filled, SelectionInfo("Udbud")).id
        tick(filled, selection_id, ["ARK-1", "ARK-2", "SIK-1"])
        snapshot = get_item(filled, selection_id, "ARK-2").snapshot
        edit_item(filled, selection_id, "ARK-2", replace(snapshot, title="Rettet"))
        assert ticked_uids(filled, selection_id) == {"ARK-1", "ARK-2", "SIK-1"}
        assert edited_uids(filled, selection_id) == {"ARK-2"}
        untick(filled, selection_id, ["ARK-2"])  # kept for its edit, no longer ticked
        assert edited_uids(filled, selection_id) == set()
    finally:
        filled.close()


def test_the_user_is_the_os_user_on_sqlite_and_the_login_role_on_postgresql(
    conn: Connection, engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's catalogue is shared on one machine, where kravtui's user tells people apart;
    PostgreSQL's from many machines, where the server's login role does (and its history
    names it), whatever $KRAVTUI_USER says there."""
    monkeypatch.setenv("KRAVTUI_USER", "anna")
    chosen = create_selection(conn, SelectionInfo("Mit udbud")).id
    create_selection(conn, SelectionInfo("Nyeste"))
    remember_selection(conn, chosen)
    role = conn.execute("SELECT session_user").fetchone()[0] if engine == "postgresql" else None
    user = "anna" if role is None else str(role)
    assert user != "anna" or engine == "sqlite"
    assert remembered_selection(conn) == chosen
    assert remembered_selection(conn, user) == chosen
    keys = [key for (key,) in conn.execute("SELECT key FROM meta WHERE key LIKE 'current%'")]
    assert keys == [f"current_selection.{user}"]


def test_the_stamp_changes_with_every_change(conn: Connection) -> None:
    selection_id = create_selection(conn, SelectionInfo("Udbud")).id
    before = selection_stamp(conn, selection_id)
    finalise(conn, selection_id)
    after = selection_stamp(conn, selection_id)
    assert before is not None and after is not None and before != after
    assert after[1] == "final"
    delete_selection(conn, selection_id)
    assert selection_stamp(conn, selection_id) is None


def test_a_selection_made_on_the_command_line_is_the_makers_when_they_have_none(
    catalogue_location: CatalogueLocation, engine: str
) -> None:
    """On a server nothing is taken by default, so `selection new` makes the new selection the
    current one of a user who has none (the TUI then opens on it); one already chosen stays."""
    from click.testing import CliRunner

    from kravtui.cli import main

    create_catalogue(catalogue_location).close()
    db = str(catalogue_location.display)

    def new(title: str) -> None:
        made = CliRunner().invoke(main, ["--lang", "en", "--db", db, "selection", "new", title])
        assert made.exit_code == 0, made.output

    new("Første")
    conn = open_catalogue(catalogue_location)
    try:
        first = remembered_selection(conn)
        assert first is not None and get_selection(conn, first).title == "Første"
        new("Anden")
        now = remembered_selection(conn)
        assert now is not None
        # a server keeps the one remembered; a file takes its newest draft, as before
        assert get_selection(conn, now).title == ("Første" if engine == "postgresql" else "Anden")
    finally:
        conn.close()
