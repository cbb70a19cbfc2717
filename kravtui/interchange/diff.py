"""Semantic differences between two files of the same kind, as a plain record.

`diff_contents(old, new)` compares two `CatalogueContent`s or two `SelectionContent`s and
returns a `Diff`: a list of `Change`s, each an added, removed, changed or reordered thing in one
*section*, with the fields that differ (`FieldDiff`, values as the file writes them). Nothing here
prints; `diff_render` turns a `Diff` into text, Rich output or JSON.

Sections, in the order changes are listed: for a catalogue the classifications (`category`,
`domain`, `tag`, `principle`) then `requirement`; for a selection its metadata (`selection`),
questionnaire answers (`answer`) and then `item`; for an answers file (`answers_diff`) the
`selection`, then per vendor `vendor` and its `vendor_answer`s. Requirements and items are
keyed by uid and listed in uid order; classifications in the new file's order, removed ones
after. A change in the order of classifications is one `MOVED` change with the `order` before
and after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from kravtui.catalogue.records import CatalogueContent, Classifications, RequirementContent
from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.interchange.catalogue_checks import REQUIREMENT_SPEC, SOURCE
from kravtui.interchange.selection_checks import ITEM_FIELDS, META_FIELDS
from kravtui.selection.transfer import ItemContent, SelectionContent

Value = str | bool | int | tuple[str, ...]
Fields = dict[str, Value]
T = TypeVar("T")

REQUIREMENT_FIELDS: tuple[str, ...] = tuple(REQUIREMENT_SPEC)
CATALOGUE_SECTIONS = ("category", "domain", "tag", "principle", "requirement")
SELECTION_SECTIONS = ("selection", "answer", "item")
ANSWERS_SECTIONS = ("vendor", "vendor_answer")  # after "selection", which they share
SECTIONS: tuple[str, ...] = (
    SELECTION_SECTIONS[:2] + CATALOGUE_SECTIONS + SELECTION_SECTIONS[2:] + ANSWERS_SECTIONS
)


class ChangeStatus(StrEnum):
    """What happened to one thing."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    MOVED = "moved"  # the order of a kind of classification changed


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One field: its value before and after (None where the thing does not exist)."""

    name: str
    before: Value | None
    after: Value | None


@dataclass(frozen=True, slots=True)
class Change:
    """One added, removed, changed or moved thing; `title` names it for people, `vendor` the
    vendor whose answer it is (answers files only)."""

    section: str
    key: str
    status: ChangeStatus
    title: str = ""
    fields: tuple[FieldDiff, ...] = ()
    vendor: str = ""


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything that differs between two files of one kind."""

    kind: str
    changes: tuple[Change, ...] = ()

    @property
    def equal(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        """Per section (in listing order) with changes: added, removed and changed counts."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            status = "changed" if change.status is ChangeStatus.MOVED else change.status.value
            section = counts.setdefault(change.section, {"added": 0, "removed": 0, "changed": 0})
            section[status] += 1
        return {name: counts[name] for name in SECTIONS if name in counts}


# One thing of a section: its title and its fields in file order.
Entry = tuple[str, Fields]


def requirement_fields(requirement: RequirementContent, source: str = "") -> Fields:
    """A requirement's fields as the catalogue file writes them (uid is the key), its source
    last where it has one."""
    values: Fields = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS}
    values["importance"] = requirement.importance.value
    if source:
        values[SOURCE] = source
    return values


def item_fields(item: ItemContent) -> Fields:
    """An item's fields as the selection file writes them (uid is the key)."""
    snapshot = item.snapshot
    values: Fields = {}
    for name in ITEM_FIELDS:
        if name == "importance":
            values[name] = snapshot.importance.value
        elif name == "free_text":
            values[name] = item.is_free_text
        elif name == "catalogue_version":
            values[name] = item.catalogue_version or 0
        elif name in ("ticked", "edited", "why"):
            values[name] = getattr(item, name)
        else:
            values[name] = getattr(snapshot, name)
    return values


def classification_entries(classifications: Classifications) -> dict[str, dict[str, Entry]]:
    """Each kind of classification by key, in display order."""
    return {
        "category": {
            c.prefix: (
                c.name,
                {"name": c.name, "description": c.description, "subcategories": c.subcategories},
            )
            for c in classifications.categories
        },
        "domain": {d.name: (d.name, {}) for d in classifications.domains},
        "tag": {g.name: (g.name, {"question": g.question}) for g in classifications.tags},
        "principle": {
            p.name: (p.name, {"reference": p.reference}) for p in classifications.principles
        },
    }


def selection_entries(content: SelectionContent | None) -> dict[str, dict[str, Entry]]:
    """The metadata (one entry, key "") and the answers by tag; nothing for no file."""
    if content is None:
        return {"selection": {}, "answer": {}}
    info = content.info
    meta: Fields = {name: getattr(info, name) for name in META_FIELDS if name != "status"}
    meta["status"] = content.status.value
    return {
        "selection": {"": (info.title, meta)},
        "answer": {tag: (tag, {"answer": answer.value}) for tag, answer in content.answers.items()},
    }


def _field_diffs(before: Fields, after: Fields) -> tuple[FieldDiff, ...]:
    names = list(after) + [name for name in before if name not in after]
    return tuple(
        FieldDiff(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    )


def _shown(values: Fields) -> Fields:
    """The fields worth listing for an added or removed thing: all but empty texts and lists."""
    return {name: value for name, value in values.items() if value != "" and value != ()}


def compare_entries(
    section: str, old: Mapping[str, Entry], new: Mapping[str, Entry]
) -> list[Change]:
    """Added, removed and changed entries of one section, in the new order, removed ones last."""
    changes: list[Change] = []
    for key, (title, after) in new.items():
        found = old.get(key)
        if found is None:
            fields = tuple(FieldDiff(n, None, v) for n, v in _shown(after).items())
            changes.append(Change(section, key, ChangeStatus.ADDED, title, fields))
        elif found[1] != after:
            diffs = _field_diffs(found[1], after)
            changes.append(Change(section, key, ChangeStatus.CHANGED, title, diffs))
    for key, (title, before) in old.items():
        if key not in new:
            fields = tuple(FieldDiff(n, v, None) for n, v in _shown(before).items())
            changes.append(Change(section, key, ChangeStatus.REMOVED, title, fields))
    return changes


def compare_order(section: str, old: Iterable[str], new: Iterable[str]) -> list[Change]:
    """One MOVED change when the keys both sides have are in a different order."""
    before, after = list(old), list(new)
    common = set(before) & set(after)
    kept_before = tuple(key for key in before if key in common)
    kept_after = tuple(key for key in after if key in common)
    if kept_before == kept_after:
        return []
    order = FieldDiff("order", kept_before, kept_after)
    return [Change(section, "", ChangeStatus.MOVED, "", (order,))]


def _compare_keyed(
    section: str, old: Mapping[str, T], new: Mapping[str, T], entry: Callable[[T], Entry]
) -> list[Change]:
    """Changes among uid-keyed things, building fields only for those that differ."""
    changes: list[Change] = []
    for uid in sorted(old.keys() | new.keys(), key=uid_sort_key):
        before, after = old.get(uid), new.get(uid)
        if before == after:
            continue
        old_side = {} if before is None else {uid: entry(before)}
        new_side = {} if after is None else {uid: entry(after)}
        changes.extend(compare_entries(section, old_side, new_side))
    return changes


Sourced = tuple[RequirementContent, str]
"""A requirement and its source ("" for none)."""


def _requirement_entry(sourced: Sourced) -> Entry:
    requirement, source = sourced
    return requirement.title, requirement_fields(requirement, source)


def _item_entry(item: ItemContent) -> Entry:
    return item.snapshot.title, item_fields(item)


def diff_classifications(old: Classifications, new: Classifications) -> list[Change]:
    """The changes of every kind of classification, in listing order."""
    changes: list[Change] = []
    before, after = classification_entries(old), classification_entries(new)
    for section in CATALOGUE_SECTIONS[:-1]:
        changes.extend(compare_order(section, before[section], after[section]))
        changes.extend(compare_entries(section, before[section], after[section]))
    return changes


def diff_requirements(
    old: Mapping[str, RequirementContent],
    new: Mapping[str, RequirementContent],
    old_sources: Mapping[str, str] | None = None,
    new_sources: Mapping[str, str] | None = None,
) -> list[Change]:
    """Added, removed and changed requirements (by uid, in uid order), their sources (by uid)
    compared as a field; requirements left out of both mappings count as unchanged."""
    before = {uid: (r, (old_sources or {}).get(uid, "")) for uid, r in old.items()}
    after = {uid: (r, (new_sources or {}).get(uid, "")) for uid, r in new.items()}
    return _compare_keyed("requirement", before, after, _requirement_entry)


def diff_catalogues(old: CatalogueContent, new: CatalogueContent) -> Diff:
    """Classification and requirement changes between two catalogue files."""
    changes = diff_classifications(old.classifications, new.classifications)
    old_requirements = {r.uid: r for r in old.requirements}
    new_requirements = {r.uid: r for r in new.requirements}
    changes.extend(diff_requirements(old_requirements, new_requirements, old.sources, new.sources))
    return Diff("catalogue", tuple(changes))


def diff_selections(old: SelectionContent | None, new: SelectionContent | None) -> Diff:
    """Metadata, answer and item changes between two selection files (None: no file)."""
    changes: list[Change] = []
    before, after = selection_entries(old), selection_entries(new)
    for section in SELECTION_SECTIONS[:-1]:
        changes.extend(compare_entries(section, before[section], after[section]))
    old_items = {item.uid: item for item in old.items} if old else {}
    new_items = {item.uid: item for item in new.items} if new else {}
    changes.extend(_compare_keyed("item", old_items, new_items, _item_entry))
    return Diff("selection", tuple(changes))


Content = CatalogueContent | SelectionContent


def diff_contents(old: Content | None, new: Content | None) -> Diff:
    """The differences between two contents of one kind; None stands for a file that does not
    exist (added or deleted in git). `TypeError` when the kinds differ or both are None."""
    if isinstance(old, CatalogueContent | None) and isinstance(new, CatalogueContent | None):
        if old is None and new is None:
            raise TypeError("nothing to compare")
        return diff_catalogues(old or CatalogueContent(), new or CatalogueContent())
    if isinstance(old, SelectionContent | None) and isinstance(new, SelectionContent | None):
        return diff_selections(old, new)
    raise TypeError("both files must be of the same kind")
