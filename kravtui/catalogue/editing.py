"""Editing single requirements: validation, next free uid, save, delete, restore a version.

These are the service functions behind the TUI's requirement form and the CLI. Every function
that writes is one transaction and records a revision. Saves pass the version the editor started
from, so a save over someone else's newer edit raises `ConflictError` instead of overwriting it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from kravtui.catalogue.classifications import classification_ids
from kravtui.catalogue.db import CatalogueError, transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.history import Action, list_revisions
from kravtui.catalogue.records import Requirement, RequirementContent
from kravtui.catalogue.requirements import get_requirement, write_contents
from kravtui.catalogue.text_rules import TITLE_LIMIT, refused_character
from kravtui.catalogue.vocabulary import TEXT_FIELDS, UID_PATTERN
from kravtui.i18n import t


@dataclass(frozen=True, slots=True)
class FieldError:
    """A validation message for one field of the form; `key` is a translation key, `values`
    fills in its placeholders (`message` gives the translated text)."""

    field: str
    key: str
    values: Mapping[str, object] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        """The translated message."""
        return t(self.key, None, **self.values)


def validate(
    conn: Connection, content: RequirementContent, *, original_uid: str | None = None
) -> list[FieldError]:
    """Everything wrong with `content` as a new (original_uid None) or edited requirement."""
    errors: list[FieldError] = []
    if not UID_PATTERN.fullmatch(content.uid):
        errors.append(FieldError("uid", "edit.error.uid_format"))
    elif content.uid != original_uid and _uid_taken(conn, content.uid):
        errors.append(FieldError("uid", "edit.error.uid_taken"))
    if not content.title.strip():
        errors.append(FieldError("title", "edit.error.title_required"))
    elif len(content.title) > TITLE_LIMIT and content.title != _stored_title(conn, original_uid):
        length = {"limit": TITLE_LIMIT, "length": len(content.title)}
        errors.append(FieldError("title", "text.title_too_long", length))
    ids = classification_ids(conn)
    if content.category not in ids.categories:
        errors.append(FieldError("category", "edit.error.category_required"))
    elif content.subcategory and (content.category, content.subcategory) not in ids.subcategories:
        errors.append(FieldError("subcategory", "edit.error.subcategory_mismatch"))
    if not content.all_domains and not content.domains:
        errors.append(FieldError("domains", "edit.error.domains_required"))
    for name in ("title", *TEXT_FIELDS):
        one_line = name == "title"
        refused = refused_character(getattr(content, name), one_line=one_line)
        if refused is not None:
            key = "text.refused_in_line" if one_line else "text.refused"
            values = {"code": refused.code, "position": refused.position}
            errors.append(FieldError(name, key, values))
    return errors


def _stored_title(conn: Connection, uid: str | None) -> str | None:
    """The title stored for `uid` (None for a new requirement): one over `TITLE_LIMIT` that
    another program stored may stay while the editor changes other fields."""
    if uid is None:
        return None
    row = conn.execute("SELECT title FROM requirement WHERE uid = ?", (uid,)).fetchone()
    return None if row is None else str(row[0])


def _uid_taken(conn: Connection, uid: str) -> bool:
    return conn.execute("SELECT 1 FROM requirement WHERE uid = ?", (uid,)).fetchone() is not None


def next_uid(conn: Connection, prefix: str) -> str:
    """The next free uid for a category prefix: one past the highest ever used, 3+ digits."""
    numbers = [
        int(uid.rpartition("-")[2])
        for (uid,) in conn.execute(
            "SELECT uid FROM requirement WHERE uid LIKE ? ESCAPE '\\'",
            (prefix.replace("_", "\\_").replace("%", "\\%") + "-%",),
        )
        if uid.rpartition("-")[2].isdigit()
    ]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


class ValidationError(CatalogueError):
    """The content did not validate; `errors` says where."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}: {e.key}" for e in errors))
        self.errors = errors


def save_requirement(
    conn: Connection,
    content: RequirementContent,
    *,
    expected_version: int | None,
) -> Requirement:
    """Create (expected_version None) or update a requirement; returns the stored result.

    A uid is never renamed: it is chosen (editable) when a requirement is created and is stable
    from then on.

    Raises `ValidationError` for invalid content and `ConflictError` when the stored version is
    not `expected_version` (someone else saved in between).
    """
    original_uid = None if expected_version is None else content.uid
    errors = validate(conn, content, original_uid=original_uid)
    if errors:
        raise ValidationError(errors)
    with transaction(conn):
        expected = None if expected_version is None else {content.uid: expected_version}
        write_contents(conn, [content], expected_versions=expected)
    stored = get_requirement(conn, content.uid)
    assert stored is not None
    return stored


def set_deleted(
    conn: Connection, uid: str, deleted: bool, *, expected_version: int | None = None
) -> Requirement:
    """Soft-delete (or restore) a requirement; recorded as a delete/restore revision."""
    current = get_requirement(conn, uid)
    if current is None:
        raise CatalogueError(f"no requirement {uid}")
    with transaction(conn):
        versions = None if expected_version is None else {uid: expected_version}
        write_contents(
            conn, [current.content.with_changes(deleted=deleted)], expected_versions=versions
        )
    stored = get_requirement(conn, uid)
    assert stored is not None
    return stored


def restore_version(conn: Connection, uid: str, number: int) -> Requirement:
    """Make revision `number`'s content current again (itself a new revision)."""
    revision = next((r for r in list_revisions(conn, uid) if r.number == number), None)
    if revision is None:
        raise CatalogueError(f"{uid} has no revision {number}")
    current = get_requirement(conn, uid)
    assert current is not None
    with transaction(conn):
        write_contents(
            conn,
            [revision.content],
            action=Action.RESTORE if not revision.content.deleted else Action.DELETE,
            expected_versions={uid: current.meta.version},
        )
    stored = get_requirement(conn, uid)
    assert stored is not None
    return stored
