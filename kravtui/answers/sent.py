"""What a selection sends to vendors, and the content hash that matches a returned file to it.

The items sent are the selection's ticked items in document order. Each carries a content hash
over what the vendor is shown (uid, title, description, the priority when the selection shows
priorities) and whether it needs an elaboration; the exported file records the hashes, so a
returned file is matched to the items as they were sent, and a requirement text the vendor
changed, or an item the officer changed since, is found by its hash.
"""

from __future__ import annotations

import hashlib

from kravtui.answers.records import SentItem, SentSelection
from kravtui.catalogue.dbapi import Connection
from kravtui.selection.items import list_items
from kravtui.selection.store import get_selection

_SEPARATOR = "\x1f"  # a character no text may hold (text_rules), so fields cannot run together


def content_hash(item: SentItem) -> str:
    """The SHA-256 (hex) of what the vendor is shown of `item`, and its elaboration rule."""
    parts = (
        item.uid,
        item.title,
        item.description,
        item.importance.value if item.importance is not None else "",
        "1" if item.needs_elaboration else "0",
    )
    # A lone surrogate (which only another program can store) is hashed rather than refused.
    return hashlib.sha256(_SEPARATOR.join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def info_requirements(conn: Connection, selection_id: int) -> frozenset[str]:
    """The uids of the selection's ticked items whose requirement needs an elaboration (an info
    requirement in the catalogue now; `ticked_rows` reads the same flag item by item)."""
    rows = conn.execute(
        "SELECT i.uid FROM selection_item i JOIN requirement r ON r.id = i.requirement_id "
        "WHERE i.selection_id = ? AND i.ticked = 1 AND r.info_requirement = 1",
        (selection_id,),
    )
    return frozenset(uid for (uid,) in rows)


def sent_selection(conn: Connection, selection_id: int) -> SentSelection:
    """The selection as an answer file sends it now (`SelectionError` for an unknown id)."""
    selection = get_selection(conn, selection_id)
    shows_priority = selection.info.priority_enabled
    info = info_requirements(conn, selection_id)
    items = tuple(
        SentItem(
            uid=item.uid,
            title=item.snapshot.title,
            description=item.snapshot.description,
            importance=item.snapshot.importance if shows_priority else None,
            needs_elaboration=item.uid in info,
        )
        for item in list_items(conn, selection_id)
    )
    return SentSelection(
        selection_id=selection.id,
        created_at=selection.created_at,
        version=selection.version,
        title=selection.title,
        language=selection.info.language,
        prices_requested=selection.info.prices_requested,
        items=items,
    )
