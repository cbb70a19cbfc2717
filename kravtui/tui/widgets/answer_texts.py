"""What the Besvarelser screen writes about vendors and answers beside the grid: each vendor's
counts at the top, and one answer in full in the detail pane.

The counts per vendor: answered of all, how many the officer has assessed, the sum of the prices
that are numbers (when the selection asks for prices: `Comparison.shows_prices`, as the price in
the detail), the minimum requirements failed; then per priority the choices given (glyph
and number) and the unanswered. The detail: the requirement, the vendor's choice in words with
its marks spelt out, price, status and comment, the elaboration, the other vendors' choices, the
requirement text and the verdicts given. Every text from a file or the catalogue is escaped
(`plain`); nothing is read as markup.
"""

from __future__ import annotations

from rich.text import Text

from kravtui.answers.compare import Comparison
from kravtui.answers.records import CHOICE_ORDER, Choice, Status
from kravtui.answers.summary import VendorSummary
from kravtui.application.answers import AnswerDetail, amount_text
from kravtui.i18n import human_time, t
from kravtui.tui.widgets.answer_columns import (
    CURRENT,
    NONE_GLYPH,
    choice_glyph,
    choice_word,
    price_text,
)
from kravtui.tui.widgets.item_view import part_mark
from kravtui.tui.widgets.row_painter import plain
from kravtui.tui.widgets.status_line import number

_FAILS = part_mark("fails")


def _counts(summary: VendorSummary) -> Text:
    parts = []
    for counts in summary.by_priority:
        shown = [
            f"{choice.glyph}{number(counts.count(choice))}"
            for choice in CHOICE_ORDER
            if counts.count(choice)
        ]
        if counts.unanswered:
            shown.append(f"{NONE_GLYPH}{number(counts.unanswered)}")
        if shown:
            level = (
                t(counts.importance.label_key) if counts.importance else t("answers.cli.removed")
            )
            parts.append(f"{level} " + " ".join(shown))
    return Text("  " + " · ".join(parts))


def vendor_summary(summary: VendorSummary, current: bool, prices: bool = True) -> Text:
    """Two lines on one vendor: its totals (with `prices`, the sum of its prices), then its
    choices by priority (the grid's glyphs, `○` for the unanswered)."""
    text = Text(f"{CURRENT if current else ' '} ", style="bold")
    text.append(plain(summary.vendor.name), "bold")
    if summary.chosen:
        text.append(f" ★ {t('answers.winner')}", "bold")
    statuses = dict(summary.statuses)
    assessed = summary.answered - statuses.get(Status.NONE, 0)
    facts = [
        t("tui.answers.answered", answered=number(summary.answered), items=number(summary.items)),
        t("tui.answers.assessed", count=number(assessed)),
    ]
    if prices:
        facts.append(t("tui.answers.prices", total=amount_text(summary.price_total)))
    text.append(" · " + " · ".join(facts))
    if summary.fails_minimum:
        text.append(" · ")
        text.append(t("tui.answers.fails", count=number(len(summary.fails_minimum))), _FAILS)
    text.append("\n")
    text.append_text(_counts(summary))
    return text


def summary_text(comparison: Comparison, shown: range, vendor: int) -> Text:
    """The counts of the vendors shown in the grid, the one the keys act on marked `▸`."""
    prices = comparison.shows_prices
    lines = [vendor_summary(comparison.vendors[i].summary, i == vendor, prices) for i in shown]
    return Text("\n").join(lines)


def _section(text: Text, heading: str, body: str) -> None:
    text.append(f"\n{heading}:\n", "bold")
    for line in body.splitlines() or ["—"]:
        text.append(f"  {plain(line)}\n")


def detail_text(comparison: Comparison, row: int, vendor: int, detail: AnswerDetail) -> Text:
    """Vendor number `vendor`'s answer to the requirement in row `row`, in full."""
    cell = comparison.cell(row, vendor)
    item = detail.item
    text = Text(f"{plain(item.uid)}  {plain(item.title)}\n", style="bold")
    level = t(item.importance.label_key) if item.importance else t("tui.answers.removed")
    text.append(f"{t('field.importance')}: {level}\n")
    text.append(f"{plain(detail.vendor.name)}: ", "bold")
    text.append(f"{choice_glyph(cell)} {choice_word(cell, full=True)}", "bold")
    answer = detail.answer
    if answer is not None and answer.ambiguous:
        text.append("  (" + t("tui.answers.wrote", text=plain(answer.unclear_choice)) + ")")
    if comparison.shows_prices:
        text.append(f"   {t('field.price')}: {price_text(cell.price) or '—'}")
    text.append("\n")
    if cell.fails_minimum:
        text.append(f"! {t('answers.cli.fails_this_minimum')}\n", _FAILS)
    if cell.text_changed:
        text.append(f"Δ {t('answers.cli.text_changed')}\n")
    if answer is None:
        text.append(t("tui.answers.not_in_file") + "\n")
    if item.needs_elaboration:
        text.append(t("tui.answers.must_elaborate") + "\n")
    current = detail.history[0] if detail.history else None
    status = current.status if current else Status.NONE
    text.append(f"{t('tui.answers.status_label')}: {t(status.label_key)}\n", "bold")
    if current is not None and current.comment:
        _section(text, t("field.comment"), current.comment)
    elaboration = answer.elaboration if answer else ""
    if not elaboration and (item.needs_elaboration or cell.choice is Choice.YES_PARTIAL):
        text.append(t("tui.answers.elaboration_missing") + "\n", "bold")
    _section(text, t("field.elaboration"), elaboration)
    others = [
        f"{plain(column.vendor.name)} {choice_glyph(c)} {choice_word(c, full=True)}"
        for index, column in enumerate(comparison.vendors)
        if index != vendor
        for c in (comparison.cell(row, index),)
    ]
    if others:
        text.append(f"\n{t('tui.answers.others')}: ", "bold")
        text.append("; ".join(others) + "\n")
    if detail.description:
        _section(text, t("tui.answers.requirement_text"), detail.description)
    if detail.history:
        text.append(f"\n{t('tui.answers.history')}:\n", "bold")
        for verdict in detail.history:
            said = " / ".join(plain(line) for line in verdict.comment.splitlines())
            comment = f": {said}" if said else ""
            who = plain(verdict.author)
            text.append(
                f"  {human_time(verdict.at)}  {who}  {t(verdict.status.label_key)}{comment}\n"
            )
    text.rstrip()
    return text
