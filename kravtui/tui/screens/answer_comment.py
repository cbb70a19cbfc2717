"""The officer's question or comment on one vendor's answer (`c` and `m` on the Besvarelser
screen): a text of several lines, saved with ^s, Esc cancels.

The dialog only gathers the text; `save` is the screen's call of the assessment use case. A
refused comment (a control character, too long, "Accepteret med kommentar" without one) is said
on the dialog's error line and the dialog stays open, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from kravtui.tui.keys import MODAL_HELP, SELECTION_DIALOG_KEYS, install
from kravtui.tui.screens.selection_dialogs import SaveOrCancelForm, say
from kravtui.tui.widgets.key_footer import KeyFooter

Save = Callable[[str], str | None]  # the comment -> None when saved, else why not


class CommentScreen(SaveOrCancelForm):
    """Write a comment; dismisses True once `save` took it."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(self, heading: str, comment: str, save: Save) -> None:
        super().__init__()
        install(self, [s for s in SELECTION_DIALOG_KEYS if s.id in ("sel-save", "sel-cancel")])
        install(self, (MODAL_HELP,))
        self.heading = heading
        self.comment = comment
        self.save_comment = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Text(self.heading, style="bold"), classes="dialog-title")
            yield TextArea(self.comment, id="comment", classes="comment-text", compact=True)
            yield from self.error_and_buttons()
        yield KeyFooter()

    def on_mount(self) -> None:
        area = self.query_one("#comment", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        refusal = self.save_comment(self.query_one("#comment", TextArea).text)
        if refusal is None:
            self.dismiss(True)
        else:
            say(self.query_one("#form-error", Label), refusal)
