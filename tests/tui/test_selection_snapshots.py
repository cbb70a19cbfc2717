"""Snapshot tests of the selection screens at 80x24 (and the selection screen at 120x40).

The selections are made through the services on the fixed catalogue from conftest, with their
timestamps fixed, so the pictures only change when the UI does. Update them with
`pytest tests/tui/test_selection_snapshots.py --snapshot-update` and look at the report first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from kravtui.config import Settings
from kravtui.selection.items import edit_item, get_item
from kravtui.selection.records import Answer
from kravtui.selection.store import set_answers
from kravtui.tui.app import KravApp
from tests.tui.helpers import opened, settle
from tests.tui.selection_helpers import edit_catalogue, make_selection

MakeApp = Callable[..., KravApp]
FIXED = "2024-05-01T12:00:00Z"


def _prepare(catalogue: Path) -> None:
    """A selection with answers, an edited item, a free-text one and an item that drifted."""
    selection_id = make_selection(
        catalogue, ticked=["SIK-1", "SIK-2", "LOG-2", "ARK-1"], domains=("Økonomi",)
    )
    edit_catalogue(catalogue, "SIK-2", description="Al trafik skal krypteres med TLS 1.3.")
    with opened(catalogue) as conn:
        set_answers(conn, selection_id, {"Persondata": Answer.YES, "Cloud": Answer.UNKNOWN})
        snapshot = get_item(conn, selection_id, "ARK-1").snapshot
        edit_item(conn, selection_id, "ARK-1", replace(snapshot, title="Aflevering til arkiv"))
        conn.execute("UPDATE selection SET created_at = ?, updated_at = ?", (FIXED, FIXED))


def _keys(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize(
    ("language", "keys"),
    [
        ("en", ()),
        ("en", ("v",)),
        ("da", ("v",)),
        ("da", ("a",)),
        ("en", ("v", "j", "w")),
        ("en", ("x",)),
    ],
    ids=["main", "selection-en", "selection-da", "questionnaire-da", "drift", "export"],
)
def test_selection_screens_at_80x24(
    snap_compare: Any, make_app: MakeApp, catalogue: Path, language: str, keys: tuple[str, ...]
) -> None:
    _prepare(catalogue)
    # The export dialog shows the exports folder: a fixed one, not the test's temporary folder.
    app = make_app(language, settings=Settings(exports_folder="/srv/udbud"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_keys(*keys))


def test_selection_screen_wide(snap_compare: Any, make_app: MakeApp, catalogue: Path) -> None:
    _prepare(catalogue)
    assert snap_compare(make_app("da"), terminal_size=(120, 40), run_before=_keys("v"))
