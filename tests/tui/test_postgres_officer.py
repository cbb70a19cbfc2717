"""An officer's database role may work on selections but not change the requirements: the app
knows at opening (the role's table rights), so the editing keys leave every footer and the
palette, and a key that still reaches its action says why in one line, before any form opens.

The walk found an officer offered `n New` and `e Edit`, filling in a whole form, and told only
at ctrl+s, in a long notification with the conninfo and the server's English words.
"""

from __future__ import annotations

import pytest

from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.screens.classifications import ClassificationScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.widgets.key_footer import KeyFooter
from tests.test_postgres_roles import EDITOR, OFFICER, Team
from tests.test_postgres_roles import team as team  # the fixture
from tests.tui.helpers import notifications, screen_text, settle, withdraw_all

SAID = {
    "en": "Your database role may not change requirements or classifications",
    "da": "Din databaserolle må ikke ændre krav eller klassifikationer",
}


def _footer(app: KravApp) -> str:
    """The footer's lines as drawn (one or two), joined by a space."""
    region = app.screen.query_one(KeyFooter).region
    return " ".join(screen_text(app).splitlines()[region.y : region.bottom])


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_an_officer_is_not_offered_editing_and_is_told_why_at_the_key(
    team: Team, lang: str
) -> None:
    before = team.rows()
    set_language(lang)
    app = create_app(team.location(OFFICER), settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        for key in ("n ", "e ", "c ", "d "):
            assert f" {key}" not in f" {footer}", (key, footer)
        assert "␣" in footer  # ticking stays: the officer's work
        for key in ("e", "n", "c", "d"):
            await withdraw_all(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen), key
            (said,) = notifications(app)
            assert SAID[lang] in said, key
            assert "\n" not in said and "postgresql://" not in said
        await pilot.press("C")  # the classifications: to read, without their writing keys
        await settle(pilot)
        assert isinstance(app.screen, ClassificationScreen)
        shown = _footer(app)
        assert not any(f" {key} " in f" {shown}" for key in ("n", "e", "d")), shown
        await withdraw_all(pilot)
        await pilot.press("n")  # bound still, to say why
        await settle(pilot)
        assert isinstance(app.screen, ClassificationScreen)
        assert [line for line in notifications(app) if SAID[lang] in line] != []
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert " e " not in f" {_footer(app)}"
        for key in ("e", "n"):  # refused inside the detail, which stays open
            await withdraw_all(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, DetailScreen), key
            assert [line for line in notifications(app) if SAID[lang] in line] != [], key
    assert team.rows() == before  # nothing was written


async def test_an_editor_keeps_the_editing_keys(team: Team) -> None:
    set_language("en")
    app = create_app(team.location(EDITOR), settings=Settings())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        footer = _footer(app)
        assert "e Edit" in footer and "n New" in footer
