"""Build small catalogues for tests with plain INSERTs, independent of the editing services.

`make_catalogue` creates a catalogue file from `RequirementContent` records: categories (with
subcategories), domains, tags and principles are created as given, and any that a requirement
names but that were not given are created as well, so a test only spells out what it cares
about::

    conn = make_catalogue(tmp_path / "c.db", requirements=[
        RequirementContent(uid="SIK-1", title="Kryptering", category="SIK", domains=("Skole",)),
    ])

`add_selection` adds a selection with ticked (and unticked) items for some requirements.

Either engine: `path` may be a `CatalogueLocation` (the `catalogue_location` fixture gives one
per engine), and the rows' ids come back through ``RETURNING id``, which both understand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import Category, Domain, Principle, RequirementContent, Tag
from kravtui.catalogue.vocabulary import FLAGS

STAMP = "2024-01-01T00:00:00Z"
AUTHOR = "test"


def make_catalogue(
    path: Path | str | CatalogueLocation,
    requirements: Sequence[RequirementContent] = (),
    categories: Sequence[Category] = (),
    domains: Sequence[Domain | str] = (),
    tags: Sequence[Tag | str] = (),
    principles: Sequence[Principle | str] = (),
) -> Any:
    """A new catalogue at `path` holding exactly these records; returns an open connection
    (SQLite's own for a file, the PostgreSQL adapter for a database)."""
    conn = create_catalogue(path)
    conn.execute("BEGIN IMMEDIATE")
    try:
        category_ids, subcategory_ids = _insert_categories(conn, categories, requirements)
        domain_ids = _insert_named(
            conn, "domain", None, _names(domains), (r.domains for r in requirements)
        )
        tag_ids = _insert_named(
            conn,
            "tag",
            ("question", {t.name: t.question for t in tags if isinstance(t, Tag)}),
            _names(tags),
            (r.tags for r in requirements),
        )
        principle_ids = _insert_named(
            conn,
            "principle",
            ("reference", {p.name: p.reference for p in principles if isinstance(p, Principle)}),
            _names(principles),
            (r.principles for r in requirements),
        )
        for requirement in requirements:
            requirement_id = _insert_requirement(
                conn,
                requirement,
                category_ids[requirement.category],
                subcategory_ids.get((requirement.category, requirement.subcategory)),
            )
            for kind, ids, names in (
                ("domain", domain_ids, requirement.domains),
                ("tag", tag_ids, requirement.tags),
                ("principle", principle_ids, requirement.principles),
            ):
                conn.executemany(
                    f"INSERT INTO requirement_{kind} (requirement_id, {kind}_id) VALUES (?, ?)",
                    [(requirement_id, ids[name]) for name in dict.fromkeys(names)],
                )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        conn.close()
        raise
    return conn


def add_selection(
    conn: Connection,
    ticked: Iterable[str] = (),
    unticked: Iterable[str] = (),
    title: str = "Indkøb",
) -> int:
    """A selection with an item per uid, ticked or not; returns the selection's id."""
    selection_id = conn.execute(
        "INSERT INTO selection (title, created_at, updated_at) VALUES (?, ?, ?) RETURNING id",
        (title, STAMP, STAMP),
    ).fetchone()[0]
    assert selection_id is not None
    for flag, uids in ((1, ticked), (0, unticked)):
        for uid in uids:
            conn.execute(
                "INSERT INTO selection_item (selection_id, requirement_id, uid, title,"
                " description, rationale, help_text, category_id, subcategory_id, importance,"
                " catalogue_version, ticked)"
                " SELECT ?, id, uid, title, description, rationale, help_text, category_id,"
                " subcategory_id, importance, version, ? FROM requirement WHERE uid = ?",
                (selection_id, flag, uid),
            )
    return selection_id


def _names(items: Sequence[Domain | Tag | Principle | str]) -> list[str]:
    return [item if isinstance(item, str) else item.name for item in items]


def _insert_categories(
    conn: Connection,
    categories: Sequence[Category],
    requirements: Sequence[RequirementContent],
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    wanted: dict[str, tuple[str, str, list[str]]] = {
        c.prefix: (c.name, c.description, list(c.subcategories)) for c in categories
    }
    for requirement in requirements:
        name, description, subs = wanted.setdefault(
            requirement.category, (requirement.category, "", [])
        )
        if requirement.subcategory and requirement.subcategory not in subs:
            subs.append(requirement.subcategory)
    category_ids: dict[str, int] = {}
    subcategory_ids: dict[tuple[str, str], int] = {}
    for position, (prefix, (name, description, subs)) in enumerate(wanted.items(), start=1):
        category_id = conn.execute(
            "INSERT INTO category (prefix, name, description, position) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            (prefix, name, description, position),
        ).fetchone()[0]
        assert category_id is not None
        category_ids[prefix] = category_id
        for sub_position, sub in enumerate(subs, start=1):
            sub_id = conn.execute(
                "INSERT INTO subcategory (category_id, name, position) VALUES (?, ?, ?)"
                " RETURNING id",
                (category_id, sub, sub_position),
            ).fetchone()[0]
            assert sub_id is not None
            subcategory_ids[(prefix, sub)] = sub_id
    return category_ids, subcategory_ids


def _insert_named(
    conn: Connection,
    table: str,
    extra: tuple[str, dict[str, str]] | None,
    given: list[str],
    used: Iterable[Iterable[str]],
) -> dict[str, int]:
    names = list(dict.fromkeys([*given, *(name for names in used for name in names)]))
    ids: dict[str, int] = {}
    for position, name in enumerate(names, start=1):
        if extra is None:
            row_id = conn.execute(
                f"INSERT INTO {table} (name, position) VALUES (?, ?) RETURNING id", (name, position)
            ).fetchone()[0]
        else:
            column, values = extra
            row_id = conn.execute(
                f"INSERT INTO {table} (name, {column}, position) VALUES (?, ?, ?) RETURNING id",
                (name, values.get(name, ""), position),
            ).fetchone()[0]
        assert row_id is not None
        ids[name] = row_id
    return ids


def _insert_requirement(
    conn: Connection,
    requirement: RequirementContent,
    category_id: int,
    subcategory_id: int | None,
) -> int:
    columns = [
        "uid",
        "title",
        "description",
        "rationale",
        "help_text",
        "notes",
        "stakeholders",
        "importance",
        "category_id",
        "subcategory_id",
        *FLAGS,
        "created_at",
        "updated_at",
        "created_by",
        "updated_by",
    ]
    values = [
        requirement.uid,
        requirement.title,
        requirement.description,
        requirement.rationale,
        requirement.help_text,
        requirement.notes,
        requirement.stakeholders,
        requirement.importance.value,
        category_id,
        subcategory_id,
        *(int(getattr(requirement, flag)) for flag in FLAGS),
        STAMP,
        STAMP,
        AUTHOR,
        AUTHOR,
    ]
    row_id = conn.execute(
        f"INSERT INTO requirement ({', '.join(columns)}) VALUES ({', '.join('?' * len(values))})"
        " RETURNING id",
        values,
    ).fetchone()[0]
    assert row_id is not None
    return row_id
