"""Managing classifications: add, rename, reorder and delete categories, subcategories,
domains, tags and principles.

Requirements refer to classifications by id, so a rename shows everywhere at once. Deleting one
that is in use is refused with the number of requirements and selections that use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kravtui.catalogue.db import CatalogueError, transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.text_rules import check_key, check_texts
from kravtui.catalogue.vocabulary import PREFIX_PATTERN
from kravtui.i18n import t, t_count


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of name-keyed classification and where it is used."""

    table: str
    extra: str | None  # a second text column: tag question, principle reference
    requirement_link: str
    link_column: str
    selection_links: tuple[tuple[str, str], ...]  # (table, column) in selections


DOMAIN = Kind(
    "domain", None, "requirement_domain", "domain_id", (("selection_domain", "domain_id"),)
)
TAG = Kind("tag", "question", "requirement_tag", "tag_id", (("selection_answer", "tag_id"),))
PRINCIPLE = Kind("principle", "reference", "requirement_principle", "principle_id", ())
KINDS = {kind.table: kind for kind in (DOMAIN, TAG, PRINCIPLE)}


class ClassificationError(CatalogueError):
    """A classification change that cannot be made; the message is for the user."""


class InUseError(ClassificationError):
    """Deleting a classification that requirements or selections still use."""

    def __init__(self, name: str, requirements: int, selections: int) -> None:
        super().__init__(
            t(
                "classification.in_use",
                name=name,
                requirements=t_count("count.requirements", requirements),
                selections=t_count("count.selections", selections),
            )
        )
        self.requirements = requirements
        self.selections = selections


def _clean_name(name: str) -> str:
    """The name with runs of white space (tabs and line breaks too) as one space; refused when
    empty or no key (`text_rules.check_key`: a character refused in one-line text, or longer
    than `KEY_LIMIT`, which PostgreSQL's index could not hold)."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ClassificationError(t("classification.name_required"))
    refusal = check_key("name", cleaned)
    if refusal is not None:
        raise ClassificationError(refusal)
    return cleaned


_SHOWN = 20
"""The most characters of a refused prefix a message repeats."""


def _check_text(field: str, text: str) -> None:
    refusal = check_texts({field: text})
    if refusal is not None:
        raise ClassificationError(refusal)


def _lookup(conn: Connection, sql: str, params: tuple[object, ...]) -> Any:
    """The first row `sql` finds, or None; a text holding a NUL finds nothing (no key holds
    one, and PostgreSQL refuses one in a parameter)."""
    if any(isinstance(param, str) and "\x00" in param for param in params):
        return None
    return conn.execute(sql, params).fetchone()


def _id_of(conn: Connection, table: str, column: str, value: str) -> int:
    row = _lookup(conn, f"SELECT id FROM {table} WHERE {column} = ?", (value,))
    if row is None:
        raise ClassificationError(t("classification.unknown", name=value))
    return int(row[0])


def _refuse_duplicate(conn: Connection, sql: str, params: tuple[object, ...], name: str) -> None:
    if conn.execute(sql, params).fetchone() is not None:
        raise ClassificationError(t("classification.exists", name=name))


# --- name-keyed kinds: domains, tags, principles ---------------------------------------------


def add_named(conn: Connection, kind: Kind, name: str, extra: str = "") -> None:
    """Add a domain, tag (with question) or principle (with reference) at the end."""
    name = _clean_name(name)
    if kind.extra:
        _check_text(kind.extra, extra)
    with transaction(conn):
        _refuse_duplicate(conn, f"SELECT 1 FROM {kind.table} WHERE name = ?", (name,), name)
        position = conn.execute(f"SELECT COALESCE(max(position), -1) + 1 FROM {kind.table}")
        columns, values = ["name", "position"], [name, position.fetchone()[0]]
        if kind.extra:
            columns.append(kind.extra)
            values.append(extra)
        placeholders = ", ".join("?" * len(values))
        conn.execute(
            f"INSERT INTO {kind.table} ({', '.join(columns)}) VALUES ({placeholders})", values
        )


def update_named(
    conn: Connection, kind: Kind, name: str, new_name: str, extra: str | None = None
) -> None:
    """Rename (and for tags/principles, change the question/reference of) one classification."""
    new_name = _clean_name(new_name)
    if kind.extra and extra is not None:
        _check_text(kind.extra, extra)
    with transaction(conn):
        item_id = _id_of(conn, kind.table, "name", name)
        if new_name != name:
            _refuse_duplicate(
                conn, f"SELECT 1 FROM {kind.table} WHERE name = ?", (new_name,), new_name
            )
        conn.execute(f"UPDATE {kind.table} SET name = ? WHERE id = ?", (new_name, item_id))
        if kind.extra and extra is not None:
            conn.execute(f"UPDATE {kind.table} SET {kind.extra} = ? WHERE id = ?", (extra, item_id))


def usage(conn: Connection, kind: Kind, name: str) -> tuple[int, int]:
    """How many requirements and selections use the classification."""
    item_id = _id_of(conn, kind.table, "name", name)
    requirements = conn.execute(
        f"SELECT count(*) FROM {kind.requirement_link} WHERE {kind.link_column} = ?", (item_id,)
    ).fetchone()[0]
    selections: set[int] = set()
    for table, column in kind.selection_links:
        selections.update(
            row[0]
            for row in conn.execute(
                f"SELECT selection_id FROM {table} WHERE {column} = ?", (item_id,)
            )
        )
    return int(requirements), len(selections)


def delete_named(conn: Connection, kind: Kind, name: str) -> None:
    """Delete an unused domain, tag or principle; refused with counts when in use."""
    with transaction(conn):
        requirements, selections = usage(conn, kind, name)
        if requirements or selections:
            raise InUseError(name, requirements, selections)
        conn.execute(f"DELETE FROM {kind.table} WHERE name = ?", (name,))


def move_named(conn: Connection, kind: Kind, name: str, offset: int) -> None:
    """Move one place up (offset -1) or down (+1) in display order."""
    with transaction(conn):
        item_id = _id_of(conn, kind.table, "name", name)
        _move(conn, kind.table, item_id, offset, "1 = 1", ())


def _move(
    conn: Connection,
    table: str,
    item_id: int,
    offset: int,
    scope: str,
    params: tuple[object, ...],
) -> None:
    """Reorder within `scope`: renumber positions 0..n-1 with the item moved by `offset`."""
    ids = [
        row[0]
        for row in conn.execute(
            f"SELECT id FROM {table} WHERE {scope} ORDER BY position, id", params
        )
    ]
    index = ids.index(item_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    conn.executemany(
        f"UPDATE {table} SET position = ? WHERE id = ?",
        [(i, row_id) for i, row_id in enumerate(ids)],
    )


# --- categories and their subcategories -------------------------------------------------------


def add_category(conn: Connection, prefix: str, name: str, description: str = "") -> None:
    """Add a category at the end; its prefix (e.g. SIK) starts its requirements' uids."""
    prefix = prefix.strip().upper()
    if not PREFIX_PATTERN.fullmatch(prefix):
        shown = prefix if len(prefix) <= _SHOWN else prefix[: _SHOWN - 1] + "…"
        raise ClassificationError(t("classification.bad_prefix", prefix=shown))
    name = _clean_name(name)
    _check_text("description", description)
    with transaction(conn):
        _refuse_duplicate(conn, "SELECT 1 FROM category WHERE prefix = ?", (prefix,), prefix)
        _refuse_duplicate(conn, "SELECT 1 FROM category WHERE name = ?", (name,), name)
        position = conn.execute("SELECT COALESCE(max(position), -1) + 1 FROM category").fetchone()
        conn.execute(
            "INSERT INTO category (prefix, name, description, position) VALUES (?, ?, ?, ?)",
            (prefix, name, description, position[0]),
        )


def update_category(
    conn: Connection, prefix: str, name: str, description: str | None = None
) -> None:
    """Rename a category (and change its description); its prefix stays."""
    name = _clean_name(name)
    if description is not None:
        _check_text("description", description)
    with transaction(conn):
        category_id = _id_of(conn, "category", "prefix", prefix)
        _refuse_duplicate(
            conn, "SELECT 1 FROM category WHERE name = ? AND id != ?", (name, category_id), name
        )
        conn.execute("UPDATE category SET name = ? WHERE id = ?", (name, category_id))
        if description is not None:
            conn.execute(
                "UPDATE category SET description = ? WHERE id = ?", (description, category_id)
            )


def category_usage(
    conn: Connection, prefix: str, subcategory: str | None = None
) -> tuple[int, int]:
    """How many requirements and selections use the category (or one of its subcategories)."""
    category_id = _id_of(conn, "category", "prefix", prefix)
    if subcategory is None:
        column, value = "category_id", category_id
    else:
        row = _lookup(
            conn,
            "SELECT id FROM subcategory WHERE category_id = ? AND name = ?",
            (category_id, subcategory),
        )
        if row is None:
            raise ClassificationError(t("classification.unknown", name=subcategory))
        column, value = "subcategory_id", row[0]
    requirements = conn.execute(
        f"SELECT count(*) FROM requirement WHERE {column} = ?", (value,)
    ).fetchone()[0]
    selections = conn.execute(
        f"SELECT count(DISTINCT selection_id) FROM selection_item WHERE {column} = ?", (value,)
    ).fetchone()[0]
    return int(requirements), int(selections)


def delete_category(conn: Connection, prefix: str) -> None:
    """Delete an unused category with its subcategories; refused with counts when in use."""
    with transaction(conn):
        requirements, selections = category_usage(conn, prefix)
        if requirements or selections:
            raise InUseError(prefix, requirements, selections)
        category_id = _id_of(conn, "category", "prefix", prefix)
        conn.execute("DELETE FROM subcategory WHERE category_id = ?", (category_id,))
        conn.execute("DELETE FROM category WHERE id = ?", (category_id,))


def move_category(conn: Connection, prefix: str, offset: int) -> None:
    """Move a category up (-1) or down (+1)."""
    with transaction(conn):
        _move(conn, "category", _id_of(conn, "category", "prefix", prefix), offset, "1 = 1", ())


def add_subcategory(conn: Connection, prefix: str, name: str) -> None:
    """Add a subcategory at the end of its category."""
    name = _clean_name(name)
    with transaction(conn):
        category_id = _id_of(conn, "category", "prefix", prefix)
        _refuse_duplicate(
            conn,
            "SELECT 1 FROM subcategory WHERE category_id = ? AND name = ?",
            (category_id, name),
            name,
        )
        position = conn.execute(
            "SELECT COALESCE(max(position), -1) + 1 FROM subcategory WHERE category_id = ?",
            (category_id,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO subcategory (category_id, name, position) VALUES (?, ?, ?)",
            (category_id, name, position),
        )


def _subcategory_id(conn: Connection, prefix: str, name: str) -> tuple[int, int]:
    category_id = _id_of(conn, "category", "prefix", prefix)
    row = _lookup(
        conn, "SELECT id FROM subcategory WHERE category_id = ? AND name = ?", (category_id, name)
    )
    if row is None:
        raise ClassificationError(t("classification.unknown", name=name))
    return category_id, int(row[0])


def rename_subcategory(conn: Connection, prefix: str, name: str, new_name: str) -> None:
    """Rename a subcategory within its category."""
    new_name = _clean_name(new_name)
    with transaction(conn):
        category_id, subcategory_id = _subcategory_id(conn, prefix, name)
        _refuse_duplicate(
            conn,
            "SELECT 1 FROM subcategory WHERE category_id = ? AND name = ? AND id != ?",
            (category_id, new_name, subcategory_id),
            new_name,
        )
        conn.execute("UPDATE subcategory SET name = ? WHERE id = ?", (new_name, subcategory_id))


def delete_subcategory(conn: Connection, prefix: str, name: str) -> None:
    """Delete an unused subcategory; refused with counts when in use."""
    with transaction(conn):
        requirements, selections = category_usage(conn, prefix, name)
        if requirements or selections:
            raise InUseError(name, requirements, selections)
        _, subcategory_id = _subcategory_id(conn, prefix, name)
        conn.execute("DELETE FROM subcategory WHERE id = ?", (subcategory_id,))


def move_subcategory(conn: Connection, prefix: str, name: str, offset: int) -> None:
    """Move a subcategory up (-1) or down (+1) within its category."""
    with transaction(conn):
        category_id, subcategory_id = _subcategory_id(conn, prefix, name)
        _move(conn, "subcategory", subcategory_id, offset, "category_id = ?", (category_id,))
