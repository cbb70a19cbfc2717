"""Pilot tests of the requirement form: create, validate, edit in $EDITOR, duplicate, leave."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select, TextArea

from kravtui.tui.app import KravApp
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from tests.tui.editing_helpers import go_to, stored
from tests.tui.helpers import cursor_uid, listed_uids, notifications, screen_text, settle, type_text

MakeApp = Callable[..., KravApp]


def form(app: KravApp) -> RequirementForm:
    screen = app.screen
    assert isinstance(screen, RequirementForm), type(screen)
    return screen


@pytest.mark.parametrize("size", [(80, 24), (140, 40)], ids=["80x24", "140x40"])
async def test_n_creates_a_requirement_that_appears_in_the_list(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, "ARK-2")
        await pilot.press("n")
        await pilot.pause()
        uid_input = form(app).query_one("#f-uid", Input)
        assert uid_input.value == "ARK-004"  # the next free number of the cursor's category
        assert "New requirement" in screen_text(app)
        await pilot.press("tab")
        await type_text(pilot, "Arkivering af e-mails")
        for _ in range(4):  # priority, category, subcategory, all domains
            await pilot.press("tab")
        await pilot.press("space")  # all domains
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "ARK-004" in listed_uids(app)
        assert cursor_uid(app) == "ARK-004"
        assert "Created ARK-004" in notifications(app)
    saved = stored(catalogue, "ARK-004")
    assert saved is not None
    assert saved.content.title == "Arkivering af e-mails"
    assert saved.content.all_domains and saved.content.category == "ARK"


async def test_the_marked_label_follows_the_focus(make_app: MakeApp) -> None:
    # Textual restyles a row whose :focus-within changes but not its label: the first field's
    # label stayed reversed while Tab moved on.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "ARK-1")
        await pilot.press("e")
        await settle(pilot)
        for _ in range(4):
            marked = [
                str(label.render())
                for label in form(app).query(".form-label").results(Label)
                if label.rich_style.reverse
            ]
            focused = app.focused
            assert focused is not None
            row = next(node for node in focused.ancestors if node.has_class("form-row"))
            assert marked == [str(row.query_one(".form-label", Label).render())]
            await pilot.press("tab")
            await settle(pilot)


async def test_changing_the_category_renumbers_a_new_requirement(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "ARK-1")
        await pilot.press("n")
        await pilot.pause()
        screen = form(app)
        screen.query_one("#f-category", Select).value = "SIK"
        await pilot.pause()
        assert screen.query_one("#f-uid", Input).value == "SIK-006"
        screen.query_one("#f-uid", Input).value = "SIK-100"  # typed by hand: kept from now on
        screen.query_one("#f-category", Select).value = "LOG"
        await pilot.pause()
        assert screen.query_one("#f-uid", Input).value == "SIK-100"


async def test_validation_messages_appear_beside_their_fields(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form(app).query_one("#f-uid", Input).value = "ark 4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, RequirementForm)  # nothing was saved
        assert "Not saved: fields to correct: 3" in notifications(app)
        screen = form(app)
        shown = {
            line.id: str(line.render()) for line in screen.query(".form-error.-shown").results()
        }
        assert shown == {
            "error-uid": "⚠ write the number as PREFIX-123, e.g. SIK-014",
            "error-title": "⚠ a title is required",
            "error-domains": "⚠ choose at least one domain, or all domains",
        }
        assert app.focused is screen.query_one("#f-uid")  # the first field with a message
        # after a refused save, messages follow the edits
        await pilot.press("tab")
        await type_text(pilot, "Titel")
        await pilot.pause()
        assert not screen.query_one("#error-title").has_class("-shown")
        assert screen.query_one("#error-uid").has_class("-shown")


async def test_a_taken_uid_is_refused(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        screen = form(app)
        screen.query_one("#f-uid", Input).value = "SIK-1"
        screen.query_one("#f-title", Input).value = "Dublet"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "that number is already used" in screen_text(app)


async def test_ctrl_e_edits_the_focused_text_in_the_users_editor(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "text = text.replace('i hvile', 'i hvile og i skyen') + '\\n'\n"
        "open(path, 'w', encoding='utf-8').write(text)\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-1")
        await pilot.press("e")
        await pilot.pause()
        screen = form(app)
        assert "Edit SIK-1" in screen_text(app)
        area = screen.query_one("#f-description", TextArea)
        area.focus()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert (
            area.text == "Leverandøren skal sikre, at datakryptering i hvile og i skyen er opfyldt."
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Saved SIK-1" in notifications(app)
    saved = stored(catalogue, "SIK-1")
    assert saved is not None
    assert saved.content.description.endswith("i hvile og i skyen er opfyldt.")
    assert saved.meta.version == 2


async def test_a_failing_editor_changes_nothing(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-1")
        await pilot.press("e")
        await pilot.pause()
        area = form(app).query_one("#f-rationale", TextArea)
        area.focus()
        before = area.text
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert area.text == before
        assert any("status 3" in m for m in notifications(app))


async def test_leaving_with_unsaved_changes_asks_first(make_app: MakeApp, catalogue: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "LOG-1")
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, " ændret")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Leave without saving your changes?" in screen_text(app)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, RequirementForm)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        # an unchanged form closes at once
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    saved = stored(catalogue, "LOG-1")
    assert saved is not None and saved.content.title == "Sikkerhedslog gemmes i 5 år"


async def test_duplicate_copies_every_field_under_a_new_number(
    make_app: MakeApp, catalogue: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-1")
        await pilot.press("c")
        await pilot.pause()
        assert "Duplicate of SIK-1" in screen_text(app)
        assert form(app).query_one("#f-uid", Input).value == "SIK-006"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert cursor_uid(app) == "SIK-006"
    original, copy = stored(catalogue, "SIK-1"), stored(catalogue, "SIK-006")
    assert original is not None and copy is not None
    assert copy.content == original.content.with_changes(uid="SIK-006")
    assert copy.meta.version == 1


async def test_the_form_speaks_danish(make_app: MakeApp) -> None:
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        for label in ("Nyt krav", "Kravnummer", "Navn", "Prioritet", "Kategori", "Gem"):
            assert label in text, label


async def test_quitting_with_unsaved_changes_asks_first(make_app: MakeApp, catalogue: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "LOG-1")
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, " ændret")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "An open form has changes that are not saved" in screen_text(app)
        await pilot.press("n")  # back to the form, edits still there
        await pilot.pause()
        assert app.is_running
        assert form(app).query_one("#f-title", Input).value.endswith(" ændret")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("ctrl+q")  # asked already: no second question on top
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, ConfirmScreen)]) == 1
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running
    saved = stored(catalogue, "LOG-1")
    assert saved is not None and saved.content.title == "Sikkerhedslog gemmes i 5 år"


async def test_an_unchanged_form_quits_at_once(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "LOG-1")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_typing_in_an_opened_form_adds_to_the_title(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "LOG-1")
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, " ændret")  # the title has the focus, with its text kept
        title = form(app).query_one("#f-title", Input).value
        assert title == "Sikkerhedslog gemmes i 5 år ændret"
