"""Pilot tests of the main screen: filter as you type, facets, navigation, Esc, reading."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from kravtui.config import Settings
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.filter_state import Facet
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.widgets.detail_pane import DetailPane
from kravtui.tui.widgets.facet_panel import FacetPanel
from kravtui.tui.widgets.filter_bar import FilterBar
from kravtui.tui.widgets.requirement_list import RequirementList
from tests.tui.conftest import build_catalogue
from tests.tui.helpers import cursor_uid, listed_uids, main_screen, screen_text, settle, type_text

ALL_LIVE = [
    "ARK-1",
    "ARK-2",
    "LOG-1",
    "LOG-2",
    "LOG-3",
    "SIK-1",
    "SIK-2",
    "SIK-3",
    "SIK-4",
    "SIK-5",
]

MakeApp = Callable[..., KravApp]


async def test_the_list_shows_every_live_requirement_and_the_counts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert listed_uids(app) == ALL_LIVE
        text = screen_text(app)
        assert "10 shown of 10" in text
        assert "ARK-3" not in text  # deleted


async def test_typing_a_word_inside_a_compound_filters_the_list(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, FilterBar)
        await type_text(pilot, "krypt")
        await settle(pilot)
        assert listed_uids(app) == ["SIK-1", "SIK-2"]
        text = screen_text(app)
        assert "Datakryptering i hvile" in text
        assert "2 shown of 10" in text
        assert "text: krypt" in text
        await pilot.press("enter")
        assert isinstance(app.focused, RequirementList)


async def test_typing_q_or_j_into_the_filter_types_them(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "qj")
        await settle(pilot)
        assert app.is_running
        assert main_screen(app).filter_bar.value == "qj"


async def test_cursor_keeps_its_requirement_when_the_filter_changes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(6):
            await pilot.press("j")
        assert cursor_uid(app) == "SIK-2"
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        await settle(pilot)
        assert cursor_uid(app) == "SIK-2"
        await type_text(pilot, "xyz")
        await settle(pilot)
        assert listed_uids(app) == []
        assert "No requirements match" in screen_text(app)


async def test_j_k_g_and_shift_g_move_the_cursor(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert cursor_uid(app) == "ARK-1"
        await pilot.press("j", "j")
        assert cursor_uid(app) == "LOG-1"
        await pilot.press("k")
        assert cursor_uid(app) == "ARK-2"
        await pilot.press("G")
        assert cursor_uid(app) == "SIK-5"
        await pilot.press("j")
        assert cursor_uid(app) == "SIK-5"
        await pilot.press("g")
        assert cursor_uid(app) == "ARK-1"
        await pilot.press("k")
        assert cursor_uid(app) == "ARK-1"
        await pilot.press("end", "up", "home", "down")
        assert cursor_uid(app) == "ARK-2"
        assert "▶ " in screen_text(app).splitlines()[2]


async def test_facets_narrow_the_list(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert not screen.facet_panel.display
        await pilot.press("f")
        await settle(pilot)
        panel = screen.facet_panel
        assert panel.display and app.focused is panel
        node = panel.node_of(Facet("category", "SIK"))
        assert node is not None
        panel.move_cursor(node)
        await pilot.press("space")
        await settle(pilot)
        assert listed_uids(app) == ["SIK-1", "SIK-2", "SIK-3", "SIK-4", "SIK-5"]
        absolute = panel.node_of(Facet("importance", "absolute"))
        assert absolute is not None
        panel.move_cursor(absolute)
        await pilot.press("enter")
        await settle(pilot)
        assert listed_uids(app) == ["SIK-1", "SIK-3"]
        text = screen_text(app)
        # the count column is as wide as the catalogue's 11 (names never move with a filter)
        assert "[x]  2 Minimum" in text and "[x]  2 SIK Sikkerhed" in text
        assert "Category: SIK · Priority: Minimum" in text
        await pilot.press("f")
        assert not panel.display
        assert isinstance(app.focused, RequirementList)


async def test_subcategory_domain_tag_and_flag_facets(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        cases = [
            (Facet("subcategory", "SIK/Kryptering"), ["SIK-1", "SIK-2"]),
            (Facet("domain", "Social"), ["LOG-1", "SIK-5"]),  # SIK-5 is all-domains
            (Facet("tag", "Persondata"), ["LOG-2", "SIK-1"]),
            (Facet("flag", "favourite"), ["SIK-1"]),
            (Facet("flag", "info_requirement"), ["LOG-3"]),
            (Facet("flag", "all_domains"), ["SIK-5"]),
            (Facet("flag", "deleted"), ["ARK-3"]),
        ]
        for facet, expected in cases:
            screen.toggle_facet(facet)
            await settle(pilot)
            assert listed_uids(app) == expected, facet
            screen.toggle_facet(facet)
            await settle(pilot)


async def test_facet_counts_follow_the_filter(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        panel = main_screen(app).facet_panel
        assert panel.display
        text = screen_text(app)
        assert "5 SIK Sikkerhed" in text
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        await settle(pilot)
        assert "2 SIK Sikkerhed" in screen_text(app)


async def test_escape_clears_filters_one_by_one_then_nothing(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        screen.toggle_facet(Facet("importance", "high"))
        await settle(pilot)
        assert listed_uids(app) == ["SIK-2"]
        await pilot.press("enter")  # from the list (in the filter bar Esc clears its text)
        await pilot.press("escape")
        await settle(pilot)
        assert listed_uids(app) == ["SIK-1", "SIK-2"]
        assert screen.filter_bar.value == "krypt"
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filter_bar.value == ""
        assert listed_uids(app) == ALL_LIVE
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert listed_uids(app) == ALL_LIVE


async def test_enter_opens_the_whole_requirement_in_a_modal_when_narrow(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "datakrypt")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert "SIK-1  Datakryptering i hvile" in screen_text(app)
        text = app.screen.query_one(DetailPane).text.plain
        for expected in (
            "SIK-1  Datakryptering i hvile",
            "Priority: Minimum",
            "Category: SIK Sikkerhed / Kryptering",
            "Domains: Økonomi",
            "Tags: Persondata",
            "Principles: Sikkerhed og privatliv",
            "Flags: Favourite",
            "Last changed: 1 May 2024 12:00 by redaktør",
            "Description",
            "Rationale",
            "Interpretation",
            "Angiv algoritme og nøglelængde.",
            "Notes",
        ):
            assert expected in text, expected
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)
        assert main_screen(app).filter_bar.value == "datakrypt"


async def test_detail_pane_follows_the_cursor_when_wide(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = main_screen(app).detail_pane
        assert pane.display
        assert "ARK-1  Aflevering til arkiv" in screen_text(app)
        await pilot.press("G")
        await pilot.pause()
        assert "SIK-5  Adgangslog [/x] skal kunne eksporteres" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is pane
        await pilot.press("escape")
        assert isinstance(app.focused, RequirementList)


async def test_tab_moves_between_panes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(type(app.focused))
        assert seen == [DetailPane, FilterBar, FacetPanel, RequirementList]


async def test_titles_are_shown_literally_never_as_markup(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Roller og rettigheder [bilag 3]" in text
        assert "Adgangslog [/x] skal kunne eksporteres" in text
        await pilot.press("slash")
        await type_text(pilot, "[bilag")
        await settle(pilot)
        assert listed_uids(app) == ["SIK-4"]
        assert "text: [bilag" in screen_text(app)


async def test_search_syntax_in_the_filter_is_harmless(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, '"*(OR')
        await settle(pilot)
        assert app.is_running
        assert listed_uids(app) == []


async def test_danish_text(make_app: MakeApp) -> None:
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "10 vist af 10" in text
        assert "Mindstekrav" in text and "Søg" in text and "Åbn" in text


async def test_read_only_is_shown(make_app: MakeApp) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "[read-only] 10 shown of 10" in screen_text(app)


async def test_keys_typed_in_one_burst_all_reach_the_filter(make_app: MakeApp) -> None:
    """A fast typist (or a paste, or tmux send-keys) sends "/krypt" in one write."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        driver = app._driver
        assert driver is not None
        burst = [("slash", "/"), *((c, c) for c in "krypt"), ("enter", "\r"), ("j", "j")]
        for key, character in burst:
            event = events.Key(key, character)
            event.set_sender(app)
            driver.send_message(event)
        await settle(pilot)
        assert main_screen(app).filter_bar.value == "krypt"
        assert listed_uids(app) == ["SIK-1", "SIK-2"]
        assert isinstance(app.focused, RequirementList)  # and "j" went to the list


async def test_a_click_moves_the_cursor_and_a_double_click_opens(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click(RequirementList, offset=(10, 3))
        assert cursor_uid(app) == "LOG-2"
        await pilot.click(RequirementList, offset=(10, 3), times=2)
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)


async def test_an_empty_catalogue_says_so(tmp_path: Path) -> None:
    path = build_catalogue(tmp_path / "empty.db", ())
    app = create_app(path, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "The catalogue has no requirements yet" in text
        assert "0 shown of 0" in text
        await pilot.press("j", "G", "enter", "escape")
        assert app.is_running


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (160, 40)], ids=["80x24", "160x40"])
async def test_esc_in_the_facet_panel_takes_off_filters_then_goes_back_to_the_list(
    make_app: MakeApp, lang: str, size: tuple[int, int]
) -> None:
    """The walk: Esc in the facet panel with no filter set left the focus in the panel."""
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        if not screen.facet_panel.display:
            await pilot.press("f")  # below 160 columns the panel waits until asked for
        else:
            screen.facet_panel.focus()
        await settle(pilot)
        panel = screen.facet_panel
        assert app.focused is panel
        node = panel.node_of(Facet("category", "SIK"))
        assert node is not None
        panel.move_cursor(node)
        await pilot.press("space")
        await settle(pilot)
        assert len(listed_uids(app)) == 5
        await pilot.press("escape")  # a filter to take off: taken off, still in the panel
        await settle(pilot)
        assert len(listed_uids(app)) == 10 and app.focused is panel
        await pilot.press("escape")  # none left: back to the list
        await settle(pilot)
        assert isinstance(app.focused, RequirementList)
