"""`q` means one thing: on the main screen it quits, on any screen pushed over it, it closes
that screen (as Esc does); and keys that arrive in the same burst as a quitting `q` are dropped.

The walk found both: `s`, `v` and `a` quit the whole app on `q` while classifications, history,
detail and help closed; and `qe` sent in one burst (`tmux send-keys -l qe`) ended in
`NoMatches: No nodes match '#f-importance' on RequirementForm()`, the form being pushed into an
app that was shutting down.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from kravtui.selection.items import untick
from kravtui.selection.proposals import apply_questionnaire
from kravtui.selection.records import Answer
from kravtui.selection.store import set_answers
from kravtui.tui.app import KravApp
from kravtui.tui.screens.main import MainScreen
from tests.tui.helpers import notifications, opened, settle
from tests.tui.selection_helpers import edit_catalogue, make_selection, press

MakeApp = Callable[..., KravApp]


def _prepared(catalogue: Path) -> None:
    """A current selection that has drift (SIK-1) and a re-tick step (LOG-2 unticked)."""
    selection_id = make_selection(catalogue, domains=("Økonomi",))
    with opened(catalogue) as conn:
        set_answers(conn, selection_id, {"Persondata": Answer.YES})
        apply_questionnaire(conn, selection_id)
        untick(conn, selection_id, ["LOG-2"])
    edit_catalogue(catalogue, "SIK-1", title="Datakryptering i hvile, skærpet")


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("second", ["e", "n", "x", "v", "a", "h", "C", "s", "question_mark"])
async def test_keys_sent_in_one_burst_after_q_quit_cleanly(
    make_app: MakeApp, catalogue: Path, lang: str, second: str
) -> None:
    """As `tmux send-keys -l qe` does: both keys are queued before the first is handled."""
    _prepared(catalogue)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("q", second):
            app.post_message(events.Key(key, None if len(key) > 1 else key))
        await pilot.pause(0.2)
    assert app.return_code == 0  # run_test raised any error the app met


# (keys from the main screen to the pushed screen, the screen's class name)
PUSHED = {
    "selections": (("s",), "SelectionsScreen"),
    "selection-items": (("v",), "SelectionItemsScreen"),
    "questionnaire": (("a",), "QuestionnaireScreen"),
    "retick": (("a", "a"), "RetickScreen"),
    "drift": (("v", "w"), "DriftScreen"),
    "classifications": (("C",), "ClassificationScreen"),
    "history": (("h",), "HistoryScreen"),
    "detail": (("enter",), "DetailScreen"),
    "help": (("question_mark",), "HelpScreen"),
}


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", list(PUSHED))
async def test_q_closes_the_pushed_screen_and_quits_only_from_the_main_screen(
    make_app: MakeApp, catalogue: Path, lang: str, name: str
) -> None:
    _prepared(catalogue)
    keys, screen_name = PUSHED[name]
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        assert type(app.screen).__name__ == screen_name
        depth = len(app.screen_stack)
        await press(pilot, "q")
        assert len(app.screen_stack) == depth - 1, app.screen_stack  # one step back
        assert app.is_running
        while not isinstance(app.screen, MainScreen):
            await press(pilot, "q")
            assert app.is_running
        await press(pilot, "q")
        await pilot.pause(0.1)
        assert not app.is_running  # the main screen's q quits


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", ["selections", "selection-items", "questionnaire"])
async def test_at_120_columns_q_goes_back_too(
    make_app: MakeApp, catalogue: Path, lang: str, name: str
) -> None:
    _prepared(catalogue)
    keys, _ = PUSHED[name]
    app = make_app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        await press(pilot, "q")
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "ctrl+q anywhere, to quit"), ("da", "ctrl+q hvor som helst for at afslutte")],
)
async def test_ctrl_c_says_how_to_quit_in_the_user_s_language_without_markup(
    make_app: MakeApp, lang: str, words: str
) -> None:
    """Textual's own note ("Press [b]q[/b] to quit the app") showed its markup as typed."""
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause(0.1)
        shown = notifications(app)
        assert len(shown) == 1 and words in shown[0] and "[" not in shown[0]
        assert isinstance(app.screen, MainScreen)  # nothing else happened
        assert app.is_running
