"""A yes/no question over the current screen: delete this requirement? untick these? quit?

The one confirmation dialog of the TUI, for the catalogue and the selection screens alike. `y`
answers yes, `n` or Esc answers no; the two buttons do the same for the mouse, and the dialog's
own footer shows its keys (not the screen's beneath). The safe answer has the focus, so a stray
Enter never deletes or discards anything. Texts are shown as given, never read as markup.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kravtui.i18n import t
from kravtui.tui.keys import CONFIRM_KEYS, MODAL_HELP, install
from kravtui.tui.widgets.key_footer import KeyFooter


class ConfirmScreen(ModalScreen[bool]):
    """Ask one question; dismissed with True (yes) or False (no)."""

    CSS_PATH = "editing.tcss"

    def __init__(
        self,
        question: str,
        detail: str | Text = "",
        *,
        yes: str | None = None,
        no: str | None = None,
    ) -> None:
        super().__init__()
        install(self, (*CONFIRM_KEYS, MODAL_HELP))
        self.question = question
        self.detail = detail
        self.yes_label = yes or t("tui.key.yes")
        self.no_label = no or t("tui.key.no")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="edit-dialog"):
            yield Static(Text(self.question, style="bold"), id="confirm-question")
            if self.detail:
                detail = self.detail if isinstance(self.detail, Text) else Text(self.detail)
                yield Static(detail, id="confirm-detail")
            with Horizontal(classes="edit-buttons"):
                yield Button(f"{self.yes_label} (y)", id="confirm-yes", variant="error")
                yield Button(f"{self.no_label} (n)", id="confirm-no", variant="primary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class QuitQuestion(ConfirmScreen):
    """Quit without saving? Its own class, so a second `ctrl+q` while it is asked is ignored."""
