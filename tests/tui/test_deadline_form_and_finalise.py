"""Pilot tests at 80x24, in Danish and English, of a response deadline before today: the
selection form warns beside the date field (and still saves), and marking the selection final
names the deadline in its question, where no keeps it a draft and yes finalises it.

"Today" is 2026-06-15 (`kravtui.selection.deadline.today` is replaced).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from kravtui.selection import deadline as deadline_module
from kravtui.selection.records import SelectionInfo, Status
from kravtui.selection.store import create_selection, get_selection, list_selections
from kravtui.tui.app import KravApp
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.selection_form import SelectionFormScreen
from kravtui.tui.screens.selections import SelectionsScreen
from tests.tui.helpers import opened, screen_text, settle, type_text
from tests.tui.selection_helpers import press

MakeApp = Callable[..., KravApp]

WARNING = {"en": "⚠ Before today", "da": "⚠ Før i dag"}
QUESTION = {
    "en": "The response deadline 2026-06-01 is before today",
    "da": "Svarfristen 2026-06-01 er før i dag",
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(deadline_module, "today", lambda: date(2026, 6, 15))


def _selection(catalogue: Path, deadline: str) -> int:
    with opened(catalogue) as conn:
        return create_selection(conn, SelectionInfo("Udbud", deadline=deadline)).id


@pytest.mark.parametrize("language", ["en", "da"])
async def test_the_form_warns_beside_a_past_deadline_and_saves_it(
    make_app: MakeApp, catalogue: Path, language: str
) -> None:
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        assert isinstance(app.screen, SelectionFormScreen)
        await type_text(pilot, "Udbud")
        app.screen.query_one("#deadline").focus()
        await type_text(pilot, "15.06.2026")  # today: no warning
        await settle(pilot)
        assert WARNING[language] not in screen_text(app)
        await press(pilot, "backspace", "backspace", "backspace", "backspace", "backspace")
        await press(pilot, "backspace", "backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "01.06.2026")
        await settle(pilot)
        deadline_line = next(line for line in screen_text(app).splitlines() if "01.06.2026" in line)
        assert WARNING[language] in deadline_line  # beside the field, on its line
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SelectionsScreen)
        before_today = "(before today)" if language == "en" else "(før i dag)"
        assert f"2026-06-01 {before_today}" in screen_text(app)
    with opened(catalogue) as conn:
        [summary] = list_selections(conn)
        assert get_selection(conn, summary.id).info.deadline == "2026-06-01"


@pytest.mark.parametrize("language", ["en", "da"])
async def test_the_edit_form_shows_the_warning_when_it_opens(
    make_app: MakeApp, catalogue: Path, language: str
) -> None:
    _selection(catalogue, "2026-06-01")
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "e")
        assert isinstance(app.screen, SelectionFormScreen)
        app.screen.query_one("#deadline").focus()
        await settle(pilot)
        assert WARNING[language] in screen_text(app)


@pytest.mark.parametrize("language", ["en", "da"])
async def test_a_deadline_that_is_not_a_date_keeps_the_form_open(
    make_app: MakeApp, catalogue: Path, language: str
) -> None:
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        await type_text(pilot, "Udbud")
        app.screen.query_one("#deadline").focus()
        await type_text(pilot, "30.02.2027")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SelectionFormScreen)
        assert "'30.02.2027'" in screen_text(app)
    with opened(catalogue) as conn:
        assert list_selections(conn) == []


@pytest.mark.parametrize("language", ["en", "da"])
async def test_finalising_with_a_past_deadline_asks_first(
    make_app: MakeApp, catalogue: Path, language: str
) -> None:
    selection_id = _selection(catalogue, "2026-06-01")
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "F")
        assert isinstance(app.screen, ConfirmScreen)
        assert QUESTION[language] in screen_text(app)
        await press(pilot, "n")
        with opened(catalogue) as conn:
            assert get_selection(conn, selection_id).status is Status.DRAFT
        await press(pilot, "F")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert isinstance(app.screen, SelectionsScreen)
    with opened(catalogue) as conn:
        assert get_selection(conn, selection_id).status is Status.FINAL


async def test_finalising_with_a_later_deadline_asks_as_before(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = _selection(catalogue, "2026-06-15")
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "F")
        assert isinstance(app.screen, ConfirmScreen)
        assert "before today" not in screen_text(app)
        await press(pilot, "y")
    with opened(catalogue) as conn:
        assert get_selection(conn, selection_id).status is Status.FINAL
