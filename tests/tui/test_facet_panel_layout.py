"""The facet panel at 80 columns: the count column keeps its width whatever the filters, so the
names never move, and the names get the room the panel has.

The walk (the bundled sample, 113 requirements): the names were cut short ("SIK Sikkerhed",
"Logning o") behind four cells of tree guide per level, and the count column narrowed from
three digits to two once a filter was set, so every name jumped one cell to the left.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.interchange.sample import create_from_sample
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.filter_state import Facet
from tests.tui.helpers import main_screen, screen_text, settle

PREFIXES = ("SIK", "LOG", "ARK", "GDPR", "DATA")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    create_from_sample(path).close()
    return path


def _name_columns(app: KravApp) -> dict[str, int]:
    """Where each category's name ("SIK Sikkerhed") starts in the facet panel, by prefix."""
    panel = main_screen(app).facet_panel
    region = panel.content_region
    lines = screen_text(app).splitlines()
    found = {}
    for y in range(region.y, region.bottom):
        row = lines[y][region.x : region.right]
        for prefix in PREFIXES:
            at = row.find(f" {prefix} ")
            if at >= 0 and "[" in row[:at]:
                found[prefix] = at + 1
    return found


def _panel_text(app: KravApp) -> str:
    panel = main_screen(app).facet_panel
    region = panel.content_region
    lines = screen_text(app).splitlines()
    return "\n".join(lines[y][region.x : region.right] for y in range(region.y, region.bottom))


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (160, 40)], ids=["80x24", "160x40"])
async def test_the_names_stay_put_when_a_filter_narrows_the_counts(
    sample: Path, lang: str, size: tuple[int, int]
) -> None:
    set_language(lang)
    app = create_app(sample, settings=Settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        if not screen.facet_panel.display:
            await pilot.press("f")
            await settle(pilot)
        before = _name_columns(app)
        assert set(before) == set(PREFIXES), _panel_text(app)
        assert len(set(before.values())) == 1  # one column for every name
        screen.toggle_facet(Facet("category", "SIK"))  # counts of one and two digits now
        await settle(pilot)
        assert _name_columns(app) == before, _panel_text(app)
        if size[0] == 80:
            text = _panel_text(app)
            assert "LOG Logning og " in text and "GDPR Lovgivning " in text, text
