"""The TUI on a catalogue in a folder nobody may write: it opens, read-only by itself, and says
so in the status line (and once in a notification), in Danish and English.

`kravtui --db PATH` runs in a process bound by permission bits (see tests/catalogue_files.py),
with the TUI driven by the Pilot at 80x24 instead of a terminal; it prints the screen and the
notifications for the test to read.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.catalogue_files import folder_state, unprivileged
from tests.tui.conftest import build_catalogue

REPOSITORY = Path(__file__).resolve().parents[2]

SCRIPT = """
import asyncio, sys
import kravtui.cli
import kravtui.tui.app
from kravtui.cli import main
from kravtui.config import Settings
from tests.tui.helpers import notifications, screen_text, settle

async def show(path, read_only):
    app = kravtui.tui.app.create_app(path, read_only=read_only, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        print(screen_text(app))
        print("NOTIFICATIONS", *notifications(app), sep="\\n")

def run(path, *, read_only=False, mouse=True, notice=""):  # kravtui's start, Pilot at the keys
    asyncio.run(show(path, read_only))

kravtui.tui.app.run = run
kravtui.cli._terminal_problem = lambda: None  # the Pilot is the terminal here
main(["--lang", sys.argv[2], "--db", sys.argv[1]])
"""


@pytest.fixture
def locked_catalogue(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = build_catalogue(folder / "catalogue.db")
    folder.chmod(0o555)
    yield path
    folder.chmod(0o755)


@pytest.mark.parametrize(
    ("language", "marker", "notice"),
    [
        ("en", "[read-only] 10 shown of 10", "opened read-only (its folder is not writable)"),
        (
            "da",
            "[skrivebeskyttet] 10 vist af 10",
            "åbnet skrivebeskyttet (mappen kan ikke skrives i)",
        ),
    ],
)
def test_a_catalogue_in_a_read_only_folder_opens_read_only_and_says_so(
    locked_catalogue: Path, language: str, marker: str, notice: str
) -> None:
    before = folder_state(locked_catalogue.parent)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(locked_catalogue), language],
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        preexec_fn=unprivileged(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    screen, _, notes = result.stdout.partition("NOTIFICATIONS\n")
    status = [line for line in screen.splitlines() if marker in line]
    assert status, screen
    assert notes.strip() == f"{locked_catalogue}: {notice}"
    assert folder_state(locked_catalogue.parent) == before
