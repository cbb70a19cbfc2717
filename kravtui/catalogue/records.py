"""Plain records of catalogue content, independent of how they are stored.

`RequirementContent` is the portable form of a requirement: classifications by name, no database
ids, no timestamps. It is what history stores per revision, what the TOML format writes and what
import compares. These are frozen dataclasses: cheap to build in bulk, unlike ORM objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from typing import Any

from kravtui.catalogue.vocabulary import Importance


@dataclass(frozen=True, slots=True)
class RequirementContent:
    """Everything a user can edit about one requirement."""

    uid: str
    title: str
    importance: Importance = Importance.NORMAL
    category: str = ""  # the category's prefix
    subcategory: str = ""  # the subcategory's name, or ""
    domains: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    info_requirement: bool = False
    favourite: bool = False
    all_domains: bool = False
    all_tags: bool = False
    relevant_saas: bool = True
    relevant_on_premise: bool = True
    deleted: bool = False
    stakeholders: str = ""
    description: str = ""
    rationale: str = ""
    help_text: str = ""
    notes: str = ""

    def to_json(self) -> str:
        """Stable JSON (sorted keys) for revisions."""
        # Built by hand rather than with `asdict`, which deep-copies: this runs once per
        # revision, 100,000 times in a big import. The keys go in sorted (what sort_keys would
        # give) and the name tuples are written as the JSON arrays lists would be.
        data: dict[str, Any] = {name: getattr(self, name) for name in _SORTED_FIELDS}
        data["importance"] = self.importance.value
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RequirementContent:
        """The inverse of `to_json`; unknown keys (from newer versions) are ignored."""
        return cls.from_mapping(json.loads(text))

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> RequirementContent:
        """Build from a plain mapping such as parsed JSON or TOML."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["importance"] = Importance(values.get("importance", Importance.NORMAL))
        for name in ("domains", "tags", "principles"):
            values[name] = tuple(values.get(name, ()))
        return cls(**values)

    def with_changes(self, **changes: Any) -> RequirementContent:
        """A copy with some fields replaced."""
        return replace(self, **changes)

    def differences(self, other: RequirementContent) -> tuple[str, ...]:
        """Names of the fields whose values differ between the two versions, in field order."""
        return tuple(
            name for name in _CONTENT_FIELDS if getattr(self, name) != getattr(other, name)
        )


CONTENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RequirementContent))


_CONTENT_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RequirementContent))
_SORTED_FIELDS: tuple[str, ...] = tuple(sorted(_CONTENT_FIELDS))


@dataclass(frozen=True, slots=True)
class RequirementMeta:
    """Bookkeeping the catalogue keeps beside the content."""

    id: int
    version: int
    created_at: str
    updated_at: str
    created_by: str
    updated_by: str


@dataclass(frozen=True, slots=True)
class Requirement:
    """A stored requirement: its content and its bookkeeping."""

    content: RequirementContent
    meta: RequirementMeta

    @property
    def uid(self) -> str:
        return self.content.uid


@dataclass(frozen=True, slots=True)
class Category:
    """A category with its ordered subcategories; `prefix` starts its requirements' uids."""

    prefix: str
    name: str
    description: str = ""
    subcategories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Domain:
    """A business area."""

    name: str


@dataclass(frozen=True, slots=True)
class Tag:
    """A classification carrying a yes/no question for the questionnaire."""

    name: str
    question: str = ""


@dataclass(frozen=True, slots=True)
class Principle:
    """An architecture principle with its reference."""

    name: str
    reference: str = ""


@dataclass(frozen=True, slots=True)
class Classifications:
    """Every classification of a catalogue, each kind in display order."""

    categories: tuple[Category, ...] = ()
    domains: tuple[Domain, ...] = ()
    tags: tuple[Tag, ...] = ()
    principles: tuple[Principle, ...] = ()

    def category(self, prefix: str) -> Category | None:
        """The category with this prefix, if any."""
        return next((c for c in self.categories if c.prefix == prefix), None)


@dataclass(frozen=True, slots=True)
class CatalogueContent:
    """A whole catalogue's content: what a catalogue TOML file holds. `sources` gives the
    requirements that came from another system their reference there, by uid, written as
    ``SYSTEM:REFERENCE`` (`kravtui.catalogue.sources`)."""

    classifications: Classifications = field(default_factory=Classifications)
    requirements: tuple[RequirementContent, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
