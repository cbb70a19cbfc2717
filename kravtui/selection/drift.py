"""Drift: items whose catalogue requirement changed after they were ticked.

`compare` shows the snapshot beside the catalogue's current fields; the officer then takes the
catalogue's version (`take_catalogue`) or keeps the snapshot (`keep_snapshot`), per item or for
all drifted items at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kravtui.catalogue.db import transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.requirements import load_requirements
from kravtui.i18n import t
from kravtui.selection.items import copy_from_catalogue, get_item, list_items
from kravtui.selection.records import SelectionItem, Snapshot
from kravtui.selection.store import SelectionError, require_draft, touch
from kravtui.selection.typed_keys import storable_only


@dataclass(frozen=True, slots=True)
class Comparison:
    """An item's snapshot beside the catalogue's current version of it."""

    item: SelectionItem
    catalogue: Snapshot | None  # None when the requirement is gone from the catalogue
    fields: tuple[str, ...]  # names of the fields that differ


def snapshot_of_catalogue(conn: Connection, uid: str) -> Snapshot | None:
    """The catalogue's current fields for `uid`, as an item would copy them."""
    found = load_requirements(conn, True, [uid])
    if not found or found[0].content.deleted:
        return None
    content = found[0].content
    return Snapshot(
        uid=content.uid,
        title=content.title,
        description=content.description,
        rationale=content.rationale,
        help_text=content.help_text,
        category=content.category,
        subcategory=content.subcategory,
        importance=content.importance,
    )


def compare(conn: Connection, selection_id: int, uid: str) -> Comparison:
    """The snapshot of `uid` in the selection against the catalogue now."""
    item = get_item(conn, selection_id, uid)
    if item.is_free_text:
        raise SelectionError(t("selection.free_text_no_catalogue", uid=uid))
    current = snapshot_of_catalogue(conn, uid)
    fields = item.snapshot.differences(current) if current is not None else ()
    return Comparison(item, current, fields)


def drifted(conn: Connection, selection_id: int) -> list[SelectionItem]:
    """Ticked items whose catalogue entry changed or disappeared since they were taken."""
    return [item for item in list_items(conn, selection_id) if item.drifted]


def take_catalogue(conn: Connection, selection_id: int, uids: Sequence[str]) -> None:
    """Replace the snapshots with the catalogue's current text (the item's edits are dropped)."""
    with transaction(conn):
        require_draft(conn, selection_id)
        copy_from_catalogue(conn, selection_id, uids)
        touch(conn, selection_id)


def keep_snapshot(conn: Connection, selection_id: int, uids: Sequence[str]) -> None:
    """Keep the snapshots as they are and stop marking them as changed in the catalogue."""
    with transaction(conn):
        require_draft(conn, selection_id)
        conn.executemany(
            "UPDATE selection_item AS i SET catalogue_version = r.version "
            "FROM requirement AS r WHERE r.id = i.requirement_id "
            "AND i.selection_id = ? AND i.uid = ?",
            [(selection_id, uid) for uid in storable_only(uids)],
        )
        touch(conn, selection_id)
