"""Pilot tests of selections from the main screen: create and switch (`s`), Space ticks with a
glyph and a count, the "ticked only" facet, tick/untick all shown with a confirmation, the
questionnaire's live count and apply, unticking an edited item, and a final selection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from kravtui.selection.current import remembered_selection
from kravtui.selection.items import edit_item, get_item, list_items, tick, ticked_uids
from kravtui.selection.store import finalise, get_selection, list_selections
from kravtui.tui import selection_controller
from kravtui.tui.app import KravApp
from kravtui.tui.screens import main as main_module
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.questionnaire import QuestionnaireScreen
from kravtui.tui.screens.selection_form import SelectionFormScreen
from kravtui.tui.screens.selections import SelectionsScreen
from tests.tui.helpers import (
    cursor_uid,
    listed_uids,
    notifications,
    opened,
    screen_text,
    settle,
    type_text,
    wait_until,
)
from tests.tui.selection_helpers import make_selection, press, status

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (140, 45)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_create_a_selection_and_it_becomes_current(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "No selection (s)" in status(app)
        await press(pilot, "s")
        assert isinstance(app.screen, SelectionsScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, SelectionFormScreen)
        await type_text(pilot, "Udbud 2025")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SelectionsScreen)
        assert "● Udbud 2025" in screen_text(app)
        await press(pilot, "escape")
        assert "✓ 0 ticked · Udbud 2025" in status(app)
    with opened(catalogue) as conn:
        [summary] = list_selections(conn)
        assert summary.title == "Udbud 2025"
        assert remembered_selection(conn) == summary.id


async def test_a_title_is_required(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n", "ctrl+s")
        assert isinstance(app.screen, SelectionFormScreen)
        assert "a selection needs a title" in screen_text(app)


async def test_switch_the_current_selection_and_it_is_remembered(
    make_app: MakeApp, catalogue: Path
) -> None:
    first = make_selection(catalogue, "Første", ["ARK-1"])
    second = make_selection(catalogue, "Anden", ["ARK-1", "ARK-2"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "2 ticked · Anden" in status(app)  # the newest draft when nothing is remembered
        await press(pilot, "s")
        text = screen_text(app)
        assert "● Anden" in text and "  Første" in text
        await press(pilot, "j", "enter")
        assert not isinstance(app.screen, SelectionsScreen)
        assert "1 ticked · Første" in status(app)
    with opened(catalogue) as conn:
        assert remembered_selection(conn) == first != second


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_space_ticks_and_unticks_with_a_glyph_and_a_count(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    selection_id = make_selection(catalogue)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert cursor_uid(app) == "ARK-1"
        await press(pilot, "space")
        assert "▶ ✓  ARK-1" in screen_text(app)
        assert "✓ 1 ticked" in status(app)
        await press(pilot, "j", "space")
        assert "  ✓  ARK-1" in screen_text(app) and "▶ ✓  ARK-2" in screen_text(app)
        assert "✓ 2 ticked" in status(app)
        await press(pilot, "space")
        assert "▶    ARK-2" in screen_text(app)
        assert "✓ 1 ticked" in status(app)
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"ARK-1"}


async def test_space_without_a_selection_says_how_to_get_one(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        assert isinstance(app.screen, SelectionsScreen)
        assert any("No selection yet" in message for message in notifications(app))


async def test_ticked_only_facet(make_app: MakeApp, catalogue: Path) -> None:
    make_selection(catalogue, ticked=["LOG-2", "SIK-3"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "t")
        assert listed_uids(app) == ["LOG-2", "SIK-3"]
        assert "Ticked only" in status(app)
        await press(pilot, "space")  # unticking under the facet takes the row away
        assert listed_uids(app) == ["SIK-3"]
        await press(pilot, "escape")  # the newest filter comes off
        assert len(listed_uids(app)) == 10


async def test_tick_all_shown_asks_with_the_count(make_app: MakeApp, catalogue: Path) -> None:
    selection_id = make_selection(catalogue, ticked=["SIK-1"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "krypt")
        await press(pilot, "enter")
        assert listed_uids(app) == ["SIK-1", "SIK-2"]
        await press(pilot, "plus")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Tick 1 requirement in" in screen_text(app)
        assert "2 shown; the rest are ticked already" in screen_text(app)
        await press(pilot, "y")
        assert "✓ 2 ticked" in status(app)
        await press(pilot, "minus")
        assert "Untick the 2 requirements shown" in screen_text(app)  # no rest to speak of
        await press(pilot, "n")  # No changes nothing
        assert "✓ 2 ticked" in status(app)
        await press(pilot, "minus", "y")
        assert "✓ 0 ticked" in status(app)
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == set()


async def test_many_are_ticked_in_a_worker(
    make_app: MakeApp, catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selection_controller, "BULK", 3)  # as if 3 were many
    selection_id = make_selection(catalogue)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "plus", "y")
        assert any("Ticking 10" in m for m in notifications(app))
        assert "✓ 10 ticked" in status(app)
        await press(pilot, "minus", "y")
        assert "✓ 0 ticked" in status(app)
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == set()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_questionnaire_counts_live_and_applies(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    selection_id = make_selection(catalogue)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert "1 of 10 proposed" in screen_text(app)  # the favourite SIK-1
        await press(pilot, "y")  # Persondata: yes
        assert "[yes]" in screen_text(app) and "Persondata" in screen_text(app)
        await press(pilot, "tab", "space")  # the domain Økonomi
        assert "[x] Økonomi" in screen_text(app)
        assert "2 of 10 proposed" in screen_text(app)  # + LOG-2 (Økonomi, Persondata)
        await press(pilot, "a")
        await press(pilot, "escape")
        assert "✓ 2 ticked" in status(app)
    with opened(catalogue) as conn:
        selection = get_selection(conn, selection_id)
        assert selection.info.domains == ("Økonomi",)
        assert selection.answers["Persondata"].value == "yes"
        items = {item.uid: item.why for item in list_items(conn, selection_id)}
        assert items == {
            "SIK-1": ("favourite",),
            "LOG-2": ("domain:Økonomi", "tag:Persondata=yes"),
        }


async def test_unticking_an_edited_item_warns_and_keeps_the_edit(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = make_selection(catalogue, ticked=["ARK-1"])
    with opened(catalogue) as conn:
        snapshot = get_item(conn, selection_id, "ARK-1").snapshot
        edit_item(conn, selection_id, "ARK-1", replace(snapshot, title="Aflevering (rettet)"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        assert isinstance(app.screen, ConfirmScreen)
        assert "the edit is kept" in screen_text(app)
        await press(pilot, "y")
        assert "✓ 0 ticked" in status(app)
        assert any("Kept your edits of ARK-1" in m for m in notifications(app))
        await press(pilot, "space")  # ticking again brings the edit back
        assert any("Brought back your earlier edits of ARK-1" in m for m in notifications(app))
    with opened(catalogue) as conn:
        assert get_item(conn, selection_id, "ARK-1").snapshot.title == "Aflevering (rettet)"


async def test_a_final_selection_refuses_ticks(make_app: MakeApp, catalogue: Path) -> None:
    selection_id = make_selection(catalogue, ticked=["ARK-1"])
    with opened(catalogue) as conn:
        finalise(conn, selection_id)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[final]" in status(app)
        await press(pilot, "j", "space", "plus")
        assert any("is final and cannot be changed" in m for m in notifications(app))
        assert "✓ 1 ticked" in status(app)
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"ARK-1"}


async def test_a_read_only_catalogue_refuses_every_change(
    make_app: MakeApp, catalogue: Path
) -> None:
    make_selection(catalogue, ticked=["ARK-1"])
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys in (("space",), ("plus",), ("v", "p", "e", "escape"), ("s", "n", "c", "d")):
            await press(pilot, *keys)
        assert isinstance(app.screen, SelectionsScreen)
        assert notifications(app).count("the catalogue is open read-only") == 7
        await press(pilot, "escape")
        assert "✓ 1 ticked" in status(app)


async def test_ticks_made_in_another_session_show_up(
    make_app: MakeApp, catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "POLL_SECONDS", 0.05)
    selection_id = make_selection(catalogue, ticked=["ARK-1"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "✓ 1 ticked" in status(app)
        with opened(catalogue) as conn:  # another officer, on the same selection
            tick(conn, selection_id, ["ARK-2", "LOG-1"])
        await wait_until(pilot, lambda: "✓ 3 ticked" in status(app))
        await settle(pilot)
        assert "  ✓  ARK-2" in screen_text(app)


async def test_quitting_over_a_half_filled_selection_form_asks_first(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        assert isinstance(app.screen, SelectionFormScreen)
        await press(pilot, "ctrl+q", "n")  # nothing typed yet: quits at once
    assert not app.is_running
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        await type_text(pilot, "Udbud 2026")
        await press(pilot, "ctrl+q")
        assert app.is_running
        assert "Quit kravtui?" in screen_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, SelectionFormScreen)


async def test_space_in_the_detail_modal_ticks_the_requirement(
    make_app: MakeApp, catalogue: Path
) -> None:
    make_selection(catalogue)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        await press(pilot, "space")
        assert not isinstance(app.screen, DetailScreen)
        assert "▶ ✓  ARK-1" in screen_text(app)
        assert "✓ 1 ticked" in status(app)


async def test_a_ticked_check_box_in_the_selection_form_counts_as_unsaved(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "n")
        app.screen.query_one("#priority").focus()
        await press(pilot, "space", "ctrl+q")
        assert app.is_running
        assert isinstance(app.screen, ConfirmScreen)
