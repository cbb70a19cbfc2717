"""A character typed into the filter is drawn in the same frame as the list it finds: no frame
shows the new text over the old list. A search slower than `ECHO_WAIT` lets the character be
drawn first; a search that fails, or a key that starts none, holds nothing."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest

import kravtui.tui.screens.main as main_module
from kravtui.tui.app import KravApp
from kravtui.tui.screens.main import MainScreen
from tests.tui.helpers import in_the_filter, screen_text, settle, wait_until

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (120, 40)]


def _frame(screen: MainScreen) -> tuple[str, tuple[str, ...]]:
    """The filter's text and the list's lines, as the frame just drawn shows them."""
    lines = screen_text(screen.app).splitlines() + [""] * screen.app.size.height
    bar = screen.filter_bar.content_region
    listing = screen.requirement_list.content_region
    text = lines[bar.y][bar.x : bar.right].strip()
    if text == screen.filter_bar.placeholder:
        text = ""
    rows = tuple(lines[y][listing.x : listing.right] for y in range(listing.y, listing.bottom))
    return text, rows


def _record_frames(screen: MainScreen, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every frame the screen draws from now on, as `_frame` reads it."""
    frames: list[Any] = []
    draw = screen._compositor_refresh

    def drawn() -> None:
        draw()
        frames.append(_frame(screen))

    monkeypatch.setattr(screen, "_compositor_refresh", drawn)
    return frames


@pytest.mark.parametrize("size", SIZES)
async def test_no_frame_shows_the_typed_text_over_the_old_list(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    monkeypatch.setattr(main_module, "ECHO_WAIT", 5.0)  # only the result ends the hold
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await in_the_filter(pilot, app)
        frames = _record_frames(screen, monkeypatch)
        settled: dict[str, tuple[str, ...]] = {}
        for typed in ("l", "lo", "log"):
            await pilot.press(typed[-1])
            await settle(pilot)
            settled[typed] = _frame(screen)[1]
        for typed in ("lo", "l", ""):
            await pilot.press("backspace")
            await settle(pilot)
            settled[typed] = _frame(screen)[1]
        assert settled["log"] != settled[""]  # the filter does change the list
        shown = [frame for frame in frames if frame[0] in settled]
        assert {text for text, _ in shown} == set(settled)  # every text was drawn
        for text, rows in shown:
            assert rows == settled[text], f"the text {text!r} drawn over another list"
        assert not screen._frame.held


async def test_a_key_that_starts_no_search_holds_no_frame(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_the_filter(pilot, app)
        generation = screen.generation
        await pilot.press("space")  # a blank filter is no filter: the same query
        assert screen.filter_bar.value == " "
        assert screen.generation == generation
        assert not screen._frame.held


async def test_a_slow_search_lets_the_typed_character_be_drawn_first(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_the_filter(pilot, app)
        before = _frame(screen)[1]
        answer = threading.Event()
        snapshot = app.session.snapshot

        def slow_snapshot(*args: Any, **kwargs: Any) -> Any:
            answer.wait(10)
            return snapshot(*args, **kwargs)

        monkeypatch.setattr(app.session, "snapshot", slow_snapshot)
        frames = _record_frames(screen, monkeypatch)
        await pilot.press("l")
        await wait_until(pilot, lambda: ("l", before) in frames, timeout=2)
        assert not screen._frame.held  # the text is drawn although the search still runs
        answer.set()
        await settle(pilot)
        assert _frame(screen)[1] != before
        assert frames[-1] == _frame(screen)


async def test_a_failed_search_draws_the_typed_character_at_once(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_module, "ECHO_WAIT", 5.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_the_filter(pilot, app)

        def failing(*args: Any, **kwargs: Any) -> Any:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(app.session, "snapshot", failing)
        frames = _record_frames(screen, monkeypatch)
        await pilot.press("l")
        await wait_until(pilot, lambda: any(text == "l" for text, _ in frames), timeout=2)
        assert not screen._frame.held
