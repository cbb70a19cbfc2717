"""Snapshot tests of the editing screens at 80x24 (and the conflict at 120x40).

Revisions get fixed times and authors and the clock reads UTC (tests/conftest.py), so the
pictures only change when the UI does. Update them with
`pytest tests/tui/test_editing_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kravtui.catalogue.db import connect, transaction
from kravtui.catalogue.editing import save_requirement
from kravtui.catalogue.requirements import get_requirement
from kravtui.tui.app import KravApp
from tests.tui.conftest import steady_cursors
from tests.tui.helpers import settle, type_text

MakeApp = Callable[..., KravApp]
FIXED = "2024-05-01T12:00:00Z"


def _change_title(path: Path, uid: str, title: str) -> None:
    """Another session's edit, with fixed bookkeeping."""
    conn = connect(path)
    try:
        current = get_requirement(conn, uid)
        assert current is not None
        changed = current.content.with_changes(title=title)
        save_requirement(conn, changed, expected_version=current.meta.version)
        with transaction(conn):
            conn.execute("UPDATE revision SET at = ?, author = 'redaktør'", (FIXED,))
            conn.execute("UPDATE requirement SET updated_at = ?, updated_by = 'redaktør'", (FIXED,))
    finally:
        conn.close()


async def _to(pilot: Pilot[Any], uid_index: int, *keys: str) -> None:
    await settle(pilot)
    for _ in range(uid_index):
        await pilot.press("j")
    await settle(pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


@pytest.mark.parametrize("language", ["en", "da"])
def test_new_requirement_form(snap_compare: Any, make_app: MakeApp, language: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _to(pilot, 5, "n")

    assert snap_compare(make_app(language), terminal_size=(80, 24), run_before=run_before)


def test_form_with_validation_messages(snap_compare: Any, make_app: MakeApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _to(pilot, 0, "n")
        pilot.app.screen.query_one("#f-uid", Input).value = "ark-4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_history_with_a_word_diff(snap_compare: Any, make_app: MakeApp, catalogue: Path) -> None:
    _change_title(catalogue, "SIK-2", "Kryptering af al trafik under transport")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _to(pilot, 6, "h")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("language", ["en", "da"])
def test_classifications(snap_compare: Any, make_app: MakeApp, language: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _to(pilot, 0, "C")

    assert snap_compare(make_app(language), terminal_size=(80, 24), run_before=run_before)


def test_save_conflict(snap_compare: Any, make_app: MakeApp, catalogue: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _to(pilot, 6, "e")
        pilot.app.screen.query_one("#f-title", Input).value = "Kryptering under transport (TLS)"
        _change_title(catalogue, "SIK-2", "Kryptering under al transport")
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run_before)


async def test_a_snapshot_does_not_depend_on_the_cursor_blink(make_app: MakeApp) -> None:
    """snap_compare stops the cursors blinking before the picture: on a loaded machine the
    picture is taken a blink later, and the focused field's cursor must look the same."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _to(pilot, 5, "n")
        await type_text(pilot, "Ny")
        assert isinstance(app.focused, Input)
        await steady_cursors(pilot)
        first = app.export_screenshot(simplify=True)
        for _ in range(3):  # Textual blinks every half second
            await pilot.pause(0.35)
            assert app.export_screenshot(simplify=True) == first
