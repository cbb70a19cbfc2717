"""Pilot tests of the selection form's "ask for prices" check box, at 80x24 and wider: a new
selection asks for prices, unticking the box saves a selection that does not, and the
selections screen says which."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kravtui.selection.store import get_selection, list_selections
from kravtui.tui.app import KravApp
from kravtui.tui.screens.selection_form import SelectionFormScreen
from kravtui.tui.screens.selections import SelectionsScreen
from tests.tui.helpers import opened, screen_text, settle, type_text
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (140, 45)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_a_new_selection_asks_for_prices_unless_the_box_is_unticked(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        assert isinstance(app.screen, SelectionFormScreen)
        await type_text(pilot, "Med priser")
        await press(pilot, "ctrl+s")
        await press(pilot, "n")
        await type_text(pilot, "Uden priser")
        app.screen.query_one("#prices").focus()
        await settle(pilot)
        assert "Ask vendors for a price for each add-on" in screen_text(app)  # scrolled into view
        await press(pilot, "space", "ctrl+s")
        assert isinstance(app.screen, SelectionsScreen)
        assert "Prices: not asked" in screen_text(app)
    with opened(catalogue) as conn:
        asked = {
            summary.title: get_selection(conn, summary.id).info.prices_requested
            for summary in list_selections(conn)
        }
    assert asked == {"Med priser": True, "Uden priser": False}


async def test_the_edit_form_shows_the_setting_and_changes_it(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = make_selection(catalogue)
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert "Priser: efterspørges hos leverandøren" in screen_text(app)
        await press(pilot, "e")
        assert isinstance(app.screen, SelectionFormScreen)
        app.screen.query_one("#prices").focus()
        await settle(pilot)
        assert "Bed leverandøren om en pris på hvert tilkøb" in screen_text(app)
        await press(pilot, "space", "ctrl+s")
        assert isinstance(app.screen, SelectionsScreen)
        assert "Priser: efterspørges ikke" in screen_text(app)
    with opened(catalogue) as conn:
        assert not get_selection(conn, selection_id).info.prices_requested
