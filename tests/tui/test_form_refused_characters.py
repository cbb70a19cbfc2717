"""The requirement form over text another program wrote with characters kravtui refuses.

Such a requirement opens in the form; an unchanged one leaves as unchanged, a changed one is
refused with each field, the character (`U+0000`) and where it is named beside the field, and
once the user has taken the characters out the save goes through.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, TextArea

from kravtui.tui.app import KravApp
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from tests.tui.editing_helpers import go_to, stored
from tests.tui.helpers import opened, settle

MakeApp = Callable[..., KravApp]


async def test_a_requirement_with_control_characters_opens_refuses_and_then_saves(
    make_app: MakeApp, catalogue: Path
) -> None:
    with opened(catalogue) as conn, conn:
        conn.execute(
            "UPDATE requirement SET title = ?, description = ? WHERE uid = 'SIK-2'",
            ("Kryptering \x00 under transport", "Første linje\x0bnæste\x1b[31m rød"),
        )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-2")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, RequirementForm)
        form.query_one("#f-rationale", TextArea).text = "Ny begrundelse"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # refused: nothing saved, the form stays
        title_error = str(form.query_one("#error-title").render())
        description_error = str(form.query_one("#error-description").render())
        assert "U+0000" in title_error and "character 12" in title_error
        # the text area shows (and saves) a vertical tab as a line break; ESC stays refused
        assert "U+001B" in description_error and "character 19" in description_error
        form.query_one("#f-title", Input).value = "Kryptering under transport"
        form.query_one("#f-description", TextArea).text = "Første linje næste rød"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    saved = stored(catalogue, "SIK-2")
    assert saved is not None
    assert saved.content.title == "Kryptering under transport"
    assert saved.content.description == "Første linje næste rød"
