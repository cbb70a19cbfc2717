"""Helpers for the editing tests: reach a requirement, read it back, open a second writer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from kravtui.catalogue.db import connect
from kravtui.catalogue.records import Requirement
from kravtui.catalogue.requirements import get_requirement
from kravtui.tui.app import KravApp
from kravtui.tui.screens.requirement_form import RequirementForm
from tests.tui.helpers import cursor_uid, listed_uids, opened, settle


async def go_to(pilot: Pilot[None], uid: str) -> None:
    """Move the list's cursor onto `uid` with the keys a user would press."""
    app = pilot.app
    assert isinstance(app, KravApp)
    await settle(pilot)
    uids = listed_uids(app)
    assert uid in uids, (uid, uids)
    await pilot.press("g")
    for _ in range(uids.index(uid)):
        await pilot.press("j")
    await settle(pilot)
    assert cursor_uid(app) == uid


def stored(path: Path, uid: str) -> Requirement | None:
    """The requirement as another connection reads it from the file."""
    with opened(path) as conn:
        return get_requirement(conn, uid)


def other_connection(path: Path) -> sqlite3.Connection:
    """A second writer on the same file, as another session would be."""
    return connect(path)


async def save_title(pilot: Pilot[None], uid: str, title: str) -> RequirementForm:
    """Open `uid`'s form from the list, set its title and press ctrl+s; the form."""
    await go_to(pilot, uid)
    await pilot.press("e")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, RequirementForm)
    form.query_one("#f-title", Input).value = title
    await pilot.press("ctrl+s")
    await settle(pilot)
    return form
