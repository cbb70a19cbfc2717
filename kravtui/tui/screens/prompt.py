"""A small dialog of one to three text fields, for adding and renaming classifications.

The caller passes a `submit` function that tries the change and returns an error message (or
None when it worked), so a refused name keeps the dialog open with the reason under the fields.
Enter moves to the next field and submits from the last one; Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from kravtui.i18n import t


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
    BINDINGS = [Binding("escape", "cancel", show=False)]  # noqa: RUF012

    def __init__(
        self,
        title: str,
        fields: Sequence[PromptField],
        submit: Callable[[Answer], str | None],
    ) -> None:
        super().__init__()
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

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def answers(self) -> Answer:
        """The fields' current texts by key."""
        return {f.key: self.query_one(f"#prompt-{f.key}", Input).value for f in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self._try()

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
