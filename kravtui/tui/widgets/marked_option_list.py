"""The one option list of the TUI: it marks the highlighted option with `›`, not only by colour.

Textual marks the highlighted option by colour only; this list also draws a `›` before it, so
the cursor shows on a monochrome terminal, under `NO_COLOR` and in a screen capture. Only the
list with the keyboard focus draws it (as the facet panel does), so where a screen has two
lists side by side (the questionnaire's questions and domains) the mark also tells which one
the keys move. The mark
is drawn in a two-cell left gutter as each line is drawn (as Textual's selection list draws its
boxes), so moving the cursor never re-measures the options: a selection screen with 10,000
items moves as fast as one with ten. It moves with the requirement list's keys (j/k/g/G as well
as the arrows) and, as every option list here, keeps its highlighted option on screen
(`OptionsInView`).

Screens that build their options once pass them in; screens that redraw a list of lines (the
history, the classifications) call `show_lines`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.segment import Segment
from rich.text import Text
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

    def show_lines(self, prompts: Sequence[Text], highlight: int = 0, empty: str = "") -> None:
        """Replace every option by these lines; the cursor goes to `highlight` (clamped).

        With no lines, the list shows `empty` dimmed (a line the cursor cannot stop on).
        """
        self.clear_options()
        if not prompts:
            if empty:
                self.add_option(Option(Text(empty, style="dim"), disabled=True))
            return
        self.add_options(Option(prompt) for prompt in prompts)
        self.highlighted = min(max(highlight, 0), len(prompts) - 1)

    def on_focus(self) -> None:
        self.refresh()  # the mark comes with the focus

    def on_blur(self) -> None:
        self.refresh()  # and goes with it

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            index, offset = option_lines(self)[self.scroll_offset.y + y]
        except IndexError:
            return line  # a blank line, already as wide as the list
        style = next(iter(line), Segment("")).style
        marked = (
            self.has_focus
            and index == self.highlighted
            and offset == 0
            and not self.options[index].disabled
        )
        gutter = Segment(f"{MARK} " if marked else " " * GUTTER, style)
        return Strip([gutter, *line], line.cell_length + GUTTER)
