"""Snapshot tests of the main screen at 80x24, 120x40 and 200x60, in Danish and English.

The catalogue is the fixed one from conftest (fixed timestamps and authors), so the pictures
only change when the UI does. Update them with `pytest tests/tui --snapshot-update` and look at
the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from kravtui.tui.app import KravApp
from tests.tui.helpers import settle, type_text

MakeApp = Callable[..., KravApp]


async def _ready(pilot: Pilot[Any]) -> None:
    await settle(pilot)


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(
    snap_compare: Any, make_app: MakeApp, language: str, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(language), terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("language", ["en", "da"])
def test_filtered_with_facets_at_80x24(snap_compare: Any, make_app: MakeApp, language: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        await pilot.press("enter", "f")
        await settle(pilot)

    assert snap_compare(make_app(language), terminal_size=(80, 24), run_before=run_before)


def test_wide_with_every_pane(snap_compare: Any, make_app: MakeApp) -> None:
    assert snap_compare(make_app("da"), terminal_size=(200, 60), run_before=_ready)
