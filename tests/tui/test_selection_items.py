"""Pilot tests of the selection screen (`v`), the drift view and the export dialog (`x`):
priority, edit, free text, remove with confirmation, drift take/keep, final, DOCX and TOML."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import Input, Label, ProgressBar, Select

from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.selection.items import get_item, list_items, unticked_uids
from kravtui.selection.store import get_selection, list_selections
from kravtui.tui.app import KravApp
from kravtui.tui.keys import (
    DRIFT_KEYS,
    EXPORT_DIALOG_KEYS,
    ITEM_KEYS,
    QUESTIONNAIRE_KEYS,
    SELECTION_KEYS,
    SELECTIONS_KEYS,
    KeySpec,
)
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.drift import DriftScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.item_form import ItemFormScreen
from kravtui.tui.screens.selection_dialogs import ChoiceScreen
from kravtui.tui.screens.selection_items import SelectionItemsScreen
from kravtui.tui.screens.selections import SelectionsScreen
from tests.tui.helpers import notifications, opened, screen_text, settle, type_text, wait_until
from tests.tui.selection_helpers import edit_catalogue, make_selection, press

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (140, 45)]


async def _open_items(pilot: object, app: KravApp) -> SelectionItemsScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "v")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SelectionItemsScreen)
    return screen


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_items_are_grouped_and_say_why(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    make_selection(catalogue, ticked=["ARK-1", "SIK-2", "SIK-1"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await _open_items(pilot, app)
        text = screen_text(app)
        lines = [line.strip().lstrip("› ") for line in text.splitlines()]

        def row(start: str) -> int:
            return next(i for i, line in enumerate(lines) if line.startswith(start))

        assert row("SIK Sikkerhed") < row("Kryptering") < row("SIK-1") < row("ARK Arkivering")
        assert screen.current_uid == "SIK-1"
        assert "Why: ticked by hand" in text


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_change_priority_edit_text_and_add_free_text(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    selection_id = make_selection(catalogue, ticked=["SIK-2"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await _open_items(pilot, app)
        await press(pilot, "p")
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "j", "enter")  # Important -> Normal
        assert "SIK-2 Normal" in screen_text(app)
        await press(pilot, "e")
        assert isinstance(app.screen, ItemFormScreen)
        app.screen.query_one("#item-title", Input).value = "Kryptering under transport (TLS 1.3)"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SelectionItemsScreen)
        assert "✎  SIK-2" in screen_text(app)
        await press(pilot, "n")
        await type_text(pilot, "Egen fritekst")
        await press(pilot, "ctrl+s")
        assert "+ FRI-001" in screen_text(app)
    with opened(catalogue) as conn:
        item = get_item(conn, selection_id, "SIK-2")
        assert item.edited and item.snapshot.importance is Importance.NORMAL
        assert item.snapshot.subcategory == "Kryptering"  # the form keeps it
        assert item.snapshot.title == "Kryptering under transport (TLS 1.3)"
        catalogue_entry = get_requirement(conn, "SIK-2")
        assert catalogue_entry is not None
        assert catalogue_entry.content.title == "Kryptering under transport"  # untouched
        free = get_item(conn, selection_id, "FRI-001")
        assert free.is_free_text and free.snapshot.category == "SIK"


async def test_priority_is_refused_when_it_is_off(make_app: MakeApp, catalogue: Path) -> None:
    make_selection(catalogue, ticked=["SIK-2"], priority=False)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_items(pilot, app)
        assert "priority not shown" in screen_text(app)
        await press(pilot, "p")
        assert isinstance(app.screen, SelectionItemsScreen)
        assert any("priority is switched off" in m for m in notifications(app))


async def test_removing_a_minimum_requirement_asks_first(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = make_selection(catalogue, ticked=["SIK-1", "SIK-4"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_items(pilot, app)
        assert screen.current_uid == "SIK-1"
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "minimum requirement" in screen_text(app)
        await press(pilot, "n")
        assert screen.current_uid == "SIK-1"
        await press(pilot, "d", "y")
        assert screen.current_uid == "SIK-4"
        await press(pilot, "d")  # a Normal one goes without asking
        assert isinstance(app.screen, SelectionItemsScreen)
        assert "Nothing ticked yet" in screen_text(app)
    with opened(catalogue) as conn:
        assert list_items(conn, selection_id) == []
        # remembered as removed by hand, so re-applying the questionnaire leaves them out
        assert unticked_uids(conn, selection_id) == {"SIK-1", "SIK-4"}


async def test_drift_view_takes_the_catalogue_or_keeps_the_snapshot(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = make_selection(catalogue, ticked=["SIK-2", "LOG-1"])
    edit_catalogue(catalogue, "SIK-2", description="Al trafik skal krypteres med TLS 1.3.")
    edit_catalogue(catalogue, "LOG-1", title="Sikkerhedslog gemmes i 10 år")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_items(pilot, app)
        text = screen_text(app)
        assert "2 changed in the catalogue (w)" in text
        assert "⚠ SIK-2" in text and "⚠ LOG-1" in text
        await press(pilot, "w")
        assert isinstance(app.screen, DriftScreen)
        text = screen_text(app)
        assert "1 of 2, SIK-2" in text
        assert "[-" in text and "{+" in text and "TLS" in text
        await press(pilot, "t")  # take the catalogue's text for SIK-2
        assert "1 of 1, LOG-1" in screen_text(app)
        assert "[-5-]" in screen_text(app) and "{+10+}" in screen_text(app)
        await press(pilot, "s")  # keep the snapshot of LOG-1; nothing left, the view closes
        assert isinstance(app.screen, SelectionItemsScreen)
        assert "changed in the catalogue (w)" not in screen_text(app)
    with opened(catalogue) as conn:
        taken = get_item(conn, selection_id, "SIK-2")
        assert taken.snapshot.description == "Al trafik skal krypteres med TLS 1.3."
        kept = get_item(conn, selection_id, "LOG-1")
        assert kept.snapshot.title == "Sikkerhedslog gemmes i 5 år" and not kept.drifted


async def test_take_all_asks_with_the_count(make_app: MakeApp, catalogue: Path) -> None:
    selection_id = make_selection(catalogue, ticked=["SIK-2", "LOG-1"])
    edit_catalogue(catalogue, "SIK-2", title="Ny titel")
    edit_catalogue(catalogue, "LOG-1", title="Ny titel to")
    app = make_app()
    async with app.run_test(size=(140, 45)) as pilot:
        await _open_items(pilot, app)
        await press(pilot, "w", "T")
        assert "all 2 changed items" in screen_text(app)
        await press(pilot, "y")
        assert isinstance(app.screen, SelectionItemsScreen)
    with opened(catalogue) as conn:
        titles = {item.uid: item.snapshot.title for item in list_items(conn, selection_id)}
        assert titles == {"SIK-2": "Ny titel", "LOG-1": "Ny titel to"}


async def test_final_shows_read_only_and_offers_duplicate(
    make_app: MakeApp, catalogue: Path
) -> None:
    selection_id = make_selection(catalogue, ticked=["SIK-2"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_items(pilot, app)
        await press(pilot, "F")
        assert "cannot be changed" in screen_text(app)
        await press(pilot, "y")
        assert "Final, read-only: c copies it into a new draft" in screen_text(app)
        await press(pilot, "p")
        await press(pilot, "space")
        assert isinstance(app.screen, SelectionItemsScreen)
        assert sum("is final and cannot be changed" in m for m in notifications(app)) == 2
        await press(pilot, "c")  # duplicate into a new draft, which becomes current
        assert "Copy of Udbud 2025  [draft]" in screen_text(app)
    with opened(catalogue) as conn:
        assert get_selection(conn, selection_id).is_final
        assert [s.status.value for s in list_selections(conn)] == ["draft", "final"]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_export_dialog_writes_docx_and_toml(
    make_app: MakeApp, catalogue: Path, user_folders: Path, size: tuple[int, int]
) -> None:
    make_selection(catalogue, ticked=["SIK-1", "ARK-1"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        assert isinstance(app.screen, ExportScreen)
        assert "Udbud-2025.docx" in screen_text(app)
        await press(pilot, "ctrl+s")
        await _wait_closed(pilot, app)
        docx_path = user_folders / "Udbud-2025.docx"
        assert any(str(docx_path) in m for m in notifications(app))
        await press(pilot, "x")
        app.screen.query_one("#export-format", Select).value = "toml"
        await settle(pilot)
        toml_path = user_folders / "Udbud-2025.toml"
        assert app.screen.query_one("#export-path", Input).value == str(toml_path)
        await press(pilot, "ctrl+s")
        await _wait_closed(pilot, app)
    import docx

    document = docx.Document(str(docx_path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert any("SIK-1" in text for text in texts) and any("ARK-1" in text for text in texts)
    data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    assert data["kind"] == "selection" and sorted(data["item"]) == ["ARK-1", "SIK-1"]


async def _wait_closed(pilot: object, app: KravApp) -> None:
    for _ in range(200):
        await settle(pilot)  # type: ignore[arg-type]
        if not isinstance(app.screen, ExportScreen):
            return
    raise AssertionError(screen_text(app))


async def test_every_selection_action_is_in_the_palette(make_app: MakeApp, catalogue: Path) -> None:
    make_selection(catalogue, ticked=["SIK-2"])
    edit_catalogue(catalogue, "SIK-2", title="Ny titel")
    app = make_app()

    def titles() -> set[str]:
        return {command.title for command in app.get_system_commands(app.screen)}

    def descriptions(specs: tuple[KeySpec, ...]) -> set[str]:
        return {t(spec.description_key) for spec in specs}

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert descriptions(SELECTION_KEYS) | {"New selection…"} <= titles()
        assert "Mark the current selection final" in titles()
        for key, specs in (
            ("s", SELECTIONS_KEYS),
            ("v", ITEM_KEYS),
            ("a", QUESTIONNAIRE_KEYS),
            ("x", EXPORT_DIALOG_KEYS),
        ):
            await press(pilot, key)
            assert descriptions(specs) <= titles(), key
            await press(pilot, "escape")
        await press(pilot, "v", "w")
        assert isinstance(app.screen, DriftScreen)
        assert descriptions(DRIFT_KEYS) <= titles()
        await press(pilot, "escape", "escape", "ctrl+p")
        await type_text(pilot, "Selections")
        await wait_until(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await press(pilot, "enter")
        assert isinstance(app.screen, SelectionsScreen)


async def test_an_export_can_be_cancelled_and_errors_are_shown(
    make_app: MakeApp,
    catalogue: Path,
    tmp_path: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses
    import time

    from kravtui.application.export import (
        SELECTION_FORMATS,
        ExportCancelled,
        Exported,
        ExportHooks,
    )

    def slow_write(_c: object, _s: object, _t: object, _o: object, hooks: ExportHooks) -> Exported:
        """A DOCX writer that takes ten seconds, reporting progress and checking for cancel."""
        assert hooks.progress is not None and hooks.cancelled is not None
        for done in range(1000):
            hooks.progress(done, 1000)
            if hooks.cancelled():
                raise ExportCancelled("cancelled")
            time.sleep(0.01)
        return Exported(0)

    docx = SELECTION_FORMATS["docx"]
    monkeypatch.setitem(SELECTION_FORMATS, "docx", dataclasses.replace(docx, write=slow_write))
    make_selection(catalogue, ticked=["SIK-1"])
    (tmp_path / "blocker").write_text("a file where a folder should be")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen.query_one(ProgressBar).display)
        await press(pilot, "escape")
        await _wait_closed(pilot, app)
        assert any("Export cancelled" in m for m in notifications(app))
        assert not (user_folders / "Udbud-2025.docx").exists()
        monkeypatch.setitem(SELECTION_FORMATS, "docx", docx)
        await press(pilot, "x")
        app.screen.query_one("#export-format", Select).value = "toml"
        await settle(pilot)  # the format's change arrives before the path is typed
        blocked = tmp_path / "blocker" / "x.toml"
        app.screen.query_one("#export-path", Input).value = str(blocked)
        await press(pilot, "ctrl+s")
        error = app.screen.query_one("#export-error", Label)
        for _ in range(50):
            await settle(pilot)
            if error.display:
                break
        assert isinstance(app.screen, ExportScreen)
        expected = f"⚠ {blocked}: there is no folder {blocked.parent}"
        assert str(error.render()) == expected


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_an_item_another_officer_changed_meanwhile_is_not_saved_over(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    """Two officers edit one item: the second save says in one line that the item changed
    and keeps the form with its text; Esc shows the other's text."""
    from kravtui.selection.items import edit_item

    selection_id = make_selection(catalogue, ticked=["SIK-2"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await _open_items(pilot, app)
        await press(pilot, "e")
        form = app.screen
        assert isinstance(form, ItemFormScreen)
        with opened(catalogue) as other:  # the other officer saves first
            theirs = get_item(other, selection_id, "SIK-2").snapshot
            edit_item(other, selection_id, "SIK-2", replace(theirs, title="PER-EDIT"))
        form.query_one("#item-title", Input).value = "IDA-EDIT"
        await settle(pilot)  # as typing would: the field's change is taken in before Save
        await press(pilot, "ctrl+s")
        assert app.screen is form
        error = str(form.query_one("#form-error", Label).render())
        assert "SIK-2 was changed in this selection by someone else" in error
        assert form.query_one("#item-title", Input).value == "IDA-EDIT"
        await press(pilot, "escape")
        for _ in range(5):
            await settle(pilot)
            if isinstance(app.screen, ConfirmScreen):  # leave the unsaved text: yes
                await press(pilot, "y")
        assert isinstance(app.screen, SelectionItemsScreen)
        assert "PER-EDIT" in screen_text(app)
    with opened(catalogue) as conn:
        assert get_item(conn, selection_id, "SIK-2").snapshot.title == "PER-EDIT"


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "140x45"])
async def test_the_selection_screens_show_another_officers_changes_while_open(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    """A colleague unticks, edits and makes a selection while this officer looks at the items
    (`v`) and then the selections (`s`): each screen reads again, without being left."""
    from kravtui.selection.items import edit_item, untick
    from kravtui.selection.records import SelectionInfo
    from kravtui.selection.store import create_selection

    selection_id = make_selection(catalogue, ticked=["SIK-1", "SIK-2"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await _open_items(pilot, app)
        assert "SIK-1" in screen_text(app) and "2 ticked" in screen_text(app)
        with opened(catalogue) as other:
            untick(other, selection_id, ["SIK-1"])
            kept = get_item(other, selection_id, "SIK-2").snapshot
            edit_item(other, selection_id, "SIK-2", replace(kept, title="Rettet af Per"))
        await wait_until(pilot, lambda: "Rettet af Per" in screen_text(app))
        assert app.screen is screen and "1 ticked" in screen_text(app)
        assert "SIK-1" not in screen_text(app)
        await press(pilot, "escape", "s")
        assert isinstance(app.screen, SelectionsScreen)
        with opened(catalogue) as other:
            create_selection(other, SelectionInfo("Pers nye udbud"))
        await wait_until(pilot, lambda: "Pers nye udbud" in screen_text(app))
        assert isinstance(app.screen, SelectionsScreen)
