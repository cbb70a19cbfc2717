"""Long query words shortened through the catalogue's word list (schema v7) find what they found.

The full-text index checks a piece of three characters without positions, so search looks for
the shortest piece of a query word that no catalogue word holds without holding the whole word.
These tests build catalogues where pieces do and do not stand in for their word (case, Danish
letters, punctuation, words that JSON cannot split, stale words after edits), and compare every
search with a plain Python matcher; the searches that need no SQLite word list run on PostgreSQL
too, whose counts read a word list of its own (``kravtui_requirement_words``, kept by triggers),
and must find and count the same.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kravtui.catalogue.db import connect, open_catalogue
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.schema import MIGRATIONS
from kravtui.catalogue.search import SearchQuery, count, fetch_rows, position_of, search
from kravtui.catalogue.search_words import implied_piece
from tests.catalogue_factory import make_catalogue
from tests.test_list_order import check_word_list

R = RequirementContent

WORDS = [
    "adgangsstyring",
    "Adgangsstyring.",
    "styringen",
    "STYRING",
    "stykke",
    "kryptering",
    "krypteret",
    "datakryptering;",
    "økonomistyring",
    "Økonomi",
    "ØKONOMISYSTEM",
    "gåde",
    'citat"styring"',
    "sti\\styring",
    "log-0001",
    "å",
    "og",
]


def matcher(texts: list[str], word: str) -> bool:
    """Does some text hold `word`, ignoring case? (casefold is the index's folding here)."""
    return any(word.casefold() in text.casefold() for text in texts)


def expected(rows: list[tuple[str, list[str], bool]], query: str) -> list[str]:
    words = [w for w in query.split() if len(w) >= 3]
    found = [
        uid for uid, texts, deleted in rows if not deleted and all(matcher(texts, w) for w in words)
    ]
    return sorted(found, key=lambda uid: int(uid.split("-")[1]))


def stored(conn: sqlite3.Connection) -> list[tuple[str, list[str], bool]]:
    return [
        (row[0], list(row[1:6]), bool(row[6]))
        for row in conn.execute(
            "SELECT uid, uid, title, description, rationale, help_text, deleted FROM requirement"
        )
    ]


def uids(conn: sqlite3.Connection, query: str) -> list[str]:
    return [row.uid for row in search(conn, SearchQuery(text=query), limit=1000).rows]


def phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Any:
    """120 requirements on either engine (PostgreSQL's word list is another: its searches must
    find and count the same all the same)."""
    rng = random.Random(3)
    requirements = [
        R(
            uid=f"SIK-{number}",
            title=phrase(rng, 1, 3),
            description=phrase(rng, 0, 6),
            help_text=phrase(rng, 0, 2),
            category="SIK",
            deleted=rng.random() < 0.1,
        )
        for number in range(1, 121)
    ]
    return make_catalogue(catalogue_location, requirements)


def test_a_piece_no_other_word_holds_stands_in_for_the_word(tmp_path: Path) -> None:
    conn = make_catalogue(
        tmp_path / "c.db",
        [
            R(uid="SIK-1", title="Adgangsstyring", category="SIK"),
            R(uid="SIK-2", title="Styringen af nøgler", category="SIK"),
            R(uid="SIK-3", title="Et stykke papir", category="SIK"),
        ],
    )
    assert implied_piece(conn, "styring") == "tyr"  # "sty" is in "stykke" as well
    assert implied_piece(conn, "STYRING") == "TYR"
    assert implied_piece(conn, "nøgler") == "nøg"
    assert implied_piece(conn, "papirkurv") == "irk"  # no word holds it, nor any requirement
    assert uids(conn, "styring") == ["SIK-1", "SIK-2"]
    assert uids(conn, "papirkurv") == []
    conn.execute("UPDATE requirement SET title = 'Tyrkisk kaffe' WHERE uid = 'SIK-3'")
    assert implied_piece(conn, "styring") == "yri"  # "tyr" is in "tyrkisk" now
    assert uids(conn, "styring") == ["SIK-1", "SIK-2"]


def test_searches_match_the_plain_matcher_after_random_writes(conn: Any) -> None:
    rng = random.Random(11)
    queries = [w for w in WORDS if len(w) >= 3]
    queries += [w[i : i + n] for w in WORDS for i in range(3) for n in (3, 4, 6) if len(w) > i + n]
    queries += ["styring nøgle", "kryptering økonomi", "TYR", "stykker", "xyzæøå"]
    for step in range(6):
        rows = stored(conn)
        for query in queries:
            want = expected(rows, query)
            assert uids(conn, query) == want, (step, query)
            assert count(conn, SearchQuery(text=query)) == len(want), (step, query)
            assert [r.uid for r in fetch_rows(conn, SearchQuery(text=query), 1, 3)] == want[1:4]
            if want:
                assert position_of(conn, SearchQuery(text=query), want[-1]) == len(want) - 1
        # edits leave stale words in the list; new words come in through the triggers
        for _ in range(15):
            target = f"SIK-{rng.randint(1, 120)}"
            column = rng.choice(["title", "description", "help_text"])
            conn.execute(
                f"UPDATE requirement SET {column} = ? WHERE uid = ?", (phrase(rng, 1, 3), target)
            )
        conn.execute(
            "UPDATE requirement SET deleted = 1 - deleted WHERE uid = ?",
            (f"SIK-{rng.randint(1, 120)}",),
        )
        if isinstance(conn, sqlite3.Connection):
            check_word_list(conn)


def test_a_changed_id_and_text_are_searched_as_they_are_now(conn: Any) -> None:
    # Another program may renumber a requirement, its text too in the same statement.
    conn.execute("UPDATE requirement SET id = 1000, title = 'Zebrastribe' WHERE uid = 'SIK-7'")
    conn.execute("UPDATE requirement SET id = 1001, deleted = 1 - deleted WHERE uid = 'SIK-8'")
    for query in ("zebrastribe", "STRIBE", "styring", "kryptering", "sik-8", "økonomi"):
        for deleted in (False, True):
            want = [
                uid
                for uid, texts, gone in stored(conn)
                if gone == deleted and matcher(texts, query)
            ]
            found = search(conn, SearchQuery(text=query, deleted=deleted), limit=1000)
            assert sorted(row.uid for row in found.rows) == sorted(want), (query, deleted)
            assert found.total == len(want), (query, deleted)
            assert count(conn, SearchQuery(text=query, deleted=deleted)) == len(want)


@pytest.mark.parametrize(
    "text",
    [
        'Et "citat" med \\ og \\u00e6 og "]',
        "Kontrol\x01tegn midt i styringen",  # JSON cannot hold it raw: the text goes in whole
        "Fane\tstyring\r\nog linjeskift\nkryptering",
        "Hårdt\u00a0mellemrum\u00a0styring og\u2003em",
        "x" * 5000 + "styring",
    ],
)
def test_text_from_another_program_is_listed_and_found(conn: Any, text: str) -> None:
    conn.execute(
        "INSERT INTO requirement (uid, title, description, category_id, created_at, updated_at)"
        " VALUES ('SIK-500', 'Ny', ?, 1, '', '')",
        (text,),
    )
    if isinstance(conn, sqlite3.Connection):
        check_word_list(conn)
    for query in ("styring", "kryptering", "citat", "mellemrum", "tegn"):
        assert uids(conn, query) == expected(stored(conn), query), query


def test_a_version_5_catalogue_gets_its_word_list(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    old = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:5]:
        old.executescript(script)
    old.execute("PRAGMA user_version = 5")
    old.execute("INSERT INTO category (prefix, name, position) VALUES ('SIK', 'S', 0)")
    for uid, title in (("SIK-1", "Adgangsstyring"), ("SIK-2", "Et STYKKE"), ("SIK-3", "Styring")):
        old.execute(
            "INSERT INTO requirement (uid, title, category_id, created_at, updated_at)"
            " VALUES (?, ?, 1, '', '')",
            (uid, title),
        )
    old.close()
    conn = open_catalogue(path)
    words = {row[0] for row in conn.execute("SELECT word FROM requirement_word")}
    assert words == {"sik-1", "sik-2", "sik-3", "adgangsstyring", "stykke", "styring"}
    check_word_list(conn)
    assert implied_piece(conn, "styring") == "tyr"
    assert uids(conn, "styring") == ["SIK-1", "SIK-3"]


def test_a_catalogue_without_the_list_searches_the_whole_word(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    old = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:5]:
        old.executescript(script)
    old.execute("PRAGMA user_version = 5")
    old.execute("INSERT INTO category (prefix, name, position) VALUES ('SIK', 'S', 0)")
    old.execute(
        "INSERT INTO requirement (uid, title, category_id, created_at, updated_at)"
        " VALUES ('SIK-1', 'Adgangsstyring', 1, '', '')"
    )
    old.close()
    conn = connect(path, read_only=True)  # read-only: not upgraded, no word list
    assert uids(conn, "styring") == ["SIK-1"]
    assert uids(conn, "styrings") == []
