"""How a `SearchQuery` becomes SQL: words, candidate sets, conditions, page and count pieces.

Internal to `kravtui.catalogue.search`, which documents the matching rules and the strategies;
this module holds the pieces those statements are assembled from. Everything user-typed reaches
SQLite as a bound parameter, never as SQL text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.schema_list_order import TEXT_INDEXES
from kravtui.catalogue.search_query import SearchQuery
from kravtui.catalogue.search_rules import (
    ROW_COLUMNS,
    SHORT_FIELDS,
    TICKED_IN,
    Condition,
    Sql,
    facet_conditions,
    query_words,
    selection_condition,
)
from kravtui.catalogue.search_spellings import is_folded, prefix_ranges, spellings
from kravtui.catalogue.search_words import fts_string

# Page strategy: sorting the candidates costs a row read (and computing uid_order) each, about
# 2 us at 100,000 requirements; walking the uid_order index costs a probe of the candidates per
# index entry until the page is full, about 0.1 us: `PROBE_COST` is their ratio.
PROBE_COST = 0.05


# --------------------------------------------------------------------------------------------
# SQL building


@dataclass(frozen=True, slots=True)
class TextMatch:
    """Words looked up in a full-text index: `table` (live or deleted) and the MATCH string."""

    table: str
    match: str


@dataclass(frozen=True, slots=True)
class Plan:
    """A query translated to SQL pieces.

    ``hit`` selects candidate ids (unique) that every match is among, or is None (all
    requirements are candidates). ``conditions`` must hold as well (short words, ticked_in when
    it is not the candidate source); ``facets`` are the facet filters by facet name.
    ``clustered`` says the candidates may sit together in uid order (uid prefixes), so the page
    strategy must not count on meeting them early. ``text`` is set when the candidates come from
    the full-text index, whose rows are keyed in list order (`text_page`, `text_count`); its
    ``hit`` then holds the matches of both views, for the facet counts. ``keyed`` says ``hit``
    selects (id, list key) pairs instead of ids (`with_hit` names them ``keyed``), so that a
    page can be sorted by the key without reading a candidate's row.
    """

    hit: str | None
    hit_params: tuple[object, ...]
    conditions: tuple[Condition, ...]
    facets: dict[str, Condition]
    deleted: bool
    clustered: bool = False
    text: TextMatch | None = None
    keyed: bool = False

    def all_conditions(self) -> Iterator[Condition]:
        yield from self.conditions
        yield from self.facets.values()

    def filtered(self) -> bool:
        """Whether anything besides the candidate source narrows the result."""
        return bool(self.conditions or self.facets)


def plan_query(query: SearchQuery, shorten: Callable[[str], str] | None = None) -> Plan:
    """Translate `query`: candidates from long words, else short words, else ticked items.

    `shorten` gives, for a long word, the piece of it the full-text index may look for instead
    (one that finds exactly the same requirements: `kravtui.catalogue.search_words`).
    """
    words = query_words(query)
    long_words, short_words = words.long, words.short
    conditions: list[Condition] = []
    hit: str | None = None
    hit_params: tuple[object, ...] = ()
    clustered = keyed = False
    text = None
    if long_words:
        # Short words beside long ones are left out: see `kravtui.catalogue.search`.
        looked_for = [shorten(word) for word in long_words] if shorten else long_words
        text = TextMatch(
            TEXT_INDEXES[query.deleted], " ".join(fts_string(word) for word in looked_for)
        )
        # As a set of ids (the facet counts' source), the matches of both views: the counts
        # include what the other view would show.
        hit = " UNION ALL ".join(
            f"SELECT r.id FROM {_keyed(table)} WHERE {table} MATCH ?" for table in TEXT_INDEXES
        )
        hit_params = tuple(text.match for _ in TEXT_INDEXES)
    elif short_words:
        hit, hit_params = _prefix_hit(short_words[0])
        clustered = keyed = True
        conditions.extend(_contains(word, SHORT_FIELDS) for word in short_words[1:])
    if query.ticked_in is not None and hit is None:
        hit, hit_params = TICKED_IN, (query.ticked_in,)
    else:
        chosen = selection_condition(query)
        if chosen is not None:
            conditions.append(chosen)
    facets = facet_conditions(query)
    return Plan(hit, hit_params, tuple(conditions), facets, query.deleted, clustered, text, keyed)


def with_hit(sql: Sql, plan: Plan) -> None:
    """Open the statement: ``hit`` (the candidates, empty when there are none) and ``stats``
    (``n`` candidates, ``top`` the highest requirement id, a cheap size of the table)."""
    if plan.hit is None:
        sql.add("WITH hit(id) AS (SELECT NULL WHERE 0)")
    elif plan.keyed:
        sql.add(f"WITH keyed(id, k, deleted) AS MATERIALIZED ({plan.hit})", *plan.hit_params)
        sql.add(", hit(id) AS (SELECT id FROM keyed)")
    else:
        sql.add(f"WITH hit(id) AS MATERIALIZED ({plan.hit})", *plan.hit_params)
    sql.add(
        ", stats(n, top) AS MATERIALIZED (SELECT count(*),"
        " (SELECT COALESCE(max(id), 0) FROM requirement) FROM hit)"
    )


def where(sql: Sql, plan: Plan) -> None:
    sql.add(f"r.deleted = {int(plan.deleted)}")
    for condition in plan.all_conditions():
        sql.add(f" AND {condition.sql}", *condition.params)


def add_count(sql: Sql, plan: Plan, fast_deleted: bool) -> None:
    """Append a scalar subquery counting the matches."""
    if plan.keyed and not plan.filtered():
        sql.add(f"(SELECT count(*) FROM keyed WHERE deleted = {int(plan.deleted)})")
        return
    if not plan.conditions and not plan.facets and fast_deleted:
        # Subtract the (few) deleted requirements, found through their index, from the size.
        deleted_ids = "SELECT id FROM requirement WHERE deleted = 1"
        if plan.hit is None:
            live = f"(SELECT count(*) FROM requirement) - (SELECT count(*) FROM ({deleted_ids}))"
            sql.add(f"(SELECT count(*) FROM ({deleted_ids}))" if plan.deleted else f"({live})")
            return
        deleted = f"(SELECT count(*) FROM hit WHERE hit.id IN ({deleted_ids}))"
        sql.add(deleted if plan.deleted else f"((SELECT n FROM stats) - {deleted})")
        return
    source = "hit CROSS JOIN requirement r ON r.id = hit.id" if plan.hit else "requirement r"
    sql.add(f"(SELECT count(*) FROM {source} WHERE ")
    where(sql, plan)
    sql.add(")")


def page_selects(sql: Sql, plan: Plan, offset: int, limit: int, part: int) -> None:
    """Append the SELECT(s) of one page; each row starts with `part`.

    The inner SELECTs choose the page's ids; the row columns (with their subqueries) are
    computed for those ids only, not for every candidate that goes through the sorter.
    """
    head = f"SELECT {part}, " + ", ".join(ROW_COLUMNS) + " FROM ("
    tail = ") AS page CROSS JOIN requirement r ON r.id = page.id"
    order = " ORDER BY r.uid_order, r.id LIMIT "
    if plan.keyed and not plan.filtered():
        # Candidates with their list keys and flags, nothing else to check: sort the keys, read
        # the page's rows only.
        sql.add(head + f"SELECT id FROM keyed WHERE deleted = {int(plan.deleted)}")
        sql.add(" ORDER BY k LIMIT ? OFFSET ?" + tail, limit, offset)
        return
    if plan.hit is None:
        sql.add(head + "SELECT r.id FROM requirement r WHERE ")
        where(sql, plan)
        sql.add(order + "? OFFSET ?" + tail, limit, offset)
        return
    # Sort the candidates when they are few, walk the uid_order index when they are many. Only
    # one of the two SELECTs runs: the other gets LIMIT 0, which skips its loop entirely.
    # Sorting costs n row reads. Walking costs about span * top / n probes when the candidates
    # are spread out, up to top probes (the whole index) when they sit together at the end.
    if plan.clustered:
        small = "(SELECT n <= ? + ? * top FROM stats)"
    else:
        small = "(SELECT n * n <= ? * (? * top + n) FROM stats)"
    guard = (offset + limit, PROBE_COST, limit, offset)
    sql.add(head + "SELECT r.id FROM hit CROSS JOIN requirement r ON r.id = hit.id WHERE ")
    where(sql, plan)
    sql.add(f"{order}(CASE WHEN {small} THEN ? ELSE 0 END) OFFSET ?{tail}", *guard)
    sql.add(" UNION ALL " + head + "SELECT r.id FROM requirement r WHERE +r.id IN hit AND ")
    where(sql, plan)
    sql.add(f"{order}(CASE WHEN NOT {small} THEN ? ELSE 0 END) OFFSET ?{tail}", *guard)


def _keyed(table: str) -> str:
    """`table` joined to its requirements (the index's rowid is the requirement's list key)."""
    return f"{table} CROSS JOIN requirement r ON r.list_key = {table}.rowid"


def text_count(sql: Sql, plan: Plan) -> None:
    """Append a scalar subquery counting the matches of a text query.

    Unfiltered, the index counts its matches alone (the live and deleted requirements have an
    index each); filtered, each match's requirement row is read and checked.
    """
    assert plan.text is not None
    table, match = plan.text.table, plan.text.match
    if not plan.filtered():
        sql.add(f"(SELECT count(*) FROM {table} WHERE {table} MATCH ?)", match)
        return
    sql.add(f"(SELECT count(*) FROM {_keyed(table)} WHERE {table} MATCH ? AND ", match)
    where(sql, plan)
    sql.add(")")


def text_page(sql: Sql, plan: Plan, offset: int, limit: int, part: int) -> None:
    """Append the SELECT of one page of a text query; each row starts with `part`.

    The index returns its matches in list-key order, so the page is read off its front and the
    index stops after the page: no sort, no set of all matches.
    """
    assert plan.text is not None
    table, match = plan.text.table, plan.text.match
    sql.add(f"SELECT {part}, " + ", ".join(ROW_COLUMNS) + " FROM (")
    if plan.filtered():
        sql.add(f"SELECT {table}.rowid AS k FROM {_keyed(table)} WHERE {table} MATCH ? AND ", match)
        where(sql, plan)
    else:
        sql.add(f"SELECT rowid AS k FROM {table} WHERE {table} MATCH ?", match)
    sql.add(f" ORDER BY {table}.rowid LIMIT ? OFFSET ?", limit, offset)
    sql.add(") AS page CROSS JOIN requirement r ON r.list_key = page.k")


def text_position(sql: Sql, plan: Plan, uid: str) -> None:
    """A statement giving the index of `uid` among a text query's matches (no row: absent)."""
    assert plan.text is not None
    table, match = plan.text.table, plan.text.match
    sql.add("WITH target(k) AS MATERIALIZED (SELECT r.list_key FROM requirement r")
    sql.add(" WHERE r.uid = ?", uid)
    sql.add(f" AND EXISTS (SELECT 1 FROM {table} WHERE {table} MATCH ?", match)
    sql.add(f" AND {table}.rowid = r.list_key) AND ")
    where(sql, plan)
    source = _keyed(table) if plan.filtered() else table
    sql.add(f") SELECT (SELECT count(*) FROM {source} WHERE {table} MATCH ?", match)
    sql.add(f" AND {table}.rowid < (SELECT k FROM target)")
    if plan.filtered():
        sql.add(" AND ")
        where(sql, plan)
    sql.add(") FROM target")


def fast_deleted(conn: Connection, plan: Plan) -> bool:
    """Whether deleted requirements can be found without reading the whole table.

    Only asked when it matters (no other condition); the planner knows the schema.
    """
    if plan.conditions or plan.facets:
        return False
    details = conn.execute(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM requirement WHERE deleted = 1"
    ).fetchall()
    return any("INDEX" in str(detail[-1]) for detail in details)


# --------------------------------------------------------------------------------------------
# Text


def _contains(word: str, fields: Sequence[str]) -> Condition:
    """`word` occurs in one of `fields`, in any letter case."""
    folded = is_folded(word)
    tests = []
    params: list[object] = []
    for spelling in spellings(word):
        for name in fields:
            tests.append(f"instr(lower(r.{name}), ?)" if folded else f"instr(r.{name}, ?)")
            params.append(spelling)
    return Condition("(" + " OR ".join(tests) + ")", tuple(params))


def _prefix_hit(word: str) -> tuple[str, tuple[object, ...]]:
    """Requirements whose uid or title starts with `word`, as (id, list key, deleted flag),
    through the uid and title indexes (schema v9's hold the key and the flag, and the title's the
    uid as well, so no row is read). Each requirement comes once: a title match whose uid
    matches as well is left to the uid's range."""
    # uid has a binary index: try every spelling. title has a NOCASE index, which folds ASCII
    # itself: try every spelling of the other letters only.
    uid_ranges, title_ranges = prefix_ranges(word)
    params: list[object] = []

    def in_range(column: str, start: str, end: str | None) -> str:
        params.extend((start,) if end is None else (start, end))
        return f"{column} >= ?" if end is None else f"{column} >= ? AND {column} < ?"

    # Spellings of one length have ranges that never overlap, unless one is open at the top
    # (a word ending in the last character there is): then UNION takes out what is twice.
    disjoint = all(end is not None for _, end in (*uid_ranges, *title_ranges))
    selects = [
        f"SELECT id, list_key, deleted FROM requirement WHERE {in_range('uid', start, end)}"
        for start, end in uid_ranges
    ]
    for start, end in title_ranges:
        title = in_range("title COLLATE NOCASE", start, end)
        if disjoint:
            others = " OR ".join(f"({in_range('uid', s, e)})" for s, e in uid_ranges)
            title += f" AND NOT ({others})"
        selects.append(f"SELECT id, list_key, deleted FROM requirement WHERE {title}")
    return (" UNION ALL " if disjoint else " UNION ").join(selects), tuple(params)
