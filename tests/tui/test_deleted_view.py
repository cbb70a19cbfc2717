"""The Deleted view (the "deleted" flag facet): a deleted requirement is never ticked again.

The walk: tick X, untick X, delete X, open the Deleted view, Space on X: X was ticked again
(the tick service brought back the unticked item without asking the catalogue), and `+` did
it for every row shown.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kravtui.i18n import t
from kravtui.selection.items import ticked_uids, unticked_uids
from kravtui.tui.app import KravApp
from kravtui.tui.editing_controller import DELETED
from kravtui.tui.screens.confirm import ConfirmScreen
from tests.tui.editing_helpers import go_to
from tests.tui.helpers import cursor_uid, main_screen, notifications, opened, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_space_and_plus_in_the_deleted_view_tick_nothing(
    make_app: MakeApp, catalogue: Path, lang: str, size: tuple[int, int]
) -> None:
    selection_id = make_selection(catalogue, ticked=["ARK-1"])
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, "SIK-4")
        await press(pilot, "space")  # tick
        await press(pilot, "space")  # untick: kept as a decision
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        main_screen(app).toggle_facet(DELETED)  # the Deleted view (the facet panel's flag)
        await settle(pilot)
        await go_to(pilot, "SIK-4")
        assert cursor_uid(app) == "SIK-4"
        await press(pilot, "space")
        await press(pilot, "plus")
        await pilot.pause(0.05)
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)  # refused at once, not asked
        said = notifications(app)
        assert said.count(t("tui.sel.deleted_not_ticked")) == 2, said
    with opened(catalogue) as conn:
        assert ticked_uids(conn, selection_id) == {"ARK-1"}
        assert unticked_uids(conn, selection_id) == {"SIK-4"}
