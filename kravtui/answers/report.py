"""The evaluation report's content: each vendor's counts, then every item in document order with
each vendor's answer and the officer's current verdict, read one item at a time.

`evaluation_report(conn, selection_id)` opens one read transaction (so the counts and the items
agree) and gives an `EvaluationReport`: the vendors' summaries (`VendorSummary`, the very counts
the Besvarelser screen and `kravtui answers list` show, from `compare.load_comparison`), the
chosen vendor, and `items()`, which reads the selection's ticked items in document order and,
for each, every vendor's answer and current verdict by two indexed look-ups, so a writer holds
one item at a time whatever the size. Items a vendor answered that have left the selection since
come last, by uid, without a priority (as in the comparison) but with the title the selection
had for them.

`as_of` is the time of the latest change the report shows (the selection, an imported file, a
verdict, the choice of vendor): a report says when its data is from without reading the clock,
so the same data gives the same report. No file formats here; the writers are in
`kravtui.interchange`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from kravtui.answers.compare import load_comparison
from kravtui.answers.records import Choice, Status, Vendor, VendorAnswer
from kravtui.answers.store import answers_available
from kravtui.answers.summary import FAILING, VendorSummary
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.selection.items import ticked_rows
from kravtui.selection.store import get_selection

_LEVELS = {level.value: level for level in IMPORTANCE_ORDER}
_ANSWER = (
    "SELECT choice, unclear_choice, elaboration, price, price_amount, text_changed "
    "FROM vendor_answer WHERE answer_set_id = ? AND uid = ?"
)
_VERDICT = (
    "SELECT status, comment FROM answer_assessment "
    "WHERE selection_id = ? AND vendor_id = ? AND uid = ? ORDER BY id DESC LIMIT 1"
)
_TITLE = "SELECT title FROM selection_item WHERE selection_id = ? AND uid = ? AND ticked = 1"
_EXTRA = (  # with the title the selection had for it, when it still has the unticked item
    "SELECT a.uid, COALESCE(max(i.title), '') FROM vendor_answer a "
    "JOIN answer_set s ON s.id = a.answer_set_id "
    "LEFT JOIN selection_item i ON i.selection_id = s.selection_id AND i.uid = a.uid "
    "WHERE s.selection_id = ? AND s.current = 1 AND a.uid NOT IN ("
    "  SELECT uid FROM selection_item WHERE selection_id = ? AND ticked = 1) "
    "GROUP BY a.uid ORDER BY a.uid"
)
_AS_OF = (
    "SELECT max(at) FROM ("
    "  SELECT max(imported_at) AS at FROM answer_set WHERE selection_id = :id"
    "  UNION ALL SELECT max(at) FROM answer_assessment WHERE selection_id = :id"
    "  UNION ALL SELECT chosen_at FROM selection_winner WHERE selection_id = :id)"
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
    """What an evaluation report shows; valid inside `evaluation_report`'s block only."""

    selection_id: int
    title: str
    organisation: str
    version: int
    as_of: str
    vendors: tuple[VendorSummary, ...]
    winner: Vendor | None
    item_count: int  # the selection's items and those answered that left it
    extra: tuple[tuple[str, str], ...] = ()  # (uid, title) answered, no longer selected
    conn: sqlite3.Connection | None = field(default=None, repr=False, compare=False)

    def items(
        self, *, texts: bool = False, vendors: Sequence[int] | None = None
    ) -> Iterator[ReportItem]:
        """Every item in document order, then the `extra` ones, each with the answers of the
        vendors numbered `vendors` (every vendor by default); with `texts`, their
        descriptions."""
        conn = self.conn
        assert conn is not None, "the report's items are read inside evaluation_report"
        chosen = [
            self.vendors[i] for i in (range(len(self.vendors)) if vendors is None else vendors)
        ]
        for row in ticked_rows(conn, self.selection_id, texts=texts):
            importance = _LEVELS[row[7]]
            answers = tuple(_answer(conn, self.selection_id, s, row[2], importance) for s in chosen)
            yield ReportItem(row[2], row[3], row[4], importance, bool(row[9]), answers)
        for uid, title in self.extra:
            answers = tuple(_answer(conn, self.selection_id, s, uid, None) for s in chosen)
            yield ReportItem(uid, title, "", None, False, answers)

    def failing(self, vendor: int) -> list[tuple[str, str, Choice | None]]:
        """(uid, title, choice) of each minimum requirement vendor number `vendor` answered
        Nej or Ikke relevant (`VendorSummary.fails_minimum`), in document order."""
        conn = self.conn
        assert conn is not None, "the report's items are read inside evaluation_report"
        summary = self.vendors[vendor]
        found = []
        for uid in summary.fails_minimum:
            row = conn.execute(_TITLE, (self.selection_id, uid)).fetchone()
            shown = _answer(conn, self.selection_id, summary, uid, Importance.ABSOLUTE)
            found.append((uid, str(row[0]) if row else "", shown.choice))
        return found


def _answer(
    conn: sqlite3.Connection,
    selection_id: int,
    summary: VendorSummary,
    uid: str,
    importance: Importance | None,
) -> ReportAnswer:
    row = conn.execute(_ANSWER, (summary.answer_set.id, uid)).fetchone()
    verdict = conn.execute(_VERDICT, (selection_id, summary.vendor.id, uid)).fetchone()
    status, comment = (Status(verdict[0]), str(verdict[1])) if verdict else (Status.NONE, "")
    if row is None:
        return ReportAnswer(None, status, comment, fails_minimum=False)
    answer = VendorAnswer(
        uid=uid,
        choice=Choice(row[0]) if row[0] else None,
        unclear_choice=str(row[1]),
        elaboration=str(row[2]),
        price=str(row[3]),
        price_amount=int(row[4]) if row[4] is not None else None,
        text_changed=bool(row[5]),
    )
    fails = importance is Importance.ABSOLUTE and answer.choice in FAILING
    return ReportAnswer(answer, status, comment, fails)


@contextmanager
def evaluation_report(conn: sqlite3.Connection, selection_id: int) -> Iterator[EvaluationReport]:
    """The selection's evaluation report (`SelectionError` for an unknown selection), read in
    one read transaction that lasts the `with` block."""
    with read_snapshot(conn):
        selection = get_selection(conn, selection_id)
        comparison = load_comparison(conn, selection_id)
        summaries = tuple(comparison.summaries)
        count = len(comparison.items)
        winner = comparison.winner
        del comparison  # a byte per item and vendor: not kept while the items are written
        extra: tuple[tuple[str, str], ...] = ()
        as_of = selection.updated_at
        if answers_available(conn):
            extra = tuple(
                (str(uid), str(title)) for uid, title in conn.execute(_EXTRA, (selection_id,) * 2)
            )
            latest = conn.execute(_AS_OF, {"id": selection_id}).fetchone()[0]
            as_of = max(as_of, str(latest or ""))
        yield EvaluationReport(
            selection_id=selection_id,
            title=selection.info.title,
            organisation=selection.info.organisation,
            version=selection.version,
            as_of=as_of,
            vendors=summaries,
            winner=winner,
            item_count=count,
            extra=extra,
            conn=conn,
        )
