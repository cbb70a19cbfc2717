"""The save conflict: someone else saved the requirement while you were editing it.

Both versions are shown field by field (theirs → yours, with word-level marks), with who saved
theirs and when. The user keeps theirs, keeps theirs and goes on editing, or saves theirs over
with their version number ("keep mine"). Nothing is lost whichever they choose: their version is
in the history either way. Dismissed with "mine", "theirs" or "edit".
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from kravtui.catalogue.records import Requirement, RequirementContent
from kravtui.i18n import t
from kravtui.tui.keys import CONFLICT_KEYS, MODAL_HELP, install
from kravtui.tui.screens.history import local_time
from kravtui.tui.widgets.content_diff import content_diff, legend
from kravtui.tui.widgets.key_footer import KeyFooter


class ConflictScreen(ModalScreen[str]):
    """Theirs against yours; m keeps mine, t takes theirs, e (or Esc) edits further."""

    CSS_PATH = "editing.tcss"

    def __init__(self, mine: RequirementContent, theirs: Requirement) -> None:
        super().__init__()
        install(self, (*CONFLICT_KEYS, MODAL_HELP))
        self.mine = mine
        self.theirs = theirs

    def compose(self) -> ComposeResult:
        meta = self.theirs.meta
        diff = content_diff(self.theirs.content, self.mine)
        with Vertical(id="conflict-box", classes="edit-dialog"):
            yield Static(
                Text(t("tui.conflict.title", uid=self.mine.uid), style="bold"),
                id="conflict-title",
            )
            yield Static(
                Text(
                    t(
                        "tui.conflict.theirs",
                        version=meta.version,
                        at=local_time(meta.updated_at),
                        author=meta.updated_by,
                    )
                )
            )
            yield Static(Text(legend("tui.conflict.legend"), style="dim"))
            with VerticalScroll(id="conflict-diff"):
                yield Static(diff if diff.plain else Text(t("tui.conflict.same")))
            with Horizontal(classes="edit-buttons"):
                yield Button(f"{t('tui.key.keep_mine')} (m)", id="conflict-mine", variant="error")
                yield Button(f"{t('tui.key.take_theirs')} (t)", id="conflict-theirs")
                yield Button(
                    f"{t('tui.key.edit_further')} (e)", id="conflict-edit", variant="primary"
                )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#conflict-edit", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "conflict-edit").removeprefix("conflict-"))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
