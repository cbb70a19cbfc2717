"""Judging a returned answer file against its selection: the import report, before anything
is stored.

`judge(now, returned)` takes the selection as it is now (`sent_selection`) and a file as a reader
read it (`ReturnedFile`) and either refuses the file (`AnswersError`: another selection, a
version this catalogue never had, text that breaks the character rule) or returns the answers to
store with the report: answered N of M; unanswered items; ambiguous items (two choices, or a
word that is none); missing elaborations (Ja, delvist, and every item that needs one) and prices
(Ja, som tilkøb, when the selection asks for prices); items whose requirement text or priority
the vendor changed (by the content hash the file carries, or as the file's reader compared what
it shows, `ReturnedRow.text_changed`); rows for items that were not sent;
and, when the selection has changed since the file was sent, what changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kravtui.answers.errors import AnswersError
from kravtui.answers.price import price_amount
from kravtui.answers.records import (
    Choice,
    ReturnedFile,
    ReturnedRow,
    SentItem,
    SentRecord,
    SentSelection,
    VendorAnswer,
)
from kravtui.answers.sent import content_hash
from kravtui.answers.words import read_choice
from kravtui.catalogue.text_rules import refusal_reason, refused_character
from kravtui.i18n import t


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """An item whose answer names no single choice, and what the vendor wrote."""

    uid: str
    written: str


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an imported (or judged) answer file holds; every list is in file order."""

    source_name: str
    sent: int
    answered: int
    unanswered: tuple[str, ...] = ()
    ambiguous: tuple[Ambiguous, ...] = ()
    missing_elaboration: tuple[str, ...] = ()
    missing_price: tuple[str, ...] = ()
    text_changed: tuple[str, ...] = ()
    not_in_selection: tuple[str, ...] = ()
    version_sent: int = 0
    version_now: int = 0
    added_since_sent: tuple[str, ...] = ()
    removed_since_sent: tuple[str, ...] = ()
    changed_since_sent: tuple[str, ...] = ()

    @property
    def selection_changed(self) -> bool:
        """Whether the selection is no longer the version the file answers."""
        return bool(
            self.version_sent != self.version_now
            or self.added_since_sent
            or self.removed_since_sent
            or self.changed_since_sent
        )

    @property
    def complete(self) -> bool:
        """Every item answered, clearly, with what it needs, and nothing changed or foreign."""
        return not (
            self.unanswered
            or self.ambiguous
            or self.missing_elaboration
            or self.missing_price
            or self.text_changed
            or self.not_in_selection
            or self.selection_changed
        )


@dataclass(frozen=True, slots=True)
class Judged:
    """The answers to store (one per item sent, in file order) and the report."""

    answers: tuple[VendorAnswer, ...]
    report: ImportReport


def judge(now: SentSelection, returned: ReturnedFile) -> Judged:
    """Judge `returned` against the selection `now`; `AnswersError` when it is refused."""
    _check_identity(now, returned)
    rows: dict[str, ReturnedRow] = {}
    duplicated: set[str] = set()
    sent_uids = {record.uid for record in returned.sent}
    not_in_selection: list[str] = []
    for row in returned.rows:
        _check_texts(returned.source_name, row)
        if row.uid not in sent_uids:
            if row.uid not in not_in_selection and _has_content(row):
                not_in_selection.append(row.uid)
            continue
        if row.uid in rows:
            duplicated.add(row.uid)
        else:
            rows[row.uid] = row
    answers: list[VendorAnswer] = []
    report = _Collector()
    for record in returned.sent:
        answer = _answer(record, rows.get(record.uid), duplicated=record.uid in duplicated)
        answers.append(answer)
        report.add(record, answer, returned.identity.prices_requested)
    changes = _changes_since_sent(now, returned.sent)
    return Judged(
        tuple(answers),
        ImportReport(
            source_name=returned.source_name,
            sent=len(returned.sent),
            answered=sum(1 for answer in answers if answer.answered),
            unanswered=tuple(report.unanswered),
            ambiguous=tuple(report.ambiguous),
            missing_elaboration=tuple(report.missing_elaboration),
            missing_price=tuple(report.missing_price),
            text_changed=tuple(report.text_changed),
            not_in_selection=tuple(not_in_selection),
            version_sent=returned.identity.version,
            version_now=now.version,
            added_since_sent=changes[0],
            removed_since_sent=changes[1],
            changed_since_sent=changes[2],
        ),
    )


def _check_identity(now: SentSelection, returned: ReturnedFile) -> None:
    identity = returned.identity
    if identity.selection_id != now.selection_id or identity.created_at != now.created_at:
        raise AnswersError(t("answers.other_selection", path=returned.source_name, title=now.title))
    if identity.version > now.version:
        raise AnswersError(
            t(
                "answers.unknown_version",
                path=returned.source_name,
                version=identity.version,
                current=now.version,
            )
        )


def _has_content(row: ReturnedRow) -> bool:
    return bool(row.uid or row.choice_text.strip() or row.elaboration.strip() or row.price.strip())


def _check_texts(source: str, row: ReturnedRow) -> None:
    """Refuse the file when a text it would store breaks the character rule (`text_rules`)."""
    for text in (row.uid, row.choice_text, row.elaboration, row.price):
        refused = refused_character(text)
        if refused is not None:
            reason = refusal_reason(refused, one_line=False)
            raise AnswersError(f"{source}:{row.place}: {reason}")


def _answer(record: SentRecord, row: ReturnedRow | None, *, duplicated: bool) -> VendorAnswer:
    if row is None:
        return VendorAnswer(record.uid, None)
    read = read_choice(row.choice_text)
    choice, unclear = read.choice, read.unclear
    if duplicated:
        choice, unclear = None, t("answers.two_rows")
    changed = row.text_changed
    if changed is None:
        shown = SentItem(
            uid=row.uid,
            title=row.title,
            description=row.description,
            importance=row.priority,
            needs_elaboration=record.needs_elaboration,
        )
        changed = bool(row.priority_text) or content_hash(shown) != record.content_hash
    price = row.price.strip()
    amount = row.price_amount if row.price_amount is not None else price_amount(price)
    return VendorAnswer(
        uid=record.uid,
        choice=choice,
        unclear_choice=unclear,
        elaboration=row.elaboration.strip(),
        price=price,
        price_amount=amount if price else None,
        text_changed=changed,
    )


class _Collector:
    """The report's item lists, filled one item at a time."""

    def __init__(self) -> None:
        self.unanswered: list[str] = []
        self.ambiguous: list[Ambiguous] = []
        self.missing_elaboration: list[str] = []
        self.missing_price: list[str] = []
        self.text_changed: list[str] = []

    def add(self, record: SentRecord, answer: VendorAnswer, prices_requested: bool) -> None:
        if answer.text_changed:
            self.text_changed.append(record.uid)
        if answer.ambiguous:
            self.ambiguous.append(Ambiguous(record.uid, answer.unclear_choice))
            return
        if answer.choice is None:
            self.unanswered.append(record.uid)
            return
        needs_elaboration = record.needs_elaboration or answer.choice is Choice.YES_PARTIAL
        if needs_elaboration and not answer.elaboration:
            self.missing_elaboration.append(record.uid)
        if answer.choice is Choice.YES_ADDON and prices_requested and not answer.price:
            self.missing_price.append(record.uid)


def _changes_since_sent(
    now: SentSelection, sent: tuple[SentRecord, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Items added to, removed from and changed in the selection since the file was sent."""
    then = {record.uid: record.content_hash for record in sent}
    current = {item.uid: content_hash(item) for item in now.items}
    added = tuple(uid for uid in current if uid not in then)
    removed = tuple(uid for uid in then if uid not in current)
    changed = tuple(
        uid for uid, digest in then.items() if uid in current and current[uid] != digest
    )
    return added, removed, changed
