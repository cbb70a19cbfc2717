"""The items of a selection: tick, untick, edit, free text, remove, drift and refresh.

An item is a snapshot of a catalogue requirement taken when it was ticked. Every path that copies
a requirement into an item (tick, re-tick, take-the-catalogue's-version) uses the one column list
`_SNAPSHOT_COPY`, so no path can forget a field.

Unticking is a decision the officer made: the item is kept, unticked ("removed by hand"), with
its edits and its reasons (`why`). Applying the questionnaire again leaves such an item unticked
unless the officer chooses it (`kravtui.selection.proposals`); ticking it by hand brings it back,
edits and reasons included, instead of silently losing them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kravtui.catalogue.classifications import classification_ids
from kravtui.catalogue.db import transaction
from kravtui.catalogue.dbapi import Connection, engine, streamed_rows
from kravtui.catalogue.text_rules import check_texts, check_title
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.selection.questionnaire import MANUAL
from kravtui.selection.records import SelectionItem, Snapshot, decode_why, encode_why
from kravtui.selection.store import SelectionError, require_draft, touch
from kravtui.selection.typed_keys import storable, storable_only

# selection_item column <- requirement column: one list for every copy path.
_SNAPSHOT_COPY: tuple[tuple[str, str], ...] = (
    ("uid", "r.uid"),
    ("title", "r.title"),
    ("description", "r.description"),
    ("rationale", "r.rationale"),
    ("help_text", "r.help_text"),
    ("category_id", "r.category_id"),
    ("subcategory_id", "r.subcategory_id"),
    ("importance", "r.importance"),
    ("catalogue_version", "r.version"),
)

_ITEM_SELECT = """
SELECT i.id, i.requirement_id, i.uid, i.title, i.description, i.rationale, i.help_text,
       c.prefix AS category, COALESCE(s.name, '') AS subcategory, i.importance,
       i.catalogue_version, i.ticked, i.edited, i.why,
       r.version AS current_version, r.deleted AS current_deleted
FROM selection_item i
JOIN category c ON c.id = i.category_id
LEFT JOIN subcategory s ON s.id = i.subcategory_id
LEFT JOIN requirement r ON r.id = i.requirement_id
"""

# The order of a selection's items wherever they are listed (screens, DOCX, spreadsheet):
# category, subcategory, then uid by prefix and number (SQLite's CAST of what follows the dash).
ITEM_ORDER = """
ORDER BY c.position, c.id, COALESCE(s.position, -1), s.id,
         substr(i.uid, 1, instr(i.uid, '-')),
         CAST(substr(i.uid, instr(i.uid, '-') + 1) AS INTEGER), i.uid
"""

# The same order on PostgreSQL: NULL first as in SQLite, texts compared byte by byte (the "C"
# collation) as SQLite does, and the number as SQLite's CAST reads it, taken from
# `kravtui_uid_order` (the catalogue's list order function, which applies SQLite's CAST rules;
# PostgreSQL's own CAST refuses "12a").
_ITEM_ORDER_POSTGRES = """
ORDER BY c.position, c.id, COALESCE(s.position, -1), s.id NULLS FIRST,
         substr(i.uid, 1, strpos(i.uid, '-')) COLLATE "C",
         CAST(substr(kravtui_uid_order(i.uid), strpos(i.uid, '-') + 1) AS bigint),
         i.uid COLLATE "C"
"""


def item_order(conn: Connection) -> str:
    """The ORDER BY of a selection's items (aliases ``i``, ``c``, ``s``) on `conn`'s engine."""
    return ITEM_ORDER if engine(conn) == "sqlite" else _ITEM_ORDER_POSTGRES


FREE_TEXT_PREFIX = "FRI"


@dataclass(frozen=True, slots=True)
class TickReport:
    """What a tick did: new items, unticked items brought back (edits included), unknown uids."""

    added: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()
    restored_edited: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UntickReport:
    """What an untick did: every unticked item is kept as removed by hand; `kept_edited` are
    those that carry an edit, which a later re-tick brings back."""

    removed: tuple[str, ...] = ()
    kept_edited: tuple[str, ...] = ()


def list_items(
    conn: Connection, selection_id: int, *, include_unticked: bool = False
) -> list[SelectionItem]:
    """The selection's items in catalogue order (category, subcategory, uid)."""
    where = "WHERE i.selection_id = ?" + ("" if include_unticked else " AND i.ticked = 1")
    rows = conn.execute(_ITEM_SELECT + where + item_order(conn), (selection_id,)).fetchall()
    return [_item_from_row(row) for row in rows]


# What a document shows of a ticked item, as plain values: category prefix, subcategory name (or
# ""), uid, title, description, rationale, help text, importance, whether it is free text (1/0),
# whether its catalogue requirement is an info requirement, which the vendor must elaborate (1/0).
ItemRow = tuple[str, str, str, str, str, str, str, str, int, int]

_ROW_SELECT = """
SELECT c.prefix, COALESCE(s.name, ''), i.uid, i.title, {texts}, i.importance,
       CASE WHEN i.requirement_id IS NULL AND i.catalogue_version IS NULL THEN 1 ELSE 0 END,
       COALESCE(r.info_requirement, 0)
FROM selection_item i
JOIN category c ON c.id = i.category_id
LEFT JOIN subcategory s ON s.id = i.subcategory_id
LEFT JOIN requirement r ON r.id = i.requirement_id
WHERE i.selection_id = ? AND i.ticked = 1
"""


def ticked_rows(conn: Connection, selection_id: int, *, texts: bool = True) -> Iterator[ItemRow]:
    """The ticked items in `list_items`' order as `ItemRow`s, read one at a time: an export of
    100,000 items holds one. Without `texts` the three long texts are "" (faster to sort)."""
    columns = "i.description, i.rationale, i.help_text" if texts else "'', '', ''"
    select = _ROW_SELECT.format(texts=columns) + item_order(conn)
    yield from streamed_rows(conn, select, (selection_id,))


def item_groups(conn: Connection, selection_id: int) -> list[tuple[str, str, int]]:
    """(category prefix, subcategory name or "", how many) of the ticked items, in the order
    `ticked_rows` and `list_items` give them."""
    rows = conn.execute(
        """
        SELECT c.prefix, COALESCE(s.name, ''), count(*)
        FROM selection_item i
        JOIN category c ON c.id = i.category_id
        LEFT JOIN subcategory s ON s.id = i.subcategory_id
        WHERE i.selection_id = ? AND i.ticked = 1
        GROUP BY c.id, s.id
        ORDER BY c.position, c.id, COALESCE(s.position, -1), s.id NULLS FIRST
        """,
        (selection_id,),
    )
    return [(prefix, subcategory, count) for prefix, subcategory, count in rows]


def get_item(conn: Connection, selection_id: int, uid: str) -> SelectionItem:
    """One item by uid; `SelectionError` when the selection has none."""
    if not storable(uid):
        raise SelectionError(t("selection.no_item", uid=uid))
    row = conn.execute(
        _ITEM_SELECT + "WHERE i.selection_id = ? AND i.uid = ?", (selection_id, uid)
    ).fetchone()
    if row is None:
        raise SelectionError(t("selection.no_item", uid=uid))
    return _item_from_row(row)


def _item_from_row(row: Any) -> SelectionItem:
    snapshot = Snapshot(
        uid=row["uid"],
        title=row["title"],
        description=row["description"],
        rationale=row["rationale"],
        help_text=row["help_text"],
        category=row["category"],
        subcategory=row["subcategory"],
        importance=Importance(row["importance"]),
    )
    taken = row["catalogue_version"]
    linked = row["requirement_id"] is not None
    missing = taken is not None and (not linked or bool(row["current_deleted"]))
    changed = linked and taken is not None and row["current_version"] > taken
    return SelectionItem(
        id=row["id"],
        snapshot=snapshot,
        requirement_id=row["requirement_id"],
        catalogue_version=taken,
        ticked=bool(row["ticked"]),
        edited=bool(row["edited"]),
        why=decode_why(row["why"]),
        catalogue_changed=changed,
        catalogue_missing=missing,
    )


def ticked_uids(conn: Connection, selection_id: int) -> set[str]:
    """The uids ticked in the selection (one cheap query; for marking list rows)."""
    return {
        uid
        for (uid,) in conn.execute(
            "SELECT uid FROM selection_item WHERE selection_id = ? AND ticked = 1",
            (selection_id,),
        )
    }


def edited_uids(conn: Connection, selection_id: int) -> set[str]:
    """The uids of ticked items edited in the selection (whose untick keeps the edit)."""
    return {
        uid
        for (uid,) in conn.execute(
            "SELECT uid FROM selection_item WHERE selection_id = ? AND ticked = 1 AND edited = 1",
            (selection_id,),
        )
    }


def unticked_uids(conn: Connection, selection_id: int) -> set[str]:
    """The uids the officer unticked by hand in the selection (kept as decisions)."""
    return {
        uid
        for (uid,) in conn.execute(
            "SELECT uid FROM selection_item WHERE selection_id = ? AND ticked = 0",
            (selection_id,),
        )
    }


def tick(
    conn: Connection,
    selection_id: int,
    uids: Sequence[str],
    reasons: Mapping[str, tuple[str, ...]] | None = None,
) -> TickReport:
    """Tick requirements by uid, taking a snapshot of each (one transaction for all).

    An item the officer unticked by hand is ticked again with its edits and its reasons."""
    why = {uid: encode_why((reasons or {}).get(uid) or (MANUAL,)) for uid in uids}
    with transaction(conn):
        require_draft(conn, selection_id)
        report = tick_in_transaction(conn, selection_id, why)
        touch(conn, selection_id)
    return report


def tick_in_transaction(conn: Connection, selection_id: int, why: Mapping[str, str]) -> TickReport:
    request, given = _tick_request(conn, {uid: why[uid] for uid in storable_only(why)})
    # An item unticked by hand comes back only while its requirement is in the catalogue (not
    # deleted) or it is free text: a deleted requirement is never ticked, not even again.
    known = {
        uid: (item_id, ticked, edited, bool(tickable))
        for uid, item_id, ticked, edited, tickable in conn.execute(
            "SELECT q.uid, i.id, i.ticked, i.edited, "
            "(i.requirement_id IS NULL AND i.catalogue_version IS NULL) OR r.deleted = 0 "
            f"FROM {request} q "
            "JOIN selection_item i ON i.uid = q.uid AND i.selection_id = ? "
            "LEFT JOIN requirement r ON r.id = i.requirement_id",
            (*given, selection_id),
        )
    }
    live = {
        uid
        for (uid,) in conn.execute(
            f"SELECT q.uid FROM {request} q JOIN requirement r ON r.uid = q.uid "
            "WHERE r.deleted = 0",
            given,
        )
    }
    back = [uid for uid, (_, ticked, _, tickable) in known.items() if tickable and not ticked]
    restored = [uid for uid in back if not known[uid][2]]
    restored_edited = [uid for uid in back if known[uid][2]]
    # A re-ticked item keeps the reasons it had ("why"); one that had none gets the new ones.
    conn.executemany(
        "UPDATE selection_item SET ticked = 1, why = CASE WHEN why = '' THEN ? ELSE why END "
        "WHERE id = ?",
        [(why[uid], known[uid][0]) for uid in restored + restored_edited],
    )
    copy_from_catalogue(conn, selection_id, restored)
    added = sorted(uid for uid in live if uid not in known)
    targets = ", ".join(column for column, _ in _SNAPSHOT_COPY)
    sources = ", ".join(source for _, source in _SNAPSHOT_COPY)
    conn.execute(
        f"INSERT INTO selection_item (selection_id, requirement_id, {targets}, why) "
        f"SELECT ?, r.id, {sources}, q.why FROM {request} q "
        "JOIN requirement r ON r.uid = q.uid AND r.deleted = 0 "
        "WHERE NOT EXISTS (SELECT 1 FROM selection_item i "
        "                  WHERE i.selection_id = ? AND i.uid = q.uid)",
        (selection_id, *given, selection_id),
    )
    refused = {uid for uid, (_, ticked, _, ok) in known.items() if not ticked and not ok}
    unknown = sorted(uid for uid in why if (uid not in live and uid not in known) or uid in refused)
    if engine(conn) == "sqlite":
        conn.execute("DELETE FROM tick_request")
    return TickReport(tuple(added), tuple(restored), tuple(restored_edited), tuple(unknown))


_UNNESTED = "(SELECT * FROM unnest(?::text[], ?::text[]) AS request (uid, why))"
"""On PostgreSQL, the uids and reasons of a tick as a table: two arrays, one parameter each."""


def _tick_request(conn: Connection, why: Mapping[str, str]) -> tuple[str, tuple[Any, ...]]:
    """The rows (uid, reasons) of `why` as a table the tick's statements read as ``q``: its
    SQL and the parameters it takes, to go before the statement's own.

    SQLite: the session's temporary table ``tick_request``, filled a row a statement (its
    statements cost microseconds). PostgreSQL: `_UNNESTED`, the two arrays in each statement
    instead of a round trip a row, and no temporary table, which a role needs the TEMPORARY
    privilege for (a hardened server gives PUBLIC none, and the README's roles get none)."""
    if engine(conn) != "sqlite":
        return _UNNESTED, (list(why), list(why.values()))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS tick_request (uid TEXT PRIMARY KEY, why TEXT)")
    conn.execute("DELETE FROM tick_request")
    conn.executemany("INSERT INTO tick_request VALUES (?, ?)", why.items())
    return "tick_request", ()


def copy_from_catalogue(conn: Connection, selection_id: int, uids: Iterable[str]) -> None:
    """Overwrite the items' snapshots with the catalogue's current fields (every field)."""
    assignments = ", ".join(
        f"{column} = {source}" for column, source in _SNAPSHOT_COPY if column != "uid"
    )
    conn.executemany(
        f"UPDATE selection_item AS i SET {assignments}, edited = 0 "
        "FROM requirement AS r WHERE r.id = i.requirement_id "
        "AND i.selection_id = ? AND i.uid = ?",
        [(selection_id, uid) for uid in storable_only(uids)],
    )


def untick(conn: Connection, selection_id: int, uids: Sequence[str]) -> UntickReport:
    """Untick items; each is kept, unticked, as a decision ("removed by hand"), with its edits
    and reasons, so that re-applying the questionnaire does not tick it again and a re-tick
    brings it back as it was."""
    wanted = storable_only(dict.fromkeys(uids))
    with transaction(conn):
        require_draft(conn, selection_id)
        rows = _untick_rows(conn, selection_id, wanted)
        touch(conn, selection_id)
    edited = sorted(uid for uid, was_edited in rows if was_edited)
    plain = sorted(uid for uid, was_edited in rows if not was_edited)
    return UntickReport(tuple(plain), tuple(edited))


def _untick_rows(conn: Connection, selection_id: int, uids: Sequence[str]) -> list[Any]:
    """Untick the ticked items among `uids`; (uid, edited) of each. SQLite reads them and
    updates each by its key; PostgreSQL does it in one statement instead of a round trip each."""
    if engine(conn) != "sqlite":
        return conn.execute(
            "UPDATE selection_item SET ticked = 0 WHERE selection_id = ? AND ticked = 1 "
            "AND uid = ANY(?::text[]) RETURNING uid, edited",
            (selection_id, list(uids)),
        ).fetchall()
    rows = [
        row
        for chunk in _chunks(uids)
        for row in conn.execute(
            "SELECT uid, edited FROM selection_item WHERE selection_id = ? AND ticked = 1 "
            f"AND uid IN ({','.join('?' * len(chunk))})",
            (selection_id, *chunk),
        )
    ]
    conn.executemany(
        "UPDATE selection_item SET ticked = 0 WHERE selection_id = ? AND uid = ?",
        [(selection_id, uid) for uid, _ in rows],
    )
    return rows


def _chunks(uids: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    """`uids` in lists of at most `size` (each engine bounds the parameters of a statement)."""
    for start in range(0, len(uids), size):
        yield uids[start : start + size]


def edit_item(
    conn: Connection,
    selection_id: int,
    uid: str,
    snapshot: Snapshot,
    *,
    expected: Snapshot | None = None,
) -> SelectionItem:
    """Change an item's text, category or priority; the catalogue is not touched.

    `expected`: the item as the editor opened it. When someone else changed it meanwhile (two
    officers in one selection), `SelectionError` says so and nothing is written, as a
    requirement's version check does, instead of writing over their change unseen."""
    ids = classification_ids(conn)
    category_id = ids.categories.get(snapshot.category)
    if category_id is None:
        raise SelectionError(t("selection.unknown_category", name=snapshot.category))
    subcategory_id = ids.subcategories.get((snapshot.category, snapshot.subcategory))
    if snapshot.subcategory and subcategory_id is None:
        raise SelectionError(t("selection.unknown_subcategory", name=snapshot.subcategory))
    _check_snapshot_text(snapshot)
    with transaction(conn):
        require_draft(conn, selection_id)
        current = get_item(conn, selection_id, uid)
        if current.snapshot == snapshot:
            return current
        if expected is not None and current.snapshot != expected:
            raise SelectionError(t("selection.item_changed_meanwhile", uid=uid))
        _check_title_length(snapshot.title, current.snapshot.title)
        _check_priority_change(conn, selection_id, current.snapshot, snapshot)
        conn.execute(
            "UPDATE selection_item SET title = ?, description = ?, rationale = ?, help_text = ?, "
            "category_id = ?, subcategory_id = ?, importance = ?, edited = ? "
            "WHERE selection_id = ? AND uid = ?",
            (
                snapshot.title,
                snapshot.description,
                snapshot.rationale,
                snapshot.help_text,
                category_id,
                subcategory_id,
                snapshot.importance.value,
                int(not current.is_free_text),
                selection_id,
                uid,
            ),
        )
        touch(conn, selection_id)
    return get_item(conn, selection_id, uid)


def _check_snapshot_text(snapshot: Snapshot) -> None:
    """A title, and texts that keep to the character rule (`text_rules`)."""
    if not snapshot.title.strip():
        raise SelectionError(t("selection.item_title_required"))
    texts = {
        "title": snapshot.title,
        "description": snapshot.description,
        "rationale": snapshot.rationale,
        "help_text": snapshot.help_text,
    }
    refusal = check_texts(texts, one_line=("title",))
    if refusal is not None:
        raise SelectionError(refusal)


def _check_title_length(title: str, stored: str | None = None) -> None:
    """A new or changed title of at most `text_rules.TITLE_LIMIT` characters; one the item holds
    already (a copy of a catalogue title another program stored) is kept while unchanged."""
    if title != stored:
        refusal = check_title(title)
        if refusal is not None:
            raise SelectionError(refusal)


def _check_priority_change(
    conn: Connection, selection_id: int, before: Snapshot, after: Snapshot
) -> None:
    if before.importance is after.importance:
        return
    enabled = conn.execute(
        "SELECT priority_enabled FROM selection WHERE id = ?", (selection_id,)
    ).fetchone()[0]
    if not enabled:
        raise SelectionError(t("selection.priority_off"))


def set_item_importance(
    conn: Connection, selection_id: int, uid: str, importance: Importance
) -> SelectionItem:
    """Re-prioritise one item (only when the selection has priority on)."""
    current = get_item(conn, selection_id, uid)
    return edit_item(conn, selection_id, uid, _replace_importance(current.snapshot, importance))


def _replace_importance(snapshot: Snapshot, importance: Importance) -> Snapshot:
    from dataclasses import replace

    return replace(snapshot, importance=importance)


def add_free_text(conn: Connection, selection_id: int, snapshot: Snapshot) -> SelectionItem:
    """Add a requirement with no catalogue origin; its uid is generated (FRI-001, ...)."""
    with transaction(conn):
        require_draft(conn, selection_id)
        numbers = [
            int(uid.rpartition("-")[2])
            for (uid,) in conn.execute(
                "SELECT uid FROM selection_item WHERE selection_id = ? AND requirement_id IS NULL "
                "AND catalogue_version IS NULL AND uid LIKE ?",
                (selection_id, f"{FREE_TEXT_PREFIX}-%"),
            )
        ]
        uid = f"{FREE_TEXT_PREFIX}-{max(numbers, default=0) + 1:03d}"
        ids = classification_ids(conn)
        if snapshot.category not in ids.categories:
            raise SelectionError(t("selection.unknown_category", name=snapshot.category))
        subcategory_id = ids.subcategories.get((snapshot.category, snapshot.subcategory))
        if snapshot.subcategory and subcategory_id is None:  # was dropped without a word
            raise SelectionError(t("selection.unknown_subcategory", name=snapshot.subcategory))
        _check_snapshot_text(snapshot)
        _check_title_length(snapshot.title)
        conn.execute(
            "INSERT INTO selection_item (selection_id, uid, title, description, rationale, "
            "help_text, category_id, subcategory_id, importance, why) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                selection_id,
                uid,
                snapshot.title,
                snapshot.description,
                snapshot.rationale,
                snapshot.help_text,
                ids.categories[snapshot.category],
                subcategory_id,
                snapshot.importance.value,
                encode_why((MANUAL,)),
            ),
        )
        touch(conn, selection_id)
    return get_item(conn, selection_id, uid)


def remove_item(conn: Connection, selection_id: int, uid: str) -> None:
    """Remove an item, edits and all (the UI confirms a Mindstekrav first).

    A requirement still in the catalogue is remembered as removed by hand (unticked, its text
    taken back from the catalogue), so re-applying the questionnaire does not tick it again; a
    free-text item, or one whose requirement is gone from the catalogue, is deleted."""
    if not storable(uid):
        raise SelectionError(t("selection.no_item", uid=uid))
    with transaction(conn):
        require_draft(conn, selection_id)
        live = conn.execute(
            "SELECT 1 FROM selection_item i JOIN requirement r ON r.id = i.requirement_id "
            "WHERE i.selection_id = ? AND i.uid = ? AND r.deleted = 0",
            (selection_id, uid),
        ).fetchone()
        if live is not None:
            copy_from_catalogue(conn, selection_id, [uid])
            conn.execute(
                "UPDATE selection_item SET ticked = 0 WHERE selection_id = ? AND uid = ?",
                (selection_id, uid),
            )
        elif not conn.execute(
            "DELETE FROM selection_item WHERE selection_id = ? AND uid = ?", (selection_id, uid)
        ).rowcount:
            raise SelectionError(t("selection.no_item", uid=uid))
        touch(conn, selection_id)
