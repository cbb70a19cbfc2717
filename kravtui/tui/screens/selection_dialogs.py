"""Small modal dialogs of the selection screens: ask for one line, pick one of a few, a form.

Yes/no questions use `kravtui.tui.screens.confirm.ConfirmScreen`, as everywhere else.

Each returns its answer through `dismiss` (None or False when cancelled), so callers pass a
callback to `push_screen`. Texts are `Text` objects or plain strings shown without markup, so
titles with square brackets show as typed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, TextArea
from textual.widgets.option_list import Option

from kravtui.i18n import t
from kravtui.tui.keys import MODAL_HELP, SELECTION_DIALOG_KEYS, install
from kravtui.tui.widgets.check_list import CheckList
from kravtui.tui.widgets.field_row import FieldRow
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_option_list import MarkedOptionList

T = TypeVar("T")


def say(label: Label, text: str) -> None:
    """Show `text` in a dialog's message line (errors after a ⚠); an empty one takes no room."""
    mark = "⚠ " if text and label.has_class("dialog-error") else ""
    label.update(Text(mark + text))
    label.display = bool(text)


def field_row(label: str, widget: Widget) -> FieldRow:
    """A form line: the label (reversed while its field has focus), then the field."""
    return FieldRow(Label(Text(label), classes="sel-label"), widget, classes="sel-row")


_CANCEL = tuple(s for s in SELECTION_DIALOG_KEYS if s.id == "sel-cancel")
_PICK = tuple(s for s in SELECTION_DIALOG_KEYS if s.id == "sel-pick")


class TitlePromptScreen(ModalScreen[str | None]):
    """One line of text (a new title); Enter accepts, Esc cancels."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        install(self, (*_CANCEL, MODAL_HELP))
        self.title_text = title
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Text(self.title_text, style="bold"), classes="dialog-title")
            yield Input(self.value, id="prompt-input", compact=True)
            yield Label("", id="prompt-error", classes="dialog-error")
        yield KeyFooter()

    @on(Input.Changed)
    def _forget_error(self) -> None:
        say(self.query_one("#prompt-error", Label), "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            say(self.query_one("#prompt-error", Label), t("selection.title_required"))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[T | None], Generic[T]):
    """Pick one of a few values; Enter picks, Esc cancels."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(
        self, title: str, choices: Sequence[tuple[str, T]], current: T | None = None
    ) -> None:
        super().__init__()
        install(self, (*_PICK, *_CANCEL, MODAL_HELP))
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(Text(("● " if value == self.current else "  ") + label))
            for label, value in self.choices
        ]
        with Vertical(classes="dialog-box"):
            yield Label(Text(self.title_text, style="bold"), classes="dialog-title")
            yield MarkedOptionList(*options, id="choices")
        yield KeyFooter()

    def on_mount(self) -> None:
        listing = self.query_one("#choices", MarkedOptionList)
        values = [value for _, value in self.choices]
        listing.highlighted = values.index(self.current) if self.current in values else 0
        listing.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])

    def action_pick(self) -> None:
        """Enter: the highlighted value (the footer shows the key, so it is a binding here)."""
        index = self.query_one("#choices", MarkedOptionList).highlighted
        if index is not None:
            self.dismiss(self.choices[index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


def field_values(screen: Widget) -> tuple[object, ...]:
    """What the fields of `screen` hold now, in order: one-line and text fields, pickers, check
    boxes and check lists."""
    values: list[object] = []
    for widget in screen.query("*"):
        if isinstance(widget, TextArea):
            values.append(widget.text)
        elif isinstance(widget, CheckList):
            values.append(tuple(widget.selected))
        elif isinstance(widget, Input | Select | Checkbox):
            values.append(widget.value)
    return tuple(values)


class SaveOrCancelForm(ModalScreen[bool]):
    """A form that dismisses with True once saved, False when cancelled.

    Enter in a one-line field or the "save" button runs the subclass's `save` action (validate,
    save through a service, then `self.dismiss(True)`); any other button cancels.
    """

    _opened_with: tuple[object, ...] | None = None

    @on(events.Mount)
    def _remember_fields(self) -> None:
        self.call_after_refresh(self._take_snapshot)

    def _take_snapshot(self) -> None:
        self._opened_with = field_values(self)

    def unsaved_changes(self) -> bool:
        """Whether a field holds something else than when the form opened (asked on quit)."""
        return self._opened_with is not None and field_values(self) != self._opened_with

    def error_and_buttons(self) -> ComposeResult:
        """The end of the form: its error line (``#form-error``), then Save and Cancel."""
        yield Label("", id="form-error", classes="dialog-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button(t("tui.sel.save"), id="save", variant="primary", compact=True)
            yield Button(t("tui.sel.cancel"), id="cancel", compact=True)

    def action_cancel(self) -> None:
        self.dismiss(False)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _forget_error(self) -> None:
        """An error speaks of what the form held at Save: once a field changes it is out of
        date, so it goes (Save checks again)."""
        for line in self.query("#form-error").results(Label):
            say(line, "")

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.run_action("save")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action("save" if event.button.id == "save" else "cancel")
