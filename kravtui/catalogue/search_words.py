"""Shortening a long query word with the catalogue's word list before the full-text index is asked.

The full-text index finds a query word of n characters as a phrase of its n - 2 trigrams, and
checks for every requirement holding all of them that they stand side by side: about 1 us a
requirement, 40 ms for a word that most of 100,000 requirements hold. A shorter piece of the
word costs less, and a piece of three characters is one trigram, which needs no such check.

A piece may stand in for the word when every word of the catalogue that holds the piece also holds
the whole word (schema v7 keeps the list, `kravtui.catalogue.schema_words`): a query word holds no
space, so wherever a requirement's text holds the piece, it holds it inside one of its words,
which then holds the query word too; and a text holding the word holds each piece of it. So the
two find exactly the same requirements, live or deleted. Both are compared the way the index
compares (its trigram tokenizer folds case), by asking the word list's own trigram index how many
words hold each: the piece stands in when the counts are equal.

The list may hold words no requirement holds any more (it only grows), which can only make a
piece's count larger, never smaller: a stale word costs a shortcut, never a wrong match. A
catalogue without the list (one opened read-only before its upgrade) keeps every word as it is.
"""

from __future__ import annotations

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.search_query import MIN_TRIGRAM_WORD

WORD_INDEX = "requirement_fts_words"

MOST_WORDS = 5_000
"""A query word held by more catalogue words than this is searched as it is: counting them would
cost more than the shortcut saves (a uid fragment such as "SIK-0" is in thousands of uids)."""

MOST_PIECES = 60
"""At most this many pieces are tried, shortest first (a word of 12 characters has 45)."""


def fts_string(text: str) -> str:
    """`text` as an FTS5 string: literal text whatever it contains."""
    return '"' + text.replace('"', '""') + '"'


def has_word_list(conn: Connection) -> bool:
    """Whether the catalogue on `conn` keeps the word list (schema v7 and later)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (WORD_INDEX,)
    ).fetchone()
    return found is not None


def pieces(word: str) -> list[str]:
    """The pieces of `word` worth trying, shortest first, each at least a trigram long."""
    found: dict[str, None] = {}
    for length in range(MIN_TRIGRAM_WORD, len(word)):
        for start in range(len(word) - length + 1):
            found.setdefault(word[start : start + length])
            if len(found) >= MOST_PIECES:
                return list(found)
    return list(found)


def implied_piece(conn: Connection, word: str) -> str:
    """The shortest piece of `word` that finds what `word` finds, or `word` itself."""
    if len(word) <= MIN_TRIGRAM_WORD:
        return word
    holding = (
        f"SELECT count(*) FROM (SELECT 1 FROM {WORD_INDEX} WHERE {WORD_INDEX} MATCH ? LIMIT ?)"
    )
    words = int(conn.execute(holding, (fts_string(word), MOST_WORDS + 1)).fetchone()[0])
    if words > MOST_WORDS:
        return word
    candidates = pieces(word)
    if not candidates:
        return word
    values = ", ".join("(?, ?)" for _ in candidates)
    found = conn.execute(
        f"WITH candidate (piece, phrase) AS (VALUES {values})"
        f" SELECT piece FROM candidate WHERE (SELECT count(*) FROM (SELECT 1 FROM {WORD_INDEX}"
        f" WHERE {WORD_INDEX} MATCH candidate.phrase LIMIT ?)) = ? LIMIT 1",
        (
            *(value for piece in candidates for value in (piece, fts_string(piece))),
            words + 1,
            words,
        ),
    ).fetchone()
    return word if found is None else str(found[0])
