"""Textual's own English words in the user's language: the command palette's placeholder and
"no matches" line, the palette's system commands (Keys, Maximize, Screenshot, Quit), and the
"Dismiss menu" a drop-down list shows in the footer.

`KravApp` opens `Palette` instead of Textual's `CommandPalette`, passes its system commands
through `translated_system_command`, and calls `localise_drop_downs` once the language is set.
"""

from __future__ import annotations

from rich.align import Align
from rich.console import RenderableType
from rich.text import Text
from textual.app import SystemCommand

from kravtui.i18n import t
from kravtui.tui.textual_internals import PaletteWithNoMatches, relabel_select_overlay

# Textual's system command title (and, for Keys, its help) -> our title and help keys
_SYSTEM_COMMANDS: dict[str, tuple[str, str]] = {
    "Keys": ("tui.cmd.keys", "tui.cmd.keys.show"),
    "Maximize": ("tui.cmd.maximize", "tui.cmd.maximize.help"),
    "Minimize": ("tui.cmd.minimize", "tui.cmd.minimize.help"),
    "Screenshot": ("tui.cmd.screenshot", "tui.cmd.screenshot.help"),
    "Quit": ("tui.cmd.quit", "tui.cmd.quit.help"),
    "Theme": ("tui.cmd.theme", "tui.cmd.theme.help"),
}


def translated_system_command(command: SystemCommand) -> SystemCommand:
    """`command` with its title and help in the current language (unknown ones unchanged)."""
    keys = _SYSTEM_COMMANDS.get(command.title)
    if keys is None:
        return command
    title, help_key = keys
    if command.title == "Keys" and command.help.startswith("Hide"):
        help_key = "tui.cmd.keys.hide"
    return SystemCommand(t(title), t(help_key), command.callback, command.discover)


class Palette(PaletteWithNoMatches):
    """The command palette, with its placeholder and its "no matches" line in our words."""

    def __init__(self, *, themes: bool = False, **options: object) -> None:
        placeholder = t("tui.palette.themes" if themes else "tui.palette.placeholder")
        super().__init__(placeholder=placeholder, **options)  # type: ignore[arg-type]

    def no_matches_prompt(self) -> RenderableType:
        return Align.center(Text(t("tui.palette.no_matches"), style="not bold"))


def localise_drop_downs() -> None:
    """A drop-down list's footer says "Close list" in the current language, not Textual's
    "Dismiss menu"."""
    relabel_select_overlay("dismiss", t("tui.select.dismiss"))
