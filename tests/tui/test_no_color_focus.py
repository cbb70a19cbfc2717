"""Under NO_COLOR, which list has the keyboard focus and which choice a drop-down highlights are
told by more than a shade of grey.

The walk: the questionnaire drew `›` in both its lists (questions and domains), so only a shade
told which one the keys moved; and the export dialog's format drop-down told its highlighted
choice by colour only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import OptionList, Select

from kravtui.tui.app import KravApp
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.questionnaire import QuestionnaireScreen
from tests.tui.helpers import screen_text, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


def _marks(app: KravApp, listing: OptionList) -> int:
    """How many lines of `listing`, as drawn now, carry the `›` mark."""
    region = listing.content_region
    lines = screen_text(app).splitlines()
    rows = [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]
    return sum(1 for row in rows if row.startswith("›"))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_only_the_focused_questionnaire_list_is_marked(
    make_app: MakeApp,
    catalogue: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    size: tuple[int, int],
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    make_selection(catalogue)
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        tags = screen.query_one("#q-tags", OptionList)
        domains = screen.query_one("#q-domains", OptionList)
        assert app.focused is tags
        assert (_marks(app, tags), _marks(app, domains)) == (1, 0)
        await press(pilot, "tab")
        assert app.focused is domains
        assert (_marks(app, tags), _marks(app, domains)) == (0, 1)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_format_drop_down_marks_its_highlighted_choice(
    make_app: MakeApp,
    catalogue: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    size: tuple[int, int],
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        await press(pilot, "shift+tab")  # to the format
        assert isinstance(app.focused, Select)
        await press(pilot, "enter")  # open the drop-down: the chosen format is highlighted
        overlay = screen.query_one("#export-format SelectOverlay", OptionList)
        assert app.focused is overlay and overlay.highlighted == 0
        assert _marks(app, overlay) == 1 and _marked_line(app, overlay) == 0
        await press(pilot, "down", "down")
        assert _marks(app, overlay) == 1 and _marked_line(app, overlay) == 2
        await press(pilot, "enter")  # chosen: the closed drop-down shows it without a mark
        select = screen.query_one("#export-format", Select)
        assert select.value == "toml"
        line = screen_text(app).splitlines()[select.region.y]
        assert "› " not in line and "TOML" in line


def _marked_line(app: KravApp, listing: OptionList) -> int:
    region = listing.content_region
    lines = screen_text(app).splitlines()
    rows = [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]
    return next(y for y, row in enumerate(rows) if row.startswith("›"))
