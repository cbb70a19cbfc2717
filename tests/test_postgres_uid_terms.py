"""PostgreSQL's count of long query words reads uids apart from the text's words (issue 16).

Each uid is a word of its own, so a uid fragment such as ``SIK`` is held by as many listed words
as there are SIK uids; the word list keeps each uid as prefix terms of its own instead
(``kravtui_uid_terms``), and ``kravtui_count_words`` answers for such a fragment rather than
handing the count back to LIKE over every requirement's text. These tests compare its counts
with a plain Python matcher, for fragments in uids only, in text only and in both, with
characters that mean something to a tsquery or to LIKE, after writes, and for a uid too long
for its terms (the count falls back, and is still right).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.schema_postgres import UID_STARTS
from kravtui.catalogue.search import SearchQuery, count, search
from kravtui.catalogue.search_pg import MOST_WORDS
from tests.catalogue_factory import make_catalogue

R = RequirementContent

MANY = MOST_WORDS + 50
"""More SIK uids than the word list may hold listed words for one query word."""

TOPICS = ("kodeordspolitik", "adgangsstyring", "logning af data", "sikkerhedslog", "backup")


def expected(conn: Any, words: list[str], deleted: bool = False) -> int:
    """How many requirements of the view hold every word (casefold: ASCII and Danish here)."""
    rows = conn.execute(
        "SELECT uid, title, description, rationale, help_text, deleted FROM requirement"
    ).fetchall()
    return sum(
        1
        for *texts, gone in rows
        if bool(gone) == deleted
        and all(any(w.casefold() in text.casefold() for text in texts) for w in words)
    )


def listed_count(conn: Any, words: list[str], deleted: bool = False) -> int | None:
    """The word list's own answer (None: it hands the count to LIKE)."""
    found = conn.execute(
        "SELECT kravtui_count_words(?::text[], ?, ?)", (words, int(deleted), MOST_WORDS)
    ).fetchone()[0]
    return None if found is None else int(found)


@pytest.fixture
def conn(postgres_url: str) -> Iterator[Any]:
    """MANY SIK requirements and a few LOG ones, every ninth deleted; texts from TOPICS."""
    requirements = [
        R(
            uid=f"SIK-{number:04d}",
            title=TOPICS[number % len(TOPICS)],
            description=TOPICS[(number * 7) % len(TOPICS)] if number % 3 else "",
            category="SIK",
            deleted=number % 9 == 0,
        )
        for number in range(1, MANY + 1)
    ]
    requirements += [
        R(uid=f"LOG-{number}", title="Hændelser", category="LOG") for number in range(1, 31)
    ]
    connection = make_catalogue(PostgresLocation(postgres_url), requirements)
    yield connection
    connection.close()


QUERIES = [
    ["SIK"],  # in every SIK uid, and inside "sikkerhedslog"
    ["sik-00"],  # in uids only
    ["ik-01"],
    ["log"],  # in LOG uids and in texts
    ["LOG-1"],
    ["styring"],  # in text only
    ["data", "styring"],  # several words in text only
    ["xyzzy"],  # nowhere
    ["sik-9999"],  # a uid that is not there
    ["data", "xyzzy"],
]
SEVERAL = [["data", "log"], ["sik", "log"], ["sik", "kode"], ["sik-0012", "kodeordspolitik"]]
"""Several words, one in uids: LIKE counts them (the list hands them back)."""


@pytest.mark.parametrize("words", QUERIES, ids=" ".join)
def test_uid_fragments_are_counted_off_the_word_list(conn: Any, words: list[str]) -> None:
    for deleted in (False, True):
        want = expected(conn, words, deleted)
        assert listed_count(conn, words, deleted) == want, (words, deleted)
        assert count(conn, SearchQuery(text=" ".join(words), deleted=deleted)) == want


@pytest.mark.parametrize("words", SEVERAL, ids=" ".join)
def test_several_words_one_in_uids_are_counted_by_like(conn: Any, words: list[str]) -> None:
    for deleted in (False, True):
        assert listed_count(conn, words, deleted) is None
        want = expected(conn, words, deleted)
        assert count(conn, SearchQuery(text=" ".join(words), deleted=deleted)) == want


def test_the_count_follows_written_uids(conn: Any) -> None:
    conn.execute("UPDATE requirement SET uid = 'ARK-7', title = 'Arkiv' WHERE uid = 'SIK-0007'")
    conn.execute("UPDATE requirement SET deleted = 1 - deleted WHERE uid LIKE 'SIK-001%'")
    conn.execute(
        "INSERT INTO requirement (uid, title, category_id, created_at, updated_at)"
        " VALUES ('NY-SIK', 'Ny', 1, '', '')"
    )
    conn.execute("DELETE FROM requirement WHERE uid = 'SIK-0002'")
    for words in (["sik"], ["ark-7"], ["rk-"], ["kode", "politik"], ["y-s"]):
        for deleted in (False, True):
            assert listed_count(conn, words, deleted) == expected(conn, words, deleted), words


@pytest.mark.parametrize(
    "uid",
    [
        "A'B-1",
        "A''B-2",
        "A\\B-3",
        "A\\'B-4",
        "AB:*-5",
        "A&B|C!D-6",
        "(A)<->B-7",
        "A%B_C-8",
        "A B\tC-9",
        "ÆØÅ-ſµ-10",
    ],
)
def test_uids_with_characters_a_tsquery_or_like_reads(postgres_url: str, uid: str) -> None:
    conn = make_catalogue(
        PostgresLocation(postgres_url),
        [R(uid=uid, title="Titel", category="AB"), R(uid="AB-99", title="Andet", category="AB")],
    )
    try:
        for start in range(len(uid) - 2):
            for end in range(start + 3, len(uid) + 1):
                fragment = uid[start:end]
                if any(char.isspace() for char in fragment):
                    continue  # a query word holds no space
                found = search(conn, SearchQuery(text=fragment), limit=10)
                assert found.total == expected(conn, [fragment]), fragment
                assert uid in [row.uid for row in found.rows], fragment
    finally:
        conn.close()


def test_a_uid_longer_than_its_terms_is_counted_by_like(postgres_url: str) -> None:
    long_uid = "SIK-" + "x" * UID_STARTS + "nål"
    conn = make_catalogue(
        PostgresLocation(postgres_url),
        [
            R(uid=long_uid, title="Lang", category="SIK"),
            R(uid="SIK-1", title="Kort", category="SIK"),
        ],
    )
    try:
        assert listed_count(conn, ["sik"]) is None  # the list cannot answer while it is stored
        for text in ("nål", "xxnål", "sik", "sik-1", "kort"):
            assert count(conn, SearchQuery(text=text)) == expected(conn, [text]), text
        conn.execute("DELETE FROM requirement WHERE uid = ?", (long_uid,))
        assert listed_count(conn, ["sik"]) == 1
    finally:
        conn.close()
