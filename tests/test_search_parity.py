"""The search finds the same on SQLite and PostgreSQL: a property test (docs/postgresql.md, §3c).

Random catalogues of 5-40 requirements, their uids and texts drawn from ASCII letters and digits,
æøåÆØÅ, é ü ß ſ µ, Greek (without the letters FTS5 and PostgreSQL fold apart), space, tab and the
characters that mean something to LIKE, FTS5 or SQL (``-``, ``%``, ``_``, ``\\``, ``"``, ``*``);
random queries of 1-4 words of 1-6 characters from the same alphabet, with random facets, the
deleted view, and "ticked" or "not ticked" in a selection. For each: the same rows in the same
order (`iter_rows`), the same `count`, the same pages (`search` at several offsets and sizes),
the same `position_of`, the same `facet_counts`.

One SQLite file and one PostgreSQL database serve the whole module; each example replaces their
requirements and selection with the same rows, ids included (a row's id is part of `Row`).
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue import search_pg
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import Category
from kravtui.catalogue.search import (
    SearchQuery,
    count,
    facet_counts,
    fetch_rows,
    iter_rows,
    position_of,
    search,
)
from kravtui.catalogue.vocabulary import FLAGS, Importance
from tests.catalogue_factory import STAMP, make_catalogue
from tests.postgres_cluster import Cluster

ALPHABET = string.ascii_letters + string.digits + "æøåÆØÅéüßſµαβγδλΣσςΩω -%_\\\"*\t':&|!("
"""Characters of uids, texts and queries (none of the code points the two folds treat apart),
with those LIKE, FTS5, SQL and a tsquery read (a uid fragment is counted as a tsquery term)."""

CATEGORIES = (Category("AB", "Ab", subcategories=("Én", "To")), Category("ØK", "Øk"))
DOMAINS = ("Skole", "Økonomi")
TAGS = ("Cloud", "Mobil")
PRINCIPLES = ("Genbrug",)
PLAIN_ROW: dict[str, Any] = {
    "description": "",
    "rationale": "",
    "help_text": "",
    "category": 1,
    "subcategory": None,
    "importance": "normal",
    "flags": frozenset(),
    "domains": frozenset(),
    "tags": frozenset(),
    "principles": frozenset(),
    "ticked": None,
}
"""A fixed row's every field but its uid and title: in category 1, nothing set."""
SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def made(location: Path | PostgresLocation) -> Any:
    return make_catalogue(
        location,
        categories=CATEGORIES,
        domains=DOMAINS,
        tags=TAGS,
        principles=PRINCIPLES,
    )


@pytest.fixture(scope="module")
def engines(
    postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, Any]]:
    """An empty SQLite catalogue and an empty PostgreSQL one with the same classifications."""
    postgres_cluster.admin("CREATE DATABASE search_parity TEMPLATE template0 ENCODING 'UTF8'")
    lite = made(tmp_path_factory.mktemp("parity") / "c.db")
    pg = made(PostgresLocation(postgres_cluster.url("search_parity")))
    yield lite, pg
    pg.close()
    lite.close()
    postgres_cluster.admin("DROP DATABASE search_parity WITH (FORCE)")


texts = st.text(alphabet=ALPHABET, max_size=24)
uids = st.one_of(
    st.builds(
        lambda prefix, number: f"{prefix}-{number}",
        st.sampled_from(["AB", "ØK", "ab", "A"]),
        st.integers(-5, 120),
    ),
    st.text(alphabet=ALPHABET, min_size=1, max_size=8),
)
requirement = st.fixed_dictionaries(
    {
        "uid": uids,
        "title": texts,
        "description": texts,
        "rationale": texts,
        "help_text": texts,
        "category": st.sampled_from([1, 2]),
        "subcategory": st.sampled_from([None, 1, 2]),
        "importance": st.sampled_from([level.value for level in Importance]),
        "flags": st.frozensets(st.sampled_from(FLAGS)),
        "domains": st.frozensets(st.sampled_from([1, 2])),
        "tags": st.frozensets(st.sampled_from([1, 2])),
        "principles": st.frozensets(st.sampled_from([1])),
        "ticked": st.sampled_from([None, True, False]),
    }
)
requirements = st.lists(
    requirement, min_size=5, max_size=40, unique_by=lambda requirement: requirement["uid"]
)
words = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), min_size=1, max_size=4)
queries = st.fixed_dictionaries(
    {
        "text": words.map(" ".join),
        "categories": st.frozensets(st.sampled_from(["AB", "ØK"]), max_size=1),
        "subcategories": st.frozensets(st.sampled_from([("AB", "Én")]), max_size=1),
        "importances": st.frozensets(st.sampled_from(list(Importance)), max_size=2),
        "domains": st.frozensets(st.sampled_from(DOMAINS), max_size=1),
        "tags": st.frozensets(st.sampled_from(TAGS), max_size=1),
        "principles": st.frozensets(st.sampled_from(PRINCIPLES), max_size=1),
        "flags": st.frozensets(st.sampled_from(["favourite", "info_requirement"]), max_size=1),
        "deleted": st.booleans(),
        "selection": st.sampled_from([None, "ticked_in", "unticked_in"]),
    }
)


def fill(conn: Any, rows: list[dict[str, Any]]) -> int:
    """Replace the catalogue's requirements and selection with `rows`; the selection's id."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DELETE FROM selection")
    conn.execute("DELETE FROM requirement")
    for number, row in enumerate(rows, start=1):
        subcategory = row["subcategory"] if row["category"] == 1 else None
        conn.execute(
            "INSERT INTO requirement (id, uid, title, description, rationale, help_text,"
            " importance, category_id, subcategory_id, "
            + ", ".join(FLAGS)
            + ", created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + ", ".join("?" * len(FLAGS))
            + ", ?, ?)",
            (
                number,
                row["uid"],
                row["title"],
                row["description"],
                row["rationale"],
                row["help_text"],
                row["importance"],
                row["category"],
                subcategory,
                *(int(flag in row["flags"]) for flag in FLAGS),
                STAMP,
                STAMP,
            ),
        )
        for kind in ("domain", "tag", "principle"):
            for linked in sorted(row[f"{kind}s"]):
                conn.execute(
                    f"INSERT INTO requirement_{kind} (requirement_id, {kind}_id) VALUES (?, ?)",
                    (number, linked),
                )
    conn.execute(
        "INSERT INTO selection (id, title, created_at, updated_at) VALUES (1, 'Udbud', ?, ?)",
        (STAMP, STAMP),
    )
    for row in rows:
        if row["ticked"] is not None:
            conn.execute(
                "INSERT INTO selection_item (selection_id, requirement_id, uid, title,"
                " category_id, ticked) SELECT 1, id, uid, title, category_id, ? FROM requirement"
                " WHERE uid = ?",
                (int(row["ticked"]), row["uid"]),
            )
    conn.execute("COMMIT")
    return 1


def the_query(drawn: dict[str, Any], selection: int) -> SearchQuery:
    chosen = {key: value for key, value in drawn.items() if key != "selection"}
    if drawn["selection"] is not None:
        chosen[drawn["selection"]] = selection
    return SearchQuery(**chosen)


@SETTINGS
@given(rows=requirements, drawn=st.lists(queries, min_size=1, max_size=2), data=st.data())
def test_both_engines_find_the_same(
    engines: tuple[Any, Any],
    rows: list[dict[str, Any]],
    drawn: list[dict[str, Any]],
    data: st.DataObject,
) -> None:
    lite, pg = engines
    selections = {fill(lite, rows), fill(pg, rows)}
    assert len(selections) == 1  # the same id on both
    (selection,) = selections
    every_uid = [row["uid"] for row in rows]
    for found in drawn:
        for query in (the_query(found, selection), SearchQuery(text=found["text"])):
            expected = list(iter_rows(lite, query))
            assert list(iter_rows(pg, query)) == expected, query
            assert count(pg, query) == count(lite, query) == len(expected), query
            for offset, limit in ((0, 50), (0, 3), (2, 5), (len(expected), 4)):
                assert search(pg, query, offset=offset, limit=limit) == search(
                    lite, query, offset=offset, limit=limit
                ), (query, offset, limit)
            probes = data.draw(st.lists(st.sampled_from(every_uid), max_size=4))
            for uid in [*probes, *(row.uid for row in expected[:3])]:
                assert position_of(pg, query, uid) == position_of(lite, query, uid), (query, uid)
            assert facet_counts(pg, query, selection) == facet_counts(lite, query, selection)
            assert facet_counts(pg, query) == facet_counts(lite, query), query


def test_the_comparison_is_not_trivial(engines: tuple[Any, Any]) -> None:
    """Fixed rows where the engines could part: case folds, LIKE's wildcards, short words, tied
    uid orders; each query finds something and not everything."""
    lite, pg = engines
    rows = [
        {**PLAIN_ROW, "uid": "AB-1", "title": "Ærø 100%"},
        {**PLAIN_ROW, "uid": "AB-01", "title": "fil_navn ſikker"},
        {**PLAIN_ROW, "uid": "ab-2", "title": "ÆRØ µ-sek", "ticked": True},
        {**PLAIN_ROW, "uid": "ØK-3", "title": "øl \\ sti", "flags": frozenset({"deleted"})},
        {**PLAIN_ROW, "uid": "ØK-10", "title": "ΣΟΦΊΑ σοφία", "ticked": False},
    ]
    selection = fill(lite, rows)
    assert fill(pg, rows) == selection
    found = {}
    for text in ("ærø", "00%", "l_n", "sikker", "μ-sek", "ø", "æ", "ab", "σοφ", "Ab 1", "ø \\"):
        query = SearchQuery(text=text)
        expected = [row.uid for row in iter_rows(lite, query)]
        assert [row.uid for row in iter_rows(pg, query)] == expected, text
        found[text] = expected
    assert found["ærø"] == ["AB-1", "ab-2"]
    assert found["00%"] == ["AB-1"] and found["l_n"] == ["AB-01"]
    assert found["sikker"] == ["AB-01"] and found["μ-sek"] == ["ab-2"]
    assert found["ab"] == ["AB-1", "AB-01", "ab-2"]  # AB-1 and AB-01 tie on uid_order: by id
    assert found["σοφ"] == ["ØK-10"] and found["ø"] == ["ØK-10"]  # ØK-3 is deleted
    assert (
        found["ø \\"] == []
    )  # the further short word must be in the uid or title: ØK-3 is deleted


WAY_SETTINGS = settings(SETTINGS, max_examples=80)
PHRASES = ("Datakryptering", "data", "adgang log", "Backup af data", "ΣΟΦΊΑ σοφία", "100% fil_navn")


@WAY_SETTINGS
@given(
    rows=st.lists(requirement, min_size=25, max_size=40, unique_by=lambda row: row["uid"]),
    drawn=queries,
    data=st.data(),
)
def test_each_way_of_a_page_finds_the_same(
    engines: tuple[Any, Any], rows: list[dict[str, Any]], drawn: dict[str, Any], data: st.DataObject
) -> None:
    """A server's page is the same whichever way it is found (`search_pg`'s docstring): a walk
    that fills the page, one that runs out first and falls back to the sort, the sort alone
    (a walk the memo says is futile), and each key of the query typed in turn with one memo,
    as the TUI types."""
    lite, pg = engines
    # titles and words from a few phrases, so that walks fill pages, run out and fail
    for row in rows:
        row["title"] = data.draw(st.sampled_from(PHRASES), label="title")
    selection = fill(lite, rows)
    assert fill(pg, rows) == selection
    source = data.draw(st.sampled_from([*PHRASES, *(row["uid"] for row in rows)]))
    start = data.draw(st.integers(0, max(0, len(source) - 1)), label="start")
    text = source[start : start + data.draw(st.integers(1, 12), label="length")]
    query = replace(the_query(drawn, selection), text=text or "x")
    if data.draw(st.booleans(), label="words alone"):
        query = SearchQuery(text=query.text)
    typed = [replace(query, text=query.text[:end]) for end in range(1, len(query.text) + 1)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_pg, "SORT_MOST", -1)  # every query with words walks first
        patch.setattr(search_pg, "PREFIX_WALK_LEAST", 0)
        patch.setattr(search_pg, "WALK_BUDGET", data.draw(st.integers(0, 45), label="budget"))
        for offset, limit in ((0, 50), (0, 3), (2, 5), (7, 1)):
            expected = fetch_rows(lite, query, offset, limit)
            assert fetch_rows(pg, query, offset, limit) == expected, (query, offset, limit)
            futile = search_pg.WalkMemo(query, 0, 10**9)  # says every walk for it fails
            assert fetch_rows(pg, query, offset, limit, futile) == expected, (query, offset)
        memo = search_pg.WalkMemo()
        for key in typed:
            assert fetch_rows(pg, key, 0, 3, memo) == fetch_rows(lite, key, 0, 3), key


def test_a_page_off_the_word_list_is_the_same(engines: tuple[Any, Any]) -> None:
    """One long word's page read off the word list (after a futile walk) is SQLite's page:
    words in uids and in texts, with the characters LIKE, a tsquery and SQL read; and, while a
    uid too long for its terms is stored, the sort's instead."""
    lite, pg = engines
    titles = ("Datakryptering", "data's \\ 100% fil_navn", "adgang:*&|! (log)", "ΣΟΦΊΑ σοφία")
    rows = [
        {**PLAIN_ROW, "uid": f"{prefix}-{n}", "title": titles[n % len(titles)]}
        for n in range(24)
        for prefix in ("AB", "ØK'a", "da\\ta")
    ]
    rows[5]["flags"] = frozenset({"deleted"})
    words = [
        "datakr",
        "DATA",
        "a's",
        "\\ 1",
        "0%",
        "l_n",
        ":*&",
        "(lo",
        "σοφ",
        "ØK'",
        "a\\t",
        "b-1",
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_pg, "SORT_MOST", -1)
        for long_uid in (False, True):
            if long_uid:  # its uid terms are one mark: the list cannot answer for uids now
                rows.append({**PLAIN_ROW, "uid": "X" * 450 + "datakr", "title": "z"})
            selection = fill(lite, rows)
            assert fill(pg, rows) == selection
            for word in words:
                for query in (SearchQuery(text=word), SearchQuery(text=word, deleted=True)):
                    futile = search_pg.WalkMemo(query, 0, 10**9)
                    for offset, limit in ((0, 100), (0, 3), (4, 5), (70, 3)):
                        expected = fetch_rows(lite, query, offset, limit)
                        found = fetch_rows(pg, query, offset, limit, futile)
                        assert found == expected, (query, offset, limit)
            query = SearchQuery(text="datakr")
            found = fetch_rows(pg, query, 0, 100, search_pg.WalkMemo(query, 0, 10**9))
            assert ("X" * 450 + "datakr" in [row.uid for row in found]) is long_uid


def test_a_count_by_like_brings_its_page(engines: tuple[Any, Any]) -> None:
    """Where the word list cannot count (several words, one of them in a uid; a facet with a
    word), `search` collects, counts and pages the matches in one statement: the same page and
    total as SQLite's at every offset, past the end and with no page at all."""
    lite, pg = engines
    titles = ("adgang log", "data log", "adgang", "log 100% fil_navn")
    rows = [
        {**PLAIN_ROW, "uid": f"{prefix}-{n}", "title": titles[n % len(titles)]}
        for n in range(30)
        for prefix in ("LOG", "AB")
    ]
    rows[3]["flags"] = frozenset({"deleted"})
    selection = fill(lite, rows)
    assert fill(pg, rows) == selection
    statements: list[str] = []
    records = search_pg._records

    def kept(conn: Any, sql: Any) -> Any:
        statements.append(sql.text())
        return records(conn, sql)

    queries = (
        SearchQuery(text="adgang log"),
        SearchQuery(text="LOG data"),
        SearchQuery(text="adgang", importances=frozenset({Importance.NORMAL})),
        SearchQuery(text="log 100%", deleted=True),
        SearchQuery(text="log zzz"),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_pg, "_records", kept)
        for query in queries:
            for offset, limit in ((0, 50), (0, 3), (5, 7), (29, 4), (200, 5), (0, 0)):
                expected = search(lite, query, offset=offset, limit=limit)
                assert search(pg, query, offset=offset, limit=limit) == expected, query
    assert sum("(SELECT count(*) FROM m)" in text for text in statements) == 5 * 5
    assert search(lite, queries[0]).total > 0 and search(lite, queries[-1]).total == 0
