"""A small dialog of one to three text fields, for adding and renaming classifications.

The caller passes a `submit` function that tries the change and returns an error message (or
None when it worked), so a refused name keeps the dialog open with the reason under the fields.
Enter moves to the next field and submits from the last one, and the dialog's own footer says
which it does in the field with the focus; Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from kravtui.i18n import t
from kravtui.tui.keys import MODAL_HELP, PROMPT_KEYS, install
from kravtui.tui.widgets.key_footer import KeyFooter


@dataclass(frozen=True, slots=True)
class PromptField:
    """One text field: its key in the answer, its label and its starting value."""

    key: str
    label: str
    value: str = ""


Answer = dict[str, str]


class PromptScreen(ModalScreen[Answer | None]):
    """Ask for a few texts; dismissed with the answers once `submit` accepts them, else None."""

    CSS_PATH = "editing.tcss"

    def __init__(
        self,
        title: str,
        fields: Sequence[PromptField],
        submit: Callable[[Answer], str | None],
    ) -> None:
        super().__init__()
        install(self, (*PROMPT_KEYS, MODAL_HELP))
        self.title_text = title
        self.fields = tuple(fields)
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box", classes="edit-dialog"):
            yield Static(Text(self.title_text, style="bold"), id="prompt-title")
            for field in self.fields:
                with Horizontal(classes="prompt-row"):
                    yield Label(Text(field.label), classes="prompt-label")
                    yield Input(field.value, id=f"prompt-{field.key}")
            yield Static("", id="prompt-error", classes="form-error")
            with Horizontal(classes="edit-buttons"):
                yield Button(t("tui.prompt.ok"), id="prompt-ok", variant="primary")
                yield Button(t("tui.prompt.cancel"), id="prompt-cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def answers(self) -> Answer:
        """The fields' current texts by key."""
        return {f.key: self.query_one(f"#prompt-{f.key}", Input).value for f in self.fields}

    def _in_last_field(self) -> bool | None:
        """Whether the focus is in the last field (None: not in a field, a button has it)."""
        inputs = list(self.query(Input))
        if self.focused not in inputs:
            return None
        return self.focused is inputs[-1]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter in a field: on to the next one, or save from the last (the footer shows which);
        # on a button Enter presses the button.
        if action == "next_field":
            return self._in_last_field() is False
        if action == "submit":
            return self._in_last_field() is True
        return True

    def action_next_field(self) -> None:
        self.focus_next(Input)

    def action_submit(self) -> None:
        self._try()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter is the screen's binding; a click elsewhere never submits

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "prompt-ok":
            self._try()
        else:
            self.dismiss(None)

    def _try(self) -> None:
        answers = self.answers()
        error = self.submit(answers)
        if error is None:
            self.dismiss(answers)
        else:
            line = self.query_one("#prompt-error", Static)
            line.update(Text(f"⚠ {error}"))
            line.add_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)
