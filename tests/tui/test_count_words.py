"""A count and its noun agree: "1 selection", "2 selections"; "1 kravspecifikation", "2
kravspecifikationer".

The walk found the Classifications screen saying "In use: 14 requirements, 1 selections"; the
message catalogue had the same mistake in a dozen more places (the CLI's list count and export
line, the import summaries, the DOCX reading guide's "1 chapters", the delete questions).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from kravtui.i18n import LANGUAGES, t_count
from kravtui.tui.app import KravApp
from kravtui.tui.screens.classifications import ClassificationScreen
from tests.tui.helpers import notifications, screen_text, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]

USAGE = {
    "en": ("In use: 9 requirements, 1 selection", "In use: 1 requirement, 0 selections"),
    "da": ("I brug: 9 krav, 1 kravspecifikation", "I brug: 1 krav, 0 kravspecifikationer"),
}
REFUSED = {
    "en": "Sikkerhed og privatliv is used by 1 requirement and 0 selections; it cannot be deleted",
    "da": "Sikkerhed og privatliv bruges af 1 krav og 0 kravspecifikationer og kan ikke slettes",
}


@pytest.mark.parametrize("lang", ["da", "en"])
async def test_the_classifications_say_one_selection_and_one_requirement(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    make_selection(catalogue, "Udbud 2025", ["SIK-1"], domains=("Økonomi",))
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "C", "right")  # the domains: Økonomi first
        assert isinstance(app.screen, ClassificationScreen)
        assert USAGE[lang][0] in screen_text(app)
        await press(pilot, "left", "left")  # the principles: Sikkerhed og privatliv
        assert USAGE[lang][1] in screen_text(app)
        await press(pilot, "d")
        assert notifications(app) == [REFUSED[lang]]


COUNTED = {
    "count",
    "n",
    "total",
    "shown",
    "ticked",
    "new",
    "matched",
    "items",
    "answered",
    "refused",
    "requirements",
    "selections",
    "chapters",
    "rows",
}
"""Placeholders that hold a count (or a count with its noun): 1 in the scan below; any other
placeholder is a word."""

ONE_THING = {
    "en": r"requirements|selections|rows|chapters|items|vendors|files|columns|fields|versions",
    "da": r"kravspecifikationer|rækker|kapitler|leverandører|filer|kolonner|felter|versioner",
}
BEFORE_NOUN = {"en": r"(?:ticked |changed |refused |new )?", "da": r"(?:valgte |ændrede )?"}

ONLY_MANY = {
    "docx.pages.too_long": "said only of a document too long to lay out (thousands)",
}


class _Filled(dict[str, str]):
    def __missing__(self, name: str) -> str:
        return "1" if name in COUNTED else "X"


def _as_one(template: str) -> str:
    return string.Formatter().vformat(template, (), _Filled())


@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_message_says_one_with_a_plural_noun(lang: str) -> None:
    messages: Mapping[str, str] = LANGUAGES[lang]
    wrong = re.compile(rf"\b1 {BEFORE_NOUN[lang]}(?:{ONE_THING[lang]})\b")
    said = {
        key: _as_one(template)
        for key, template in messages.items()
        if not key.endswith((".other", ".none")) and key not in ONLY_MANY
    }
    assert {key: text for key, text in said.items() if wrong.search(text)} == {}


@pytest.mark.parametrize(
    ("key", "lang", "one", "two"),
    [
        ("count.selections", "da", "1 kravspecifikation", "2 kravspecifikationer"),
        ("count.selections", "en", "1 selection", "2 selections"),
        ("count.chapters", "da", "1 kapitel", "2 kapitler"),
        ("count.rows", "da", "1 række", "2 rækker"),
        ("cli.count", "en", "1 requirement", "2 requirements"),
        ("cli.count", "da", "1 krav", "2 krav"),
    ],
)
def test_a_count_and_its_noun(key: str, lang: str, one: str, two: str) -> None:
    assert (t_count(key, 1, lang), t_count(key, 2, lang)) == (one, two)
