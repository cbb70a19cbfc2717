"""The TUI on a PostgreSQL catalogue: another session's saved change shows within 1.5 s (the
watcher's one-second look plus the reload), a rolled-back write wakes nobody, and a server that
stops mid-session is one line on the main screen while an open form keeps its text, which
saves once the server is back."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from textual.widgets import Input

from kravtui.catalogue.db import open_catalogue, transaction
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from tests.catalogue_factory import make_catalogue
from tests.postgres_cluster import Cluster
from tests.tui.editing_helpers import go_to
from tests.tui.helpers import (
    main_screen,
    notifications,
    screen_text,
    settle,
    toasts_shown,
    wait_until,
)

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])

REQUIREMENTS = [
    RequirementContent(uid=f"SIK-{n}", title=title, category="SIK", all_domains=True)
    for n, title in enumerate(("Kryptering i hvile", "Tofaktorlogin", "Adgangslog"), start=1)
]
LOST = "The catalogue's server does not answer"
BACK = "The catalogue's server answers again"


@pytest.fixture
def place(postgres_url: str) -> PostgresLocation:
    """A small catalogue on the test's own database."""
    location = PostgresLocation(postgres_url)
    make_catalogue(
        location, requirements=REQUIREMENTS, categories=[Category("SIK", "Sikkerhed")]
    ).close()
    return location


def app_on(place: PostgresLocation, **options: Any) -> KravApp:
    set_language("en")
    return create_app(place, settings=Settings(), **options)


def under(app: KravApp) -> MainScreen:
    """The main screen, under whatever form is open."""
    return next(screen for screen in app.screen_stack if isinstance(screen, MainScreen))


def lost_line(line: str) -> bool:
    return line.startswith(LOST)


def retitle(place: PostgresLocation, uid: str, title: str, *, commit: bool = True) -> None:
    """Another session changes a title, as a save does (the version goes up), and commits it or
    rolls it back."""
    conn = open_catalogue(place)
    try:
        with contextlib.suppress(LookupError), transaction(conn):
            conn.execute(
                "UPDATE requirement SET title = ?, version = version + 1 WHERE uid = ?",
                (title, uid),
            )
            if not commit:
                raise LookupError("rolled back")
    finally:
        conn.close()


def title_in_catalogue(place: PostgresLocation, uid: str) -> str:
    conn = open_catalogue(place)
    try:
        row = conn.execute("SELECT title FROM requirement WHERE uid = ?", (uid,)).fetchone()
        return str(row[0])
    finally:
        conn.close()


@SIZES
async def test_another_sessions_saved_title_shows_within_a_second_and_a_half(
    place: PostgresLocation, size: tuple[int, int]
) -> None:
    app = app_on(place)
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, "SIK-2")
        retitle(place, "SIK-2", "Tofaktorlogin for alle brugere")
        await wait_until(
            pilot, lambda: "Tofaktorlogin for alle brugere" in screen_text(app), timeout=1.5
        )


@SIZES
async def test_a_rolled_back_write_wakes_nobody(
    place: PostgresLocation, size: tuple[int, int]
) -> None:
    app = app_on(place)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        session = main_screen(app).session
        reloads: list[None] = []
        reload = session.reload

        def counted() -> None:
            reloads.append(None)
            reload()

        session.reload = counted  # type: ignore[method-assign]
        retitle(place, "SIK-1", "Fortrudt", commit=False)
        await asyncio.sleep(1.5)  # the watcher looked at least once
        await settle(pilot)
        assert reloads == []
        assert "Fortrudt" not in screen_text(app)
        retitle(place, "SIK-3", "Adgangslog gemmes")  # and a commit does wake it
        await wait_until(pilot, lambda: "Adgangslog gemmes" in screen_text(app))
        assert len(reloads) == 1


@SIZES
async def test_a_server_stopped_mid_session_is_one_line_and_the_form_keeps_its_text(
    place: PostgresLocation, postgres_cluster: Cluster, size: tuple[int, int]
) -> None:
    app = app_on(place)
    async with app.run_test(size=size, notifications=True) as pilot:
        await go_to(pilot, "SIK-1")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RequirementForm)
        title = form.query_one("#f-title", Input)
        title.value = "Kryptering i hvile og under transport"
        postgres_cluster.pause()
        try:
            await pilot.press("ctrl+s")  # refused: the server is gone
            await settle(pilot)
            assert app.screen is form
            assert title.value == "Kryptering i hvile og under transport"
            await wait_until(pilot, lambda: under(app).server_lost)
            await wait_until(pilot, lambda: any(map(lost_line, notifications(app))))
            lost = [line for line in notifications(app) if lost_line(line)]
            assert len(lost) == 1 and "\n" not in lost[0]
            await asyncio.sleep(1.2)  # another look or two finds it still gone: said once
            assert len([line for line in notifications(app) if line.startswith(LOST)]) == 1
        finally:
            postgres_cluster.resume()
        await wait_until(pilot, lambda: BACK in notifications(app))
        assert not any(map(lost_line, notifications(app)))  # no longer true: gone
        assert not any(map(lost_line, toasts_shown(app)))
        assert app.screen is form and title.value == "Kryptering i hvile og under transport"
        await pilot.press("ctrl+s")  # saving again works
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "Saved SIK-1" in notifications(app)
    assert title_in_catalogue(place, "SIK-1") == "Kryptering i hvile og under transport"


@SIZES
async def test_keys_pressed_while_the_server_is_gone_are_the_one_line_not_a_crash(
    place: PostgresLocation, postgres_cluster: Cluster, size: tuple[int, int]
) -> None:
    app = app_on(place)
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, "SIK-1")
        postgres_cluster.pause()
        try:
            for key in ("e", "n", "j", "enter", "escape", "d"):  # each reads the catalogue
                await pilot.press(key)
                await settle(pilot)
            assert app.is_running
            assert len([line for line in notifications(app) if line.startswith(LOST)]) == 1
        finally:
            postgres_cluster.resume()
        await wait_until(pilot, lambda: BACK in notifications(app))
        assert not any(map(lost_line, notifications(app)))
        while not isinstance(app.screen, MainScreen):
            await pilot.press("escape")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, RequirementForm)
