"""A list of check boxes drawn as `[x]` / `[ ]`, like the facet panel, so a tick is a glyph and
never only a colour (Textual's own toggles draw an `X` either way and dim the unticked one).

Space or Enter ticks or unticks the highlighted line; `j`/`k` move as in the requirement list.
Each change posts `CheckList.Changed`; `selected` holds the ticked values in list order.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kravtui.tui.keys import SELECTION_DIALOG_KEYS
from kravtui.tui.widgets.marked_option_list import MarkedOptionList


class CheckList(MarkedOptionList):
    """Labelled values, each ticked or not."""

    class Changed(Message):
        """The user ticked or unticked a line."""

        def __init__(self, check_list: CheckList) -> None:
            super().__init__()
            self.check_list = check_list

        @property
        def control(self) -> CheckList:
            return self.check_list

    def __init__(
        self,
        items: Sequence[tuple[str, str, bool]],
        *,
        id: str | None = None,
        disabled: bool = False,
    ) -> None:
        self._labels = [label for label, _, _ in items]
        self.values = [value for _, value, _ in items]
        self._ticked = [ticked for _, _, ticked in items]
        toggle = [spec for spec in SELECTION_DIALOG_KEYS if spec.id == "sel-toggle"]
        super().__init__(*self._prompts(), id=id, keys=toggle, disabled=disabled)

    def _prompts(self) -> list[Option]:
        return [
            Option(Text("[x] " if ticked else "[ ] ", style="bold" if ticked else "") + label)
            for label, ticked in zip(self._labels, self._ticked, strict=True)
        ]

    @property
    def selected(self) -> list[str]:
        """The ticked values, in list order."""
        return [v for v, ticked in zip(self.values, self._ticked, strict=True) if ticked]

    def set_checked(self, value: str, checked: bool) -> None:
        """Tick or untick a value without posting `Changed`."""
        index = self.values.index(value)
        self._ticked[index] = checked
        self.replace_option_prompt_at_index(index, self._prompts()[index].prompt)

    def action_toggle_check(self) -> None:
        index = self.highlighted
        if index is None or self.disabled:
            return
        self.set_checked(self.values[index], not self._ticked[index])
        self.post_message(self.Changed(self))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_toggle_check()
