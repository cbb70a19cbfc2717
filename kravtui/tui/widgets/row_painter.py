"""Drawing one row of the requirement list as a `Strip`, with a small cache of drawn rows.

Columns: cursor glyph, ticked glyph (in the current selection), favourite/deleted glyph, uid,
priority label, title. Text is put into plain segments (never parsed as markup) and control
and bidi characters are written as visible escapes (`kravtui.i18n.visible_text`). Scrolling by
one line redraws every visible line, so drawn rows are cached by row, cursor and ticked state
until the width or the styles change.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from kravtui.catalogue.search import Row
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible

CURSOR_GLYPH = "▶"
FAVOURITE_GLYPH = "★"
TICKED_GLYPH = "✓"
DELETED_GLYPH = "✗"
_CACHE_SIZE = 512


def plain(text: str) -> str:
    """Text for one cell line: control and bidi characters (newlines, tabs, escapes too) are
    written as visible escapes."""
    return visible(text)


def fit(text: str, width: int) -> str:
    """`text` cut or padded to exactly `width` cells, with an ellipsis when cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


@dataclass(frozen=True, slots=True)
class RowStyles:
    """The styles a row is drawn with, read from the widget's component classes."""

    base: Style
    cursor: Style
    deleted: Style
    uid: Style
    absolute: Style
    high: Style
    ticked: Style = field(default_factory=Style)  # the ✓ of ticked rows
    other_priority: Style = field(default_factory=Style)  # Krav and Option
    cursor_priority: Style = field(default_factory=Style)  # any priority on the cursor row
    cursor_uid: Style = field(default_factory=Style)  # the uid on the cursor row


class RowPainter:
    """Draws rows at one width with one set of styles."""

    def __init__(self, uid_width: int) -> None:
        self.uid_width = uid_width
        self.label_width = max(cell_len(t(level.label_key)) for level in IMPORTANCE_ORDER)
        self._labels = {
            level: fit(t(level.label_key), self.label_width) + " " for level in IMPORTANCE_ORDER
        }
        self._styles: RowStyles | None = None
        self._width = 0
        self._cache: OrderedDict[tuple[Row, bool, bool], Strip] = OrderedDict()

    def prepare(self, styles: RowStyles, width: int) -> None:
        """Use these styles and this width; forgets drawn rows when either changed."""
        if styles != self._styles or width != self._width:
            self._styles, self._width = styles, width
            self._cache.clear()

    def strip(self, row: Row, is_cursor: bool, ticked: bool = False) -> Strip:
        """The row as one line of exactly the prepared width."""
        key = (row, is_cursor, ticked)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._draw(row, is_cursor, ticked)
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
        return cached

    def _draw(self, row: Row, is_cursor: bool, ticked: bool = False) -> Strip:
        styles = self._styles
        assert styles is not None, "prepare() first"
        width = self._width
        base = styles.base
        if row.deleted:
            base += styles.deleted
        if is_cursor:
            base += styles.cursor
        marker = CURSOR_GLYPH if is_cursor else " "
        glyph = DELETED_GLYPH if row.deleted else FAVOURITE_GLYPH if row.favourite else " "
        fixed = 5 + self.uid_width + 1 + self.label_width + 1
        if is_cursor:
            importance = styles.cursor_priority
        elif row.importance is Importance.ABSOLUTE:
            importance = styles.absolute
        elif row.importance is Importance.HIGH:
            importance = styles.high
        else:
            importance = styles.other_priority
        segments = [
            Segment(f"{marker} ", base),
            Segment(TICKED_GLYPH if ticked else " ", base + styles.ticked if ticked else base),
            Segment(f"{glyph} ", base),
            Segment(
                fit(plain(row.uid), self.uid_width) + " ",
                base + (styles.cursor_uid if is_cursor else styles.uid),
            ),
            Segment(self._labels[row.importance], base + importance),
            Segment(fit(plain(row.title), width - fixed), base),
        ]
        if width >= fixed + 1:
            return Strip(segments, width)
        return Strip(segments).crop_extend(0, width, base)
