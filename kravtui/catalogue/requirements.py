"""Reading and writing requirements, with history and optimistic locking.

Reads return `RequirementContent` records in bulk (a handful of queries for any number of
requirements). Writes go through `write_contents`, which inserts new uids, updates changed ones
(bumping `version`), leaves identical ones alone and records a revision for each change. A single
edit passes the version the user started from; if someone else saved in between, `ConflictError`
carries their version so the caller can show both.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kravtui.catalogue.classifications import ClassificationIds, classification_ids
from kravtui.catalogue.db import CatalogueError, current_user, now_iso
from kravtui.catalogue.history import Action, record_revisions
from kravtui.catalogue.records import Requirement, RequirementContent, RequirementMeta
from kravtui.catalogue.vocabulary import FLAGS, Importance

_SELECT = """
SELECT r.id, r.uid, r.title, r.importance, c.prefix AS category,
       COALESCE(s.name, '') AS subcategory,
       r.info_requirement, r.favourite, r.all_domains, r.all_tags, r.relevant_saas,
       r.relevant_on_premise, r.deleted, r.stakeholders, r.description, r.rationale,
       r.help_text, r.notes, r.version, r.created_at, r.updated_at, r.created_by, r.updated_by
FROM requirement r
JOIN category c ON c.id = r.category_id
LEFT JOIN subcategory s ON s.id = r.subcategory_id
"""

_LINKS = (
    ("domains", "requirement_domain", "domain", "domain_id"),
    ("tags", "requirement_tag", "tag", "tag_id"),
    ("principles", "requirement_principle", "principle", "principle_id"),
)


class UnknownReferenceError(CatalogueError):
    """A requirement names a classification the catalogue does not have."""


class ConflictError(CatalogueError):
    """Someone else saved the requirement after the caller read it."""

    def __init__(self, uid: str, theirs: Requirement | None) -> None:
        super().__init__(f"{uid} was changed by someone else since you opened it")
        self.uid = uid
        self.theirs = theirs


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What `write_contents` did."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0


def normalise_text(text: str) -> str:
    """Line breaks as LF only (CRLF and lone CR become LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_contents(
    conn: sqlite3.Connection, *, include_deleted: bool = True, uids: Sequence[str] | None = None
) -> list[RequirementContent]:
    """Requirements' content, sorted by uid (prefix, then number)."""
    return [requirement.content for requirement in load_requirements(conn, include_deleted, uids)]


def load_requirements(
    conn: sqlite3.Connection, include_deleted: bool = True, uids: Sequence[str] | None = None
) -> list[Requirement]:
    """Stored requirements with their bookkeeping, sorted by uid (prefix, then number)."""
    where: list[str] = []
    params: list[str] = []
    if not include_deleted:
        where.append("r.deleted = 0")
    if uids is not None:
        where.append(f"r.uid IN ({','.join('?' * len(uids))})")
        params.extend(uids)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY r.uid_order"
    rows = conn.execute(sql, params).fetchall()
    links = _load_links(conn, [row["id"] for row in rows] if uids is not None else None)
    return [_requirement_from_row(row, links) for row in rows]


def get_requirement(conn: sqlite3.Connection, uid: str) -> Requirement | None:
    """One requirement by uid, or None."""
    found = load_requirements(conn, True, [uid])
    return found[0] if found else None


def _load_links(conn: sqlite3.Connection, ids: list[int] | None) -> dict[str, dict[int, list[str]]]:
    """For each link kind, requirement id -> names in display order."""
    result: dict[str, dict[int, list[str]]] = {}
    for field, link_table, table, column in _LINKS:
        sql = (
            f"SELECT l.requirement_id, t.name FROM {link_table} l "
            f"JOIN {table} t ON t.id = l.{column}"
        )
        params: list[int] = []
        if ids is not None:
            sql += f" WHERE l.requirement_id IN ({','.join('?' * len(ids))})"
            params = ids
        sql += " ORDER BY t.position, t.id"
        grouped: dict[int, list[str]] = {}
        for requirement_id, name in conn.execute(sql, params):
            grouped.setdefault(requirement_id, []).append(name)
        result[field] = grouped
    return result


def _requirement_from_row(row: sqlite3.Row, links: dict[str, dict[int, list[str]]]) -> Requirement:
    requirement_id = row["id"]
    content = RequirementContent(
        uid=row["uid"],
        title=row["title"],
        importance=Importance(row["importance"]),
        category=row["category"],
        subcategory=row["subcategory"],
        domains=tuple(links["domains"].get(requirement_id, ())),
        tags=tuple(links["tags"].get(requirement_id, ())),
        principles=tuple(links["principles"].get(requirement_id, ())),
        **{flag: bool(row[flag]) for flag in FLAGS},
        stakeholders=row["stakeholders"],
        description=row["description"],
        rationale=row["rationale"],
        help_text=row["help_text"],
        notes=row["notes"],
    )
    meta = RequirementMeta(
        id=requirement_id,
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
        updated_by=row["updated_by"],
    )
    return Requirement(content, meta)


def canonical(content: RequirementContent, ids: ClassificationIds) -> RequirementContent:
    """The content as it would read back once stored: text normalised, links in display order."""

    def ordered(names: Iterable[str], order: dict[str, int]) -> tuple[str, ...]:
        return tuple(sorted(set(names), key=lambda name: order.get(name, len(order))))

    return content.with_changes(
        title=normalise_text(content.title),
        stakeholders=normalise_text(content.stakeholders),
        description=normalise_text(content.description),
        rationale=normalise_text(content.rationale),
        help_text=normalise_text(content.help_text),
        notes=normalise_text(content.notes),
        domains=ordered(content.domains, _positions(ids.domains)),
        tags=ordered(content.tags, _positions(ids.tags)),
        principles=ordered(content.principles, _positions(ids.principles)),
    )


def _positions(mapping: dict[str, int]) -> dict[str, int]:
    return {name: index for index, name in enumerate(mapping)}


def write_contents(
    conn: sqlite3.Connection,
    contents: Iterable[RequirementContent],
    *,
    action: Action | None = None,
    author: str | None = None,
    expected_versions: dict[str, int] | None = None,
) -> WriteReport:
    """Insert or update requirements by uid; call inside `transaction()`.

    Identical content is left alone (no revision, no version bump). `action` names the revision
    (default: create for new uids, edit for changed ones). With `expected_versions`, a uid whose
    stored version differs raises `ConflictError` and nothing is written by the caller's
    transaction.
    """
    who = author or current_user()
    at = now_iso()
    ids = classification_ids(conn)
    incoming = [canonical(content, ids) for content in contents]
    existing = (
        {
            requirement.uid: requirement
            for requirement in load_requirements(conn, True, [c.uid for c in incoming])
        }
        if incoming
        else {}
    )
    created: list[str] = []
    updated: list[str] = []
    revisions: list[tuple[int, Action, RequirementContent]] = []
    unchanged = 0
    for content in incoming:
        _check_references(content, ids)
        current = existing.get(content.uid)
        if expected_versions is not None and content.uid in expected_versions:
            expected = expected_versions[content.uid]
            if current is None or current.meta.version != expected:
                raise ConflictError(content.uid, current)
        if current is None:
            requirement_id = _insert(conn, content, ids, who, at)
            created.append(content.uid)
            revisions.append((requirement_id, action or Action.CREATE, content))
        elif current.content != content:
            _update(conn, current.meta.id, content, ids, who, at)
            updated.append(content.uid)
            revisions.append(
                (current.meta.id, action or _edit_action(current.content, content), content)
            )
        else:
            unchanged += 1
    record_revisions(conn, revisions, author=who, at=at)
    return WriteReport(tuple(created), tuple(updated), unchanged)


def _edit_action(before: RequirementContent, after: RequirementContent) -> Action:
    if before.deleted != after.deleted:
        return Action.DELETE if after.deleted else Action.RESTORE
    return Action.EDIT


def _check_references(content: RequirementContent, ids: ClassificationIds) -> None:
    if content.category not in ids.categories:
        raise UnknownReferenceError(f"{content.uid}: unknown category {content.category!r}")
    if content.subcategory and (content.category, content.subcategory) not in ids.subcategories:
        raise UnknownReferenceError(
            f"{content.uid}: unknown subcategory {content.subcategory!r} "
            f"in category {content.category!r}"
        )
    for field, known in (
        ("domains", ids.domains),
        ("tags", ids.tags),
        ("principles", ids.principles),
    ):
        for name in getattr(content, field):
            if name not in known:
                raise UnknownReferenceError(f"{content.uid}: unknown {field[:-1]} {name!r}")


def _column_values(content: RequirementContent, ids: ClassificationIds) -> tuple[object, ...]:
    subcategory_id = (
        ids.subcategories[(content.category, content.subcategory)] if content.subcategory else None
    )
    return (
        content.title,
        content.description,
        content.rationale,
        content.help_text,
        content.notes,
        content.stakeholders,
        content.importance.value,
        ids.categories[content.category],
        subcategory_id,
        *(int(getattr(content, flag)) for flag in FLAGS),
    )


_COLUMNS = (
    "title, description, rationale, help_text, notes, stakeholders, importance, category_id, "
    "subcategory_id, " + ", ".join(FLAGS)
)


def _insert(
    conn: sqlite3.Connection, content: RequirementContent, ids: ClassificationIds, who: str, at: str
) -> int:
    placeholders = ", ".join("?" * (len(_COLUMNS.split(",")) + 5))
    cursor = conn.execute(
        f"INSERT INTO requirement (uid, {_COLUMNS}, created_at, updated_at, created_by, "
        f"updated_by) VALUES ({placeholders})",
        (content.uid, *_column_values(content, ids), at, at, who, who),
    )
    requirement_id = cursor.lastrowid
    assert requirement_id is not None
    _write_links(conn, requirement_id, content, ids)
    return requirement_id


def _update(
    conn: sqlite3.Connection,
    requirement_id: int,
    content: RequirementContent,
    ids: ClassificationIds,
    who: str,
    at: str,
) -> None:
    assignments = ", ".join(f"{column.strip()} = ?" for column in _COLUMNS.split(","))
    conn.execute(
        f"UPDATE requirement SET {assignments}, version = version + 1, updated_at = ?, "
        "updated_by = ? WHERE id = ?",
        (*_column_values(content, ids), at, who, requirement_id),
    )
    for _, link_table, _, _ in _LINKS:
        conn.execute(f"DELETE FROM {link_table} WHERE requirement_id = ?", (requirement_id,))
    _write_links(conn, requirement_id, content, ids)


def _write_links(
    conn: sqlite3.Connection,
    requirement_id: int,
    content: RequirementContent,
    ids: ClassificationIds,
) -> None:
    for field, link_table, _, column in _LINKS:
        known: dict[str, int] = getattr(ids, field)
        conn.executemany(
            f"INSERT INTO {link_table} (requirement_id, {column}) VALUES (?, ?)",
            [(requirement_id, known[name]) for name in getattr(content, field)],
        )
