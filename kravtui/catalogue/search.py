"""Search the catalogue: what the list view calls on every keystroke.

One page of lightweight `Row` records (never ORM objects), the total count, the position of one
requirement in the result, and counts per facet value. Plain `sqlite3`, one SQL statement per call,
so a read-only connection works and a call never sees half of someone else's write.

Text
    The text is split on whitespace into words; a requirement matches when every word occurs,
    case-insensitively and as a substring ("krypt" finds "datakryptering", "ØKONOMI" finds
    "økonomisystem"), in one of uid, title, description, rationale and help text.

    Words of three or more characters go through an FTS5 trigram index (``requirement_fts``, or
    ``requirement_fts_deleted`` for the deleted view), each quoted as an FTS5 string, so nothing
    the user types is FTS5 syntax: ``"``, ``*``, ``(``, ``-``, ``:``, ``^``, ``AND``, ``OR``,
    ``NEAR`` are searched for as text. Control characters count as spaces, invisible format
    characters and lone surrogates are dropped, repeated words and words contained in a longer
    word of the same query are searched once, and only the first `MAX_WORDS` distinct words are
    used.

    Words of one or two characters cannot use trigrams, and they occur in nearly every text, so:

    - When the query also has a longer word, they are left out ("arkiv ø" finds what "arkiv"
      finds): searched for as substrings they would narrow nothing and cost a row read per match.
    - When the query has only short words (what the filter shows after the first keystrokes), the
      first one must begin the uid or the title ("s" finds SIK-001 and "Sletning af data"; "it"
      does not find "Adgang til it-systemer" until a third character is typed), and any further
      short word must occur in the uid or the title. Prefixes are looked up through the uid and
      title indexes, so this stays fast at any size. Case is folded for ASCII and, by trying
      each case of the letter, for letters such as æ/Æ, ø/Ø, å/Å as well.

Facets
    Values within one facet are alternatives (OR), facets combine with AND. Domains also match
    requirements marked "all domains". Flags must all be set. ``deleted`` chooses between live
    and deleted requirements; ``ticked_in`` keeps the requirements ticked in one selection,
    ``unticked_in`` the others (those not ticked in it, whether it has an unticked item for
    them or none).

Order
    By ``uid_order`` (prefix, then uid number: SIK-2 before SIK-10), ties by id. The schema keeps
    ``list_key``, an integer per requirement that sorts the same way (see
    `kravtui.catalogue.schema_list_order`), and keys the full-text indexes by it.

How it stays fast (measured with ``benchmarks/catalogue.py`` at 100,000 requirements)
    Text queries: live and deleted requirements have a full-text index each, with ``list_key``
    as rowid, so the index hands out its matches in list order. A page is read off the front of
    the matches (the index stops after the page: well under a millisecond), and the count is the
    index's own count of its matches, without reading a requirement row. With facets (or a
    selection's ticked items) each match's row is read and checked, in list order, so a page
    still stops early. The count's cost is the trigram matching itself: broad words of a few
    letters cost about 20 ns per match, and long words about 1 us per candidate, since FTS5
    checks the positions of each of their trigrams.

    Short words alone take their candidates (uid and title prefixes) off the uid and title indexes
    with each one's list key and deleted flag (schema v9), so without facets or further words the
    count is theirs and a page is their keys sorted: no row is read but the page's. Otherwise, and
    for facets only or ticked items only, the candidates are collected once per statement into a
    materialised set ``hit``; the page walks the ``uid_order`` index probing ``hit`` when it is
    large (no sort, stops after one page) and sorts ``hit`` when it is small; SQL chooses between
    the two inside the statement from the size of ``hit``. `position_of` likewise walks the index
    up to the target or reads the few candidates. These counts check each candidate's ``deleted``
    flag (about 1 us a row), unless the database has an index that finds deleted requirements, such
    as ``CREATE INDEX requirement_deleted ON requirement (uid_order) WHERE deleted = 1``: then the
    few deleted ones are subtracted without reading any other row. The planner is asked whether
    such an index exists, so no index name is assumed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from kravtui.catalogue import search_pg
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.search_pg import WalkMemo
from kravtui.catalogue.search_query import (
    MAX_WORDS,
    MIN_TRIGRAM_WORD,
    SEARCH_FLAGS,
    SearchQuery,
    split_words,
)
from kravtui.catalogue.search_rules import FACETS, ROW_COLUMNS, TICKED_IN, Sql, selection_condition
from kravtui.catalogue.search_sql import (
    PROBE_COST,
    Plan,
    add_count,
    fast_deleted,
    page_selects,
    plan_query,
    text_count,
    text_page,
    text_position,
    where,
    with_hit,
)
from kravtui.catalogue.search_words import has_word_list, implied_piece
from kravtui.catalogue.vocabulary import FLAGS, IMPORTANCE_ORDER, Importance

__all__ = [
    "MAX_WORDS",
    "MIN_TRIGRAM_WORD",
    "SEARCH_FLAGS",
    "FacetCounts",
    "ListLimits",
    "Row",
    "SearchQuery",
    "SearchResult",
    "WalkMemo",
    "count",
    "facet_counts",
    "fetch_rows",
    "iter_rows",
    "list_limits",
    "position_of",
    "search",
    "split_words",
]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the list view."""

    id: int
    uid: str
    title: str
    category: str  # the category's prefix
    subcategory: str  # the subcategory's name, or ""
    importance: Importance
    deleted: bool
    favourite: bool


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of rows, the total number of matches and where the page starts."""

    rows: tuple[Row, ...]
    total: int
    offset: int


@dataclass(frozen=True, slots=True)
class FacetCounts:
    """Matches per facet value, each facet counted under the text and every *other* facet.

    Every known value is present, with 0 when nothing matches. ``flags`` counts, for each flag,
    the current result's requirements that have it set (all facets applied, since flags combine
    with AND); ``flags["deleted"]`` is the number of *deleted* requirements matching the text and
    every facet, i.e. what switching to the deleted view would show. ``selection`` counts, when
    a selection was named, its ``"ticked"`` and ``"unticked"`` requirements under the text and
    every other facet (the ticked/unticked filter left out), and is empty otherwise.
    """

    categories: dict[str, int]
    subcategories: dict[tuple[str, str], int]
    importances: dict[Importance, int]
    domains: dict[str, int]
    tags: dict[str, int]
    principles: dict[str, int]
    flags: dict[str, int]
    selection: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ListLimits:
    """The longest uid, title and category prefix (in characters) the catalogue holds: widths
    that fit every row of any result, known without reading the result."""

    uid: int
    title: int
    category: int


# --------------------------------------------------------------------------------------------
# Public functions


def search(
    conn: Connection, query: SearchQuery, *, offset: int = 0, limit: int = 50
) -> SearchResult:
    """One page of matches in uid order and the total number of matches, in one statement
    (on PostgreSQL one or two: `search_pg.search`)."""
    offset, limit = max(0, offset), max(0, limit)
    if engine(conn) == "postgresql":
        records, total = search_pg.search(conn, query, offset, limit)
        return SearchResult(_rows(records), total, offset)
    plan = _plan(conn, query)
    sql = _opened(plan)
    # The page before the count: after a count has materialised ``hit``, SQLite's planner may
    # choose to build a Bloom filter of every requirement for the page's join (40 ms at
    # 100,000 for a hit of a few thousand, where the page alone takes 5 ms).
    sql.add(" ")
    _add_page(sql, plan, offset, limit)
    sql.add(" UNION ALL SELECT 0, ")
    _add_count(sql, conn, plan)
    sql.add(", NULL" * (len(ROW_COLUMNS) - 1))
    total = 0
    found: list[tuple[Any, ...]] = []
    for record in conn.execute(sql.text(), sql.params):
        if record[0] == 0:
            total = int(record[1])
        else:
            found.append(tuple(record[1:]))
    return SearchResult(_rows(found), total, offset)


def fetch_rows(
    conn: Connection, query: SearchQuery, offset: int, limit: int, memo: WalkMemo | None = None
) -> tuple[Row, ...]:
    """One page of matches in uid order, without counting them. `memo`, kept by the caller for
    `conn` across the pages it reads, lets a server skip work a previous page showed futile
    (`search_pg.WalkMemo`; SQLite has no use for it)."""
    offset, limit = max(0, offset), max(0, limit)
    if engine(conn) == "postgresql":
        return _rows(search_pg.page(conn, query, offset, limit, memo=memo))
    plan = _plan(conn, query)
    sql = _opened(plan)
    sql.add(" ")
    _add_page(sql, plan, offset, limit)
    return _rows(record[1:] for record in conn.execute(sql.text(), sql.params))


EVERY_ROW = 1 << 31
"""A page size that holds every match (a catalogue has far fewer requirements)."""


def iter_rows(conn: Connection, query: SearchQuery) -> Iterator[Row]:
    """Every match in uid order, read as they are wanted: one statement whose rows come off
    the index in list order (a text query's full-text index, else the ``uid_order`` index or the
    sorted candidates), so the first row is ready at once and no list of all rows is built.
    (On PostgreSQL the rows come sorted by the server.)"""
    if engine(conn) == "postgresql":
        yield from map(_row_of, search_pg.iter_records(conn, query))
        return
    plan = plan_query(query)
    sql = _opened(plan)
    sql.add(" ")
    _add_page(sql, plan, 0, EVERY_ROW)
    cursor = conn.cursor()
    cursor.row_factory = None
    for record in cursor.execute(sql.text(), sql.params):
        yield _row(record)


def matching_uids(conn: Connection, query: SearchQuery) -> list[str]:
    """The uid of every match, in list order (what "everything shown" acts on)."""
    return [row.uid for row in iter_rows(conn, query)]


def list_limits(conn: Connection) -> ListLimits:
    """The catalogue's `ListLimits` (one pass over the requirements' uids and titles)."""
    uid, title = conn.execute(
        "SELECT COALESCE(max(length(uid)), 0), COALESCE(max(length(title)), 0) FROM requirement"
    ).fetchone()
    category = conn.execute("SELECT COALESCE(max(length(prefix)), 0) FROM category").fetchone()[0]
    return ListLimits(int(uid), int(title), int(category))


def count(conn: Connection, query: SearchQuery) -> int:
    """The number of matches."""
    if engine(conn) == "postgresql":
        return search_pg.count(conn, query)
    plan = _plan(conn, query)
    sql = _opened(plan)
    sql.add(" SELECT ")
    _add_count(sql, conn, plan)
    return int(conn.execute(sql.text(), sql.params).fetchone()[0])


def position_of(conn: Connection, query: SearchQuery, uid: str) -> int | None:
    """The index of `uid` in the result order (0 for the first match), None when it is absent."""
    if engine(conn) == "postgresql":
        return search_pg.position(conn, query, uid)
    plan = _plan(conn, query)
    if plan.text is not None:
        sql = Sql()
        text_position(sql, plan, uid)
        found = conn.execute(sql.text(), sql.params).fetchone()
        return None if found is None else int(found[0])
    fast = fast_deleted(conn, plan)
    # "In hit" for a single row or a handful: scan hit rather than build an index of it.
    member = " AND EXISTS (SELECT 1 FROM hit WHERE +hit.id = r.id)" if plan.hit else ""
    sql = Sql()
    with_hit(sql, plan)
    sql.add(", target(id, o) AS MATERIALIZED (SELECT r.id, r.uid_order FROM requirement r")
    sql.add(f" WHERE r.id = (SELECT id FROM requirement WHERE uid = ?){member} AND ", uid)
    where(sql, plan)
    sql.add(") SELECT ")
    # Matches before the target, in two index ranges of uid_order (strictly before, and a tie
    # with a smaller id) so that no entry needs its row read to compute uid_order.
    # Uncorrelated subqueries (evaluated once), not column references of target: a correlated
    # IN (...) would be evaluated again for every row it is tested against.
    earlier = "r.uid_order < (SELECT o FROM target)"
    tied = "r.uid_order = (SELECT o FROM target) AND r.id < (SELECT id FROM target)"
    if plan.hit is not None:
        # Few candidates: read each. Many: walk the index up to the target, probing them.
        sql.add(
            "CASE WHEN (SELECT n <= ? * top FROM stats) THEN (SELECT count(*) FROM hit", PROBE_COST
        )
        sql.add(f" CROSS JOIN requirement r ON r.id = hit.id WHERE (({earlier}) OR ({tied})) AND ")
        where(sql, plan)
        sql.add(") ELSE ")
    if fast:
        # Index entries only: everything before the target, less the deleted ones.
        in_hit = " AND +r.id IN hit" if plan.hit else ""
        everything = (
            f"((SELECT count(*) FROM requirement r WHERE {earlier}{in_hit})"
            f" + (SELECT count(*) FROM requirement r WHERE {tied}{member}))"
        )
        deleted_ids = (
            f"SELECT r.id FROM requirement r WHERE r.deleted = 1 AND {earlier} UNION ALL"
            f" SELECT r.id FROM requirement r WHERE r.deleted = 1 AND {tied}"
        )
        source = "hit WHERE hit.id" if plan.hit else "requirement WHERE id"
        deleted = f"(SELECT count(*) FROM {source} IN ({deleted_ids}))"
        sql.add(deleted if plan.deleted else f"({everything} - {deleted})")
    else:
        probes = (" AND +r.id IN hit", member) if plan.hit else ("", "")
        sql.add("(")
        for index, condition in enumerate((earlier, tied)):
            sql.add(" + " if index else "")
            sql.add(f"(SELECT count(*) FROM requirement r WHERE {condition}{probes[index]} AND ")
            where(sql, plan)
            sql.add(")")
        sql.add(")")
    if plan.hit is not None:
        sql.add(" END")
    sql.add(" FROM target")
    found = conn.execute(sql.text(), sql.params).fetchone()
    return None if found is None else int(found[0])


def facet_counts(conn: Connection, query: SearchQuery, selection: int | None = None) -> FacetCounts:
    """Matches per value of every facet, each under the text and all the other facets; with
    `selection`, its ticked and unticked requirements too (``FacetCounts.selection``)."""
    if engine(conn) == "postgresql":
        return _named_counts(conn, search_pg.facet_totals(conn, query, selection), selection)
    # The ticked/unticked filter is counted as a facet here, never as the candidate source:
    # its own counts need the requirements it leaves out.
    plan = _plan(conn, replace(query, ticked_in=None, unticked_in=None))
    chosen = selection_condition(query)
    if chosen is not None:
        plan.facets["selection"] = chosen
    sql = Sql()
    with_hit(sql, plan)
    sql.add(", base AS MATERIALIZED (SELECT r.id, r.category_id, r.subcategory_id,")
    sql.add(" r.importance, r.all_domains, r.deleted, ")
    sql.add(", ".join(f"r.{flag}" for flag in SEARCH_FLAGS))
    if selection is not None:
        sql.add(f", r.id IN ({TICKED_IN}) AS in_selection", selection)
    for name in FACETS:
        condition = plan.facets.get(name)
        sql.add(
            f", ({condition.sql})" if condition else ", 1", *(condition.params if condition else ())
        )
        sql.add(f" AS ok_{name}")
    sql.add(" FROM ")
    sql.add("hit CROSS JOIN requirement r ON r.id = hit.id" if plan.hit else "requirement r")
    sql.add(" WHERE 1")
    for condition in plan.conditions:
        sql.add(f" AND {condition.sql}", *condition.params)
    sql.add(")")
    live = f"deleted = {int(plan.deleted)}"
    every_facet = " AND ".join(f"ok_{name}" for name in FACETS)
    # All flag counts in one pass; "deleted" counts the other view (see FacetCounts).
    sql.add(
        ", flag_totals AS MATERIALIZED (SELECT "
        + ", ".join(f"total({flag} * ({live})) AS {flag}" for flag in SEARCH_FLAGS)
        + f", total(deleted) AS deleted FROM base WHERE {every_facet})"
    )

    def others(name: str) -> str:
        return " AND ".join([live] + [f"ok_{other}" for other in FACETS if other != name])

    parts = [
        f"SELECT 'category', category_id, count(*) FROM base WHERE {others('categories')}"
        " GROUP BY category_id",
        "SELECT 'subcategory', subcategory_id, count(*) FROM base"
        f" WHERE {others('subcategories')} AND subcategory_id IS NOT NULL GROUP BY subcategory_id",
        f"SELECT 'importance', importance, count(*) FROM base WHERE {others('importances')}"
        " GROUP BY importance",
        # Link tables are scanned whole against a set of the qualifying ids: cheaper than
        # seeking the links of every requirement when many qualify.
        "SELECT 'domain', l.domain_id, count(*) FROM requirement_domain l WHERE l.requirement_id"
        f" IN (SELECT id FROM base WHERE all_domains = 0 AND {others('domains')})"
        " GROUP BY l.domain_id",
        f"SELECT 'all_domains', NULL, count(*) FROM base WHERE all_domains = 1"
        f" AND {others('domains')}",
        "SELECT 'tag', l.tag_id, count(*) FROM requirement_tag l WHERE l.requirement_id"
        f" IN (SELECT id FROM base WHERE {others('tags')}) GROUP BY l.tag_id",
        "SELECT 'principle', l.principle_id, count(*) FROM requirement_principle l"
        f" WHERE l.requirement_id IN (SELECT id FROM base WHERE {others('principles')})"
        " GROUP BY l.principle_id",
        *(f"SELECT 'flag', '{flag}', {flag} FROM flag_totals" for flag in FLAGS),
    ]
    if selection is not None:
        parts.append(
            "SELECT 'selection', in_selection, count(*) FROM base"
            f" WHERE {others('selection')} GROUP BY in_selection"
        )
    sql.add(" " + " UNION ALL ".join(parts))
    by_kind: dict[str, dict[Any, int]] = {}
    for kind, key, number in conn.execute(sql.text(), sql.params):
        by_kind.setdefault(kind, {})[key] = int(number or 0)
    return _named_counts(conn, by_kind, selection)


def _named_counts(
    conn: Connection, by_kind: dict[str, dict[Any, int]], selection: int | None
) -> FacetCounts:
    counts = _facet_counts(conn, by_kind)
    if selection is None:
        return counts
    ticked = by_kind.get("selection", {})
    return replace(counts, selection={"ticked": ticked.get(1, 0), "unticked": ticked.get(0, 0)})


def _plan(conn: Connection, query: SearchQuery) -> Plan:
    """`query` as SQL pieces, its long words shortened through the catalogue's word list."""
    if not has_word_list(conn):
        return plan_query(query)
    return plan_query(query, lambda word: implied_piece(conn, word))


def _opened(plan: Plan) -> Sql:
    """A statement opened with what its count and page need: ``hit``, unless text is searched
    (the full-text index then serves both straight away)."""
    sql = Sql()
    if plan.text is None:
        with_hit(sql, plan)
    return sql


def _add_count(sql: Sql, conn: Connection, plan: Plan) -> None:
    if plan.text is None:
        add_count(sql, plan, fast_deleted(conn, plan))
    else:
        text_count(sql, plan)


def _add_page(sql: Sql, plan: Plan, offset: int, limit: int) -> None:
    if plan.text is None:
        page_selects(sql, plan, offset, limit, part=1)
    else:
        text_page(sql, plan, offset, limit, part=1)


def _rows(records: Iterable[Sequence[Any]]) -> tuple[Row, ...]:
    """Rows from page records (id ... uid_order), in result order."""
    return tuple(map(_row_of, sorted(records, key=lambda record: (record[8], record[0]))))


def _row_of(record: Sequence[Any]) -> Row:
    """A row from a page record (id ... uid_order)."""
    return Row(
        id=record[0],
        uid=record[1],
        title=record[2],
        category=record[3] or "",
        subcategory=record[4],
        importance=Importance(record[5]),
        deleted=bool(record[6]),
        favourite=bool(record[7]),
    )


def _row(record: Sequence[Any]) -> Row:
    """A row from a page record as the statement gives it (part, id ... uid_order)."""
    return Row(
        id=record[1],
        uid=record[2],
        title=record[3],
        category=record[4] or "",
        subcategory=record[5],
        importance=Importance(record[6]),
        deleted=bool(record[7]),
        favourite=bool(record[8]),
    )


def _facet_counts(conn: Connection, by_kind: dict[str, dict[Any, int]]) -> FacetCounts:
    """Name the counted ids; every known value gets a count, 0 when absent."""

    def named(kind: str, table: str) -> dict[str, int]:
        found = by_kind.get(kind, {})
        return {
            name: found.get(key, 0)
            for key, name in conn.execute(f"SELECT id, name FROM {table} ORDER BY position, id")
        }

    found = by_kind.get("category", {})
    categories = {
        prefix: found.get(key, 0)
        for key, prefix in conn.execute("SELECT id, prefix FROM category ORDER BY position, id")
    }
    found = by_kind.get("subcategory", {})
    subcategories = {
        (prefix, name): found.get(key, 0)
        for key, prefix, name in conn.execute(
            "SELECT s.id, c.prefix, s.name FROM subcategory s JOIN category c"
            " ON c.id = s.category_id ORDER BY c.position, c.id, s.position, s.id"
        )
    }
    found = by_kind.get("importance", {})
    importances = {level: found.get(level.value, 0) for level in IMPORTANCE_ORDER}
    all_domains = sum(by_kind.get("all_domains", {}).values())
    domains = {name: n + all_domains for name, n in named("domain", "domain").items()}
    found = by_kind.get("flag", {})
    flags = {flag: found.get(flag, 0) for flag in FLAGS}
    return FacetCounts(
        categories=categories,
        subcategories=subcategories,
        importances=importances,
        domains=domains,
        tags=named("tag", "tag"),
        principles=named("principle", "principle"),
        flags=flags,
    )
