"""The list on a larger catalogue: only pages in view are read, the cursor survives filtering."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from kravtui.application.catalogue_session import PAGE_SIZE
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER
from kravtui.config import Settings
from kravtui.tui.app import create_app
from tests.tui.conftest import build_catalogue
from tests.tui.helpers import cursor_uid, main_screen, screen_text, settle, type_text, wait_until

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


async def test_rows_another_session_deleted_before_the_count_leave_the_screen(
    big_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page is drawn before the matches are counted; when the count finds fewer rows
    than the page had (another session deleted some in between), the lines past the new end
    are drawn again, empty, while a count that leaves every line in view as it was redraws
    none of them."""
    app = create_app(big_catalogue, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listing = screen.requirement_list
        listing.move_to(2)
        await pilot.pause()
        counted = threading.Event()
        count = app.session.total
        totals = iter([5, SIZE])  # the first count after most rows went, then all

        def total(*args: Any) -> int | None:
            counted.wait(10)
            count(*args)
            return next(totals)

        monkeypatch.setattr(app.session, "total", total)
        await pilot.press("slash")
        await type_text(pilot, "l")  # every row: the first page is full, the count follows
        await wait_until(pilot, lambda: listing.painted_generation == screen.generation)
        top, height = listing._view()
        assert (top, listing.cursor) == (0, 2)
        assert f"LOG-{height} " in screen_text(app)
        counted.set()
        await settle(pilot)
        assert listing.total == 5
        text = screen_text(app)
        assert "LOG-5 " in text
        assert not any(f"LOG-{index + 1} " in text for index in range(5, height))
        assert listing.cursor == 2
        counted.clear()
        drawn: list[int] = []
        draw = listing.render_line
        monkeypatch.setattr(listing, "render_line", lambda y: drawn.append(y) or draw(y))
        await pilot.press("o")  # "lo": every row again, counted as all of them
        await wait_until(pilot, lambda: listing.painted_generation == screen.generation)
        drawn.clear()
        counted.set()
        await settle(pilot)
        assert listing.total == SIZE
        assert drawn == []  # no line in view changed
        top, height = listing._view()
        text = screen_text(app)
        assert all(f"LOG-{index + 1} " in text for index in range(top, top + height))


def recorded_counts(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The query text of every count the session runs from now on, in order."""
    counted: list[str] = []
    count = app.session.total

    def total(query: Any, cancelled: Any) -> int | None:
        counted.append(query.text)
        return count(query, cancelled)

    monkeypatch.setattr(app.session, "total", total)
    return counted


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_count_waits_for_a_pause_in_typing(
    big_catalogue: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """On a server every count competes with the next key's page, so it waits until typing
    pauses (`count_pause`); meanwhile the page is shown and the status says it is not exact."""
    app = create_app(big_catalogue, settings=Settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        listing = screen.requirement_list
        counted = recorded_counts(app, monkeypatch)
        app.session.count_pause = 60.0  # the typist never pauses that long here
        await pilot.press("slash")
        await type_text(pilot, "lige")  # every row: the first page is full, a count is due
        await wait_until(pilot, lambda: listing.painted_generation == screen.generation)
        await pilot.pause(0.3)
        assert counted == []
        assert f"{PAGE_SIZE}+ shown of 3,000" in screen_text(app)
        assert "LOG-2 " in screen_text(app)


async def test_after_the_pause_the_count_is_the_shown_lists(
    big_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(big_catalogue, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        counted = recorded_counts(app, monkeypatch)
        app.session.count_pause = 0.2
        await pilot.press("slash")
        await type_text(pilot, "ulige")
        await settle(pilot)
        assert counted[-1:] == ["ulige"]
        assert "1,500 shown of 3,000" in screen_text(app)
        await pilot.press("backspace", "backspace")  # "uli": a uid or title word part
        await settle(pilot)
        assert counted[-1:] == ["uli"]
        assert "1,500 shown of 3,000" in screen_text(app)


async def test_the_facet_counts_after_a_search_wait_for_the_pause_too(
    big_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From 160 columns the facet panel is shown: its counts read every match, so after a
    search they wait for typing to pause as the count does; opened by hand, they come at once."""
    app = create_app(big_catalogue, settings=Settings())
    async with app.run_test(size=(170, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.facet_panel.display
        counted: list[str] = []
        facet_counts = app.session.facet_counts

        def counts(query: Any, *args: Any, **kwargs: Any) -> Any:
            counted.append(query.text)
            return facet_counts(query, *args, **kwargs)

        monkeypatch.setattr(app.session, "facet_counts", counts)
        app.session.count_pause = 60.0
        await pilot.press("slash")
        await type_text(pilot, "lige")
        await wait_until(
            pilot, lambda: screen.requirement_list.painted_generation == screen.generation
        )
        await pilot.pause(0.3)
        assert counted == []
        app.session.count_pause = 0.0
        await pilot.press("e")  # "ligee": no match at all, so the page is the whole answer
        await settle(pilot)
        assert counted == ["ligee"]
