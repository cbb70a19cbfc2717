"""Pilot tests of delete and restore, classifications, history and read-only mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from kravtui.application.classifications import add
from kravtui.catalogue.classification_admin import InUseError
from kravtui.catalogue.editing import save_requirement
from kravtui.catalogue.history import Action, list_revisions
from kravtui.i18n import t
from kravtui.tui.app import KravApp
from kravtui.tui.filter_state import Facet
from kravtui.tui.keys import EDIT_KEYS
from kravtui.tui.screens.classifications import ClassificationScreen
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.history import HistoryScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.prompt import PromptScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from kravtui.tui.widgets.detail_pane import DetailPane
from tests.tui.editing_helpers import go_to, other_connection, stored
from tests.tui.helpers import (
    cursor_uid,
    listed_uids,
    main_screen,
    notifications,
    opened,
    screen_text,
    settle,
    type_text,
    withdraw_all,
)

MakeApp = Callable[..., KravApp]


async def test_delete_asks_by_name_and_restore_brings_it_back(
    make_app: MakeApp, catalogue: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-1")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete SIK-1 Datakryptering i hvile?" in screen_text(app)
        await pilot.press("n")  # no: nothing happens
        await pilot.pause()
        assert "SIK-1" in listed_uids(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert "SIK-1" not in listed_uids(app)
        assert cursor_uid(app) == "SIK-2"  # the cursor stays where it was, on the next one
        assert "Deleted SIK-1" in notifications(app)
        deleted = stored(catalogue, "SIK-1")
        assert deleted is not None and deleted.content.deleted
        # the Deleted facet lists it; r restores it
        main_screen(app).toggle_facet(Facet("flag", "deleted"))
        await settle(pilot)
        assert listed_uids(app) == ["ARK-3", "SIK-1"]
        await go_to(pilot, "SIK-1")
        await pilot.press("r")
        await settle(pilot)
        assert listed_uids(app) == ["ARK-3"]
        assert "Restored SIK-1" in notifications(app)
        main_screen(app).toggle_facet(Facet("flag", "deleted"))
        await settle(pilot)
        assert "SIK-1" in listed_uids(app)
    restored = stored(catalogue, "SIK-1")
    assert restored is not None and not restored.content.deleted
    conn = other_connection(catalogue)
    try:
        actions = [r.action for r in list_revisions(conn, "SIK-1")]
    finally:
        conn.close()
    assert actions == [Action.CREATE, Action.DELETE, Action.RESTORE]


async def test_r_does_nothing_outside_the_deleted_view(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "ARK-1")
        await pilot.press("r")
        await settle(pilot)
        assert listed_uids(app)[0] == "ARK-1"
        assert not notifications(app)


async def test_a_category_rename_shows_in_the_detail_pane_and_the_facets(
    make_app: MakeApp, catalogue: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await go_to(pilot, "SIK-3")
        await pilot.press("C")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClassificationScreen)
        text = screen_text(app)
        assert "SIK   Sikkerhed" in text and "└ Kryptering" in text
        await pilot.press("e")  # the first line: category SIK
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        name = app.screen.query_one("#prompt-name", Input)
        name.value = ""
        await type_text(pilot, "IT-sikkerhed")
        for _ in range(2):  # to the description, then OK
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ClassificationScreen)
        assert "SIK   IT-sikkerhed" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert "SIK IT-sikkerhed / Adgangsstyring" in str(main_screen(app).detail_pane.text)
        facets = dict((f, n) for f, n in main_screen(app).facet_panel.named_facets())
        assert facets[Facet("category", "SIK")] == "SIK IT-sikkerhed"
        assert cursor_uid(app) == "SIK-3"


async def test_a_domain_rename_and_a_refused_delete_with_counts(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "LOG-1")
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("right")  # domains
        await pilot.pause()
        assert "[Domains]" in screen_text(app)
        assert "In use: 9 requirements, 0 selections" in screen_text(app)  # Økonomi
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # refused at once, never asked
        refused = str(InUseError("Økonomi", 9, 0))
        assert refused in notifications(app)
        assert "Økonomi" in screen_text(app)  # still there
        await pilot.press("j", "e")  # rename Social
        await pilot.pause()
        app.screen.query_one("#prompt-name", Input).value = "Socialområdet"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # LOG-1 in the detail modal (80 columns)
        await pilot.pause()
        assert "Domains: Socialområdet" in str(app.screen.query_one(DetailPane).text)


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize(
    ("moves", "entry", "used"),
    [((), "SIK", 5), (("right",), "Økonomi", 9), (("left",), "Sikkerhed og privatliv", 1)],
)
async def test_deleting_a_classification_in_use_is_refused_before_any_question(
    make_app: MakeApp,
    catalogue: Path,
    lang: str,
    size: tuple[int, int],
    moves: tuple[str, ...],
    entry: str,
    used: int,
) -> None:
    """The walk: "Slet Økonomi og finans?" was asked, and only a yes said it is in use,
    though the usage was on screen; and one not in use is still asked about."""
    with opened(catalogue) as conn:
        add(conn, "domain", "Ubrugt")
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("C", *moves)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ClassificationScreen)  # no question
        refused = str(InUseError(entry, used, 0))
        assert notifications(app) == [refused]
        await pilot.press("escape", "C", "right", "G", "d")  # the domain no one uses
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # still asked about


async def test_a_refused_name_keeps_the_dialog_open_with_the_reason(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("C", "right", "right")  # tags
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Cloud")
        for _ in range(2):  # to the question, then OK
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "⚠ 'Cloud' already exists" in screen_text(app)
        app.screen.query_one("#prompt-name", Input).value = "Mobil"
        app.screen.query_one("#prompt-extra", Input).value = "Bruges det på telefoner?"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClassificationScreen)
        assert "Bruges det på telefoner?" in screen_text(app)  # the new tag is under the cursor
        await pilot.press("K")  # moved up one place
        await pilot.pause()
        tags = [g.name for g in app.session.classifications.tags]
        assert tags == ["Persondata", "Mobil", "Cloud"]


@pytest.mark.parametrize("size", [(80, 24), (140, 40)], ids=["80x24", "140x40"])
async def test_history_shows_word_level_changes_and_restores_a_version(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    conn = other_connection(catalogue)
    try:
        from kravtui.catalogue.requirements import get_requirement

        before = get_requirement(conn, "SIK-2")
        assert before is not None
        changed = before.content.with_changes(
            title="Kryptering under al transport", importance=before.content.importance
        )
        save_requirement(conn, changed, expected_version=before.meta.version)
    finally:
        conn.close()
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await go_to(pilot, "SIK-2")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        assert "History of SIK-2" in text
        assert "#2 edited" in text and "#1 created" in text
        assert "Changes from #1 to #2" in text
        assert "Kryptering under {+al+} transport" in text
        await pilot.press("j")  # the first version
        await pilot.pause()
        assert "#1: the first version" in screen_text(app)
        await pilot.press("b", "k")  # compare the newest with #1 as a fixed base
        await pilot.pause()
        assert "◆" in screen_text(app)
        await pilot.press("j", "r")  # restore #1
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert "#3 restored" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    restored = stored(catalogue, "SIK-2")
    assert restored is not None
    assert restored.content.title == "Kryptering under transport"
    assert restored.meta.version == 3


async def test_read_only_hides_and_refuses_every_edit(make_app: MakeApp, catalogue: Path) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await go_to(pilot, "SIK-1")
        footer = screen_text(app).splitlines()[-1]
        assert "Edit" not in footer and "New" not in footer
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for spec in EDIT_KEYS:
            shown = t(spec.description_key) in titles
            assert shown == (spec.id in {"history", "classifications"}), spec.id
        for key in ("n", "e", "c", "d"):
            await withdraw_all(pilot)
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key
            assert notifications(app) == [t("tui.edit.read_only")], key
        await pilot.press("n", "e")
        await pilot.pause()
        assert notifications(app) == [t("tui.edit.read_only")]  # said once, not stacked
        await pilot.press("h")  # reading the history is fine; restoring is not
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await withdraw_all(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert notifications(app) == [t("tui.edit.read_only")]
        await withdraw_all(pilot)
        await pilot.press("escape", "C", "n")
        await pilot.pause()
        assert isinstance(app.screen, ClassificationScreen)
        assert notifications(app) == [t("tui.edit.read_only")]
        listing = app.screen.query_one(OptionList)
        assert listing.option_count > 0
    saved = stored(catalogue, "SIK-1")
    assert saved is not None and saved.meta.version == 1


async def test_editing_keys_are_in_the_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for spec in EDIT_KEYS:
            assert t(spec.description_key) in titles, spec.id
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, RequirementForm)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Save", "Cancel", "Edit text in $EDITOR"} <= titles


async def test_the_detail_modal_hands_edit_delete_and_history_to_the_list(
    make_app: MakeApp, catalogue: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:  # the detail is a modal at this size
        await go_to(pilot, "LOG-1")
        for key, expected in (("e", RequirementForm), ("h", HistoryScreen), ("d", ConfirmScreen)):
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, DetailScreen)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, expected), (key, app.screen)
            if key == "d":
                assert "LOG-1" in screen_text(app)  # the question names the requirement
            await pilot.press("escape")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert cursor_uid(app) == "LOG-1"
    kept = stored(catalogue, "LOG-1")  # Esc answered the delete question with no
    assert kept is not None and not kept.content.deleted
