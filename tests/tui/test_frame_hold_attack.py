"""Hostile ways around the held frame (`FrameHold`): a key that opens another screen while the
hold is on, Esc Esc, a paste, a resize, typing faster than the frame, quitting while held.
However it ends, the screen on top is drawn again and no repaint stays suspended."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual import events
from textual.screen import Screen

import kravtui.tui.screens.main as main_module
from kravtui.tui.app import KravApp
from tests.tui.helpers import in_the_filter, main_screen, settle, wait_until

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (120, 40)]


def _record_displays(app: KravApp, monkeypatch: pytest.MonkeyPatch) -> list[Screen[Any]]:
    """Every screen whose frame goes out to the terminal from now on."""
    shown: list[Screen[Any]] = []
    display = app._display

    def recorded(screen: Screen[Any], renderable: Any) -> None:
        if renderable is not None and not app._batch_count:
            shown.append(screen)
        display(screen, renderable)

    monkeypatch.setattr(app, "_display", recorded)
    return shown


@pytest.fixture
def slow_search(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[KravApp], None]]:
    """Make the app's searches wait (until the test ends) so the hold ends by its timer."""
    answer = threading.Event()

    def slow(app: KravApp) -> None:
        snapshot = app.session.snapshot

        def waiting(*args: Any, **kwargs: Any) -> Any:
            answer.wait(10)
            return snapshot(*args, **kwargs)

        monkeypatch.setattr(app.session, "snapshot", waiting)

    slow.release = answer.set  # type: ignore[attr-defined]
    yield slow
    answer.set()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("keys", [("enter", "question_mark"), ("enter", "ctrl+p")])
async def test_a_screen_opened_while_the_frame_is_held_is_drawn(
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    slow_search: Callable[[KravApp], None],
    size: tuple[int, int],
    keys: tuple[str, ...],
) -> None:
    monkeypatch.setattr(main_module, "ECHO_WAIT", 0.2)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await in_the_filter(pilot, app)
        slow_search(app)
        shown = _record_displays(app, monkeypatch)
        await pilot.press("k", *keys)  # no pause: the other screen opens while held
        top = app.screen
        assert top is not screen
        await wait_until(pilot, lambda: not screen._frame.held, timeout=5)
        await wait_until(pilot, lambda: top in shown, timeout=2)
        assert app._batch_count == 0
        slow_search.release()  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (("k", "r", "y", "escape", "escape"), ""),  # Esc clears, Esc leaves
        (("k", "r", "y", "backspace", "backspace", "backspace", "l", "o"), "lo"),
        (tuple("kryptering"), "kryptering"),  # faster than the frame
    ],
)
async def test_keys_faster_than_the_frame_end_on_the_final_filter(
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    keys: tuple[str, ...],
    expected: str,
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash", *keys)
        await settle(pilot)
        screen = main_screen(app)
        assert screen.filter_bar.value == expected
        assert screen.snapshot is not None
        assert screen.snapshot.query == screen.state.query()
        assert screen.state.text == expected
        assert not screen._frame.held
        assert app._batch_count == 0


async def test_a_resize_and_a_paste_while_held_are_drawn(
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    slow_search: Callable[[KravApp], None],
) -> None:
    monkeypatch.setattr(main_module, "ECHO_WAIT", 0.2)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_the_filter(pilot, app)
        slow_search(app)
        shown = _record_displays(app, monkeypatch)
        await pilot.press("k")
        assert screen._frame.held
        await pilot.resize_terminal(120, 40)
        screen.filter_bar.post_message(events.Paste("rypt"))
        await wait_until(pilot, lambda: not screen._frame.held, timeout=5)
        await wait_until(pilot, lambda: screen in shown, timeout=2)
        assert app._batch_count == 0
        slow_search.release()  # type: ignore[attr-defined]
        await settle(pilot)
        assert screen.filter_bar.value == "krypt"
        assert screen.snapshot is not None
        assert screen.snapshot.query == screen.state.query()


async def test_quitting_while_held_ends_the_app(
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    slow_search: Callable[[KravApp], None],
) -> None:
    monkeypatch.setattr(main_module, "ECHO_WAIT", 5.0)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await in_the_filter(pilot, app)
        slow_search(app)
        await pilot.press("k", "enter")
        assert screen._frame.held
        slow_search.release()  # type: ignore[attr-defined]
        await pilot.press("q")
        await wait_until(pilot, lambda: not app.is_running, timeout=5)
    assert not screen._frame.held
