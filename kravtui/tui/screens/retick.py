"""The questionnaire's step for requirements the officer unticked by hand that the answers
propose again: a check list of them (uid and title), all unchecked, so that applying leaves them
unticked unless the officer checks some. `a` applies with the checked ones, Esc backs out
without applying anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from kravtui.i18n import t, t_count
from kravtui.selection.records import SelectionItem
from kravtui.tui.keys import MODAL_HELP, RETICK_KEYS, install
from kravtui.tui.widgets.check_list import CheckList
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.row_painter import plain


class RetickScreen(ModalScreen[list[str] | None]):
    """Choose which of `items` to tick again; dismissed with the chosen uids, or None."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(self, items: Sequence[SelectionItem]) -> None:
        super().__init__()
        install(self, (*RETICK_KEYS, MODAL_HELP))
        self.items = list(items)

    def compose(self) -> ComposeResult:
        title = t_count("tui.retick.title", len(self.items))
        with Vertical(classes="dialog-box", id="retick-box"):
            yield Label(Text(title, style="bold"), classes="dialog-title")
            yield Label(Text(t("tui.retick.help")), id="retick-help")
            lines = [(f"{i.uid}  {plain(i.snapshot.title)}", i.uid, False) for i in self.items]
            yield CheckList(lines, id="retick-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#retick-list", CheckList).focus()

    def on_check_list_changed(self, event: CheckList.Changed) -> None:
        event.stop()

    def action_apply(self) -> None:
        self.dismiss(self.query_one("#retick-list", CheckList).selected)

    def action_cancel(self) -> None:
        self.dismiss(None)
