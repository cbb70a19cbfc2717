"""The help screen: every key of the TUI, grouped, with the binding id used to remap it, then
notes on how Esc, the questionnaire's keys and Space work.

Keys are shown as they are after the user's `[keys]` table is applied, so the screen always
tells the truth about the running app.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kravtui.config import config_path
from kravtui.i18n import t
from kravtui.tui.keys import GROUPS, MODAL_KEYS, install, key_names
from kravtui.tui.widgets.key_footer import KeyFooter

NOTES: tuple[str, ...] = (
    "tui.help.filter_note",
    "tui.help.questionnaire_note",
    "tui.help.space_note",
    "tui.help.quit_note",
)
"""How keys work together where one line per key cannot say it (shown after the keys)."""


def help_text(keymap: Mapping[str, str], display: Callable[[str], str]) -> Text:
    """Every group of keys: key(s), what they do, and the binding id."""
    rows = [
        (heading, [(", ".join(display(k) for k in key_names(s, keymap)), s) for s in specs])
        for heading, specs in GROUPS
    ]
    width = max(cell_len(keys) for _, group in rows for keys, _ in group) + 2
    text = Text(no_wrap=False)
    text.append(t("tui.help.title"), "bold underline")
    text.append("\n")
    for heading, group in rows:
        text.append("\n")
        text.append(t(heading), "bold")
        text.append("\n")
        for keys, spec in group:
            text.append(f"  {keys}".ljust(width + 2), "bold")
            text.append(t(spec.description_key))
            text.append(f"  ({spec.id})\n", "dim")
    text.append("\n")
    text.append(t("tui.help.notes"), "bold")
    text.append("\n")
    for note in NOTES:
        text.append(f"  {t(note)}\n")
    text.append("\n")
    text.append(t("tui.help.remap", path=str(config_path())))
    return text


class HelpScreen(ModalScreen[None]):
    """Every key; Esc or q closes it."""

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        install(self, MODAL_KEYS)
        self.keymap = dict(keymap)

    def compose(self) -> ComposeResult:
        def display(key: str) -> str:
            return self.app.get_key_display(Binding(key, ""))

        with VerticalScroll(id="help-body"):
            yield Static(help_text(self.keymap, display), id="help-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
