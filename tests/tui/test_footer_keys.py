"""Every screen's footer at 80x24 (and 120x40), in Danish and English: each label shown is whole
(never cut at the terminal's edge), the keys of the screen's task are there, and help (`?`, or
`f1` where `?` is text) is always there. Footers used to run past the edge mid-word
(`a Vælg de ▏`) and left `a`, `v` and `x` out of the main screen; then, ranked on one line,
they left out `q` and `^p` for every role and `n` and `e` for an editor in Danish: where one
line is too short for every key, the footer takes a second."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer

from kravtui.answers.sent import sent_selection
from kravtui.answers.store import import_answers
from kravtui.catalogue.editing import set_deleted
from kravtui.i18n import t
from kravtui.selection.items import untick
from kravtui.selection.proposals import apply_questionnaire
from kravtui.selection.records import Answer
from kravtui.selection.store import set_answers
from kravtui.tui.app import KravApp
from kravtui.tui.editing_controller import DELETED
from kravtui.tui.screens.classifications import ClassificationScreen
from kravtui.tui.screens.drift import DriftScreen
from kravtui.tui.screens.prompt import PromptScreen
from kravtui.tui.textual_internals import FooterKey
from kravtui.tui.widgets.key_footer import KeyFooter
from tests.answers_helpers import returned_file
from tests.tui.helpers import (
    main_screen,
    notifications,
    opened,
    screen_text,
    settle,
    type_text,
)
from tests.tui.selection_helpers import edit_catalogue, make_selection, press

MakeApp = Callable[..., KravApp]

# The keys each screen's task needs, as the footer shows them; "?" is checked on every screen
# but the help screen, as "f1" where a text field has the focus.
SCREENS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (keys pressed from the main screen, task keys)
    "main": ((), ("⏎", "/", "␣", "a", "v", "x", "s", "n", "e", "^p", "q")),
    "main-filtered": (("t",), ("⏎", "/", "esc", "␣", "a", "v", "x", "s", "n", "e", "^p", "q")),
    "filter-bar": (("slash",), ("esc",)),
    "filter-bar-text": (("slash", "k", "r", "y", "p", "t"), ("esc",)),
    "detail": (("enter",), ("␣", "e", "esc")),
    "questionnaire": (("a",), ("y", "n", "u", "␣", "a", "esc")),
    "retick": (("a", "a"), ("␣", "a", "esc")),
    "selection-items": (("v",), ("␣", "p", "e", "w", "x", "esc")),
    "priority-choice": (("v", "p"), ("⏎", "esc")),
    "drift": (("v", "w"), ("t", "s", "esc")),
    "selections": (("s",), ("⏎", "n", "esc")),
    "selection-form": (("s", "e"), ("^s", "esc")),
    "item-form": (("v", "e"), ("^s", "esc")),
    "classifications": (("C",), ("n", "e", "d", "esc")),
    "history": (("h",), ("b", "esc")),
    "requirement-form": (("e",), ("^s", "esc")),
    "new-requirement": (("n",), ("^s", "esc")),
    "export": (("x",), ("^s", "esc")),
    "help": (("question_mark",), ("esc",)),
    "answers": (("b",), ("←→", "s", "c", "f", "x", "esc")),
    "answer-status": (("b", "s"), ("⏎", "esc")),
    "answer-comment": (("b", "c"), ("^s", "esc")),
    "answer-import": (("b", "i"), ("^s", "esc")),
    "answer-report": (("b", "x"), ("^s", "^t", "esc")),
    # dialogs show their own keys, not those of the screen beneath
    "confirm": (("d",), ("y", "n")),
    "selections-confirm": (("s", "d"), ("y", "n")),
    "class-prompt": (("C", "n"), ("⏎", "esc")),
    "class-categories": (("C",), ("n", "N", "e", "d", "K/J", "esc")),
    "class-domains": (("C", "right"), ("n", "e", "d", "K/J", "esc")),
    "class-tags": (("C", "right", "right"), ("n", "e", "d", "K/J", "esc")),
    "class-principles": (("C", "left"), ("n", "e", "d", "K/J", "esc")),
}
# Keys a footer must not show: those of the screen beneath a dialog, and those refused here.
NOT_SHOWN: dict[str, tuple[str, ...]] = {
    "confirm": ("/", "␣", "a", "v", "x", "s"),
    "selections-confirm": ("⏎", "c"),
    "class-prompt": ("n", "N", "e", "d", "K/J"),
    "class-domains": ("N",),
    "class-tags": ("N",),
    "class-principles": ("N",),
}
# Keys a footer may leave out at 80 columns: where two lines cannot hold every key, the least
# wanted (the Besvarelser screen's single status keys, import and the winner). Every other
# footer shows every key it offers.
LEFT_OUT_AT_80: dict[str, tuple[str, ...]] = {"answers": ("a", "r", "u", "m", "0", "i", "W")}
TEXT_FIELD_SCREENS = {
    "filter-bar",
    "filter-bar-text",
    "selection-form",
    "item-form",
    "requirement-form",
    "new-requirement",
    "export",
    "answer-comment",
    "answer-import",
    "answer-report",
    "class-prompt",
}


def _prepared(catalogue: Path) -> None:
    """A current selection from the questionnaire (SIK-1, LOG-2), LOG-2 unticked by hand (so
    applying again shows the re-tick step), and SIK-1 changed in the catalogue since (drift)."""
    selection_id = make_selection(catalogue, domains=("Økonomi",))
    with opened(catalogue) as conn:
        set_answers(conn, selection_id, {"Persondata": Answer.YES})
        apply_questionnaire(conn, selection_id)
        untick(conn, selection_id, ["LOG-2"])
        sent = sent_selection(conn, selection_id)
        import_answers(
            conn, selection_id, "Alfa A/S", returned_file(sent, {"SIK-1": ("Ja", "", "")})
        )
    edit_catalogue(catalogue, "SIK-1", title="Datakryptering i hvile, skærpet")


def footer_labels(app: KravApp) -> list[tuple[str, str]]:
    """(key, description) of every label in the footer, after checking that each is drawn
    whole: inside the terminal and spelt out on its line of the footer."""
    footer = app.screen.query_one(Footer)
    lines = screen_text(app).splitlines()
    labels = []
    for key in footer.query(FooterKey):
        label = f"{key.key_display} {key.description}".strip()
        assert footer.region.y <= key.region.y < footer.region.bottom, (label, key.region)
        line = lines[key.region.y]
        assert key.region.right <= app.size.width, (label, key.region, line)
        assert key.region.width >= len(label), (label, key.region)
        assert label in line, (label, line)
        labels.append((key.key_display, key.description))
    return labels


async def _open(pilot: Pilot[None], keys: tuple[str, ...]) -> None:
    await settle(pilot)
    for key in keys:
        await press(pilot, key)
    await pilot.pause(0.05)
    await settle(pilot)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", list(SCREENS))
async def test_each_footer_shows_the_task_keys_whole_at_80_columns(
    make_app: MakeApp, catalogue: Path, lang: str, name: str
) -> None:
    _prepared(catalogue)
    keys, task = SCREENS[name]
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, keys)
        shown = [key for key, _ in footer_labels(app)]
        help_key = "f1" if name in TEXT_FIELD_SCREENS else "?"
        expected = task if name == "help" else (*task, help_key)
        missing = [key for key in expected if key not in shown]
        assert not missing, (name, lang, missing, footer_labels(app))
        if name != "help":
            assert shown[-1] == help_key  # always at the right
        wrong = [key for key in NOT_SHOWN.get(name, ()) if key in shown]
        assert not wrong, (name, lang, wrong, footer_labels(app))
        offered = [
            app.get_key_display(b) for b, _, _ in app.screen.query_one(KeyFooter).candidates()
        ]
        left_out = [key for key in offered if key not in shown]
        assert set(left_out) <= set(LEFT_OUT_AT_80.get(name, ())), (name, lang, left_out)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", ["main", "questionnaire", "selection-items", "history", "answers"])
async def test_at_120_columns_footers_are_whole_and_show_more(
    make_app: MakeApp, catalogue: Path, lang: str, name: str
) -> None:
    _prepared(catalogue)
    keys, task = SCREENS[name]
    app = make_app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, keys)
        wide = [key for key, _ in footer_labels(app)]
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.05)
        await settle(pilot)
        narrow = [key for key, _ in footer_labels(app)]
        assert set(narrow) <= set(wide)
        assert {*task, "?"} <= set(narrow)
        if name == "main":
            assert {"n", "e", "⏎"} <= set(wide)  # room for the editor's keys too


# The main screen's task by role: the officer's keys, the editor's, the palette, quit and help.
OFFICER_KEYS = ("⏎", "/", "␣", "a", "v", "x", "s", "^p", "q", "?")
ROLE_KEYS: dict[str, tuple[str, ...]] = {
    "editor": (*OFFICER_KEYS, "n", "e"),
    "officer": OFFICER_KEYS,  # a database role that may work on selections, not requirements
    "read-only": tuple(key for key in OFFICER_KEYS if key != "␣"),
}
ROLE_LEAVES_OUT: dict[str, tuple[str, ...]] = {
    "editor": (),
    "officer": ("n", "e"),
    "read-only": ("n", "e", "␣"),
}


def _app_as(make_app: MakeApp, role: str, lang: str) -> KravApp:
    app = make_app(lang, read_only=role == "read-only")
    if role == "officer":  # as an officer's PostgreSQL role opens it (tests/tui/test_postgres_*)
        app.session.editing_refused = "the role may not change requirements"
    return app


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("role", list(ROLE_KEYS))
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
async def test_the_main_footer_shows_every_key_of_the_task_for_every_role(
    make_app: MakeApp, catalogue: Path, lang: str, role: str, size: tuple[int, int], filtered: bool
) -> None:
    """The walk at 80x24: `q` and `^p` were left out for every role, and `n` and `e` for an
    editor in Danish. Every key is drawn whole, on a second line only where one is too short,
    and the list keeps its rows."""
    _prepared(catalogue)  # a current selection: `t` shows only the ticked
    app = _app_as(make_app, role, lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if filtered:
            await press(pilot, "t")  # ticked only: Esc takes it off
        drawn = dict(footer_labels(app))
        expected = (*ROLE_KEYS[role], *(("esc",) if filtered else ()))
        missing = [key for key in expected if key not in drawn]
        assert not missing, (role, lang, size, missing, drawn)
        assert not [key for key in ROLE_LEAVES_OUT[role] if key in drawn], drawn
        assert list(drawn)[-1] == "?"
        footer = app.screen.query_one(KeyFooter)
        lines = screen_text(app).splitlines()[footer.region.y : footer.region.bottom]
        for key, description in drawn.items():
            assert any(f"{key} {description}" in line for line in lines), (key, lines)
        if size == (80, 24):
            assert footer.region.height == 2
            assert main_screen(app).requirement_list.size.height >= 19  # 24 - 2 - status - filter
        else:
            assert footer.region.height == 1  # one line holds them all at 120 columns


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_deleted_view_footer_offers_restore_not_tick(
    make_app: MakeApp, catalogue: Path, lang: str, size: tuple[int, int]
) -> None:
    """The walk: `r Gendan` was left out at 80 columns, behind `␣ Vælg`, which ticks nothing
    there."""
    _prepared(catalogue)
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        main_screen(app).toggle_facet(DELETED)
        await settle(pilot)
        shown = [key for key, _ in footer_labels(app)]
        assert {"r", "/", "esc", "?"} <= set(shown), footer_labels(app)
        assert "␣" not in shown
        main_screen(app).toggle_facet(DELETED)  # out of the Deleted view: as before
        await settle(pilot)
        shown = [key for key, _ in footer_labels(app)]
        assert "␣" in shown and "r" not in shown


@pytest.mark.parametrize("lang", ["da", "en"])
async def test_the_prompt_footer_says_what_enter_does_in_each_field(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    """Adding a category asks prefix, name and description: Enter goes on to the next field
    (and the footer says so), and in the last one Enter saves (and the footer says that)."""
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "C", "n")
        assert isinstance(app.screen, PromptScreen)
        labels = dict(footer_labels(app))
        assert labels["⏎"] == t("tui.key.short.next_field")
        await type_text(pilot, "NYK")
        await press(pilot, "enter")
        await type_text(pilot, "Ny kategori")
        await press(pilot, "enter")
        assert dict(footer_labels(app))["⏎"] == t("tui.prompt.ok")  # the last field
        await press(pilot, "enter")
        assert isinstance(app.screen, ClassificationScreen)
        assert app.session.classifications.category("NYK") is not None


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_drift_view_offers_take_only_where_the_catalogue_has_a_text(
    make_app: MakeApp, catalogue: Path, lang: str, size: tuple[int, int]
) -> None:
    """The walk: for a requirement deleted in the catalogue the footer offered `t Hent
    katalogets tekst`, which was then refused."""
    make_selection(catalogue, ticked=["SIK-1", "LOG-2"])
    edit_catalogue(catalogue, "SIK-1", title="Datakryptering i hvile, skærpet")
    with opened(catalogue) as conn:
        set_deleted(conn, "LOG-2", True)
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "v", "w")
        assert isinstance(app.screen, DriftScreen)
        assert app.screen.uids == ["SIK-1", "LOG-2"]
        assert "t" in [key for key, _ in footer_labels(app)]  # SIK-1: changed
        await press(pilot, "right")  # LOG-2: deleted in the catalogue
        shown = [key for key, _ in footer_labels(app)]
        assert "t" not in shown and {"s", "esc"} <= set(shown), footer_labels(app)
        await press(pilot, "t")  # still says why
        assert t("tui.drift.cannot_take") in notifications(app)
        await press(pilot, "left")
        assert "t" in [key for key, _ in footer_labels(app)]


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("name", ["export", "confirm"])
async def test_a_dialog_footer_covers_the_two_lines_beneath_it(
    make_app: MakeApp, catalogue: Path, lang: str, name: str
) -> None:
    """A dialog's one line of keys stood under the main screen's first line of keys, as if
    those were the dialog's too: its footer is as high, with an empty line above its keys."""
    _prepared(catalogue)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, SCREENS[name][0])
        footer = app.screen.query_one(KeyFooter)
        lines = screen_text(app).splitlines()[footer.region.y : footer.region.bottom]
        assert len(lines) == 2 and not lines[0].strip(), lines
        assert all(key in lines[1] for key, _ in footer_labels(app))
