"""Full garbage collections wait for a pause in the user's input instead of landing amid typing;
Python's own full collections come only after `BACKSTOP` younger ones, and its thresholds are
back once the app has ended."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest

import kravtui.tui.quiet_collector as quiet_collector
from kravtui.tui.app import KravApp
from kravtui.tui.quiet_collector import BACKSTOP, QUIET_SECONDS, QuietCollector
from tests.tui.helpers import settle, type_text, wait_until

MakeApp = Callable[..., KravApp]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def collections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every full collection the collector asks for."""
    asked: list[int] = []
    monkeypatch.setattr(quiet_collector.gc, "collect", lambda: asked.append(2) or 0)
    return asked


def test_full_collections_wait_for_a_pause_after_input(
    clock: Clock, collections: list[int]
) -> None:
    before = gc.get_threshold()
    collector = QuietCollector(clock)
    try:
        collector.started()
        assert gc.get_threshold() == (*before[:2], BACKSTOP)
        assert gc.isenabled()
        collector.tick()
        assert collections == []  # no input, nothing made to collect
        collector.touched()
        clock.now += QUIET_SECONDS / 2
        collector.tick()
        assert collections == []  # still typing
        clock.now += QUIET_SECONDS
        collector.tick()
        assert collections == [2]  # the user paused
        clock.now += 10 * QUIET_SECONDS
        collector.tick()
        assert collections == [2]  # once per pause
    finally:
        collector.stopped()
    assert gc.get_threshold() == before


def test_a_stopped_collector_collects_nothing(clock: Clock, collections: list[int]) -> None:
    collector = QuietCollector(clock)
    collector.touched()
    clock.now += 10 * QUIET_SECONDS
    collector.tick()  # never started (before the first frame) or already stopped
    assert collections == []


async def test_the_app_collects_in_full_when_typing_pauses(
    make_app: MakeApp, collections: list[int]
) -> None:
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.get_threshold() == (*before[:2], BACKSTOP)
        await pilot.press("slash")
        await type_text(pilot, "log")
        await settle(pilot)
        await wait_until(pilot, lambda: bool(collections), timeout=5 * QUIET_SECONDS + 2)
    assert gc.get_threshold() == before
