"""Keys typed in one burst reach the screen the first of them opens (80x24 and 120x40, Danish and
English), and the export dialog acts on every one of them.

A terminal hands the app `x` and ctrl+t together when they are typed fast, pasted or sent over
a slow link. The keys after one that opens a screen went to the screen below, whose widget still
had the focus, and came back unused after the new screen was up: characters were lost instead
of typed into its first field, or acted as commands (`q` left the form just opened, and then the
rest ran on the main screen), and the dialogs' priority keys (ctrl+t, ctrl+s) were lost.
`kravtui/tui/type_ahead.py` holds them until the new screen is ready and then hands them to it,
in the order typed. Inside the export dialog, a ctrl+t or ctrl+s typed before the format list's
change was handled acted on the format before it (two ctrl+t moved one step; ctrl+t, ctrl+t,
ctrl+s wrote a DOCX).

`burst` sends the keys as a terminal does, all before the app has handled the first; Pilot's
`press` waits for the app to be idle after each key, by which time the new screen is ready, so
with `press` the keys always reached it (the tests run both ways).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandInput
from textual.screen import Screen
from textual.widgets import Input, TextArea

from kravtui.tui.app import KravApp
from kravtui.tui.screens.answer_comment import CommentScreen
from kravtui.tui.screens.answer_import import AnswerImportScreen
from kravtui.tui.screens.answer_report import AnswerReportScreen
from kravtui.tui.screens.answers import AnswersScreen
from kravtui.tui.screens.classifications import ClassificationScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.item_form import ItemFormScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.prompt import PromptScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from kravtui.tui.screens.selection_form import SelectionFormScreen
from kravtui.tui.screens.selection_items import SelectionItemsScreen
from kravtui.tui.screens.selections import SelectionsScreen
from kravtui.tui.screens.sheet_import import SheetImportScreen
from kravtui.tui.textual_words import Palette
from tests.tui.helpers import notifications, settle, wait_until
from tests.tui.selection_helpers import make_selection
from tests.tui.test_footer_keys import _prepared

MakeApp = Callable[..., KravApp]


async def burst(pilot: object, app: KravApp, *keys: str | events.Paste) -> None:
    """Send `keys` (and pastes) as a terminal does when they are typed at once: all of them
    before the app has handled the first (Pilot's `press` waits after each one)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        if isinstance(key, events.Paste):
            event: events.Key | events.Paste = key
        else:  # as a terminal names them: "/" arrives as the key "slash"
            name = KEY_NAMES.get(key, key)
            event = events.Key(name, key if len(key) == 1 else CHARACTERS.get(name))
        event.set_sender(app)
        driver.send_message(event)
    for _ in range(10):
        await settle(pilot)  # type: ignore[arg-type]


KEY_NAMES = {"/": "slash", " ": "space", "?": "question_mark"}
CHARACTERS = {name: character for character, name in KEY_NAMES.items()}


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_ctrl_t_typed_with_x_switches_the_dialogs_format(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, app, "x", "ctrl+t", "ctrl+t")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.format == "toml"  # DOCX -> PDF -> TOML
        assert screen.query_one("#export-path", Input).value.endswith("Udbud-2025.toml")


async def test_ctrl_s_typed_with_x_exports_to_the_suggested_file(
    make_app: MakeApp, catalogue: Path, user_folders: Path
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, app, "x", "ctrl+t", "ctrl+t", "ctrl+s")
        for _ in range(200):
            if not isinstance(app.screen, ExportScreen):
                break
            await settle(pilot)
        assert any("Exported 1 requirement" in m for m in notifications(app))
    assert (user_folders / "Udbud-2025.toml").read_text(encoding="utf-8").startswith("# kravtui")


async def test_two_ctrl_t_at_once_inside_the_dialog_move_two_steps(
    make_app: MakeApp, catalogue: Path
) -> None:
    """The second ctrl+t came before the list's change was followed and moved from the same
    format again (one step in all); and with no screen change in between, nothing is looked
    at twice (not four steps)."""
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, app, "x")
        assert isinstance(app.screen, ExportScreen)
        await burst(pilot, app, "ctrl+t", "ctrl+t")
        assert app.screen.format == "toml"


# The screens that open with a text field: the keys that lead there (pressed and settled first),
# the key that opens it, the screen, and where the typed characters go.
TYPED = "t/qav"  # ticked only, filter, quit (or back), questionnaire, view: commands below
OPENERS: dict[str, tuple[tuple[str, ...], str, type[Screen[object]]]] = {
    "filter": ((), "slash", MainScreen),
    "new": ((), "n", RequirementForm),
    "edit": ((), "e", RequirementForm),
    "duplicate": ((), "c", RequirementForm),
    "export": ((), "x", ExportScreen),
    "import-sheet": ((), "i", SheetImportScreen),
    "palette": ((), "ctrl+p", Palette),
    "class-add": (("C",), "n", PromptScreen),
    "class-rename": (("C",), "e", PromptScreen),
    "selection-new": (("s",), "n", SelectionFormScreen),
    "selection-edit": (("s",), "e", SelectionFormScreen),
    "item-edit": (("v",), "e", ItemFormScreen),
    "item-new": (("v",), "n", ItemFormScreen),
    "answer-comment": (("b",), "c", CommentScreen),
    "answer-import": (("b",), "i", AnswerImportScreen),
    "answer-report": (("b",), "x", AnswerReportScreen),
}
BELOW: dict[str, type[Screen[object]]] = {
    "C": ClassificationScreen,
    "s": SelectionsScreen,
    "v": SelectionItemsScreen,
    "b": AnswersScreen,
}


def _field_text(app: KravApp) -> str:
    focused = app.focused
    if isinstance(focused, TextArea):
        return focused.text
    assert isinstance(focused, Input | CommandInput), focused
    return focused.value


def _below(app: KravApp) -> tuple[object, ...]:
    """What the screens below would change if a typed key acted there: the stack, the main
    screen's filters and cursor, the focus of each screen, the notifications."""
    main = main_screen_of(app)
    return (
        [type(screen) for screen in app.screen_stack],
        main.state,
        main.requirement_list.cursor,
        [type(screen.focused) for screen in app.screen_stack],
        len(notifications(app)),
    )


@pytest.mark.parametrize("how", ["burst", "press"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", list(OPENERS))
async def test_characters_typed_with_the_opening_key_go_to_the_new_field(
    make_app: MakeApp, catalogue: Path, name: str, lang: str, size: tuple[int, int], how: str
) -> None:
    """The walk: typed at once with the key that opens a screen with a text field, the first
    characters went to the screen below (and `q` left the form, `a` then opened the
    questionnaire). They go into the new screen's field now, and nothing below acts."""
    _prepared(catalogue)
    before, opener, opened_screen = OPENERS[name]
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in before:
            await pilot.press(key)
            await settle(pilot)
        assert isinstance(app.screen, BELOW.get(before[0], MainScreen) if before else MainScreen)
        below = _below(app)
        if how == "burst":
            await burst(pilot, app, opener, *TYPED)
        else:
            await pilot.press(opener, *TYPED)
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, opened_screen), (name, type(screen))
        assert app.is_running
        assert _field_text(app).endswith(TYPED), (name, _field_text(app))
        if name == "filter":
            assert isinstance(screen, MainScreen) and screen.filter_bar.has_focus
            return
        assert _below(app)[1:3] == below[1:3]  # the main screen's filters and cursor
        assert [type(s) for s in app.screen_stack] == [*below[0], opened_screen]  # type: ignore[misc]
        assert [type(s.focused) for s in app.screen_stack[:-1]] == below[3]
        assert len(notifications(app)) == below[4], notifications(app)
        unsaved = getattr(screen, "unsaved_changes", None)
        if unsaved is not None:  # what was typed is a change: quitting asks first
            assert unsaved(), name


@pytest.mark.parametrize("lang", ["da", "en"])
async def test_a_paste_with_the_opening_key_goes_to_the_new_field(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    """A paste sent with `n` went to the list below and was lost."""
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, app, "n", events.Paste("NY-1"), "x")
        assert isinstance(app.screen, RequirementForm)
        assert _field_text(app).endswith("NY-1x")
        assert [type(s) for s in app.screen_stack] == [MainScreen, RequirementForm]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_keys_typed_while_edit_waits_for_a_search_go_to_the_form(
    make_app: MakeApp, catalogue: Path, lang: str, size: tuple[int, int]
) -> None:
    """`e` right after a filter waits for the search's rows (it edits the row shown); the keys
    typed after it ran on the main screen meanwhile (`a` opened the questionnaire, and the
    form opened over it)."""
    _prepared(catalogue)
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await burst(pilot, app, "slash", *"arkiv", "enter", "e", *TYPED)
        assert [type(s) for s in app.screen_stack] == [MainScreen, RequirementForm]
        assert main_screen_of(app).filter_bar.value == "arkiv"
        facets = main_screen_of(app).state.facets
        assert [facet.kind for facet in facets] == ["text"]  # `t` (ticked only) did not act
        assert _field_text(app).endswith(TYPED)
        form = app.screen
        assert isinstance(form, RequirementForm)
        assert form.base.uid in ("ARK-1", "ARK-2")  # a row of the result, not of the one before


def main_screen_of(app: KravApp) -> MainScreen:
    main = app.screen_stack[0]
    assert isinstance(main, MainScreen)
    return main


async def _busy_for_a_moment() -> None:
    await asyncio.sleep(0.2)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("name", ["export", "new", "edit", "import-sheet"])
async def test_a_slash_typed_with_the_opening_key_does_not_open_the_filter_first(
    make_app: MakeApp, catalogue: Path, name: str, lang: str, size: tuple[int, int]
) -> None:
    """The walk typed `x/tmp/fw/out1` at once: `/` is a priority key (it opens the filter as it
    arrives), so while the list was still busy with `x` it moved the focus to the filter,
    where `x` was then lost and the path went. The list is kept busy here for a moment."""
    _prepared(catalogue)
    _, opener, opened_screen = OPENERS[name]
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        main = main_screen_of(app)
        main.requirement_list.call_later(_busy_for_a_moment)
        await burst(pilot, app, opener, *"/tmp")
        await wait_until(pilot, lambda: isinstance(app.screen, opened_screen))
        await settle(pilot)
        assert _field_text(app).endswith("/tmp"), _field_text(app)
        assert main.filter_bar.value == "" and main.focused is main.requirement_list
        assert [type(s) for s in app.screen_stack] == [MainScreen, opened_screen]
