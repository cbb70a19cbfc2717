"""What the line-API lists share: a row cursor that is always on screen, moved by page keys and
the mouse, and redrawing.

`RequirementList` and `ItemList` draw their own lines and refine where the cursor may go
(`move_to`), what opening a row means (`action_open`) and what their drawn lines cache holds
(`_restyle`) over the plain defaults here; paging by a screenful, clicking (once to move, twice
to open) and forgetting drawn lines when the styles, the focus or the theme change work the same
in both and live here.

So does the rule that every action acts on the row the user sees marked: the cursor line is
kept in view (`_reveal`) whenever the lines, the cursor or the size change, and a scroll the
cursor did not ask for (the wheel, the scrollbar) takes the cursor along to a line in view.
`cursor_in_view` lets an action check it before acting.
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.scroll_view import ScrollView


class LineCursorList(ScrollView, can_focus=True):
    """A scrolling list of lines with a cursor on one of them, always in view."""

    cursor: int = 0
    _placing = False  # scrolling for the cursor's sake, not the user's

    class LineOpened(Message):
        """A line was opened (Enter, a double click): its index."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def move_to(self, index: int) -> None:
        """Put the cursor on line `index`, clamped to the lines there are, and bring it into view.

        Subclasses whose lines are not all cursor stops (headings) choose the nearest stop.
        """
        if not self._has_cursor():
            return
        self.cursor = min(max(index, 0), self.virtual_size.height - 1)
        self._reveal()
        self.refresh()

    def action_open(self) -> None:
        """Open the line under the cursor; subclasses post a message that names what it holds."""
        if self._has_cursor():
            self.post_message(self.LineOpened(self.cursor))

    def _restyle(self) -> None:
        """Draw again with the new styles; subclasses also forget the lines they keep drawn."""
        self.refresh()

    def _has_cursor(self) -> bool:
        """Whether there is a line for the cursor to be on (not while the list is empty)."""
        return self.virtual_size.height > 0

    def _reveal_from(self) -> int:
        """The first line to bring into view with the cursor's (a heading above it, say)."""
        return self.cursor

    # Keeping the cursor in view

    def _view(self) -> tuple[int, int]:
        """The first line in view and how many lines fit."""
        return round(self.scroll_offset.y), self.scrollable_content_region.height

    @property
    def cursor_in_view(self) -> bool:
        """Whether the cursor's line is drawn on screen now (False with no cursor)."""
        top, height = self._view()
        return self._has_cursor() and top <= self.cursor < top + height

    def _reveal(self) -> bool:
        """Scroll so the cursor's line is in view; True if it scrolled.

        The scroll is forced: right after new lines arrive, Textual has not yet laid out the
        new height and would otherwise refuse (or cut short) a scroll past the old one.
        """
        top, height = self._view()
        if height <= 0:
            return False  # not laid out yet: `on_resize` reveals it
        first = min(self._reveal_from(), self.cursor)
        if first < top:
            target = first
        elif self.cursor >= top + height:
            target = self.cursor - height + 1
        else:
            return False
        self._scroll_quietly(target)
        return True

    def _scroll_quietly(self, y: int) -> None:
        """Scroll to line `y` for the cursor's sake (so the cursor is not taken along)."""
        self._placing = True
        try:
            self.scroll_to(y=y, animate=False, force=True)
        finally:
            self._placing = False
        self.refresh()
        self.call_after_refresh(self._sync_scrollbar)

    def _sync_scrollbar(self) -> None:
        """Put the scrollbar's thumb where the lines are: a scrollbar that only appeared with
        the new lines missed the scroll that came before it (Textual moves the thumb only when
        the offset changes while the bar is shown)."""
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = self.scroll_y

    def on_resize(self, event: events.Resize) -> None:
        """A smaller terminal (or pane) must not leave the cursor below the last line in view."""
        self._reveal()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._placing:
            return
        top, height = self._view()
        if height <= 0 or not self._has_cursor() or top <= self.cursor < top + height:
            return
        # scrolled by the wheel or the scrollbar: the cursor comes along to the nearest line
        self.move_to(min(max(self.cursor, top), top + height - 1))

    # Keys and the mouse

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self._restyle()

    def _page(self) -> int:
        """A screenful of lines, less one so that a line stays in view across the move."""
        return max(self.scrollable_content_region.height - 1, 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + self._page())

    def action_page_up(self) -> None:
        self.move_to(self.cursor - self._page())

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = round(self.scroll_offset.y) + offset.y
        if index == self.cursor and event.chain >= 2:
            self.action_open()
        else:
            self.move_to(index)
