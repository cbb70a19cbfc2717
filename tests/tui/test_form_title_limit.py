"""The requirement form and a title over `TITLE_LIMIT` (500) characters.

A pasted 100,001-character title was saved. Now ctrl+s refuses it in one line beside the title
("at most 500 characters, not 100001"; Danish "højst 500 tegn, ikke 100001"), the form stays,
nothing is written, and once the title is short enough the save goes through. A title over the
limit another program stored opens, shows in the list and the detail, and the requirement can
still be saved with its other fields changed while the title is not.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from kravtui.catalogue.text_rules import TITLE_LIMIT
from kravtui.tui.app import KravApp
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from tests.tui.editing_helpers import go_to, stored
from tests.tui.helpers import notifications, opened, screen_text, settle

MakeApp = Callable[..., KravApp]
HUGE = ("Kryptering " * 9_091).strip() + "!"  # 100,001 characters
SAID = {"en": f"at most {TITLE_LIMIT} characters, not 100001", "da": "højst 500 tegn, ikke 100001"}


@pytest.mark.parametrize("language", ["en", "da"])
async def test_a_pasted_title_over_the_limit_is_refused_beside_the_field(
    make_app: MakeApp, catalogue: Path, language: str
) -> None:
    before = stored(catalogue, "SIK-2")
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-2")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RequirementForm)
        form.query_one("#f-title", Input).value = HUGE
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: nothing saved, the form stays
        error = str(form.query_one("#error-title").render())
        assert SAID[language] in error and "\n" not in error.strip()
        assert stored(catalogue, "SIK-2") == before
        form.query_one("#f-title", Input).value = "Kryptering under transport, kort"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    saved = stored(catalogue, "SIK-2")
    assert saved is not None and saved.content.title == "Kryptering under transport, kort"


async def test_a_stored_title_over_the_limit_opens_and_its_other_fields_save(
    make_app: MakeApp, catalogue: Path
) -> None:
    with opened(catalogue) as conn, conn:
        conn.execute("UPDATE requirement SET title = ? WHERE uid = 'SIK-2'", (HUGE,))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-2")
        line = next(line for line in screen_text(app).splitlines() if "SIK-2" in line)
        assert "Kryptering Kryptering" in line
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert "Kryptering Kryptering" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RequirementForm)
        form.query_one("#f-rationale", TextArea).text = "Ny begrundelse"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), notifications(app)
    saved = stored(catalogue, "SIK-2")
    assert saved is not None
    assert saved.content.title == HUGE and saved.content.rationale == "Ny begrundelse"
