"""The list on a larger catalogue: only pages in view are read, the cursor survives filtering."""

from __future__ import annotations

from pathlib import Path

import pytest

from kravtui.application.catalogue_session import PAGE_SIZE
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER
from kravtui.config import Settings
from kravtui.tui.app import create_app
from tests.tui.conftest import build_catalogue
from tests.tui.helpers import cursor_uid, main_screen, screen_text, settle, type_text

# One worker builds the big catalogue once for both tests (pytest-xdist, --dist loadgroup).
pytestmark = pytest.mark.xdist_group("big-catalogue")

SIZE = 3_000


def _many() -> tuple[RequirementContent, ...]:
    return tuple(
        RequirementContent(
            uid=f"LOG-{n}",
            title=f"Logkrav nummer {n} {'lige' if n % 2 == 0 else 'ulige'}",
            importance=IMPORTANCE_ORDER[n % 4],
            category="LOG",
            domains=("Økonomi",),
        )
        for n in range(1, SIZE + 1)
    )


@pytest.fixture(scope="module")
def big_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_catalogue(tmp_path_factory.mktemp("big") / "big.db", _many())


async def test_only_pages_in_view_are_read_and_g_goes_to_the_end(big_catalogue: Path) -> None:
    app = create_app(big_catalogue, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = main_screen(app).requirement_list
        assert listing.total == SIZE
        assert "3,000 shown of 3,000" in screen_text(app)
        await pilot.press("G")
        assert cursor_uid(app) == f"LOG-{SIZE}"
        assert f"LOG-{SIZE} " in screen_text(app)
        assert len(listing._cache._pages) <= 3
        await pilot.press("pageup")
        assert listing.cursor == SIZE - 1 - (listing.scrollable_content_region.height - 1)
        await pilot.press("g")
        assert cursor_uid(app) == "LOG-1"


async def test_the_cursor_keeps_its_requirement_beyond_the_first_page(
    big_catalogue: Path,
) -> None:
    app = create_app(big_catalogue, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = main_screen(app).requirement_list
        listing.move_to(2 * PAGE_SIZE + 50)  # LOG-251
        await pilot.pause()
        assert cursor_uid(app) == "LOG-251"
        await pilot.press("slash")
        await type_text(pilot, "ulige")
        await settle(pilot)
        assert cursor_uid(app) == "LOG-251"
        assert listing.cursor == 125
        assert "LOG-251" in screen_text(app)
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await type_text(pilot, "lige")  # every row has "lige" in it
        await settle(pilot)
        assert cursor_uid(app) == "LOG-251"
        assert "3,000 shown of 3,000" in screen_text(app)
