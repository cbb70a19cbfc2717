"""Textual's own lists with the rule of the requirement list: the cursor is always on screen.

The requirement and item lists keep their cursor in view themselves (`LineCursorList`). The
option lists (history, classifications, selections, choices, check lists) get the same rule
from `OptionsInView`, and the facet tree from `keep_tree_cursor_in_view`: after a resize the
cursor's line is scrolled back into view, and a scroll the cursor did not ask for (the wheel,
the scrollbar) takes the cursor along to a line in view, so a key always acts on the line the
user sees marked.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import OptionList, Tree

from kravtui.tui.textual_internals import OptionListWithGutter, first_line_of, option_lines


def _view(widget: OptionList | Tree[Any]) -> tuple[int, int]:
    """The first line in view and how many lines fit."""
    return round(widget.scroll_offset.y), widget.scrollable_content_region.height


class OptionsInView(OptionListWithGutter):
    """An option list whose highlighted option never stays off screen."""

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.scroll_to_highlight)  # after the lines are measured again

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        index = self.highlighted
        top, height = _view(self)
        if index is None or height <= 0 or not self.option_count:
            return
        lines = option_lines(self)
        line = first_line_of(self, index)
        if line is None or top <= line < top + height:
            return
        starts = [y for y in range(top, min(top + height, len(lines))) if not lines[y][1]]
        if not starts:
            return
        y = starts[0] if line < top else starts[-1]  # the option in view nearest the old one
        if not self.get_option_at_index(lines[y][0]).disabled:
            self.highlighted = lines[y][0]


def keep_tree_cursor_in_view(tree: Tree[Any], *, resized: bool) -> None:
    """Scroll a tree's cursor into view after a resize, or take it along after a scroll."""
    line = tree.cursor_line
    top, height = _view(tree)
    if line < 0 or height <= 0 or top <= line < top + height:
        return
    if resized:
        tree.scroll_to_line(line, animate=False)
    else:
        tree.cursor_line = min(max(line, top), top + height - 1, tree.last_line)
