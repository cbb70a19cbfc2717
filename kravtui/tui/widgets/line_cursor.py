"""What the line-API lists share: a row cursor moved by page keys and the mouse, and redrawing.

`RequirementList` and `ItemList` draw their own lines and decide where the cursor may go
(`move_to`), what opening a row means (`action_open`) and what their drawn lines cache holds
(`_restyle`); paging by a screenful, clicking (once to move, twice to open) and forgetting drawn
lines when the styles, the focus or the theme change work the same in both and live here.
"""

from __future__ import annotations

from textual import events
from textual.scroll_view import ScrollView


class LineCursorList(ScrollView, can_focus=True):
    """A scrolling list of lines with a cursor on one of them."""

    cursor: int = 0

    def move_to(self, index: int) -> None:
        """Put the cursor on line `index` (the subclass clamps it and scrolls it into view)."""
        raise NotImplementedError

    def action_open(self) -> None:
        """Open the line under the cursor."""
        raise NotImplementedError

    def _restyle(self) -> None:
        """Forget lines drawn with the old styles and draw again."""
        raise NotImplementedError

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self._restyle()

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
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
