"""The help screen: every key of the TUI, grouped, with the binding id used to remap it, then
notes on how Esc, the questionnaire's keys and Space work. The keys of the screen it was opened
from come first (`screen_group`), so ? on the Besvarelser screen opens on that screen's keys.

Keys are shown as they are after the user's `[keys]` table is applied, so the screen always
tells the truth about the running app.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kravtui.config import config_path
from kravtui.i18n import t
from kravtui.tui.keys import GROUPS, MAIN_KEYS, MODAL_KEYS, install, key_names
from kravtui.tui.widgets.key_footer import KeyFooter

NOTES: tuple[str, ...] = (
    "tui.help.filter_note",
    "tui.help.questionnaire_note",
    "tui.help.space_note",
    "tui.help.quit_note",
)
"""How keys work together where one line per key cannot say it (shown after the keys)."""


def screen_group(binding_ids: Collection[str]) -> str | None:
    """The heading of the group that holds most of a screen's `binding_ids` (the first such
    group on a tie); None on the main screen, whose keys come first anyway, and when no group
    holds any."""
    if any(spec.id in binding_ids for spec in MAIN_KEYS):
        return None
    best, most = None, 0
    for heading, specs in GROUPS:
        held = sum(1 for spec in specs if spec.id in binding_ids)
        if held > most:
            best, most = heading, held
    return best


def help_text(
    keymap: Mapping[str, str], display: Callable[[str], str], first: str | None = None
) -> Text:
    """Every group of keys: key(s), what they do, and the binding id; the group headed `first`
    (the screen's own) before the others, marked as this screen's."""
    ordered = sorted(GROUPS, key=lambda group: group[0] != first)
    rows = [
        (heading, [(", ".join(display(k) for k in key_names(s, keymap)), s) for s in specs])
        for heading, specs in ordered
    ]
    width = max(cell_len(keys) for _, group in rows for keys, _ in group) + 2
    text = Text(no_wrap=False)
    text.append(t("tui.help.title"), "bold underline")
    text.append("\n")
    for heading, group in rows:
        text.append("\n")
        text.append(t(heading), "bold")
        if heading == first:
            text.append(f" · {t('tui.help.this_screen')}", "bold")
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

    def __init__(self, keymap: Mapping[str, str], screen_keys: Collection[str] = ()) -> None:
        """`screen_keys`: the binding ids active where help was asked for."""
        super().__init__()
        install(self, MODAL_KEYS)
        self.keymap = dict(keymap)
        self.first = screen_group(screen_keys)

    def compose(self) -> ComposeResult:
        def display(key: str) -> str:
            return self.app.get_key_display(Binding(key, ""))

        with VerticalScroll(id="help-body"):
            yield Static(help_text(self.keymap, display, self.first), id="help-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()
