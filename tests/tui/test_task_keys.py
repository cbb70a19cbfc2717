"""The officer's keys at 80x24, in Danish and English: Esc in the filter bar steps back one
level at a time (text, then the list) so that `q` quits instead of filtering for "q"; the
questionnaire's y/n/u answer and move on, Space moves on, Enter changes the answer; Space can
move down after ticking (`[list] space_moves_down`); "ticked" and "unticked" are facets with
counts, and ticking under "unticked" brings the next row to the cursor."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Footer

from kravtui.config import Settings, SettingsError, load_settings
from kravtui.i18n import t
from kravtui.selection.items import ticked_uids
from kravtui.selection.records import Answer
from kravtui.selection.store import get_selection
from kravtui.tui.app import KravApp
from kravtui.tui.filter_state import Facet
from kravtui.tui.screens.questionnaire import QuestionnaireScreen
from kravtui.tui.textual_internals import FooterKey
from kravtui.tui.widgets.marked_option_list import MarkedOptionList
from kravtui.tui.widgets.requirement_list import RequirementList
from tests.tui.helpers import (
    assert_marked,
    listed_uids,
    main_screen,
    opened,
    screen_text,
    settle,
    type_text,
)
from tests.tui.selection_helpers import make_selection, press, status

MakeApp = Callable[..., KravApp]
LANGS = ["da", "en"]
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


def footer_keys(app: KravApp) -> dict[str, str]:
    """What the footer says each key does, as drawn now."""
    footer = app.screen.query_one(Footer)
    return {key.key_display: key.description for key in footer.query(FooterKey)}


# Item 7: Esc in the filter bar


@pytest.mark.parametrize("lang", LANGS)
async def test_escape_in_the_filter_clears_the_text_then_goes_back_to_the_list(
    make_app: MakeApp, lang: str
) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        await settle(pilot)
        assert listed_uids(app) == ["SIK-1", "SIK-2"]
        assert footer_keys(app)["esc"] == t("tui.key.short.clear_text")
        await press(pilot, "escape")  # clears the text, stays to type another word
        assert screen.filter_bar.value == "" and app.focused is screen.filter_bar
        assert listed_uids(app) == ALL_LIVE
        assert footer_keys(app)["esc"] == t("tui.key.short.filter_back")
        await press(pilot, "escape")  # an empty filter: back to the list
        assert isinstance(app.focused, RequirementList)
        assert_marked(app, "SIK-2")  # where the cursor was, on screen and marked
        assert footer_keys(app).get("?") == t("tui.key.help")
        await pilot.press("q")  # quits, instead of filtering for "q"
        await pilot.pause()
        assert screen.filter_bar.value == ""
        assert not app.is_running


@pytest.mark.parametrize("lang", LANGS)
async def test_escape_in_an_empty_filter_goes_back_and_leaves_the_facets_alone(
    make_app: MakeApp, lang: str
) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        screen.toggle_facet(Facet("importance", "high"))
        await press(pilot, "slash")
        await type_text(pilot, "krypt")
        await settle(pilot)
        assert listed_uids(app) == ["SIK-2"]
        await press(pilot, "escape")  # the text goes, the facet stays
        assert listed_uids(app) == ["ARK-2", "LOG-1", "SIK-2"]
        await press(pilot, "escape")  # back to the list, the facet still set
        assert isinstance(app.focused, RequirementList)
        assert listed_uids(app) == ["ARK-2", "LOG-1", "SIK-2"]
        await press(pilot, "slash", "escape")  # "/" then Esc: straight back
        assert isinstance(app.focused, RequirementList)
        await press(pilot, "escape")  # from the list: the newest filter comes off
        assert listed_uids(app) == ALL_LIVE
        await press(pilot, "slash")
        await type_text(pilot, "arkiv")
        await press(pilot, "enter")  # Enter keeps the text
        assert isinstance(app.focused, RequirementList)
        assert screen.filter_bar.value == "arkiv"
        assert listed_uids(app) == ["ARK-1", "ARK-2"]


# Item 8: the questionnaire's keys


@pytest.mark.parametrize("lang", LANGS)
async def test_answering_moves_on_and_space_only_moves_on(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    selection_id = make_selection(catalogue)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, QuestionnaireScreen)
        questions = app.screen.query_one("#q-tags", MarkedOptionList)
        text = screen_text(app)
        assert t("tui.q.questions") in text
        keys = footer_keys(app)
        assert keys["y"] == t("tui.key.short.answer_yes")
        assert keys["␣"] == t("tui.key.short.answer_next")
        assert questions.highlighted == 0
        await press(pilot, "y")  # Persondata: yes, on to Cloud
        assert questions.highlighted == 1
        await press(pilot, "k", "space")  # back up, then Space: on, the answer unchanged
        assert questions.highlighted == 1
        await press(pilot, "u")  # Cloud: don't know, and stays on the last question
        assert questions.highlighted == 1
        with opened(catalogue) as conn:
            answers = get_selection(conn, selection_id).answers
        assert answers == {"Persondata": Answer.YES, "Cloud": Answer.UNKNOWN}
        await press(pilot, "k", "enter")  # Enter changes the answer where it is: yes -> no
        assert questions.highlighted == 0
        await press(pilot, "n")
        with opened(catalogue) as conn:
            answers = get_selection(conn, selection_id).answers
        assert answers == {"Persondata": Answer.NO, "Cloud": Answer.UNKNOWN}
        assert f"[{t('answer.no')}]" in screen_text(app)


# Item 9: Space moves down, "ticked" and "unticked" facets


@pytest.mark.parametrize("lang", LANGS)
async def test_space_moves_down_when_the_setting_says_so(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    selection_id = make_selection(catalogue)
    app = make_app(lang, settings=Settings(space_moves_down=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space", "space")
        assert_marked(app, "LOG-2")
        await press(pilot, "g", "space")  # unticking moves on too
        assert_marked(app, "ARK-2")
        await press(pilot, "G", "space")  # the last row: ticked, the cursor stays
        assert_marked(app, "SIK-5")
        assert "✓ 3 " in status(app)
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"ARK-2", "LOG-1", "SIK-5"}


@pytest.mark.parametrize("lang", LANGS)
async def test_space_stays_by_default(make_app: MakeApp, catalogue: Path, lang: str) -> None:
    make_selection(catalogue)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "space")
        assert_marked(app, "ARK-2")


def test_the_setting_is_read_from_the_list_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[list]\nspace_moves_down = true\n", encoding="utf-8")
    assert load_settings(path).space_moves_down
    path.write_text("theme = 'nord'\n", encoding="utf-8")
    assert not load_settings(path).space_moves_down
    for bad in ('[list]\nspace_moves_down = "yes"\n', "list = 3\n"):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(SettingsError, match="space_moves_down"):
            load_settings(path)


@pytest.mark.parametrize("lang", LANGS)
async def test_unticked_facet_with_counts_and_ticking_a_run_under_it(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    selection_id = make_selection(catalogue, ticked=["ARK-2", "SIK-1"])
    app = make_app(lang, settings=Settings(space_moves_down=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await press(pilot, "f")  # the facet panel, with the selection's section
        panel = screen.facet_panel
        assert panel.display
        ticked_node = panel.node_of(Facet("ticked", ""))
        unticked_node = panel.node_of(Facet("unticked", ""))
        assert ticked_node is not None and unticked_node is not None
        assert str(ticked_node.label).endswith(f"2 {t('tui.facet.ticked')}")
        assert str(unticked_node.label).endswith(f"8 {t('tui.facet.unticked')}")
        panel.move_cursor(unticked_node)
        await press(pilot, "space")  # switch "unticked" on
        assert listed_uids(app) == [uid for uid in ALL_LIVE if uid not in {"ARK-2", "SIK-1"}]
        assert str(unticked_node.label).startswith("[x]")
        assert t("tui.facet.unticked_only") in screen_text(app)
        await press(pilot, "f")  # back to the list
        assert_marked(app, "ARK-1")
        await press(pilot, "space", "space")  # each ticked row leaves; the next comes up
        assert_marked(app, "LOG-2")
        assert listed_uids(app)[0] == "LOG-2"
        await press(pilot, "f")
        assert str(panel.node_of(Facet("ticked", "")).label).endswith(  # type: ignore[union-attr]
            f"4 {t('tui.facet.ticked')}"
        )
        await press(pilot, "f", "t")  # "ticked only" replaces "unticked only"
        assert listed_uids(app) == ["ARK-1", "ARK-2", "LOG-1", "SIK-1"]
        await press(pilot, "u")
        assert listed_uids(app) == ["LOG-2", "LOG-3", "SIK-2", "SIK-3", "SIK-4", "SIK-5"]
        await press(pilot, "u")
        assert listed_uids(app) == ALL_LIVE
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"ARK-1", "ARK-2", "LOG-1", "SIK-1"}


@pytest.mark.parametrize("lang", LANGS)
async def test_help_explains_esc_the_questionnaire_keys_and_space(
    make_app: MakeApp, lang: str
) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        plain = str(app.screen.query_one("#help-text").render())
        for note in ("tui.help.filter_note", "tui.help.questionnaire_note", "tui.help.space_note"):
            assert t(note) in plain, note
        for binding_id in ("filter-clear-text", "filter-back", "unticked-only", "answer-cycle"):
            assert f"({binding_id})" in plain, binding_id


@pytest.mark.parametrize("lang", LANGS)
async def test_facet_counts_follow_ticks_made_while_the_panel_was_hidden(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    make_selection(catalogue)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "space", "j", "space")
        await press(pilot, "f")
        panel = main_screen(app).facet_panel
        ticked_node = panel.node_of(Facet("ticked", ""))
        unticked_node = panel.node_of(Facet("unticked", ""))
        assert ticked_node is not None and unticked_node is not None
        assert str(ticked_node.label).endswith(f" 2 {t('tui.facet.ticked')}")
        assert str(unticked_node.label).endswith(f" 8 {t('tui.facet.unticked')}")
