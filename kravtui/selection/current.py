"""Which selection a user is working on in a catalogue, remembered between sessions.

The choice is stored in the catalogue's `meta` table under a key per OS user, so two officers
sharing a catalogue over SSH each come back to their own selection, and another catalogue file
has its own. A remembered selection that was deleted since is forgotten quietly; with nothing
remembered, the most recently changed draft (else any selection) is taken.
"""

from __future__ import annotations

import sqlite3

from kravtui.catalogue.db import current_user, transaction

KEY_PREFIX = "current_selection."


def _key(user: str | None) -> str:
    return KEY_PREFIX + (user or current_user())


def remembered_selection(conn: sqlite3.Connection, user: str | None = None) -> int | None:
    """The selection `user` worked on last, or the newest draft, or None when there is none."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_key(user),)).fetchone()
    if row is not None and str(row[0]).isdigit():
        found = conn.execute("SELECT id FROM selection WHERE id = ?", (int(row[0]),)).fetchone()
        if found is not None:
            return int(found[0])
    newest = conn.execute(
        "SELECT id FROM selection ORDER BY status = 'final', updated_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return int(newest[0]) if newest is not None else None


def remember_selection(
    conn: sqlite3.Connection, selection_id: int | None, user: str | None = None
) -> None:
    """Record (or, with None, forget) the selection `user` is working on."""
    with transaction(conn):
        if selection_id is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (_key(user),))
        else:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_key(user), str(selection_id)),
            )


def selection_stamp(conn: sqlite3.Connection, selection_id: int) -> tuple[int, str] | None:
    """The selection's version and status (None once deleted): they change with every change."""
    row = conn.execute(
        "SELECT version, status FROM selection WHERE id = ?", (selection_id,)
    ).fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None
