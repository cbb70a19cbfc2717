"""The Besvarelser grid's columns: how many vendors fit beside the requirements at a width, and
each row and the header line written to them.

A row is the requirement (number, priority, title), then one cell per vendor shown: a separator
(`▸` before the vendor the keys act on), the choice as a glyph and a word, a mark (`!` a
minimum requirement failed, `Δ` the vendor changed the requirement text, `…` an elaboration
given), the price, and the officer's status as a short word (none shows nothing). A selection
that asks for no prices (`Comparison.shows_prices`) has no price column, and its width goes to
the title and the vendors beside it. The cells take short choice words ("Tilkøb") unless the
full ones ("Ja, som tilkøb") leave the title its room.
Every text is escaped and cut to its column with "…"; nothing is read as markup. Priorities
and uids carry a part mark (`part_mark`) that the grid turns into a readable colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from kravtui.answers.compare import Cell, Comparison
from kravtui.answers.records import CHOICE_ORDER, STATUS_ORDER, Status
from kravtui.application.answers import amount_text
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.i18n import t
from kravtui.tui.widgets.item_view import part_mark
from kravtui.tui.widgets.row_painter import fit, plain

CURSOR = "›"
CURRENT = "▸"
SEPARATOR = "│"
UNCLEAR_GLYPH = "?"
NONE_GLYPH = "○"
FAILS_MARK, CHANGED_MARK, ELABORATED_MARK = "!", "Δ", "…"
PRICE_WIDTH = 12
TITLE_MIN = 16  # the title keeps this many cells before a vendor is shown beside another
UID_MAX = 14


@dataclass(frozen=True, slots=True)
class Columns:
    """The widths of one layout and the vendors it shows (`first` and the `count` after it);
    `prices`: whether each vendor has a price column."""

    uid: int
    priority: int
    title: int
    word: int
    status: int
    full_words: bool
    first: int
    count: int
    prices: bool = True

    @property
    def cell(self) -> int:
        """Cells one vendor takes: "│ ✓ " then the word, " ! ", the price and " " (when there
        are prices), the status."""
        return 4 + self.word + 3 + (PRICE_WIDTH + 1 if self.prices else 0) + self.status

    @property
    def shown(self) -> range:
        return range(self.first, self.first + self.count)


def _words(full: bool) -> list[str]:
    if full:
        labels = [t(choice.label_key) for choice in CHOICE_ORDER]
        return [*labels, t("answers.choice.none"), t("tui.answers.unclear")]
    codes = [choice.value for choice in CHOICE_ORDER]
    return [t(f"tui.answers.short.{code}") for code in (*codes, "none", "unclear")]


def _widest(texts: list[str]) -> int:
    return max(cell_len(text) for text in texts)


def arrange_columns(
    width: int, vendors: int, current: int, first: int, uid_width: int, *, prices: bool = True
) -> Columns:
    """The layout for `width` cells with `current` among the vendors shown, starting from
    `first` when it can (the window moves as little as it must); without `prices`, no price
    column."""
    uid = min(max(uid_width, 3), UID_MAX)
    priority = _widest([t(level.label_key) for level in IMPORTANCE_ORDER])
    status = _widest([t(f"tui.answers.status.{s.value}") for s in STATUS_ORDER[1:]])
    left = 2 + uid + 1 + priority + 1
    short = Columns(uid, priority, 0, _widest(_words(False)), status, False, 0, 0, prices)
    count = max(1, (width - left - TITLE_MIN) // short.cell) if vendors else 0
    count = min(count, vendors)
    full = Columns(uid, priority, 0, _widest(_words(True)), status, True, 0, 0, prices)
    chosen = full if count and width - left - count * full.cell >= TITLE_MIN else short
    start = min(max(first, current - count + 1, 0), current, max(vendors - count, 0))
    title = max(width - left - count * chosen.cell, 0)
    return Columns(
        uid,
        priority,
        title,
        chosen.word,
        status,
        chosen.full_words,
        start if count else 0,
        count,
        prices,
    )


# One cell's texts


def choice_word(cell: Cell, full: bool) -> str:
    """The choice as a word: full ("Ja, som tilkøb") or short ("Tilkøb")."""
    code = "unclear" if cell.unclear else cell.choice.value if cell.choice else "none"
    if full:
        if cell.choice is not None:
            return t(cell.choice.label_key)
        return t("tui.answers.unclear") if cell.unclear else t("answers.choice.none")
    return t(f"tui.answers.short.{code}")


def choice_glyph(cell: Cell) -> str:
    if cell.choice is not None:
        return cell.choice.glyph
    return UNCLEAR_GLYPH if cell.unclear else NONE_GLYPH


def mark(cell: Cell) -> str:
    """The one mark a cell has room for, the weightiest first."""
    if cell.fails_minimum:
        return FAILS_MARK
    if cell.text_changed:
        return CHANGED_MARK
    return ELABORATED_MARK if cell.elaborated else " "


def price_text(price: int | str | None) -> str:
    """An amount in the reader's number style, the vendor's own text, or nothing."""
    if price is None:
        return ""
    return amount_text(price) if isinstance(price, int) else plain(price)


def status_word(status: Status) -> str:
    """The officer's status in a short word ("" for none)."""
    return "" if status is Status.NONE else t(f"tui.answers.status.{status.value}")


# Lines

_FAILS = part_mark("fails")


def _priority(importance: Importance | None, width: int) -> Text:
    if importance is None:
        return Text(" " * width)
    label = fit(t(importance.label_key), width)
    if importance in (Importance.ABSOLUTE, Importance.HIGH):
        return Text(label, style=part_mark(importance.value))
    return Text(label)


def _cell_text(cell: Cell, layout: Columns, current: bool) -> Text:
    fails = _FAILS if cell.fails_minimum else None
    text = Text(f"{CURRENT if current else SEPARATOR} {choice_glyph(cell)} ")
    text.append(fit(choice_word(cell, layout.full_words), layout.word), fails)
    text.append(" ")
    text.append(mark(cell), fails)
    if layout.prices:
        price = price_text(cell.price)
        fits = cell_len(price) <= PRICE_WIDTH
        text.append(f" {price.rjust(PRICE_WIDTH) if fits else fit(price, PRICE_WIDTH)}")
    text.append(" ")
    text.append(fit(status_word(cell.status), layout.status))
    return text


def _title_part(title: str, width: int) -> str:
    """The title column: a space, then the title cut to the rest of `width`."""
    return " " + fit(title, width - 1) if width > 1 else " " * width


def row_text(comparison: Comparison, row: int, layout: Columns, vendor: int) -> Text:
    """Row `row` of the comparison (without the cursor mark: the grid draws that)."""
    item = comparison.items[row]
    text = Text(fit(plain(item.uid), layout.uid), style=part_mark("uid"))
    text.append(" ")
    text.append_text(_priority(item.importance, layout.priority))
    title = plain(item.title) if item.importance is not None else t("tui.answers.removed")
    text.append(_title_part(title, layout.title))
    for index in layout.shown:
        text.append_text(_cell_text(comparison.cell(row, index), layout, index == vendor))
    return text


def header_text(comparison: Comparison, layout: Columns, vendor: int) -> Text:
    """The column headings: number, priority, title, and each vendor shown by name (`★` the
    chosen one), `▸` before the one the keys act on, in bold."""
    heading = f"  {fit(t('field.uid'), layout.uid)} {fit(t('field.importance'), layout.priority)}"
    text = Text(heading + _title_part(t("field.title"), layout.title), style="bold")
    for index in layout.shown:
        column = comparison.vendors[index]
        name = plain(column.vendor.name) + (" ★" if column.summary.chosen else "")
        current = index == vendor
        text.append(CURRENT if current else SEPARATOR)
        text.append(
            fit(name, layout.cell - 1), Style(bold=True, reverse=current) if current else "bold"
        )
    return text
