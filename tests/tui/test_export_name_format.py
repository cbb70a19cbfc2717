"""Pilot tests at 80x24, in Danish and English: the export dialog (`x`) refuses a file name that
ends in another export format's suffix than the format chosen.

The walk's defect: Format = TOML, file `/tmp/out/mismatch.docx`, ctrl+s, and "Exported 4
requirements" with TOML text in the .docx. Now the dialog says in its error line that the name
ends in .docx but the format is TOML, writes nothing, asks nothing about a file already there,
and stays open; changing the name or the format then writes. The evaluation report's dialog
follows the same rule. The CLI's side is `tests/test_export_format_names.py`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select

from kravtui.tui.app import KravApp
from kravtui.tui.screens.answer_report import AnswerReportScreen
from kravtui.tui.screens.answers import AnswersScreen
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.write_dialog import WriteDialog
from tests.tui.answer_helpers import answered_selection
from tests.tui.helpers import notifications, screen_text, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]

REFUSAL = {
    "en": "the file name ends in {suffix}, but the format is {format}: change the name or the "
    "format",
    "da": "filnavnet ender på {suffix}, men formatet er {format}: ret navnet eller formatet",
}
EXPORTED = {"en": "Exported 2 requirements", "da": "Eksporterede 2 krav"}


async def open_export(pilot: object, app: KravApp, format_name: str) -> ExportScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "x")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    screen.query_one("#export-format", Select).value = format_name
    await settle(pilot)  # type: ignore[arg-type]
    return screen


def error_line(screen: WriteDialog) -> str:
    label = screen.query_one(f"#{screen.PREFIX}-error", Label)
    return str(label.render()) if label.display else ""


async def type_name(pilot: object, screen: WriteDialog, path: Path) -> None:
    field = screen.query_one(f"#{screen.PREFIX}-path", Input)
    field.value = ""
    field.focus()
    await pilot.press(*str(path))  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def wait_closed(pilot: object, app: KravApp, kind: type[WriteDialog]) -> None:
    for _ in range(400):
        await settle(pilot)  # type: ignore[arg-type]
        if not isinstance(app.screen, kind):
            return
    raise AssertionError(screen_text(app))


def on_screen(app: KravApp) -> str:
    """The screen's text with the dialog's borders gone and its lines joined: a message the
    error line wraps reads as one."""
    return " ".join(screen_text(app).replace("│", " ").split())


async def refused_on_screen(pilot: object, app: KravApp, screen: WriteDialog, reason: str) -> None:
    """The dialog is still open with `reason` in its error line, on screen; nothing exported."""
    for _ in range(5):
        await settle(pilot)  # type: ignore[arg-type]
    assert app.screen is screen  # nothing asked, nothing running
    assert error_line(screen).startswith("⚠ ") and error_line(screen).endswith(reason)
    assert reason in on_screen(app), screen_text(app)
    assert not any("xported" in m or "ksporterede" in m for m in notifications(app))


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_toml_to_a_docx_name_is_refused_in_the_error_line_and_nothing_is_written(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, lang: str
) -> None:
    make_selection(catalogue, ticked=["SIK-1", "SIK-2"])
    out = tmp_path / "out"
    out.mkdir()
    target = out / "mismatch.docx"
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot, app, "toml")
        await type_name(pilot, screen, target)
        await press(pilot, "ctrl+s")
        line = REFUSAL[lang].format(suffix=".docx", format="TOML")
        await refused_on_screen(pilot, app, screen, line)
        assert list(out.iterdir()) == []
        # Changing the name writes TOML there.
        await type_name(pilot, screen, out / "mismatch.toml")
        assert error_line(screen) == f"⚠ {target}: {line}"  # until the next try
        await press(pilot, "ctrl+s")
        await wait_closed(pilot, app, ExportScreen)
        assert any(EXPORTED[lang] in m for m in notifications(app))
    assert [p.name for p in out.iterdir()] == ["mismatch.toml"]
    assert (out / "mismatch.toml").read_text(encoding="utf-8").startswith("# kravtui selection")


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize(
    ("name", "suffix"), [("LOUD.DOCX", ".DOCX"), ("a.toml.docx", ".docx"), (".docx", ".docx")]
)
async def test_upper_case_a_double_extension_and_a_bare_suffix_are_refused_too(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, lang: str, name: str, suffix: str
) -> None:
    make_selection(catalogue, ticked=["SIK-1", "SIK-2"])
    target = tmp_path / name
    target.write_bytes(b"the vendor's copy")  # there already: not even asked about
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot, app, "toml")
        await type_name(pilot, screen, target)
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, ConfirmScreen)
        await refused_on_screen(
            pilot, app, screen, REFUSAL[lang].format(suffix=suffix, format="TOML")
        )
    assert target.read_bytes() == b"the vendor's copy"


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_changing_the_format_instead_writes_the_format_the_name_says(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, lang: str
) -> None:
    """The format is never switched behind the user's back; switched by the user (ctrl+t),
    the name they typed stays and the file is what it says."""
    make_selection(catalogue, ticked=["SIK-1", "SIK-2"])
    target = tmp_path / "pw.xlsx"
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot, app, "toml")
        await type_name(pilot, screen, target)
        await press(pilot, "ctrl+s")
        line = REFUSAL[lang].format(suffix=".xlsx", format="TOML")
        await refused_on_screen(pilot, app, screen, line)
        assert screen.format == "toml" and not target.exists()
        await press(pilot, "ctrl+t")  # TOML -> the answer sheet, also .xlsx
        assert screen.format == "answer-sheet" and error_line(screen) == ""
        assert screen.query_one("#export-path", Input).value == str(target)
        await press(pilot, "ctrl+s")
        await wait_closed(pilot, app, ExportScreen)
    with zipfile.ZipFile(target) as package:
        assert "xl/workbook.xml" in package.namelist()


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_a_name_no_format_uses_is_still_written(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, lang: str
) -> None:
    make_selection(catalogue, ticked=["SIK-1", "SIK-2"])
    target = tmp_path / "review.txt"
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_export(pilot, app, "toml")
        await type_name(pilot, screen, target)
        await press(pilot, "ctrl+s")
        await wait_closed(pilot, app, ExportScreen)
        assert any(EXPORTED[lang] in m for m in notifications(app))
    assert target.read_text(encoding="utf-8").startswith("# kravtui selection")


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_the_evaluation_report_dialog_refuses_such_a_name_too(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, lang: str
) -> None:
    answered_selection(catalogue)
    target = tmp_path / "rapport.xlsx"
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "b")
        assert isinstance(app.screen, AnswersScreen)
        await press(pilot, "x")
        screen = app.screen
        assert isinstance(screen, AnswerReportScreen)
        assert screen.format == "docx"
        await type_name(pilot, screen, target)
        await press(pilot, "ctrl+s")
        line = REFUSAL[lang].format(suffix=".xlsx", format="DOCX")
        await refused_on_screen(pilot, app, screen, line)
        assert not target.exists()
        await press(pilot, "ctrl+t")  # DOCX -> XLSX: the name's own format
        await press(pilot, "ctrl+s")
        await wait_closed(pilot, app, AnswerReportScreen)
    with zipfile.ZipFile(target) as package:
        assert "xl/workbook.xml" in package.namelist()
