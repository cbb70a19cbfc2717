"""The sample's example dialogue on the Besvarelser screen, as a new user meets it: a catalogue
made from the sample, the two example answered files imported; the example selection is the
current one, so `b` opens it at once, at 80x24 one vendor at a time and wider side by side,
with Leverandør A failing the minimum requirement SIK-002, and then a winner chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from kravtui.answers.assessments import winner
from kravtui.application.answers import import_answer_file
from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.interchange.sample import (
    SAMPLE_ANSWERS,
    SAMPLE_SELECTION_TITLE,
    create_from_sample,
    sample_answers_folder,
)
from kravtui.selection.store import find_selection
from kravtui.tui.app import create_app
from kravtui.tui.screens.answers import AnswersScreen
from tests.tui.helpers import opened, screen_text, settle, wait_until
from tests.tui.selection_helpers import press, status


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    conn = create_from_sample(path)
    try:
        selection_id = find_selection(conn, SAMPLE_SELECTION_TITLE).id
        for answer in SAMPLE_ANSWERS:
            path_of = sample_answers_folder() / answer.file_name
            import_answer_file(conn, selection_id, answer.vendor, path_of)
    finally:
        conn.close()
    return path


async def test_the_example_at_80x24_one_vendor_at_a_time(sample: Path) -> None:
    set_language("da")
    app = create_app(sample, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "16 valgt · Eksempel ESDH" in status(app)
        await press(pilot, "b")
        assert isinstance(app.screen, AnswersScreen)
        await wait_until(pilot, lambda: "Leverandør A" in screen_text(app))
        text = screen_text(app)
        sik002 = next(line for line in text.splitlines() if "SIK-002" in line)
        assert "✗ Nej" in sik002 and "!" in sik002
        await press(pilot, "right")
        await wait_until(pilot, lambda: "Leverandør B" in screen_text(app))
        sik002 = next(line for line in screen_text(app).splitlines() if "SIK-002" in line)
        assert "✓ Ja" in sik002
        await press(pilot, "W", "y")
    with opened(sample) as conn:
        chosen = winner(conn, find_selection(conn, SAMPLE_SELECTION_TITLE).id)
        assert chosen is not None and chosen.name == "Leverandør B"


async def test_the_example_side_by_side_on_a_wide_terminal(sample: Path) -> None:
    set_language("en")
    app = create_app(sample, settings=Settings())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        await wait_until(pilot, lambda: "Leverandør B" in screen_text(app))
        text = screen_text(app)
        assert "Leverandør A" in text
        sik002 = next(line for line in text.splitlines() if "SIK-002" in line)
        assert "✗ No" in sik002 and "✓ Yes" in sik002
