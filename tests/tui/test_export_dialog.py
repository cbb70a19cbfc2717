"""Pilot tests of the export dialog (`x`) as a user meets it at 80x24 and 120x40.

The keyboard starts where the highlight is (the file field), Space types a space instead of
emptying a selected path, an existing file is replaced only after a yes, the key that switches
the format is on screen, the line under the choices names a format as the user knows it (never
its `--format` value), and the open catalogue is refused as a target.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Label

from kravtui.application.export import SELECTION_FORMATS, default_selection_path
from kravtui.tui.app import KravApp
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from tests.tui.helpers import notifications, screen_text, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]
SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]
DEFAULT_NAME = "Udbud-2025.docx"  # the title "Udbud 2025" made safe


def highlighted_labels(screen: ExportScreen) -> list[str]:
    """The form labels drawn reversed (the mark of the field with the focus)."""
    drawn = []
    for label in screen.query(".sel-label").results(Label):
        segments = [s for s in label.render_line(0) if s.text.strip()]
        if any(s.style is not None and s.style.reverse for s in segments):
            drawn.append(str(label.render()))
    return drawn


def focused_label(screen: ExportScreen) -> str:
    """The label of the row that holds the keyboard focus."""
    focused = screen.focused
    assert focused is not None and focused.parent is not None
    return str(focused.parent.query_one(".sel-label", Label).render())


async def open_dialog(pilot: object, app: KravApp) -> ExportScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "x")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def wait_closed(pilot: object, app: KravApp) -> None:
    for _ in range(200):
        await settle(pilot)  # type: ignore[arg-type]
        if not isinstance(app.screen, ExportScreen):
            return
    raise AssertionError(screen_text(app))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_focus_starts_where_the_highlight_is_and_space_types_a_space(
    make_app: MakeApp, catalogue: Path, user_folders: Path, size: tuple[int, int]
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        assert screen.focused is screen.query_one("#export-path", Input)
        assert highlighted_labels(screen) == [focused_label(screen)] == ["File"]
        await press(pilot, "space")
        default = user_folders / DEFAULT_NAME
        assert screen.query_one("#export-path", Input).value == f"{default} "
        await press(pilot, "shift+tab")  # to the format: the highlight follows the focus
        assert highlighted_labels(screen) == [focused_label(screen)] == ["Format"]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_format_key_is_on_screen_and_cycles_through_every_format(
    make_app: MakeApp, catalogue: Path, user_folders: Path, size: tuple[int, int]
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    default = user_folders / DEFAULT_NAME
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        assert "^t Next format" in screen_text(app)
        await press(pilot, "ctrl+t")
        assert screen.query_one("#export-path", Input).value == str(default.with_suffix(".pdf"))
        assert "PDF (the document, laid out by LibreOffice)" in screen_text(app)
        await press(pilot, "ctrl+t")
        assert screen.query_one("#export-path", Input).value == str(default.with_suffix(".toml"))
        assert "TOML (for review and git)" in screen_text(app)
        assert "these choices are for DOCX and PDF" in screen_text(app)
        await press(pilot, "ctrl+t")  # not the requirement list's name, which is also .xlsx
        sheet = default.with_name("Udbud-2025-svarark.xlsx")
        assert screen.query_one("#export-path", Input).value == str(sheet)
        assert "Answer sheet (XLSX, for vendors to fill in)" in screen_text(app)
        await press(pilot, "ctrl+t")
        assert screen.query_one("#export-path", Input).value == str(default.with_suffix(".xlsx"))
        assert "XLSX (the requirements as a spreadsheet)" in screen_text(app)
        await press(pilot, "ctrl+t")
        assert screen.query_one("#export-path", Input).value == str(default)


# The line under the choices for each format that is no document, in its own words.
FIXED_FIELDS = {
    "da": {
        "toml": "TOML har faste felter; valgene gælder DOCX og PDF",
        "answer-sheet": "Svararket har faste felter; valgene gælder DOCX og PDF",
        "xlsx": "XLSX har faste felter; valgene gælder DOCX og PDF",
    },
    "en": {
        "toml": "TOML has fixed fields; these choices are for DOCX and PDF",
        "answer-sheet": "The answer sheet has fixed fields; these choices are for DOCX and PDF",
        "xlsx": "XLSX has fixed fields; these choices are for DOCX and PDF",
    },
}


@pytest.mark.parametrize(
    ("size", "language"), [((80, 24), "da"), ((120, 40), "en")], ids=["80x24-da", "120x40-en"]
)
async def test_the_note_on_the_choices_names_each_format_as_the_user_knows_it(
    make_app: MakeApp,
    catalogue: Path,
    user_folders: Path,
    size: tuple[int, int],
    language: str,
) -> None:
    """The answer sheet's note read "ANSWER-SHEET indeholder altid alle felter": its
    `--format` value, upper-cased, in a Danish sentence."""
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        notes = {}
        for _ in SELECTION_FORMATS:
            await press(pilot, "ctrl+t")
            note = screen.query_one("#export-options-note", Label)
            if screen.format in FIXED_FIELDS[language]:
                assert note.display
                notes[screen.format] = str(note.render())
                assert notes[screen.format] in screen_text(app)  # whole, on one line
        assert notes == FIXED_FIELDS[language]
        assert "ANSWER-SHEET" not in screen_text(app)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_enter_on_an_existing_file_asks_before_replacing_it(
    make_app: MakeApp, catalogue: Path, user_folders: Path, size: tuple[int, int]
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    existing = user_folders / DEFAULT_NAME
    existing.parent.mkdir(parents=True)
    existing.write_bytes(b"the officer's edited copy")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_dialog(pilot, app)
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        assert f"{DEFAULT_NAME} exists. Replace it?" in screen_text(app)
        await press(pilot, "n")
        assert isinstance(app.screen, ExportScreen)
        for _ in range(5):
            await settle(pilot)
        assert existing.read_bytes() == b"the officer's edited copy"
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        await wait_closed(pilot, app)
        assert any(f"Exported 1 requirement to {existing}" in m for m in notifications(app))
    assert existing.read_bytes().startswith(b"PK")


async def test_a_new_file_is_written_without_a_question(
    make_app: MakeApp, catalogue: Path, user_folders: Path
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dialog(pilot, app)
        await press(pilot, "enter")
        await wait_closed(pilot, app)
    assert (user_folders / DEFAULT_NAME).read_bytes().startswith(b"PK")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_the_open_catalogue_is_refused_as_a_target(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int]
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        before = catalogue.read_bytes()
        screen.query_one("#export-path", Input).value = str(catalogue)
        await press(pilot, "enter")
        for _ in range(5):
            await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "this is the open catalogue" in screen_text(app)
        assert catalogue.read_bytes() == before


@pytest.mark.parametrize("format_name", ["docx", "toml", "answer-sheet", "xlsx"])
async def test_the_dialog_writes_what_the_cli_writes(
    make_app: MakeApp, catalogue: Path, user_folders: Path, tmp_path: Path, format_name: str
) -> None:
    """One export under both faces: the dialog's file is byte for byte the one
    `kravtui export selection` writes."""
    from textual.widgets import Select

    from kravtui.cli import main

    make_selection(catalogue, ticked=["SIK-1", "SIK-2"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dialog(pilot, app)
        screen.query_one("#export-format", Select).value = format_name
        await settle(pilot)
        await press(pilot, "enter")
        await wait_closed(pilot, app)
    suffix = SELECTION_FORMATS[format_name].file_suffix
    from_tui = default_selection_path("Udbud 2025", format_name, user_folders).read_bytes()
    from_cli = tmp_path / f"cli{suffix}"
    args = ["--db", str(catalogue), "export", "selection", "Udbud 2025"]
    main([*args, "--format", format_name, "-o", str(from_cli)], standalone_mode=False)
    assert from_cli.read_bytes() == from_tui


async def test_a_new_format_is_one_table_entry_and_the_dialog_offers_it(
    make_app: MakeApp,
    catalogue: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A format added to the application's table (here a plain list of uids) is in the
    dialog's cycle, gets its own suffix and label, and is written through the same call."""
    from kravtui.application.export import Exported, SelectionFormat
    from kravtui.selection.items import list_items

    def write_uids(conn: object, selection_id: int, target: object, *_rest: object) -> Exported:
        import sqlite3

        from kravtui.interchange.export_target import ExportTarget

        assert isinstance(conn, sqlite3.Connection) and isinstance(target, ExportTarget)
        uids = [item.uid for item in list_items(conn, selection_id)]
        target.write("".join(f"{uid}\n" for uid in uids).encode())
        return Exported(len(uids))

    # An existing label key stands in for the new format's own.
    uids = SelectionFormat("txt", "tui.export.toml", "tui.export.name.toml", write_uids)
    monkeypatch.setitem(SELECTION_FORMATS, "txt", uids)
    make_selection(catalogue, ticked=["SIK-1", "SIK-2"])
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dialog(pilot, app)
        path = screen.query_one("#export-path", Input)
        suffixes = []
        for _ in SELECTION_FORMATS:
            await press(pilot, "ctrl+t")
            suffixes.append(Path(path.value).suffix)
        assert suffixes == [".pdf", ".toml", ".xlsx", ".xlsx", ".txt", ".docx"]
        for _ in range(5):
            await press(pilot, "ctrl+t")
        assert "these choices are for DOCX and PDF" in screen_text(app)  # not a document
        await press(pilot, "enter")
        await wait_closed(pilot, app)
        assert any("Exported 2 requirements" in m for m in notifications(app))
    assert (user_folders / "Udbud-2025.txt").read_text() == "SIK-1\nSIK-2\n"


@pytest.mark.parametrize("lang", ["en", "da"])
async def test_the_dialog_suggests_the_folder_last_exported_to_while_it_is_one(
    make_app: MakeApp, catalogue: Path, user_folders: Path, tmp_path: Path, lang: str
) -> None:
    """The walk's officer exported into a folder of their own and found the next export
    suggested in the default folder again."""
    make_selection(catalogue, ticked=["SIK-1"])
    chosen = tmp_path / "udbud" / "bilag"
    chosen.mkdir(parents=True)
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dialog(pilot, app)
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(chosen / "kravspec.docx")
        await press(pilot, "enter")
        await wait_closed(pilot, app)
        assert (chosen / "kravspec.docx").exists()
        screen = await open_dialog(pilot, app)
        assert screen.query_one("#export-path", Input).value == str(chosen / DEFAULT_NAME)
        await press(pilot, "escape")
        await settle(pilot)
    for written in chosen.iterdir():
        written.unlink()
    chosen.rmdir()  # gone now: the default folder again, no error
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dialog(pilot, app)
        assert screen.query_one("#export-path", Input).value == str(user_folders / DEFAULT_NAME)
        assert not [line for line in notifications(app) if "state" in line.lower()]
