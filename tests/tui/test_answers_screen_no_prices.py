"""The Besvarelser screen of a selection that asks for no prices: no price column in the grid
(its width goes to the title, or to one more vendor beside the others), no "priser i alt" in a
vendor's counts, no "Pris" in the answer below, at 80x24 and wider; a price a vendor wrote
anyway is not shown. The asked case is the one tests/tui/test_answers_screen.py and the
snapshots show, unchanged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from kravtui.selection.store import get_selection, update_info
from kravtui.tui.app import KravApp
from kravtui.tui.screens.answers import AnswersScreen
from kravtui.tui.widgets.answer_columns import PRICE_WIDTH, arrange_columns
from kravtui.tui.widgets.answer_grid import AnswerGrid
from tests.tui.answer_helpers import ALFA, BETA, answered_selection
from tests.tui.helpers import opened, screen_text, settle, wait_until
from tests.tui.selection_helpers import press

MakeApp = Callable[..., KravApp]


def no_prices(catalogue: Path, selection_id: int) -> None:
    with opened(catalogue) as conn:
        info = get_selection(conn, selection_id).info
        update_info(conn, selection_id, replace(info, prices_requested=False))


def _grid(app: KravApp) -> AnswerGrid:
    screen = app.screen
    assert isinstance(screen, AnswersScreen), type(screen)
    return screen.grid


def _line(app: KravApp, uid: str) -> str:
    region = _grid(app).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return next(line for line in lines if uid in line)


def _flat(app: KravApp) -> str:
    return " ".join(screen_text(app).split())


async def _to(pilot: object, app: KravApp, uid: str) -> None:
    grid = _grid(app)
    for _ in range(20):
        assert grid.comparison is not None and grid.current is not None
        if grid.comparison.items[grid.current].uid == uid:
            return
        await press(pilot, "down")  # type: ignore[arg-type]
    raise AssertionError(uid)


async def test_at_80x24_no_price_column_no_total_and_the_title_gets_the_width(
    make_app: MakeApp, catalogue: Path
) -> None:
    no_prices(catalogue, answered_selection(catalogue))  # Alfa wrote "12.500 kr." all the same
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        grid = _grid(app)
        layout = grid.columns
        assert grid.comparison is not None and grid.comparison.shows_prices is False
        assert layout is not None and layout.prices is False and layout.count == 1
        width = grid.scrollable_content_region.width
        priced = arrange_columns(width, 2, 0, 0, grid.uid_width)  # the same, asking for prices
        # the price's cells go to the full choice words ("Ja, som tilkøb", not "Tilkøb") and
        # the title
        assert priced.prices and not priced.full_words and layout.full_words
        assert layout.cell == priced.cell - (PRICE_WIDTH + 1) + layout.word - priced.word
        assert layout.title > priced.title
        assert layout.title + layout.cell == priced.title + priced.cell
        text = _flat(app)
        assert "priser i alt" not in text and "12.500" not in text
        assert "besvaret 5 af 5" in text  # the rest of the counts are there
        log1 = _line(app, "LOG-1")
        assert "+ Ja, som tilkøb" in log1
        assert "12.500" not in log1 and "Pris" not in screen_text(app)
        assert len(log1) <= 80
        await _to(pilot, app, "LOG-1")
        await wait_until(pilot, lambda: "Alfa A/S: + Ja, som tilkøb" in screen_text(app))
        assert "Pris" not in screen_text(app) and "12.500" not in screen_text(app)
        await press(pilot, "right")
        await wait_until(pilot, lambda: "Beta ApS: ✗ Nej" in screen_text(app))
        assert "Pris" not in screen_text(app) and "priser i alt" not in _flat(app)


async def test_wider_a_vendor_more_fits_beside_the_others(
    make_app: MakeApp, catalogue: Path
) -> None:
    """At 120 columns two vendors fit with prices; without them, three."""
    vendors = {"Alfa A/S": ALFA, "Beta ApS": BETA, "Gamma": BETA}
    selection_id = answered_selection(catalogue, vendors)
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        grid = _grid(app)
        assert grid.columns is not None and grid.columns.count == 2
        assert "prices in all 12,500.00" in _flat(app)
        assert "12,500.00" in _line(app, "LOG-1")
    no_prices(catalogue, selection_id)
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        grid = _grid(app)
        assert grid.columns is not None and grid.columns.count == 3
        assert grid.columns.prices is False
        text = _flat(app)
        assert "prices in all" not in text and "12,500" not in text and "12.500" not in text
        assert text.count("answered 5 of 5") == 1 and text.count("answered 4 of 5") == 2
        log1 = _line(app, "LOG-1")
        assert "+ Yes, as an add-on" in log1 or "+ Add-on" in log1
        assert log1.count("✗ No") == 2 and len(log1) <= 120
        await _to(pilot, app, "LOG-1")
        await wait_until(pilot, lambda: "Alfa A/S: + Yes, as an add-on" in screen_text(app))
        assert "Price" not in screen_text(app)
