"""Where requirements came from: each one's number in another system, such as OS2kravmotor.

A requirement imported from OS2kravmotor keeps OS2kravmotor's numeric "Krav id" as its source
reference (table ``requirement_source``, schema v8), so the same file imported again updates the
same requirements instead of adding new ones, and an export can show the number beside the uid.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

OS2KRAVMOTOR = "os2kravmotor"
"""The system name of OS2kravmotor's requirement numbers."""


def requirements_by_reference(conn: sqlite3.Connection, system: str) -> dict[str, str]:
    """reference -> uid of every requirement with a reference in `system`."""
    rows = conn.execute(
        "SELECT s.reference, r.uid FROM requirement_source s "
        "JOIN requirement r ON r.id = s.requirement_id WHERE s.system = ?",
        (system,),
    )
    return {str(reference): str(uid) for reference, uid in rows}


def reference_of(conn: sqlite3.Connection, uid: str, system: str) -> str:
    """The requirement's reference in `system`, or "" when it has none."""
    row = conn.execute(
        "SELECT s.reference FROM requirement_source s JOIN requirement r "
        "ON r.id = s.requirement_id WHERE r.uid = ? AND s.system = ?",
        (uid, system),
    ).fetchone()
    return str(row[0]) if row else ""


def set_references(conn: sqlite3.Connection, system: str, pairs: Iterable[tuple[str, str]]) -> int:
    """Give each (uid, reference) requirement that reference in `system`, replacing one it had
    there and taking the reference from any other requirement; call inside `transaction()`.
    Returns how many references were new or moved."""
    changed = 0
    for uid, reference in pairs:
        row = conn.execute("SELECT id FROM requirement WHERE uid = ?", (uid,)).fetchone()
        if row is None:
            continue
        requirement_id = int(row[0])
        held = conn.execute(
            "SELECT requirement_id FROM requirement_source WHERE system = ? AND reference = ?",
            (system, reference),
        ).fetchone()
        if held is not None and int(held[0]) == requirement_id:
            continue
        conn.execute(
            "DELETE FROM requirement_source WHERE system = ? "
            "AND (reference = ? OR requirement_id = ?)",
            (system, reference, requirement_id),
        )
        conn.execute(
            "INSERT INTO requirement_source (system, reference, requirement_id) VALUES (?, ?, ?)",
            (system, reference, requirement_id),
        )
        changed += 1
    return changed
