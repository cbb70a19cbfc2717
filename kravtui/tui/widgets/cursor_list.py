"""An option list whose highlighted line also starts with `›`.

Textual marks the highlighted option by colour only; this list puts a `›` before it as well,
so the cursor shows on a monochrome terminal, under `NO_COLOR` and in a screen capture. It
moves with the main list's keys (j/k/g/G as well as the arrows).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kravtui.tui.keys import LIST_KEYS, install
from kravtui.tui.widgets.in_view import OptionsInView

MARK = "›"
MOVES = {"cursor-down", "cursor-up", "first", "last", "page-down", "page-up"}


class CursorList(OptionsInView):
    """A list of plain-text lines with a glyph on the highlighted one."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        install(self, (s for s in LIST_KEYS if s.id in MOVES))  # j/k/g/G as in the main list
        self._prompts: list[Text] = []
        self._marked: int | None = None

    def _prompt(self, index: int, marked: bool) -> Text:
        return Text.assemble(f"{MARK if marked else ' '} ", self._prompts[index])

    def show_lines(self, prompts: Sequence[Text], highlight: int = 0, empty: str = "") -> None:
        """Replace every line; the cursor goes to `highlight` (clamped)."""
        self._prompts = list(prompts)
        self._marked = None
        self.clear_options()
        if not self._prompts:
            if empty:
                self.add_option(Option(Text(f"  {empty}", style="dim"), disabled=True))
            return
        self.add_options(Option(self._prompt(i, False)) for i in range(len(self._prompts)))
        self.highlighted = min(max(highlight, 0), len(self._prompts) - 1)
        self._mark()

    def _mark(self) -> None:
        current = self.highlighted
        if current == self._marked:
            return
        count = len(self._prompts)
        if self._marked is not None and self._marked < count:
            self.replace_option_prompt_at_index(self._marked, self._prompt(self._marked, False))
        if current is not None and current < count:
            self.replace_option_prompt_at_index(current, self._prompt(current, True))
        self._marked = current

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._mark()
