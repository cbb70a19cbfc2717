"""The command palette's entries for selections: every key of the screen in front, and the
main screen's actions that have no key of their own (new selection, mark final); read-only,
without those that write (`kravtui.tui.read_only`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from kravtui.tui.commands import Display, commands, extra
from kravtui.tui.keys import (
    DRIFT_KEYS,
    EXPORT_DIALOG_KEYS,
    ITEM_KEYS,
    QUESTIONNAIRE_KEYS,
    RETICK_KEYS,
    SELECTION_DIALOG_KEYS,
    SELECTION_KEYS,
    SELECTIONS_KEYS,
    KeySpec,
)
from kravtui.tui.read_only import app_read_only, offered
from kravtui.tui.screens.main import MainScreen

_FORM = tuple(s for s in SELECTION_DIALOG_KEYS if s.id in ("sel-save", "sel-cancel"))


def screen_keys() -> tuple[tuple[type[Screen[Any]], tuple[KeySpec, ...]], ...]:
    """Each selection screen with its keys; imported here, not at start-up (first frame)."""
    from kravtui.tui.screens.drift import DriftScreen
    from kravtui.tui.screens.export_dialog import ExportScreen
    from kravtui.tui.screens.questionnaire import QuestionnaireScreen
    from kravtui.tui.screens.retick import RetickScreen
    from kravtui.tui.screens.selection_items import SelectionItemsScreen
    from kravtui.tui.screens.selections import SelectionsScreen

    return (
        (MainScreen, SELECTION_KEYS),
        (SelectionsScreen, SELECTIONS_KEYS),
        (SelectionItemsScreen, ITEM_KEYS),
        (QuestionnaireScreen, QUESTIONNAIRE_KEYS),
        (RetickScreen, RETICK_KEYS),
        (DriftScreen, DRIFT_KEYS),
        (ExportScreen, EXPORT_DIALOG_KEYS),
    )


def selection_commands(
    app: App[Any], screen: Screen[Any], keymap: Mapping[str, str], display: Display
) -> Iterator[SystemCommand]:
    """Palette entries for the selection actions of `screen`."""
    read_only = app_read_only(app)
    for kind, specs in screen_keys():
        if isinstance(screen, kind):
            yield from commands(app, ((screen, offered(specs, read_only)),), keymap, display)
    if isinstance(screen, MainScreen) and not read_only:
        yield extra(
            "tui.cmd.new_selection", "tui.cmd.new_selection.help", screen.action_new_selection
        )
        yield extra(
            "tui.cmd.final_selection",
            "tui.cmd.final_selection.help",
            screen.action_finalise_selection,
        )
