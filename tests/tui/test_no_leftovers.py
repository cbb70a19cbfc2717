"""Nothing stale or stray on screen, and no English word in the Danish UI (Pilot at 80x24):

a form's error goes once the field is corrected; Shift+Tab into a filled field selects its text;
a notification leaves the status line and a dialog's border alone; a dialog at 80 columns leaves
no cut-off words beside its border; the palette, its system commands, a drop-down's footer and
the date placeholder speak the user's language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Input

from kravtui.i18n import t
from kravtui.tui.app import KravApp
from kravtui.tui.screens.selection_dialogs import ChoiceScreen
from kravtui.tui.screens.selection_form import SelectionFormScreen
from kravtui.tui.textual_internals import Toast
from kravtui.tui.widgets.status_line import StatusLine
from tests.tui.helpers import screen_text, settle, type_text, wait_until
from tests.tui.selection_helpers import make_selection, press, status

MakeApp = Callable[..., KravApp]
LANGUAGES = ["da", "en"]


async def _new_selection_form(pilot: object, app: KravApp) -> SelectionFormScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "s", "n")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SelectionFormScreen)
    return screen


async def _bad_date_refused(pilot: object, app: KravApp) -> Input:
    screen = await _new_selection_form(pilot, app)
    await type_text(pilot, "Udbud")  # type: ignore[arg-type]
    deadline = screen.query_one("#deadline", Input)
    deadline.focus()
    await type_text(pilot, "2026-13-45")  # type: ignore[arg-type]
    await press(pilot, "ctrl+s")  # type: ignore[arg-type]
    assert isinstance(app.screen, SelectionFormScreen)
    assert "2026-13-45" in screen_text(app)  # the error line quotes it
    assert app.screen.focused is deadline
    return deadline


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_date_error_goes_once_the_date_is_corrected(
    make_app: MakeApp, language: str
) -> None:
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = await _bad_date_refused(pilot, app)
        for _ in range(5):
            await press(pilot, "backspace")
        await type_text(pilot, "12-24")
        await settle(pilot)
        assert deadline.value == "2026-12-24"
        assert "2026-13-45" not in screen_text(app)
        assert "⚠" not in screen_text(app)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_shift_tab_into_a_filled_field_replaces_its_text(
    make_app: MakeApp, language: str
) -> None:
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        deadline = await _bad_date_refused(pilot, app)
        await press(pilot, "tab", "shift+tab")
        assert app.screen.focused is deadline
        await type_text(pilot, "2026-12-24")
        assert deadline.value == "2026-12-24"
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, SelectionFormScreen)


def _toast_regions(app: KravApp) -> list[Region]:
    toasts = list(app.screen.query(Toast))
    assert toasts, "no notification on screen"
    return [toast.region for toast in toasts]


def _border_cells(box: Region) -> set[tuple[int, int]]:
    cells = {(x, y) for x in range(box.x, box.right) for y in (box.y, box.bottom - 1)}
    return cells | {(x, y) for y in range(box.y, box.bottom) for x in (box.x, box.right - 1)}


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_notification_leaves_the_status_line_readable(
    make_app: MakeApp, catalogue: Path, language: str
) -> None:
    make_selection(catalogue, "Udbud 2025", ["ARK-1"])
    app = make_app(language)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        ticked = t("selection.n_ticked", count=1)
        assert ticked in status(app)
        app.notify(t("tui.sel.now_current", title="Udbud 2025") + " " + "x" * 30)
        await settle(pilot)
        assert ticked in status(app) and "Udbud 2025" in status(app)
        line = app.screen.query_one("#status", StatusLine).region
        for toast in _toast_regions(app):
            assert not toast.overlaps(line), (toast, line)
            assert toast.bottom <= line.y


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_notification_stays_inside_an_open_dialog(make_app: MakeApp, language: str) -> None:
    app = make_app(language)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _new_selection_form(pilot, app)
        app.notify("Gemt i /tmp/udbud.docx")
        await settle(pilot)
        box = screen.query_one(".dialog-box").region
        border = _border_cells(box)
        for toast in _toast_regions(app):
            cells = {
                (x, y) for x in range(toast.x, toast.right) for y in range(toast.y, toast.bottom)
            }
            assert not cells & border, (toast, box)


@pytest.mark.parametrize("width", [80, 86])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_dialog_leaves_no_cut_off_words_beside_its_border(
    make_app: MakeApp, catalogue: Path, language: str, width: int
) -> None:
    make_selection(catalogue, "Udbud 2025", ["ARK-1", "SIK-1"])
    app = make_app(language)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v", "p")
        assert isinstance(app.screen, ChoiceScreen)
        box = app.screen.query_one(".dialog-box").region
        lines = screen_text(app).splitlines()
        for y in range(box.y, box.bottom):
            line = lines[y].ljust(width)
            beside = line[: box.x] + line[box.right :]
            assert not beside.strip(), (y, line)


async def test_the_palette_speaks_danish(make_app: MakeApp) -> None:
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        text = screen_text(app)
        assert "Søg efter kommandoer" in text and "Search for commands" not in text
        await type_text(pilot, "tast")
        await settle(pilot)
        assert "Taster" in screen_text(app)  # Textual's "Keys" command, in Danish
        await type_text(pilot, "qqqxyz")
        # the palette says "no matches" after a second
        await wait_until(pilot, lambda: "Ingen kommandoer passer" in screen_text(app))
        text = screen_text(app)
        assert "Ingen kommandoer passer" in text and "No matches" not in text


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_palette_has_no_word_of_the_other_language(
    make_app: MakeApp, language: str
) -> None:
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+p")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        english = {"Keys", "Screenshot", "Maximize", "Minimize", "Theme", "Quit"}
        if language == "da":
            assert not english & set(titles), titles
        assert t("tui.cmd.keys") in titles


async def test_a_drop_down_and_the_date_field_speak_danish(make_app: MakeApp) -> None:
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _new_selection_form(pilot, app)
        assert "ÅÅÅÅ-MM-DD" in screen_text(app) and "YYYY" not in screen_text(app)
        screen.query_one("#language").focus()
        await press(pilot, "enter")  # the drop-down opens
        text = screen_text(app)
        assert "Luk listen" in text and "Dismiss" not in text, text.splitlines()[-1]


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_rename_prompt_error_goes_once_a_title_is_typed(
    make_app: MakeApp, catalogue: Path, language: str
) -> None:
    make_selection(catalogue, "Udbud 2025", ["ARK-1"])
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "r")
        prompt = app.screen.query_one(Input)
        prompt.value = ""
        await press(pilot, "enter")
        required = t("selection.title_required")
        assert required in screen_text(app)
        await type_text(pilot, "Udbud 2026")
        await settle(pilot)
        assert required not in screen_text(app)
