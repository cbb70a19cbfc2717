"""The garbage collector as it was before the app, however the app ends: by `q`, by an error
in a key's handler, or before its first frame. The tests run many apps in one process; an app
that left its thresholds, its frozen objects or a disabled collector behind would change every
later one."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from kravtui.tui.app import KravApp
from kravtui.tui.screens.main import MainScreen
from tests.tui.helpers import settle, type_text

MakeApp = Callable[..., KravApp]


@pytest.fixture
def collector_before() -> Iterator[tuple[tuple[int, int, int], int, bool]]:
    state = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    yield state
    gc.set_threshold(*state[0])  # whatever the test found, the next test starts clean
    gc.unfreeze()
    gc.enable()


def _collector_now() -> tuple[tuple[int, int, int], int, bool]:
    return gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()


async def test_an_app_that_quits_leaves_the_collector_as_it_was(
    make_app: MakeApp, collector_before: tuple[tuple[int, int, int], int, bool]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > collector_before[1]  # started: frozen
        await pilot.press("slash")
        await type_text(pilot, "log")
        await pilot.press("escape", "escape", "q")
    assert _collector_now() == collector_before


async def test_an_app_that_fails_leaves_the_collector_as_it_was(
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    collector_before: tuple[tuple[int, int, int], int, bool],
) -> None:
    def broken(self: MainScreen) -> None:
        raise RuntimeError("broken handler")

    monkeypatch.setattr(MainScreen, "action_focus_filter", broken)
    app = make_app()
    with pytest.raises(RuntimeError, match="broken handler"):
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("slash")
            await settle(pilot)
    assert _collector_now() == collector_before


@pytest.mark.parametrize("keys", [(), ("q",), ("slash", "l", "o", "g", "escape", "escape", "q")])
async def test_an_app_ended_at_once_leaves_the_collector_as_it_was(
    make_app: MakeApp,
    collector_before: tuple[tuple[int, int, int], int, bool],
    keys: tuple[str, ...],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)  # before or around the first frame, no pause
    assert _collector_now() == collector_before
