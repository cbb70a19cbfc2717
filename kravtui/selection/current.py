"""Which selection a user is working on in a catalogue, remembered between sessions.

The choice is stored in the catalogue's `meta` table under a key per user, so two officers
sharing a catalogue each come back to their own selection, and another catalogue has its own.
A remembered selection that was deleted since is forgotten quietly. With nothing remembered, a
SQLite file's most recently changed draft (else any selection) is taken; a PostgreSQL server's
is most likely another officer's, who would then find ticks of someone else in it, so there
none is taken and the officer chooses one (`s`).

Who the user is depends on where the catalogue lives. A SQLite file is shared by people logged
in on the machine that holds it (over SSH), so kravtui's user (`current_user`: the OS user, or
``$KRAVTUI_USER``) tells them apart. A PostgreSQL catalogue is shared by people connecting from
their own machines, where OS user names repeat ("admin" on two laptops); there the user is the
login role (``session_user``), unique on the server and the name its history records
(docs/postgresql.md, section 3e), and short enough for the key's index.
"""

from __future__ import annotations

from kravtui.catalogue.db import current_user, transaction
from kravtui.catalogue.dbapi import Connection, engine

KEY_PREFIX = "current_selection."


def _key(conn: Connection, user: str | None) -> str:
    if user:
        return KEY_PREFIX + user
    if engine(conn) == "sqlite":
        return KEY_PREFIX + current_user()
    return KEY_PREFIX + str(conn.execute("SELECT session_user").fetchone()[0])


def remembered_selection(conn: Connection, user: str | None = None) -> int | None:
    """The selection `user` worked on last; else, on SQLite, the newest draft; else None."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_key(conn, user),)).fetchone()
    if row is not None and str(row[0]).isdigit():
        found = conn.execute("SELECT id FROM selection WHERE id = ?", (int(row[0]),)).fetchone()
        if found is not None:
            return int(found[0])
    if engine(conn) != "sqlite":  # shared by many officers: the newest is likely another's
        return None
    newest = conn.execute(
        "SELECT id FROM selection ORDER BY status = 'final', updated_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return int(newest[0]) if newest is not None else None


def remember_selection(conn: Connection, selection_id: int | None, user: str | None = None) -> None:
    """Record (or, with None, forget) the selection `user` is working on."""
    with transaction(conn):
        if selection_id is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (_key(conn, user),))
        else:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (_key(conn, user), str(selection_id)),
            )


def selection_stamp(conn: Connection, selection_id: int) -> tuple[int, str] | None:
    """The selection's version and status (None once deleted): they change with every change."""
    row = conn.execute(
        "SELECT version, status FROM selection WHERE id = ?", (selection_id,)
    ).fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None
