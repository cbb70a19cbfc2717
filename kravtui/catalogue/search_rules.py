"""The search's rules as SQL pieces both engines share: which words search how, the facet filters
and the "ticked in a selection" filter (a short word's spellings: `search_spellings`).

`kravtui.catalogue.search` documents the rules; `search_sql` (SQLite) and `search_pg`
(PostgreSQL) build their statements from these pieces, so a query means the same on both.
Everything user-typed reaches the engine as a bound parameter, never as SQL text; the facet
conditions are portable SQL over the requirement alias ``r``. A facet value no stored name can
hold (a NUL, which PostgreSQL's text cannot hold, or a lone surrogate, which neither engine can
be sent) is sent as NULL, which equals nothing: it names nothing on both engines, as any other
unknown name does.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from kravtui.catalogue.search_query import (
    MIN_TRIGRAM_WORD,
    SEARCH_FLAGS,
    SearchQuery,
    split_words,
)
from kravtui.catalogue.vocabulary import Importance


@dataclass(frozen=True, slots=True)
class Condition:
    """A boolean SQL expression over the requirement alias ``r``, with its parameters."""

    sql: str
    params: tuple[object, ...] = ()


@dataclass(slots=True)
class Sql:
    """A statement assembled in order, with its positional parameters."""

    parts: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, text: str, *params: object) -> None:
        self.parts.append(text)
        self.params.extend(params)

    def text(self) -> str:
        return "".join(self.parts)


FACETS = (
    "categories",
    "subcategories",
    "importances",
    "domains",
    "tags",
    "principles",
    "flags",
    "selection",  # only in the facet counts; searches take ticked_in / unticked_in otherwise
)

TICKED_IN = (
    "SELECT requirement_id FROM selection_item WHERE selection_id = ? AND ticked = 1"
    " AND requirement_id IS NOT NULL"
)
"""The ids of the requirements ticked in one selection (its id the one parameter)."""

ROW_COLUMNS = (
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
"""What a page reads of each requirement (`kravtui.catalogue.search.Row`, then its order key)."""

SHORT_FIELDS = ("uid", "title")
"""Where short words are looked for."""


@dataclass(frozen=True, slots=True)
class Words:
    """A query's words as the search uses them: the long words (each searched for as a
    substring of the searched text) and the short words (used only when there is no long one)."""

    long: tuple[str, ...]
    short: tuple[str, ...]


def query_words(query: SearchQuery) -> Words:
    """The words of `query`: long words not contained in another long word; short words not
    contained in a long word (see `kravtui.catalogue.search`)."""
    words = split_words(query.text)
    long_words = drop_contained([w for w in words if len(w) >= MIN_TRIGRAM_WORD])
    short_words = [
        w
        for w in words
        if len(w) < MIN_TRIGRAM_WORD and not any(w.casefold() in x.casefold() for x in long_words)
    ]
    return Words(tuple(long_words), tuple(short_words))


def drop_contained(words: Sequence[str]) -> list[str]:
    """Drop words that occur inside another word of the query (their match is implied)."""
    folded = [word.casefold() for word in words]
    return [
        word
        for i, word in enumerate(words)
        if not any(
            i != j and folded[i] in other and folded[i] != other for j, other in enumerate(folded)
        )
    ]


def selection_condition(query: SearchQuery) -> Condition | None:
    """The query's "ticked in" or "not ticked in" a selection, as a condition (None: neither)."""
    if query.ticked_in is not None:
        return Condition(f"r.id IN ({TICKED_IN})", (query.ticked_in,))
    if query.unticked_in is not None:
        return Condition(f"r.id NOT IN ({TICKED_IN})", (query.unticked_in,))
    return None


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""What no stored name holds and not every engine can be sent (see the module)."""


def name_parameter(name: str) -> str | None:
    """`name` as a parameter, or None (equal to nothing) when no stored name can hold it."""
    return None if _UNSTORABLE.search(name) else name


def facet_conditions(query: SearchQuery) -> dict[str, Condition]:
    """The query's facet filters by facet name (see `FACETS`), as portable conditions."""
    facets: dict[str, Condition] = {}
    if query.categories:
        values = sorted(query.categories)
        facets["categories"] = Condition(
            f"r.category_id IN (SELECT id FROM category WHERE prefix IN ({marks(values)}))",
            tuple(map(name_parameter, values)),
        )
    if query.subcategories:
        pairs = sorted(query.subcategories)
        facets["subcategories"] = Condition(
            "r.subcategory_id IN (SELECT s.id FROM subcategory s JOIN category c"
            " ON c.id = s.category_id WHERE "
            + " OR ".join("(c.prefix = ? AND s.name = ?)" for _ in pairs)
            + ")",
            tuple(map(name_parameter, itertools.chain.from_iterable(pairs))),
        )
    if query.importances:
        levels = sorted(Importance(level).value for level in query.importances)
        facets["importances"] = Condition(f"r.importance IN ({marks(levels)})", tuple(levels))
    if query.domains:
        names = sorted(query.domains)
        facets["domains"] = Condition(
            "(r.all_domains = 1 OR r.id IN (SELECT l.requirement_id FROM requirement_domain l"
            f" JOIN domain d ON d.id = l.domain_id WHERE d.name IN ({marks(names)})))",
            tuple(map(name_parameter, names)),
        )
    for name, link, table in (("tags", "tag", "tag"), ("principles", "principle", "principle")):
        chosen: frozenset[str] = getattr(query, name)
        if chosen:
            names = sorted(chosen)
            facets[name] = Condition(
                f"r.id IN (SELECT l.requirement_id FROM requirement_{link} l JOIN {table} t"
                f" ON t.id = l.{link}_id WHERE t.name IN ({marks(names)}))",
                tuple(map(name_parameter, names)),
            )
    if query.flags:
        unknown = sorted(set(query.flags) - set(SEARCH_FLAGS))
        if unknown:
            raise ValueError(
                f"unknown search flag(s) {', '.join(unknown)}; expected one of "
                f"{', '.join(SEARCH_FLAGS)} (use SearchQuery.deleted for deleted requirements)"
            )
        facets["flags"] = Condition(
            "(" + " AND ".join(f"r.{flag} = 1" for flag in sorted(query.flags)) + ")"
        )
    return facets


def marks(values: Sequence[object]) -> str:
    """One ``?`` per value, comma-separated."""
    return ", ".join("?" * len(values))
