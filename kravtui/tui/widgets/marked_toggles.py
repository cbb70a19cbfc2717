"""Check boxes and selection lists whose ticks are glyphs, not only colours.

Textual draws an unticked box as a dimmed `X`, so on a monochrome terminal, under `NO_COLOR` or
in a screen capture ticked and unticked look the same. These draw `▐X▌` when ticked and `▐ ▌`
when not; the selection list's cursor line has a `›` after its box.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

OFF = " "
CURSOR = "›"


class MarkedCheckbox(Checkbox):
    """A check box showing `X` only when ticked."""

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side_style),
            (self.BUTTON_INNER if self.value else OFF, button_style),
            (self.BUTTON_RIGHT, side_style),
        )


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
        if len(segments) < 4 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        if option.value not in self._selected:
            segments[1] = Segment(OFF, segments[1].style)
        if index == self.highlighted and self.has_focus:
            segments[3] = Segment(CURSOR, segments[3].style)  # the space after the box
        return Strip(segments, strip.cell_length)
