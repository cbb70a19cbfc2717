"""Fixtures for the TUI tests: a small fixed catalogue, settings in a temporary folder, an app.

The catalogue's timestamps and authors are fixed after writing, so snapshots do not change
from one run to the next; settings, local time and language are set for every test in
tests/conftest.py.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.records import (
    Category,
    Classifications,
    Domain,
    Principle,
    RequirementContent,
    Tag,
)
from kravtui.catalogue.requirements import write_contents
from kravtui.catalogue.vocabulary import Importance
from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.tui.app import KravApp, create_app

CLASSIFICATIONS = Classifications(
    categories=(
        Category("SIK", "Sikkerhed", "", ("Kryptering", "Adgangsstyring")),
        Category("LOG", "Logning", "", ("Sikkerhedslog",)),
        Category("ARK", "Arkivering", "", ()),
    ),
    domains=(Domain("Økonomi"), Domain("Social")),
    tags=(Tag("Persondata", "Behandler systemet persondata?"), Tag("Cloud", "Kører det i skyen?")),
    principles=(Principle("Sikkerhed og privatliv", "FDA 5"),),
)

A, H, N, OPT = Importance.ABSOLUTE, Importance.HIGH, Importance.NORMAL, Importance.OPTIONAL


def _req(
    uid: str, title: str, importance: Importance, sub: str = "", **extra: object
) -> RequirementContent:
    category = uid.split("-")[0]
    values: dict[str, object] = {
        "description": f"Leverandøren skal sikre, at {title.lower()} er opfyldt.",
        "domains": ("Økonomi",),
    }
    values.update(extra)
    return RequirementContent(
        uid=uid,
        title=title,
        importance=importance,
        category=category,
        subcategory=sub,
        **values,  # type: ignore[arg-type]
    )


REQUIREMENTS: tuple[RequirementContent, ...] = (
    _req(
        "SIK-1",
        "Datakryptering i hvile",
        A,
        "Kryptering",
        rationale="Data på diske skal være ulæselige for uvedkommende.",
        help_text="Angiv algoritme og nøglelængde.",
        notes="Interne noter: tjek FIPS.",
        tags=("Persondata",),
        principles=("Sikkerhed og privatliv",),
        favourite=True,
    ),
    _req("SIK-2", "Kryptering under transport", H, "Kryptering", tags=("Cloud",)),
    _req("SIK-3", "Tofaktorlogin for administratorer", A, "Adgangsstyring"),
    _req("SIK-4", "Roller og rettigheder [bilag 3]", N, "Adgangsstyring"),
    _req("SIK-5", "Adgangslog [/x] skal kunne eksporteres", OPT, "", all_domains=True, domains=()),
    _req("LOG-1", "Sikkerhedslog gemmes i 5 år", H, "Sikkerhedslog", domains=("Social",)),
    _req("LOG-2", "Logning af opslag i persondata", N, "Sikkerhedslog", tags=("Persondata",)),
    _req("LOG-3", "Tidsstempler i UTC", OPT, "", info_requirement=True),
    _req("ARK-1", "Aflevering til arkiv efter arkivloven", N),
    _req("ARK-2", "Bevaring af dokumenter i arkivformat", H),
    _req("ARK-3", "Gammelt krav om disketter", OPT, deleted=True),
)

FIXED_AT = "2024-05-01T12:00:00Z"

RunBefore = Callable[[Pilot[Any]], Awaitable[None] | None]


def build_catalogue(
    path: Path, requirements: tuple[RequirementContent, ...] = REQUIREMENTS
) -> Path:
    """A catalogue file with the fixed classifications and requirements."""
    conn = create_catalogue(path)
    try:
        with transaction(conn):
            merge_classifications(conn, CLASSIFICATIONS)
            write_contents(conn, requirements, author="redaktør")
            conn.execute(
                "UPDATE requirement SET created_at = ?, updated_at = ?, "
                "created_by = 'redaktør', updated_by = 'redaktør'",
                (FIXED_AT, FIXED_AT),
            )
    finally:
        conn.close()
    return path


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    return build_catalogue(tmp_path / "catalogue.db")


@pytest.fixture
def make_app(catalogue: Path) -> Callable[..., KravApp]:
    def factory(
        language: str = "en", *, read_only: bool = False, settings: Settings | None = None
    ) -> KravApp:
        set_language(language)
        return create_app(catalogue, read_only=read_only, settings=settings or Settings())

    return factory


async def steady_cursors(pilot: Pilot[Any]) -> None:
    """Stop every text cursor on the screen blinking: a blinking cursor is shown or hidden
    depending on how long the test took, so a snapshot would differ only by the machine's load.
    A cursor that stops blinking stays visible where the widget has the focus."""
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, Input | TextArea)
        widget.cursor_blink = False
    await pilot.pause()


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's `snap_compare`, with the cursors steady after `run_before`."""

    def compare(app: KravApp, *args: Any, run_before: RunBefore | None = None, **kw: Any) -> bool:
        async def then_steady(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await steady_cursors(pilot)

        return snap_compare(app, *args, run_before=then_steady, **kw)

    return compare
