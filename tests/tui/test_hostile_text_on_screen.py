"""The terminal UI writes no control or bidi character of a catalogue's text to the terminal.

A hostile requirement (title, description, the author of its revisions) and a hostile selection
are shown in the list, the detail pane, the detail window, the status line, the selections, the
history screen, the selection's items, an export path being typed and the toast that names it;
what Textual would write to the terminal for each screen holds no such character beyond
Textual's own style and cursor codes, and the screen shows the visible escapes.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from kravtui.catalogue.db import transaction
from kravtui.catalogue.requirements import write_contents
from kravtui.config import Settings
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.history import HistoryScreen
from kravtui.tui.screens.selection_items import SelectionItemsScreen
from kravtui.tui.screens.selections import SelectionsScreen
from tests.test_terminal_text import AUTHOR, DANGEROUS, SELECTION, TITLE
from tests.tui.conftest import REQUIREMENTS, _req, build_catalogue
from tests.tui.helpers import notifications, opened, screen_text, settle, wait_until
from tests.tui.selection_helpers import make_selection, press

DESCRIPTION = "Første linje\x1b[2J\nAnden \u202eevil\u202c linje \x9b1;1H slut"
# The only escape sequences Textual itself writes: styles and cursor moves.
TEXTUAL_CODES = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[\d+;\d+H|\x1b\[\?25[lh]")


def _hostile_catalogue(tmp_path: Path) -> Path:
    hostile = _req("ARK-0", TITLE, REQUIREMENTS[0].importance, description=DESCRIPTION)
    path = build_catalogue(tmp_path / "hostile.db", (*REQUIREMENTS, hostile))
    with opened(path) as conn, transaction(conn):  # a second revision, for the history
        edited = hostile.with_changes(description=DESCRIPTION + "\nTredje \x07linje")
        write_contents(conn, [edited])
    conn = sqlite3.connect(path)
    with conn:  # written by another program
        conn.execute("UPDATE revision SET author = ?", (AUTHOR,))
    conn.close()
    selection_id = make_selection(path, "Indkøb", ticked=["ARK-0", "SIK-1"])
    conn = sqlite3.connect(path)
    with conn:  # a title the selection form refuses, written by another program
        conn.execute("UPDATE selection SET title = ? WHERE id = ?", (SELECTION, selection_id))
    conn.close()
    return path


def assert_nothing_raw(app: KravApp) -> None:
    """What Textual would write for the whole screen holds no control or bidi character."""
    written = app.screen._compositor.render_full_update().render_segments(app.console)
    found = sorted({repr(char) for char in DANGEROUS.findall(TEXTUAL_CODES.sub("", written))})
    assert not found, f"{type(app.screen).__name__} writes {found}"


def _toast_text(app: KravApp) -> str:
    """What the toasts show, their lines joined: a toast wraps a long path (a parallel run's
    temporary folder is longer) where the terminal has no room for it."""
    lines = screen_text(app).splitlines()
    parts = [
        lines[y][toast.region.x : toast.region.right].strip(" ▌")
        for toast in app.screen.query("Toast")
        for y in range(toast.region.y, min(toast.region.bottom, len(lines)))
    ]
    return "".join(parts)


async def test_hostile_text_is_escaped_on_every_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _hostile_catalogue(tmp_path)
    app = create_app(path, settings=Settings())
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "ARK-0" in text and "To-faktor\\x1b]0;PWNED" in text  # the list and the pane
        assert "Første linje\\x1b[2J" in text and "\\u202eevil" in text
        assert "Indkøb\\x1b]0;PWNED\\x07" in text  # the current selection, in the status line
        assert_nothing_raw(app)

        await press(pilot, "s")
        assert isinstance(app.screen, SelectionsScreen)
        assert "Indkøb\\x1b]0;PWNED\\x07\\x1b[2J\\u202e" in screen_text(app)
        assert_nothing_raw(app)
        await press(pilot, "escape")

        await press(pilot, "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "mallory\\x1b]2;OWNED" in text and "Tredje \\x07linje+}" in text
        assert_nothing_raw(app)
        await press(pilot, "escape")

        await press(pilot, "v")
        assert isinstance(app.screen, SelectionItemsScreen)
        assert "To-faktor\\x1b]0;PWNED" in screen_text(app)
        assert_nothing_raw(app)
        await press(pilot, "escape")

        await press(pilot, "x")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-format", Select).value = "toml"
        await settle(pilot)
        app.screen.query_one("#export-path", Input).value = "ud\x1b]0;PWNED\x07\u202e.toml"
        await settle(pilot)
        assert "ud\\x1b]0;PWNED" in screen_text(app)  # the form field, while it is edited
        assert_nothing_raw(app)
        await press(pilot, "ctrl+s")
        for _ in range(100):
            await settle(pilot)
            if not isinstance(app.screen, ExportScreen):
                break
        toast = "ud\\x1b]0;PWNED\\x07\\u202e"  # the toast may cut ".toml" of a long path
        await wait_until(pilot, lambda: toast in _toast_text(app))
        assert any("PWNED" in message for message in notifications(app))
        assert_nothing_raw(app)


async def test_the_detail_window_at_80x24(tmp_path: Path) -> None:
    app = create_app(_hostile_catalogue(tmp_path), settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert_nothing_raw(app)
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        assert "To-faktor\\x1b]0;PWNED" in screen_text(app)
        assert_nothing_raw(app)
