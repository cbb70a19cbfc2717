"""The detail modal: one requirement in full, over the list, on narrow terminals.

The keys that act on the current requirement from the list (edit, duplicate, delete, history,
tick, and new) work here too: the modal closes and hands the action to the main screen, which
acts on the same requirement, so a reader at 80x24 need not go back to the list first. An
editing key the session may not use (read-only, an officer's database role) is refused here, in
one line, and the requirement stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.app import ComposeResult
from textual.screen import ModalScreen

from kravtui.catalogue.records import Classifications, Requirement
from kravtui.i18n import t
from kravtui.tui.keys import EDIT_KEYS, MODAL_HELP, MODAL_KEYS, SELECTION_KEYS, install, passed_on
from kravtui.tui.outside_change import OutsideChange
from kravtui.tui.read_only import refuse_app_editing, shown
from kravtui.tui.widgets.detail_pane import DetailPane
from kravtui.tui.widgets.key_footer import KeyFooter

EDITING = ("new_requirement", "edit_requirement", "duplicate_requirement", "delete_requirement")
"""The passed-on actions that change the catalogue's requirements."""

PASSED_ON = (*EDITING, "history", "tick")
"""Main-screen actions the modal hands on (it closes with the action's name)."""

Reread = Callable[[str], tuple[Requirement | None, Classifications]]
"""The requirement of a uid as the catalogue holds it now (None: gone), with the classifications."""


class DetailScreen(ModalScreen[str | None]):
    """Read a requirement; Esc or q goes back to the list, `e`, `d`, `h` ... act on it."""

    def __init__(
        self,
        requirement: Requirement,
        classifications: Classifications,
        *,
        read_only: bool = False,
        editing_read_only: bool = False,
        reread: Reread | None = None,
    ) -> None:
        super().__init__()
        install(self, (*MODAL_KEYS, MODAL_HELP))
        # read-only: new, edit, duplicate, delete and tick leave the footer (the editing ones
        # are refused here, tick by the list); an officer's role: new, edit, duplicate, delete.
        # `n` is not about the requirement read, so it stays out of the footer (help lists it)
        keys = passed_on(EDIT_KEYS, PASSED_ON)
        keys = tuple(replace(spec, show=False) if spec.id == "new" else spec for spec in keys)
        editing = shown(keys, read_only or editing_read_only)
        install(self, (*editing, *shown(passed_on(SELECTION_KEYS, PASSED_ON), read_only)))
        self.requirement = requirement
        self.classifications = classifications
        self._reread = reread

    def compose(self) -> ComposeResult:
        yield DetailPane(id="detail-modal", back_key=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        pane = self.query_one(DetailPane)
        pane.show(self.requirement, self.classifications)
        pane.focus()

    def on_outside_change(self, _message: OutsideChange) -> None:
        """Another session committed: show the requirement as it is now, and say so when it
        changed or went while it was being read (an action passed on is refused then)."""
        if self._reread is None:
            return
        uid = self.requirement.uid
        fresh, self.classifications = self._reread(uid)
        if fresh == self.requirement:
            return
        if fresh is None:
            self.notify(t("tui.detail.gone", uid=uid), severity="warning")
            return
        self.requirement = fresh
        self.query_one(DetailPane).show(fresh, self.classifications)
        said = "tui.detail.deleted_elsewhere" if fresh.content.deleted else "tui.detail.changed"
        self.notify(t(said, uid=uid), severity="warning")

    def action_pass_on(self, action: str) -> None:
        """Close, asking the main screen to run `action` on this requirement; an editing action
        the session may not take is refused here instead, and the requirement stays open."""
        if action in EDITING and refuse_app_editing(self):
            return
        self.dismiss(action)
