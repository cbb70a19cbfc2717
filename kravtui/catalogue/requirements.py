"""Reading and writing requirements, with history and optimistic locking.

Reads return `RequirementContent` records in bulk (a handful of queries for any number of
requirements). Writes go through `write_contents`, which inserts new uids, updates changed ones
(bumping `version`), leaves identical ones alone and records a revision for each change. A single
edit passes the version the user started from; if someone else saved in between, `ConflictError`
carries their version so the caller can show both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from kravtui.catalogue.bulk_load import BulkLoad, listed_words
from kravtui.catalogue.classifications import ClassificationIds, classification_ids
from kravtui.catalogue.db import CatalogueError, now_iso
from kravtui.catalogue.dbapi import Connection, engine, streamed_rows
from kravtui.catalogue.history import (
    Action,
    author_of,
    record_revision_texts,
    record_revisions,
)
from kravtui.catalogue.records import Requirement, RequirementContent, RequirementMeta
from kravtui.catalogue.text_rules import (
    KEY_LIMIT,
    REFUSED_IN_LINE,
    TITLE_LIMIT,
    check_key,
    check_texts,
    check_title,
)
from kravtui.catalogue.vocabulary import FLAGS, TEXT_FIELDS, Importance

_SELECT = """
SELECT r.id, r.uid, r.title, r.importance, c.prefix AS category,
       COALESCE(s.name, '') AS subcategory,
       r.info_requirement, r.favourite, r.all_domains, r.all_tags, r.relevant_saas,
       r.relevant_on_premise, r.deleted, r.stakeholders, r.description, r.rationale,
       r.help_text, r.notes, r.version, r.created_at, r.updated_at, r.created_by, r.updated_by
FROM requirement r
JOIN category c ON c.id = r.category_id
LEFT JOIN subcategory s ON s.id = r.subcategory_id
"""

_LINKS = (
    ("domains", "requirement_domain", "domain", "domain_id"),
    ("tags", "requirement_tag", "tag", "tag_id"),
    ("principles", "requirement_principle", "principle", "principle_id"),
)


class UnknownReferenceError(CatalogueError):
    """A requirement names a classification the catalogue does not have."""


class RefusedValueError(CatalogueError):
    """A requirement's uid or text the catalogue does not store (`kravtui.catalogue.text_rules`).

    The faces and importers check every text by the rule first; this is the services' own last
    check of what an engine would refuse with an error of its own or store wrongly: a uid longer
    than a key may be (PostgreSQL's index could not hold it) and a NUL (PostgreSQL's text cannot
    hold one); and of a new or changed title longer than `TITLE_LIMIT` (one stored before is
    kept while it is not changed)."""


class ConflictError(CatalogueError):
    """Someone else saved the requirement after the caller read it."""

    def __init__(self, uid: str, theirs: Requirement | None) -> None:
        super().__init__(f"{uid} was changed by someone else since you opened it")
        self.uid = uid
        self.theirs = theirs


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What `write_contents` did."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0


def normalise_text(text: str) -> str:
    """Line breaks as LF only (CRLF and lone CR become LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_contents(
    conn: Connection, *, include_deleted: bool = True, uids: Sequence[str] | None = None
) -> list[RequirementContent]:
    """Requirements' content, sorted by uid (prefix, then number)."""
    rows, links = _query(conn, include_deleted, uids)
    return [_content_from_row(row, links) for row in rows]


def load_requirements(
    conn: Connection, include_deleted: bool = True, uids: Sequence[str] | None = None
) -> list[Requirement]:
    """Stored requirements with their bookkeeping, sorted by uid (prefix, then number)."""
    rows, links = _query(conn, include_deleted, uids)
    return [_requirement_from_row(row, links) for row in rows]


ContentRecord = tuple[Any, ...]
"""A requirement's content as a plain tuple in `CONTENT_FIELDS` order (uid, title, importance,
...), the importance as its code, the link names as tuples and the flags as 0 or 1."""


def _records_sql(conn: Connection) -> str:
    """`_SELECT` without the bookkeeping columns, and each link table's ids for the requirement,
    comma-separated (`_LinkNames` puts their names in display order, so the ids' order only
    decides which cache entry a combination takes): SQLite's ``group_concat`` in the primary
    key's order, PostgreSQL's ``string_agg`` with that order spelt out."""
    lists = [
        f"(SELECT {_id_list(conn, column)} FROM {link_table} WHERE requirement_id = r.id)"
        for _, link_table, _, column in _LINKS
    ]
    return f"""
SELECT r.uid, r.title, r.importance, c.prefix, COALESCE(s.name, ''),
       {lists[0]},
       {lists[1]},
       {lists[2]},
       r.info_requirement, r.favourite, r.all_domains, r.all_tags, r.relevant_saas,
       r.relevant_on_premise, r.deleted, r.stakeholders, r.description, r.rationale,
       r.help_text, r.notes
FROM requirement r
JOIN category c ON c.id = r.category_id
LEFT JOIN subcategory s ON s.id = r.subcategory_id
ORDER BY r.uid_order, r.id
"""


def _id_list(conn: Connection, column: str) -> str:
    """The aggregate of `column`'s ids as one comma-separated text, in ascending order.

    SQLite (before 3.44) takes no ORDER BY inside an aggregate; its ``group_concat`` reads the
    link table's primary key (requirement id, classification id), so the ids come ascending."""
    if engine(conn) == "sqlite":
        return f"group_concat({column})"
    return f"string_agg({column}::text, ',' ORDER BY {column})"


class _LinkNames(dict[str | None, tuple[str, ...]]):
    """Comma-separated ids of one link table -> their names in display order (position, id);
    few combinations recur across many requirements, so each is worked out once."""

    def __init__(self, conn: Connection, table: str) -> None:
        super().__init__()
        self.known = {
            str(row[0]): (row[1], row[0], row[2])
            for row in conn.execute(f"SELECT id, position, name FROM {table}")
        }

    def __missing__(self, ids: str | None) -> tuple[str, ...]:
        found = sorted(self.known[i] for i in (ids or "").split(",") if i in self.known)
        names = self[ids] = tuple(name for _, _, name in found)
        return names


def content_records(conn: Connection) -> Iterator[ContentRecord]:
    """Every requirement (deleted ones too) as a `ContentRecord`, in list order (``uid_order``,
    then id), from one statement read as the records are wanted: for exports of any size,
    which need neither every row at once nor a `RequirementContent` per requirement."""
    domains, tags, principles = (_LinkNames(conn, table) for _, _, table, _ in _LINKS)
    for row in streamed_rows(conn, _records_sql(conn)):
        yield (*row[:5], domains[row[5]], tags[row[6]], principles[row[7]], *row[8:])


Links = tuple[dict[int, list[str]], dict[int, list[str]], dict[int, list[str]]]


def _query(
    conn: Connection, include_deleted: bool, uids: Sequence[str] | None
) -> tuple[list[tuple[Any, ...]], Links]:
    """Plain tuples (not `sqlite3.Row`: name lookups cost seconds at 100,000 rows) and links."""
    where: list[str] = []
    params: list[str] = []
    if not include_deleted:
        where.append("r.deleted = 0")
    if uids is not None:
        # No uid holds a NUL (text_rules), and PostgreSQL refuses one in a parameter.
        uids = [uid for uid in uids if "\x00" not in uid]
        where.append(f"r.uid IN ({','.join('?' * len(uids))})" if uids else "0 = 1")
        params.extend(uids)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY r.uid_order, r.id"
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(sql, params).fetchall()
    links = _load_links(conn, [row[0] for row in rows] if uids is not None else None)
    return rows, links


def get_requirement(conn: Connection, uid: str) -> Requirement | None:
    """One requirement by uid, or None."""
    found = load_requirements(conn, True, [uid])
    return found[0] if found else None


def _load_links(conn: Connection, ids: list[int] | None) -> Links:
    """For each link kind (domains, tags, principles), requirement id -> names in display order."""
    result: list[dict[int, list[str]]] = []
    if ids == []:  # PostgreSQL takes no empty IN ()
        return {}, {}, {}
    cursor = conn.cursor()
    cursor.row_factory = None
    for _, link_table, table, column in _LINKS:
        sql = (
            f"SELECT l.requirement_id, t.name FROM {link_table} l "
            f"JOIN {table} t ON t.id = l.{column}"
        )
        params: list[int] = []
        if ids is not None:
            sql += f" WHERE l.requirement_id IN ({','.join('?' * len(ids))})"
            params = ids
        sql += " ORDER BY t.position, t.id"
        grouped: dict[int, list[str]] = {}
        for requirement_id, name in cursor.execute(sql, params):
            if requirement_id in grouped:
                grouped[requirement_id].append(name)
            else:
                grouped[requirement_id] = [name]
        result.append(grouped)
    return result[0], result[1], result[2]


_IMPORTANCE = {level.value: level for level in Importance}
_NONE: tuple[str, ...] = ()


def _content_from_row(row: tuple[Any, ...], links: Links) -> RequirementContent:
    """Columns as in `_SELECT`: id, uid, title, importance, category, subcategory, the seven
    flags in `FLAGS` order, stakeholders, description, rationale, help_text, notes, ..."""
    requirement_id = row[0]
    domains, tags, principles = links
    return RequirementContent(
        uid=row[1],
        title=row[2],
        importance=_IMPORTANCE[row[3]],
        category=row[4],
        subcategory=row[5],
        domains=tuple(domains.get(requirement_id, _NONE)),
        tags=tuple(tags.get(requirement_id, _NONE)),
        principles=tuple(principles.get(requirement_id, _NONE)),
        info_requirement=bool(row[6]),
        favourite=bool(row[7]),
        all_domains=bool(row[8]),
        all_tags=bool(row[9]),
        relevant_saas=bool(row[10]),
        relevant_on_premise=bool(row[11]),
        deleted=bool(row[12]),
        stakeholders=row[13],
        description=row[14],
        rationale=row[15],
        help_text=row[16],
        notes=row[17],
    )


def _requirement_from_row(row: tuple[Any, ...], links: Links) -> Requirement:
    meta = RequirementMeta(
        id=row[0],
        version=row[18],
        created_at=row[19],
        updated_at=row[20],
        created_by=row[21],
        updated_by=row[22],
    )
    return Requirement(_content_from_row(row, links), meta)


def canonical(content: RequirementContent, ids: ClassificationIds) -> RequirementContent:
    """The content as it would read back once stored: text normalised, links in display order."""
    return _Canonical(ids)(content)


class _Canonical:
    """`canonical` for many contents against one set of classifications (positions computed
    once); a content that is canonical already is returned as it is, without a copy."""

    def __init__(self, ids: ClassificationIds) -> None:
        self.orders = (
            _positions(ids.domains),
            _positions(ids.tags),
            _positions(ids.principles),
        )

    def __call__(self, content: RequirementContent) -> RequirementContent:
        links = (content.domains, content.tags, content.principles)
        ordered = tuple(
            names if _in_order(names, order) else _ordered(names, order)
            for names, order in zip(links, self.orders, strict=True)
        )
        texts = (
            content.title,
            content.stakeholders,
            content.description,
            content.rationale,
            content.help_text,
            content.notes,
        )
        if ordered == links and not any("\r" in text for text in texts):
            return content
        return content.with_changes(
            title=normalise_text(content.title),
            stakeholders=normalise_text(content.stakeholders),
            description=normalise_text(content.description),
            rationale=normalise_text(content.rationale),
            help_text=normalise_text(content.help_text),
            notes=normalise_text(content.notes),
            domains=ordered[0],
            tags=ordered[1],
            principles=ordered[2],
        )


def _in_order(names: tuple[str, ...], order: dict[str, int]) -> bool:
    """Whether `names` are distinct, known and in display order (what `_ordered` would give)."""
    last = -1
    for name in names:
        position = order.get(name)
        if position is None or position <= last:
            return False
        last = position
    return True


def _ordered(names: Iterable[str], order: dict[str, int]) -> tuple[str, ...]:
    return tuple(sorted(set(names), key=lambda name: order.get(name, len(order))))


def _positions(mapping: dict[str, int]) -> dict[str, int]:
    return {name: index for index, name in enumerate(mapping)}


def write_contents(
    conn: Connection,
    contents: Iterable[RequirementContent],
    *,
    action: Action | None = None,
    author: str | None = None,
    expected_versions: dict[str, int] | None = None,
    bulk: BulkLoad | None = None,
) -> WriteReport:
    """Insert or update requirements by uid; call inside `transaction()`.

    Identical content is left alone (no revision, no version bump). `action` names the revision
    (default: create for new uids, edit for changed ones). With `expected_versions`, a uid whose
    stored version differs raises `ConflictError` and nothing is written by the caller's
    transaction.

    Rows are written set-wise (staged in a temporary table, on PostgreSQL in arrays, then one
    INSERT ... SELECT and one UPDATE), so the full-text index triggers run inside one statement
    each: importing 100,000 requirements costs seconds instead of minutes of per-row index
    flushes. With `bulk` (a
    `kravtui.catalogue.bulk_load` of the caller's transaction), new rows are inserted with the
    ids and keys it gives and the words of every text written go to it, for its `finish`.

    Changes are by `author` (default: the user); on PostgreSQL always by the session's login
    role, as its revisions are (`kravtui.catalogue.history.author_of`).
    """
    who = author_of(conn, author)
    at = now_iso()
    ids = classification_ids(conn)
    make_canonical = _Canonical(ids)
    incoming = [make_canonical(content) for content in contents]
    fresh = bulk is not None and not bulk.had_requirements  # nothing there to compare with
    existing = {} if fresh else _existing(conn, [c.uid for c in incoming])
    inserts: list[RequirementContent] = []
    updates: list[tuple[Requirement, RequirementContent]] = []
    for content in incoming:
        _check_references(content, ids)
        current = existing.get(content.uid)
        if len(content.title) > TITLE_LIMIT and (
            current is None or current.content.title != content.title
        ):
            _refuse_title(content)
        if expected_versions is not None and content.uid in expected_versions:
            expected = expected_versions[content.uid]
            if current is None or current.meta.version != expected:
                raise ConflictError(content.uid, current)
        if current is None:
            inserts.append(content)
        elif current.content != content:
            updates.append((current, content))
    unchanged = len(incoming) - len(inserts) - len(updates)
    revisions: list[tuple[int, Action, RequirementContent]] = []
    if bulk is not None:
        bulk.add_words(_searched(c) for _, c in updates)
    if inserts and bulk is not None:
        rows = new_rows(inserts, ids, set())
        insert_new_rows(conn, rows, bulk, action=action or Action.CREATE, author=who, at=at)
    elif inserts:
        new_ids = _insert_all(conn, inserts, ids, who, at)
        revisions.extend((new_ids[c.uid], action or Action.CREATE, c) for c in inserts)
    if updates:
        _update_all(
            conn,
            [(current.meta.id, content) for current, content in updates],
            ids,
            who,
            at,
            bulk,
        )
        revisions.extend(
            (current.meta.id, action or _edit_action(current.content, content), content)
            for current, content in updates
        )
    record_revisions(conn, revisions, author=who, at=at)
    return WriteReport(tuple(c.uid for c in inserts), tuple(c.uid for _, c in updates), unchanged)


_CHUNK = 500


def _existing(conn: Connection, uids: list[str]) -> dict[str, Requirement]:
    """The stored requirements among `uids`, by uid (in chunks: SQLite limits parameters)."""
    if not uids:
        return {}
    if len(uids) > 20 * _CHUNK:
        wanted = set(uids)
        return {r.uid: r for r in load_requirements(conn, True) if r.uid in wanted}
    found: dict[str, Requirement] = {}
    for start in range(0, len(uids), _CHUNK):
        for requirement in load_requirements(conn, True, uids[start : start + _CHUNK]):
            found[requirement.uid] = requirement
    return found


def _edit_action(before: RequirementContent, after: RequirementContent) -> Action:
    if before.deleted != after.deleted:
        return Action.DELETE if after.deleted else Action.RESTORE
    return Action.EDIT


def _check_references(content: RequirementContent, ids: ClassificationIds) -> None:
    """`RefusedValueError` for a uid that is no key or a NUL in a text (checked before the
    engine sees them), `UnknownReferenceError` for a classification the catalogue lacks."""
    _check_values(content)
    if content.category not in ids.categories:
        raise UnknownReferenceError(f"{content.uid}: unknown category '{content.category}'")
    if content.subcategory and (content.category, content.subcategory) not in ids.subcategories:
        raise UnknownReferenceError(
            f"{content.uid}: unknown subcategory '{content.subcategory}' "
            f"in category '{content.category}'"
        )
    for field, known in (
        ("domains", ids.domains),
        ("tags", ids.tags),
        ("principles", ids.principles),
    ):
        for name in getattr(content, field):
            if name not in known:
                raise UnknownReferenceError(f"{content.uid}: unknown {field[:-1]} '{name}'")


_TEXTS = ("title", *TEXT_FIELDS)


def _check_values(content: RequirementContent) -> None:
    """`RefusedValueError` for a uid that is no key or a NUL in a text; runs once per
    requirement of an import, so the common case is a length, one search and plain ``in``s."""
    uid = content.uid
    if len(uid) > KEY_LIMIT or REFUSED_IN_LINE.search(uid) is not None:
        raise RefusedValueError(check_key("uid", uid) or uid)
    if (
        "\x00" in content.title
        or "\x00" in content.stakeholders
        or "\x00" in content.description
        or "\x00" in content.rationale
        or "\x00" in content.help_text
        or "\x00" in content.notes
    ):
        texts = {name: getattr(content, name) for name in _TEXTS}
        raise RefusedValueError(f"{uid}: {check_texts(texts, one_line=('title',))}")


def _refuse_title(content: RequirementContent) -> None:
    """`RefusedValueError` for a new or changed title over `TITLE_LIMIT`: ``SIK-2: Title: at
    most 500 characters, not 501``."""
    raise RefusedValueError(f"{content.uid}: {check_title(content.title)}")


def _column_values(content: RequirementContent, ids: ClassificationIds) -> tuple[object, ...]:
    subcategory_id = (
        ids.subcategories[(content.category, content.subcategory)] if content.subcategory else None
    )
    return (
        content.title,
        content.description,
        content.rationale,
        content.help_text,
        content.notes,
        content.stakeholders,
        content.importance.value,
        ids.categories[content.category],
        subcategory_id,
        *(int(getattr(content, flag)) for flag in FLAGS),
    )


_COLUMN_NAMES = (
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
)
_COLUMNS = ", ".join(_COLUMN_NAMES)


_INTEGER_COLUMNS = frozenset({"category_id", "subcategory_id", *FLAGS})

_UNNESTED = (
    "(SELECT * FROM unnest(?::bigint[], ?::text[], "
    + ", ".join(
        f"?::{'bigint' if name in _INTEGER_COLUMNS else 'text'}[]" for name in _COLUMN_NAMES
    )
    + f") AS staged (id, uid, {_COLUMNS}))"
)
"""On PostgreSQL, staged rows as a table: an array per column, one parameter each."""


def _stage(
    conn: Connection,
    rows: list[tuple[int, RequirementContent]],
    ids: ClassificationIds,
) -> tuple[str, tuple[Any, ...]]:
    """(id, content) rows as a table the writing statements read: its SQL and the parameters
    it takes, to go where it stands in a statement. A new requirement's id is its place in the
    batch; call `_unstage` when done.

    SQLite: the session's temporary table, filled by one ``executemany`` (its columns take any
    value and its id is the rowid). PostgreSQL: `_UNNESTED`, the rows' columns as arrays in
    each statement, and no temporary table, which a role needs the TEMPORARY privilege for (a
    hardened server gives PUBLIC none, and the README's roles get none)."""
    values = [(row_id, content.uid, *_column_values(content, ids)) for row_id, content in rows]
    if engine(conn) != "sqlite":
        columns = [list(column) for column in zip(*values, strict=True)]
        return _UNNESTED, tuple(columns or [[] for _ in range(len(_COLUMN_NAMES) + 2)])
    conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS kravtui_staging (id INTEGER PRIMARY KEY, uid TEXT, "
        f"{_COLUMNS})"
    )
    conn.execute("DELETE FROM temp.kravtui_staging")
    placeholders = ", ".join("?" * (len(_COLUMN_NAMES) + 2))
    conn.executemany(
        f"INSERT INTO temp.kravtui_staging (id, uid, {_COLUMNS}) VALUES ({placeholders})", values
    )
    return "temp.kravtui_staging", ()


_STAGED_COLUMNS = ", ".join(f"s.{name}" for name in _COLUMN_NAMES)


def _staged_ids(conn: Connection, staged: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """The ids `_stage` staged as a SELECT, and its parameters: on PostgreSQL the id array
    alone, not every column again."""
    if engine(conn) == "sqlite":
        return "SELECT id FROM temp.kravtui_staging", ()
    return "SELECT unnest(?::bigint[])", (staged[0],)


def _unstage(conn: Connection) -> None:
    """Empty the temporary table `_stage` filled (on SQLite; nothing to do on PostgreSQL)."""
    if engine(conn) == "sqlite":
        conn.execute("DELETE FROM temp.kravtui_staging")


def _searched(content: RequirementContent) -> str:
    """The text search looks in (the triggers' ``searched_text``): five fields, spaced."""
    return " ".join(
        (content.uid, content.title, content.description, content.rationale, content.help_text)
    )


@dataclass(frozen=True, slots=True)
class NewRows:
    """New requirements made ready to insert: what `new_rows` makes of a batch (reading nothing,
    so any process may make it) and `insert_new_rows` writes, in the batch's order."""

    uids: tuple[str, ...]
    columns: tuple[tuple[object, ...], ...]
    """Each one's values of the requirement table's columns (`_COLUMN_NAMES`)."""
    links: tuple[tuple[tuple[int, int], ...], ...]
    """Per link table (domains, tags, principles): (place in the batch, classification id)."""
    revisions: tuple[str, ...]
    """Each one's content as its first revision holds it (`RequirementContent.to_json`)."""
    words: tuple[str, ...]
    """The words of their searched texts for the word list, but those in `listed` before."""


def new_rows(
    contents: Sequence[RequirementContent], ids: ClassificationIds, listed: set[str]
) -> NewRows:
    """`contents` (new requirements) as `NewRows`: made canonical against the classifications'
    `ids`, every name checked (`UnknownReferenceError`); `listed` (the words already sent to
    the word list) takes their words."""
    make_canonical = _Canonical(ids)
    canonical = [make_canonical(content) for content in contents]
    for content in canonical:
        _check_references(content, ids)
    links = tuple(
        tuple(
            (place, known[name])
            for place, content in enumerate(canonical)
            for name in getattr(content, field)
        )
        for field, known in (
            ("domains", ids.domains),
            ("tags", ids.tags),
            ("principles", ids.principles),
        )
    )
    # one split of the batch's texts joined: a fifth of the cost of splitting each
    words = listed_words(" ".join(_searched(content) for content in canonical)) - listed
    listed |= words
    return NewRows(
        tuple(content.uid for content in canonical),
        tuple(_column_values(content, ids) for content in canonical),
        links,
        tuple(content.to_json() for content in canonical),
        tuple(sorted(words)),
    )


def insert_new_rows(
    conn: Connection, rows: NewRows, bulk: BulkLoad, *, action: Action, author: str, at: str
) -> None:
    """Insert `rows` with the ids and keys `bulk` gives, their links, their first revisions (by
    `author` at `at`; on PostgreSQL by the login role, `history.author_of`) and their words;
    call inside `bulk`'s transaction."""
    author = author_of(conn, author)
    new = bulk.insert(
        ("uid", *_COLUMN_NAMES, "created_at", "updated_at", "created_by", "updated_by"),
        [
            (uid, *values, at, at, author, author)
            for uid, values in zip(rows.uids, rows.columns, strict=True)
        ],
        rows.uids,
    )
    for (_, link_table, _, column), pairs in zip(_LINKS, rows.links, strict=True):
        bulk.add_rows(
            link_table, ("requirement_id", column), [(new[place], known) for place, known in pairs]
        )
    if bulk.postgres:  # each one's first revision, number 1
        bulk.add_rows(
            "revision",
            ("requirement_id", "number", "action", "author", "at", "content"),
            [
                (new_id, 1, action.value, author, at, text)
                for new_id, text in zip(new, rows.revisions, strict=True)
            ],
        )
    else:
        record_revision_texts(
            conn,
            [(new_id, action, text) for new_id, text in zip(new, rows.revisions, strict=True)],
            author=author,
            at=at,
        )
    bulk.add_listed(rows.words)


def _insert_all(
    conn: Connection,
    contents: list[RequirementContent],
    ids: ClassificationIds,
    who: str,
    at: str,
) -> dict[str, int]:
    """Insert new requirements in one statement; returns their ids by uid."""
    staging, staged = _stage(conn, list(enumerate(contents)), ids)
    conn.execute(
        f"INSERT INTO requirement (uid, {_COLUMNS}, created_at, updated_at, created_by, "
        f"updated_by) SELECT uid, {_COLUMNS}, ?, ?, ?, ? FROM {staging} s ORDER BY id",
        (at, at, who, who, *staged),
    )
    new_ids = {
        uid: requirement_id
        for uid, requirement_id in conn.execute(
            f"SELECT r.uid, r.id FROM {staging} s JOIN requirement r ON r.uid = s.uid", staged
        )
    }
    _unstage(conn)
    _write_links(conn, [(new_ids[c.uid], c) for c in contents], ids)
    return new_ids


def _update_all(
    conn: Connection,
    rows: list[tuple[int, RequirementContent]],
    ids: ClassificationIds,
    who: str,
    at: str,
    bulk: BulkLoad | None = None,
) -> None:
    """Update changed requirements in one statement, bumping their versions; relink them."""
    staging, staged = _stage(conn, list(rows), ids)
    if bulk is not None:  # (on SQLite only, where the staging is a table)
        bulk.unindex(f"SELECT id FROM {staging}")
    conn.execute(
        f"UPDATE requirement SET ({_COLUMNS}) = ({_STAGED_COLUMNS}), "
        f"version = version + 1, updated_at = ?, updated_by = ? "
        f"FROM {staging} s WHERE s.id = requirement.id",
        (at, who, *staged),
    )
    if bulk is not None:
        bulk.reindex(f"SELECT id FROM {staging}")
    changed, changed_params = _staged_ids(conn, staged)
    for _, link_table, _, _ in _LINKS:
        conn.execute(
            f"DELETE FROM {link_table} WHERE requirement_id IN ({changed})", changed_params
        )
    _unstage(conn)
    _write_links(conn, rows, ids)


def _write_links(
    conn: Connection,
    rows: list[tuple[int, RequirementContent]],
    ids: ClassificationIds,
) -> None:
    for field, link_table, _, column in _LINKS:
        known: dict[str, int] = getattr(ids, field)
        conn.executemany(
            f"INSERT INTO {link_table} (requirement_id, {column}) VALUES (?, ?)",
            [
                (requirement_id, known[name])
                for requirement_id, content in rows
                for name in getattr(content, field)
            ],
        )
