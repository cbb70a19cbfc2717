"""Every vendor's answers to a selection side by side, item by item: what the Besvarelser screen
shows and filters, and each vendor's counts (the same `VendorSummary` as `summary.summarise`).

`load_comparison` reads the selection's items in document order, then every vendor's current
answers and the officer's current verdicts in one query each, kept as one small code per item
and vendor (the choice and three marks) instead of a record, so that 10 vendors × 10,000 items
load in a fraction of a second. The long texts (elaboration, comment, history) are read for one
answer at a time, when it is shown (`store.answer_of`, `assessments.assessment_history`).

A selection that asks for no prices is compared without them (`summary.shows_prices`):
`Comparison.shows_prices` is False, no cell has a price and no vendor a sum of prices, whatever
the vendors wrote.

The filters pick items, never vendors: an item is shown when at least one vendor's answer
matches, and every vendor's answer to it is shown beside it, so a vendor that fails a minimum
requirement ("Mindstekrav" answered Nej or Ikke relevant) is shown as failing, never hidden.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from kravtui.answers.assessments import winner
from kravtui.answers.records import (
    CHOICE_ORDER,
    STATUS_ORDER,
    AnswerSetInfo,
    Choice,
    Status,
    Vendor,
)
from kravtui.answers.store import answer_sets, answers_available
from kravtui.answers.summary import FAILING, PriorityCounts, VendorSummary, shows_prices
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.selection.items import ticked_rows
from kravtui.selection.store import get_selection

# One byte per item and vendor: the choice in the low three bits, then three marks.
NO_ANSWER = 0  # the vendor's file held no answer (or none of the item)
UNCLEAR = 6  # an answer that names no single choice (two ticked, or another word)
CHOICE_MASK = 7
ELABORATED = 8  # the vendor wrote an elaboration
TEXT_CHANGED = 16  # the vendor changed the requirement text in the file
_CHOICE_CODE = {choice: position for position, choice in enumerate(CHOICE_ORDER, start=1)}
_FAILING_CODES = frozenset(_CHOICE_CODE[choice] for choice in FAILING)
_PARTIAL_CODE = _CHOICE_CODE[Choice.YES_PARTIAL]
_UNANSWERED_CODES = frozenset({NO_ANSWER, UNCLEAR})
_LEVELS: tuple[Importance | None, ...] = (*reversed(IMPORTANCE_ORDER), None)


class AnswerFilter(StrEnum):
    """Which items the comparison shows: every one, or those where at least one vendor's
    answer is unanswered (or unclear), needs an elaboration, differs from another vendor's,
    or fails a minimum requirement."""

    ALL = "all"
    UNANSWERED = "unanswered"
    ELABORATION = "elaboration"
    DIFFERENT = "different"
    FAILS_MINIMUM = "fails_minimum"

    @property
    def label_key(self) -> str:
        return f"answers.filter.{self.value}"


@dataclass(frozen=True, slots=True)
class ComparedItem:
    """One row of the comparison: an item of the selection in document order, or (at the end,
    with no importance) an item a vendor answered that has left the selection since."""

    uid: str
    title: str
    importance: Importance | None
    needs_elaboration: bool  # an info requirement: every vendor must elaborate


@dataclass(frozen=True, slots=True)
class Cell:
    """One vendor's answer to one item, as a grid shows it. `price` is the amount in
    hundredths, the vendor's text when it is no number, or None when there is no price."""

    choice: Choice | None
    unclear: bool
    elaborated: bool
    text_changed: bool
    price: int | str | None
    status: Status
    commented: bool
    fails_minimum: bool

    @property
    def answered(self) -> bool:
        return self.choice is not None


@dataclass(frozen=True, slots=True)
class VendorColumn:
    """One vendor's current answers: a code per item (see the module), the prices by item
    index, the current verdicts by item index (status, whether it has a comment), and the
    vendor's counts."""

    vendor: Vendor
    answer_set: AnswerSetInfo
    codes: bytes
    prices: Mapping[int, int | str]
    verdicts: Mapping[int, tuple[Status, bool]]
    summary: VendorSummary


class _Outline:
    """The comparison's rows: the items, the row of each uid, each row's priority as a byte (0
    Mindstekrav to 3 Option, 4 for an item no longer in the selection) and the rows of the
    minimum requirements, and how many items the selection holds; made once per comparison,
    shared by every vendor's counts."""

    __slots__ = ("index", "items", "levels", "minimum", "selected")

    def __init__(self, items: tuple[ComparedItem, ...], index: Mapping[str, int]) -> None:
        self.items = items
        self.index = index
        self.levels = bytes(_LEVELS.index(item.importance) for item in items)
        self.minimum = tuple(i for i, level in enumerate(self.levels) if level == 0)
        self.selected = sum(1 for item in items if item.importance is not None)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The selection's items down, its vendors across (by name), and the chosen vendor;
    `shows_prices`: whether prices are shown and summed (`summary.shows_prices`)."""

    selection_id: int
    title: str
    outline: _Outline
    vendors: tuple[VendorColumn, ...]
    winner: Vendor | None
    shows_prices: bool = True

    @property
    def items(self) -> tuple[ComparedItem, ...]:
        return self.outline.items

    @property
    def summaries(self) -> list[VendorSummary]:
        return [column.summary for column in self.vendors]

    def index_of(self, uid: str) -> int | None:
        """The row of `uid`, or None."""
        return self.outline.index.get(uid)

    def cell(self, item: int, vendor: int) -> Cell:
        """Vendor number `vendor`'s answer to item number `item`."""
        column = self.vendors[vendor]
        code = column.codes[item]
        choice_code = code & CHOICE_MASK
        status, commented = column.verdicts.get(item, (Status.NONE, False))
        return Cell(
            choice=CHOICE_ORDER[choice_code - 1] if 0 < choice_code < UNCLEAR else None,
            unclear=choice_code == UNCLEAR,
            elaborated=bool(code & ELABORATED),
            text_changed=bool(code & TEXT_CHANGED),
            price=column.prices.get(item),
            status=status,
            commented=commented,
            fails_minimum=self.items[item].importance is Importance.ABSOLUTE
            and choice_code in _FAILING_CODES,
        )

    def matching(self, answer_filter: AnswerFilter) -> list[int]:
        """The rows `answer_filter` shows, in order (see `AnswerFilter`)."""
        rows = range(len(self.items))
        if answer_filter is AnswerFilter.ALL:
            return list(rows)
        columns = [column.codes for column in self.vendors]
        if answer_filter is AnswerFilter.UNANSWERED:
            return [
                i for i in rows if any(c[i] & CHOICE_MASK in _UNANSWERED_CODES for c in columns)
            ]
        if answer_filter is AnswerFilter.DIFFERENT:
            if len(columns) < 2:
                return []
            return [i for i in rows if len({c[i] & CHOICE_MASK for c in columns}) > 1]
        if answer_filter is AnswerFilter.FAILS_MINIMUM:
            return [
                i
                for i in self.outline.minimum
                if any(c[i] & CHOICE_MASK in _FAILING_CODES for c in columns)
            ]
        asked = set().union(
            *(
                {
                    i
                    for i, (status, _) in column.verdicts.items()
                    if status is Status.ELABORATION_NEEDED
                }
                for column in self.vendors
            )
        )
        return [
            i
            for i in rows
            if self.items[i].needs_elaboration
            or i in asked
            or any(c[i] & CHOICE_MASK == _PARTIAL_CODE for c in columns)
        ]


def load_comparison(conn: Connection, selection_id: int) -> Comparison:
    """Every vendor's current answers to the selection (`SelectionError` for an unknown one)."""
    selection = get_selection(conn, selection_id)
    items = _items(conn, selection_id)
    sets = [s for s in answer_sets(conn, selection_id) if s.current]
    answers = [_answers(conn, answer_set.id) for answer_set in sets]
    index = {item.uid: position for position, item in enumerate(items)}
    extra = {row[0] for rows in answers for row in rows if row[0] not in index}
    for uid in sorted(extra):
        index[uid] = len(items)
        items.append(ComparedItem(uid, "", None, needs_elaboration=False))
    outline = _Outline(tuple(items), index)
    chosen = winner(conn, selection_id) if sets else None
    priced = shows_prices(selection.info)
    columns = []
    for answer_set, rows in zip(sets, answers, strict=True):
        codes = bytearray(len(items))
        prices: dict[int, int | str] = {}
        for uid, code, price in rows:
            position = index[uid]
            codes[position] = code
            if price is not None and priced:
                prices[position] = price
        own = _verdicts(conn, selection_id, answer_set.vendor.id, index)
        columns.append(_column(answer_set, outline, bytes(codes), prices, own, chosen))
    return Comparison(
        selection_id, selection.title, outline, tuple(columns), chosen, shows_prices=priced
    )


def reload_verdicts(conn: Connection, comparison: Comparison, vendor: int) -> Comparison:
    """`comparison` with vendor number `vendor`'s verdicts (and counts) read again, after an
    assessment: one query of that vendor's verdicts, not the whole comparison."""
    column = comparison.vendors[vendor]
    own = _verdicts(conn, comparison.selection_id, column.vendor.id, comparison.outline.index)
    changed = _column(
        column.answer_set,
        comparison.outline,
        column.codes,
        column.prices,
        own,
        comparison.winner,
    )
    vendors = (*comparison.vendors[:vendor], changed, *comparison.vendors[vendor + 1 :])
    return replace(comparison, vendors=vendors)


# Reading


def _items(conn: Connection, selection_id: int) -> list[ComparedItem]:
    info = {
        uid
        for (uid,) in conn.execute(
            "SELECT i.uid FROM selection_item i JOIN requirement r ON r.id = i.requirement_id "
            "WHERE i.selection_id = ? AND i.ticked = 1 AND r.info_requirement = 1",
            (selection_id,),
        )
    }
    levels = {level.value: level for level in IMPORTANCE_ORDER}
    return [
        ComparedItem(row[2], row[3], levels[row[7]], row[2] in info)
        for row in ticked_rows(conn, selection_id, texts=False)
    ]


_CODE_SQL = (
    "(CASE choice "
    + " ".join(f"WHEN '{choice.value}' THEN {code}" for choice, code in _CHOICE_CODE.items())
    + f" ELSE (CASE WHEN unclear_choice != '' THEN {UNCLEAR} ELSE {NO_ANSWER} END) END)"
    + f" + (CASE WHEN elaboration != '' THEN {ELABORATED} ELSE 0 END)"
    + f" + (CASE WHEN text_changed = 1 THEN {TEXT_CHANGED} ELSE 0 END)"
)


def _answers(conn: Connection, answer_set_id: int) -> list[tuple[str, int, int | str | None]]:
    """One answer set in one scan: (uid, code, price) with the price as an amount in
    hundredths, the vendor's text when it is no number, or None."""
    cursor = conn.cursor()
    cursor.row_factory = None
    if engine(conn) == "sqlite":
        return cursor.execute(
            f"SELECT uid, {_CODE_SQL}, "
            "CASE WHEN price != '' THEN COALESCE(price_amount, price) END "
            "FROM vendor_answer WHERE answer_set_id = ?",
            (answer_set_id,),
        ).fetchall()
    # A PostgreSQL column has one type: the amount and the text come apart, and join here.
    rows = cursor.execute(
        f"SELECT uid, {_CODE_SQL}, CASE WHEN price != '' THEN price_amount END, "
        "CASE WHEN price != '' AND price_amount IS NULL THEN price END "
        "FROM vendor_answer WHERE answer_set_id = ?",
        (answer_set_id,),
    )
    return [(uid, code, text if amount is None else amount) for uid, code, amount, text in rows]


_VERDICT_SQL = (
    "(CASE status "
    + " ".join(f"WHEN '{status.value}' THEN {2 * i}" for i, status in enumerate(STATUS_ORDER))
    + " END) + (CASE WHEN comment != '' THEN 1 ELSE 0 END)"
)
_VERDICTS = tuple((status, commented) for status in STATUS_ORDER for commented in (False, True))


def _verdicts(
    conn: Connection, selection_id: int, vendor_id: int, index: Mapping[str, int]
) -> dict[int, tuple[Status, bool]]:
    """The current verdict on each of the vendor's answers (status, whether it has a comment)
    by row: the index hands out each item's verdicts oldest first, and the newest is kept."""
    if not answers_available(conn):
        return {}
    cursor = conn.cursor()
    cursor.row_factory = None
    rows = cursor.execute(
        f"SELECT uid, {_VERDICT_SQL} FROM answer_assessment "
        "WHERE selection_id = ? AND vendor_id = ? ORDER BY uid, id",
        (selection_id, vendor_id),
    ).fetchall()
    return {index[uid]: _VERDICTS[code] for uid, code in rows if uid in index}


# Counting

_CHOICE_ONLY = bytes(code & CHOICE_MASK for code in range(256))  # a translate() table


def _column(
    answer_set: AnswerSetInfo,
    outline: _Outline,
    codes: bytes,
    prices: Mapping[int, int | str],
    verdicts: Mapping[int, tuple[Status, bool]],
    chosen: Vendor | None,
) -> VendorColumn:
    vendor = answer_set.vendor
    summary = _summary(answer_set, outline, codes, prices, verdicts, chosen == vendor)
    return VendorColumn(vendor, answer_set, codes, prices, verdicts, summary)


def _summary(
    answer_set: AnswerSetInfo,
    outline: _Outline,
    codes: bytes,
    prices: Mapping[int, int | str],
    verdicts: Mapping[int, tuple[Status, bool]],
    chosen: bool,
) -> VendorSummary:
    """The vendor's counts, as `summary.summarise` counts them from its answer lines: choices by
    priority, prices and verdicts of the answered items only."""
    choices = codes.translate(_CHOICE_ONLY)
    pairs = Counter(zip(outline.levels, choices, strict=True))
    by_priority = []
    for level_index, level in enumerate(_LEVELS):
        counts = tuple(pairs[level_index, code] for code in range(1, len(CHOICE_ORDER) + 1))
        if level is None and not any(counts):
            continue
        unanswered = sum(pairs[level_index, code] for code in _UNANSWERED_CODES)
        by_priority.append(PriorityCounts(level, counts, unanswered if level else 0))
    answered = sum(n for (_, code), n in pairs.items() if code not in _UNANSWERED_CODES)
    total = priced = 0
    unpriced: list[int] = []
    for position, price in prices.items():
        if choices[position] in _UNANSWERED_CODES:
            continue
        if isinstance(price, int):
            total += price
            priced += 1
        else:
            unpriced.append(position)
    statuses = dict.fromkeys(STATUS_ORDER, 0)
    for position, (status, _) in verdicts.items():
        if choices[position] not in _UNANSWERED_CODES:
            statuses[status] += 1
    statuses[Status.NONE] = answered - sum(statuses.values()) + statuses[Status.NONE]
    items = outline.items
    return VendorSummary(
        vendor=answer_set.vendor,
        answer_set=answer_set,
        by_priority=tuple(by_priority),
        answered=answered,
        items=outline.selected,
        price_total=total,
        priced=priced,
        unpriced=tuple(items[position].uid for position in sorted(unpriced)),
        fails_minimum=tuple(
            items[position].uid
            for position in outline.minimum
            if choices[position] in _FAILING_CODES
        ),
        statuses=tuple(statuses.items()),
        chosen=chosen,
    )
