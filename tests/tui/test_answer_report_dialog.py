"""Pilot tests of the evaluation report dialog (`x` on the Besvarelser screen) at 80x24 and
120x40: the key is in the footer, the file name is suggested in the exports folder, `ctrl+t`
cycles the formats of `ANSWER_FORMATS` and the suffix follows, the report is written through
`export_answers` in a worker (the same file the CLI writes), an existing file is replaced only
after a yes, the open catalogue is refused in the dialog's error line, and read-only the key
stays (the report changes nothing)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from textual.widgets import Input

from kravtui.tui.app import KravApp
from kravtui.tui.screens.answer_report import AnswerReportScreen
from kravtui.tui.screens.answers import AnswersScreen
from kravtui.tui.screens.confirm import ConfirmScreen
from tests.tui.answer_helpers import answered_selection
from tests.tui.helpers import notifications, screen_text, settle
from tests.tui.selection_helpers import press
from tests.tui.test_footer_keys import footer_labels

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]
DANISH_NAME = "Udbud-2025-evalueringsrapport.docx"  # the title "Udbud 2025" made safe


async def open_dialog(pilot: object, app: KravApp) -> AnswerReportScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "b")  # type: ignore[arg-type]
    assert isinstance(app.screen, AnswersScreen)
    await press(pilot, "x")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, AnswerReportScreen), type(screen)
    return screen


async def wait_closed(pilot: object, app: KravApp) -> None:
    for _ in range(400):
        await settle(pilot)  # type: ignore[arg-type]
        if not isinstance(app.screen, AnswerReportScreen):
            return
    raise AssertionError(screen_text(app))


def path_value(screen: AnswerReportScreen) -> str:
    return screen.query_one("#report-path", Input).value


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_report_key_is_in_the_footer(
    make_app: MakeApp, catalogue: Path, lang: str, size: tuple[int, int]
) -> None:
    answered_selection(catalogue)
    app = make_app(lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        label = "Rapport" if lang == "da" else "Report"
        assert ("x", label) in footer_labels(app)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_dialog_suggests_a_file_and_cycles_the_formats(
    make_app: MakeApp, catalogue: Path, user_folders: Path, size: tuple[int, int]
) -> None:
    answered_selection(catalogue)
    app = make_app("da")
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        default = user_folders / DANISH_NAME
        assert screen.focused is screen.query_one("#report-path", Input)
        assert path_value(screen) == str(default)
        text = screen_text(app)
        assert "Evalueringsrapport · Udbud 2025" in text
        assert "DOCX (til at læse og udskrive)" in text
        assert "På dansk" in text
        labels = [key for key, _ in footer_labels(app)]
        assert {"^s", "^t", "esc"} <= set(labels)
        await press(pilot, "ctrl+t")
        assert path_value(screen) == str(default.with_suffix(".xlsx"))
        assert "XLSX (et ark pr. leverandør og en sammenligning)" in screen_text(app)
        await press(pilot, "ctrl+t")
        assert path_value(screen) == str(default.with_suffix(".toml"))
        assert "TOML" in screen_text(app)
        await press(pilot, "ctrl+t")
        assert path_value(screen) == str(default)
        await press(pilot, "escape")
        assert isinstance(app.screen, AnswersScreen)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_report_is_written_in_a_worker_and_said(
    make_app: MakeApp, catalogue: Path, user_folders: Path, size: tuple[int, int]
) -> None:
    answered_selection(catalogue)
    app = make_app("da")
    async with app.run_test(size=size) as pilot:
        await open_dialog(pilot, app)
        await press(pilot, "ctrl+t", "ctrl+s")  # XLSX, then write
        await wait_closed(pilot, app)
        written = user_folders / DANISH_NAME.replace(".docx", ".xlsx")
        assert any(f"Skrev evalueringsrapporten til {written}" in m for m in notifications(app))
        assert isinstance(app.screen, AnswersScreen)
    workbook = load_workbook(written)
    assert workbook.sheetnames == ["Sammenligning", "Alfa A-S", "Beta ApS"]
    assert workbook["Alfa A-S"]["E4"].value == "Nej"  # SIK-3, the Mindstekrav Alfa fails


async def test_an_existing_file_is_replaced_only_after_a_yes(
    make_app: MakeApp, catalogue: Path, user_folders: Path
) -> None:
    answered_selection(catalogue)
    existing = user_folders / DANISH_NAME
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"last week's report")
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        for _ in range(5):
            await settle(pilot)
        assert isinstance(app.screen, AnswerReportScreen)
        assert existing.read_bytes() == b"last week's report"
        await press(pilot, "enter")
        await press(pilot, "y")
        await wait_closed(pilot, app)
    with zipfile.ZipFile(existing) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Evalueringsrapport" in body and "OPFYLDER IKKE dette mindstekrav" in body


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_open_catalogue_is_refused_in_the_dialog(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    answered_selection(catalogue)
    before = catalogue.stat().st_size
    app = make_app("en")
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        screen.query_one("#report-path", Input).value = str(catalogue)
        await press(pilot, "ctrl+s")
        for _ in range(5):
            await settle(pilot)
        assert isinstance(app.screen, AnswerReportScreen)
        flat = " ".join(screen_text(app).split())
        assert "this is the open catalogue" in flat
    assert catalogue.stat().st_size == before


async def test_read_only_the_report_is_still_offered_and_written(
    make_app: MakeApp, catalogue: Path, user_folders: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("en", read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        assert ("x", "Report") in footer_labels(app)
        await press(pilot, "x", "enter")
        await wait_closed(pilot, app)
    assert (user_folders / DANISH_NAME).is_file()  # Danish: no language in the settings


async def test_the_dialog_writes_the_very_file_the_command_writes(
    make_app: MakeApp, catalogue: Path, user_folders: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from kravtui.cli import main

    answered_selection(catalogue)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app)
        await press(pilot, "ctrl+s")
        await wait_closed(pilot, app)
    by_cli = tmp_path / "cli.docx"
    result = CliRunner().invoke(
        main, ["--db", str(catalogue), "answers", "report", "Udbud 2025", str(by_cli)]
    )
    assert result.exit_code == 0, result.output
    assert (user_folders / DANISH_NAME).read_bytes() == by_cli.read_bytes()
