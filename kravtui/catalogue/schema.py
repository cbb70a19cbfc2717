"""The catalogue's schema as an ordered list of migrations.

`MIGRATIONS[i]` takes a database from schema version `i` to `i + 1`; the version is kept in
SQLite's `PRAGMA user_version`. A migration, once released, never changes: a new schema change is
a new entry at the end.
"""

from __future__ import annotations

_TEXT = "TEXT NOT NULL DEFAULT ''"
_FLAG = "INTEGER NOT NULL DEFAULT 0 CHECK ({0} IN (0, 1))"

V1_INITIAL = f"""
CREATE TABLE category (
    id INTEGER PRIMARY KEY,
    prefix TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    description {_TEXT},
    position INTEGER NOT NULL
);
CREATE TABLE subcategory (
    id INTEGER PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE RESTRICT,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (category_id, name)
);
CREATE TABLE domain (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    position INTEGER NOT NULL
);
CREATE TABLE tag (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    question {_TEXT},
    position INTEGER NOT NULL
);
CREATE TABLE principle (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    reference {_TEXT},
    position INTEGER NOT NULL
);
CREATE TABLE requirement (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description {_TEXT},
    rationale {_TEXT},
    help_text {_TEXT},
    notes {_TEXT},
    stakeholders {_TEXT},
    importance TEXT NOT NULL DEFAULT 'normal'
        CHECK (importance IN ('optional', 'normal', 'high', 'absolute')),
    category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE RESTRICT,
    subcategory_id INTEGER REFERENCES subcategory(id) ON DELETE RESTRICT,
    info_requirement {_FLAG.format("info_requirement")},
    favourite {_FLAG.format("favourite")},
    all_domains {_FLAG.format("all_domains")},
    all_tags {_FLAG.format("all_tags")},
    relevant_saas {_FLAG.format("relevant_saas")},
    relevant_on_premise {_FLAG.format("relevant_on_premise")},
    deleted {_FLAG.format("deleted")},
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by {_TEXT},
    updated_by {_TEXT},
    uid_order TEXT GENERATED ALWAYS AS (
        substr(uid, 1, instr(uid, '-'))
        || printf('%010d', CAST(substr(uid, instr(uid, '-') + 1) AS INTEGER))
    ) VIRTUAL
);
CREATE INDEX requirement_uid_order ON requirement (uid_order);
CREATE INDEX requirement_category ON requirement (category_id, subcategory_id);
CREATE INDEX requirement_importance ON requirement (importance);
CREATE INDEX requirement_title ON requirement (title COLLATE NOCASE);
CREATE TABLE requirement_domain (
    requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
    domain_id INTEGER NOT NULL REFERENCES domain(id) ON DELETE RESTRICT,
    PRIMARY KEY (requirement_id, domain_id)
) WITHOUT ROWID;
CREATE INDEX requirement_domain_domain ON requirement_domain (domain_id);
CREATE TABLE requirement_tag (
    requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE RESTRICT,
    PRIMARY KEY (requirement_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX requirement_tag_tag ON requirement_tag (tag_id);
CREATE TABLE requirement_principle (
    requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
    principle_id INTEGER NOT NULL REFERENCES principle(id) ON DELETE RESTRICT,
    PRIMARY KEY (requirement_id, principle_id)
) WITHOUT ROWID;
CREATE INDEX requirement_principle_principle ON requirement_principle (principle_id);
CREATE TABLE revision (
    id INTEGER PRIMARY KEY,
    requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'edit', 'delete', 'restore', 'import')),
    author {_TEXT},
    at TEXT NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (requirement_id, number)
);
CREATE TABLE selection (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description {_TEXT},
    organisation {_TEXT},
    contact {_TEXT},
    deadline {_TEXT},
    priority_enabled INTEGER NOT NULL DEFAULT 1 CHECK (priority_enabled IN (0, 1)),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
    language TEXT NOT NULL DEFAULT 'da',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE selection_domain (
    selection_id INTEGER NOT NULL REFERENCES selection(id) ON DELETE CASCADE,
    domain_id INTEGER NOT NULL REFERENCES domain(id) ON DELETE RESTRICT,
    PRIMARY KEY (selection_id, domain_id)
) WITHOUT ROWID;
CREATE TABLE selection_answer (
    selection_id INTEGER NOT NULL REFERENCES selection(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tag(id) ON DELETE RESTRICT,
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'unknown')),
    PRIMARY KEY (selection_id, tag_id)
) WITHOUT ROWID;
CREATE TABLE selection_item (
    id INTEGER PRIMARY KEY,
    selection_id INTEGER NOT NULL REFERENCES selection(id) ON DELETE CASCADE,
    requirement_id INTEGER REFERENCES requirement(id) ON DELETE SET NULL,
    uid TEXT NOT NULL,
    title TEXT NOT NULL,
    description {_TEXT},
    rationale {_TEXT},
    help_text {_TEXT},
    category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE RESTRICT,
    subcategory_id INTEGER REFERENCES subcategory(id) ON DELETE RESTRICT,
    importance TEXT NOT NULL DEFAULT 'normal'
        CHECK (importance IN ('optional', 'normal', 'high', 'absolute')),
    catalogue_version INTEGER,
    ticked INTEGER NOT NULL DEFAULT 1 CHECK (ticked IN (0, 1)),
    edited INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    why {_TEXT},
    UNIQUE (selection_id, uid)
);
CREATE INDEX selection_item_requirement ON selection_item (requirement_id);
CREATE VIRTUAL TABLE requirement_fts USING fts5(
    uid, title, description, rationale, help_text,
    content='requirement', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER requirement_fts_insert AFTER INSERT ON requirement BEGIN
    INSERT INTO requirement_fts (rowid, uid, title, description, rationale, help_text)
    VALUES (new.id, new.uid, new.title, new.description, new.rationale, new.help_text);
END;
CREATE TRIGGER requirement_fts_delete AFTER DELETE ON requirement BEGIN
    INSERT INTO requirement_fts (
        requirement_fts, rowid, uid, title, description, rationale, help_text
    )
    VALUES ('delete', old.id, old.uid, old.title, old.description, old.rationale, old.help_text);
END;
CREATE TRIGGER requirement_fts_update
AFTER UPDATE OF uid, title, description, rationale, help_text ON requirement BEGIN
    INSERT INTO requirement_fts (
        requirement_fts, rowid, uid, title, description, rationale, help_text
    )
    VALUES ('delete', old.id, old.uid, old.title, old.description, old.rationale, old.help_text);
    INSERT INTO requirement_fts (rowid, uid, title, description, rationale, help_text)
    VALUES (new.id, new.uid, new.title, new.description, new.rationale, new.help_text);
END;
"""

V2_META_AND_RECENT = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX revision_at ON revision (at);
CREATE INDEX requirement_updated ON requirement (updated_at);
"""

# Search counts drop deleted requirements; with no index holding `deleted`, every match cost a
# row read (unfiltered totals at 100,000 requirements: ~28 ms). This index halves search p95.
V3_SEARCH_INDEXES = """
CREATE INDEX requirement_deleted ON requirement (uid_order) WHERE deleted = 1;
"""

LIST_KEY_GAP = 1 << 32
"""Distance between neighbouring list keys after a renumbering (and after the last one)."""

LIST_KEY_STEP = 1 << 16
"""At most this far past its predecessor a new key goes, so appends leave room for more."""


def _fts_table(name: str) -> str:
    return f"""
CREATE VIRTUAL TABLE {name} USING fts5(
    uid, title, description, rationale, help_text, content='', tokenize='trigram'
);"""


def _fts_row(table: str, action: str, row: str, key: str, where: str) -> str:
    """Put one row into (``action`` "insert") or take it out of (``"delete"``) `table`."""
    columns = "uid, title, description, rationale, help_text"
    values = ", ".join(f"{row}.{column}" for column in columns.split(", "))
    if action == "delete":
        return (
            f"INSERT INTO {table} ({table}, rowid, {columns}) "
            f"SELECT 'delete', {key}, {values} WHERE {where};"
        )
    return f"INSERT INTO {table} (rowid, {columns}) SELECT {key}, {values} WHERE {where};"


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


_RENUMBER = f"""
    UPDATE requirement SET list_key = NULL
    WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'renumbering');
    UPDATE requirement SET list_key = ranked.n * {LIST_KEY_GAP}
    FROM (SELECT id, row_number() OVER (ORDER BY uid_order, id) AS n FROM requirement) AS ranked
    WHERE ranked.id = requirement.id AND EXISTS (SELECT 1 FROM meta WHERE key = 'renumbering');
    INSERT INTO requirement_fts (requirement_fts) SELECT 'delete-all'
    WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'renumbering');
    INSERT INTO requirement_fts_deleted (requirement_fts_deleted) SELECT 'delete-all'
    WHERE EXISTS (SELECT 1 FROM meta WHERE key = 'renumbering');
    INSERT INTO requirement_fts (rowid, uid, title, description, rationale, help_text)
    SELECT list_key, uid, title, description, rationale, help_text FROM requirement
    WHERE deleted = 0 AND id != new.id AND EXISTS (SELECT 1 FROM meta WHERE key = 'renumbering');
    INSERT INTO requirement_fts_deleted (rowid, uid, title, description, rationale, help_text)
    SELECT list_key, uid, title, description, rationale, help_text FROM requirement
    WHERE deleted = 1 AND id != new.id AND EXISTS (SELECT 1 FROM meta WHERE key = 'renumbering');
    DELETE FROM meta WHERE key = 'renumbering';"""

_PLACE = f"""
    UPDATE requirement SET list_key = (
        SELECT CASE
            WHEN p IS NULL AND n IS NULL THEN {LIST_KEY_GAP}
            WHEN n IS NULL THEN p + {LIST_KEY_GAP}
            WHEN p IS NULL THEN n - {LIST_KEY_GAP}
            WHEN n - p >= 2 THEN p + min({LIST_KEY_STEP}, (n - p) / 2)
        END
        FROM (SELECT {_neighbour_key(True)} AS p, {_neighbour_key(False)} AS n)
    )
    WHERE id = new.id
      AND (new.list_key IS NULL OR old.list_key IS NOT new.list_key OR old.uid IS NOT new.uid);
    INSERT OR REPLACE INTO meta (key, value) SELECT 'renumbering', '1'
    WHERE (SELECT list_key FROM requirement WHERE id = new.id) IS NULL;"""

# Search pages in list order (uid prefix, then uid number, then id) straight off the full-text
# index: its rows are keyed by `list_key`, an integer that sorts like (uid_order, id), so the
# index hands out matches in list order and a page stops after its rows; a count never reads the
# requirement table. Live and deleted requirements have an index each, so the live count needs
# no check of the deleted flag. The triggers keep both the keys and the indexes in step with
# every write: a new row (or a new uid) gets a key between its neighbours; when two neighbours
# leave no room, every row is renumbered and re-indexed (rare: appends step LIST_KEY_STEP).
V4_LIST_ORDER_SEARCH = f"""
ALTER TABLE requirement ADD COLUMN list_key INTEGER;
UPDATE requirement SET list_key = ranked.n * {LIST_KEY_GAP}
FROM (SELECT id, row_number() OVER (ORDER BY uid_order, id) AS n FROM requirement) AS ranked
WHERE ranked.id = requirement.id;
CREATE UNIQUE INDEX requirement_list_key ON requirement (list_key);
DROP TRIGGER requirement_fts_insert;
DROP TRIGGER requirement_fts_delete;
DROP TRIGGER requirement_fts_update;
DROP TABLE requirement_fts;
{_fts_table("requirement_fts")}
{_fts_table("requirement_fts_deleted")}
INSERT INTO requirement_fts (rowid, uid, title, description, rationale, help_text)
SELECT list_key, uid, title, description, rationale, help_text FROM requirement WHERE deleted = 0;
INSERT INTO requirement_fts_deleted (rowid, uid, title, description, rationale, help_text)
SELECT list_key, uid, title, description, rationale, help_text FROM requirement WHERE deleted = 1;
CREATE TRIGGER requirement_insert AFTER INSERT ON requirement BEGIN
    UPDATE requirement SET list_key = NULL WHERE id = new.id;
END;
CREATE TRIGGER requirement_update AFTER UPDATE ON requirement
WHEN new.list_key IS NULL OR old.list_key IS NOT new.list_key OR old.uid IS NOT new.uid
    OR old.title IS NOT new.title OR old.description IS NOT new.description
    OR old.rationale IS NOT new.rationale OR old.help_text IS NOT new.help_text
    OR old.deleted IS NOT new.deleted
BEGIN
    {
    _fts_row(
        "requirement_fts",
        "delete",
        "old",
        "old.list_key",
        "old.list_key IS NOT NULL AND old.deleted = 0",
    )
}
    {
    _fts_row(
        "requirement_fts_deleted",
        "delete",
        "old",
        "old.list_key",
        "old.list_key IS NOT NULL AND old.deleted = 1",
    )
}
    {_PLACE}
    {_RENUMBER}
    {
    _fts_row(
        "requirement_fts",
        "insert",
        "new",
        "(SELECT list_key FROM requirement WHERE id = new.id)",
        "new.deleted = 0",
    )
}
    {
    _fts_row(
        "requirement_fts_deleted",
        "insert",
        "new",
        "(SELECT list_key FROM requirement WHERE id = new.id)",
        "new.deleted = 1",
    )
}
END;
CREATE TRIGGER requirement_delete AFTER DELETE ON requirement BEGIN
    {
    _fts_row(
        "requirement_fts",
        "delete",
        "old",
        "old.list_key",
        "old.list_key IS NOT NULL AND old.deleted = 0",
    )
}
    {
    _fts_row(
        "requirement_fts_deleted",
        "delete",
        "old",
        "old.list_key",
        "old.list_key IS NOT NULL AND old.deleted = 1",
    )
}
END;
"""

MIGRATIONS: tuple[str, ...] = (
    V1_INITIAL,
    V2_META_AND_RECENT,
    V3_SEARCH_INDEXES,
    V4_LIST_ORDER_SEARCH,
)

SCHEMA_VERSION = len(MIGRATIONS)
