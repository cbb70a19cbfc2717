"""A write the PostgreSQL server refused, in one line a user can act on.

On a shared catalogue the server's roles decide who may change what (README, "A shared
catalogue for a team or a country"): an officer's role may change selections and vendors'
answers, an editor's also the requirements, their history and the classifications. When a role
tries more, the server refuses with SQLSTATE 42501 and the adapter raises
`EnginePermissionError`; a session opened read-only (``--read-only``) is refused with 25006.
`refusal_line` turns either into the line a face shows (the CLI's error line, the TUI's
notice): which database role may not do this and who can, the server's own words after it (they
name the table, which is what the database's owner needs to know).

The line names the login role (``session_user``, which ``SET ROLE`` does not change), read from
the connection without a round trip, since the refused transaction may still be open. The TUI
shows the same line where it catches a save's database error.
"""

from __future__ import annotations

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.engine_errors import EnginePermissionError
from kravtui.i18n import t

READ_ONLY_TRANSACTION = "25006"
"""The SQLSTATE of a write in a read-only transaction (a ``--read-only`` session)."""


def refusal_line(error: EnginePermissionError, conn: Connection) -> str:
    """The one line for `error`, raised on `conn` (a PostgreSQL catalogue's connection); the
    error's own scrubbed text where `conn` cannot say who it is (closed, or not PostgreSQL's)."""
    # Only a PostgreSQL connection raises EnginePermissionError, so psycopg is loaded already.
    from kravtui.catalogue.postgres_connection import PostgresConnection

    if not isinstance(conn, PostgresConnection) or conn.raw.closed:
        return str(error)
    where = conn.location.display
    if error.sqlstate == READ_ONLY_TRANSACTION:
        return t("catalogue.postgres.read_only", where=where)
    role = conn.raw.info.user  # the login role: session_user, without a round trip
    return t("catalogue.postgres.not_allowed", where=where, role=role, detail=str(error))
