"""What the user asked the search for: the query and its words.

`SearchQuery` is the free text plus the facet filters; `split_words` cleans the text into the
distinct words the search uses (`kravtui.catalogue.search` documents the matching rules). Kept
apart from both the search service and the SQL it builds (`search_sql`), which both read it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from kravtui.catalogue.vocabulary import FLAGS, Importance

MIN_TRIGRAM_WORD = 3
"""Words at least this long are searched through the trigram index."""

MAX_WORDS = 32
"""Distinct words used from one query; more would only slow the search down."""

SEARCH_FLAGS: tuple[str, ...] = tuple(flag for flag in FLAGS if flag != "deleted")
"""The flags a `SearchQuery` may require (``deleted`` has its own field)."""


def split_words(text: str) -> tuple[str, ...]:
    """The distinct words of a query, in order, cleaned as `kravtui.catalogue.search` says."""
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
    unticked_in: int | None = None  # a selection id: only requirements not ticked in it

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
            and self.unticked_in is None
        )
