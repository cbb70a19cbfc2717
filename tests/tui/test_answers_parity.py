"""The CLI does the work the Besvarelser screen does, through the same use cases.

- A table maps every action of the screen (its key bindings and actions) to a `kravtui answers`
  command; an action without one, or a command or option that does not exist, fails the test.
- The same catalogue read by both faces gives the same counts (`answers list --json` and the
  screen's comparison) and the same rows under each filter (`answers show --filter`).
- The same changes made by both faces leave the same verdicts and winner.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from kravtui.answers.compare import AnswerFilter
from kravtui.cli import main
from kravtui.tui.app import KravApp
from kravtui.tui.keys import ANSWERS_KEYS
from kravtui.tui.screens.answers import AnswersScreen
from tests.tui.answer_helpers import answered_selection
from tests.tui.helpers import settle
from tests.tui.selection_helpers import press

MakeApp = Callable[..., KravApp]

# action -> (CLI command, the option that does it or None)
CLI_FOR: dict[str, tuple[str, str | None]] = {
    "assess": ("answers assess", None),
    "status": ("answers assess", None),
    "comment": ("answers assess", "comment"),
    "winner": ("answers winner", None),
    "import_file": ("answers import", None),
    "filter": ("answers show", "filter_name"),
    "report": ("answers report", "format_name"),
}
NAVIGATION = {"vendor", "back"}


def _action_name(action: str) -> str:
    return re.sub(r"\(.*", "", action).rpartition(".")[2]


def test_every_action_of_the_screen_has_a_cli_command() -> None:
    actions = {_action_name(spec.action) for spec in ANSWERS_KEYS}
    actions |= {name[7:] for name in vars(AnswersScreen) if name.startswith("action_")}
    assert sorted(actions - CLI_FOR.keys() - NAVIGATION) == []
    assert sorted((CLI_FOR.keys() | NAVIGATION) - actions) == []
    for path, option in CLI_FOR.values():
        command: click.Command = main
        for part in path.split():
            assert isinstance(command, click.Group)
            found = command.get_command(click.Context(command), part)
            assert found is not None, path
            command = found
        if option:
            assert option in {param.name for param in command.params}, (path, option)


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", "--db", str(db), *args])


def _json(db: Path, *args: str) -> object:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _state(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        verdicts = conn.execute(
            "SELECT v.name, a.uid, a.status, a.comment FROM answer_assessment a "
            "JOIN vendor v ON v.id = a.vendor_id ORDER BY v.name, a.uid, a.id"
        ).fetchall()
        chosen = conn.execute(
            "SELECT v.name FROM selection_winner w JOIN vendor v ON v.id = w.vendor_id"
        ).fetchall()
        return [*verdicts, *chosen]
    finally:
        conn.close()


async def test_both_faces_read_and_filter_alike(make_app: MakeApp, catalogue: Path) -> None:
    answered_selection(catalogue)
    listed = _json(catalogue, "answers", "list", "Udbud 2025")
    assert isinstance(listed, list)
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, AnswersScreen) and screen.comparison is not None
        comparison = screen.comparison
        for summary, shown in zip(comparison.summaries, listed, strict=True):
            assert isinstance(shown, dict)
            assert shown["vendor"] == summary.vendor.name
            assert shown["answered"] == summary.answered
            assert shown["price_total_hundredths"] == summary.price_total
            assert shown["fails_minimum"] == list(summary.fails_minimum)
        for answer_filter in AnswerFilter:
            screen.set_filter(answer_filter)
            await settle(pilot)
            rows = [comparison.items[row].uid for row in screen.grid.rows]
            code = answer_filter.value.replace("_", "-")
            data = _json(catalogue, "answers", "show", "Udbud 2025", "Beta ApS", "--filter", code)
            assert isinstance(data, dict)
            assert rows == [answer["uid"] for answer in data["answers"]], answer_filter


async def test_both_faces_change_alike(make_app: MakeApp, catalogue: Path, tmp_path: Path) -> None:
    answered_selection(catalogue)
    twin = tmp_path / "twin.db"
    shutil.copy(catalogue, twin)
    for args in (
        ("assess", "Udbud 2025", "Alfa A/S", "rejected", "SIK-2"),
        ("assess", "Udbud 2025", "Alfa A/S", "rejected", "SIK-2", "--comment", "Hvorfor?"),
        ("assess", "Udbud 2025", "Alfa A/S", "elaboration_needed", "SIK-2"),  # keeps it
        ("assess", "Udbud 2025", "Beta ApS", "accepted", "SIK-1"),
        ("winner", "Udbud 2025", "Beta ApS"),
    ):
        assert run(twin, "answers", *args).exit_code == 0
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "b", "j", "r", "c")
        for key in "Hvorfor?":
            await pilot.press(key)
        await press(pilot, "ctrl+s", "u", "k", "right", "a", "W", "y")
    assert _state(catalogue) == _state(twin)
    assert ("Alfa A/S", "SIK-2", "elaboration_needed", "Hvorfor?") in _state(twin)


@pytest.mark.parametrize("name", sorted(CLI_FOR))
def test_each_mapped_command_has_help(name: str) -> None:
    path, _ = CLI_FOR[name]
    result = CliRunner().invoke(main, [*path.split(), "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
