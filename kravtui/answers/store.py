"""Vendors and their answer sets: import a returned file all or nothing, read answers back.

`import_answers` judges a read file against its selection and stores it in one transaction: the
vendor (made on first import), a new current answer set, one answer per item sent. A corrected
file imported later becomes the current set; the earlier set stays as history (``current = 0``),
answers and all. The same file imported again changes nothing. A refused file changes nothing.
Who imported it: kravtui's user on SQLite, the login role on PostgreSQL (written there by the
server, `kravtui.catalogue.history.author_of`).

A catalogue opened read-only from before the answers' schema has no answer tables: the readers
here then find no vendors and no answers rather than failing (`answers_available`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kravtui.answers.errors import AnswersError
from kravtui.answers.judge import ImportReport, judge
from kravtui.answers.records import (
    AnswerSetInfo,
    Choice,
    ReturnedFile,
    SourceKind,
    Vendor,
    VendorAnswer,
)
from kravtui.answers.sent import sent_selection
from kravtui.catalogue.db import now_iso, transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.history import author_of
from kravtui.catalogue.text_rules import check_texts
from kravtui.i18n import t
from kravtui.selection.typed_keys import storable

VENDOR_NAME_LIMIT = 200
"""The longest vendor name, in characters."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the answer set now current, the report, whether a new vendor was
    made, whether an earlier set became history, and whether the file was already the current
    one (then nothing was written)."""

    answer_set: AnswerSetInfo
    report: ImportReport
    new_vendor: bool = False
    replaced: bool = False
    unchanged: bool = False


def answers_available(conn: Connection) -> bool:
    """Whether the catalogue has the answers' tables (an old one opened read-only has not;
    a PostgreSQL catalogue always has them: its first schema is newer than they are)."""
    if engine(conn) != "sqlite":
        return True
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'answer_set'"
    ).fetchone()
    return found is not None


def check_vendor_name(name: str) -> str:
    """The vendor name to store (spaces trimmed); `AnswersError` for an empty, overlong or
    multi-line name, or one with control characters."""
    cleaned = name.strip()
    if not cleaned:
        raise AnswersError(t("answers.vendor_required"))
    refusal = check_texts({"vendor": cleaned}, one_line=("vendor",))
    if refusal is not None:
        raise AnswersError(refusal)
    if len(cleaned) > VENDOR_NAME_LIMIT:
        raise AnswersError(t("answers.vendor_too_long", limit=VENDOR_NAME_LIMIT))
    return cleaned


def _by_name(conn: Connection) -> str:
    """Vendors by name as SQLite orders text (code point by code point) on either engine."""
    return "v.name" if engine(conn) == "sqlite" else 'v.name COLLATE "C"'


def _vendor_row(conn: Connection, name: str) -> Vendor | None:
    """The vendor named `name`, exactly or apart from letter case (an exact name wins)."""
    key = name.strip()
    if not storable(key) or not answers_available(conn):
        return None
    exact = conn.execute("SELECT id, name FROM vendor WHERE name = ?", (key,)).fetchone()
    if exact is not None:
        return Vendor(exact[0], exact[1])
    folded = key.casefold()
    matches = [
        Vendor(row[0], row[1])
        for row in conn.execute("SELECT id, name FROM vendor ORDER BY id")
        if str(row[1]).casefold() == folded
    ]
    if len(matches) > 1:
        names = ", ".join(vendor.name for vendor in matches)
        raise AnswersError(t("answers.vendor_ambiguous", name=name, names=names))
    return matches[0] if matches else None


def find_vendor(conn: Connection, name: str) -> Vendor:
    """A vendor by name (any letter case); `AnswersError` when there is none."""
    found = _vendor_row(conn, name)
    if found is None:
        raise AnswersError(t("answers.vendor_unknown", name=name))
    return found


def vendors_of(conn: Connection, selection_id: int) -> list[Vendor]:
    """The vendors with answers to the selection, by name."""
    if not answers_available(conn):
        return []
    rows = conn.execute(
        "SELECT v.id, v.name FROM vendor v JOIN answer_set a ON a.vendor_id = v.id "
        f"WHERE a.selection_id = ? AND a.current = 1 ORDER BY {_by_name(conn)}, v.id",
        (selection_id,),
    )
    return [Vendor(row[0], row[1]) for row in rows]


def import_answers(
    conn: Connection, selection_id: int, vendor_name: str, returned: ReturnedFile
) -> ImportResult:
    """Judge `returned` against the selection and store it as the vendor's current answers.

    Raises `AnswersError` (nothing written) when the file is refused. The selection is read
    under the write lock, so the file is judged against the selection it is stored beside.
    """
    name = check_vendor_name(vendor_name)
    with transaction(conn):
        judged = judge(sent_selection(conn, selection_id), returned)
        vendor = _vendor_row(conn, name)
        new_vendor = vendor is None
        if vendor is None:
            (vendor_id,) = conn.execute(
                "INSERT INTO vendor (name, created_at) VALUES (?, ?) RETURNING id",
                (name, now_iso()),
            ).fetchone()
            vendor = Vendor(int(vendor_id), name)
        current = _current_set(conn, selection_id, vendor)
        if current is not None and current.source_sha256 == returned.sha256:
            return ImportResult(current, judged.report, unchanged=True)
        conn.execute(
            "UPDATE answer_set SET current = 0 WHERE selection_id = ? AND vendor_id = ? "
            "AND current = 1",
            (selection_id, vendor.id),
        )
        (set_id,) = conn.execute(
            "INSERT INTO answer_set (selection_id, vendor_id, selection_version, source_name, "
            "source_sha256, source_kind, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (
                selection_id,
                vendor.id,
                returned.identity.version,
                returned.source_name,
                returned.sha256,
                returned.kind.value,
                now_iso(),
                author_of(conn),  # on PostgreSQL the server writes the login role
            ),
        ).fetchone()
        conn.executemany(
            "INSERT INTO vendor_answer (answer_set_id, uid, choice, unclear_choice, elaboration, "
            "price, price_amount, text_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    set_id,
                    answer.uid,
                    answer.choice.value if answer.choice is not None else "",
                    answer.unclear_choice,
                    answer.elaboration,
                    answer.price,
                    answer.price_amount,
                    int(answer.text_changed),
                )
                for answer in judged.answers
            ],
        )
        stored = _current_set(conn, selection_id, vendor)
    assert stored is not None
    return ImportResult(stored, judged.report, new_vendor=new_vendor, replaced=current is not None)


_SET_SELECT = (
    "SELECT a.id, a.vendor_id, v.name, a.selection_id, a.selection_version, a.source_name, "
    "a.source_sha256, a.source_kind, a.imported_at, a.imported_by, a.current "
    "FROM answer_set a JOIN vendor v ON v.id = a.vendor_id "
)


def _set_from_row(row: Any) -> AnswerSetInfo:
    return AnswerSetInfo(
        id=int(str(row[0])),
        vendor=Vendor(int(str(row[1])), str(row[2])),
        selection_id=int(str(row[3])),
        selection_version=int(str(row[4])),
        source_name=str(row[5]),
        source_sha256=str(row[6]),
        source_kind=SourceKind(str(row[7])),
        imported_at=str(row[8]),
        imported_by=str(row[9]),
        current=bool(row[10]),
    )


def _current_set(conn: Connection, selection_id: int, vendor: Vendor) -> AnswerSetInfo | None:
    row = conn.execute(
        _SET_SELECT + "WHERE a.selection_id = ? AND a.vendor_id = ? AND a.current = 1",
        (selection_id, vendor.id),
    ).fetchone()
    return _set_from_row(row) if row is not None else None


def current_set(conn: Connection, selection_id: int, vendor: Vendor) -> AnswerSetInfo:
    """The vendor's current answer set for the selection; `AnswersError` when it has none."""
    found = _current_set(conn, selection_id, vendor) if answers_available(conn) else None
    if found is None:
        raise AnswersError(t("answers.no_answers", vendor=vendor.name))
    return found


def answer_sets(
    conn: Connection, selection_id: int, vendor: Vendor | None = None
) -> list[AnswerSetInfo]:
    """Every answer set of the selection (of one vendor, if given), earlier ones included:
    by vendor name, then newest first."""
    if not answers_available(conn):
        return []
    where = "WHERE a.selection_id = ?" + (" AND a.vendor_id = ?" if vendor is not None else "")
    values: tuple[int, ...] = (selection_id,) if vendor is None else (selection_id, vendor.id)
    order = f" ORDER BY {_by_name(conn)}, v.id, a.id DESC"
    rows = conn.execute(_SET_SELECT + where + order, values)
    return [_set_from_row(row) for row in rows]


_ANSWER_SELECT = (
    "SELECT uid, choice, unclear_choice, elaboration, price, price_amount, text_changed "
    "FROM vendor_answer WHERE answer_set_id = ?"
)


def _answer(row: Any) -> VendorAnswer:
    amount = row[5]
    return VendorAnswer(
        uid=str(row[0]),
        choice=Choice(str(row[1])) if row[1] else None,
        unclear_choice=str(row[2]),
        elaboration=str(row[3]),
        price=str(row[4]),
        price_amount=int(str(amount)) if amount is not None else None,
        text_changed=bool(row[6]),
    )


def answers_of_set(conn: Connection, answer_set_id: int) -> dict[str, VendorAnswer]:
    """The answers of one set, by uid."""
    return {
        answer.uid: answer
        for answer in map(_answer, conn.execute(_ANSWER_SELECT, (answer_set_id,)))
    }


def answer_of(conn: Connection, answer_set: AnswerSetInfo, uid: str) -> VendorAnswer | None:
    """The answer set's answer to `uid`, or None when it holds none."""
    if not storable(uid):
        return None
    row = conn.execute(_ANSWER_SELECT + " AND uid = ?", (answer_set.id, uid)).fetchone()
    return _answer(row) if row is not None else None
