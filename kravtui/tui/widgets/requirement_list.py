"""The requirement list: a line-API `ScrollView` that draws only the rows in view.

Its virtual height is the result's total; each visible line is drawn from a `PageCache` of
lightweight rows (uid, title, priority, flags), so 100,000 requirements cost one page of rows,
never 100,000 widgets. Cell text is drawn as plain segments, never parsed as markup, and control
characters are shown as spaces. The cursor row carries a glyph as well as a colour; priority is a
label; favourites and deleted requirements carry glyphs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from kravtui.catalogue.search import Row
from kravtui.i18n import t
from kravtui.tui.contrast import readable
from kravtui.tui.keys import LIST_KEYS, install
from kravtui.tui.widgets.line_cursor import LineCursorList
from kravtui.tui.widgets.page_cache import Fetch, PageCache
from kravtui.tui.widgets.row_painter import RowPainter, RowStyles, fit


class RequirementList(LineCursorList):
    """The rows of the current result, one requirement per line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "requirement-list--cursor",
        "requirement-list--uid",
        "requirement-list--deleted",
        "requirement-list--absolute",
        "requirement-list--high",
        "requirement-list--empty",
        "requirement-list--ticked",
    }

    class CursorMoved(Message):
        """The cursor is on another requirement (None: the result is empty)."""

        def __init__(self, uid: str | None) -> None:
            super().__init__()
            self.uid = uid

    class Opened(Message):
        """The user asked to read the requirement under the cursor."""

        def __init__(self, uid: str) -> None:
            super().__init__()
            self.uid = uid

    def __init__(self, uid_width: int = 8, *, id: str | None = None) -> None:
        super().__init__(id=id)
        install(self, LIST_KEYS)
        self.uid_width = uid_width
        self.cursor = 0
        self.generation = -1
        self.loaded = False
        self.painted_generation = -1
        self.painted_at = 0.0
        self._cache = PageCache(lambda offset, limit: (), 0, 1)
        self._last_uid: str | None = None
        self.chosen_uid: str | None = None  # the requirement the user last put the cursor on
        self.empty_text = t("tui.list.empty")  # what an empty result says
        self._painter = RowPainter(uid_width)
        self._row_styles: RowStyles | None = None
        self.ticked: frozenset[str] = frozenset()  # uids ticked in the current selection

    # The result

    @property
    def total(self) -> int:
        """How many rows the current result has."""
        return self._cache.total

    @property
    def current(self) -> Row | None:
        """The row under the cursor."""
        return self._cache.row(self.cursor)

    @property
    def marked(self) -> Row | None:
        """The row the user sees marked `▶`: the cursor's, when it is on screen.

        Every row action acts on this one. Should the cursor ever be off screen, there is no
        marked row: the cursor is brought into view, and the action does nothing.
        """
        if self.cursor_in_view:
            return self.current
        self._reveal()
        return None

    def show(
        self,
        generation: int,
        total: int,
        cursor: int,
        page: tuple[int, Sequence[Row]],
        fetch: Fetch,
        page_size: int,
    ) -> None:
        """Show a new result: its total, the cursor's index and the page that holds it.

        The cursor's line stays on the same screen line when it can, and is always in view.
        """
        screen_row = self.cursor - round(self.scroll_offset.y)
        self._cache = PageCache(fetch, total, page_size)
        self._cache.seed(*page)
        self.generation = generation
        self.loaded = True
        self.cursor = min(max(cursor, 0), max(total - 1, 0))
        self.virtual_size = Size(0, total)
        height = self.scrollable_content_region.height
        if 0 <= screen_row < height:
            self._scroll_quietly(max(self.cursor - screen_row, 0))
        self._reveal()
        self.refresh()
        self._announce()

    def set_total(self, total: int) -> None:
        """The exact total, once counted (`show` may have had only the rows it read).

        Another session may have deleted rows between reading the page and counting: a cursor
        past the new end goes to the last row. The lines in view are drawn again only when
        some of them were past the rows known, or are past the new end: the others show the
        same rows as before (the scrollbar follows the new total by itself).
        """
        known = self._cache.total
        if total == known:
            return
        self._cache.total = total
        # the new height, laid out without drawing every line again (`virtual_size = ...`
        # would): only lines past the rows known, or past the new end, change
        self.set_reactive(Widget.virtual_size, Size(0, total))
        self.refresh(layout=True, repaint=False)
        if self.cursor >= total:
            self.cursor = max(total - 1, 0)
            self._reveal()
            self._announce()
            self.refresh()
            return
        top, height = self._view()
        if top + height > min(known, total):
            self.refresh()

    def set_ticked(self, uids: frozenset[str]) -> None:
        """Mark these uids as ticked (one set per change of the selection, never per row)."""
        if uids != self.ticked:
            self.ticked = uids
            self.refresh()

    # Drawing

    def render_line(self, y: int) -> Strip:
        """One visible line: the row at scroll offset + y."""
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        self.painted_generation = self.generation
        self.painted_at = time.perf_counter()  # for benchmarks/tui.py
        if self.loaded and self.total == 0 and y == 0:
            style = self.get_component_rich_style("requirement-list--empty")
            return Strip([Segment(fit(self.empty_text, width), style)], width)
        row = self._cache.row(index)
        if row is None:
            return Strip.blank(width, self.rich_style)
        if self._row_styles is None:
            self._row_styles = self._styles()
        self._painter.prepare(self._row_styles, width)
        return self._painter.strip(row, index == self.cursor, row.uid in self.ticked)

    def _styles(self) -> RowStyles:
        def part(name: str) -> Style:
            return self.get_component_rich_style(f"requirement-list--{name}", partial=True)

        def priority(accent: Style, base: Style) -> Style:  # priority words and uids
            return readable(accent, base, monochrome=self.app.no_color)

        base = self.rich_style
        cursor = base + self.get_component_rich_style("requirement-list--cursor")
        return RowStyles(
            base,
            cursor,
            part("deleted"),
            priority(part("uid"), base),
            priority(part("absolute"), base),
            priority(part("high"), base),
            part("ticked"),
            priority(Style(color=base.color), base),
            priority(Style(color=cursor.color, bold=True), cursor),
            priority(part("uid") + Style(color=cursor.color), cursor),
        )

    def _restyle(self) -> None:
        self._row_styles = None
        self.refresh()

    # Moving

    def move_to(self, index: int) -> None:
        """Put the cursor on row `index` (clamped), scrolling it into view.

        The requirement there becomes `chosen_uid`: while the filter changes, the cursor goes
        back to it whenever it is in the result, even after a result that lacked it.
        """
        if not self.total:
            return
        index = min(max(index, 0), self.total - 1)
        if index == self.cursor:
            return
        previous, self.cursor = self.cursor, index
        row = self._cache.row(index)
        self.chosen_uid = row.uid if row else None
        if not self._reveal():
            self.refresh_line(previous)
            self.refresh_line(index)
        self._announce()

    def _has_cursor(self) -> bool:
        return self.total > 0

    def _announce(self) -> None:
        row = self.current
        uid = row.uid if row else None
        if uid != self._last_uid:
            self._last_uid = uid
            self.post_message(self.CursorMoved(uid))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self.total - 1)

    def action_open(self) -> None:
        row = self.marked
        if row is not None:
            self.post_message(self.Opened(row.uid))
