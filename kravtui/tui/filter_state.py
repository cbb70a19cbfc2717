"""The filters a user has set on the main screen, in the order they were set.

`Esc` takes filters off one by one, newest first, so the state is an ordered list of `Facet`s
plus the filter text. `query()` turns it into the search service's `SearchQuery`; `Facet.label()`
is how the status line and the facet panel name a filter.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from kravtui.catalogue.search import SearchQuery
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t

FacetKind = Literal[
    "text",
    "category",
    "subcategory",
    "importance",
    "domain",
    "tag",
    "principle",
    "flag",
    "ticked",
    "unticked",
]

# "Ticked" and "unticked" in the current selection: one of the two at most. The facet panel and
# the palette name them with an empty value ("the current selection"); the filters hold the
# selection's id.
SELECTION_KINDS: tuple[FacetKind, ...] = ("ticked", "unticked")

# The flags the facet panel offers; "deleted" shows deleted requirements instead of the others.
QUICK_FLAGS: tuple[str, ...] = ("favourite", "all_domains", "info_requirement", "deleted")


_KIND_LABELS: dict[str, str] = {
    "text": "tui.filter.text",
    "category": "field.category",
    "subcategory": "field.subcategory",
    "importance": "field.importance",
    "domain": "field.domains",
    "tag": "field.tags",
    "principle": "field.principles",
    "ticked": "tui.facet.selection",
    "unticked": "tui.facet.selection",
}


@dataclass(frozen=True, slots=True)
class Facet:
    """One active filter. `value` is a prefix, a name, an Importance value or a flag name;
    a subcategory's value is `"PREFIX/name"`; "ticked" and "unticked" hold the selection's id
    (empty in the facet panel: the current selection)."""

    kind: FacetKind
    value: str

    def kind_key(self) -> str:
        """The translation key of this kind of facet's name ("Priority", "Flags", ...)."""
        return _KIND_LABELS.get(self.kind, "tui.field.flags")

    def label(self) -> str:
        """How the user sees this filter, in the current language."""
        if self.kind == "flag":
            return t(f"field.{self.value}")
        if self.kind == "ticked":
            return t("tui.facet.ticked_only")
        if self.kind == "unticked":
            return t("tui.facet.unticked_only")
        value = self.value
        if self.kind == "importance":
            value = t(Importance(self.value).label_key)
        elif self.kind == "subcategory":
            value = value.replace("/", " / ", 1)
        return f"{t(_KIND_LABELS[self.kind])}: {value}"


@dataclass(frozen=True, slots=True)
class FilterState:
    """The filter text and the facets, oldest first."""

    facets: tuple[Facet, ...] = field(default=())

    @property
    def text(self) -> str:
        """The filter bar's text ("" when none)."""
        return next((f.value for f in self.facets if f.kind == "text"), "")

    def with_text(self, text: str) -> FilterState:
        """The same filters with another text; it keeps its place while it stays non-empty."""
        if not text.strip():
            return replace(self, facets=tuple(f for f in self.facets if f.kind != "text"))
        if any(f.kind == "text" for f in self.facets):
            facets = tuple(Facet("text", text) if f.kind == "text" else f for f in self.facets)
            return replace(self, facets=facets)
        return replace(self, facets=(*self.facets, Facet("text", text)))

    def without_text(self) -> FilterState:
        """The same facets with no filter text."""
        return self.with_text("")

    def toggled(self, facet: Facet) -> FilterState:
        """Add the facet, or take it off when it is already set."""
        if facet in self.facets:
            return replace(self, facets=tuple(f for f in self.facets if f != facet))
        return replace(self, facets=(*self.facets, facet))

    def without_newest(self) -> tuple[FilterState, Facet | None]:
        """Take off the newest filter; returns the new state and what was taken off."""
        if not self.facets:
            return self, None
        return replace(self, facets=self.facets[:-1]), self.facets[-1]

    def is_active(self, facet: Facet) -> bool:
        """Whether this facet is set ("ticked" or "unticked" with no value: in any selection)."""
        if facet.kind in SELECTION_KINDS and not facet.value:
            return any(f.kind == facet.kind for f in self.facets)
        return facet in self.facets

    def values(self, kind: FacetKind) -> frozenset[str]:
        """The values of every facet of one kind."""
        return frozenset(f.value for f in self.facets if f.kind == kind)

    def query(self) -> SearchQuery:
        """The search service's query for these filters."""
        flags = self.values("flag")
        subcategories = frozenset(
            (prefix, name)
            for prefix, _, name in (value.partition("/") for value in self.values("subcategory"))
        )
        return SearchQuery(
            text=self.text,
            categories=self.values("category"),
            subcategories=subcategories,
            importances=frozenset(Importance(v) for v in self.values("importance")),
            domains=self.values("domain"),
            tags=self.values("tag"),
            principles=self.values("principle"),
            flags=flags - {"deleted"},
            deleted="deleted" in flags,
            ticked_in=next((int(v) for v in self.values("ticked") if v.isdigit()), None),
            unticked_in=next((int(v) for v in self.values("unticked") if v.isdigit()), None),
        )
