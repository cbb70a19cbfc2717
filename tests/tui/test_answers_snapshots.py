"""Snapshot tests of the Besvarelser screen: one vendor at 80x24 in Danish, two side by side at
120x40 in English with an assessed answer, and the import report.

The answers are imported through the service with their times fixed (`answer_helpers`), so the
pictures only change when the UI does. Update them with
`pytest tests/tui/test_answers_snapshots.py --snapshot-update` and look at the report first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from kravtui.answers.assessments import assess
from kravtui.answers.records import Status
from kravtui.answers.store import find_vendor
from kravtui.tui.app import KravApp
from tests.tui.answer_helpers import FIXED, answered_selection
from tests.tui.helpers import opened, settle

MakeApp = Callable[..., KravApp]


def _keys(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.3)  # the detail pane follows the cursor when it rests
        await settle(pilot)

    return run_before


def _assessed(catalogue: Path) -> None:
    selection_id = answered_selection(catalogue)
    with opened(catalogue) as conn:
        alfa = find_vendor(conn, "Alfa A/S")
        assess(conn, selection_id, alfa, ["SIK-2"], Status.ELABORATION_NEEDED, "Hvilket arkiv?")
        conn.execute("UPDATE answer_assessment SET at = ?, author = 'indkøber'", (FIXED,))


def test_answers_at_80x24_in_danish(snap_compare: Any, make_app: MakeApp, catalogue: Path) -> None:
    _assessed(catalogue)
    assert snap_compare(make_app("da"), terminal_size=(80, 24), run_before=_keys("b", "j"))


def test_answers_at_120x40_in_english(
    snap_compare: Any, make_app: MakeApp, catalogue: Path
) -> None:
    _assessed(catalogue)
    app = make_app("en")
    assert snap_compare(app, terminal_size=(120, 40), run_before=_keys("b", "j", "j"))
