"""The selection screen's list: category and subcategory headings with the items under them.

A line-API `ScrollView` like the requirement list: one line per entry, drawn only while in
view, so a selection of 100,000 items costs a list of lines, never 100,000 options to measure.
The cursor stays on items (headings are skipped) and is marked with `›` as well as a colour.
Long lines are cut with `…`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from kravtui.selection.records import SelectionItem
from kravtui.tui.keys import LIST_KEYS, install
from kravtui.tui.widgets.line_cursor import LineCursorList
from kravtui.tui.widgets.part_style import part_style

MARK = "›"
Entry = tuple[Text, SelectionItem | None]  # a heading has no item


class ItemList(LineCursorList):
    """Headings and items; Enter opens the item under the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-list--cursor",
        "item-list--empty",
        "item-list--absolute",
        "item-list--high",
        "item-list--uid",
    }

    class Highlighted(Message):
        """The cursor is on another item (None: the list has none)."""

        def __init__(self, item: SelectionItem | None) -> None:
            super().__init__()
            self.item = item

    class Opened(Message):
        """Enter (or a double click) on an item."""

        def __init__(self, item: SelectionItem) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        install(self, LIST_KEYS)
        self.entries: list[Entry] = []
        self.empty = Text("")
        self.cursor = 0
        self._items: list[int] = []  # indexes of the entries that are items
        self._strips: dict[tuple[int, bool, int], Strip] = {}

    @property
    def current(self) -> SelectionItem | None:
        if not self._items:
            return None
        return self.entries[self.cursor][1]

    @property
    def marked(self) -> SelectionItem | None:
        """The item the user sees marked `›`: the cursor's, when it is on screen (else the
        cursor is brought into view and there is none, so an action does nothing)."""
        if self.cursor_in_view:
            return self.current
        self._reveal()
        return None

    def show(
        self, entries: Sequence[Entry], uid: str | None = None, empty: Text | None = None
    ) -> None:
        """Show these lines with the cursor on `uid`'s item (or the first item)."""
        self.entries = list(entries)
        self.empty = empty or Text("")
        self._items = [i for i, (_, item) in enumerate(self.entries) if item is not None]
        self._strips.clear()
        found = next((i for i in self._items if _uid(self.entries[i]) == uid), None)
        self.cursor = found if found is not None else (self._items[0] if self._items else 0)
        self.virtual_size = Size(0, max(len(self.entries), 1))
        self._reveal()
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    # Drawing

    def render_line(self, y: int) -> Strip:
        index = round(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        if not self._items and index == 0 and self.empty:
            style = self.get_component_rich_style("item-list--empty")
            return self._strip(Text("  ") + self.empty, width, style)
        if index >= len(self.entries):
            return Strip.blank(width, self.rich_style)
        is_cursor = index == self.cursor and bool(self._items)
        key = (index, is_cursor, width)
        cached = self._strips.get(key)
        if cached is None:
            style = self.rich_style
            if is_cursor:
                style += self.get_component_rich_style("item-list--cursor")
            text = Text(f"{MARK} " if is_cursor else "  ") + self.entries[index][0]
            cached = self._strips[key] = self._strip(text, width, style)
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
        """`own` over the line's style; a uid or a priority label gets its colour, made
        readable on this line's background (on the cursor line, the cursor's colour)."""
        return part_style(self, base, own, "item-list", ("absolute", "high", "uid"))

    def _restyle(self) -> None:
        self._strips.clear()
        self.refresh()

    # Moving

    def move_to(self, index: int) -> None:
        """Put the cursor on the item nearest entry `index`, scrolling it into view."""
        if not self._items:
            return
        index = min(max(index, 0), len(self.entries) - 1)
        at = bisect_left(self._items, index)
        near = self._items[max(at - 1, 0) : at + 1]
        target = min(near, key=lambda i: (abs(i - index), i < index))
        if target == self.cursor:
            return
        previous, self.cursor = self.cursor, target
        if not self._reveal():
            self.refresh_line(previous - round(self.scroll_offset.y))
            self.refresh_line(target - round(self.scroll_offset.y))
        self.post_message(self.Highlighted(self.current))

    def _has_cursor(self) -> bool:
        return bool(self._items)

    def _reveal_from(self) -> int:
        """A heading just above the first item of a group comes into view with it."""
        first = self.cursor
        while first > 0 and self.entries[first - 1][1] is None and first > self.cursor - 2:
            first -= 1
        return first

    def _step(self, delta: int) -> None:
        if not self._items:
            return
        position = bisect_left(self._items, self.cursor) + delta
        self.move_to(self._items[min(max(position, 0), len(self._items) - 1)])

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_first(self) -> None:
        self._step(-len(self._items))

    def action_last(self) -> None:
        self._step(len(self._items))

    def action_open(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(self.Opened(item))


def _uid(entry: Entry) -> str | None:
    return entry[1].uid if entry[1] is not None else None
