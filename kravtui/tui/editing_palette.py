"""The command palette's entries for editing: the main screen's editing actions (the writing
ones left out when read-only), and the keys of the editing screens.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from textual.app import App, SystemCommand

from kravtui.tui.commands import Display, commands
from kravtui.tui.keys import EDIT_KEYS, FORM_KEYS, KeySpec
from kravtui.tui.read_only import offered
from kravtui.tui.screens.main import MainScreen


def editing_commands(
    app: App[Any], screen: object, keymap: Mapping[str, str], display: Display
) -> Iterator[SystemCommand]:
    """The command palette's entries for the editing actions of the screen in front.

    On the main screen: new, edit, duplicate, delete, restore, history, classifications (only
    the last two when read-only); on the editing screens, their own keys.
    """
    from kravtui.tui.screens.classifications import ClassificationScreen
    from kravtui.tui.screens.history import HistoryScreen
    from kravtui.tui.screens.requirement_form import RequirementForm

    specs: tuple[KeySpec, ...] = ()
    target: Any = screen
    if isinstance(screen, MainScreen):
        specs = offered(EDIT_KEYS, screen.session.catalogue_read_only)
    elif isinstance(screen, RequirementForm):
        specs = FORM_KEYS
    elif isinstance(screen, HistoryScreen | ClassificationScreen):
        specs = tuple(screen.specs)
    if specs:
        yield from commands(app, [(target, specs)], keymap, display)
