"""Where requirements came from: each one's number in another system, such as OS2kravmotor.

A requirement imported from OS2kravmotor keeps OS2kravmotor's numeric "Krav id" as its source
reference (table ``requirement_source``, schema v8), so the same file imported again updates the
same requirements instead of adding new ones, and an export can show the number beside the uid.

A file names a source as one text, ``SYSTEM:REFERENCE`` (``os2kravmotor:1234``, `source_text`,
`SOURCE_PATTERN`): the systems kravtui knows (`SYSTEMS`) and, for each, what its references
look like. A requirement has at most one reference per system, and a reference names one
requirement per system.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kravtui.catalogue.dbapi import Connection

OS2KRAVMOTOR = "os2kravmotor"
"""The system name of OS2kravmotor's requirement numbers."""

SYSTEMS: tuple[str, ...] = (OS2KRAVMOTOR,)
"""The source systems kravtui records (and reads from a file)."""

SOURCE_PATTERN = re.compile(r"(os2kravmotor):([0-9]{1,18})")
"""A source as a file writes it: the system, a colon and the reference (OS2kravmotor's are
numbers)."""

_SYSTEM = re.compile(r"[a-z][a-z0-9-]{0,31}")


def source_text(system: str, reference: str) -> str:
    """``os2kravmotor:1234``."""
    return f"{system}:{reference}"


def read_source(text: str) -> tuple[str, str]:
    """(system, reference) of a source text; `ValueError` whose message is the unknown system's
    name (a well-formed one) or empty (anything else)."""
    found = SOURCE_PATTERN.fullmatch(text)
    if found is not None:
        return found.group(1), found.group(2)
    system, colon, _ = text.partition(":")
    if colon and _SYSTEM.fullmatch(system) and system not in SYSTEMS:
        raise ValueError(system)
    raise ValueError("")


def requirements_by_reference(conn: Connection, system: str) -> dict[str, str]:
    """reference -> uid of every requirement with a reference in `system`."""
    rows = conn.execute(
        "SELECT s.reference, r.uid FROM requirement_source s "
        "JOIN requirement r ON r.id = s.requirement_id WHERE s.system = ?",
        (system,),
    )
    return {str(reference): str(uid) for reference, uid in rows}


def sources_by_uid(conn: Connection) -> dict[str, str]:
    """uid -> ``SYSTEM:REFERENCE`` of every requirement with a source (the first system by name
    where one has several)."""
    rows = conn.execute(
        "SELECT r.uid, s.system, s.reference FROM requirement_source s "
        "JOIN requirement r ON r.id = s.requirement_id ORDER BY s.system DESC"
    )
    return {str(uid): source_text(str(system), str(reference)) for uid, system, reference in rows}


def reference_of(conn: Connection, uid: str, system: str) -> str:
    """The requirement's reference in `system`, or "" when it has none."""
    if "\x00" in uid + system:  # in no key; PostgreSQL refuses one in a parameter
        return ""
    row = conn.execute(
        "SELECT s.reference FROM requirement_source s JOIN requirement r "
        "ON r.id = s.requirement_id WHERE r.uid = ? AND s.system = ?",
        (uid, system),
    ).fetchone()
    return str(row[0]) if row else ""


def set_references(conn: Connection, system: str, pairs: Iterable[tuple[str, str]]) -> int:
    """Give each (uid, reference) requirement that reference in `system`, replacing one it had
    there and taking the reference from any other requirement (later pairs win, as if set one
    by one); call inside `transaction()`. Returns how many references were new or moved.

    Worked out in memory from the system's references and written in two statements, so an
    import of 100,000 OS2kravmotor numbers costs a fraction of a second."""
    wanted = list(pairs)
    if not wanted:
        return 0
    ids = _ids(conn, {uid for uid, _ in wanted})
    held: dict[str, int] = {}  # reference -> requirement id
    owned: dict[int, str] = {}  # requirement id -> reference
    for reference, requirement_id in conn.execute(
        "SELECT reference, requirement_id FROM requirement_source WHERE system = ?", (system,)
    ):
        held[str(reference)] = int(requirement_id)
        owned[int(requirement_id)] = str(reference)
    before = dict(held)
    changed = 0
    for uid, reference in wanted:
        requirement_id = ids.get(uid)
        if requirement_id is None or held.get(reference) == requirement_id:
            continue
        old_reference = owned.pop(requirement_id, None)
        if old_reference is not None:
            del held[old_reference]
        old_holder = held.pop(reference, None)
        if old_holder is not None:
            del owned[old_holder]
        held[reference] = requirement_id
        owned[requirement_id] = reference
        changed += 1
    gone = [(system, reference) for reference in before if held.get(reference) != before[reference]]
    new = [
        (system, reference, requirement_id)
        for reference, requirement_id in held.items()
        if before.get(reference) != requirement_id
    ]
    conn.executemany("DELETE FROM requirement_source WHERE system = ? AND reference = ?", gone)
    conn.executemany(
        "INSERT INTO requirement_source (system, reference, requirement_id) VALUES (?, ?, ?)", new
    )
    return changed


def set_sources(conn: Connection, sources: Mapping[str, str]) -> int:
    """`set_references` for uid -> ``SYSTEM:REFERENCE`` texts (checked already); returns how
    many were new or moved."""
    by_system: dict[str, list[tuple[str, str]]] = {}
    for uid, text in sources.items():
        system, reference = read_source(text)
        by_system.setdefault(system, []).append((uid, reference))
    return sum(set_references(conn, system, pairs) for system, pairs in by_system.items())


def _ids(conn: Connection, uids: set[str]) -> dict[str, int]:
    """uid -> id of the requirements among `uids`."""
    if len(uids) > 5_000:
        rows = conn.execute("SELECT uid, id FROM requirement")
        return {str(uid): int(i) for uid, i in rows if uid in uids}
    found: dict[str, int] = {}
    listed = sorted(uids)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT uid, id FROM requirement WHERE uid IN ({marks})"
        found.update((str(uid), int(i)) for uid, i in conn.execute(sql, chunk))
    return found
