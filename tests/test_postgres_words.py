"""The word list split by the client lists what the server's SQL lists (issue 16, ``db copy``).

`kravtui.catalogue.postgres_words` splits the folded texts in Python for a bulk fill; the
triggers split them in SQL (``kravtui_words``, ``kravtui_uid_terms``, the uid's own words left
out). These tests compare the two on hostile text: every break SQL's split knows (tab, line
feed, carriage return, vertical tab, form feed) and white space it does not (no-break space,
NEL, U+2028), control characters, combining marks, letters whose case folds change their
length, runs around `WORD_PIECE` long, uids with a tsvector's or ``COPY``'s special characters,
and uids longer than `UID_STARTS`; function by function (a property test), then a whole
catalogue filled both ways, its counts, and the triggers' writes after a client fill.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue.db import transaction
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.postgres_words import (
    fill_word_list,
    requirement_words,
    tsvector_text,
    uid_terms,
)
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.catalogue.schema_postgres import UID_STARTS, WORD_PIECE, _text_words
from kravtui.catalogue.search import SearchQuery, count
from kravtui.catalogue.search_pg import MOST_WORDS
from tests.catalogue_factory import make_catalogue
from tests.postgres_cluster import Cluster

R = RequirementContent

HOSTILE = (
    "abcæøåÆØÅ-1'\"\\:*&|!()%_ "
    "\t\n\r\x0b\x0c"  # the breaks kravtui_words splits at
    "\xa0\x85\u2028\u3000"  # white space it does not
    "\x01\x1b\x7f\u200b\u202e"  # control and format characters, a bidi override
    "e\u0301\u0308"  # combining marks
    "İßſΣς\ufb01"  # letters whose folds differ in length or by context
)
"""Characters that the two splits could treat apart (NUL is not text on PostgreSQL)."""

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

short = st.text(alphabet=HOSTILE, max_size=30)
run = st.builds(
    lambda letters, length: (letters * length)[:length],
    st.text(alphabet="abæ\u0301İ'\\", min_size=1, max_size=5),
    st.sampled_from([WORD_PIECE - 1, WORD_PIECE, WORD_PIECE + 1, 600, 601, 1_003]),
)
"""A run of characters without a break, around `WORD_PIECE` long."""
texts = st.lists(st.one_of(short, run), max_size=4).map(" ".join)
uids = st.one_of(
    st.text(alphabet=HOSTILE, min_size=1, max_size=12),
    st.builds(lambda run: "SIK-" + run, run),
    st.sampled_from(["a", "ab", "abc", "A B\tC-9", "x" * (UID_STARTS + 2), "x" * (UID_STARTS + 3)]),
)


@pytest.fixture(scope="module")
def pg(postgres_cluster: Cluster) -> Iterator[Any]:
    """An empty PostgreSQL catalogue: its SQL functions."""
    postgres_cluster.admin("CREATE DATABASE words_parity TEMPLATE template0 ENCODING 'UTF8'")
    conn = make_catalogue(PostgresLocation(postgres_cluster.url("words_parity")))
    yield conn
    conn.close()
    postgres_cluster.admin("DROP DATABASE words_parity WITH (FORCE)")


def sql_words(conn: Any, uid: str, text: str) -> set[str]:
    """The words the triggers list for a requirement of this uid and searched text."""
    row = "(SELECT 1 AS id, kravtui_fold(?::text || ' ' || ?::text) AS search, ?::text AS uid)"
    found = conn.execute(f"SELECT t.word FROM {_text_words(row)} AS t", (uid, text, uid))
    return {str(word) for (word,) in found}


@SETTINGS
@given(uid=uids, text=texts)
def test_a_requirement_is_split_as_the_triggers_split_it(pg: Any, uid: str, text: str) -> None:
    folded_uid, search = pg.execute(
        "SELECT kravtui_fold(?), kravtui_fold(?::text || ' ' || ?::text)", (uid, uid, text)
    ).fetchone()
    assert requirement_words(search, folded_uid) == sql_words(pg, uid, text)
    ours, theirs = pg.execute(
        "SELECT ?::tsvector, kravtui_uid_terms(?)", (tsvector_text(uid_terms(folded_uid)), uid)
    ).fetchone()
    assert ours == theirs


def test_the_splits_part_where_they_should() -> None:
    """The rules themselves, by hand: breaks, runs cut into pieces, the uid's words left out."""
    assert requirement_words("ab-1 x\ty\x0bz\x0cw\rv\nu a\xa0b", "ab-1") == {
        "x",
        "y",
        "z",
        "w",
        "v",
        "u",
        "a\xa0b",
    }
    long = "".join(chr(0x100 + number) for number in range(WORD_PIECE + 1))
    assert requirement_words(long, "") == {long[:WORD_PIECE], long[WORD_PIECE // 2 :]}
    assert uid_terms("ab") == []
    assert uid_terms("abc") == ["uabc"]
    assert "long" in uid_terms("x" * (UID_STARTS + 3))
    assert "long" not in uid_terms("x" * (UID_STARTS + 2))
    assert tsvector_text(["u'a\\b"]) == "'u''a\\\\b'"


HOSTILE_ROWS = [
    R(
        uid="SIK-1",
        title="Adgang\tstyring\r\nlog",
        description="data\x0blog\x0cdata",
        category="AB",
    ),
    R(
        uid="A'B\\C-2",
        title="a'b\\c-2 er uidens eget ord",
        description="e\u0301\u0308 İß",
        category="AB",
    ),
    R(uid="LOG-3", title="x" * 1_003, description=("æø" * 300) + " log-3 logning", category="AB"),
    R(uid="AB-4", title="\x01\x1b\x7f\u202e styring", rationale="\xa0nbsp\x85nel", category="AB"),
    R(uid="AB-5", title="Slettet styring", deleted=True, category="AB"),
    R(uid="ab-6 med mellemrum", title="med Σίσυφος ς", help_text="\ufb01l fil", category="AB"),
]


def listed(conn: Any) -> dict[int, tuple[int, str, frozenset[str]]]:
    """Each requirement's listed row: its deleted flag, uid terms and words (as text)."""
    rows = conn.execute(
        "SELECT r.id, r.deleted, r.uid_terms::text,"
        " ARRAY(SELECT k.word FROM kravtui_word k WHERE k.id = ANY(r.words))"
        " FROM kravtui_requirement_words r"
    ).fetchall()
    return {int(row[0]): (int(row[1]), str(row[2]), frozenset(row[3])) for row in rows}


def test_a_client_fill_lists_what_the_triggers_listed(postgres_url: str) -> None:
    conn = make_catalogue(PostgresLocation(postgres_url), HOSTILE_ROWS)
    try:
        by_triggers = listed(conn)
        assert len(by_triggers) == len(HOSTILE_ROWS)
        queries = (["styring"], ["log"], ["data", "log"], ["xxxx"], ["æøæ"], ["a'b"], ["fil"])
        counts = {
            (" ".join(words), deleted): count(
                conn, SearchQuery(text=" ".join(words), deleted=deleted)
            )
            for words in queries
            for deleted in (False, True)
        }
        with transaction(conn):
            fill_word_list(conn)
        assert listed(conn) == by_triggers
        assert conn.execute("SELECT count(*) FROM kravtui_word").fetchone()[0] == len(
            set().union(*(words for _, _, words in by_triggers.values()))
        )
        for (text, deleted), number in counts.items():
            assert count(conn, SearchQuery(text=text, deleted=deleted)) == number, text
        # the triggers list new words after the client's numbers
        conn.execute(
            "INSERT INTO requirement (uid, title, category_id, created_at, updated_at)"
            " VALUES ('NY-7', 'helt nyt ord styring', 1, '', '')"
        )
        assert count(conn, SearchQuery(text="styring")) == counts[("styring", False)] + 1
        found = conn.execute(
            "SELECT kravtui_count_words(ARRAY['nyt'], 0, ?)", (MOST_WORDS,)
        ).fetchone()[0]
        assert found == 1
    finally:
        conn.close()


def test_a_client_fill_of_a_catalogue_without_requirements(postgres_url: str) -> None:
    """Nothing to list: both tables empty, and the triggers number the first words from 1."""
    conn = make_catalogue(PostgresLocation(postgres_url), categories=[Category("AB", "Ab")])
    try:
        with transaction(conn):
            fill_word_list(conn)
        assert listed(conn) == {}
        conn.execute(
            "INSERT INTO requirement (uid, title, category_id, created_at, updated_at)"
            " VALUES ('NY-1', 'første ord', 1, '', '')"
        )
        numbers = conn.execute("SELECT id FROM kravtui_word ORDER BY id").fetchall()
        assert [number for (number,) in numbers] == [1, 2]
        assert count(conn, SearchQuery(text="første")) == 1
    finally:
        conn.close()
