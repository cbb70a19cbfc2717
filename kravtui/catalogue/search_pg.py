"""The search's statements on PostgreSQL: SQLite's matching rules over the ``search`` column.

`kravtui.catalogue.search` documents the rules and calls this module for a PostgreSQL catalogue;
the words, facets and selection filters come from `kravtui.catalogue.search_rules`, exactly as
SQLite's statements (`search_sql`) take them, so a query finds the same requirements in the same
order on both engines (`tests/test_search_parity.py`).

Text
    A word of three or more characters matches when ``search LIKE '%' || kravtui_fold(word) ||
    '%'``, with ``\\``, ``%`` and ``_`` escaped first: ``search`` is the searched fields folded
    by ``kravtui_fold`` (FTS5's case folding), kept by the server, and its pg_trgm GIN index
    narrows the candidates while LIKE decides, so the index only changes the speed. Short words
    alone take SQLite's very spellings: the first must begin the uid (compared byte by byte) or
    the title (ASCII letters lowered), as index ranges under the "C" collation; further short
    words must occur in the uid or the title.

Order
    ``ORDER BY uid_order, id`` through the ``(deleted, uid_order, id)`` index; no list key.

Count
    Long words and nothing else are counted off the word list the server keeps
    (`kravtui.catalogue.schema_postgres`, ``kravtui_count_words``): each word's listed words,
    then the requirements whose uid holds the word or whose words overlap its list, through
    one exact index, never LIKE over a requirement's text. Uids are listed apart from the
    words, so a uid fragment (``SIK``, ``log``) is one prefix term rather than thousands of
    words. A word the list cannot answer for (held by more than `MOST_WORDS` listed words, or
    longer than `WORD_EXACT`), several words one of which is in a uid, a stored uid longer
    than ``UID_STARTS``, facets and selections: LIKE.

A page and its count (`search`)
    When the count goes by the conditions and words are searched (several words one of
    which is in a uid, a word with facets), it reads every match's row anyway: one statement
    collects the matches, counts them and sorts the page from them. Otherwise the count
    comes first and picks the page's way.

A page, four ways (the count, when known, picks)
    - nothing but the view (live or deleted): the page's ids off the index;
    - few matches (at most `SORT_MOST`: the count when the caller knows it, else the planner's
      estimate, which pg_trgm's statistics make close): the matches collected and sorted; one
      short word and nothing else collects its candidates off the prefix indexes (which hold
      each requirement's deleted flag and list order), sorted without reading a row but the
      page's and those found by their title (fewer than `PREFIX_WALK_LEAST`);
    - many: the index is walked in list order, testing each entry, for at most as many entries
      as there are matches (`WALK_BUDGET` at least; a quarter of them for a short word's
      candidates, which cost less each to collect); when that does not fill the page, the
      matches are collected and sorted as above, except one long word's: its matches' ids come
      off the word list (the narrow rows the count reads) and the list order's index is probed
      against them in order, reading no requirement row but the page's (`_listed_page`).
      Broad words and a lone first letter fill a page within a few thousand entries; matches
      that sit together late in the list (a category's topic words, ``LOG-1``,
      ``datakryptering``) cost at most twice that, never a walk of the whole list;
    - a walk known to fail, or to need more than half its entries, is skipped: typing narrows
      the query key by key, and a narrower query has no more matches among the entries the
      previous key's walk tested (`WalkMemo`, which the caller keeps per connection). The
      memo only ever picks the way; whichever way is taken, the page is the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.schema_postgres import UID_LONG, WORD_EXACT, title_key
from kravtui.catalogue.search_query import SEARCH_FLAGS, SearchQuery
from kravtui.catalogue.search_rules import (
    FACETS,
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
from kravtui.catalogue.vocabulary import FLAGS

SORT_MOST = 2_000
"""A known count at most this: the page sorts the matches instead of walking the index."""

WALK_BUDGET = 2_000
"""Index entries a page's walk tests at least before it gives up and sorts the matches."""

PREFIX_WALK_LEAST = 10_000
"""A lone short word with at least this many candidates walks the index first, testing at most
a quarter as many entries: its candidates cost little each off the prefix indexes, except
those found by their title, whose rows are read. Measured at 100,000: a first letter's
(10,000-30,000 candidates) took 20-70 ms, where a walk filled the page within 100-3,500
entries (3-26 ms); two letters' (8,000 or fewer) took 10-30 ms, and a walk often failed."""

MOST_WORDS = 200
"""A query word held by more listed words than this is counted with LIKE: an index scan for
many words at once costs more than it saves (200: about 2 ms at 100,000 requirements)."""

ID_KEYS = ("category", "subcategory", "domain", "tag", "principle", "selection")
"""The facet counts whose keys are integers (ids, or 1/0 for ticked/unticked)."""


@dataclass(frozen=True, slots=True)
class PgPlan:
    """A query as PostgreSQL conditions over the requirement alias ``r``: the words', the
    selection filter, the facets', and the view (live or deleted)."""

    words: tuple[Condition, ...]
    selection: Condition | None
    facets: dict[str, Condition]
    deleted: bool
    prefix: str | None = None  # the first short word, when it is the only condition

    def prefix_hit(self) -> Condition | None:
        """When the first short word is all there is: its candidates (id, uid_order) in the
        view, off the prefix indexes alone."""
        return None if self.prefix is None else _prefix_hit(self.prefix, self.deleted)

    def conditions(self) -> tuple[Condition, ...]:
        chosen = () if self.selection is None else (self.selection,)
        return (*self.words, *chosen, *self.facets.values())


def plan(query: SearchQuery) -> PgPlan:
    """`query` as conditions (see the module docstring for the words)."""
    words = query_words(query)
    conditions: list[Condition] = []
    if words.long:
        conditions.extend(
            Condition("r.search LIKE '%' || kravtui_fold(?) || '%'", (like_escaped(word),))
            for word in words.long
        )
    elif words.short:
        conditions.append(_starts(words.short[0]))
        conditions.extend(_contains(word) for word in words.short[1:])
    selection, facets = selection_condition(query), facet_conditions(query)
    alone = len(words.short) == 1 and not words.long and selection is None and not facets
    prefix = words.short[0] if alone else None
    return PgPlan(tuple(conditions), selection, facets, query.deleted, prefix)


def like_escaped(word: str) -> str:
    """`word` as a LIKE pattern that matches it literally (backslash is LIKE's escape)."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _starts(word: str) -> Condition:
    """The uid or the title starts with `word` in any case: index ranges under "C"."""
    uid_ranges, title_ranges = prefix_ranges(word)
    tests: list[str] = []
    params: list[object] = []
    for column, ranges in (
        ('r.uid COLLATE "C"', uid_ranges),
        (f'{title_key("r.title")} COLLATE "C"', title_ranges),
    ):
        for start, end in ranges:
            if end is None:
                tests.append(f"{column} >= ?")
                params.append(start)
            else:
                tests.append(f"({column} >= ? AND {column} < ?)")
                params.extend((start, end))
    return Condition("(" + " OR ".join(tests) + ")", tuple(params))


def _prefix_hit(word: str, deleted: bool) -> Condition:
    """The requirements of the view whose uid or title starts with `word`, as (id, uid_order),
    each once, through index-only scans of the prefix indexes."""
    uid_ranges, title_ranges = prefix_ranges(word)
    selects: list[str] = []
    params: list[object] = []
    for column, ranges in (
        ('uid COLLATE "C"', uid_ranges),
        (f'{title_key("title")} COLLATE "C"', title_ranges),
    ):
        for start, end in ranges:
            bound = f"{column} >= ?" if end is None else f"{column} >= ? AND {column} < ?"
            selects.append(
                f"SELECT id, uid_order FROM requirement WHERE deleted = {int(deleted)} AND {bound}"
            )
            params.extend((start,) if end is None else (start, end))
    return Condition(" UNION ".join(selects), tuple(params))


def _contains(word: str) -> Condition:
    """`word` occurs in the uid or the title, ASCII letters in any case."""
    folded = is_folded(word)
    tests = []
    params: list[object] = []
    for spelling in spellings(word):
        for name in SHORT_FIELDS:
            field = f"kravtui_ascii_lower(r.{name})" if folded else f"r.{name}"
            tests.append(f"strpos({field}, ?) > 0")
            params.append(spelling)
    return Condition("(" + " OR ".join(tests) + ")", tuple(params))


def _where(sql: Sql, chosen: PgPlan) -> None:
    sql.add(f"r.deleted = {int(chosen.deleted)}")
    for condition in chosen.conditions():
        sql.add(f" AND {condition.sql}", *condition.params)


_COLUMNS = ", ".join(ROW_COLUMNS)


def count(conn: Connection, query: SearchQuery) -> int:
    """The number of matches: long words alone off the word list when it can answer (see
    `_word_count`), else by the conditions."""
    chosen = plan(query)
    counted = _word_count(conn, query, chosen)
    return _counted(conn, chosen) if counted is None else counted


def _counted(conn: Connection, chosen: PgPlan) -> int:
    """The number of matches by the conditions (a lone short word's off the prefix indexes)."""
    hit = chosen.prefix_hit()
    if hit is not None:
        sql = Sql([f"SELECT count(*) FROM ({hit.sql}) AS hit"], list(hit.params))
    else:
        sql = Sql(["SELECT count(*) FROM requirement r WHERE "])
        _where(sql, chosen)
    return int(conn.execute(sql.text(), sql.params).fetchone()[0])


def search(
    conn: Connection, query: SearchQuery, offset: int, limit: int
) -> tuple[list[tuple[Any, ...]], int]:
    """One page of records (`ROW_COLUMNS`) and the number of matches. A count by the
    conditions reads every match's row, so when words are searched that way, one statement
    collects the matches, counts them and sorts the page from them (`data log` at 100,000:
    14 ms against 22 for the count and then a walk); otherwise the count first, which chooses
    the page's way."""
    chosen = plan(query)
    counted = _word_count(conn, query, chosen)
    if counted is None and limit > 0 and query_words(query).long:
        sql = Sql(["WITH m AS MATERIALIZED (SELECT r.id, r.uid_order FROM requirement r WHERE "])
        _where(sql, chosen)
        sql.add(f") SELECT 1, {_COLUMNS} FROM (SELECT id FROM m ORDER BY uid_order, id")
        sql.add(" LIMIT ? OFFSET ?) AS p JOIN requirement r ON r.id = p.id", limit, offset)
        sql.add(" UNION ALL SELECT 0, (SELECT count(*) FROM m)" + ", NULL" * (len(ROW_COLUMNS) - 1))
        found = _records(conn, sql)
        total = next(int(record[1]) for record in found if record[0] == 0)
        return [record[1:] for record in found if record[0] == 1], total
    total = _counted(conn, chosen) if counted is None else counted
    return page(conn, query, offset, limit, total), total


def _word_count(conn: Connection, query: SearchQuery, chosen: PgPlan) -> int | None:
    """The count of a query of long words and nothing else, off the word list (the baseline's
    ``kravtui_count_words``: each word's listed words holding it, then the requirements whose
    uid terms begin with it or whose words overlap its list, through one exact index, without
    reading a requirement's text); None when the list does not answer: a word longer than
    `WORD_EXACT` or held by more than `MOST_WORDS` listed words, several words one of which is
    in a uid, or a stored uid too long for its terms."""
    words = query_words(query).long
    if not words or chosen.selection is not None or chosen.facets:
        return None
    if any(len(word) > WORD_EXACT for word in words):
        return None
    found = conn.execute(
        "SELECT kravtui_count_words(?::text[], ?, ?)",
        (list(words), int(chosen.deleted), MOST_WORDS),
    ).fetchone()[0]
    return None if found is None else int(found)


@dataclass(slots=True)
class WalkMemo:
    """What the last walk on one connection showed (the module docstring): its query, where its
    page ended (offset + limit), and `least`, the index entries a walk must test to fill that
    page: the entry of the page's last row when the walk filled it, one more than it tested when
    it did not. A narrower query has no more matches among those entries, so its walk for a page
    that ends no earlier must test at least as many."""

    query: SearchQuery | None = None
    end: int = 0
    least: int = 0

    def futile(self, query: SearchQuery, budget: int, end: int) -> bool:
        """Whether a walk of `budget` entries for `query`'s page ending at `end` must test more
        than half of them: it would cost about a sort even where it did not fail."""
        return (
            self.query is not None
            and end >= self.end
            and 2 * self.least > budget
            and narrower(query, self.query)
        )

    def remember(self, query: SearchQuery, end: int, least: int) -> None:
        """A walk for `query`'s page ending at `end` needed `least` entries (the class)."""
        self.query, self.end, self.least = query, end, least


def narrower(new: SearchQuery, old: SearchQuery) -> bool:
    """Whether every match of `new` is a match of `old`, as far as their words tell (the same
    view, facets and selection filter; each of `old`'s words inside one of `new`'s, a first
    short word at the start of `new`'s). A hint for choosing a page's way: a wrong answer costs
    time, never a wrong page."""
    if replace(new, text="") != replace(old, text=""):
        return False
    before, after = query_words(old), query_words(new)
    if before.long:
        return bool(after.long) and _inside(before.long, after.long)
    if not before.short or after.long or not after.short:
        return False
    first = after.short[0].casefold().startswith(before.short[0].casefold())
    return first and _inside(before.short[1:], after.short[1:])


def _inside(words: tuple[str, ...], within: tuple[str, ...]) -> bool:
    """Whether each of `words` occurs in one of `within`, case aside."""
    return all(any(word.casefold() in other.casefold() for other in within) for word in words)


def page(
    conn: Connection,
    query: SearchQuery,
    offset: int,
    limit: int,
    total: int | None = None,
    memo: WalkMemo | None = None,
) -> list[tuple[Any, ...]]:
    """One page of records (`ROW_COLUMNS`), in list order; `total`, the number of matches when
    it is known, and `memo`, the connection's last failed walk, choose how (see the module
    docstring)."""
    chosen = plan(query)
    if limit <= 0 or (total is not None and offset >= total):
        return []
    if not chosen.conditions():
        sql = Sql([f"SELECT {_COLUMNS} FROM (SELECT id FROM requirement"])
        sql.add(f" WHERE deleted = {int(chosen.deleted)} ORDER BY uid_order, id")
        sql.add(" LIMIT ? OFFSET ?) AS p JOIN requirement r ON r.id = p.id", limit, offset)
        sql.add(" ORDER BY r.uid_order, r.id")
        return _records(conn, sql)
    matches = _estimate(conn, chosen) if total is None else total
    hit = chosen.prefix_hit()
    end = offset + limit
    if hit is None:
        walk, budget = matches > SORT_MOST, max(WALK_BUDGET, matches, 4 * end)
    else:
        walk, budget = matches >= PREFIX_WALK_LEAST, max(WALK_BUDGET, matches // 4, 4 * end)
    if walk and (memo is None or not memo.futile(query, budget, end)):
        found, reached = _walked(conn, chosen, offset, limit, budget)
        if memo is not None:
            memo.remember(query, end, reached if len(found) == limit else budget + 1)
        if len(found) == limit:
            return found
    if walk and _listed_alone(query, chosen):
        listed = _listed_page(conn, query, chosen, offset, limit)
        if listed is not None:
            return listed
    if hit is not None:
        sql = Sql([f"SELECT {_COLUMNS} FROM (SELECT id, uid_order FROM ({hit.sql}) AS hit"])
        sql.params.extend(hit.params)
        sql.add(" ORDER BY uid_order, id LIMIT ? OFFSET ?) AS p", limit, offset)
        sql.add(" JOIN requirement r ON r.id = p.id ORDER BY r.uid_order, r.id")
        return _records(conn, sql)
    sql = Sql(["WITH m AS MATERIALIZED (SELECT r.id, r.uid_order FROM requirement r WHERE "])
    _where(sql, chosen)
    sql.add(f") SELECT {_COLUMNS} FROM (SELECT id FROM m ORDER BY uid_order, id")
    sql.add(" LIMIT ? OFFSET ?) AS p JOIN requirement r ON r.id = p.id", limit, offset)
    sql.add(" ORDER BY r.uid_order, r.id")
    return _records(conn, sql)


def _listed_alone(query: SearchQuery, chosen: PgPlan) -> bool:
    """Whether `query` is one long word and nothing else, which the word list answers for."""
    words = query_words(query)
    return (
        len(words.long) == 1
        and len(words.long[0]) <= WORD_EXACT
        and chosen.selection is None
        and not chosen.facets
    )


_HOLDERS = (
    "(SELECT w.id FROM kravtui_requirement_words w WHERE w.deleted = {deleted} AND (w.uid_terms"
    r" @@ ('''u' || replace(replace(kravtui_fold(?), '\', '\\'), '''', '''''') || ''':*')"
    "::tsquery OR w.words && (SELECT array_agg(k.id) FROM kravtui_word k"
    " WHERE k.word LIKE '%' || kravtui_fold(?) || '%')))"
)
"""The requirements of a view whose uid holds a word (a prefix of one of its uid terms, as
``kravtui_count_words`` builds it) or whose listed words hold it: exactly the word's matches
while no uid is too long for its terms (`UID_LONG`). The word's parameter twice: raw for the
terms, LIKE-escaped for the words."""


def _listed_page(
    conn: Connection, query: SearchQuery, chosen: PgPlan, offset: int, limit: int
) -> list[tuple[Any, ...]] | None:
    """The page of one long word's many matches, off the word list (None: a uid too long for
    its terms is stored, and the list cannot answer): the matches' ids (the narrow list rows,
    about a third of the blocks a sort reads for the same matches) in a hash, probed entry by
    entry along the list order's index without reading a row, until the page is full. At
    100,000: ``datakr`` (7,800 matches, the first 100 among the first 12,000 entries) 12-18 ms
    against the sort's 30-55 ms."""
    (word,) = query_words(query).long
    deleted = int(chosen.deleted)
    holders = _HOLDERS.format(deleted=deleted)
    # "IS TRUE" keeps the IN a hashed subplan, tested entry by entry in list order, rather than
    # a join, whose order the planner does not keep.
    sql = Sql(
        ["SELECT f.lengthy, p.* FROM (SELECT EXISTS (SELECT 1 FROM kravtui_requirement_words"]
    )
    sql.add(f" WHERE uid_terms @@ '{UID_LONG}'::tsquery) AS lengthy) AS f LEFT JOIN (SELECT")
    sql.add(f" {_COLUMNS} FROM (SELECT id FROM requirement WHERE deleted = {deleted}")
    sql.add(f" AND (id IN {holders}) IS TRUE", word, like_escaped(word))
    sql.add(" ORDER BY uid_order, id LIMIT ? OFFSET ?) AS c", limit, offset)
    sql.add(" JOIN requirement r ON r.id = c.id) AS p ON true")
    found = _records(conn, sql)
    if found[0][0]:
        return None
    return [record[1:] for record in found if record[1] is not None]


def _estimate(conn: Connection, chosen: PgPlan) -> int:
    """The planner's estimate of the number of matches (pg_trgm's statistics for the words)."""
    sql = Sql(["EXPLAIN (FORMAT JSON) SELECT 1 FROM requirement r WHERE "])
    _where(sql, chosen)
    found = conn.execute(sql.text(), sql.params).fetchone()[0]
    plan = json.loads(found) if isinstance(found, str) else found
    return int(plan[0]["Plan"]["Plan Rows"])


def _walked(
    conn: Connection, chosen: PgPlan, offset: int, limit: int, budget: int
) -> tuple[list[tuple[Any, ...]], int]:
    """The page found by testing the first `budget` index entries of the view in list order
    (fewer rows than `limit`: the budget ran out first, or the matches did), and the entry its
    last row was found at (1 for the first; 0 for none). The budget is about what sorting the
    matches would cost, so a walk that fails costs at most as much again."""
    # The inner LIMIT keeps the conditions out of the walk: the planner can neither push them
    # into it nor choose another plan for it.
    sql = Sql([f"SELECT {_COLUMNS}, r.kravtui_at FROM (SELECT *, row_number() OVER"])
    sql.add(" (ORDER BY uid_order, id) AS kravtui_at FROM requirement")
    sql.add(f" WHERE deleted = {int(chosen.deleted)} ORDER BY uid_order, id LIMIT ?) AS r", budget)
    sql.add(" WHERE true")
    for condition in chosen.conditions():
        sql.add(f" AND {condition.sql}", *condition.params)
    sql.add(" ORDER BY r.uid_order, r.id LIMIT ? OFFSET ?", limit, offset)
    found = _records(conn, sql)
    return [record[:-1] for record in found], int(found[-1][-1]) if found else 0


def iter_records(conn: Connection, query: SearchQuery) -> Iterator[tuple[Any, ...]]:
    """Every match's record (`ROW_COLUMNS`), in list order."""
    sql = Sql([f"SELECT {_COLUMNS} FROM requirement r WHERE "])
    _where(sql, plan(query))
    sql.add(" ORDER BY r.uid_order, r.id")
    cursor = conn.cursor()
    cursor.row_factory = None
    yield from cursor.execute(sql.text(), sql.params)


def _records(conn: Connection, sql: Sql) -> list[tuple[Any, ...]]:
    cursor = conn.cursor()
    cursor.row_factory = None
    return list(cursor.execute(sql.text(), sql.params))


def position(conn: Connection, query: SearchQuery, uid: str) -> int | None:
    """The index of `uid` in the result order, None when it is not a match: the matches before
    its ``(uid_order, id)``, counted."""
    chosen = plan(query)
    sql = Sql(["WITH t AS MATERIALIZED (SELECT r.uid_order, r.id FROM requirement r"])
    sql.add(" WHERE r.uid = ? AND ", uid)
    _where(sql, chosen)
    sql.add(") SELECT (SELECT count(*) FROM requirement r WHERE ")
    _where(sql, chosen)
    sql.add(" AND (r.uid_order, r.id) < (t.uid_order, t.id)) FROM t")
    found = conn.execute(sql.text(), sql.params).fetchone()
    return None if found is None else int(found[0])


def facet_totals(
    conn: Connection, query: SearchQuery, selection: int | None
) -> dict[str, dict[Any, int]]:
    """The facet counts by kind and key, as `kravtui.catalogue.search.facet_counts` reads
    SQLite's: ids (int) for categories, subcategories, domains, tags, principles; importance
    values; flag names; 1/0 for ticked/unticked in `selection`; None for all-domains."""
    chosen = plan(replace(query, ticked_in=None, unticked_in=None))
    facets = dict(chosen.facets)
    picked = selection_condition(query)
    if picked is not None:
        facets["selection"] = picked
    sql = Sql(["WITH base AS MATERIALIZED (SELECT r.id, r.category_id, r.subcategory_id,"])
    sql.add(" r.importance, r.deleted, ")
    sql.add(", ".join(f"r.{flag}" for flag in SEARCH_FLAGS))  # all_domains among them
    if selection is not None:
        sql.add(f", CASE WHEN r.id IN ({TICKED_IN}) THEN 1 ELSE 0 END AS in_selection", selection)
    for name in FACETS:
        condition = facets.get(name)
        if condition is None:
            sql.add(f", true AS ok_{name}")
        else:
            sql.add(f", ({condition.sql}) AS ok_{name}", *condition.params)
    sql.add(" FROM requirement r WHERE true")
    for condition in chosen.words:
        sql.add(f" AND {condition.sql}", *condition.params)
    sql.add(")")
    live = f"deleted = {int(chosen.deleted)}"
    every_facet = " AND ".join(f"ok_{name}" for name in FACETS)
    sql.add(
        ", flag_totals AS MATERIALIZED (SELECT "
        + ", ".join(
            f"count(*) FILTER (WHERE {flag} = 1 AND {live}) AS {flag}" for flag in SEARCH_FLAGS
        )
        + f", count(*) FILTER (WHERE deleted = 1) AS deleted FROM base WHERE {every_facet})"
    )

    def others(name: str) -> str:
        return " AND ".join([live] + [f"ok_{other}" for other in FACETS if other != name])

    parts = [
        f"SELECT 'category', category_id::text, count(*) FROM base WHERE {others('categories')}"
        " GROUP BY category_id",
        "SELECT 'subcategory', subcategory_id::text, count(*) FROM base"
        f" WHERE {others('subcategories')} AND subcategory_id IS NOT NULL GROUP BY subcategory_id",
        f"SELECT 'importance', importance, count(*) FROM base WHERE {others('importances')}"
        " GROUP BY importance",
        "SELECT 'domain', l.domain_id::text, count(*) FROM requirement_domain l"
        " WHERE l.requirement_id IN (SELECT id FROM base WHERE all_domains = 0 AND"
        f" {others('domains')}) GROUP BY l.domain_id",
        "SELECT 'all_domains', NULL, count(*) FROM base WHERE all_domains = 1"
        f" AND {others('domains')}",
        "SELECT 'tag', l.tag_id::text, count(*) FROM requirement_tag l WHERE l.requirement_id"
        f" IN (SELECT id FROM base WHERE {others('tags')}) GROUP BY l.tag_id",
        "SELECT 'principle', l.principle_id::text, count(*) FROM requirement_principle l"
        f" WHERE l.requirement_id IN (SELECT id FROM base WHERE {others('principles')})"
        " GROUP BY l.principle_id",
        *(f"SELECT 'flag', '{flag}', {flag} FROM flag_totals" for flag in FLAGS),
    ]
    if selection is not None:
        parts.append(
            "SELECT 'selection', in_selection::text, count(*) FROM base"
            f" WHERE {others('selection')} GROUP BY in_selection"
        )
    sql.add(" " + " UNION ALL ".join(parts))
    by_kind: dict[str, dict[Any, int]] = {}
    for kind, key, number in conn.execute(sql.text(), sql.params):
        typed = int(key) if kind in ID_KEYS and key is not None else key
        by_kind.setdefault(kind, {})[typed] = int(number or 0)
    return by_kind
