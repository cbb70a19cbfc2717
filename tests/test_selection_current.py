"""The current selection is remembered per catalogue and user; the uid sets rows are marked from."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from kravtui.catalogue.db import connect, create_catalogue
from kravtui.selection.current import remember_selection, remembered_selection, selection_stamp
from kravtui.selection.items import edit_item, edited_uids, get_item, tick, ticked_uids, untick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection, delete_selection, finalise
from tests.tui.conftest import build_catalogue


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return create_catalogue(tmp_path / "c.db")


def test_nothing_to_remember_without_selections(conn: sqlite3.Connection) -> None:
    assert remembered_selection(conn, "anna") is None


def test_each_user_comes_back_to_their_own(conn: sqlite3.Connection) -> None:
    first = create_selection(conn, SelectionInfo("Første")).id
    second = create_selection(conn, SelectionInfo("Anden")).id
    remember_selection(conn, first, "anna")
    remember_selection(conn, second, "bo")
    assert remembered_selection(conn, "anna") == first
    assert remembered_selection(conn, "bo") == second


def test_without_a_choice_the_newest_draft_is_taken(conn: sqlite3.Connection) -> None:
    draft = create_selection(conn, SelectionInfo("Kladde")).id
    final = create_selection(conn, SelectionInfo("Endelig")).id
    finalise(conn, final)
    assert remembered_selection(conn, "anna") == draft


def test_a_deleted_or_forgotten_selection_is_not_returned(conn: sqlite3.Connection) -> None:
    gone = create_selection(conn, SelectionInfo("Væk")).id
    remember_selection(conn, gone, "anna")
    delete_selection(conn, gone)
    assert remembered_selection(conn, "anna") is None
    kept = create_selection(conn, SelectionInfo("Bliver")).id
    remember_selection(conn, None, "anna")
    assert remembered_selection(conn, "anna") == kept


def test_ticked_and_edited_uids(tmp_path: Path) -> None:
    filled = connect(build_catalogue(tmp_path / "filled.db"))
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


def test_the_stamp_changes_with_every_change(conn: sqlite3.Connection) -> None:
    selection_id = create_selection(conn, SelectionInfo("Udbud")).id
    before = selection_stamp(conn, selection_id)
    finalise(conn, selection_id)
    after = selection_stamp(conn, selection_id)
    assert before is not None and after is not None and before != after
    assert after[1] == "final"
    delete_selection(conn, selection_id)
    assert selection_stamp(conn, selection_id) is None
