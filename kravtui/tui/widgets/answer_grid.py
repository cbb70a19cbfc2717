"""The Besvarelser screen's grid: the requirements down, as many vendors across as the width
holds (`answer_columns.arrange_columns`), one line per requirement.

A line-API `ScrollView` like the selection's item list: a line is drawn only while in view, so a
comparison of 10 vendors × 10,000 requirements costs a list of row numbers, never 10,000
widgets. The cursor row is marked `›` as well as by colour and kept in view; the vendor the keys
act on is marked `▸` in every row and in the header, and the window of vendors shown moves to
keep it there. The grid tells the screen when the cursor moves (`Highlighted`) and when the
columns change (`Arranged`: the width, the vendor), so the header and counts follow.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from kravtui.answers.compare import Comparison
from kravtui.tui.keys import LIST_KEYS, install
from kravtui.tui.widgets.answer_columns import CURSOR, Columns, arrange_columns, row_text
from kravtui.tui.widgets.line_cursor import LineCursorList
from kravtui.tui.widgets.part_style import part_style

_STRIPS_KEPT = 4_000  # drawn lines kept; beyond this the cache starts afresh


class AnswerGrid(LineCursorList):
    """Requirements down, vendors across; Enter opens the answer under the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "answer-grid--cursor",
        "answer-grid--empty",
        "answer-grid--absolute",
        "answer-grid--high",
        "answer-grid--uid",
        "answer-grid--fails",
    }

    class Highlighted(Message):
        """The cursor is on another row (the comparison's row number; None: no rows)."""

        def __init__(self, row: int | None) -> None:
            super().__init__()
            self.row = row

    class Opened(Message):
        """Enter (or a double click) on a row."""

    class Arranged(Message):
        """The columns changed (the width, the vendors shown or the vendor the keys act on)."""

    def __init__(self, uid_width: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        install(self, LIST_KEYS)
        self.uid_width = uid_width
        self.comparison: Comparison | None = None
        self.rows: list[int] = []  # the comparison's row numbers shown, in order
        self.vendor = 0
        self.cursor = 0
        self.columns: Columns | None = None
        self.empty = Text("")
        self._first = 0
        self._strips: dict[tuple[int, bool], Strip] = {}
        self.painted_at = 0.0  # when a line with rows was last drawn (benchmarks/answers_tui.py)

    # What is shown

    @property
    def current(self) -> int | None:
        """The comparison's row under the cursor (None with no rows)."""
        return self.rows[self.cursor] if self.rows else None

    @property
    def marked(self) -> int | None:
        """The row the user sees marked `›`: the cursor's, when it is on screen (else the
        cursor is brought into view and there is none, so an action does nothing)."""
        if self.cursor_in_view:
            return self.current
        self._reveal()
        return None

    def show(
        self,
        comparison: Comparison,
        rows: Sequence[int],
        row: int | None,
        vendor: int,
        empty: Text | None = None,
    ) -> None:
        """Show these rows with the cursor on `row` (or the next row shown after it, or the
        first) and `vendor` as the vendor the keys act on."""
        self.comparison = comparison
        self.rows = list(rows)
        self.empty = empty or Text("")
        self.vendor = min(max(vendor, 0), max(len(comparison.vendors) - 1, 0))
        at = bisect_left(self.rows, row) if row is not None else 0
        self.cursor = min(at, max(len(self.rows) - 1, 0))
        self.virtual_size = Size(0, max(len(self.rows), 1))
        self._arrange()
        self._reveal()
        self.post_message(self.Highlighted(self.current))

    def set_vendor(self, vendor: int) -> None:
        """Let the keys act on vendor number `vendor`, bringing it into the columns shown."""
        if self.comparison is None or not self.comparison.vendors:
            return
        self.vendor = min(max(vendor, 0), len(self.comparison.vendors) - 1)
        self._arrange()

    def _arrange(self) -> None:
        """Work out the columns for the width there is, and draw every line again."""
        width = self.scrollable_content_region.width
        comparison = self.comparison
        if comparison is None or width <= 0:
            return
        vendors = len(comparison.vendors)
        self.columns = arrange_columns(
            width,
            vendors,
            self.vendor,
            self._first,
            self.uid_width,
            prices=comparison.shows_prices,
        )
        self._first = self.columns.first
        self._strips.clear()
        self.refresh()
        self.post_message(self.Arranged())

    def on_resize(self, event: events.Resize) -> None:
        """The columns for the new width (Textual then runs `LineCursorList.on_resize`, which
        keeps the cursor in view)."""
        self._arrange()

    # Drawing

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        layout, comparison = self.columns, self.comparison
        if not self.rows and index == 0 and self.empty:
            style = self.get_component_rich_style("answer-grid--empty")
            return self._strip(Text("  ") + self.empty, width, style)
        if layout is None or comparison is None or index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        self.painted_at = time.perf_counter()
        is_cursor = index == self.cursor
        cached = self._strips.get((index, is_cursor))
        if cached is None:
            if len(self._strips) > _STRIPS_KEPT:
                self._strips.clear()
            style = self.rich_style
            if is_cursor:
                style += self.get_component_rich_style("answer-grid--cursor")
            text = Text(f"{CURSOR} " if is_cursor else "  ")
            text.append_text(row_text(comparison, self.rows[index], layout, self.vendor))
            cached = self._strips[index, is_cursor] = self._strip(text, width, style)
        return cached

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        line = text.copy()
        line.no_wrap = True
        line.truncate(max(width, 1), overflow="ellipsis", pad=True)
        segments = list(line.render(self.app.console, end=""))
        return Strip(
            [Segment(s.text, self._segment_style(style, s.style)) for s in segments]
        ).crop_extend(0, width, style)

    def _segment_style(self, base: Style, own: Style | None) -> Style:
        """`own` over the line's style; a uid, a priority or a failed minimum gets its colour,
        made readable on this line's background (on the cursor line: its colour, in bold)."""
        return part_style(self, base, own, "answer-grid", ("absolute", "high", "uid", "fails"))

    def _restyle(self) -> None:
        self._strips.clear()
        self.refresh()

    # Moving

    def move_to(self, index: int) -> None:
        """Put the cursor on line `index` (clamped), scrolling it into view."""
        if not self.rows:
            return
        target = min(max(index, 0), len(self.rows) - 1)
        if target == self.cursor:
            return
        previous, self.cursor = self.cursor, target
        if not self._reveal():
            top = round(self.scroll_offset.y)
            self.refresh_line(previous - top)
            self.refresh_line(target - top)
        self.post_message(self.Highlighted(self.current))

    def _has_cursor(self) -> bool:
        return bool(self.rows)

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self.rows) - 1)

    def action_open(self) -> None:
        if self.rows:
            self.post_message(self.Opened())
