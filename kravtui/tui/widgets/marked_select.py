"""A drop-down whose open list marks the highlighted choice with `›`, as every list here does.

Textual's `Select` tells the highlighted choice of its open list by colour only, which under
`NO_COLOR` or on a monochrome terminal is a shade of grey. `MarkedSelect` puts `› ` before the
highlighted choice and two blanks before the others, through the list's public option API,
whenever its highlight moves; the closed drop-down shows the chosen value as given.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rich.console import RenderableType
from rich.text import Text
from textual.visual import VisualType
from textual.widgets import OptionList, Select

from kravtui.tui.widgets.marked_option_list import MARK

T = TypeVar("T")


class MarkedSelect(Select[T]):
    """A `Select` whose open list draws `›` before the highlighted choice."""

    _labels: list[VisualType] | None = None  # the choices as given, before any mark

    def set_options(self, options: Iterable[tuple[RenderableType, T]]) -> None:
        self._labels = None  # new choices: taken again at the next highlight
        super().set_options(options)

    def on_mount(self) -> None:
        # the list stops its own highlight messages: its `highlighted` is watched instead
        listing = self.query_one(OptionList)
        self.watch(listing, "highlighted", lambda index: self._mark(listing, index))

    def _mark(self, listing: OptionList, highlighted: int | None) -> None:
        if self._labels is None or len(self._labels) != listing.option_count:
            self._labels = [option.prompt for option in listing.options]
        for index, label in enumerate(self._labels):
            mark = f"{MARK} " if index == highlighted else "  "
            prompt = Text(mark) + label if isinstance(label, Text | str) else label
            listing.replace_option_prompt_at_index(index, prompt)
