"""Schema v4: the list order as an integer key, and full-text indexes keyed by it.

Search reads pages straight off the full-text index in list order (uid prefix, then uid number,
then id): the index's rows are keyed by ``requirement.list_key``, an integer that sorts exactly
like (``uid_order``, id), so the index hands out its matches in list order, a page stops after
its rows, and a count never reads the requirement table. Live and deleted requirements have an
index each (``requirement_fts``, ``requirement_fts_deleted``), so counting live matches needs no
look at the deleted flag. Both indexes are contentless (they hold the index alone) and have
one column: a requirement's searched fields joined by spaces.

The triggers keep keys and indexes in step with every write, whoever makes it:

- a new row, or a row whose uid changed, gets a key between its neighbours in (uid_order, id)
  order: its predecessor's key plus `LIST_KEY_STEP` (or half the room, if there is less), so
  appends at the end of a category leave room for many more;
- when two neighbours leave no room, every row is renumbered `LIST_KEY_GAP` apart and both
  indexes are rebuilt (rare: it takes dozens of rows squeezed into one spot); a ``renumbering``
  row in ``meta`` marks the rebuild while it runs, and ``requirement_renumbering`` holds the new
  order meanwhile (empty otherwise). Every statement of the rebuild starts from that ``meta``
  row or that table, so without a rebuild it costs a lookup, never a pass over the table;
- an index entry is taken out with the values it was put in with (contentless FTS5 needs them):
  the row's old text under its old key, from the index its old flag chose.

The update trigger does not fire for the insert trigger's own placing of a new row, nor during a
renumbering (nor, with SQLite's default recursive_triggers = OFF, from within itself).

One write escapes the triggers: REPLACE conflict resolution (``INSERT OR REPLACE`` of an existing
uid) deletes the old row without telling any trigger, so its index entry would stay. kravtui
never writes that way (an existing uid is updated); another program must not either.

Schema v7 (`kravtui.catalogue.schema_words`) makes the insert and update triggers, with these
same bodies, step aside while kravtui's own bulk load does their work a statement at a time.
"""

from __future__ import annotations

LIST_KEY_GAP = 1 << 32
"""Distance between neighbouring list keys after a renumbering (and after the last row)."""

LIST_KEY_STEP = 1 << 16
"""At most this far past its predecessor a new key goes, so appends leave room for more."""

_SEARCHED = ("uid", "title", "description", "rationale", "help_text")
TEXT_INDEXES = ("requirement_fts", "requirement_fts_deleted")
"""The full-text indexes of live and of deleted requirements, by the ``deleted`` flag."""

_INDEXES = dict(enumerate(TEXT_INDEXES))
RENUMBERING = "EXISTS (SELECT 1 FROM meta WHERE key = 'renumbering')"
# Every requirement while a renumbering is flagged, none otherwise.
_RENUMBERING_ROWS = "meta CROSS JOIN requirement r ON meta.key = 'renumbering'"
_NEW_KEY = "(SELECT list_key FROM requirement WHERE id = new.id)"


def searched_text(row: str) -> str:
    """The one indexed text of `row`: its searched fields joined by spaces.

    A searched word holds no space, so it occurs in this text exactly when it occurs in one of
    the fields; one column instead of five makes a phrase match about 10% cheaper.
    """
    return " || ' ' || ".join(f"{row}.{column}" for column in _SEARCHED)


def index_new() -> str:
    """Put NEW into the index its flag chooses, under its current key."""
    return "\n".join(
        f"INSERT INTO {table} (rowid, text) SELECT {_NEW_KEY}, {searched_text('new')}"
        f" WHERE new.deleted = {flag};"
        for flag, table in _INDEXES.items()
    )


def unindex_old() -> str:
    """Take OLD out of the index its flag chose, with the values it was put in with."""
    return "\n".join(
        f"INSERT INTO {table} ({table}, rowid, text) SELECT 'delete', old.list_key,"
        f" {searched_text('old')} WHERE old.list_key IS NOT NULL AND old.deleted = {flag};"
        for flag, table in _INDEXES.items()
    )


def _neighbour_key(before: bool) -> str:
    """The list key of the row just before (or after) NEW in (uid_order, id) order."""
    compare, order = ("<", "DESC") if before else (">", "ASC")
    tied = (
        "(SELECT list_key FROM requirement WHERE uid_order = new.uid_order"
        f" AND id {compare} new.id ORDER BY id {order} LIMIT 1)"
    )
    other = (
        f"(SELECT list_key FROM requirement WHERE uid_order {compare} new.uid_order"
        f" ORDER BY uid_order {order}, id {order} LIMIT 1)"
    )
    return f"COALESCE({tied}, {other})"


def place(when: str) -> str:
    """Give NEW a key between its neighbours (if `when` holds); flag a renumbering if none fits."""
    return f"""
UPDATE requirement SET list_key = (
    SELECT CASE
        WHEN p IS NULL AND n IS NULL THEN {LIST_KEY_GAP}
        WHEN n IS NULL THEN p + {LIST_KEY_GAP}
        WHEN p IS NULL THEN n - {LIST_KEY_GAP}
        WHEN n - p >= 2 THEN p + min({LIST_KEY_STEP}, (n - p) / 2)
    END
    FROM (SELECT {_neighbour_key(True)} AS p, {_neighbour_key(False)} AS n)
) WHERE id = new.id AND ({when});
INSERT OR REPLACE INTO meta (key, value) SELECT 'renumbering', '1' WHERE {_NEW_KEY} IS NULL;"""


RENUMBER = (
    f"""
INSERT INTO requirement_renumbering (id, n)
SELECT r.id, row_number() OVER (ORDER BY r.uid_order, r.id) FROM {_RENUMBERING_ROWS};
UPDATE requirement SET list_key = NULL WHERE id IN (SELECT id FROM requirement_renumbering);
UPDATE requirement
SET list_key = {LIST_KEY_GAP}
    * (SELECT n FROM requirement_renumbering s WHERE s.id = requirement.id)
WHERE id IN (SELECT id FROM requirement_renumbering);
DELETE FROM requirement_renumbering;
"""
    + "\n".join(
        f"""INSERT INTO {table} ({table}) SELECT 'delete-all' WHERE {RENUMBERING};
INSERT INTO {table} (rowid, text) SELECT r.list_key, {searched_text("r")}
FROM {_RENUMBERING_ROWS} WHERE r.deleted = {flag} AND r.id != new.id;"""
        for flag, table in _INDEXES.items()
    )
    + "\nDELETE FROM meta WHERE key = 'renumbering';"
)

TEXT_OR_PLACE_CHANGED = " OR ".join(
    f"old.{column} IS NOT new.{column}" for column in ("id", "list_key", *_SEARCHED, "deleted")
)

# A row moves in the list when its uid or id (the tie-break) changes, or its key was set by hand.
MOVED = " OR ".join(
    [
        "new.list_key IS NULL",
        *(f"old.{column} IS NOT new.{column}" for column in ("list_key", "uid", "id")),
    ]
)

V4_LIST_ORDER_SEARCH = (
    f"""
ALTER TABLE requirement ADD COLUMN list_key INTEGER;
UPDATE requirement SET list_key = ranked.n * {LIST_KEY_GAP}
FROM (SELECT id, row_number() OVER (ORDER BY uid_order, id) AS n FROM requirement) AS ranked
WHERE ranked.id = requirement.id;
CREATE UNIQUE INDEX requirement_list_key ON requirement (list_key);
CREATE TABLE requirement_renumbering (id INTEGER PRIMARY KEY, n INTEGER NOT NULL);
DROP TRIGGER requirement_fts_insert;
DROP TRIGGER requirement_fts_delete;
DROP TRIGGER requirement_fts_update;
DROP TABLE requirement_fts;
"""
    + "\n".join(
        f"""CREATE VIRTUAL TABLE {table} USING fts5(
    text, content='', columnsize=0, tokenize='trigram'
);
INSERT INTO {table} (rowid, text)
SELECT list_key, {searched_text("requirement")} FROM requirement WHERE deleted = {flag};"""
        for flag, table in _INDEXES.items()
    )
    + f"""
CREATE TRIGGER requirement_insert_key BEFORE INSERT ON requirement
WHEN new.list_key IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'requirement.list_key is kept by the catalogue itself; leave it out');
END;
CREATE TRIGGER requirement_insert AFTER INSERT ON requirement BEGIN
{place("1")}
{RENUMBER}
{index_new()}
END;
CREATE TRIGGER requirement_update AFTER UPDATE ON requirement
WHEN old.list_key IS NOT NULL AND NOT {RENUMBERING}
    AND (new.list_key IS NULL OR {TEXT_OR_PLACE_CHANGED})
BEGIN
{unindex_old()}
{place(MOVED)}
{RENUMBER}
{index_new()}
END;
CREATE TRIGGER requirement_delete AFTER DELETE ON requirement BEGIN
{unindex_old()}
END;
"""
)
