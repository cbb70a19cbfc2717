"""An option list that marks the highlighted option with `›` in a gutter, not only by colour.

The mark is drawn in a two-cell left gutter as each line is drawn (as Textual's selection list
draws its boxes), so moving the cursor never re-measures the options: a selection screen with
10,000 items moves as fast as one with ten. It also moves with the requirement list's keys
(j/k/g/G as well as the arrows).
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets.option_list import Option

from kravtui.tui.keys import LIST_KEYS, KeySpec, install
from kravtui.tui.textual_internals import option_lines
from kravtui.tui.widgets.in_view import OptionsInView

MARK = "›"
GUTTER = 2


class MarkedOptionList(OptionsInView):
    """Options with a `›` before the highlighted one."""

    LEFT_GUTTER = GUTTER

    def __init__(
        self,
        *content: Option,
        id: str | None = None,
        keys: Iterable[KeySpec] = (),
        disabled: bool = False,
    ) -> None:
        super().__init__(*content, id=id, markup=False, compact=True, disabled=disabled)
        install(self, [*(spec for spec in LIST_KEYS if spec.id != "open"), *keys])

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            index, offset = option_lines(self)[self.scroll_offset.y + y]
        except IndexError:
            return line  # a blank line, already as wide as the list
        style = next(iter(line), Segment("")).style
        marked = index == self.highlighted and offset == 0 and not self.options[index].disabled
        gutter = Segment(f"{MARK} " if marked else " " * GUTTER, style)
        return Strip([gutter, *line], line.cell_length + GUTTER)
