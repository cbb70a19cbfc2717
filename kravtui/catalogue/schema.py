"""The catalogue's schema as an ordered list of migrations, for SQLite and PostgreSQL alike.

`MIGRATIONS[i]` takes a SQLite database from schema version `i` to `i + 1`; the version is kept
in SQLite's `PRAGMA user_version`. A migration, once released, never changes: a new schema change
is a new entry at the end. `MIGRATIONS` is closed at version 10 (`POSTGRES_BASELINE_VERSION`):
a PostgreSQL catalogue starts there in one go (`kravtui.catalogue.schema_postgres`), and every
schema change from 11 on is a `Migration` in `MIGRATIONS_BOTH`, written for both engines, so the
two schemas move together (docs/postgresql.md, §3b).

From version 5 on, a catalogue carries kravtui's mark in SQLite's `PRAGMA application_id`
(`APPLICATION_ID`); older catalogues are recognised by their exact schema (see `recognition`).
"""

from __future__ import annotations

from dataclasses import dataclass

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

from kravtui.catalogue.schema_list_order import V4_LIST_ORDER_SEARCH  # noqa: E402

APPLICATION_ID = 0x4B524156
"""kravtui's mark in the SQLite header (`PRAGMA application_id`): the bytes "KRAV"."""

# Every catalogue carries kravtui's mark from now on, so that it is recognised by its header
# instead of by its shape (a file with another program's tables is never touched).
V5_APPLICATION_ID = f"""
PRAGMA application_id = {APPLICATION_ID};
"""

from kravtui.catalogue.schema_answers import V6_ANSWERS  # noqa: E402
from kravtui.catalogue.schema_prices import V10_PRICES  # noqa: E402
from kravtui.catalogue.schema_sources import V8_SOURCES  # noqa: E402
from kravtui.catalogue.schema_words import V7_WORDS_AND_BULK_LOAD  # noqa: E402

# A search of one or two letters takes the requirements whose uid or title starts with them
# (`kravtui.catalogue.search_sql`): with the list key and the deleted flag (and, for a title, the
# uid) in these indexes, the candidates come off the indexes in one pass, the count is theirs and
# a page is their list keys sorted, without a row read per candidate ("l" at 100,000: 15 ms of
# CPU to 5 ms). Self-contained (indexes only), so it can take whichever number is next.
V9_PREFIX_SEARCH_INDEXES = """
CREATE INDEX requirement_uid_key ON requirement (uid, list_key, deleted);
DROP INDEX requirement_title;
CREATE INDEX requirement_title ON requirement (title COLLATE NOCASE, list_key, uid, deleted);
"""

MIGRATIONS: tuple[str, ...] = (
    V1_INITIAL,
    V2_META_AND_RECENT,
    V3_SEARCH_INDEXES,
    V4_LIST_ORDER_SEARCH,
    V5_APPLICATION_ID,
    V6_ANSWERS,
    V7_WORDS_AND_BULK_LOAD,
    V8_SOURCES,
    V9_PREFIX_SEARCH_INDEXES,
    V10_PRICES,
)

POSTGRES_BASELINE_VERSION = 10
"""The schema version a PostgreSQL catalogue is created at (`MIGRATIONS` holds SQLite's way
there); the PostgreSQL baseline is that version's schema."""


@dataclass(frozen=True, slots=True)
class Migration:
    """A schema change from version 11 on: the same change in each engine's SQL. `postgresql`
    runs as one script inside the upgrade's transaction."""

    sqlite: str
    postgresql: str


MIGRATIONS_BOTH: tuple[Migration, ...] = ()
"""`MIGRATIONS_BOTH[i]` takes a catalogue of either engine from version
`POSTGRES_BASELINE_VERSION + i` to the next."""

SCHEMA_VERSION = len(MIGRATIONS) + len(MIGRATIONS_BOTH)

ENGINE_INTERNAL: dict[str, frozenset[str]] = {
    "sqlite": frozenset(
        {
            "requirement_fts",
            "requirement_fts_deleted",
            "requirement_fts_words",
            "requirement_word",
            "requirement_renumbering",
        }
    ),
    "postgresql": frozenset(
        {"kravtui_meta", "kravtui_word", "kravtui_requirement_words"}
        | {"requirement.search", "requirement.title_key"}
    ),
}
"""What one engine keeps for its own work (tables, and ``table.column``), not part of the data
model: the two schemas are compared without them (`tests/test_schema_parity.py`). SQLite's
full-text tables' own tables (``requirement_fts_data`` ...) go with them."""

MARKED_SINCE = 5
"""The first schema version whose catalogues carry `APPLICATION_ID`."""

READABLE_SINCE = 4
"""The oldest schema version this kravtui reads without upgrading it (a read-only catalogue
cannot be upgraded). A migration that changes what the code reads raises this to its version."""
