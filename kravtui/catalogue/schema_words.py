"""Schema v7: the catalogue's word list, and triggers that let kravtui's bulk load place keys.

**The word list.** ``requirement_word`` holds every word (a run of characters between spaces,
tabs and line breaks, three characters or longer, ASCII letters in lower case) that occurs in a
requirement's searched fields, and ``requirement_fts_words`` indexes those words by trigrams.
Search uses it to shorten a long query word (`kravtui.catalogue.search_words`): when every word
of the catalogue that contains a piece of the query word also contains the whole query word, a
requirement contains the query word exactly when it contains the piece, and a shorter piece is
cheaper for the full-text index to check (a piece of three characters needs no positions at
all). The list only grows (a word an edit removed stays): a word too many costs a shortcut,
never a wrong answer, while a word missing could; so every write adds the words of its text:

- the triggers split the new text with SQL's JSON functions (the text made into a JSON array,
  split at spaces; a text that JSON cannot hold, such as one with a raw control character, goes
  in whole as one "word", which contains every piece of it and so stays correct);
- kravtui's bulk load adds the words of what it writes itself (`kravtui.catalogue.bulk_load`),
  cheaper than the triggers row by row.

**Bulk load.** A ``bulk_load`` row in ``meta``, written and removed inside one transaction by
`kravtui.catalogue.bulk_load`, tells the triggers that the writer does their work itself, a
statement at a time: a row may then be inserted with a list key or without one, and the insert
and update triggers step aside (no placing, no indexing, no words); before the flag goes, the
loader has keyed and indexed every row it wrote and listed their words. Other writers never see
the flag (it is never committed), so for them every trigger works as in v4. (A program that
committed such a row itself would take that work over; kravtui never does.)

**Index memory.** The text indexes gather up to `FTS_HASH_SIZE` in memory before writing a
segment, so that a bulk load's one indexing statement writes a few big segments.
"""

from __future__ import annotations

from kravtui.catalogue.schema_list_order import (
    MOVED,
    RENUMBER,
    RENUMBERING,
    TEXT_INDEXES,
    TEXT_OR_PLACE_CHANGED,
    index_new,
    place,
    searched_text,
    unindex_old,
)

BULK_LOAD = "EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_load')"
"""Whether kravtui's bulk load is writing (the flag lives only inside its transaction)."""

MIN_WORD = 3
"""Shorter words are not listed: no query word the full-text index searches fits in them."""

_SEPARATORS = ("char(10)", "char(13)", "char(9)")  # LF, CR and TAB count as spaces


def words_json(row: str) -> str:
    """SQL for the lower-cased searched text of `row` as a JSON array of its words (and empty
    strings between neighbouring separators); valid JSON unless the text holds a raw control
    character other than those turned into spaces."""
    text = f"lower({searched_text(row)})"
    escaped = f"replace(replace({text}, '\\', '\\\\'), '\"', '\\\"')"
    for separator in _SEPARATORS:
        escaped = f"replace({escaped}, {separator}, ' ')"
    return f"""'["' || replace({escaped}, ' ', '","') || '"]'"""


def word_source(row: str) -> str:
    """SQL for a table of `row`'s words (column ``value``; duplicates and short ones too), to
    put in a FROM clause: JSON's split of the text, or the whole text when JSON cannot hold it."""
    array = words_json(row)
    whole = f"json_array(lower({searched_text(row)}))"
    return f"json_each(CASE WHEN json_valid({array}) THEN {array} ELSE {whole} END)"


def _add_words(row: str, source: str = "") -> str:
    """An INSERT adding the words of `row` (read FROM `source` and the split) to the list."""
    tables = f"{source}, {word_source(row)}" if source else word_source(row)
    return (
        f"INSERT OR IGNORE INTO requirement_word (word) SELECT value FROM {tables}"
        f" WHERE length(value) >= {MIN_WORD};"
    )


_SEARCHED_COLUMNS = "uid, title, description, rationale, help_text"

FTS_HASH_SIZE = 64 * 1024 * 1024
"""How much a text index gathers in memory (bytes) before it writes a segment out. FTS5's
default, 1 MB, made a 100,000-requirement load write hundreds of small segments and merge them
again (11 s against 5 s); the memory is only taken while one statement indexes that much."""

_HASH_SIZES = "\n".join(
    f"INSERT INTO {table} ({table}, rank) VALUES ('hashsize', {FTS_HASH_SIZE});"
    for table in TEXT_INDEXES
)

V7_WORDS_AND_BULK_LOAD = f"""
CREATE TABLE requirement_word (
    id INTEGER PRIMARY KEY,
    word TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE requirement_fts_words USING fts5(
    word, content='requirement_word', content_rowid='id', columnsize=0, tokenize='trigram'
);
{_add_words("requirement", "requirement")}
INSERT INTO requirement_fts_words (requirement_fts_words) VALUES ('rebuild');
CREATE TRIGGER requirement_word_insert AFTER INSERT ON requirement_word WHEN NOT {BULK_LOAD} BEGIN
    INSERT INTO requirement_fts_words (rowid, word) VALUES (new.id, new.word);
END;
CREATE TRIGGER requirement_word_delete AFTER DELETE ON requirement_word BEGIN
    INSERT INTO requirement_fts_words (requirement_fts_words, rowid, word)
    VALUES ('delete', old.id, old.word);
END;
CREATE TRIGGER requirement_word_update AFTER UPDATE ON requirement_word BEGIN
    INSERT INTO requirement_fts_words (requirement_fts_words, rowid, word)
    VALUES ('delete', old.id, old.word);
    INSERT INTO requirement_fts_words (rowid, word) VALUES (new.id, new.word);
END;
{_HASH_SIZES}
DROP TRIGGER requirement_insert_key;
CREATE TRIGGER requirement_insert_key BEFORE INSERT ON requirement
WHEN new.list_key IS NOT NULL AND NOT {BULK_LOAD} BEGIN
    SELECT RAISE(ABORT, 'requirement.list_key is kept by the catalogue itself; leave it out');
END;
DROP TRIGGER requirement_insert;
CREATE TRIGGER requirement_insert AFTER INSERT ON requirement WHEN NOT {BULK_LOAD} BEGIN
{place("1")}
{RENUMBER}
{index_new()}
END;
DROP TRIGGER requirement_update;
CREATE TRIGGER requirement_update AFTER UPDATE ON requirement
WHEN old.list_key IS NOT NULL AND NOT {RENUMBERING} AND NOT {BULK_LOAD}
    AND (new.list_key IS NULL OR {TEXT_OR_PLACE_CHANGED})
BEGIN
{unindex_old()}
{place(MOVED)}
{RENUMBER}
{index_new()}
END;
CREATE TRIGGER requirement_words_insert AFTER INSERT ON requirement WHEN NOT {BULK_LOAD} BEGIN
    {_add_words("new")}
END;
CREATE TRIGGER requirement_words_update AFTER UPDATE OF {_SEARCHED_COLUMNS} ON requirement
WHEN NOT {BULK_LOAD} BEGIN
    {_add_words("new")}
END;
"""
