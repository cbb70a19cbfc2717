"""Another session deletes the selection this one is working on: every action on it says so in
one line and the screens show that there is none, instead of a traceback.

The walk found two crashes: Enter in an open export dialog (`SelectionError: no selection '1'`
from the export's worker) and `x` in the selection screen (`AssertionError: the export needs a
current selection`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Label

from kravtui.config import Settings
from kravtui.i18n import t
from kravtui.selection.store import delete_selection
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.screens import main as main_screen
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.drift import DriftScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.questionnaire import QuestionnaireScreen
from kravtui.tui.screens.selection_items import SelectionItemsScreen
from kravtui.tui.screens.selections import SelectionsScreen
from tests.tui.helpers import notifications, opened, screen_text, settle, wait_until
from tests.tui.selection_helpers import edit_catalogue, make_selection, press, status

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]
TITLE = "Udbud 2025"


def _delete_elsewhere(catalogue: Path, selection_id: int) -> None:
    with opened(catalogue) as conn:
        delete_selection(conn, selection_id)


def _gone() -> str:
    return t("selection.gone", title=TITLE)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_enter_in_the_export_dialog_after_another_session_deleted_it_says_so(
    make_app: MakeApp,
    catalogue: Path,
    user_folders: Path,
    lang: str,
    size: tuple[int, int],
) -> None:
    make_selection(catalogue, TITLE, ticked=["SIK-1"])
    first = make_app(lang)
    async with first.run_test(size=size) as one:
        await settle(one)
        await press(one, "x")
        assert isinstance(first.screen, ExportScreen)
        second = create_app(catalogue, settings=Settings())  # the other officer, same language
        async with second.run_test(size=(80, 24)) as two:
            await settle(two)
            await press(two, "s", "d")
            assert isinstance(second.screen, ConfirmScreen)
            await press(two, "y")
            assert isinstance(second.screen, SelectionsScreen)
        await press(one, "enter")
        dialog = first.screen
        assert isinstance(dialog, ExportScreen)  # still open, nothing raised
        error = dialog.query_one("#export-error", Label)
        await wait_until(one, lambda: error.display)
        assert _gone() in str(error.render())
        assert "Traceback" not in screen_text(first)
        assert not (user_folders / "Udbud-2025.docx").exists()
        await press(one, "escape")
        assert isinstance(first.screen, MainScreen)
        assert t("tui.sel.badge_none") in status(first)


# (keys to the screen, the key that acts on the selection)
ACTIONS = {
    "main-x": ((), "x"),
    "main-v": ((), "v"),
    "main-a": ((), "a"),
    "main-space": ((), "space"),
    "main-plus": ((), "plus"),
    "items-x": (("v",), "x"),
    "items-a": (("v",), "a"),
    "items-w": (("v",), "w"),
    "items-p": (("v",), "p"),
    "items-space": (("v",), "space"),
    "items-e": (("v",), "e"),
    "items-c": (("v",), "c"),
    "questionnaire-y": (("a",), "y"),
    "questionnaire-a": (("a",), "a"),
    "drift-t": (("v", "w"), "t"),
}


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", list(ACTIONS))
async def test_an_action_on_a_selection_deleted_elsewhere_says_so_and_shows_none(
    make_app: MakeApp, catalogue: Path, lang: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The action finds it gone, not the look for other sessions' changes a second (on a busy
    # machine it could come between the deletion and the key): that look is tested below.
    monkeypatch.setattr(main_screen, "POLL_SECONDS", 3600)
    selection_id = make_selection(catalogue, TITLE, ticked=["SIK-1", "LOG-2"])
    edit_catalogue(catalogue, "SIK-1", title="Datakryptering i hvile, skærpet")  # drift
    keys, key = ACTIONS[name]
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        screen = app.screen
        if keys == ("v", "w"):
            assert isinstance(screen, DriftScreen)
        elif keys == ("a",):
            assert isinstance(screen, QuestionnaireScreen)
        elif keys:
            assert isinstance(screen, SelectionItemsScreen)
        _delete_elsewhere(catalogue, selection_id)
        await press(pilot, key)
        await pilot.pause(0.05)
        await settle(pilot)
        assert _gone() in notifications(app), notifications(app)
        assert isinstance(app.screen, MainScreen), app.screen  # back where there is no selection
        assert t("tui.sel.badge_none") in status(app)
        assert app.session.selection.selection is None


@pytest.mark.parametrize("lang", ["da", "en"])
async def test_a_selection_deleted_elsewhere_while_its_items_are_shown_says_so(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    """The look for other sessions' changes finds it gone: the items screen says so in one line
    and goes back to the list, which shows no selection."""
    selection_id = make_selection(catalogue, TITLE, ticked=["SIK-1", "LOG-2"])
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        assert isinstance(app.screen, SelectionItemsScreen)
        _delete_elsewhere(catalogue, selection_id)
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert _gone() in notifications(app), notifications(app)
        assert t("tui.sel.badge_none") in status(app)
