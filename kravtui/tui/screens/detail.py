"""The detail modal: one requirement in full, over the list, on narrow terminals."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Footer

from kravtui.catalogue.records import Classifications, Requirement
from kravtui.tui.keys import MODAL_KEYS, install
from kravtui.tui.widgets.detail_pane import DetailPane


class DetailScreen(ModalScreen[None]):
    """Read a requirement; Esc or q goes back to the list."""

    def __init__(self, requirement: Requirement, classifications: Classifications) -> None:
        super().__init__()
        install(self, MODAL_KEYS)
        self.requirement = requirement
        self.classifications = classifications

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail-modal", back_key=False)
        yield Footer()

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.show(self.requirement, self.classifications)
        pane.focus()
