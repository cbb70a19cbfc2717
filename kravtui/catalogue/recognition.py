"""Whether a SQLite file is a kravtui catalogue, decided before anything is written to it.

A file is a kravtui catalogue when

- its header carries kravtui's mark, `PRAGMA application_id` = `APPLICATION_ID` (every
  catalogue from schema version 5 on; a new catalogue has it from its creation); or
- it carries no mark (application_id 0), its `PRAGMA user_version` N is one kravtui wrote
  before the mark (1 to 4), and it holds every table, index, trigger and view that kravtui's
  migrations 1..N create, each with exactly the SQL text kravtui wrote (for the full-text
  indexes' own tables, which SQLite makes and words itself, the name and kind). That is what
  the kravtui versions before the mark left behind: more than twenty objects with kravtui's exact
  CREATE statements, columns included, do not come about by accident. Objects beside them (an
  index someone added) do not make the file someone else's.

Anything else is not ours: another program's mark, a version with other tables, version 0 or a
version beyond 4 without the mark. SQLite's own objects (``sqlite_stat1`` after ANALYZE) are
left out of the comparison.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from functools import cache

from kravtui.catalogue.schema import APPLICATION_ID, MARKED_SINCE

Shape = dict[str, tuple[str, str, str | None]]
"""name -> (type, table, SQL text or None where only the name and kind are compared)."""


def marked_version(conn: sqlite3.Connection, migrations: Sequence[str]) -> int | None:
    """The schema version of the catalogue on `conn`, or None when the file is not one.

    Read it inside one transaction so that the header and the schema are of one moment.
    """
    application_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if application_id == APPLICATION_ID:
        return version if version >= MARKED_SINCE else None
    if application_id != 0 or not 1 <= version < MARKED_SINCE or version > len(migrations):
        return None
    return version if _holds(conn, _shape(tuple(migrations[:version]))) else None


def _holds(conn: sqlite3.Connection, expected: Shape) -> bool:
    """Whether the file on `conn` has every object of `expected`, each as kravtui made it."""
    found: Shape = {
        str(name): (str(kind), str(table), sql)
        for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
        )
    }
    for name, (kind, table, sql) in expected.items():
        present = found.get(name)
        if present is None or present[:2] != (kind, table):
            return False
        if sql is not None and present[2] != sql:
            return False
    return True


@cache
def _shape(migrations: tuple[str, ...]) -> Shape:
    """The objects `migrations` create, taken from an in-memory database that ran them."""
    reference = sqlite3.connect(":memory:")
    try:
        for script in migrations:
            reference.executescript(script)
        rows = reference.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    finally:
        reference.close()
    virtual = {
        name for kind, name, _, sql in rows if kind == "table" and "VIRTUAL TABLE" in (sql or "")
    }
    shape: Shape = {}
    for kind, name, table, sql in rows:
        if name.startswith("sqlite_") and sql is not None:
            continue  # SQLite's own tables (sqlite_sequence); its autoindexes are kept by name
        shadow = kind == "table" and any(name.startswith(f"{v}_") for v in virtual)
        shape[name] = (kind, table, None if shadow else sql)
    return shape
