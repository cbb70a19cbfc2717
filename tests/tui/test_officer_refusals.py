"""An officer's refusal is one short line, shown whole, and said where the officer is.

The PostgreSQL walk found the Danish refusal cut off at 80x24 and 80x30 (five lines, the last
word "kan" never shown), `n` in the detail doing nothing and `e` closing the detail to refuse
over the list, so the officer lost the requirement they were reading.

The officer's role is simulated without a server: the session says editing is refused, as
`CatalogueSession` does for a role without the rights on requirements
(`tests/tui/test_postgres_officer.py` has the real roles).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kravtui.config import Settings
from kravtui.i18n import set_language, t
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from kravtui.tui.textual_internals import Toast
from tests.tui.editing_helpers import go_to, stored
from tests.tui.helpers import settle, toasts_shown, withdraw_all

MakeApp = Callable[..., KravApp]
LANGUAGES = ["da", "en"]


def officer_app(catalogue: Path, lang: str) -> KravApp:
    """The app as an officer's database role has it: selections yes, requirements no."""
    set_language(lang)
    app = create_app(catalogue, settings=Settings())
    app.session.editing_refused = t("catalogue.postgres.role_reads_requirements")
    return app


def refusal() -> str:
    return t("catalogue.postgres.role_reads_requirements")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("rows", [24, 30])
async def test_the_refusal_is_shown_whole_in_three_lines_at_most(
    catalogue: Path, lang: str, rows: int
) -> None:
    app = officer_app(catalogue, lang)
    async with app.run_test(size=(80, rows), notifications=True) as pilot:
        await settle(pilot)
        for key in ("e", "n"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert toasts_shown(app) == [refusal()], key
            (toast,) = app.screen.query(Toast)
            assert toast.region.height <= 3, toast.region
            await withdraw_all(pilot)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_officer_is_refused_inside_the_detail_which_stays_open(
    catalogue: Path, lang: str
) -> None:
    before = stored(catalogue, "SIK-2")
    app = officer_app(catalogue, lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await go_to(pilot, "SIK-2")
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        for key in ("n", "e", "c", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is detail, key  # still reading SIK-2
            assert detail.requirement.uid == "SIK-2"
            assert toasts_shown(app) == [refusal()], key
            await withdraw_all(pilot)
        await pilot.press("e", "n", "e")
        await settle(pilot)
        assert toasts_shown(app) == [refusal()]  # said once, not stacked over the text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert stored(catalogue, "SIK-2") == before


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_read_only_editing_keys_are_refused_inside_the_detail_too(
    make_app: MakeApp, lang: str
) -> None:
    app = make_app(lang, read_only=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await go_to(pilot, "SIK-2")
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        for key in ("e", "n"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is detail, key
            assert toasts_shown(app) == [t("tui.edit.read_only")], key  # once, not stacked


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_an_editor_edits_and_adds_from_the_detail(make_app: MakeApp, lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await go_to(pilot, "SIK-2")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RequirementForm) and form.mode == "edit"
        assert form.base.uid == "SIK-2"
        await pilot.press("escape")  # nothing changed: no question
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RequirementForm) and form.mode == "new"
        assert form.base.category == "SIK"  # the category of the requirement read
        assert toasts_shown(app) == []
