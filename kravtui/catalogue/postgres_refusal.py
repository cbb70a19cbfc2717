"""A write the PostgreSQL server refused, in one line a user can act on.

On a shared catalogue the server's roles decide who may change what (README, "A shared
catalogue for a team or a country"): an officer's role may change selections and vendors'
answers, an editor's also the requirements, their history and the classifications. When a role
tries more, the server refuses with SQLSTATE 42501; a session opened read-only (``--read-only``)
is refused with 25006. The adapter (`kravtui.catalogue.postgres_connection`) makes either the
`EnginePermissionError` whose text is `refusal_words`: which database role may not do this and
who can, the server's own words after it (they name the table, which is what the database's
owner needs to know). So every face shows it as it shows any refusal, ``str(error)``: the CLI's
error line, a TUI form's error line or notice, whatever screen the refused action came from.

The line names the login role (``session_user``, which ``SET ROLE`` does not change), read from
the connection without a round trip, since the refused transaction may still be open.

`refusal_here` is the line a face that works in the open catalogue shows (the TUI, as the
error's `unplaced`): without the catalogue's place, and without the officer's advice, since the
TUI knows the role's rights when it opens and offers no change an officer's role may not make;
a refusal there is a right taken back since (or a table the grants leave out): the server
refused the role this change, in its words, and nothing was changed.
"""

from __future__ import annotations

from kravtui.i18n import t

READ_ONLY_TRANSACTION = "25006"
"""The SQLSTATE of a write in a read-only transaction (a ``--read-only`` session)."""


def refusal_words(detail: str, sqlstate: str, where: str, role: str) -> str:
    """The one line for a refusal with the server's words `detail` and `sqlstate`, on the
    catalogue shown as `where`, to the login role `role`."""
    if sqlstate == READ_ONLY_TRANSACTION:
        return t("catalogue.postgres.read_only", where=where)
    return t("catalogue.postgres.not_allowed", where=where, role=role, detail=detail)


def refusal_here(detail: str, sqlstate: str, role: str) -> str:
    """The same refusal for a face that works in the open catalogue (see the module doc)."""
    if sqlstate == READ_ONLY_TRANSACTION:
        return t("catalogue.postgres.read_only_here")
    return t("catalogue.postgres.refused", role=role, detail=detail)
