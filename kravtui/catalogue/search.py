"""Search the catalogue: what the list view calls on every keystroke.

One page of lightweight `Row` records (never ORM objects), the total count, the position of one
requirement in the result, and counts per facet value. Plain `sqlite3`, one SQL statement per call,
so a read-only connection works and a call never sees half of someone else's write.

Text
    The text is split on whitespace into words; a requirement matches when every word occurs,
    case-insensitively and as a substring ("krypt" finds "datakryptering", "ØKONOMI" finds
    "økonomisystem"), in one of uid, title, description, rationale and help text.

    Words of three or more characters go through the FTS5 trigram index ``requirement_fts``, each
    quoted as an FTS5 string, so nothing the user types is FTS5 syntax: ``"``, ``*``, ``(``,
    ``-``, ``:``, ``^``, ``AND``, ``OR``, ``NEAR`` are searched for as text. Control characters
    count as spaces, invisible format characters and lone surrogates are dropped, repeated words
    and words contained in a longer word of the same query are searched once, and only the first
    `MAX_WORDS` distinct words are used.

    Words of one or two characters cannot use trigrams. Two documented exceptions follow:

    - When the query also has a longer word, each short word must occur as a substring of one of
      the five fields of the requirements the longer words found (exact rule, checked row by row).
    - When the query has only short words (what the filter shows after the first keystrokes), the
      first one must begin the uid or the title ("s" finds SIK-001 and "Sletning af data"; "it"
      does not find "Adgang til it-systemer" until a third character is typed), and any further
      short word must occur in the uid or the title. Prefixes are looked up through the uid and
      title indexes, so this stays fast at any size. Case is folded for ASCII and, by trying
      each case of the letter, for letters such as æ/Æ, ø/Ø, å/Å as well.

Facets
    Values within one facet are alternatives (OR), facets combine with AND. Domains also match
    requirements marked "all domains". Flags must all be set. ``deleted`` chooses between live
    and deleted requirements; ``ticked_in`` keeps the requirements ticked in one selection.

Order
    By ``uid_order`` (prefix, then uid number: SIK-2 before SIK-10), ties by id, through the
    ``requirement_uid_order`` index.

How it stays fast (measured with ``benchmarks/search_bench.py`` at 100,000 requirements)
    The trigram matches (or, for short words, the prefix matches, or else the ticked items) are
    collected once per statement into a materialised set ``hit``; the total and the page are both
    computed from it. The page walks the ``uid_order`` index probing ``hit`` when it is large (no
    sort, stops after one page) and sorts ``hit`` when it is small; SQL chooses between the two
    inside the statement from the size of ``hit``. The count checks each candidate's ``deleted``
    flag, unless the database has an index that finds deleted requirements (for instance
    ``CREATE INDEX requirement_deleted ON requirement (uid_order) WHERE deleted = 1``): then the
    few deleted ones are subtracted from the size of ``hit`` without reading any other row. The
    planner is asked whether such an index exists, so no index name is assumed here.
"""

from __future__ import annotations

import itertools
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from kravtui.catalogue.vocabulary import FLAGS, IMPORTANCE_ORDER, Importance

MIN_TRIGRAM_WORD = 3
"""Words at least this long are searched through the trigram index."""

MAX_WORDS = 32
"""Distinct words used from one query; more would only slow the search down."""

SEARCH_FLAGS: tuple[str, ...] = tuple(flag for flag in FLAGS if flag != "deleted")
"""The flags a `SearchQuery` may require (``deleted`` has its own field)."""

_SEARCHABLE = ("uid", "title", "description", "rationale", "help_text")
_SHORT_FIELDS = ("uid", "title")

# Page strategy: sorting the candidates costs about one row read each; walking the uid_order
# index costs about `_PROBE_COST` of a row read per index entry until a page is filled.
_PROBE_COST = 0.05


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What the user asked for: free text plus facet filters (see the module docstring)."""

    text: str = ""
    categories: frozenset[str] = frozenset()  # category prefixes (OR within)
    subcategories: frozenset[tuple[str, str]] = frozenset()  # (prefix, subcategory name)
    importances: frozenset[Importance] = frozenset()  # OR within
    domains: frozenset[str] = frozenset()  # domain names; all-domains requirements match too
    tags: frozenset[str] = frozenset()  # tag names (OR within)
    principles: frozenset[str] = frozenset()  # principle names (OR within)
    flags: frozenset[str] = frozenset()  # names from SEARCH_FLAGS; all must be set (AND)
    deleted: bool = False  # False: only live requirements; True: only deleted ones
    ticked_in: int | None = None  # a selection id: only requirements ticked in it

    def is_empty(self) -> bool:
        """True when nothing narrows the list: no searchable word, no facet, live, no selection."""
        return (
            not split_words(self.text)
            and not self.categories
            and not self.subcategories
            and not self.importances
            and not self.domains
            and not self.tags
            and not self.principles
            and not self.flags
            and not self.deleted
            and self.ticked_in is None
        )


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
    every facet, i.e. what switching to the deleted view would show.
    """

    categories: dict[str, int]
    subcategories: dict[tuple[str, str], int]
    importances: dict[Importance, int]
    domains: dict[str, int]
    tags: dict[str, int]
    principles: dict[str, int]
    flags: dict[str, int]


# --------------------------------------------------------------------------------------------
# Public functions


def search(
    conn: sqlite3.Connection, query: SearchQuery, *, offset: int = 0, limit: int = 50
) -> SearchResult:
    """One page of matches in uid order and the total number of matches, in one statement."""
    offset, limit = max(0, offset), max(0, limit)
    plan = _plan(conn, query)
    sql = _Sql()
    _with_hit(sql, plan)
    sql.add(" SELECT 0, ")
    _add_count(sql, plan, _fast_deleted(conn, plan))
    sql.add(", NULL" * (len(_ROW_COLUMNS) - 1) + " UNION ALL ")
    _page_selects(sql, plan, offset, limit, part=1)
    total = 0
    found: list[tuple[Any, ...]] = []
    for record in conn.execute(sql.text(), sql.params):
        if record[0] == 0:
            total = int(record[1])
        else:
            found.append(tuple(record[1:]))
    return SearchResult(_rows(found), total, offset)


def fetch_rows(
    conn: sqlite3.Connection, query: SearchQuery, offset: int, limit: int
) -> tuple[Row, ...]:
    """One page of matches in uid order, without counting them."""
    offset, limit = max(0, offset), max(0, limit)
    plan = _plan(conn, query)
    sql = _Sql()
    _with_hit(sql, plan)
    _page_selects(sql, plan, offset, limit, part=1)
    return _rows(record[1:] for record in conn.execute(sql.text(), sql.params))


def count(conn: sqlite3.Connection, query: SearchQuery) -> int:
    """The number of matches."""
    plan = _plan(conn, query)
    sql = _Sql()
    _with_hit(sql, plan)
    sql.add(" SELECT ")
    _add_count(sql, plan, _fast_deleted(conn, plan))
    return int(conn.execute(sql.text(), sql.params).fetchone()[0])


def position_of(conn: sqlite3.Connection, query: SearchQuery, uid: str) -> int | None:
    """The index of `uid` in the result order (0 for the first match), None when it is absent."""
    plan = _plan(conn, query)
    fast = _fast_deleted(conn, plan)
    # "In hit" for a single row or a handful: scan hit rather than build an index of it.
    member = " AND EXISTS (SELECT 1 FROM hit WHERE +hit.id = r.id)" if plan.hit else ""
    sql = _Sql()
    _with_hit(sql, plan)
    sql.add(", target(id, o) AS MATERIALIZED (SELECT r.id, r.uid_order FROM requirement r")
    sql.add(f" WHERE r.id = (SELECT id FROM requirement WHERE uid = ?){member} AND ", uid)
    _where(sql, plan)
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
            "CASE WHEN (SELECT n <= ? * top FROM stats) THEN (SELECT count(*) FROM hit", _PROBE_COST
        )
        sql.add(f" CROSS JOIN requirement r ON r.id = hit.id WHERE (({earlier}) OR ({tied})) AND ")
        _where(sql, plan)
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
            _where(sql, plan)
            sql.add(")")
        sql.add(")")
    if plan.hit is not None:
        sql.add(" END")
    sql.add(" FROM target")
    found = conn.execute(sql.text(), sql.params).fetchone()
    return None if found is None else int(found[0])


def facet_counts(conn: sqlite3.Connection, query: SearchQuery) -> FacetCounts:
    """Matches per value of every facet, each under the text and all the other facets."""
    plan = _plan(conn, query)
    sql = _Sql()
    _with_hit(sql, plan)
    sql.add(", base AS MATERIALIZED (SELECT r.id, r.category_id, r.subcategory_id,")
    sql.add(" r.importance, r.all_domains, r.deleted, ")
    sql.add(", ".join(f"r.{flag}" for flag in SEARCH_FLAGS))
    for name in _FACETS:
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
    every_facet = " AND ".join(f"ok_{name}" for name in _FACETS)
    # All flag counts in one pass; "deleted" counts the other view (see FacetCounts).
    sql.add(
        ", flag_totals AS MATERIALIZED (SELECT "
        + ", ".join(f"total({flag} * ({live})) AS {flag}" for flag in SEARCH_FLAGS)
        + f", total(deleted) AS deleted FROM base WHERE {every_facet})"
    )

    def others(name: str) -> str:
        return " AND ".join([live] + [f"ok_{other}" for other in _FACETS if other != name])

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
    sql.add(" " + " UNION ALL ".join(parts))
    by_kind: dict[str, dict[Any, int]] = {}
    for kind, key, number in conn.execute(sql.text(), sql.params):
        by_kind.setdefault(kind, {})[key] = int(number or 0)
    return _facet_counts(conn, by_kind)


def split_words(text: str) -> tuple[str, ...]:
    """The distinct words of a query, in order (see the module docstring for the clean-up)."""
    cleaned = []
    for char in text:
        kind = unicodedata.category(char)
        if kind == "Cc":
            cleaned.append(" ")
        elif kind not in ("Cf", "Cs"):
            cleaned.append(char)
    seen: dict[str, str] = {}
    for word in "".join(cleaned).split():
        seen.setdefault(word.casefold(), word)
    return tuple(seen.values())[:MAX_WORDS]


# --------------------------------------------------------------------------------------------
# SQL building


@dataclass(frozen=True, slots=True)
class _Condition:
    """A boolean SQL expression over the requirement alias ``r``, with its parameters."""

    sql: str
    params: tuple[object, ...] = ()


@dataclass(slots=True)
class _Sql:
    """A statement assembled in order, with its positional parameters."""

    parts: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, text: str, *params: object) -> None:
        self.parts.append(text)
        self.params.extend(params)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True, slots=True)
class _Plan:
    """A query translated to SQL pieces.

    ``hit`` selects candidate ids (unique) that every match is among, or is None (all
    requirements are candidates). ``conditions`` must hold as well (short words, ticked_in when
    it is not the candidate source); ``facets`` are the facet filters by facet name.
    ``clustered`` says the candidates may sit together in uid order (uid prefixes), so the page
    strategy must not count on meeting them early.
    """

    hit: str | None
    hit_params: tuple[object, ...]
    conditions: tuple[_Condition, ...]
    facets: dict[str, _Condition]
    deleted: bool
    clustered: bool = False

    def all_conditions(self) -> Iterator[_Condition]:
        yield from self.conditions
        yield from self.facets.values()


_FACETS = ("categories", "subcategories", "importances", "domains", "tags", "principles", "flags")

_ROW_COLUMNS = (
    "r.id",
    "r.uid",
    "r.title",
    "(SELECT c.prefix FROM category c WHERE c.id = r.category_id)",
    "COALESCE((SELECT s.name FROM subcategory s WHERE s.id = r.subcategory_id), '')",
    "r.importance",
    "r.deleted",
    "r.favourite",
    "r.uid_order",
)


def _plan(conn: sqlite3.Connection, query: SearchQuery) -> _Plan:
    words = split_words(query.text)
    long_words = _drop_contained([w for w in words if len(w) >= MIN_TRIGRAM_WORD])
    short_words = [
        w
        for w in words
        if len(w) < MIN_TRIGRAM_WORD and not any(w.casefold() in x.casefold() for x in long_words)
    ]
    conditions: list[_Condition] = []
    hit: str | None = None
    hit_params: tuple[object, ...] = ()
    clustered = False
    if long_words:
        hit = "SELECT rowid FROM requirement_fts WHERE requirement_fts MATCH ?"
        hit_params = (" ".join(_fts_string(word) for word in long_words),)
        conditions.extend(_contains(word, _SEARCHABLE) for word in short_words)
    elif short_words:
        hit, hit_params = _prefix_hit(short_words[0])
        clustered = True
        conditions.extend(_contains(word, _SHORT_FIELDS) for word in short_words[1:])
    if query.ticked_in is not None:
        ticked = (
            "SELECT requirement_id FROM selection_item WHERE selection_id = ? AND ticked = 1"
            " AND requirement_id IS NOT NULL"
        )
        if hit is None:
            hit, hit_params = ticked, (query.ticked_in,)
        else:
            conditions.append(_Condition(f"r.id IN ({ticked})", (query.ticked_in,)))
    facets = _facet_conditions(query)
    return _Plan(hit, hit_params, tuple(conditions), facets, query.deleted, clustered)


def _facet_conditions(query: SearchQuery) -> dict[str, _Condition]:
    facets: dict[str, _Condition] = {}
    if query.categories:
        values = sorted(query.categories)
        facets["categories"] = _Condition(
            f"r.category_id IN (SELECT id FROM category WHERE prefix IN ({_marks(values)}))",
            tuple(values),
        )
    if query.subcategories:
        pairs = sorted(query.subcategories)
        facets["subcategories"] = _Condition(
            "r.subcategory_id IN (SELECT s.id FROM subcategory s JOIN category c"
            " ON c.id = s.category_id WHERE "
            + " OR ".join("(c.prefix = ? AND s.name = ?)" for _ in pairs)
            + ")",
            tuple(itertools.chain.from_iterable(pairs)),
        )
    if query.importances:
        levels = sorted(Importance(level).value for level in query.importances)
        facets["importances"] = _Condition(f"r.importance IN ({_marks(levels)})", tuple(levels))
    if query.domains:
        names = sorted(query.domains)
        facets["domains"] = _Condition(
            "(r.all_domains = 1 OR r.id IN (SELECT l.requirement_id FROM requirement_domain l"
            f" JOIN domain d ON d.id = l.domain_id WHERE d.name IN ({_marks(names)})))",
            tuple(names),
        )
    for name, link, table in (("tags", "tag", "tag"), ("principles", "principle", "principle")):
        chosen: frozenset[str] = getattr(query, name)
        if chosen:
            names = sorted(chosen)
            facets[name] = _Condition(
                f"r.id IN (SELECT l.requirement_id FROM requirement_{link} l JOIN {table} t"
                f" ON t.id = l.{link}_id WHERE t.name IN ({_marks(names)}))",
                tuple(names),
            )
    if query.flags:
        unknown = sorted(set(query.flags) - set(SEARCH_FLAGS))
        if unknown:
            raise ValueError(
                f"unknown search flag(s) {', '.join(unknown)}; expected one of "
                f"{', '.join(SEARCH_FLAGS)} (use SearchQuery.deleted for deleted requirements)"
            )
        facets["flags"] = _Condition(
            "(" + " AND ".join(f"r.{flag} = 1" for flag in sorted(query.flags)) + ")"
        )
    return facets


def _with_hit(sql: _Sql, plan: _Plan) -> None:
    """Open the statement: ``hit`` (the candidates, empty when there are none) and ``stats``
    (``n`` candidates, ``top`` the highest requirement id, a cheap size of the table)."""
    if plan.hit is None:
        sql.add("WITH hit(id) AS (SELECT NULL WHERE 0)")
    else:
        sql.add(f"WITH hit(id) AS MATERIALIZED ({plan.hit})", *plan.hit_params)
    sql.add(
        ", stats(n, top) AS MATERIALIZED (SELECT count(*),"
        " (SELECT COALESCE(max(id), 0) FROM requirement) FROM hit)"
    )


def _where(sql: _Sql, plan: _Plan) -> None:
    sql.add(f"r.deleted = {int(plan.deleted)}")
    for condition in plan.all_conditions():
        sql.add(f" AND {condition.sql}", *condition.params)


def _add_count(sql: _Sql, plan: _Plan, fast_deleted: bool) -> None:
    """Append a scalar subquery counting the matches."""
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
    _where(sql, plan)
    sql.add(")")


def _page_selects(sql: _Sql, plan: _Plan, offset: int, limit: int, part: int) -> None:
    """Append the SELECT(s) of one page; each row starts with `part`.

    The inner SELECTs choose the page's ids; the row columns (with their subqueries) are
    computed for those ids only, not for every candidate that goes through the sorter.
    """
    head = f"SELECT {part}, " + ", ".join(_ROW_COLUMNS) + " FROM ("
    tail = ") AS page CROSS JOIN requirement r ON r.id = page.id"
    order = " ORDER BY r.uid_order, r.id LIMIT "
    if plan.hit is None:
        sql.add(head + "SELECT r.id FROM requirement r WHERE ")
        _where(sql, plan)
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
    guard = (offset + limit, _PROBE_COST, limit, offset)
    sql.add(head + "SELECT r.id FROM hit CROSS JOIN requirement r ON r.id = hit.id WHERE ")
    _where(sql, plan)
    sql.add(f"{order}(CASE WHEN {small} THEN ? ELSE 0 END) OFFSET ?{tail}", *guard)
    sql.add(" UNION ALL " + head + "SELECT r.id FROM requirement r WHERE +r.id IN hit AND ")
    _where(sql, plan)
    sql.add(f"{order}(CASE WHEN NOT {small} THEN ? ELSE 0 END) OFFSET ?{tail}", *guard)


def _fast_deleted(conn: sqlite3.Connection, plan: _Plan) -> bool:
    """Whether deleted requirements can be found without reading the whole table.

    Only asked when it matters (no other condition); the planner knows the schema.
    """
    if plan.conditions or plan.facets:
        return False
    details = conn.execute(
        "EXPLAIN QUERY PLAN SELECT count(*) FROM requirement WHERE deleted = 1"
    ).fetchall()
    return any("INDEX" in str(detail[-1]) for detail in details)


def _rows(records: Iterable[Sequence[Any]]) -> tuple[Row, ...]:
    """Rows from page records (id ... uid_order), in result order."""
    return tuple(
        Row(
            id=record[0],
            uid=record[1],
            title=record[2],
            category=record[3] or "",
            subcategory=record[4],
            importance=Importance(record[5]),
            deleted=bool(record[6]),
            favourite=bool(record[7]),
        )
        for record in sorted(records, key=lambda record: (record[8], record[0]))
    )


def _facet_counts(conn: sqlite3.Connection, by_kind: dict[str, dict[Any, int]]) -> FacetCounts:
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


# --------------------------------------------------------------------------------------------
# Text


def _drop_contained(words: Sequence[str]) -> list[str]:
    """Drop words that occur inside another word of the query (their match is implied)."""
    folded = [word.casefold() for word in words]
    return [
        word
        for i, word in enumerate(words)
        if not any(
            i != j and folded[i] in other and folded[i] != other for j, other in enumerate(folded)
        )
    ]


def _fts_string(word: str) -> str:
    """The word as an FTS5 string: literal text whatever it contains."""
    return '"' + word.replace('"', '""') + '"'


def _case_variants(char: str) -> list[str]:
    """The single-character spellings of `char` in both cases (several for æ, ø, å ...)."""
    variants = {char, char.lower(), char.upper(), char.casefold()}
    return sorted(variant for variant in variants if len(variant) == 1)


def _spellings(word: str) -> list[str]:
    """The spellings to look for in text passed through SQLite's ``lower()``.

    ``lower()`` folds ASCII letters only, so ASCII letters are given in lower case and every
    other letter in each of its cases ("Øl" gives "øl" and "Øl").
    """
    choices = [[char.lower()] if char.isascii() else _case_variants(char) for char in word]
    return sorted(set(map("".join, itertools.product(*choices))))


def _contains(word: str, fields: Sequence[str]) -> _Condition:
    """`word` occurs in one of `fields`, in any letter case."""
    folded = any(char.isascii() and char.isalpha() for char in word)
    tests = []
    params: list[object] = []
    for spelling in _spellings(word):
        for name in fields:
            tests.append(f"instr(lower(r.{name}), ?)" if folded else f"instr(r.{name}, ?)")
            params.append(spelling)
    return _Condition("(" + " OR ".join(tests) + ")", tuple(params))


def _successor(text: str) -> str | None:
    """The smallest string greater than every string starting with `text` (None: no bound)."""
    code = ord(text[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:
        code = 0xE000
    if code > 0x10FFFF:
        return None
    return text[:-1] + chr(code)


def _prefix_hit(word: str) -> tuple[str, tuple[object, ...]]:
    """Requirements whose uid or title starts with `word`, through the uid and title indexes."""
    selects: list[str] = []
    params: list[object] = []

    def add_range(column: str, start: str) -> None:
        end = _successor(start)
        if end is None:
            selects.append(f"SELECT id FROM requirement WHERE {column} >= ?")
            params.append(start)
        else:
            selects.append(f"SELECT id FROM requirement WHERE {column} >= ? AND {column} < ?")
            params.extend((start, end))

    # uid has a binary index: try every spelling. title has a NOCASE index, which folds ASCII
    # itself: try every spelling of the other letters only.
    for spelling in sorted(set(map("".join, itertools.product(*map(_case_variants, word))))):
        add_range("uid", spelling)
    for spelling in _spellings(word):
        add_range("title COLLATE NOCASE", spelling)
    return " UNION ".join(selects), tuple(params)


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))
