"""The evaluation report's content: each vendor's counts, then every item in document order with
each vendor's answer and the officer's current verdict, read one item at a time.

`evaluation_report(conn, selection_id)` opens one read transaction (so the counts and the items
agree) and gives an `EvaluationReport`: the vendors' summaries (`VendorSummary`), the chosen
vendor, and `items()`, which reads the selection's ticked items in document order and, for
each, every vendor's answer and current verdict by one indexed query, so a writer holds one
item at a time whatever the size. The summaries are counted by a first walk of the same items
(`_Tally`), by the rules of `compare` (whose comparison holds every answer of every vendor at
once; the report's memory does not grow with the items), and a test holds them equal to the
counts the Besvarelser screen and `kravtui answers list` show. Items a vendor answered that have
left the selection since come last, by uid, without a priority (as in the comparison) but with
the title the selection had for them.

A selection that asks for no prices gives a report without them (`summary.shows_prices`):
`EvaluationReport.shows_prices` is False, and no answer carries a price nor any vendor a sum
of prices, whatever the vendors wrote.

`as_of` is the time of the latest change the report shows (the selection, an imported file, a
verdict, the choice of vendor): a report says when its data is from without reading the clock,
so the same data gives the same report. No file formats here; the writers are in
`kravtui.interchange`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from kravtui.answers.assessments import winner
from kravtui.answers.records import (
    CHOICE_ORDER,
    STATUS_ORDER,
    AnswerSetInfo,
    Choice,
    Status,
    Vendor,
    VendorAnswer,
)
from kravtui.answers.store import answer_sets, answers_available
from kravtui.answers.summary import FAILING, PriorityCounts, VendorSummary, shows_prices
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.selection.items import ticked_rows
from kravtui.selection.store import get_selection

_LEVELS = {level.value: level for level in IMPORTANCE_ORDER}
_COUNTED: tuple[Importance | None, ...] = (*reversed(IMPORTANCE_ORDER), None)  # as `compare`
_TICKED = "SELECT count(*) FROM selection_item WHERE selection_id = ? AND ticked = 1"
_ANSWERS = (  # every asked vendor's answer to one item and its latest verdict, one row a set
    "SELECT s.id, a.uid IS NOT NULL, a.choice, a.unclear_choice, a.elaboration, a.price, "
    "a.price_amount, a.text_changed, v.status, v.comment FROM answer_set s "
    "LEFT JOIN vendor_answer a ON a.answer_set_id = s.id AND a.uid = ? "
    "LEFT JOIN answer_assessment v ON v.id = ("
    "  SELECT b.id FROM answer_assessment b WHERE b.selection_id = ? "
    "  AND b.vendor_id = s.vendor_id AND b.uid = ? ORDER BY b.id DESC LIMIT 1) "
    "WHERE s.id IN ({sets})"
)
_EXTRA = (  # with the title the selection had for it, when it still has the unticked item
    "SELECT a.uid, COALESCE(max(i.title), '') FROM vendor_answer a "
    "JOIN answer_set s ON s.id = a.answer_set_id "
    "LEFT JOIN selection_item i ON i.selection_id = s.selection_id AND i.uid = a.uid "
    "WHERE s.selection_id = ? AND s.current = 1 AND a.uid NOT IN ("
    "  SELECT uid FROM selection_item WHERE selection_id = ? AND ticked = 1) "
    "GROUP BY a.uid ORDER BY a.uid{collation}"
)
_AS_OF = (
    "SELECT max(at) FROM ("
    "  SELECT max(imported_at) AS at FROM answer_set WHERE selection_id = ?"
    "  UNION ALL SELECT max(at) FROM answer_assessment WHERE selection_id = ?"
    "  UNION ALL SELECT chosen_at FROM selection_winner WHERE selection_id = ?) AS latest"
)


@dataclass(frozen=True, slots=True)
class ReportAnswer:
    """One vendor's answer to one item with the officer's current verdict. `answer` is None
    when the vendor's file did not hold the item (it joined the selection later)."""

    answer: VendorAnswer | None
    status: Status
    comment: str
    fails_minimum: bool

    @property
    def choice(self) -> Choice | None:
        return self.answer.choice if self.answer is not None else None


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One item with each vendor's answer, in the order the vendors were asked for.
    `importance` is None for an item no longer in the selection; `description` is "" unless
    the texts were asked for."""

    uid: str
    title: str
    description: str
    importance: Importance | None
    needs_elaboration: bool
    answers: tuple[ReportAnswer, ...]


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """What an evaluation report shows; valid inside `evaluation_report`'s block only.
    `shows_prices`: whether the report shows prices and their sums (`summary.shows_prices`)."""

    selection_id: int
    title: str
    organisation: str
    version: int
    as_of: str
    vendors: tuple[VendorSummary, ...]
    winner: Vendor | None
    item_count: int  # the selection's items and those answered that left it
    extra: tuple[tuple[str, str], ...] = ()  # (uid, title) answered, no longer selected
    failed: tuple[tuple[tuple[str, str, Choice | None], ...], ...] = ()  # by vendor
    sets: tuple[AnswerSetInfo, ...] = ()  # the vendors' current answer sets, by name
    shows_prices: bool = True
    conn: Connection | None = field(default=None, repr=False, compare=False)

    def items(
        self, *, texts: bool = False, vendors: Sequence[int] | None = None
    ) -> Iterator[ReportItem]:
        """Every item in document order, then the `extra` ones, each with the answers of the
        vendors numbered `vendors` (every vendor by default); with `texts`, their
        descriptions."""
        conn = self.conn
        assert conn is not None, "the report's items are read inside evaluation_report"
        numbers = range(len(self.sets)) if vendors is None else vendors
        chosen = [self.sets[number] for number in numbers]
        read = _Reader(conn, self.selection_id, chosen, prices=self.shows_prices)
        for row in ticked_rows(conn, self.selection_id, texts=texts):
            importance = _LEVELS[row[7]]
            answers = read(row[2], importance)
            yield ReportItem(row[2], row[3], row[4], importance, bool(row[9]), answers)
        for uid, title in self.extra:
            yield ReportItem(uid, title, "", None, False, read(uid, None))

    def failing(self, vendor: int) -> tuple[tuple[str, str, Choice | None], ...]:
        """(uid, title, choice) of each minimum requirement vendor number `vendor` answered
        Nej or Ikke relevant (`VendorSummary.fails_minimum`), in document order."""
        return self.failed[vendor]


class _Reader:
    """The answers of the given vendors' sets to one item at a time: one indexed query;
    without `prices`, each answer without its price."""

    def __init__(
        self,
        conn: Connection,
        selection_id: int,
        sets: Sequence[AnswerSetInfo],
        *,
        prices: bool,
    ) -> None:
        self.conn = conn
        self.selection_id = selection_id
        self.prices = prices
        self.ids = [answer_set.id for answer_set in sets]
        self.sql = _ANSWERS.format(sets=", ".join(str(int(i)) for i in self.ids))

    def __call__(self, uid: str, importance: Importance | None) -> tuple[ReportAnswer, ...]:
        if not self.ids:
            return ()
        values = (uid, self.selection_id, uid)
        rows = {row[0]: row for row in self.conn.execute(self.sql, values)}
        return tuple(_shown(uid, rows[i], importance, self.prices) for i in self.ids)


def _shown(
    uid: str, row: Sequence[object], importance: Importance | None, prices: bool
) -> ReportAnswer:
    """`_ANSWERS`' row for one vendor as its answer and verdict (without `prices`, the answer
    without its price)."""
    status = Status(str(row[8])) if row[8] is not None else Status.NONE
    comment = str(row[9]) if row[9] is not None else ""
    if not row[1]:
        return ReportAnswer(None, status, comment, fails_minimum=False)
    amount = row[6] if prices else None
    answer = VendorAnswer(
        uid=uid,
        choice=Choice(str(row[2])) if row[2] else None,
        unclear_choice=str(row[3]),
        elaboration=str(row[4]),
        price=str(row[5]) if prices else "",
        price_amount=int(str(amount)) if amount is not None else None,
        text_changed=bool(row[7]),
    )
    fails = importance is Importance.ABSOLUTE and answer.choice in FAILING
    return ReportAnswer(answer, status, comment, fails)


class _Tally:
    """One vendor's counts, an item at a time, by `compare._summary`'s rules: choices by
    priority (an item no longer selected counts its choice only), the unanswered (no answer,
    or an unclear one), and the prices and statuses of the answered items only."""

    def __init__(self, answer_set: AnswerSetInfo, chosen: bool) -> None:
        self.answer_set = answer_set
        self.chosen = chosen
        self.choices = {level: [0] * len(CHOICE_ORDER) for level in _COUNTED}
        self.unanswered = dict.fromkeys(_COUNTED, 0)
        self.statuses = dict.fromkeys(STATUS_ORDER, 0)
        self.answered = self.items = self.total = self.priced = 0
        self.unpriced: list[str] = []
        self.failed: list[tuple[str, str, Choice | None]] = []

    def add(self, item: ReportItem, shown: ReportAnswer) -> None:
        if item.importance is not None:
            self.items += 1
        answer = shown.answer
        if answer is None or answer.choice is None:
            if item.importance is not None:
                self.unanswered[item.importance] += 1
            return
        self.answered += 1
        self.choices[item.importance][CHOICE_ORDER.index(answer.choice)] += 1
        self.statuses[shown.status] += 1
        if answer.price and answer.price_amount is not None:
            self.total += answer.price_amount
            self.priced += 1
        elif answer.price:
            self.unpriced.append(item.uid)
        if shown.fails_minimum:
            self.failed.append((item.uid, item.title, answer.choice))

    def summary(self) -> VendorSummary:
        by_priority = tuple(
            PriorityCounts(level, tuple(self.choices[level]), self.unanswered[level])
            for level in _COUNTED
            if level is not None or any(self.choices[None])
        )
        return VendorSummary(
            vendor=self.answer_set.vendor,
            answer_set=self.answer_set,
            by_priority=by_priority,
            answered=self.answered,
            items=self.items,
            price_total=self.total,
            priced=self.priced,
            unpriced=tuple(self.unpriced),
            fails_minimum=tuple(uid for uid, _, _ in self.failed),
            statuses=tuple(self.statuses.items()),
            chosen=self.chosen,
        )


@contextmanager
def evaluation_report(conn: Connection, selection_id: int) -> Iterator[EvaluationReport]:
    """The selection's evaluation report (`SelectionError` for an unknown selection), read in
    one read transaction that lasts the `with` block."""
    with read_snapshot(conn):
        selection = get_selection(conn, selection_id)
        sets = tuple(s for s in answer_sets(conn, selection_id) if s.current)
        chosen = winner(conn, selection_id) if sets else None
        extra: tuple[tuple[str, str], ...] = ()
        as_of = selection.updated_at
        if answers_available(conn):
            collation = "" if engine(conn) == "sqlite" else ' COLLATE "C"'  # SQLite's order
            rows = conn.execute(_EXTRA.format(collation=collation), (selection_id,) * 2)
            extra = tuple((str(uid), str(title)) for uid, title in rows)
            latest = conn.execute(_AS_OF, (selection_id,) * 3).fetchone()[0]
            as_of = max(as_of, str(latest or ""))
        ticked = int(conn.execute(_TICKED, (selection_id,)).fetchone()[0])
        report = EvaluationReport(
            selection_id=selection_id,
            title=selection.info.title,
            organisation=selection.info.organisation,
            version=selection.version,
            as_of=as_of,
            vendors=(),
            winner=chosen,
            item_count=ticked + len(extra),
            extra=extra,
            sets=sets,
            shows_prices=shows_prices(selection.info),
            conn=conn,
        )
        tallies = [_Tally(s, s.vendor == chosen) for s in sets]
        if tallies:
            for item in report.items():
                for tally, shown in zip(tallies, item.answers, strict=True):
                    tally.add(item, shown)
        yield replace(
            report,
            vendors=tuple(tally.summary() for tally in tallies),
            failed=tuple(tuple(tally.failed) for tally in tallies),
        )
