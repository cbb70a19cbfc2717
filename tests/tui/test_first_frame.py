"""What the first frame builds (issue 17): the layout of the terminal's width from the start, no
work for panes that width hides, no module the main screen does not use, no garbage collection
while starting; and what a keystroke rebuilds: the footer's keys are relabelled, not remade.

These guard the structure behind `benchmarks/tui.py`'s first frame; the time itself is measured
there, never here.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.strip import Strip

import kravtui.cli
import kravtui.tui.app
from kravtui.cli import main
from kravtui.tui.app import KravApp
from kravtui.tui.textual_internals import FooterKey
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.requirement_list import RequirementList
from tests.tui.helpers import main_screen, screen_text, settle

MakeApp = Callable[..., KravApp]


@pytest.mark.parametrize(("size", "width_class"), [((80, 24), "-narrow"), ((120, 40), "-medium")])
async def test_the_first_layout_has_the_width_class_and_counts_no_hidden_facets(
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    width_class: str,
) -> None:
    first_drawn_with: list[set[str]] = []
    draw = RequirementList.render_line

    def render_line(self: RequirementList, y: int) -> Strip:
        if not first_drawn_with:
            first_drawn_with.append(set(self.screen.classes))
        return draw(self, y)

    monkeypatch.setattr(RequirementList, "render_line", render_line)
    app = make_app()
    counted: list[object] = []
    count = app.session.facet_counts

    def facet_counts(*args: object, **kwargs: object) -> object:
        counted.append(args)
        return count(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(app.session, "facet_counts", facet_counts)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert width_class in first_drawn_with[0]
        assert counted == []  # the panel is hidden at this width: nothing to count for it
        await pilot.press("f")  # shown when asked for, with its counts
        await settle(pilot)
        assert main_screen(app).facet_panel.display
        assert len(counted) == 1
        assert "5 SIK Sikkerhed" in screen_text(app)


async def test_a_facet_panel_that_appears_when_the_terminal_widens_gets_its_counts(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not main_screen(app).facet_panel.display
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        assert main_screen(app).facet_panel.display
        assert "5 SIK Sikkerhed" in screen_text(app)


# Loaded by the first frame for nothing it shows: the Besvarelser screen's comparison, the
# settings writer, the PostgreSQL driver, the spreadsheet, document and XML libraries.
NOT_IN_THE_FIRST_FRAME = (
    "kravtui.answers",
    "tomlkit",
    "psycopg",
    "openpyxl",
    "docx",
    "lxml",
    "hypothesis",
)

_FIRST_FRAME = """
import asyncio, sys
from pathlib import Path
from kravtui.config import Settings
from kravtui.tui.app import create_app

async def first_frame() -> None:
    app = create_app(Path(sys.argv[1]), settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)

asyncio.run(first_frame())
print("LOADED", sorted(name for name in sys.modules if name.startswith(tuple(sys.argv[2:]))))
"""


def test_the_first_frame_loads_no_module_it_does_not_show(catalogue: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_FRAME, str(catalogue), *NOT_IN_THE_FIRST_FRAME],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "LOADED []" in result.stdout, result.stdout[-2000:]


def test_kravtui_starts_the_tui_with_the_collector_off(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    collecting: list[bool] = []
    monkeypatch.setattr(kravtui.cli, "_terminal_problem", lambda: None)
    monkeypatch.setattr(kravtui.tui.app, "run", lambda *a, **k: collecting.append(gc.isenabled()))
    try:
        main(["--db", str(catalogue)], standalone_mode=False)
    finally:
        gc.enable()
    assert collecting == [False]


async def test_the_app_turns_the_collector_on_after_its_first_frame(make_app: MakeApp) -> None:
    gc.disable()
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


def _footer(app: KravApp) -> list[tuple[str, str, str, bool]]:
    keys = app.screen.query_one(KeyFooter).query(FooterKey)
    return [(k.key, k.key_display, k.description, k.has_class("-disabled")) for k in keys]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_first_character_typed_relabels_the_footer_in_place(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    """Esc says "clear text" once the filter holds text: on every phrase typed, the footer's
    keys take their new labels in place of being built again, and say what a footer built
    afresh would say."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        before = list(footer.query(FooterKey))
        labels = _footer(app)
        await pilot.press("k")
        await settle(pilot)
        assert list(footer.query(FooterKey)) == before  # the same widgets
        relabelled = _footer(app)
        assert relabelled != labels
        footer.call_later(footer.recompose)  # built afresh, in the footer's own context
        await settle(pilot)
        assert list(footer.query(FooterKey)) != before
        assert _footer(app) == relabelled
