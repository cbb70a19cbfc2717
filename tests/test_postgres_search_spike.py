"""Spike for issue 16's riskiest point: can pg_trgm find exactly what SQLite's search finds?

SQLite's search (`kravtui.catalogue.search`) matches a word of three or more characters as a
substring of the requirement's searched text under FTS5's case folding (the trigram tokenizer's
``sqlite3Fts5UnicodeFold``: one code point to one, from an old Unicode's tables), and a query of
short words alone by uid/title prefixes, trying each case of each letter. The PostgreSQL
counterpart tried here (docs/postgresql.md, "Search"):

- a stored generated column ``search`` = ``kravtui_fold(uid || ' ' || title || ...)`` with a GIN
  ``gin_trgm_ops`` index; a long word matches when ``search LIKE '%' || fold(word) || '%'``,
  with ``\\``, ``%`` and ``_`` escaped, so LIKE's own wildcards are searched as text. pg_trgm's
  index only narrows the candidates; LIKE decides, so the index can never change the answer;
- ``kravtui_fold(t)`` = ``lower(translate(t, FROM, TO) COLLATE "C.utf8")``: PostgreSQL's Unicode
  lower case, after a translate() that first maps the 13 code points FTS5 folds differently
  (µ to μ, ſ to s, Greek symbol forms...);
- short words: the same spellings as SQLite's (kravtui's own helpers), compared with ``left()``
  and ``strpos()`` under an ASCII-only lower case, as SQLite's NOCASE and ``lower()`` do.

What it shows: the same uids in the same order for æøå in either case, 1- and 2-letter words,
words holding ``%``, ``_`` and ``\\``, ſ, µ; and exactly where the two folds still part (code
points FTS5's old tables do not fold and PostgreSQL does: İ and letters of scripts added to
Unicode since, such as Cherokee and Adlam), which the plan lists as the one known difference.
"""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.search import SearchQuery, iter_rows
from kravtui.catalogue.search_query import MIN_TRIGRAM_WORD, split_words
from kravtui.catalogue.search_rules import drop_contained
from kravtui.catalogue.search_spellings import case_variants, spellings
from tests.catalogue_factory import make_catalogue
from tests.postgres_cluster import Cluster

TEXTS = [
    ("SIK-1", "Datakryptering", "Data krypteres med AES-256."),
    ("SIK-2", "Økonomisystem", "ØKONOMI og regnskab i ét system."),
    ("SIK-10", "Adgang til it-systemer", "Kun via Ærø-kontoret, åbent 8-16."),
    ("SIK-11", "ærlig snak", "ÅBENHED om 100% oppetid."),
    ("ARK-1", "Arkivering", "fil_navn og fil-navn skal bevares; 50%_rabat."),
    ("ARK-2", "Åbne standarder", "Sti: C:\\data\\arkiv, aldrig C:/data."),
    ("ARK-3", "Sø og å", "ſikkerhed på gammeldags; µ-sekunder."),
    ("INF-1", "It-strategi", "IT-afdelingen ejer strategien."),
    ("INF-2", "Straße", "STRASSE og straße er ikke det samme her."),
    ("INF-3", "Ölmaß", "Ø ø Æ æ Å å"),
]

QUERIES = [
    "krypt",
    "KRYPT",
    "ØKONOMI",
    "økonomi",
    "ærø",
    "ÆRØ",
    "åbenhed",
    "ÅBEN",
    "å",
    "Å",
    "ø",
    "sø",
    "it",
    "IT",
    "i",
    "ar",
    "a s",
    "100%",
    "%",
    "_",
    "fil_navn",
    "fil%navn",
    "50%_",
    "C:\\data",
    "\\",
    "sikkerhed",
    "SIKKERHED",
    "ſikker",
    "µ-sek",
    "μ-sek",
    "strasse",
    "straße",
    "STRASSE",
    "sik-1",
    "SIK-1 krypt",
    "arkiv ø",
    "data 256",
    "ølmaß",
    "ØLMASS",
]


def fts5_fold(chars: list[str]) -> dict[str, str]:
    """How FTS5's trigram tokenizer folds each character (read back from its vocabulary)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE f USING fts5(t, tokenize='trigram')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, 'instance')")
    db.executemany(
        "INSERT INTO f (rowid, t) VALUES (?, ?)", [(i, c + "##") for i, c in enumerate(chars)]
    )
    folded = {chars[doc]: term[:-2] for doc, term in db.execute("SELECT doc, term FROM v")}
    db.close()
    return folded


def cased_characters() -> list[str]:
    """Every code point that has another case in this Python's Unicode, or a fold."""
    found = []
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(char) in ("Cc", "Cn"):
            continue
        if char.lower() != char or char.upper() != char or char.casefold() != char:
            found.append(char)
    return found


def execute(conn: Any, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
    cursor = conn.execute(sql.encode(), params)
    return cursor.fetchall() if cursor.description else []


def pg_lower(conn: Any, chars: list[str]) -> dict[str, str]:
    rows = execute(conn, 'SELECT c, lower(c COLLATE "C.utf8") FROM unnest(%s::text[]) c', (chars,))
    return dict(rows)


def make_fold(conn: Any) -> tuple[list[str], int]:
    """Create kravtui_fold() (see the module docstring); return the code points where it still
    differs from FTS5's fold, and how many the translate() step maps."""
    chars = cased_characters()
    fts5 = fts5_fold(chars)
    lowered = pg_lower(conn, chars)
    # FTS5 folds to another character than PostgreSQL's lower(): map it first, where lower()
    # then keeps the result (true for every such code point so far).
    premap = {c: f for c, f in fts5.items() if f != c and lowered[c] != f}
    kept = pg_lower(conn, sorted(set(premap.values())))
    assert all(kept[f] == f for f in premap.values())
    source, target = "".join(premap), "".join(premap.values())
    execute(
        conn,
        "CREATE FUNCTION kravtui_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE"
        f" AS $$ SELECT lower(translate($1, '{source}', '{target}') COLLATE \"C.utf8\") $$",
    )
    execute(
        conn,
        "CREATE FUNCTION kravtui_ascii_lower(text) RETURNS text LANGUAGE sql IMMUTABLE"
        " PARALLEL SAFE AS $$ SELECT translate($1, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',"
        " 'abcdefghijklmnopqrstuvwxyz') $$",
    )
    folded = dict(execute(conn, "SELECT c, kravtui_fold(c) FROM unnest(%s::text[]) c", (chars,)))
    differ = [c for c in chars if folded[c] != fts5.get(c, c)]
    return differ, len(premap)


def like_escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def pg_search(conn: Any, text: str) -> list[str]:
    """The live requirements matching `text` under SQLite's rules, in list order."""
    words = split_words(text)
    long_words = drop_contained([w for w in words if len(w) >= MIN_TRIGRAM_WORD])
    short_words = [
        w
        for w in words
        if len(w) < MIN_TRIGRAM_WORD and not any(w.casefold() in x.casefold() for x in long_words)
    ]
    conditions: list[str] = []
    params: list[object] = []
    if long_words:
        for word in long_words:
            conditions.append("r.search LIKE '%%' || kravtui_fold(%s) || '%%'")
            params.append(like_escaped(word))
    elif short_words:
        first = short_words[0]
        uid_spellings = sorted(set(map("".join, itertools.product(*map(case_variants, first)))))
        title_spellings = sorted(
            {s.lower() if s.isascii() else _ascii_lower(s) for s in spellings(first)}
        )
        conditions.append(
            "(left(r.uid, %s) = ANY(%s) OR kravtui_ascii_lower(left(r.title, %s)) = ANY(%s))"
        )
        params.extend((len(first), uid_spellings, len(first), title_spellings))
        for word in short_words[1:]:
            fold = any(c.isascii() and c.isalpha() for c in word)
            tests = []
            for spelling in spellings(word):
                for column in ("uid", "title"):
                    field = f"kravtui_ascii_lower(r.{column})" if fold else f"r.{column}"
                    tests.append(f"strpos({field}, %s) > 0")
                    params.append(spelling)
            conditions.append("(" + " OR ".join(tests) + ")")
    where = " AND ".join(["NOT r.deleted", *conditions])
    rows = execute(
        conn,
        f"SELECT r.uid FROM requirement r WHERE {where} ORDER BY r.uid_order, r.id",
        tuple(params),
    )
    return [row[0] for row in rows]


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


@pytest.fixture(scope="module")
def both(
    postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[sqlite3.Connection, Any, list[str]]]:
    """The same requirements in a SQLite catalogue (kravtui's own) and a PostgreSQL table."""
    import psycopg

    requirements = [
        RequirementContent(uid=uid, title=title, description=text, category=uid.split("-")[0])
        for uid, title, text in TEXTS
    ]
    lite = make_catalogue(tmp_path_factory.mktemp("spike") / "c.db", requirements)
    postgres_cluster.admin("CREATE DATABASE search_spike TEMPLATE template0 ENCODING 'UTF8'")
    pg = psycopg.connect(postgres_cluster.url("search_spike"), autocommit=True)
    execute(pg, "CREATE EXTENSION pg_trgm")
    differ, _ = make_fold(pg)
    execute(
        pg,
        """CREATE TABLE requirement (
            id bigint PRIMARY KEY, uid text NOT NULL UNIQUE, title text NOT NULL,
            description text NOT NULL, rationale text NOT NULL, help_text text NOT NULL,
            deleted boolean NOT NULL, uid_order text NOT NULL,
            search text GENERATED ALWAYS AS (kravtui_fold(
                uid || ' ' || title || ' ' || description || ' ' || rationale || ' ' || help_text
            )) STORED)""",
    )
    execute(pg, "CREATE INDEX requirement_search ON requirement USING gin (search gin_trgm_ops)")
    for row in lite.execute(
        "SELECT id, uid, title, description, rationale, help_text, deleted = 1, uid_order"
        " FROM requirement"
    ):
        values = (*row[:6], bool(row[6]), row[7])
        execute(pg, "INSERT INTO requirement VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", values)
    yield lite, pg, differ
    pg.close()
    lite.close()
    postgres_cluster.admin("DROP DATABASE search_spike WITH (FORCE)")


@pytest.mark.parametrize("text", QUERIES)
def test_pg_trgm_finds_what_sqlite_finds(text: str, both: tuple[Any, Any, list[str]]) -> None:
    lite, pg, _ = both
    expected = [row.uid for row in iter_rows(lite, SearchQuery(text=text))]
    assert pg_search(pg, text) == expected


def test_the_queries_are_not_trivial(both: tuple[Any, Any, list[str]]) -> None:
    """Each tricky query finds something and not everything (else the comparison says little)."""
    lite, _, _ = both
    found = {text: [row.uid for row in iter_rows(lite, SearchQuery(text=text))] for text in QUERIES}
    assert found["ærø"] == found["ÆRØ"] == ["SIK-10"]
    assert found["fil_navn"] == ["ARK-1"] and found["fil%navn"] == []
    assert found["%"] == found["_"] == []  # one character: a uid/title prefix, none has one
    assert found["it"] == ["INF-1"]  # two letters: titles and uids that start with them
    assert found["ſikker"] == found["sikkerhed"] == ["ARK-3"]  # FTS5 folds ſ to s
    assert found["µ-sek"] == found["μ-sek"] == ["ARK-3"]
    assert found["100%"] == ["SIK-11"] and found["C:\\data"] == ["ARK-2"]


def test_where_the_folds_still_differ(both: tuple[Any, Any, list[str]]) -> None:
    """The only code points folded differently: ones FTS5 leaves alone and PostgreSQL lowers
    (İ, and capital letters of scripts newer than FTS5's tables). None is Danish, ASCII, or
    in Latin-1; a word holding one can give different results on the two engines."""
    differ = both[2]
    fts5 = fts5_fold(differ)
    assert all(fts5.get(c, c) == c for c in differ)  # FTS5 keeps them as they are
    assert not [c for c in differ if ord(c) < 0x100]
    assert [c for c in differ if ord(c) < 0x250] == ["İ"]
    print(f"fold_differences={len(differ)}")
