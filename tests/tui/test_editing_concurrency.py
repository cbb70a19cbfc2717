"""Two sessions on one catalogue file: save conflicts, and refreshing after outside changes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from kravtui.catalogue.editing import save_requirement, set_deleted
from kravtui.catalogue.history import list_revisions
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import get_requirement
from kravtui.config import Settings
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.screens import main as main_module
from kravtui.tui.screens.conflict import ConflictScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from tests.tui.editing_helpers import go_to, other_connection, stored
from tests.tui.helpers import (
    cursor_uid,
    listed_uids,
    main_screen,
    notifications,
    screen_text,
    settle,
    wait_until,
)

MakeApp = Callable[..., KravApp]


async def _edit_title(app: KravApp, title: str) -> RequirementForm:
    screen = app.screen
    assert isinstance(screen, RequirementForm)
    screen.query_one("#f-title", Input).value = title
    return screen


@pytest.mark.parametrize("choice", ["mine", "theirs", "edit"])
async def test_two_apps_edit_one_requirement_and_the_second_save_shows_both(
    make_app: MakeApp, catalogue: Path, choice: str
) -> None:
    first = make_app()
    second = create_app(catalogue, settings=Settings())
    async with first.run_test(size=(80, 24)) as one:
        await go_to(one, "SIK-2")
        await one.press("e")
        await one.pause()
        await _edit_title(first, "Kryptering under transport (TLS 1.3)")
        async with second.run_test(size=(100, 30)) as two:
            await go_to(two, "SIK-2")
            await two.press("e")
            await two.pause()
            await _edit_title(second, "Kryptering under transport og i hvile")
            await two.press("ctrl+s")
            await settle(two)
            assert "Saved SIK-2" in notifications(second)
        await one.press("ctrl+s")
        await one.pause()
        assert isinstance(first.screen, ConflictScreen)  # nothing was overwritten
        text = screen_text(first)
        assert "SIK-2 was changed by someone else while you edited it" in text
        assert "theirs: version 2" in text
        assert "[-og i hvile-]{+(TLS 1.3)+}" in text  # theirs → yours, word by word
        theirs = stored(catalogue, "SIK-2")
        assert theirs is not None
        assert theirs.content.title == "Kryptering under transport og i hvile"
        await one.press({"mine": "m", "theirs": "t", "edit": "e"}[choice])
        await settle(one)
        if choice == "edit":
            assert isinstance(first.screen, RequirementForm)  # still mine in the form
            assert first.screen.query_one("#f-title", Input).value.endswith("(TLS 1.3)")
            await one.press("ctrl+s")  # now saved over theirs, knowingly
            await settle(one)
        assert isinstance(first.screen, MainScreen)
        assert cursor_uid(first) == "SIK-2"
    final = stored(catalogue, "SIK-2")
    assert final is not None
    conn = other_connection(catalogue)
    try:
        titles = [r.content.title for r in list_revisions(conn, "SIK-2")]
    finally:
        conn.close()
    if choice == "theirs":
        assert final.content.title == "Kryptering under transport og i hvile"
        assert final.meta.version == 2
    else:
        assert final.content.title == "Kryptering under transport (TLS 1.3)"
        assert final.meta.version == 3
    # nothing acknowledged is lost: their save is in the history either way
    assert "Kryptering under transport og i hvile" in titles


async def test_two_apps_editing_different_requirements_both_land(
    make_app: MakeApp, catalogue: Path
) -> None:
    first = make_app()
    second = create_app(catalogue, settings=Settings())
    async with first.run_test(size=(80, 24)) as one:
        await go_to(one, "LOG-1")
        await one.press("e")
        await one.pause()
        await _edit_title(first, "Sikkerhedslog gemmes i 10 år")
        async with second.run_test(size=(80, 24)) as two:
            await go_to(two, "LOG-2")
            await two.press("e")
            await two.pause()
            await _edit_title(second, "Logning af alle opslag i persondata")
            await two.press("ctrl+s")
            await settle(two)
        await one.press("ctrl+s")
        await settle(one)
        assert isinstance(first.screen, MainScreen)
    log1, log2 = stored(catalogue, "LOG-1"), stored(catalogue, "LOG-2")
    assert log1 is not None and log1.content.title == "Sikkerhedslog gemmes i 10 år"
    assert log2 is not None and log2.content.title == "Logning af alle opslag i persondata"


async def test_an_outside_change_refreshes_the_list_and_detail_without_moving_the_cursor(
    make_app: MakeApp, catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "POLL_SECONDS", 0.05)  # the watcher polls once a second
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await go_to(pilot, "LOG-2")
        screen = main_screen(app)
        # the detail pane follows a resting cursor
        await wait_until(pilot, lambda: "Logning af opslag i" in str(screen.detail_pane.text))
        conn = other_connection(catalogue)
        try:
            current = get_requirement(conn, "LOG-2")
            assert current is not None
            save_requirement(
                conn,
                current.content.with_changes(title="Logning af hvert opslag i persondata"),
                expected_version=current.meta.version,
            )
            new = RequirementContent(
                uid="ARK-9", title="Nyt arkivkrav", category="ARK", all_domains=True
            )
            save_requirement(conn, new, expected_version=None)
        finally:
            conn.close()
        await wait_until(pilot, lambda: "ARK-9" in listed_uids(app))
        await settle(pilot)  # one more row above the cursor
        assert cursor_uid(app) == "LOG-2"
        assert "Logning af hvert opslag i persondata" in str(screen.detail_pane.text)
        assert "Logning af hvert opslag i persondata" in screen_text(app)
        assert "11 shown of 11" in screen_text(app)


async def test_an_outside_change_under_a_modal_is_seen_when_the_app_polls(
    make_app: MakeApp, catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "POLL_SECONDS", 0.05)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "ARK-2")
        conn = other_connection(catalogue)
        try:
            current = get_requirement(conn, "ARK-1")
            assert current is not None
            save_requirement(conn, current.content.with_changes(deleted=True), expected_version=1)
        finally:
            conn.close()
        await wait_until(pilot, lambda: "ARK-1" not in listed_uids(app))
        await settle(pilot)
        assert cursor_uid(app) == "ARK-2"


async def test_the_detail_window_does_nothing_when_its_requirement_left_the_cursor(
    make_app: MakeApp, catalogue: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "LOG-1")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        conn = other_connection(catalogue)
        try:
            set_deleted(conn, "LOG-1", True)
        finally:
            conn.close()
        below = app.screen_stack[-2]
        assert isinstance(below, MainScreen)
        below.reload_catalogue()  # what the poll does within a second
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert not isinstance(app.screen, RequirementForm)
        assert any("LOG-1 changed in another session" in n for n in notifications(app))


@pytest.mark.parametrize(
    ("lang", "changed", "deleted"),
    [
        ("en", "LOG-1 was changed in another session", "LOG-1 was deleted in another session"),
        ("da", "LOG-1 blev ændret i en anden session", "LOG-1 blev slettet i en anden session"),
    ],
)
async def test_the_detail_window_shows_what_another_session_changed_while_it_is_read(
    make_app: MakeApp,
    catalogue: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    changed: str,
    deleted: str,
) -> None:
    """At 80x24 the detail is a window over the list: it read its requirement once, and went on
    showing the old text (or a deleted requirement as live) after another session's commit."""
    monkeypatch.setattr(main_module, "POLL_SECONDS", 0.05)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "LOG-1")
        await pilot.press("enter")
        await settle(pilot)
        window = app.screen
        assert isinstance(window, DetailScreen)
        conn = other_connection(catalogue)
        try:
            current = get_requirement(conn, "LOG-1")
            assert current is not None
            title = "Logning af hver eneste adgang"
            save_requirement(
                conn,
                current.content.with_changes(title=title),
                expected_version=current.meta.version,
            )
        finally:
            conn.close()
        await wait_until(pilot, lambda: any(changed in n for n in notifications(app)))
        assert app.screen is window and title in screen_text(app)
        conn = other_connection(catalogue)
        try:
            set_deleted(conn, "LOG-1", True)
        finally:
            conn.close()
        await wait_until(pilot, lambda: any(deleted in n for n in notifications(app)))
        assert window.requirement.content.deleted
        await pilot.press("e")  # passed on: the list's cursor has left the deleted requirement
        await settle(pilot)
        assert not isinstance(app.screen, RequirementForm)
