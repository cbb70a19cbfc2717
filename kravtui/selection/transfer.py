"""Moving a whole selection in and out of a catalogue as portable content (for TOML files).

`SelectionContent` is a selection without database ids or timestamps: its metadata, answers,
status and every item (ticked or kept unticked for its edit) with its snapshot, why-proposed
codes, flags and the catalogue version it was taken from (None for free text).

- `selection_content` reads one selection as content, items sorted by uid; `selection_head`,
  `items_in_list_order` (or `item_order` and `read_items`) read the same as they are wanted,
  for big exports.
- `recreate_selection` writes content into the catalogue as a *new* selection in one transaction.
  Items are written as the snapshots they are, linked by uid to the catalogue's requirement when
  there is one. Drift is kept visible the way `items.list_items` computes it: an item whose uid
  the catalogue lacks (or has deleted) is left unlinked or linked to the deleted one, so it shows
  as missing; an unedited item whose snapshot differs from the catalogue's text gets a catalogue
  version below the catalogue's current one, so it shows as changed. A taken version newer than
  the catalogue's is brought down to the current one (it came from another catalogue), so later
  edits show as drift. Otherwise the version is kept, so that export -> import -> export into the
  same catalogue gives the same content.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kravtui.catalogue.classifications import classification_ids
from kravtui.catalogue.db import transaction
from kravtui.catalogue.dbapi import Connection, engine, streamed_rows
from kravtui.catalogue.vocabulary import Importance, uid_sort_key
from kravtui.i18n import t
from kravtui.selection.records import (
    Answer,
    SelectionInfo,
    Snapshot,
    Status,
    decode_why,
    encode_why,
)
from kravtui.selection.store import (
    SelectionError,
    get_selection,
    insert_selection,
    title_fold,
)
from kravtui.selection.typed_keys import storable_only


@dataclass(frozen=True, slots=True)
class ItemContent:
    """One item of a selection as a file carries it."""

    snapshot: Snapshot
    catalogue_version: int | None = None  # None: a free-text requirement
    ticked: bool = True
    edited: bool = False
    why: tuple[str, ...] = ()

    @property
    def uid(self) -> str:
        return self.snapshot.uid

    @property
    def is_free_text(self) -> bool:
        return self.catalogue_version is None


@dataclass(frozen=True, slots=True)
class SelectionContent:
    """A whole selection: what a selection TOML file holds."""

    info: SelectionInfo
    answers: Mapping[str, Answer] = field(default_factory=dict)
    status: Status = Status.DRAFT
    items: tuple[ItemContent, ...] = ()


@dataclass(frozen=True, slots=True)
class TransferReport:
    """What `recreate_selection` did, and which items now show as drift."""

    selection_id: int
    title: str
    items: int
    title_existed: bool = False
    missing: tuple[str, ...] = ()  # uids the catalogue lacks or has deleted
    changed: tuple[str, ...] = ()  # uids whose catalogue entry is newer or differs


_ITEMS = """
SELECT i.uid, i.title, i.description, i.rationale, i.help_text, c.prefix,
       COALESCE(s.name, ''), i.importance, i.requirement_id, i.catalogue_version,
       i.ticked, i.edited, i.why
FROM selection_item i
JOIN category c ON c.id = i.category_id
LEFT JOIN subcategory s ON s.id = i.subcategory_id
WHERE i.selection_id = ?
"""


def selection_content(conn: Connection, selection_id: int) -> SelectionContent:
    """The selection with every item (unticked ones too), items sorted by uid."""
    selection = get_selection(conn, selection_id)
    cursor = conn.cursor()
    cursor.row_factory = None
    items = [_item_from_row(row) for row in cursor.execute(_ITEMS, (selection_id,))]
    items.sort(key=lambda item: uid_sort_key(item.uid))
    return SelectionContent(
        info=selection.info,
        answers=dict(selection.answers),
        status=selection.status,
        items=tuple(items),
    )


def selection_head(conn: Connection, selection_id: int) -> SelectionContent:
    """The selection's metadata, answers and status, without its items (`item_order` and
    `read_items` give those a batch at a time)."""
    selection = get_selection(conn, selection_id)
    return SelectionContent(
        info=selection.info, answers=dict(selection.answers), status=selection.status
    )


def item_count(conn: Connection, selection_id: int) -> int:
    """How many items the selection holds (unticked ones too)."""
    query = "SELECT count(*) FROM selection_item WHERE selection_id = ?"
    return int(conn.execute(query, (selection_id,)).fetchone()[0])


# Every item of a selection, the ids sorted by the catalogue's list order of uids (prefix, then
# the number as ten digits; see `uid_order` in the schema), then by uid: the order of
# `uid_sort_key` for every uid of the form PREFIX-NUMBER. Only the ids go through the sorter;
# the LIMIT keeps SQLite from dropping the ORDER BY of a subquery.
_ITEMS_IN_ORDER = """
SELECT i.uid, i.title, i.description, i.rationale, i.help_text, c.prefix,
       COALESCE(s.name, ''), i.importance, i.requirement_id, i.catalogue_version,
       i.ticked, i.edited, i.why
FROM (
    SELECT id FROM selection_item WHERE selection_id = ?
    ORDER BY substr(uid, 1, instr(uid, '-'))
             || printf('%010d', CAST(substr(uid, instr(uid, '-') + 1) AS INTEGER)), uid
    LIMIT -1
) AS o
CROSS JOIN selection_item i ON i.id = o.id
JOIN category c ON c.id = i.category_id
LEFT JOIN subcategory s ON s.id = i.subcategory_id
"""

# The same on PostgreSQL: `kravtui_uid_order` is the list order's own function (SQLite's
# expression above, CAST rules included), compared byte by byte as SQLite compares text.
_ITEMS_IN_ORDER_POSTGRES = """
SELECT i.uid, i.title, i.description, i.rationale, i.help_text, c.prefix,
       COALESCE(s.name, ''), i.importance, i.requirement_id, i.catalogue_version,
       i.ticked, i.edited, i.why
FROM selection_item i
JOIN category c ON c.id = i.category_id
LEFT JOIN subcategory s ON s.id = i.subcategory_id
WHERE i.selection_id = ?
ORDER BY kravtui_uid_order(i.uid) COLLATE "C", i.uid COLLATE "C"
"""


def items_in_list_order(conn: Connection, selection_id: int) -> Iterator[ItemContent]:
    """Every item (unticked ones too) from one statement, read as they are wanted, in the
    catalogue's list order of their uids: `selection_content`'s order for uids of the form
    PREFIX-NUMBER (a caller that must be sure checks, and else uses `item_order`)."""
    whys: dict[str, tuple[str, ...]] = {}  # few combinations of reasons recur
    query = _ITEMS_IN_ORDER if engine(conn) == "sqlite" else _ITEMS_IN_ORDER_POSTGRES
    for row in streamed_rows(conn, query, (selection_id,)):
        yield _item_from_row(row, whys)


def item_order(conn: Connection, selection_id: int) -> list[int]:
    """The ids of the selection's items (unticked ones too), in the order `selection_content`
    lists them (by uid)."""
    cursor = conn.cursor()
    cursor.row_factory = None
    found = cursor.execute(
        "SELECT uid, id FROM selection_item WHERE selection_id = ?", (selection_id,)
    ).fetchall()
    found.sort(key=lambda pair: uid_sort_key(pair[0]))
    return [item_id for _, item_id in found]


# `_ITEMS` of the given item ids, each row ending with the item's id.
_ITEMS_BY_ID = """
SELECT i.uid, i.title, i.description, i.rationale, i.help_text, c.prefix,
       COALESCE(s.name, ''), i.importance, i.requirement_id, i.catalogue_version,
       i.ticked, i.edited, i.why, i.id
FROM selection_item i
JOIN category c ON c.id = i.category_id
LEFT JOIN subcategory s ON s.id = i.subcategory_id
WHERE i.id IN ({ids})
"""


def read_items(
    conn: Connection, item_ids: Sequence[int], *, batch: int = 1_000
) -> Iterator[ItemContent]:
    """The items `item_ids` in that order, read `batch` at a time as they are wanted: a whole
    selection of any size without holding its texts (with `item_order`)."""
    cursor = conn.cursor()
    cursor.row_factory = None
    for start in range(0, len(item_ids), batch):
        chunk = item_ids[start : start + batch]
        query = _listed(conn, _ITEMS_BY_ID, chunk, "bigint")
        rows = {row[-1]: row for row in cursor.execute(*query)}
        for item_id in chunk:
            yield _item_from_row(rows[item_id][:-1])


def _item_from_row(
    row: tuple[Any, ...], whys: dict[str, tuple[str, ...]] | None = None
) -> ItemContent:
    (uid, title, description, rationale, help_text, prefix, sub, importance) = row[:8]
    requirement_id, version, ticked, edited, why = row[8:]
    snapshot = Snapshot(
        uid=str(uid),
        title=str(title),
        description=str(description),
        rationale=str(rationale),
        help_text=str(help_text),
        category=str(prefix),
        subcategory=str(sub),
        importance=Importance(importance),
    )
    free_text = requirement_id is None and version is None
    return ItemContent(
        snapshot=snapshot,
        catalogue_version=None if free_text else int(version or 0),
        ticked=bool(ticked),
        edited=bool(edited),
        why=decode_why(str(why)) if whys is None else _decoded(whys, str(why)),
    )


def _decoded(whys: dict[str, tuple[str, ...]], why: str) -> tuple[str, ...]:
    found = whys.get(why)
    if found is None:
        found = whys[why] = decode_why(why)
    return found


@dataclass(frozen=True, slots=True)
class _Current:
    """A catalogue requirement as an item would see it now."""

    id: int
    version: int
    deleted: bool
    snapshot: Snapshot


_CURRENT = """
SELECT r.id, r.version, r.deleted, r.uid, r.title, r.description, r.rationale, r.help_text,
       c.prefix, COALESCE(s.name, ''), r.importance
FROM requirement r
JOIN category c ON c.id = r.category_id
LEFT JOIN subcategory s ON s.id = r.subcategory_id
WHERE r.uid IN ({ids})
"""


def _listed(
    conn: Connection, query: str, values: Sequence[Any], kind: str
) -> tuple[str, tuple[Any]]:
    """`query` with its ``{ids}`` made the values of one parameter, a list of `kind` ("text",
    "bigint"): SQLite reads it as JSON, PostgreSQL as an array."""
    if engine(conn) == "sqlite":
        return query.format(ids="SELECT value FROM json_each(?)"), (json.dumps(list(values)),)
    return query.format(ids=f"SELECT unnest(?::{kind}[])"), (list(values),)


def _current(conn: Connection, uids: Sequence[str]) -> dict[str, _Current]:
    cursor = conn.cursor()
    cursor.row_factory = None
    found: dict[str, _Current] = {}
    for row in cursor.execute(*_listed(conn, _CURRENT, storable_only(uids), "text")):
        snapshot = Snapshot(
            uid=row[3],
            title=row[4],
            description=row[5],
            rationale=row[6],
            help_text=row[7],
            category=row[8],
            subcategory=row[9],
            importance=Importance(row[10]),
        )
        found[row[3]] = _Current(row[0], row[1], bool(row[2]), snapshot)
    return found


@dataclass(frozen=True, slots=True)
class _Placed:
    """An item's link and version in this catalogue, and how it shows."""

    requirement_id: int | None
    version: int | None
    missing: bool = False
    changed: bool = False


def _place(item: ItemContent, current: _Current | None) -> _Placed:
    """Link `item` to the catalogue's requirement and choose its version (see module notes)."""
    if item.catalogue_version is None:
        return _Placed(None, None)
    taken = item.catalogue_version
    if current is None:
        return _Placed(None, taken, missing=True)
    if current.deleted:
        return _Placed(current.id, min(taken, current.version), missing=True)
    differs = not item.edited and item.snapshot != current.snapshot
    version = min(taken, current.version - 1 if differs else current.version)
    return _Placed(current.id, version, changed=version < current.version)


def check_references(conn: Connection, content: SelectionContent) -> None:
    """Refuse content naming a category, subcategory, domain or tag the catalogue lacks."""
    ids = classification_ids(conn)
    for domain in content.info.domains:
        if domain not in ids.domains:
            raise SelectionError(t("selection.unknown_domain", name=domain))
    for tag in content.answers:
        if tag not in ids.tags:
            raise SelectionError(t("selection.unknown_tag", name=tag))
    for item in content.items:
        snapshot = item.snapshot
        if snapshot.category not in ids.categories:
            raise SelectionError(t("selection.unknown_category", name=snapshot.category))
        key = (snapshot.category, snapshot.subcategory)
        if snapshot.subcategory and key not in ids.subcategories:
            raise SelectionError(t("selection.unknown_subcategory", name=snapshot.subcategory))


def recreate_selection(
    conn: Connection, content: SelectionContent, *, at: str | None = None
) -> TransferReport:
    """Create `content` as a new selection (one transaction); returns what shows as drift.
    `at` is when it counts as made (now unless given)."""
    if not content.info.title.strip():
        raise SelectionError(t("selection.title_required"))
    with transaction(conn):
        check_references(conn, content)
        existed = _title_exists(conn, content.info.title)
        selection_id = _insert_selection(conn, content, at)
        catalogue_uids = [item.uid for item in content.items if not item.is_free_text]
        current = _current(conn, catalogue_uids)
        placed = [(item, _place(item, current.get(item.uid))) for item in content.items]
        _insert_items(conn, selection_id, placed)
    return TransferReport(
        selection_id=selection_id,
        title=content.info.title.strip(),
        items=len(content.items),
        title_existed=existed,
        missing=tuple(item.uid for item, where in placed if where.missing),
        changed=tuple(item.uid for item, where in placed if where.changed),
    )


def _title_exists(conn: Connection, title: str) -> bool:
    lower = title_fold(conn)
    row = conn.execute(
        f"SELECT 1 FROM selection WHERE {lower}(title) = {lower}(?) LIMIT 1", (title.strip(),)
    ).fetchone()
    return row is not None


def _insert_selection(conn: Connection, content: SelectionContent, at: str | None) -> int:
    selection_id = insert_selection(conn, content.info, content.status, at=at)
    conn.executemany(
        "INSERT INTO selection_answer (selection_id, tag_id, answer) "
        "SELECT ?, id, ? FROM tag WHERE name = ?",
        [(selection_id, answer.value, name) for name, answer in content.answers.items()],
    )
    return selection_id


def _insert_items(
    conn: Connection, selection_id: int, placed: Iterable[tuple[ItemContent, _Placed]]
) -> None:
    ids = classification_ids(conn)
    conn.executemany(
        "INSERT INTO selection_item (selection_id, requirement_id, uid, title, description, "
        "rationale, help_text, category_id, subcategory_id, importance, catalogue_version, "
        "ticked, edited, why) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                selection_id,
                where.requirement_id,
                item.uid,
                item.snapshot.title,
                item.snapshot.description,
                item.snapshot.rationale,
                item.snapshot.help_text,
                ids.categories[item.snapshot.category],
                ids.subcategories.get((item.snapshot.category, item.snapshot.subcategory)),
                item.snapshot.importance.value,
                where.version,
                int(item.ticked),
                int(item.edited),
                encode_why(item.why),
            )
            for item, where in placed
        ],
    )
