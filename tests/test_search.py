"""The search service: text, facets, order, paging, counts, hostile input, index upkeep.

Each test runs on SQLite (with and without the partial index on deleted requirements) and on
PostgreSQL, but for those about SQLite's own indexes and plans."""

from __future__ import annotations

import itertools
import random
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from kravtui.catalogue.db import open_catalogue
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.catalogue.search import (
    MAX_WORDS,
    FacetCounts,
    Row,
    SearchQuery,
    count,
    facet_counts,
    fetch_rows,
    iter_rows,
    position_of,
    search,
    split_words,
)
from kravtui.catalogue.vocabulary import Importance
from tests.catalogue_factory import add_selection, make_catalogue
from tests.postgres_cluster import Cluster

R = RequirementContent
I = Importance  # noqa: E741

# Result order is by uid_order: prefix, then the number (LOG < OKO < SIK; SIK-2 < SIK-10).
REQUIREMENTS = (
    R(
        uid="SIK-1",
        title="Datakryptering af data i hvile",
        description="Alle data skal krypteres med AES.",
        category="SIK",
        subcategory="Kryptering",
        importance=I.HIGH,
        domains=("Skole",),
        tags=("Cloud",),
        favourite=True,
    ),
    R(
        uid="SIK-2",
        title="Adgangsstyring",
        description="Rollebaseret adgangsstyring for medarbejdere.",
        category="SIK",
        subcategory="Adgangsstyring",
        importance=I.ABSOLUTE,
        domains=("Økonomi",),
        principles=("Sikkerhed",),
        info_requirement=True,
    ),
    R(
        uid="SIK-10",
        title="Tofaktorgodkendelse",
        rationale="Beskytter mod phishing.",
        category="SIK",
        importance=I.NORMAL,
        all_domains=True,
        tags=("Cloud", "Borgervendt"),
    ),
    R(
        uid="LOG-1",
        title="Logning af opslag",
        help_text="Gælder også ØKONOMISYSTEMET.",
        category="LOG",
        subcategory="Sikkerhedslog",
        importance=I.NORMAL,
        domains=("Skole", "Økonomi"),
        tags=("Personoplysninger",),
    ),
    R(
        uid="LOG-2",
        title="Sletning af logs",
        description="Logs slettes efter fem år.",
        category="LOG",
        importance=I.OPTIONAL,
        deleted=True,
        domains=("Skole",),
    ),
    R(
        uid="OKO-1",
        title="Økonomisystem integration",
        description="Systemet skal integrere med økonomisystemet.",
        category="OKO",
        importance=I.OPTIONAL,
        domains=("Økonomi",),
        principles=("Genbrug",),
    ),
    R(
        uid="OKO-3",
        title="IT-sikkerhed i økonomi",
        description='Tekst med "citat", * stjerne, (parentes) -minus AND OR NEAR: ^hat.',
        category="OKO",
        importance=I.NORMAL,
    ),
)
LIVE = ("LOG-1", "OKO-1", "OKO-3", "SIK-1", "SIK-2", "SIK-10")
CATEGORIES = (
    Category("LOG", "Logning", subcategories=("Sikkerhedslog", "Anvendelseslog")),
    Category("OKO", "Økonomi"),
    Category("SIK", "Sikkerhed", subcategories=("Adgangsstyring", "Kryptering")),
)

# Schema v3's partial index on deleted lets counting skip reading rows; results must be the
# same with and without it (a catalogue opened read-only before its upgrade lacks it).
DELETED_INDEX = (
    "CREATE INDEX IF NOT EXISTS requirement_deleted ON requirement (uid_order) WHERE deleted = 1"
)


def use_deleted_index(conn: sqlite3.Connection, on: bool) -> None:
    conn.execute(DELETED_INDEX if on else "DROP INDEX IF EXISTS requirement_deleted")


VARIANTS = ["plain", "deleted-index", "postgresql"]
"""SQLite without and with the partial index on deleted requirements, and PostgreSQL."""


def new_catalogue(
    variant: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    requirements: Sequence[RequirementContent],
    **given: Any,
) -> Any:
    """A catalogue of `requirements` for `variant` (a file, or a fresh PostgreSQL database)."""
    if variant == "postgresql":
        location = PostgresLocation(str(request.getfixturevalue("postgres_url")))
        return make_catalogue(location, requirements, **given)
    connection = make_catalogue(tmp_path / "c.db", requirements, **given)
    use_deleted_index(connection, variant == "deleted-index")
    return connection


THE_CATALOGUE: dict[str, Any] = {
    "requirements": REQUIREMENTS,
    "categories": CATEGORIES,
    "domains": ("Skole", "Økonomi", "Byggesag"),
    "tags": ("Cloud", "Borgervendt", "Personoplysninger", "Mobil"),
    "principles": ("Sikkerhed", "Genbrug"),
}


@pytest.fixture(scope="module")
def pg_template(request: pytest.FixtureRequest) -> Iterator[Cluster]:
    """A PostgreSQL database holding `THE_CATALOGUE`, which each test copies (a copy costs a
    fraction of making the catalogue)."""
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    cluster.admin("CREATE DATABASE search_template TEMPLATE template0 ENCODING 'UTF8'")
    make_catalogue(PostgresLocation(cluster.url("search_template")), **THE_CATALOGUE).close()
    yield cluster
    cluster.admin("DROP DATABASE search_template WITH (FORCE)")


_copies = itertools.count(1)


@pytest.fixture(params=VARIANTS)
def conn(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param != "postgresql":
        connection = new_catalogue(request.param, tmp_path, request, **THE_CATALOGUE)
        yield connection
        connection.close()
        return
    cluster: Cluster = request.getfixturevalue("pg_template")
    name = f"search_copy_{next(_copies)}"
    cluster.admin(f"CREATE DATABASE {name} TEMPLATE search_template")
    connection = open_catalogue(PostgresLocation(cluster.url(name)))
    yield connection
    connection.close()
    cluster.admin(f"DROP DATABASE {name} WITH (FORCE)")


def uids(conn: sqlite3.Connection, query: SearchQuery) -> list[str]:
    """Every match, through `search`, checked against `count` and `fetch_rows`."""
    result = search(conn, query, limit=1000)
    assert result.total == len(result.rows) == count(conn, query)
    assert fetch_rows(conn, query, 0, 1000) == result.rows
    assert tuple(iter_rows(conn, query)) == result.rows  # streamed in the same order
    return [row.uid for row in result.rows]


def text(value: str) -> SearchQuery:
    return SearchQuery(text=value)


# --------------------------------------------------------------------------------------------
# Text


def test_empty_query_lists_live_requirements_in_uid_order(conn: sqlite3.Connection) -> None:
    assert uids(conn, SearchQuery()) == list(LIVE)


def test_number_order_puts_sik_2_before_sik_10(conn: sqlite3.Connection) -> None:
    # "sik" is in three uids and in "IT-sikkerhed" (OKO-3); OKO sorts before SIK.
    assert uids(conn, text("sik")) == ["OKO-3", "SIK-1", "SIK-2", "SIK-10"]


def test_substring_inside_compound_word(conn: sqlite3.Connection) -> None:
    assert uids(conn, text("krypt")) == ["SIK-1"]
    assert uids(conn, text("styring")) == ["SIK-2"]
    assert uids(conn, text("faktorgod")) == ["SIK-10"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ØKONOMISYSTEM", ["LOG-1", "OKO-1"]),  # upper-case query, lower/upper-case text
        ("økonomisystemet", ["LOG-1", "OKO-1"]),
        ("Økonomi", ["LOG-1", "OKO-1", "OKO-3"]),
        ("gÆLDER", ["LOG-1"]),
        ("FEM ÅR", []),  # only in a deleted requirement
    ],
)
def test_case_folding_of_danish_letters(
    conn: sqlite3.Connection, query: str, expected: list[str]
) -> None:
    assert uids(conn, text(query)) == expected


def test_every_searchable_field_is_searched(conn: sqlite3.Connection) -> None:
    assert uids(conn, text("SIK-10")) == ["SIK-10"]  # uid
    assert uids(conn, text("opslag")) == ["LOG-1"]  # title
    assert uids(conn, text("medarbejdere")) == ["SIK-2"]  # description
    assert uids(conn, text("phishing")) == ["SIK-10"]  # rationale
    assert uids(conn, text("gælder")) == ["LOG-1"]  # help text


@pytest.mark.parametrize("variant", ["plain", "postgresql"])
def test_notes_are_not_searched(
    tmp_path: Path, request: pytest.FixtureRequest, variant: str
) -> None:
    conn = new_catalogue(
        variant, tmp_path, request, [R(uid="A-1", title="Titel", category="A", notes="hemmelig")]
    )
    assert uids(conn, text("hemmelig")) == []


def test_all_words_must_match_each_in_any_field(conn: sqlite3.Connection) -> None:
    assert uids(conn, text("adgang medarbejdere")) == ["SIK-2"]
    assert uids(conn, text("krypt  AES")) == ["SIK-1"]  # title + description
    assert uids(conn, text("krypt adgang")) == []
    assert uids(conn, text("data hvile krypt")) == ["SIK-1"]


def test_word_order_and_repetition_do_not_matter(conn: sqlite3.Connection) -> None:
    assert uids(conn, text("AES krypt")) == uids(conn, text("krypt AES krypt KRYPT"))


def test_short_words_alone_match_the_start_of_uid_or_title(conn: sqlite3.Connection) -> None:
    assert uids(conn, text("s")) == ["SIK-1", "SIK-2", "SIK-10"]  # uids; "Sletning" is deleted
    assert uids(conn, text("lo")) == ["LOG-1"]  # uid LOG-1 and title "Logning"
    assert uids(conn, text("it")) == ["OKO-3"]  # title "IT-sikkerhed ..."
    assert uids(conn, text("t")) == ["SIK-10"]  # title "Tofaktorgodkendelse"
    assert uids(conn, text("ø")) == ["OKO-1"]  # title "Økonomisystem ..."
    assert uids(conn, text("Ø")) == ["OKO-1"]
    assert uids(conn, text("da")) == ["SIK-1"]  # title "Datakryptering ..."
    assert uids(conn, text("zz")) == []


def test_further_short_words_must_occur_in_uid_or_title(conn: sqlite3.Connection) -> None:
    assert uids(conn, text("s i")) == ["SIK-1", "SIK-2", "SIK-10"]  # "i" in "SIK"
    assert uids(conn, text("d af")) == ["SIK-1"]
    assert uids(conn, text("d ø")) == []


def test_short_words_beside_a_long_word_are_left_out(conn: sqlite3.Connection) -> None:
    # Too short for the index and found in nearly every text: they would not narrow the list.
    for short in ("i", "ø", "Æ", "ü", "xq"):
        assert uids(conn, text(f"logning {short}")) == uids(conn, text("logning")) == ["LOG-1"]
        assert uids(conn, text(f"{short} logning")) == ["LOG-1"]
    assert uids(conn, text("krypt zz")) == ["SIK-1"]


def test_split_words_cleans_and_deduplicates() -> None:
    assert split_words("  krypt\tKRYPT\x00data\u200bbase \n") == ("krypt", "database")
    assert split_words("\ud800") == ()
    assert len(split_words(" ".join(f"w{i}" for i in range(100)))) == MAX_WORDS


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "**",
    "(",
    ")",
    "-",
    "--",
    ":",
    "^",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "NEAR(a b)",
    "a OR b",
    "title:krypt",
    "^krypt",
    "krypt*",
    "-krypt",
    '"krypt',
    "(krypt)",
    "{uid}: SIK",
    "a",
    "ab",
    "æ",
    "Å",
    "%",
    "_",
    "[",
    "?",
    "\\",
    "'",
    "   ",
    "\t\n\r",
    "\x00",
    "\x00\x01\x1f\x7f",
    "\ud800",
    "\u200b",
    "🙂",
    "x" * 1000,
    "a " * 500,
    "krypt " * 200,
    " ".join(random.Random(1).choice(["ab", "x", "data", "*", '"']) for _ in range(300)),
]


@pytest.mark.parametrize("hostile", HOSTILE, ids=[repr(h)[:30] for h in HOSTILE])
def test_hostile_text_never_raises(conn: sqlite3.Connection, hostile: str) -> None:
    query = text(hostile)
    result = search(conn, query)
    assert result.total == count(conn, query) == len(result.rows)
    assert set(r.uid for r in result.rows) <= set(LIVE)
    facet_counts(conn, query)
    position_of(conn, query, "SIK-1")


@pytest.mark.parametrize(
    "literal", ['"citat"', "citat", "* stjerne", "(parentes)", "-minus", "AND OR NEAR:", "^hat"]
)
def test_syntax_characters_are_searched_as_text(conn: sqlite3.Connection, literal: str) -> None:
    assert uids(conn, text(literal)) == ["OKO-3"]


@pytest.mark.parametrize("blank", ["", "   ", "\t\n", "\x00 \x01"])
def test_blank_text_is_no_filter(conn: sqlite3.Connection, blank: str) -> None:
    assert uids(conn, text(blank)) == list(LIVE)
    assert text(blank).is_empty()


def test_is_empty() -> None:
    assert SearchQuery().is_empty()
    assert not SearchQuery(text="x").is_empty()
    assert not SearchQuery(categories=frozenset({"SIK"})).is_empty()
    assert not SearchQuery(flags=frozenset({"favourite"})).is_empty()
    assert not SearchQuery(deleted=True).is_empty()
    assert not SearchQuery(ticked_in=1).is_empty()


# --------------------------------------------------------------------------------------------
# Facets


def test_rows_carry_the_list_fields(conn: sqlite3.Connection) -> None:
    rows = {row.uid: row for row in search(conn, SearchQuery()).rows}
    first = rows["SIK-1"]
    assert first == Row(
        id=first.id,
        uid="SIK-1",
        title="Datakryptering af data i hvile",
        category="SIK",
        subcategory="Kryptering",
        importance=Importance.HIGH,
        deleted=False,
        favourite=True,
    )
    assert rows["SIK-10"].subcategory == ""
    assert rows["OKO-1"].importance is Importance.OPTIONAL


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (SearchQuery(categories=frozenset({"SIK"})), ["SIK-1", "SIK-2", "SIK-10"]),
        (SearchQuery(categories=frozenset({"LOG", "OKO"})), ["LOG-1", "OKO-1", "OKO-3"]),
        (SearchQuery(categories=frozenset({"NOPE"})), []),
        (SearchQuery(subcategories=frozenset({("SIK", "Kryptering")})), ["SIK-1"]),
        (
            SearchQuery(subcategories=frozenset({("SIK", "Kryptering"), ("LOG", "Sikkerhedslog")})),
            ["LOG-1", "SIK-1"],
        ),
        (SearchQuery(subcategories=frozenset({("LOG", "Kryptering")})), []),
        (SearchQuery(importances=frozenset({I.NORMAL})), ["LOG-1", "OKO-3", "SIK-10"]),
        (SearchQuery(importances=frozenset({I.HIGH, I.ABSOLUTE})), ["SIK-1", "SIK-2"]),
        (SearchQuery(domains=frozenset({"Skole"})), ["LOG-1", "SIK-1", "SIK-10"]),
        (SearchQuery(domains=frozenset({"Byggesag"})), ["SIK-10"]),  # all_domains only
        (
            SearchQuery(domains=frozenset({"Skole", "Økonomi"})),
            ["LOG-1", "OKO-1", "SIK-1", "SIK-2", "SIK-10"],
        ),
        (SearchQuery(tags=frozenset({"Cloud"})), ["SIK-1", "SIK-10"]),
        (SearchQuery(tags=frozenset({"Borgervendt", "Personoplysninger"})), ["LOG-1", "SIK-10"]),
        (SearchQuery(tags=frozenset({"Mobil"})), []),
        (SearchQuery(principles=frozenset({"Genbrug"})), ["OKO-1"]),
        (SearchQuery(principles=frozenset({"Genbrug", "Sikkerhed"})), ["OKO-1", "SIK-2"]),
        (SearchQuery(flags=frozenset({"favourite"})), ["SIK-1"]),
        (SearchQuery(flags=frozenset({"info_requirement"})), ["SIK-2"]),
        (SearchQuery(flags=frozenset({"all_domains"})), ["SIK-10"]),
        (SearchQuery(flags=frozenset({"favourite", "info_requirement"})), []),  # AND
        (SearchQuery(flags=frozenset({"relevant_saas", "relevant_on_premise"})), list(LIVE)),
    ],
)
def test_each_facet(conn: sqlite3.Connection, query: SearchQuery, expected: list[str]) -> None:
    assert uids(conn, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            SearchQuery(categories=frozenset({"SIK"}), tags=frozenset({"Cloud"})),
            ["SIK-1", "SIK-10"],
        ),
        (
            SearchQuery(
                categories=frozenset({"SIK"}),
                tags=frozenset({"Cloud"}),
                importances=frozenset({I.NORMAL}),
            ),
            ["SIK-10"],
        ),
        (SearchQuery(text="krypt", domains=frozenset({"Økonomi"})), []),
        (SearchQuery(text="økonomi", domains=frozenset({"Økonomi"})), ["LOG-1", "OKO-1"]),
        (SearchQuery(text="s", categories=frozenset({"SIK"})), ["SIK-1", "SIK-2", "SIK-10"]),
        (SearchQuery(text="s", categories=frozenset({"LOG"})), []),
        (
            SearchQuery(domains=frozenset({"Skole"}), flags=frozenset({"all_domains"})),
            ["SIK-10"],
        ),
        (
            SearchQuery(principles=frozenset({"Sikkerhed"}), flags=frozenset({"info_requirement"})),
            ["SIK-2"],
        ),
    ],
)
def test_facet_combinations(
    conn: sqlite3.Connection, query: SearchQuery, expected: list[str]
) -> None:
    assert uids(conn, query) == expected


@pytest.mark.parametrize("bad", ["\x00", "\udcff"], ids=["nul", "not-utf-8"])
def test_a_facet_name_no_catalogue_holds_names_nothing(conn: sqlite3.Connection, bad: str) -> None:
    """A NUL (PostgreSQL cannot be sent one) or a lone surrogate (neither engine can) in a
    facet's name: that name names nothing, on both engines, with the facet's other names kept."""
    cases = [
        (SearchQuery(categories=frozenset({"SIK" + bad})), []),
        (SearchQuery(categories=frozenset({"LOG", "SIK" + bad})), ["LOG-1"]),
        (SearchQuery(subcategories=frozenset({("SIK", "Kryptering" + bad)})), []),
        (SearchQuery(subcategories=frozenset({("SIK" + bad, "Kryptering")})), []),
        (SearchQuery(domains=frozenset({"Skole" + bad})), ["SIK-10"]),  # all_domains only
        (SearchQuery(tags=frozenset({"Cloud" + bad})), []),
        (SearchQuery(tags=frozenset({"Mobil", "Cloud", bad})), ["SIK-1", "SIK-10"]),
        (SearchQuery(principles=frozenset({"Genbrug" + bad})), []),
    ]
    for query, expected in cases:
        assert uids(conn, query) == expected, query
        assert position_of(conn, query, "SIK-10") == (
            expected.index("SIK-10") if "SIK-10" in expected else None
        )
        facet_counts(conn, query)


def test_unknown_flag_is_a_programming_error(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="unknown search flag"):
        search(conn, SearchQuery(flags=frozenset({"title; DROP TABLE requirement"})))
    with pytest.raises(ValueError, match="deleted"):
        search(conn, SearchQuery(flags=frozenset({"deleted"})))


def test_deleted_shows_only_deleted_requirements(conn: sqlite3.Connection) -> None:
    assert uids(conn, SearchQuery(deleted=True)) == ["LOG-2"]
    assert uids(conn, SearchQuery(text="sletning", deleted=True)) == ["LOG-2"]
    assert uids(conn, SearchQuery(text="sletning")) == []
    assert uids(conn, SearchQuery(text="sl", deleted=True)) == ["LOG-2"]
    assert uids(conn, SearchQuery(text="krypt", deleted=True)) == []
    assert uids(conn, SearchQuery(domains=frozenset({"Skole"}), deleted=True)) == ["LOG-2"]
    assert search(conn, SearchQuery(deleted=True)).rows[0].deleted


def test_ticked_in_keeps_ticked_items_of_that_selection(conn: sqlite3.Connection) -> None:
    first = add_selection(conn, ticked=["SIK-10", "LOG-1", "LOG-2"], unticked=["SIK-1"])
    other = add_selection(conn, ticked=["SIK-1"])
    empty = add_selection(conn)
    assert uids(conn, SearchQuery(ticked_in=first)) == ["LOG-1", "SIK-10"]
    assert uids(conn, SearchQuery(ticked_in=first, deleted=True)) == ["LOG-2"]
    assert uids(conn, SearchQuery(ticked_in=other)) == ["SIK-1"]
    assert uids(conn, SearchQuery(ticked_in=empty)) == []
    assert uids(conn, SearchQuery(ticked_in=9999)) == []
    assert uids(conn, SearchQuery(ticked_in=first, text="logning")) == ["LOG-1"]
    assert uids(conn, SearchQuery(ticked_in=first, text="t")) == ["SIK-10"]
    assert uids(conn, SearchQuery(ticked_in=first, tags=frozenset({"Cloud"}))) == ["SIK-10"]


def test_unticked_in_keeps_what_is_not_ticked_in_that_selection(conn: sqlite3.Connection) -> None:
    first = add_selection(conn, ticked=["SIK-10", "LOG-1", "LOG-2"], unticked=["SIK-1"])
    empty = add_selection(conn)
    # SIK-1 has an unticked item, the others none: both count as unticked.
    assert uids(conn, SearchQuery(unticked_in=first)) == ["OKO-1", "OKO-3", "SIK-1", "SIK-2"]
    assert uids(conn, SearchQuery(unticked_in=first, deleted=True)) == []
    assert uids(conn, SearchQuery(unticked_in=empty)) == list(LIVE)
    for words in ("data", "s", "logning", "økonomi adgang", "sletning"):
        matches = uids(conn, SearchQuery(text=words))
        expected = [uid for uid in matches if uid not in {"SIK-10", "LOG-1"}]
        assert uids(conn, SearchQuery(unticked_in=first, text=words)) == expected, words
    assert uids(conn, SearchQuery(unticked_in=first, categories=frozenset({"OKO"}))) == [
        "OKO-1",
        "OKO-3",
    ]
    assert position_of(conn, SearchQuery(unticked_in=first), "SIK-2") == 3
    assert position_of(conn, SearchQuery(unticked_in=first), "SIK-10") is None
    assert not SearchQuery(unticked_in=first).is_empty()


def test_facet_counts_count_ticked_and_unticked_under_the_other_filters(
    conn: sqlite3.Connection,
) -> None:
    first = add_selection(conn, ticked=["SIK-10", "LOG-1", "LOG-2"], unticked=["SIK-1"])
    assert facet_counts(conn, SearchQuery()).selection == {}
    counts = facet_counts(conn, SearchQuery(), selection=first)
    assert counts.selection == {"ticked": 2, "unticked": 4}  # live only: LOG-2 is deleted
    assert counts.categories == facet_counts(conn, SearchQuery()).categories
    # the ticked/unticked filter is left out of its own counts, kept in the others'
    for query in (SearchQuery(ticked_in=first), SearchQuery(unticked_in=first)):
        counts = facet_counts(conn, query, selection=first)
        assert counts.selection == {"ticked": 2, "unticked": 4}
    counts = facet_counts(conn, SearchQuery(ticked_in=first), selection=first)
    assert counts.categories == {"LOG": 1, "OKO": 0, "SIK": 1}
    counts = facet_counts(conn, SearchQuery(unticked_in=first), selection=first)
    assert counts.categories == {"LOG": 0, "OKO": 2, "SIK": 2}
    assert counts.flags["deleted"] == 0
    for words in ("data", "s", "logning", "økonomi"):
        matches = uids(conn, SearchQuery(text=words))
        ticked = len([uid for uid in matches if uid in {"SIK-10", "LOG-1"}])
        counts = facet_counts(conn, SearchQuery(text=words, unticked_in=first), selection=first)
        assert counts.selection == {"ticked": ticked, "unticked": len(matches) - ticked}, words
    counts = facet_counts(conn, SearchQuery(categories=frozenset({"SIK"})), selection=first)
    assert counts.selection == {"ticked": 1, "unticked": 2}


def test_free_text_selection_items_are_ignored(conn: sqlite3.Connection) -> None:
    selection = add_selection(conn, ticked=["SIK-1"])
    category_id = conn.execute("SELECT id FROM category WHERE prefix = 'SIK'").fetchone()[0]
    conn.execute(
        "INSERT INTO selection_item (selection_id, requirement_id, uid, title, category_id)"
        " VALUES (?, NULL, 'FRI-1', 'Fritekst', ?)",
        (selection, category_id),
    )
    assert uids(conn, SearchQuery(ticked_in=selection)) == ["SIK-1"]


# --------------------------------------------------------------------------------------------
# Facet counts


def test_facet_counts_of_everything(conn: sqlite3.Connection) -> None:
    counts = facet_counts(conn, SearchQuery())
    assert counts == FacetCounts(
        categories={"LOG": 1, "OKO": 2, "SIK": 3},
        subcategories={
            ("LOG", "Sikkerhedslog"): 1,
            ("LOG", "Anvendelseslog"): 0,
            ("SIK", "Adgangsstyring"): 1,
            ("SIK", "Kryptering"): 1,
        },
        importances={I.OPTIONAL: 1, I.NORMAL: 3, I.HIGH: 1, I.ABSOLUTE: 1},
        # SIK-10 is all-domains and counts for every domain.
        domains={"Skole": 3, "Økonomi": 4, "Byggesag": 1},
        tags={"Cloud": 2, "Borgervendt": 1, "Personoplysninger": 1, "Mobil": 0},
        principles={"Sikkerhed": 1, "Genbrug": 1},
        flags={
            "info_requirement": 1,
            "favourite": 1,
            "all_domains": 1,
            "all_tags": 0,
            "relevant_saas": 6,
            "relevant_on_premise": 6,
            "deleted": 1,
        },
    )


def test_each_facet_is_counted_under_text_and_the_other_facets(
    conn: sqlite3.Connection,
) -> None:
    query = SearchQuery(
        text="a", categories=frozenset({"SIK"}), importances=frozenset({I.HIGH, I.NORMAL})
    )
    # "a" alone matches the start of a uid or title: SIK-2 "Adgangsstyring" (absolute).
    assert uids(conn, SearchQuery(text="a")) == ["SIK-2"]
    counts = facet_counts(conn, query)
    # Categories ignore the category facet but keep the text and the importance facet.
    assert counts.categories == {"LOG": 0, "OKO": 0, "SIK": 0}
    # Importances ignore the importance facet: SIK-2 is absolute.
    assert counts.importances == {I.OPTIONAL: 0, I.NORMAL: 0, I.HIGH: 0, I.ABSOLUTE: 1}

    query = SearchQuery(text="økonomi", categories=frozenset({"OKO"}))
    counts = facet_counts(conn, query)
    assert counts.categories == {"LOG": 1, "OKO": 2, "SIK": 0}
    assert counts.importances == {I.OPTIONAL: 1, I.NORMAL: 1, I.HIGH: 0, I.ABSOLUTE: 0}
    assert counts.domains == {"Skole": 0, "Økonomi": 1, "Byggesag": 0}
    assert counts.principles == {"Sikkerhed": 0, "Genbrug": 1}

    query = SearchQuery(domains=frozenset({"Skole"}), tags=frozenset({"Cloud"}))
    counts = facet_counts(conn, query)
    assert counts.domains == {"Skole": 2, "Økonomi": 1, "Byggesag": 1}  # SIK-1, SIK-10 | SIK-10
    assert counts.tags == {"Cloud": 2, "Borgervendt": 1, "Personoplysninger": 1, "Mobil": 0}
    assert counts.categories == {"LOG": 0, "OKO": 0, "SIK": 2}


def test_flag_counts_apply_every_facet_and_count_deleted_apart(
    conn: sqlite3.Connection,
) -> None:
    counts = facet_counts(conn, SearchQuery(domains=frozenset({"Skole"})))
    assert counts.flags["favourite"] == 1  # SIK-1
    assert counts.flags["all_domains"] == 1  # SIK-10
    assert counts.flags["deleted"] == 1  # LOG-2, in Skole
    counts = facet_counts(conn, SearchQuery(flags=frozenset({"favourite"})))
    assert counts.flags["favourite"] == 1
    assert counts.flags["info_requirement"] == 0
    assert counts.categories == {"LOG": 0, "OKO": 0, "SIK": 1}
    counts = facet_counts(conn, SearchQuery(deleted=True))
    assert counts.categories == {"LOG": 1, "OKO": 0, "SIK": 0}
    assert counts.flags["deleted"] == 1
    # with text, in either view: the deleted matches (what the Deleted view would show)
    for deleted in (False, True):
        for words in ("sletning", "sletning logs", "LOG-2"):
            counts = facet_counts(conn, SearchQuery(text=words, deleted=deleted))
            shown_deleted = count(conn, SearchQuery(text=words, deleted=True))
            assert counts.flags["deleted"] == shown_deleted == 1, words


def test_facet_counts_follow_the_text(conn: sqlite3.Connection) -> None:
    counts = facet_counts(conn, text("krypt"))
    assert counts.categories == {"LOG": 0, "OKO": 0, "SIK": 1}
    assert counts.tags["Cloud"] == 1
    assert sum(facet_counts(conn, text("xyzzy")).categories.values()) == 0


def test_facet_counts_match_searches(conn: sqlite3.Connection) -> None:
    base = SearchQuery(text="s")
    counts = facet_counts(conn, base)
    for prefix, number in counts.categories.items():
        assert number == count(conn, SearchQuery(text="s", categories=frozenset({prefix})))
    for name, number in counts.tags.items():
        assert number == count(conn, SearchQuery(text="s", tags=frozenset({name})))
    for name, number in counts.domains.items():
        assert number == count(conn, SearchQuery(text="s", domains=frozenset({name})))


# --------------------------------------------------------------------------------------------
# Position, paging


def test_position_of(conn: sqlite3.Connection) -> None:
    everything = SearchQuery()
    for index, uid in enumerate(LIVE):
        assert position_of(conn, everything, uid) == index
    assert position_of(conn, everything, "LOG-2") is None  # deleted
    assert position_of(conn, everything, "NOPE-1") is None
    assert position_of(conn, SearchQuery(deleted=True), "LOG-2") == 0
    assert position_of(conn, text("økonomi"), "OKO-3") == 2
    assert position_of(conn, text("økonomi"), "SIK-1") is None
    assert position_of(conn, text("s"), "SIK-10") == 2
    cloud = SearchQuery(tags=frozenset({"Cloud"}))
    assert position_of(conn, cloud, "SIK-10") == 1


def big_catalogue(
    variant: str, tmp_path: Path, request: pytest.FixtureRequest, n: int
) -> sqlite3.Connection:
    """`n` requirements over three prefixes; every 7th mentions "sjælden", every 2nd "fælles"."""
    requirements = []
    for i in range(1, n + 1):
        words = ["fælles"] if i % 2 == 0 else []
        if i % 7 == 0:
            words.append("sjælden")
        requirements.append(
            R(
                uid=f"{'ABC'[i % 3]}K-{i}",
                title=f"Krav nummer {i}",
                description=" ".join(words),
                category=f"{'ABC'[i % 3]}K",
                deleted=i % 11 == 0,
            )
        )
    return new_catalogue(variant, tmp_path, request, requirements)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(
    "query_text", ["", "krav", "fælles", "sjælden", "AK-2", "CK-29", "a", "k", "b 1"]
)
def test_pages_join_up_to_the_whole_result(
    tmp_path: Path, request: pytest.FixtureRequest, query_text: str, variant: str
) -> None:
    # Few matches (AK-2, CK-29) are sorted, many are found walking the uid_order index; both
    # must give the same order, pages and positions.
    conn = big_catalogue(variant, tmp_path, request, 300)
    query = text(query_text)
    everything = search(conn, query, limit=10_000)
    assert everything.total == len(everything.rows) > 0
    expected = [row.uid for row in everything.rows]
    assert expected == sorted(expected, key=lambda u: (u.split("-")[0], int(u.split("-")[1])))
    for size in (7, 50):
        pages = []
        for offset in range(0, everything.total + size, size):
            result = search(conn, query, offset=offset, limit=size)
            assert result.total == everything.total
            assert result.offset == offset
            assert result.rows == fetch_rows(conn, query, offset, size)
            pages.extend(row.uid for row in result.rows)
        assert pages == expected
    for position, uid in enumerate(expected):
        assert position_of(conn, query, uid) == position
    assert position_of(conn, query, "AK-33") is None  # deleted (33 % 11 == 0)
    deleted = SearchQuery(text=query_text, deleted=True)
    deleted_uids = [row.uid for row in search(conn, deleted, limit=1000).rows]
    for position, uid in enumerate(deleted_uids):
        assert position_of(conn, deleted, uid) == position


def test_paging_edges(conn: sqlite3.Connection) -> None:
    assert search(conn, SearchQuery(), offset=100).rows == ()
    assert search(conn, SearchQuery(), offset=100).total == len(LIVE)
    assert search(conn, SearchQuery(), limit=0).rows == ()
    assert search(conn, SearchQuery(), limit=0).total == len(LIVE)
    assert [r.uid for r in search(conn, SearchQuery(), offset=-5, limit=2).rows] == list(LIVE[:2])
    assert [r.uid for r in search(conn, SearchQuery(), offset=4, limit=50).rows] == list(LIVE[4:])


# --------------------------------------------------------------------------------------------
# Reference model: many generated requirements and queries against a plain Python matcher


VOCABULARY = [
    "data",
    "kryptering",
    "datakryptering",
    "adgang",
    "adgangsstyring",
    "logning",
    "økonomisystem",
    "Økonomi",
    "sikkerhed",
    "ÆBLE",
    "æble",
    "gåde",
    "GÅDE",
    "backup",
    "it",
    "IT",
    "i",
    "af",
    "og",
    "til",
    "ø",
    "å",
    "æ",
    "x",
]


def reference(
    requirements: list[RequirementContent], query_text: str, deleted: bool = False
) -> list[str]:
    """The documented matching rules, in Python (casefold equals the index's folding here)."""
    words = [w.casefold() for w in split_words(query_text)]
    long_words = [w for w in words if len(w) >= 3]
    short_words = [w for w in words if len(w) < 3]

    def fields(r: RequirementContent) -> list[str]:
        return [f.casefold() for f in (r.uid, r.title, r.description, r.rationale, r.help_text)]

    def matches(r: RequirementContent) -> bool:
        if r.deleted != deleted:
            return False
        if long_words:
            return all(any(w in f for f in fields(r)) for w in long_words)
        if short_words:
            uid, title = r.uid.casefold(), r.title.casefold()
            first, *rest = short_words
            return (uid.startswith(first) or title.startswith(first)) and all(
                w in uid or w in title for w in rest
            )
        return True

    found = [r.uid for r in requirements if matches(r)]
    return sorted(found, key=lambda u: (u.split("-")[0], int(u.split("-")[1])))


@pytest.mark.parametrize("variant", VARIANTS)
def test_generated_catalogue_matches_the_reference(
    tmp_path: Path, request: pytest.FixtureRequest, variant: str
) -> None:
    rng = random.Random(7)

    def phrase(low: int, high: int) -> str:
        return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(low, high)))

    requirements = [
        R(
            uid=f"{rng.choice(['SIK', 'LOG', 'OKO'])}-{i}",
            title=phrase(1, 4),
            description=phrase(0, 8),
            rationale=phrase(0, 3),
            help_text=phrase(0, 3),
            category="X",
            deleted=rng.random() < 0.1,
        )
        for i in range(1, 301)
    ]
    conn = new_catalogue(variant, tmp_path, request, requirements)
    queries = ["", "sik", "SIK-1", "LOG-2", "okonomi", "Ø", "æ", "å", "it", "i", "d", "da"]
    queries += [phrase(1, 1) for _ in range(30)]
    queries += [phrase(2, 3) for _ in range(30)]
    queries += [rng.choice(VOCABULARY)[1:5] for _ in range(30)]
    for query_text in queries:
        expected = reference(requirements, query_text)
        assert uids(conn, text(query_text)) == expected, query_text
        for offset in (0, 3, len(expected) // 2):
            page = fetch_rows(conn, text(query_text), offset, 5)
            assert [row.uid for row in page] == expected[offset : offset + 5], query_text
        for position in {0, len(expected) // 3, len(expected) - 1} if expected else ():
            assert position_of(conn, text(query_text), expected[position]) == position


@pytest.mark.parametrize("variant", VARIANTS)
def test_short_words_find_each_requirement_once(
    tmp_path: Path, request: pytest.FixtureRequest, variant: str
) -> None:
    """A uid and a title that both match, a letter with ASCII case forms (looking for "ſ" looks
    for "S" and "s" as well), deleted requirements: every match once, in list order, in both
    views and on every page."""
    requirements = [
        R(uid="SIK-1", title="Sikkerhed", category="SIK"),
        R(uid="SIK-2", title="Andet", category="SIK"),
        R(uid="SIK-10", title="sikker", category="SIK"),
        R(uid="LOG-1", title="sikker log", category="LOG"),
        R(uid="LOG-2", title="stort", category="LOG"),
        R(uid="LOG-3", title="Slut", category="LOG"),
        R(uid="SIK-3", title="Sletning", category="SIK", deleted=True),
        R(uid="LOG-4", title="sidst", category="LOG", deleted=True),
        R(uid="ARK-1", title="Lang", category="ARK", deleted=True),
    ]
    conn = new_catalogue(variant, tmp_path, request, requirements)
    for query_text in ("s", "S", "ſ", "si", "ſi", "l", "lo", "a", "x"):
        for deleted in (False, True):
            query = SearchQuery(text=query_text, deleted=deleted)
            expected = reference(requirements, query_text, deleted)
            assert uids(conn, query) == expected, (query_text, deleted)
            pages = [row.uid for at in range(0, 9, 2) for row in fetch_rows(conn, query, at, 2)]
            assert pages == expected
            for position, uid in enumerate(expected):
                assert position_of(conn, query, uid) == position


def test_a_short_word_reads_its_candidates_off_the_indexes(tmp_path: Path) -> None:
    """Schema v9: the uid and title indexes hold each requirement's list key and deleted flag
    (the title's its uid too), so a one-letter search reads no row per candidate."""
    conn = make_catalogue(tmp_path / "plan.db", REQUIREMENTS, CATEGORIES)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    search(conn, text("s"))
    conn.set_trace_callback(None)
    statement = next(sql for sql in statements if "uid >=" in sql)
    details = [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
    candidates = [detail for detail in details if "uid>?" in detail or "title>?" in detail]
    assert candidates and all("COVERING INDEX" in detail for detail in candidates), details
    assert any("requirement_title" in detail for detail in candidates), details
    assert not any("uid_order" in detail for detail in details), details  # no walk of the list


# --------------------------------------------------------------------------------------------
# The index follows every write


def test_index_follows_insert_update_and_delete(conn: sqlite3.Connection) -> None:
    conn.execute(
        "UPDATE requirement SET title = 'Sikker opbevaring af nøgler',"
        " description = 'Nøgler opbevares sikkert.' WHERE uid = 'SIK-1'"
    )
    assert uids(conn, text("krypt")) == []
    assert uids(conn, text("NØGLER")) == ["SIK-1"]
    conn.execute("UPDATE requirement SET help_text = 'Se også datakryptering.' WHERE uid = 'SIK-2'")
    assert uids(conn, text("krypt")) == ["SIK-2"]
    conn.execute("UPDATE requirement SET uid = 'SIK-3' WHERE uid = 'SIK-2'")
    assert uids(conn, text("SIK-3")) == ["SIK-3"]
    assert uids(conn, text("SIK-2")) == []
    conn.execute("DELETE FROM requirement WHERE uid = 'SIK-3'")
    assert uids(conn, text("krypt")) == []
    assert uids(conn, text("adgangsstyring")) == []
    conn.execute(
        "INSERT INTO requirement (uid, title, description, category_id, created_at, updated_at)"
        " SELECT 'SIK-4', 'Ny', 'Kryptografisk hash', id, '', '' FROM category"
        " WHERE prefix = 'SIK'"
    )
    assert uids(conn, text("krypto")) == ["SIK-4"]
    if not isinstance(conn, sqlite3.Connection):
        return  # PostgreSQL's search column is the server's: no index of kravtui's to check
    rows = conn.execute(
        "SELECT count(*) FROM requirement_fts WHERE requirement_fts MATCH '\"hash\"'"
    ).fetchone()
    assert rows[0] == 1
    conn.execute("INSERT INTO requirement_fts (requirement_fts) VALUES ('integrity-check')")


def test_soft_delete_and_restore_move_between_views(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE requirement SET deleted = 1 WHERE uid = 'SIK-1'")
    assert uids(conn, text("krypt")) == []
    assert uids(conn, SearchQuery(text="krypt", deleted=True)) == ["SIK-1"]
    conn.execute("UPDATE requirement SET deleted = 0 WHERE uid = 'SIK-1'")
    assert uids(conn, text("krypt")) == ["SIK-1"]


def test_works_on_a_read_only_connection(tmp_path: Path) -> None:
    from kravtui.catalogue.db import connect

    path = tmp_path / "ro.db"
    make_catalogue(path, REQUIREMENTS, CATEGORIES).close()
    conn = connect(path, read_only=True)
    assert uids(conn, text("krypt")) == ["SIK-1"]
    assert uids(conn, text("s")) == ["SIK-1", "SIK-2", "SIK-10"]
    assert facet_counts(conn, SearchQuery()).categories["SIK"] == 3
    assert position_of(conn, SearchQuery(), "SIK-10") == 5
