"""Everything a selection's market dialogue holds, as one plain record for an export.

`read_answers_content(conn, selection_id)` reads, in one read snapshot: the selection's
identity (id, when it was created, title, its version now), the chosen vendor, and per vendor
(by name) its answer files oldest first and, per item (by uid), its answer in the current file,
the officer's current verdict and every verdict given on it, oldest first. An item that has
verdicts but no answer in the current file (it was not sent again) is kept with no choice, so
no verdict is lost.

The record holds no database id: an answer file is named in a verdict by its number among the
vendor's files (1 is the first imported; 0 when the file is gone), so the same dialogue always
gives the same record. `AnswersContent` is what `kravtui.interchange.answers_toml` writes and
reads back.
"""

from __future__ import annotations

from dataclasses import dataclass

from kravtui.answers.records import Choice, SourceKind, Status
from kravtui.answers.store import answers_available
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.selection.store import get_selection


@dataclass(frozen=True, slots=True)
class AnswerFile:
    """One answer file a vendor returned, as imported."""

    file: str
    sha256: str
    kind: SourceKind
    selection_version: int  # the selection's version the file was sent at
    imported_at: str
    imported_by: str
    current: bool


@dataclass(frozen=True, slots=True)
class Verdict:
    """One verdict on an answer; `answer_set` is the number of the vendor's file it was given on
    (1-based, 0 when that file is gone)."""

    status: Status
    comment: str
    author: str
    at: str
    answer_set: int


@dataclass(frozen=True, slots=True)
class ItemAnswer:
    """A vendor's answer to one item in its current file, with the officer's verdicts.

    `choice` None: no choice (`unclear_choice` holds what was written, if anything);
    `price_amount` in hundredths when the price is a number."""

    uid: str
    choice: Choice | None = None
    unclear_choice: str = ""
    elaboration: str = ""
    price: str = ""
    price_amount: int | None = None
    text_changed: bool = False
    status: Status = Status.NONE
    comment: str = ""
    history: tuple[Verdict, ...] = ()


@dataclass(frozen=True, slots=True)
class VendorAnswers:
    """One vendor: its answer files (oldest first) and its answers by uid (in uid order)."""

    name: str
    answer_sets: tuple[AnswerFile, ...]
    items: tuple[ItemAnswer, ...]


@dataclass(frozen=True, slots=True)
class AnswersContent:
    """A selection's identity and version now, its chosen vendor ('' when none) and every
    vendor's answers (by name)."""

    selection_id: int
    created_at: str
    title: str
    version: int
    winner: str = ""
    vendors: tuple[VendorAnswers, ...] = ()


def read_answers_content(conn: Connection, selection_id: int) -> AnswersContent:
    """The selection's market dialogue as one record (see the module); `SelectionError` for an
    unknown selection."""
    with read_snapshot(conn):
        selection = get_selection(conn, selection_id)
        if not answers_available(conn):
            vendors: list[VendorAnswers] = []
            chosen = ""
        else:
            vendors = _vendors(conn, selection_id)
            row = conn.execute(
                "SELECT v.name FROM selection_winner w JOIN vendor v ON v.id = w.vendor_id "
                "WHERE w.selection_id = ?",
                (selection_id,),
            ).fetchone()
            chosen = str(row[0]) if row is not None else ""
    return AnswersContent(
        selection_id=selection.id,
        created_at=selection.created_at,
        title=selection.title,
        version=selection.version,
        winner=chosen,
        vendors=tuple(vendors),
    )


def _vendors(conn: Connection, selection_id: int) -> list[VendorAnswers]:
    """Every vendor with an answer file for the selection, by name (code point order)."""
    sets: dict[int, list[tuple[int, AnswerFile]]] = {}
    names: dict[int, str] = {}
    for row in conn.execute(
        "SELECT a.vendor_id, v.name, a.id, a.source_name, a.source_sha256, a.source_kind, "
        "a.selection_version, a.imported_at, a.imported_by, a.current "
        "FROM answer_set a JOIN vendor v ON v.id = a.vendor_id "
        "WHERE a.selection_id = ? ORDER BY a.vendor_id, a.id",
        (selection_id,),
    ):
        names[row[0]] = str(row[1])
        answer_file = AnswerFile(
            file=str(row[3]),
            sha256=str(row[4]),
            kind=SourceKind(str(row[5])),
            selection_version=int(row[6]),
            imported_at=str(row[7]),
            imported_by=str(row[8]),
            current=bool(row[9]),
        )
        sets.setdefault(row[0], []).append((int(row[2]), answer_file))
    vendors = [
        _vendor(conn, selection_id, vendor_id, names[vendor_id], files)
        for vendor_id, files in sets.items()
    ]
    return sorted(vendors, key=lambda vendor: vendor.name)


def _vendor(
    conn: Connection,
    selection_id: int,
    vendor_id: int,
    name: str,
    files: list[tuple[int, AnswerFile]],
) -> VendorAnswers:
    numbers = {set_id: number for number, (set_id, _) in enumerate(files, start=1)}
    current = next((set_id for set_id, answer_file in files if answer_file.current), None)
    answers: dict[str, ItemAnswer] = {}
    if current is not None:
        for row in conn.execute(
            "SELECT uid, choice, unclear_choice, elaboration, price, price_amount, text_changed "
            "FROM vendor_answer WHERE answer_set_id = ?",
            (current,),
        ):
            uid = str(row[0])
            answers[uid] = ItemAnswer(
                uid=uid,
                choice=Choice(str(row[1])) if row[1] else None,
                unclear_choice=str(row[2]),
                elaboration=str(row[3]),
                price=str(row[4]),
                price_amount=int(row[5]) if row[5] is not None else None,
                text_changed=bool(row[6]),
            )
    history: dict[str, list[Verdict]] = {}
    for row in conn.execute(
        "SELECT uid, status, comment, author, at, answer_set_id FROM answer_assessment "
        "WHERE selection_id = ? AND vendor_id = ? ORDER BY id",
        (selection_id, vendor_id),
    ):
        verdict = Verdict(
            status=Status(str(row[1])),
            comment=str(row[2]),
            author=str(row[3]),
            at=str(row[4]),
            answer_set=numbers.get(row[5], 0),
        )
        history.setdefault(str(row[0]), []).append(verdict)
    items = []
    for uid in sorted(answers.keys() | history.keys(), key=uid_sort_key):
        verdicts = tuple(history.get(uid, ()))
        answer = answers.get(uid, ItemAnswer(uid))
        latest = verdicts[-1] if verdicts else None
        items.append(
            ItemAnswer(
                uid=uid,
                choice=answer.choice,
                unclear_choice=answer.unclear_choice,
                elaboration=answer.elaboration,
                price=answer.price,
                price_amount=answer.price_amount,
                text_changed=answer.text_changed,
                status=latest.status if latest else Status.NONE,
                comment=latest.comment if latest else "",
                history=verdicts,
            )
        )
    return VendorAnswers(name, tuple(answer_file for _, answer_file in files), tuple(items))
