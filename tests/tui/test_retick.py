"""Pilot tests at 80x24, in English and Danish: a requirement unticked by hand (Space) stays
unticked when the questionnaire is applied again (`a`, `a`); the apply step lists it, unchecked,
with its title and the keys in the footer; checking it ticks it again; Esc backs out; the message
names the new ones; Space on it restores its reasons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kravtui.i18n import t
from kravtui.selection.items import get_item, ticked_uids, unticked_uids
from kravtui.selection.proposals import apply_questionnaire
from kravtui.selection.records import Answer
from kravtui.selection.store import get_selection, set_answers
from kravtui.tui.app import KravApp
from kravtui.tui.keys import RETICK_KEYS
from kravtui.tui.screens.questionnaire import QuestionnaireScreen
from kravtui.tui.screens.retick import RetickScreen
from tests.tui.helpers import cursor_uid, listed_uids, notifications, opened, screen_text, settle
from tests.tui.selection_helpers import make_selection, press, status

MakeApp = Callable[..., KravApp]

# With the domain Økonomi and Persondata answered yes, the fixture catalogue proposes SIK-1 (a
# favourite) and LOG-2 (Økonomi, Persondata); Cloud answered yes adds SIK-2 (Økonomi, Cloud).
EXPECTED = {
    "en": {
        "applied_none_new": "Ticked: 1 of the 2 proposed, none of them new",
        "held_back": (
            "1 requirement you unticked by hand is proposed again and stays unticked: LOG-2"
        ),
        "all_one_new": "Ticked: 2 of the 2 proposed, 1 of them new: LOG-2",
        "retick_title": "1 requirement you unticked by hand is proposed again",
        "apply_key": "Tick proposed",
        "ticked": "✓ 1 ticked",
        "cancelled": "Nothing was ticked; the questionnaire was not applied",
    },
    "da": {
        "applied_none_new": "Valgt: 1 af de 2 foreslåede krav, ingen nye",
        "held_back": "1 krav, du selv har fravalgt, er foreslået igen og forbliver fravalgt: LOG-2",
        "all_one_new": "Valgt: 2 af de 2 foreslåede krav, heraf 1 nyt: LOG-2",
        "retick_title": "1 krav, du selv har fravalgt, er foreslået igen",
        "apply_key": "Vælg foreslåede",
        "ticked": "✓ 1 valgt",
        "cancelled": "Intet blev valgt; spørgeskemaet blev ikke anvendt",
    },
}


def _answered(catalogue: Path) -> int:
    selection_id = make_selection(catalogue, domains=("Økonomi",))
    with opened(catalogue) as conn:
        set_answers(conn, selection_id, {"Persondata": Answer.YES})
        apply_questionnaire(conn, selection_id)
        assert ticked_uids(conn, selection_id) == {"SIK-1", "LOG-2"}
    return selection_id


async def _untick_log2_and_reapply(app: KravApp, pilot: Pilot[None]) -> None:
    await settle(pilot)
    await press(pilot, *["j"] * listed_uids(app).index("LOG-2"))
    assert cursor_uid(app) == "LOG-2"
    await press(pilot, "space")  # untick by hand
    await press(pilot, "a")  # the questionnaire
    assert isinstance(app.screen, QuestionnaireScreen)
    await press(pilot, "a")  # apply: LOG-2 is proposed again


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_reapplying_keeps_a_hand_untick_and_says_so(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    selection_id = _answered(catalogue)
    words = EXPECTED[lang]
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _untick_log2_and_reapply(app, pilot)
        assert isinstance(app.screen, RetickScreen)
        text = screen_text(app)
        assert words["retick_title"] in text
        assert "[ ] LOG-2  Logning af opslag i persondata" in text
        footer = text.splitlines()[-1]
        assert f"a {words['apply_key']}" in footer and "esc" in footer and "␣" in footer
        palette = {command.title for command in app.get_system_commands(app.screen)}
        assert {t(spec.description_key) for spec in RETICK_KEYS} <= palette
        await press(pilot, "a")  # apply with nothing checked
        assert isinstance(app.screen, QuestionnaireScreen)
        shown = notifications(app)
        assert any(words["applied_none_new"] in m for m in shown), shown
        assert any(words["held_back"] in m for m in shown), shown
        await press(pilot, "escape")
        assert words["ticked"] in status(app)
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"SIK-1"}
        assert unticked_uids(conn, selection_id) == {"LOG-2"}


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_checking_it_in_the_apply_step_ticks_it_again_and_names_it(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    selection_id = _answered(catalogue)
    words = EXPECTED[lang]
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _untick_log2_and_reapply(app, pilot)
        await press(pilot, "space")
        assert "[x] LOG-2" in screen_text(app)
        await press(pilot, "a")
        shown = notifications(app)
        assert any(words["all_one_new"] in m for m in shown), shown
        assert not any(words["held_back"] in m for m in shown), shown
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"SIK-1", "LOG-2"}
        assert get_item(conn, selection_id, "LOG-2").why == (
            "domain:Økonomi",
            "tag:Persondata=yes",
        )


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_escape_in_the_apply_step_changes_nothing(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    selection_id = _answered(catalogue)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _untick_log2_and_reapply(app, pilot)
        with opened(catalogue) as conn:
            before = get_selection(conn, selection_id)
        await press(pilot, "escape")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert any(EXPECTED[lang]["cancelled"] in m for m in notifications(app))
        await press(pilot, "a")  # the step comes back: applying is possible again
        assert isinstance(app.screen, RetickScreen)
    with opened(catalogue) as conn:
        assert get_selection(conn, selection_id) == before
        assert ticked_uids(conn, selection_id) == {"SIK-1"}


async def test_changed_answers_name_the_new_and_still_keep_the_untick(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = _answered(catalogue)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _untick_log2_and_reapply(app, pilot)
        await press(pilot, "escape")  # back out, answer Cloud yes, apply again
        await press(pilot, "j", "y")
        assert "[yes]" in screen_text(app)
        await press(pilot, "a")
        await press(pilot, "a")
        shown = notifications(app)
        assert any("Ticked: 2 of the 3 proposed, 1 of them new: SIK-2" in m for m in shown), shown
        assert any("stays unticked: LOG-2" in m for m in shown), shown
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"SIK-1", "SIK-2"}


async def test_space_on_a_hand_untick_restores_its_reasons(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = _answered(catalogue)
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, *["j"] * listed_uids(app).index("LOG-2"))
        await press(pilot, "space", "space")  # untick, then tick again by hand
        assert "✓ 2 valgt" in status(app)
    with opened(catalogue) as conn:
        item = get_item(conn, selection_id, "LOG-2")
        assert item.ticked and item.why == ("domain:Økonomi", "tag:Persondata=yes")
        assert unticked_uids(conn, selection_id) == set()
