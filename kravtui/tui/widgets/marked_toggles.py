"""Check boxes and selection lists whose ticks are glyphs, not only colours.

Textual draws an unticked box as a dimmed `X`, so on a monochrome terminal, under `NO_COLOR` or
in a screen capture ticked and unticked look the same. These draw `▐X▌` when ticked and `▐ ▌`
when not; the selection list's cursor line has a `›` after its box.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from kravtui.tui.textual_internals import SELECTION_BOX_INNER, GlyphCheckbox, is_selected

OFF = " "
CURSOR = "›"


class MarkedCheckbox(GlyphCheckbox):
    """A check box showing `X` only when ticked."""

    def inner_glyph(self) -> str:
        return self.BUTTON_INNER if self.value else OFF


class MarkedSelectionList(SelectionList[str]):
    """A selection list showing `X` only beside the chosen items, and `›` at the cursor."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        try:
            option = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 4 or segments[1].text != SELECTION_BOX_INNER:
            return strip
        if not is_selected(self, option.value):
            segments[1] = Segment(OFF, segments[1].style)
        if index == self.highlighted and self.has_focus:
            segments[3] = Segment(CURSOR, segments[3].style)  # the space after the box
        return Strip(segments, strip.cell_length)
