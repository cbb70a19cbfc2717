"""Pilot tests of the spreadsheet import (`i`) at 80x24 and 120x40: the preview says which
columns are read, shows the first rows and every refused row with its cell and reason before
anything is written; a file refused as a whole is one line; text from the file is drawn
escaped; the import writes only a preview without refusals; read-only catalogues refuse it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from kravtui.catalogue.engine_errors import EnginePermissionError
from kravtui.tui.app import KravApp
from kravtui.tui.screens import sheet_import
from kravtui.tui.screens.sheet_import import SheetImportScreen
from kravtui.tui.widgets.key_footer import KeyFooter
from tests.sheet_files import kravbank, write_sheet
from tests.tui.helpers import notifications, screen_text, settle
from tests.tui.selection_helpers import press

pytest.importorskip("python_calamine")

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]
HEADER = ["Krav id", "Navn", "Beskrivelse", "Kategori", "Prioritet"]


def count(catalogue: Path) -> int:
    conn = sqlite3.connect(catalogue)
    try:
        return int(conn.execute("SELECT count(*) FROM requirement").fetchone()[0])
    finally:
        conn.close()


async def open_screen(pilot: object, app: KravApp) -> SheetImportScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "i")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SheetImportScreen)
    return screen


async def wait_idle(pilot: object, screen: SheetImportScreen) -> None:
    for _ in range(400):
        await settle(pilot)  # type: ignore[arg-type]
        if not screen.running:
            return
    raise AssertionError("the import screen stayed busy")


async def look(pilot: object, screen: SheetImportScreen, path: Path) -> None:
    screen.query_one("#import-path", Input).value = str(path)
    await press(pilot, "enter")  # type: ignore[arg-type]
    await wait_idle(pilot, screen)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_refused_rows_are_shown_and_nothing_is_imported(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    rows = [
        ["SIK-50", "God", "x", "Sikkerhed", "Krav"],
        ["SIK-51", "", "x", "Sikkerhed", "Krav"],
        ["SIK-52", "Ukendt", "x", "Findes ikke", "Krav"],
    ]
    path = write_sheet(tmp_path / "liste.xlsx", HEADER, rows)
    before = count(catalogue)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app)
        await look(pilot, screen, path)
        shown = screen_text(app)
        assert "2 refused" in shown
        assert "Krav!B3: the name is empty" in shown
        assert "Krav!D4: no category 'Findes ikke'" in shown
        await press(pilot, "ctrl+s")
        await wait_idle(pilot, screen)
        assert isinstance(app.screen, SheetImportScreen)
        assert "correct the file" in screen_text(app)
    assert count(catalogue) == before


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_a_file_refused_as_a_whole_is_one_line(
    make_app: MakeApp, tmp_path: Path, size: tuple[int, int]
) -> None:
    path = tmp_path / "liste.xlsx"
    path.write_text("Krav id;Navn\n1;x\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app)
        await look(pilot, screen, path)
        assert "is not a spreadsheet" in screen_text(app)


async def test_text_from_the_file_is_drawn_escaped(make_app: MakeApp, tmp_path: Path) -> None:
    rows = [["SIK-50", "Ond\u202etitel", "x", "Sikkerhed", "Krav"]]
    path = write_sheet(tmp_path / "bidi.xlsx", HEADER, rows)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_screen(pilot, app)
        await look(pilot, screen, path)
        shown = screen_text(app)
        assert "\u202e" not in shown and "Ond\\u202etitel" in shown


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_kravbank_is_looked_at_then_imported(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    path = kravbank(tmp_path / "kravbank.xlsx")
    before = count(catalogue)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app)
        screen.query_one("#import-path", Input).value = str(path)
        await press(pilot, "ctrl+s")  # no preview yet: it looks first
        await wait_idle(pilot, screen)
        assert "Backup / restore" in screen_text(app) and count(catalogue) == before
        await press(pilot, "tab", "tab", "tab", "tab", "space")  # new categories
        await press(pilot, "ctrl+r")
        await wait_idle(pilot, screen)
        shown = screen_text(app)
        assert "3 rows: 3 new" in shown and "Krav id → uid" in shown
        await press(pilot, "ctrl+s")
        await wait_idle(pilot, screen)
        for _ in range(50):
            await settle(pilot)
            if not isinstance(app.screen, SheetImportScreen):
                break
        assert not isinstance(app.screen, SheetImportScreen)
        assert any("Imported: 3 new" in note for note in notifications(app))
    assert count(catalogue) == before + 3


async def test_the_dialog_speaks_danish(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app)
        shown = screen_text(app)
        assert "Importér et regneark" in shown and "Kolonner" in shown


async def test_a_read_only_catalogue_refuses_the_import(make_app: MakeApp) -> None:
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        assert not isinstance(app.screen, SheetImportScreen)


# What a walk through the dialog at 80x24 found


async def test_the_buttons_stay_on_screen_beside_a_preview(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """At 80x24 a preview of five rows pushed the buttons below the screen: Tab reached
    buttons nobody could see."""
    rows = [[f"SIK-{50 + n}", f"Krav {n}", "x", "Sikkerhed", "Krav"] for n in range(8)]
    path = write_sheet(tmp_path / "liste.xlsx", HEADER, rows)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, app)
        await look(pilot, screen, path)
        assert "8 rows: 8 new" in screen_text(app)
        for name in ("#preview", "#run", "#cancel"):
            button = screen.query_one(name)
            assert app.screen.region.contains_region(button.region), name
            assert button.region.height > 0
        footer = app.screen.query_one(KeyFooter)  # one or two lines, as the main screen's
        buttons = screen_text(app).splitlines()[footer.region.y - 2]  # above the box's border
        assert "Look" in buttons and "Import" in buttons and "Cancel" in buttons


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_q_outside_a_field_closes_the_dialog_and_is_text_in_one(
    make_app: MakeApp, size: tuple[int, int]
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app)
        await press(pilot, "q")
        assert app.screen is screen and screen.query_one("#import-path", Input).value == "q"
        await press(pilot, "tab", "tab", "tab", "tab")  # to the check box
        assert not isinstance(app.focused, Input)
        await press(pilot, "q")
        await settle(pilot)
        assert not isinstance(app.screen, SheetImportScreen)


@pytest.mark.parametrize("language", ["en", "da"])
async def test_messages_point_to_the_dialogs_fields_not_the_clis_options(
    make_app: MakeApp, tmp_path: Path, language: str
) -> None:
    path = write_sheet(tmp_path / "liste.xlsx", ["Krav", "Tekst"], [["Backup", "Hver nat"]])
    columns, category = {"en": ("Columns", "Category"), "da": ("Kolonner", "Kategori")}[language]
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_screen(pilot, app)
        await look(pilot, screen, path)  # no header kravtui knows
        shown = " ".join(screen_text(app).split())
        assert f"{columns} field" in shown or f"feltet {columns}" in shown
        screen.query_one("#import-map", Input).value = "Krav=title,Tekst=description"
        await press(pilot, "ctrl+r")
        await wait_idle(pilot, screen)
        shown = " ".join(screen_text(app).split())
        assert f"{category} field" in shown or f"feltet {category}" in shown
        screen.query_one("#import-category", Input).value = "Sikkerhed og drift"
        await press(pilot, "ctrl+r")
        await wait_idle(pilot, screen)
        shown = " ".join(screen_text(app).split())
        assert "ARK, LOG, SIK" in shown
        assert "--map" not in shown and "--category" not in shown


async def test_the_map_hint_fits_the_field_at_80_columns(make_app: MakeApp) -> None:
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, app)
        assert "fx Krav=title,Tekst=description" in screen_text(app)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_a_write_the_servers_roles_refuse_is_one_line_and_the_dialog_stays(
    make_app: MakeApp,
    catalogue: Path,
    tmp_path: Path,
    size: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An officer's role may not write requirements: the server refuses the import, which
    passes the refusal on as it is (for the face to name the role), and the dialog says it
    in one line instead of failing."""
    refused = EnginePermissionError("permission denied for table category", "42501")

    def refuse(conn: object, plan: object) -> None:
        raise refused

    monkeypatch.setattr(sheet_import, "apply_plan", refuse)
    path = kravbank(tmp_path / "kravbank.xlsx")
    before = count(catalogue)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_screen(pilot, app)
        await look(pilot, screen, path)
        await press(pilot, "tab", "tab", "tab", "tab", "space")  # new categories
        await press(pilot, "ctrl+r")
        await wait_idle(pilot, screen)
        await press(pilot, "ctrl+s")
        await wait_idle(pilot, screen)
        assert app.screen is screen
        assert "permission denied for table category" in screen_text(app)
    assert count(catalogue) == before
