"""Reading and merging the catalogue's classifications.

Categories (with subcategories), domains, tags and principles are kept in display order by a
`position` column. Merging a set of classifications (from an import) adds what is missing,
updates descriptions, questions and references, and puts the merged items in the given order
ahead of any the catalogue has beyond them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from kravtui.catalogue.records import Category, Classifications, Domain, Principle, Tag


@dataclass(frozen=True, slots=True)
class ClassificationIds:
    """Database ids of classifications by their names, for writing requirements."""

    categories: dict[str, int]
    subcategories: dict[tuple[str, str], int]
    domains: dict[str, int]
    tags: dict[str, int]
    principles: dict[str, int]


def load_classifications(conn: sqlite3.Connection) -> Classifications:
    """Every classification in display order."""
    subcategories: dict[int, list[str]] = {}
    for row in conn.execute("SELECT category_id, name FROM subcategory ORDER BY position, id"):
        subcategories.setdefault(row[0], []).append(row[1])
    categories = tuple(
        Category(row[1], row[2], row[3], tuple(subcategories.get(row[0], ())))
        for row in conn.execute(
            "SELECT id, prefix, name, description FROM category ORDER BY position, id"
        )
    )
    domains = tuple(
        Domain(row[0]) for row in conn.execute("SELECT name FROM domain ORDER BY position, id")
    )
    tags = tuple(
        Tag(row[0], row[1])
        for row in conn.execute("SELECT name, question FROM tag ORDER BY position, id")
    )
    principles = tuple(
        Principle(row[0], row[1])
        for row in conn.execute("SELECT name, reference FROM principle ORDER BY position, id")
    )
    return Classifications(categories, domains, tags, principles)


def classification_ids(conn: sqlite3.Connection) -> ClassificationIds:
    """Ids of every classification, each mapping in display order."""
    categories = {
        row[0]: row[1]
        for row in conn.execute("SELECT prefix, id FROM category ORDER BY position, id")
    }
    subcategories = {
        (row[0], row[1]): row[2]
        for row in conn.execute(
            """SELECT c.prefix, s.name, s.id FROM subcategory s
               JOIN category c ON c.id = s.category_id ORDER BY c.position, s.position, s.id"""
        )
    }

    def by_name(table: str) -> dict[str, int]:
        query = f"SELECT name, id FROM {table} ORDER BY position, id"
        return {row[0]: row[1] for row in conn.execute(query)}

    return ClassificationIds(
        categories, subcategories, by_name("domain"), by_name("tag"), by_name("principle")
    )


def merge_classifications(conn: sqlite3.Connection, incoming: Classifications) -> None:
    """Add or update every classification in `incoming`, in its order (inside a transaction)."""
    existing = classification_ids(conn)
    offset = len(incoming.categories)
    _shift_positions(conn, "category", offset)
    for position, category in enumerate(incoming.categories):
        category_id = existing.categories.get(category.prefix)
        if category_id is None:
            category_id = conn.execute(
                "INSERT INTO category (prefix, name, description, position) VALUES (?, ?, ?, ?)"
                " RETURNING id",
                (category.prefix, category.name, category.description, position),
            ).fetchone()[0]
        else:
            conn.execute(
                "UPDATE category SET name = ?, description = ?, position = ? WHERE id = ?",
                (category.name, category.description, position, category_id),
            )
        assert category_id is not None
        _merge_subcategories(conn, category_id, category.subcategories)
    _merge_named(conn, "domain", None, [(d.name, None) for d in incoming.domains])
    _merge_named(conn, "tag", "question", [(t.name, t.question) for t in incoming.tags])
    _merge_named(
        conn, "principle", "reference", [(p.name, p.reference) for p in incoming.principles]
    )


def _shift_positions(conn: sqlite3.Connection, table: str, offset: int) -> None:
    """Move existing rows behind the `offset` positions that incoming rows will take."""
    conn.execute(f"UPDATE {table} SET position = position + ?", (offset,))


def _merge_subcategories(
    conn: sqlite3.Connection, category_id: int, names: tuple[str, ...]
) -> None:
    _shift_positions_where(conn, category_id, len(names))
    for position, name in enumerate(names):
        updated = conn.execute(
            "UPDATE subcategory SET position = ? WHERE category_id = ? AND name = ?",
            (position, category_id, name),
        ).rowcount
        if not updated:
            conn.execute(
                "INSERT INTO subcategory (category_id, name, position) VALUES (?, ?, ?)",
                (category_id, name, position),
            )


def _shift_positions_where(conn: sqlite3.Connection, category_id: int, offset: int) -> None:
    conn.execute(
        "UPDATE subcategory SET position = position + ? WHERE category_id = ?",
        (offset, category_id),
    )


def _merge_named(
    conn: sqlite3.Connection,
    table: str,
    extra: str | None,
    items: list[tuple[str, str | None]],
) -> None:
    """Merge name-keyed rows of `table`, with an optional second text column `extra`."""
    _shift_positions(conn, table, len(items))
    for position, (name, value) in enumerate(items):
        if extra is None:
            conn.execute(
                f"INSERT INTO {table} (name, position) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                (name, position),
            )
        else:
            conn.execute(
                f"INSERT INTO {table} (name, {extra}, position) VALUES (?, ?, ?) "
                f"ON CONFLICT (name) DO UPDATE SET {extra} = excluded.{extra}, "
                "position = excluded.position",
                (name, value, position),
            )


def append_categories(conn: sqlite3.Connection, categories: Iterable[Category]) -> None:
    """Add new categories after every category the catalogue has (inside a transaction)."""
    (position,) = conn.execute("SELECT COALESCE(max(position), -1) + 1 FROM category").fetchone()
    for offset, category in enumerate(categories):
        conn.execute(
            "INSERT INTO category (prefix, name, description, position) VALUES (?, ?, ?, ?)",
            (category.prefix, category.name, category.description, position + offset),
        )
