"""Comparing vendors: each one's answers beside the selection's items, counts by priority and
choice, the sum of prices, and the minimum requirements it fails.

Priorities are the selection's as it is now (an item removed from the selection since the file
was sent is counted without one). A vendor that answers a minimum requirement ("Mindstekrav")
with Nej or Ikke relevant fails it: `VendorSummary.fails_minimum` lists them, never hidden.

Prices are shown only for a selection that asks for them (`shows_prices`, the one rule every
view, count and report of the answers follows).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kravtui.answers.assessments import current_assessments, winner
from kravtui.answers.records import (
    CHOICE_ORDER,
    AnswerSetInfo,
    Assessment,
    Choice,
    Status,
    Vendor,
    VendorAnswer,
)
from kravtui.answers.store import answers_of_set, current_set, vendors_of
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.selection.items import list_items
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import get_selection

FAILING: frozenset[Choice] = frozenset({Choice.NO, Choice.NOT_RELEVANT})
"""The choices that fail a minimum requirement."""


def shows_prices(info: SelectionInfo) -> bool:
    """Whether the answers to a selection are shown with prices: when it asks vendors for them.

    A selection that asks for none shows no price anywhere (the Besvarelser screen, `kravtui
    answers list|show`, the evaluation report) and counts none: a price a vendor wrote anyway
    (a file answered before the selection stopped asking, a hand-made one) stays in the
    catalogue and in the answers' TOML, but is left out of the views and the sums, which would
    otherwise add up a few prices nobody asked for."""
    return info.prices_requested


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One item with a vendor's answer and the officer's current verdict, for display."""

    uid: str
    title: str
    importance: Importance | None  # None: no longer in the selection
    answer: VendorAnswer | None  # None: the vendor's file did not hold the item
    assessment: Assessment | None

    @property
    def fails_minimum(self) -> bool:
        return (
            self.importance is Importance.ABSOLUTE
            and self.answer is not None
            and self.answer.choice in FAILING
        )


@dataclass(frozen=True, slots=True)
class PriorityCounts:
    """How a vendor answered the items of one priority: a count per choice in `CHOICE_ORDER`,
    and the unanswered ones (no choice, or an unclear one)."""

    importance: Importance | None
    choices: tuple[int, ...]
    unanswered: int

    def count(self, choice: Choice) -> int:
        return self.choices[CHOICE_ORDER.index(choice)]


@dataclass(frozen=True, slots=True)
class VendorSummary:
    """One vendor's answers to a selection at a glance."""

    vendor: Vendor
    answer_set: AnswerSetInfo
    by_priority: tuple[PriorityCounts, ...]  # the most binding priority first
    answered: int
    items: int
    price_total: int  # hundredths, of the prices that are numbers
    priced: int
    unpriced: tuple[str, ...]  # a price was given but is no number
    fails_minimum: tuple[str, ...]
    statuses: tuple[tuple[Status, int], ...]
    chosen: bool


def _titles(conn: Connection, selection_id: int) -> dict[str, tuple[str, Importance]]:
    return {
        item.uid: (item.snapshot.title, item.snapshot.importance)
        for item in list_items(conn, selection_id)
    }


def answer_lines(conn: Connection, selection_id: int, vendor: Vendor) -> list[AnswerLine]:
    """The selection's items in document order with the vendor's current answers and verdicts;
    then answers to items no longer in the selection. Without prices asked for (`shows_prices`)
    the answers carry none."""
    answer_set = current_set(conn, selection_id, vendor)
    answers = answers_of_set(conn, answer_set.id)
    if not shows_prices(get_selection(conn, selection_id).info):
        answers = {uid: _unpriced(answer) for uid, answer in answers.items()}
    verdicts = current_assessments(conn, selection_id, vendor)
    items = _titles(conn, selection_id)
    lines = [
        AnswerLine(uid, title, importance, answers.get(uid), verdicts.get(uid))
        for uid, (title, importance) in items.items()
    ]
    lines.extend(
        AnswerLine(uid, "", None, answer, verdicts.get(uid))
        for uid, answer in answers.items()
        if uid not in items
    )
    return lines


def _unpriced(answer: VendorAnswer) -> VendorAnswer:
    return replace(answer, price="", price_amount=None) if answer.price else answer


def summarise(conn: Connection, selection_id: int) -> list[VendorSummary]:
    """A summary of every vendor with answers to the selection, by name."""
    chosen = winner(conn, selection_id)
    summaries = []
    for vendor in vendors_of(conn, selection_id):
        lines = answer_lines(conn, selection_id, vendor)
        answer_set = current_set(conn, selection_id, vendor)
        summaries.append(_summary(vendor, answer_set, lines, chosen == vendor))
    return summaries


def _summary(
    vendor: Vendor, answer_set: AnswerSetInfo, lines: list[AnswerLine], chosen: bool
) -> VendorSummary:
    levels: list[Importance | None] = [*reversed(IMPORTANCE_ORDER), None]
    counts = {level: [0] * len(CHOICE_ORDER) for level in levels}
    unanswered = dict.fromkeys(levels, 0)
    statuses = dict.fromkeys(Status, 0)
    total = priced = answered = 0
    unpriced: list[str] = []
    for line in lines:
        answer = line.answer
        if answer is None or answer.choice is None:
            if line.importance is not None:
                unanswered[line.importance] += 1
            continue
        answered += 1
        counts[line.importance][CHOICE_ORDER.index(answer.choice)] += 1
        if answer.price_amount is not None:
            total += answer.price_amount
            priced += 1
        elif answer.price:
            unpriced.append(line.uid)
        statuses[line.assessment.status if line.assessment else Status.NONE] += 1
    by_priority = tuple(
        PriorityCounts(level, tuple(counts[level]), unanswered[level])
        for level in levels
        if level is not None or any(counts[None])
    )
    return VendorSummary(
        vendor=vendor,
        answer_set=answer_set,
        by_priority=by_priority,
        answered=answered,
        items=sum(1 for line in lines if line.importance is not None),
        price_total=total,
        priced=priced,
        unpriced=tuple(unpriced),
        fails_minimum=tuple(line.uid for line in lines if line.fails_minimum),
        statuses=tuple(statuses.items()),
        chosen=chosen,
    )
