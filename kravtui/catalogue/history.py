"""Revisions: every create, edit, delete, restore and import of a requirement is recorded.

A revision holds who, when, the action and the requirement's full content after the action, so
any two versions can be compared and any version restored.

Who (`author_of`): on SQLite the user kravtui runs as (``$KRAVTUI_USER`` or the OS user); on
PostgreSQL the login role the server knows the session by (``session_user``, which ``SET ROLE``
does not change). There the server vouches for it: a trigger of the baseline
(`kravtui.catalogue.schema_postgres`) writes every new revision's author itself and keeps an
existing one, so a client cannot record another name; so do the baseline's triggers for every
other column that names a person (``SERVER_AUTHORS``: a requirement's creator and last editor,
who imported answers, gave a verdict, chose the winner).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kravtui.catalogue.db import current_user
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.records import RequirementContent


class Action(StrEnum):
    """What a revision records."""

    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    RESTORE = "restore"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class Revision:
    """One recorded version of a requirement."""

    number: int
    action: Action
    author: str
    at: str
    content: RequirementContent


def author_of(conn: Connection, author: str | None = None) -> str:
    """Who the changes made on `conn` are recorded as: on SQLite `author`, else the user
    (``$KRAVTUI_USER`` or the OS user); on PostgreSQL always the session's login role, the name
    its triggers write into the revisions and every other column that names a person."""
    if engine(conn) == "sqlite":
        return author or current_user()
    return str(conn.execute("SELECT session_user").fetchone()[0])


_INSERT = """
INSERT INTO revision (requirement_id, number, action, author, at, content)
VALUES (?, COALESCE((SELECT max(number) FROM revision WHERE requirement_id = ?), 0) + 1, ?, ?, ?, ?)
"""


def record_revisions(
    conn: Connection,
    entries: list[tuple[int, Action, RequirementContent]],
    *,
    author: str,
    at: str,
) -> None:
    """Append one revision per (requirement id, action, content after) entry."""
    record_revision_texts(
        conn,
        [
            (requirement_id, action, content.to_json())
            for requirement_id, action, content in entries
        ],
        author=author,
        at=at,
    )


def record_revision_texts(
    conn: Connection, entries: list[tuple[int, Action, str]], *, author: str, at: str
) -> None:
    """`record_revisions` of contents already written as JSON (`RequirementContent.to_json`)."""
    conn.executemany(
        _INSERT,
        [
            (requirement_id, requirement_id, action.value, author, at, text)
            for requirement_id, action, text in entries
        ],
    )


def list_revisions(conn: Connection, uid: str) -> list[Revision]:
    """Every revision of the requirement `uid`, oldest first (empty for an unknown uid)."""
    if "\x00" in uid:  # in no uid; PostgreSQL refuses one in a parameter
        return []
    rows = conn.execute(
        """
        SELECT rv.number, rv.action, rv.author, rv.at, rv.content
        FROM revision rv JOIN requirement r ON r.id = rv.requirement_id
        WHERE r.uid = ? ORDER BY rv.number
        """,
        (uid,),
    ).fetchall()
    return [
        Revision(
            number=row["number"],
            action=Action(row["action"]),
            author=row["author"],
            at=row["at"],
            content=RequirementContent.from_json(row["content"]),
        )
        for row in rows
    ]
