"""Small helpers for driving the app in Pilot tests."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

from kravtui.catalogue.db import connect
from kravtui.tui.app import KravApp
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.textual_internals import Toast, withdraw_notifications
from kravtui.tui.widgets.requirement_list import RequirementList

_ACTIVE = (WorkerState.PENDING, WorkerState.RUNNING)


def _busy(app: App[None]) -> bool:
    return any(worker.state in _ACTIVE for worker in app.workers)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every search and facet worker has finished and the screen is drawn."""
    quiet = 0
    for _ in range(1000):
        await pilot.pause()
        if _busy(pilot.app):
            quiet = 0
            await asyncio.sleep(0.005)
        else:
            quiet += 1
            if quiet == 3:  # a finished worker's message may start the next one
                return
    raise TimeoutError("workers still running")


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], *, timeout: float = 10.0
) -> None:
    """Let the app run until `condition()` holds, instead of a fixed pause that is too short on
    a busy machine and too long on an idle one; TimeoutError after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError(f"still not true after {timeout} s: {condition}")
        await pilot.pause(0.02)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Press one key per character, as a user types."""
    for character in text:
        await pilot.press(character)


def screen_text(app: KravApp) -> str:
    """What the terminal shows now, as plain text lines."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def main_screen(app: KravApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen), type(screen)
    return screen


async def in_the_filter(pilot: Pilot[None], app: KravApp) -> MainScreen:
    """The main screen, settled, with the filter bar open (`/`) and settled again: where the
    keystroke tests type."""
    await settle(pilot)
    await pilot.press("slash")
    await settle(pilot)
    return main_screen(app)


def listed_uids(app: KravApp) -> list[str]:
    """Every uid in the current result, in list order."""
    widget = main_screen(app).query_one(RequirementList)
    rows = (widget._cache.row(index) for index in range(widget.total))
    return [row.uid for row in rows if row is not None]


def cursor_uid(app: KravApp) -> str | None:
    row = main_screen(app).query_one(RequirementList).current
    return row.uid if row else None


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """The catalogue file on a connection of its own, as another program would read it."""
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def notifications(app: KravApp) -> list[str]:
    """Every notification shown so far."""
    return [str(notification.message) for notification in app._notifications]


def toasts_shown(app: KravApp) -> list[str]:
    """What each notification on screen shows, as drawn now: its lines (without the toast's
    left edge) joined by one space; a line the toast has no room for is missing."""
    lines = screen_text(app).splitlines()
    shown = []
    for toast in app.screen.query(Toast):
        box = toast.region
        rows = range(box.y, min(box.bottom, len(lines)))
        shown.append(" ".join(lines[y][box.x : box.right].strip(" ▌") for y in rows).strip())
    return shown


async def withdraw_all(pilot: Pilot[None]) -> None:
    """Take every notification off the screen, as the app withdraws one, and settle."""
    app = pilot.app
    for message in {str(shown.message) for shown in app._notifications}:
        withdraw_notifications(app, message)
    await settle(pilot)


def marked_lines(app: KravApp) -> list[str]:
    """The lines of the requirement list, as drawn now, that carry the cursor's `▶`."""
    listing = main_screen(app).requirement_list
    region = listing.content_region
    lines = screen_text(app).splitlines()
    rows = [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]
    return [row for row in rows if "▶" in row]


def assert_marked(app: KravApp, uid: str | None) -> None:
    """The cursor is on `uid`'s row, that row is on screen and it alone carries `▶` (with
    None: the list is empty and nothing is marked)."""
    listing = main_screen(app).requirement_list
    assert cursor_uid(app) == uid
    if uid is None:
        assert marked_lines(app) == []
        return
    top = round(listing.scroll_offset.y)
    height = listing.scrollable_content_region.height
    assert top <= listing.cursor < top + height, (listing.cursor, top, height)
    marked = marked_lines(app)
    assert len(marked) == 1, marked
    assert f" {uid} " in marked[0], marked
