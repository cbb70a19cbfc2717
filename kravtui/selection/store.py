"""Selections themselves: create, find, list, edit metadata and answers, duplicate, finalise.

Each public function is one user action and runs in its own transaction. A final selection
cannot be changed through any of them (`SelectionFinalError`); it can be duplicated into a new
draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from kravtui.catalogue.classifications import classification_ids
from kravtui.catalogue.db import CatalogueError, now_iso, transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.text_rules import check_texts
from kravtui.i18n import t
from kravtui.selection.deadline import DeadlineState, judge_deadline
from kravtui.selection.records import Answer, Selection, SelectionInfo, Status
from kravtui.selection.typed_keys import storable


class SelectionError(CatalogueError):
    """A selection action that cannot be done; the message is for the user."""


class SelectionFinalError(SelectionError):
    """The selection is final and cannot be changed."""


class DeadlinePassedError(SelectionError):
    """Finalising was refused: the response deadline is before today."""


@dataclass(frozen=True, slots=True)
class SelectionSummary:
    """A line in the list of selections."""

    id: int
    title: str
    status: Status
    ticked: int
    updated_at: str


def create_selection(conn: Connection, info: SelectionInfo) -> Selection:
    """A new draft selection (a Danish deadline such as 1.3.2027 is stored as ISO; a past one
    is saved: `judge_deadline` tells the face to warn)."""
    info = _check_info(conn, info)
    with transaction(conn):
        selection_id = insert_selection(conn, info, Status.DRAFT)
    return get_selection(conn, selection_id)


def insert_selection(
    conn: Connection, info: SelectionInfo, status: Status, *, at: str | None = None
) -> int:
    """Write a new selection row and its domains (inside the caller's transaction); `at` is
    when it was made (now unless given: the bundled sample's selection has a fixed time)."""
    at = at or now_iso()
    (selection_id,) = conn.execute(
        "INSERT INTO selection (title, description, organisation, contact, deadline, "
        "priority_enabled, language, prices_requested, status, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (*_info_values(info), status.value, at, at),
    ).fetchone()
    _write_domains(conn, selection_id, info.domains)
    return int(selection_id)


def _info_values(info: SelectionInfo) -> tuple[object, ...]:
    return (
        info.title.strip(),
        info.description,
        info.organisation,
        info.contact,
        info.deadline,
        int(info.priority_enabled),
        info.language,
        int(info.prices_requested),
    )


def _check_info(conn: Connection, info: SelectionInfo) -> SelectionInfo:
    """Refuse bad metadata; the info to store (the deadline as an ISO date)."""
    if not info.title.strip():
        raise SelectionError(t("selection.title_required"))
    _refuse_characters(
        {
            "title": info.title,
            "description": info.description,
            "organisation": info.organisation,
            "contact": info.contact,
            "deadline": info.deadline,
        }
    )
    if info.language not in ("da", "en"):
        raise SelectionError(t("selection.bad_language", language=info.language))
    known = classification_ids(conn).domains
    for name in info.domains:
        if name not in known:
            raise SelectionError(t("selection.unknown_domain", name=name))
    deadline = judge_deadline(info.deadline)
    if deadline.state is DeadlineState.INVALID:
        raise SelectionError(t("selection.bad_deadline", value=deadline.text))
    return replace(info, deadline=deadline.stored)


def _refuse_characters(texts: Mapping[str, str]) -> None:
    """Refuse texts that break the character rule of `text_rules` (the title is one line)."""
    refusal = check_texts(texts, one_line=("title",))
    if refusal is not None:
        raise SelectionError(refusal)


def _write_domains(conn: Connection, selection_id: int, domains: tuple[str, ...]) -> None:
    conn.execute("DELETE FROM selection_domain WHERE selection_id = ?", (selection_id,))
    conn.executemany(
        "INSERT INTO selection_domain (selection_id, domain_id) "
        "SELECT ?, id FROM domain WHERE name = ?",
        [(selection_id, name) for name in dict.fromkeys(domains)],
    )


def get_selection(conn: Connection, selection_id: int) -> Selection:
    """One selection by id; `SelectionError` if there is none."""
    row = conn.execute("SELECT * FROM selection WHERE id = ?", (selection_id,)).fetchone()
    if row is None:
        raise SelectionError(t("selection.unknown", name=str(selection_id)))
    domains = tuple(
        name
        for (name,) in conn.execute(
            "SELECT d.name FROM selection_domain sd JOIN domain d ON d.id = sd.domain_id "
            "WHERE sd.selection_id = ? ORDER BY d.position, d.id",
            (selection_id,),
        )
    )
    answers = {
        name: Answer(answer)
        for name, answer in conn.execute(
            "SELECT g.name, a.answer FROM selection_answer a JOIN tag g ON g.id = a.tag_id "
            "WHERE a.selection_id = ? ORDER BY g.position, g.id",
            (selection_id,),
        )
    }
    info = SelectionInfo(
        title=row["title"],
        description=row["description"],
        organisation=row["organisation"],
        contact=row["contact"],
        deadline=row["deadline"],
        domains=domains,
        priority_enabled=bool(row["priority_enabled"]),
        language=row["language"],
        prices_requested=_prices_requested(row),
    )
    return Selection(
        id=row["id"],
        info=info,
        answers=answers,
        status=Status(row["status"]),
        version=row["version"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def _prices_requested(row: Any) -> bool:
    """Whether the selection asks for prices; a catalogue from before schema v10 opened
    read-only (so not upgraded) has no such column, and every selection then asked."""
    columns = row.keys()
    return bool(row["prices_requested"]) if "prices_requested" in columns else True


def find_selection(conn: Connection, name: str) -> Selection:
    """A selection by id or by title (case-insensitive); ambiguous titles are refused."""
    key = name.strip()
    if not storable(key):
        raise SelectionError(t("selection.unknown", name=name))
    if key.isascii() and key.isdigit() and len(key) < 19:  # an id fits in 64 bits
        found = conn.execute("SELECT id FROM selection WHERE id = ?", (int(key),)).fetchone()
        if found is not None:
            return get_selection(conn, found[0])
    lower = title_fold(conn)
    rows = conn.execute(
        f"SELECT id FROM selection WHERE {lower}(title) = {lower}(?) ORDER BY id", (key,)
    ).fetchall()
    if not rows:
        raise SelectionError(t("selection.unknown", name=name))
    if len(rows) > 1:
        ids = ", ".join(str(row[0]) for row in rows)
        raise SelectionError(t("selection.ambiguous", name=name, ids=ids))
    return get_selection(conn, rows[0][0])


def title_fold(conn: Connection) -> str:
    """The SQL function that makes two titles (or names) equal apart from letter case: SQLite's
    lower(), which folds A-Z only, or its equal on PostgreSQL (whose lower() folds Æ too)."""
    return "lower" if engine(conn) == "sqlite" else "kravtui_ascii_lower"


def list_selections(conn: Connection) -> list[SelectionSummary]:
    """Every selection, most recently changed first."""
    rows = conn.execute(
        "SELECT s.id, s.title, s.status, s.updated_at, "
        "(SELECT count(*) FROM selection_item i WHERE i.selection_id = s.id AND i.ticked = 1) "
        "FROM selection s ORDER BY s.updated_at DESC, s.id DESC"
    ).fetchall()
    return [SelectionSummary(r[0], r[1], Status(r[2]), r[4], r[3]) for r in rows]


def require_draft(conn: Connection, selection_id: int) -> None:
    """Refuse any change to a final (or unknown) selection."""
    row = conn.execute("SELECT status, title FROM selection WHERE id = ?", (selection_id,))
    found = row.fetchone()
    if found is None:
        raise SelectionError(t("selection.unknown", name=str(selection_id)))
    if found[0] == Status.FINAL.value:
        raise SelectionFinalError(t("selection.is_final", title=found[1]))


def touch(conn: Connection, selection_id: int) -> None:
    """Record that the selection changed (inside the caller's transaction)."""
    conn.execute(
        "UPDATE selection SET version = version + 1, updated_at = ? WHERE id = ?",
        (now_iso(), selection_id),
    )


def update_info(conn: Connection, selection_id: int, info: SelectionInfo) -> Selection:
    """Change a draft selection's metadata (title, domains, priority on/off, language, whether
    it asks for prices ...)."""
    info = _check_info(conn, info)
    with transaction(conn):
        require_draft(conn, selection_id)
        conn.execute(
            "UPDATE selection SET title = ?, description = ?, organisation = ?, contact = ?, "
            "deadline = ?, priority_enabled = ?, language = ?, prices_requested = ? WHERE id = ?",
            (*_info_values(info), selection_id),
        )
        _write_domains(conn, selection_id, info.domains)
        touch(conn, selection_id)
    return get_selection(conn, selection_id)


def rename_selection(conn: Connection, selection_id: int, title: str) -> Selection:
    """Give a draft selection a new title."""
    current = get_selection(conn, selection_id)
    return update_info(conn, selection_id, replace(current.info, title=title))


def set_answers(conn: Connection, selection_id: int, answers: Mapping[str, Answer]) -> Selection:
    """Record questionnaire answers (merged into earlier ones; unknown tags are refused)."""
    check_answers(conn, answers)
    with transaction(conn):
        require_draft(conn, selection_id)
        write_answers(conn, selection_id, answers)
        touch(conn, selection_id)
    return get_selection(conn, selection_id)


def check_answers(conn: Connection, answers: Mapping[str, Answer]) -> None:
    """Refuse answers to tags the catalogue does not have."""
    known = classification_ids(conn).tags
    for name in answers:
        if name not in known:
            raise SelectionError(t("selection.unknown_tag", name=name))


def resolve_tag_names(conn: Connection, answers: Mapping[str, Answer]) -> dict[str, Answer]:
    """`answers` keyed by the catalogue's own tag names: a name typed in another letter case
    (`persondata`, `FØLSOMME DATA`) is the tag it names. An unknown name is refused with the
    list of tags; a name that two tags share apart from case must be written exactly."""
    known = list(classification_ids(conn).tags)
    resolved: dict[str, Answer] = {}
    for name, answer in answers.items():
        if name in known:
            resolved[name] = answer
            continue
        matches = [tag for tag in known if tag.casefold() == name.strip().casefold()]
        if len(matches) > 1:
            raise SelectionError(t("selection.ambiguous_tag", name=name, tags=", ".join(matches)))
        if not matches:
            if not known:
                raise SelectionError(t("selection.no_tags"))
            raise SelectionError(
                t("selection.unknown_tag_listed", name=name, tags=", ".join(known))
            )
        resolved[matches[0]] = answer
    return resolved


def questions(
    conn: Connection, selection_id: int | None = None
) -> list[tuple[str, str, Answer | None]]:
    """The questionnaire: each tag with its question and, for a selection, its answer (None
    when unanswered), in the catalogue's order."""
    answers = get_selection(conn, selection_id).answers if selection_id is not None else {}
    return [
        (name, question, answers.get(name))
        for name, question in conn.execute("SELECT name, question FROM tag ORDER BY position, id")
    ]


def write_answers(conn: Connection, selection_id: int, answers: Mapping[str, Answer]) -> None:
    """Merge checked answers into the selection's (inside the caller's transaction)."""
    known = classification_ids(conn).tags
    conn.executemany(
        "INSERT INTO selection_answer (selection_id, tag_id, answer) VALUES (?, ?, ?) "
        "ON CONFLICT (selection_id, tag_id) DO UPDATE SET answer = excluded.answer",
        [(selection_id, known[name], answer.value) for name, answer in answers.items()],
    )


def finalise(
    conn: Connection, selection_id: int, *, allow_past_deadline: bool = False
) -> Selection:
    """Mark a draft final; from then on it cannot change.

    A response deadline before today is refused (`DeadlinePassedError`: the document would ask
    for answers by a date before its own) unless `allow_past_deadline`; a deadline that is not a
    date is always refused."""
    with transaction(conn):
        require_draft(conn, selection_id)
        check_deadline_for_final(conn, selection_id, allow_past=allow_past_deadline)
        conn.execute(
            "UPDATE selection SET status = 'final', version = version + 1, updated_at = ? "
            "WHERE id = ?",
            (now_iso(), selection_id),
        )
    return get_selection(conn, selection_id)


def check_deadline_for_final(
    conn: Connection, selection_id: int, *, allow_past: bool = False
) -> None:
    """Refuse a deadline that is not a date, or (unless `allow_past`) is before today."""
    (text,) = conn.execute(
        "SELECT deadline FROM selection WHERE id = ?", (selection_id,)
    ).fetchone()
    deadline = judge_deadline(text)
    if deadline.state is DeadlineState.INVALID:
        raise SelectionError(t("selection.bad_deadline", value=deadline.text))
    if deadline.state is DeadlineState.PAST and not allow_past:
        raise DeadlinePassedError(t("selection.deadline_passed_final", deadline=deadline.stored))


def duplicate_selection(conn: Connection, selection_id: int, title: str | None = None) -> Selection:
    """A new draft with the same metadata, answers and items (edits and reasons included)."""
    source = get_selection(conn, selection_id)
    if title:
        _refuse_characters({"title": title})
    new_title = title or t("selection.copy_of", title=source.title)
    at = now_iso()
    with transaction(conn):
        made = conn.execute(
            "INSERT INTO selection (title, description, organisation, contact, deadline, "
            "priority_enabled, language, prices_requested, created_at, updated_at) "
            "SELECT ?, description, organisation, contact, deadline, priority_enabled, language, "
            "prices_requested, ?, ? FROM selection WHERE id = ? RETURNING id",
            (new_title, at, at, selection_id),
        ).fetchone()
        if made is None:  # deleted by another session since it was read
            raise SelectionError(t("selection.unknown", name=str(selection_id)))
        new_id = int(made[0])
        for table, columns in (
            ("selection_domain", "domain_id"),
            ("selection_answer", "tag_id, answer"),
            (
                "selection_item",
                "requirement_id, uid, title, description, rationale, help_text, category_id, "
                "subcategory_id, importance, catalogue_version, ticked, edited, why",
            ),
        ):
            conn.execute(
                f"INSERT INTO {table} (selection_id, {columns}) "
                f"SELECT ?, {columns} FROM {table} WHERE selection_id = ?",
                (new_id, selection_id),
            )
    return get_selection(conn, new_id)


def delete_selection(conn: Connection, selection_id: int) -> None:
    """Delete a selection and its items (the catalogue is untouched)."""
    with transaction(conn):
        deleted = conn.execute("DELETE FROM selection WHERE id = ?", (selection_id,)).rowcount
    if not deleted:
        raise SelectionError(t("selection.unknown", name=str(selection_id)))
