"""The TUI says a server's refusal of a save in the words of the open catalogue, without the
conninfo, whatever the screen: the requirement form and the delete key.

Without a server: the services raise the adapter's very error (`tests/test_refusal_lines.py`
makes it from psycopg's), standing in for the server's refusal. With a server the same is
`tests/tui/test_postgres_refused_save.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from kravtui.catalogue.engine_errors import EnginePermissionError
from kravtui.tui.app import KravApp
from tests.test_refusal_lines import PLACE, WORDS, connection
from tests.tui.editing_helpers import save_title, stored
from tests.tui.helpers import notifications, settle

MakeApp = Callable[..., KravApp]


def _refuse(*_: Any, **__: Any) -> Any:
    raise connection().translated(
        psycopg.errors.InsufficientPrivilege("permission denied for table requirement")
    )


@pytest.mark.parametrize("language", ["en", "da"])
async def test_a_refused_save_and_delete_say_it_in_one_line_without_the_conninfo(
    make_app: MakeApp, catalogue: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    monkeypatch.setattr("kravtui.tui.screens.requirement_form.save_requirement", _refuse)
    monkeypatch.setattr("kravtui.tui.editing_controller.set_deleted", _refuse)
    before = stored(catalogue, "SIK-2")
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await save_title(pilot, "SIK-2", "Kryptering af alt")
        assert app.screen is form
        await pilot.press("escape")  # leave, discarding the edit
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("d")  # delete, confirmed
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        said = [line for line in notifications(app) if "anna" in line]
        start = "Could not save: " if language == "en" else "Kunne ikke gemme: "
        assert said == [start + WORDS[language]] * 2
        assert not any(part in line for line in said for part in PLACE)
    assert stored(catalogue, "SIK-2") == before


def test_the_stand_in_is_the_adapters_error() -> None:
    with pytest.raises(EnginePermissionError):
        _refuse()
