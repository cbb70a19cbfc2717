"""The officer's verdicts on vendors' answers, with their history, and the chosen vendor.

Every change of a verdict is a new row: the latest per (selection, vendor, item) is the current
one, the earlier ones are its history. A verdict is given on an item the vendor's current answer
set holds and names that set, so a later, corrected answer file shows which verdicts were given
on an earlier answer. "Accepteret med kommentar" needs its comment. A new status given without
a comment keeps the answer's current comment (both faces: a status key in the TUI, `answers
assess` without `--comment`); an empty comment given clears it. The winner ("valgt
leverandør") is a vendor with answers to the selection; choosing another replaces it.

Who gave a verdict or chose the winner: kravtui's user on SQLite, the login role on PostgreSQL,
written there by the server (`kravtui.catalogue.history.author_of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kravtui.answers.errors import AnswersError
from kravtui.answers.records import Assessment, Status, Vendor
from kravtui.answers.store import answers_available, answers_of_set, current_set
from kravtui.catalogue.db import now_iso, transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.history import author_of
from kravtui.catalogue.text_rules import check_texts
from kravtui.i18n import t, uid_list
from kravtui.selection.typed_keys import storable

COMMENT_LIMIT = 10_000
"""The longest comment, in characters."""


def assess(
    conn: Connection,
    selection_id: int,
    vendor: Vendor,
    uids: Sequence[str],
    status: Status,
    comment: str | None = None,
) -> tuple[str, ...]:
    """Give `status` and `comment` to the vendor's answers to `uids`, in one transaction; the
    uids whose verdict changed (one already so is left without a new history row). Without a
    `comment` (None) each answer keeps its current comment; "" clears it.

    Refused (`AnswersError`, nothing written): no uids, a uid the vendor's answers do not hold,
    a comment that breaks the character rule or is too long, "accepted with comment" for an
    answer that would have none.
    """
    given = None if comment is None else _checked_comment(comment)
    if status.needs_comment and given == "":
        raise AnswersError(t("answers.comment_required", status=t(status.label_key)))
    wanted = list(dict.fromkeys(uid.strip() for uid in uids))
    if not wanted:
        raise AnswersError(t("answers.no_uids"))
    at = now_iso()
    author = author_of(conn)  # on PostgreSQL the login role, as the server writes it anyway
    with transaction(conn):
        answer_set = current_set(conn, selection_id, vendor)
        held = answers_of_set(conn, answer_set.id)
        unknown = [uid for uid in wanted if uid not in held]
        if unknown:
            raise AnswersError(
                t("answers.not_answered_items", vendor=vendor.name, uids=uid_list(unknown))
            )
        now = current_assessments(conn, selection_id, vendor)
        comments = {
            uid: given if given is not None else (now[uid].comment if uid in now else "")
            for uid in wanted
        }
        if status.needs_comment and not all(comments.values()):
            raise AnswersError(t("answers.comment_required", status=t(status.label_key)))
        changed = tuple(
            uid
            for uid in wanted
            if uid not in now
            or (now[uid].status, now[uid].comment, now[uid].answer_set_id)
            != (status, comments[uid], answer_set.id)
        )
        conn.executemany(
            "INSERT INTO answer_assessment (selection_id, vendor_id, uid, answer_set_id, status, "
            "comment, author, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    selection_id,
                    vendor.id,
                    uid,
                    answer_set.id,
                    status.value,
                    comments[uid],
                    author,
                    at,
                )
                for uid in changed
            ],
        )
    return changed


def _checked_comment(comment: str) -> str:
    """A comment as stored (line breaks as LF, trimmed); `AnswersError` when it breaks the
    character rule or is longer than `COMMENT_LIMIT`."""
    text = comment.replace("\r\n", "\n").replace("\r", "\n").strip()
    refusal = check_texts({"comment": text})
    if refusal is not None:
        raise AnswersError(refusal)
    if len(text) > COMMENT_LIMIT:
        raise AnswersError(t("answers.comment_too_long", limit=COMMENT_LIMIT))
    return text


_ASSESSMENT_COLUMNS = "uid, status, comment, author, at, answer_set_id"


def _assessment(row: Any) -> Assessment:
    answer_set_id = row[5]
    return Assessment(
        uid=str(row[0]),
        status=Status(str(row[1])),
        comment=str(row[2]),
        author=str(row[3]),
        at=str(row[4]),
        answer_set_id=int(str(answer_set_id)) if answer_set_id is not None else None,
    )


def current_assessments(
    conn: Connection, selection_id: int, vendor: Vendor
) -> dict[str, Assessment]:
    """The current verdict on each of the vendor's answers that has one, by uid."""
    if not answers_available(conn):
        return {}
    rows = conn.execute(
        f"SELECT {_ASSESSMENT_COLUMNS} FROM answer_assessment a "
        "WHERE selection_id = ? AND vendor_id = ? AND id = ("
        "  SELECT max(id) FROM answer_assessment b WHERE b.selection_id = a.selection_id "
        "  AND b.vendor_id = a.vendor_id AND b.uid = a.uid)",
        (selection_id, vendor.id),
    )
    return {str(row[0]): _assessment(row) for row in rows}


def assessment_history(
    conn: Connection, selection_id: int, vendor: Vendor, uid: str
) -> list[Assessment]:
    """Every verdict given on the vendor's answer to `uid`, newest first."""
    if not storable(uid) or not answers_available(conn):
        return []
    rows = conn.execute(
        f"SELECT {_ASSESSMENT_COLUMNS} FROM answer_assessment "
        "WHERE selection_id = ? AND vendor_id = ? AND uid = ? ORDER BY id DESC",
        (selection_id, vendor.id, uid),
    )
    return [_assessment(row) for row in rows]


def choose_winner(conn: Connection, selection_id: int, vendor: Vendor) -> None:
    """Make `vendor` the selection's chosen vendor; it must have answered the selection."""
    with transaction(conn):
        current_set(conn, selection_id, vendor)
        conn.execute(
            "INSERT INTO selection_winner (selection_id, vendor_id, chosen_at, chosen_by) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (selection_id) DO UPDATE SET "
            "vendor_id = excluded.vendor_id, chosen_at = excluded.chosen_at, "
            "chosen_by = excluded.chosen_by",
            (selection_id, vendor.id, now_iso(), author_of(conn)),
        )


def clear_winner(conn: Connection, selection_id: int) -> bool:
    """No chosen vendor for the selection any more; whether there was one."""
    with transaction(conn):
        removed = conn.execute(
            "DELETE FROM selection_winner WHERE selection_id = ?", (selection_id,)
        ).rowcount
    return bool(removed)


def winner(conn: Connection, selection_id: int) -> Vendor | None:
    """The selection's chosen vendor, if one is chosen."""
    if not answers_available(conn):
        return None
    row = conn.execute(
        "SELECT v.id, v.name FROM selection_winner w JOIN vendor v ON v.id = w.vendor_id "
        "WHERE w.selection_id = ?",
        (selection_id,),
    ).fetchone()
    return Vendor(row[0], row[1]) if row is not None else None
