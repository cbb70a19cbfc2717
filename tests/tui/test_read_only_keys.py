"""Read-only (`--read-only`): no footer and no palette offers a key that would write, and a
writing key pressed anyway is refused in one line in the user's language.

The walk found `a` then `y` showing sqlite's raw "attempt to write a readonly database" in
English inside the Danish UI, with y, n, u and a still in the footer; and `␣ Vælg` on the main
screen, `n`, `c`, `d` on the selections, `␣`, `p`, `e` in the selection, `e`, `␣` in the detail
modal and "Ny kravspecifikation…" in the palette, all refused when used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kravtui.i18n import t
from kravtui.selection.store import get_selection
from kravtui.tui.app import KravApp
from kravtui.tui.keys import (
    DRIFT_KEYS,
    EDIT_KEYS,
    ITEM_KEYS,
    QUESTIONNAIRE_KEYS,
    SELECTION_KEYS,
    SELECTIONS_KEYS,
)
from kravtui.tui.read_only import WRITING
from kravtui.tui.screens.questionnaire import QuestionnaireScreen
from tests.tui.helpers import notifications, opened, screen_text, settle
from tests.tui.selection_helpers import edit_catalogue, make_selection, press
from tests.tui.test_footer_keys import footer_labels

MakeApp = Callable[..., KravApp]

# (keys from the main screen, writing keys the footer used to show, reading keys it must keep)
SCREENS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "main": ((), ("␣",), ("/", "a", "v", "x", "s")),
    "detail": (("enter",), ("e", "␣"), ("esc",)),
    "selections": (("s",), ("n", "c", "d"), ("⏎", "esc")),
    "selection-items": (("v",), ("␣", "p", "e", "n", "d"), ("w", "x", "esc")),
    "questionnaire": (("a",), ("y", "n", "u", "a", "⏎"), ("␣", "esc")),
    "drift": (("v", "w"), ("t", "s"), ("esc",)),
}


def _prepared(catalogue: Path) -> int:
    selection_id = make_selection(catalogue, ticked=["SIK-1", "ARK-1"])
    edit_catalogue(catalogue, "SIK-1", title="Datakryptering i hvile, skærpet")  # drift
    return selection_id


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (160, 40)], ids=["80x24", "160x40"])
@pytest.mark.parametrize("name", list(SCREENS))
async def test_read_only_footers_offer_no_writing_key(
    make_app: MakeApp, catalogue: Path, lang: str, size: tuple[int, int], name: str
) -> None:
    _prepared(catalogue)
    keys, writing, reading = SCREENS[name]
    if name == "detail" and size[0] >= 110:
        keys = ()  # wide, the detail is a pane beside the list, with the list's keys
    app = make_app(lang, read_only=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, *keys)
        shown = [key for key, _ in footer_labels(app)]
        assert not [key for key in writing if key in shown], (name, footer_labels(app))
        if size[0] == 80:
            assert not [key for key in reading if key not in shown], (name, footer_labels(app))


@pytest.mark.parametrize("lang", ["da", "en"])
async def test_answering_the_questionnaire_read_only_is_refused_in_the_users_language(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    selection_id = _prepared(catalogue)
    app = make_app(lang, read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, QuestionnaireScreen)
        for key in ("y", "n", "u", "enter", "a"):
            await press(pilot, key)
        said = notifications(app)
        assert said == [t("cli.read_only")] * 5, said
        assert "readonly" not in screen_text(app)
    with opened(catalogue) as conn:
        assert get_selection(conn, selection_id).answers == {}


async def test_read_only_palettes_offer_no_writing_action(
    make_app: MakeApp, catalogue: Path
) -> None:
    _prepared(catalogue)
    app = make_app("da", read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screens = {
            (): (*SELECTION_KEYS, *EDIT_KEYS),
            ("s",): SELECTIONS_KEYS,
            ("escape", "v"): ITEM_KEYS,
            ("w",): DRIFT_KEYS,
            ("escape", "escape", "a"): QUESTIONNAIRE_KEYS,
        }
        for keys, specs in screens.items():
            await press(pilot, *keys)
            titles = {command.title for command in app.get_system_commands(app.screen)}
            offered = {spec.id for spec in specs if t(spec.description_key) in titles}
            assert offered, keys
            assert not offered & WRITING, (keys, offered & WRITING)
            if keys == ():
                assert t("tui.cmd.new_selection") not in titles
                assert t("tui.cmd.final_selection") not in titles
