"""Keys typed in one burst reach the screen the first of them opens (80x24, Danish and English),
and the export dialog acts on every one of them.

A terminal hands the app `x` and ctrl+t together when they are typed fast or over a slow link.
The second key went to the main screen's list, which still had the focus, and came back unused
after the export dialog was up; Textual then looked only at the dialog's ordinary bindings, and
its ctrl+t and ctrl+s are priority bindings, so the key was lost. `KravApp.on_key` gives
such a key to the priority binding of the screen now on top. Inside the dialog, a ctrl+t or
ctrl+s typed before the format list's change was handled acted on the format before it (two
ctrl+t moved one step; ctrl+t, ctrl+t, ctrl+s wrote a DOCX).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from kravtui.tui.app import KravApp
from kravtui.tui.screens.export_dialog import ExportScreen
from tests.tui.helpers import notifications, settle
from tests.tui.selection_helpers import make_selection

MakeApp = Callable[..., KravApp]


async def burst(pilot: object, app: KravApp, *keys: str) -> None:
    """Send `keys` as a terminal does when they are typed at once: all of them before the app
    has handled the first (Pilot's `press` waits after each one)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        driver.send_message(event)
    for _ in range(10):
        await settle(pilot)  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_ctrl_t_typed_with_x_switches_the_dialogs_format(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, app, "x", "ctrl+t", "ctrl+t")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert screen.format == "toml"  # DOCX -> PDF -> TOML
        assert screen.query_one("#export-path", Input).value.endswith("Udbud-2025.toml")


async def test_ctrl_s_typed_with_x_exports_to_the_suggested_file(
    make_app: MakeApp, catalogue: Path, user_folders: Path
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, app, "x", "ctrl+t", "ctrl+t", "ctrl+s")
        for _ in range(200):
            if not isinstance(app.screen, ExportScreen):
                break
            await settle(pilot)
        assert any("Exported 1 requirement" in m for m in notifications(app))
    assert (user_folders / "Udbud-2025.toml").read_text(encoding="utf-8").startswith("# kravtui")


async def test_two_ctrl_t_at_once_inside_the_dialog_move_two_steps(
    make_app: MakeApp, catalogue: Path
) -> None:
    """The second ctrl+t came before the list's change was followed and moved from the same
    format again (one step in all); and with no screen change in between, nothing is looked
    at twice (not four steps)."""
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, app, "x")
        assert isinstance(app.screen, ExportScreen)
        await burst(pilot, app, "ctrl+t", "ctrl+t")
        assert app.screen.format == "toml"
