"""Helpers for the selection Pilot tests: selections made through the services, screen queries."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.pilot import Pilot

from kravtui.catalogue.db import transaction
from kravtui.catalogue.requirements import get_requirement, write_contents
from kravtui.selection.items import tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from kravtui.tui.app import KravApp
from kravtui.tui.widgets.status_line import StatusLine
from tests.tui.helpers import opened, screen_text, settle


def make_selection(
    path: Path,
    title: str = "Udbud 2025",
    ticked: Sequence[str] = (),
    *,
    domains: tuple[str, ...] = (),
    priority: bool = True,
) -> int:
    """A draft selection in the catalogue file, with `ticked` ticked; returns its id."""
    with opened(path) as conn:
        info = SelectionInfo(title, domains=domains, priority_enabled=priority, language="en")
        selection_id = create_selection(conn, info).id
        if ticked:
            tick(conn, selection_id, list(ticked))
    return selection_id


def edit_catalogue(path: Path, uid: str, **changes: object) -> None:
    """Change a requirement in the catalogue (as an editor would), so selections drift."""
    with opened(path) as conn:
        current = get_requirement(conn, uid)
        assert current is not None
        with transaction(conn):
            write_contents(conn, [current.content.with_changes(**changes)])


def status(app: KravApp) -> str:
    """The main screen's status line as plain text (the line above the footer)."""
    line = app.screen.query_one("#status", StatusLine)
    lines = screen_text(app).splitlines()
    return lines[line.region.y] if line.region.y < len(lines) else ""


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys and wait until the app is quiet."""
    await pilot.press(*keys)
    await settle(pilot)
