"""Administering the classifications as a face shows them: one list of entries per kind, and
one call per change (add, add a subcategory, rename, delete, move, usage) that picks the
catalogue's rule for the entry's kind.

An `Entry` is one line of a kind's list: a category, a subcategory under it, a domain, a tag or
a principle. Each change returns the entry as stored afterwards (its name cleaned the way the
catalogue stores it), so a face can keep its cursor on it. A change that cannot be made raises
`CatalogueError` with one line for the user; nothing is changed then.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from kravtui.catalogue import classification_admin as admin
from kravtui.catalogue.classification_admin import InUseError
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.catalogue.records import Classifications

# The kinds a face lists, in the order it shows them; subcategories appear under categories.
KINDS: tuple[str, ...] = ("category", "domain", "tag", "principle")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a list: `prefix` is the category of a category or subcategory."""

    kind: str  # category, subcategory, domain, tag or principle
    name: str
    prefix: str = ""
    extra: str = ""  # description, question or reference


def entries(classifications: Classifications, kind: str) -> list[Entry]:
    """The lines of one kind's list, in display order (subcategories under their category)."""
    if kind == "category":
        rows: list[Entry] = []
        for category in classifications.categories:
            rows.append(Entry("category", category.name, category.prefix, category.description))
            rows.extend(
                Entry("subcategory", sub, category.prefix) for sub in category.subcategories
            )
        return rows
    if kind == "domain":
        return [Entry("domain", d.name) for d in classifications.domains]
    if kind == "tag":
        return [Entry("tag", g.name, extra=g.question) for g in classifications.tags]
    return [Entry("principle", p.name, extra=p.reference) for p in classifications.principles]


def _one_line(change: Callable[[], T]) -> T:
    """Run a change; a database refusal becomes the one-line `CatalogueError` the
    classification screen shows (`unplaced_text`: it works in the open catalogue)."""
    try:
        return change()
    except DB_ERRORS as error:
        raise CatalogueError(unplaced_text(error)) from None


def _cleaned(name: str) -> str:
    return " ".join(name.split())


def usage(conn: Connection, entry: Entry) -> tuple[int, int]:
    """How many requirements and selections use the entry."""
    if entry.kind == "category":
        return _one_line(lambda: admin.category_usage(conn, entry.prefix))
    if entry.kind == "subcategory":
        return _one_line(lambda: admin.category_usage(conn, entry.prefix, entry.name))
    return _one_line(lambda: admin.usage(conn, admin.KINDS[entry.kind], entry.name))


def refuse_if_in_use(conn: Connection, entry: Entry) -> None:
    """`InUseError` (one line, with how many use it) when requirements or selections use the
    entry, so a face refuses before it asks "delete?"; `delete` checks again in its
    transaction."""
    requirements, selections = usage(conn, entry)
    if requirements or selections:
        name = entry.prefix if entry.kind == "category" else entry.name
        raise InUseError(name, requirements, selections)


def add(conn: Connection, kind: str, name: str, extra: str = "", prefix: str = "") -> Entry:
    """Add a category (with `prefix` and `extra` as its description), domain, tag or principle
    (`extra`: the tag's question or the principle's reference)."""
    if kind == "category":
        _one_line(lambda: admin.add_category(conn, prefix, name, extra))
        return Entry("category", _cleaned(name), prefix.strip().upper())
    _one_line(lambda: admin.add_named(conn, admin.KINDS[kind], name, extra))
    return Entry(kind, _cleaned(name))


def add_subcategory(conn: Connection, prefix: str, name: str) -> Entry:
    """Add a subcategory to the category `prefix`."""
    _one_line(lambda: admin.add_subcategory(conn, prefix, name))
    return Entry("subcategory", _cleaned(name), prefix)


def rename(conn: Connection, entry: Entry, name: str, extra: str | None = None) -> Entry:
    """Rename the entry; `extra` (None: unchanged) is a category's description, a tag's
    question or a principle's reference."""
    if entry.kind == "category":
        _one_line(lambda: admin.update_category(conn, entry.prefix, name, extra))
    elif entry.kind == "subcategory":
        _one_line(lambda: admin.rename_subcategory(conn, entry.prefix, entry.name, name))
    else:
        kind = admin.KINDS[entry.kind]
        _one_line(lambda: admin.update_named(conn, kind, entry.name, name, extra))
    return Entry(entry.kind, _cleaned(name), entry.prefix)


def delete(conn: Connection, entry: Entry) -> None:
    """Delete the entry; refused (`InUseError`) while requirements or selections use it."""
    if entry.kind == "category":
        _one_line(lambda: admin.delete_category(conn, entry.prefix))
    elif entry.kind == "subcategory":
        _one_line(lambda: admin.delete_subcategory(conn, entry.prefix, entry.name))
    else:
        _one_line(lambda: admin.delete_named(conn, admin.KINDS[entry.kind], entry.name))


def move(conn: Connection, entry: Entry, offset: int) -> None:
    """Move the entry `offset` places up (negative) or down among its siblings."""
    if entry.kind == "category":
        _one_line(lambda: admin.move_category(conn, entry.prefix, offset))
    elif entry.kind == "subcategory":
        _one_line(lambda: admin.move_subcategory(conn, entry.prefix, entry.name, offset))
    else:
        _one_line(lambda: admin.move_named(conn, admin.KINDS[entry.kind], entry.name, offset))
