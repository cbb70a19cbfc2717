"""Pilot tests of the export dialog (`x`) in an officer's day, at 80x24 and 120x40, Danish and
English: the format is remembered per selection (closing, reopening, restarting), the suggested
path is absolute in the exports folder without spaces, PDF is the third format (made by
LibreOffice, or one line saying it is missing), a draft says so, and the toast gives the count
and the path. Hostile first: state files that are not ours, exports folders that cannot be
written.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select

from kravtui.application import export
from kravtui.application.export import SELECTION_FORMATS
from kravtui.config import Settings
from kravtui.selection.store import finalise
from kravtui.tui.app import KravApp
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.selections import SelectionsScreen
from kravtui.tui.widgets.check_list import CheckList
from tests.tui.helpers import notifications, opened, screen_text, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]
# Both sizes and both languages, each once: the small screen in Danish (the longer words), the
# larger in English. Every pair of the two would double the time and find nothing more.
EVERY_WAY = [((80, 24), "da"), ((120, 40), "en")]
EVERY_WAY_IDS = [f"{w}x{h}-{lang}" for (w, h), lang in EVERY_WAY]

DRAFT = {
    "da": "Udkast: kravspecifikationen er ikke markeret som endelig",
    "en": "Draft: the requirement specification is not marked as final",
}
NO_LIBREOFFICE = {
    "da": "LibreOffice (soffice) er ikke installeret, så ingen PDF: vælg DOCX",
    "en": "LibreOffice (soffice) is not installed, so no PDF: choose DOCX",
}
EXPORTED = {
    "da": "Eksporterede {count} krav til {path}",
    "en": "Exported {count} requirements to {path}",
}
IGNORED = {
    "da": "kan ikke bruges, så den blev sprunget over",
    "en": "cannot be used, so it was ignored",
}


async def open_dialog(pilot: object, app: KravApp) -> ExportScreen:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "x")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, ExportScreen), screen_text(app)
    return screen


async def wait_closed(pilot: object, app: KravApp, rounds: int = 400) -> None:
    for _ in range(rounds):
        await settle(pilot)  # type: ignore[arg-type]
        if not isinstance(app.screen, ExportScreen):
            return
    raise AssertionError(screen_text(app))


async def use_selection(pilot: object, app: KravApp, title: str) -> None:
    """Make `title` the current selection through the selections screen (`s`, then Enter)."""
    await press(pilot, "s")  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, SelectionsScreen)
    screen.listing.highlighted = [s.title for s in screen.summaries].index(title)
    await press(pilot, "enter")  # type: ignore[arg-type]


def path_value(screen: ExportScreen) -> str:
    return screen.query_one("#export-path", Input).value


def format_value(screen: ExportScreen) -> object:
    return screen.query_one("#export-format", Select).value


def shown(screen: ExportScreen, widget_id: str) -> str:
    """The text of one of the dialog's message lines, "" when it is hidden."""
    label = screen.query_one(widget_id, Label)
    return str(label.render()) if label.display else ""


async def export_with(pilot: object, app: KravApp, *formats_keys: str) -> None:
    """Open the dialog, press the keys (ctrl+t to change the format), export, wait."""
    await open_dialog(pilot, app)
    for key in formats_keys:
        await press(pilot, key)  # type: ignore[arg-type]
    await press(pilot, "enter")  # type: ignore[arg-type]
    await wait_closed(pilot, app)


# Hostile: the state file and the exports folder


@pytest.mark.parametrize("kind", ["not-json", "json-but-not-ours", "fifo", "folder"])
@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_a_state_file_that_is_not_ours_is_ignored_with_a_notice_and_left_alone(
    make_app: MakeApp,
    catalogue: Path,
    tmp_path: Path,
    user_folders: Path,
    kind: str,
    size: tuple[int, int],
    language: str,
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    state = tmp_path / "state" / "state.json"
    state.parent.mkdir()
    if kind == "fifo":
        os.mkfifo(state)
    elif kind == "folder":
        state.mkdir()
    else:
        state.write_text("[[[ not json" if kind == "not-json" else '["a", "list"]')
    before = state.read_bytes() if state.is_file() else None
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        assert format_value(screen) == "docx"
        assert any(IGNORED[language] in m and str(state) in m for m in notifications(app))
        await press(pilot, "escape")
    # The export itself is not stopped by the state file (TOML after ctrl+t twice).
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        await export_with(pilot, app, "ctrl+t", "ctrl+t")
        assert (user_folders / "Udbud-2025.toml").is_file()
        assert sum(IGNORED[language] in m for m in notifications(app)) == 2  # opened, then saved
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(state).st_mode)
    elif kind == "folder":
        assert state.is_dir() and list(state.iterdir()) == []
    else:
        assert state.read_bytes() == before


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_an_exports_folder_that_is_a_file_or_read_only_is_refused_in_one_line(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, size: tuple[int, int], language: str
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        for folder, reason in (
            (catalogue, {"da": "der er ingen mappe", "en": "there is no folder"}),
            (read_only, {"da": "skrivebeskyttet", "en": "read-only"}),
        ):
            before = catalogue.read_bytes()
            app = make_app(language, settings=Settings(exports_folder=str(folder)))
            async with app.run_test(size=size) as pilot:
                screen = await open_dialog(pilot, app)
                assert path_value(screen) == str(folder / "Udbud-2025.docx")
                await press(pilot, "enter")
                for _ in range(5):
                    await settle(pilot)
                assert app.screen is screen
                error = shown(screen, "#export-error")
                assert error.startswith("⚠ ") and reason[language] in error, error
                assert "\n" not in error
            assert catalogue.read_bytes() == before
            assert not (read_only / "Udbud-2025.docx").exists()
    finally:
        read_only.chmod(0o755)


async def test_an_exports_folder_beside_the_catalogue_writes_there_and_leaves_it_alone(
    make_app: MakeApp, catalogue: Path
) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    before = catalogue.read_bytes()
    app = make_app(settings=Settings(exports_folder=str(catalogue.parent)))
    async with app.run_test(size=(80, 24)) as pilot:
        await export_with(pilot, app)
    assert (catalogue.parent / "Udbud-2025.docx").read_bytes().startswith(b"PK")
    assert catalogue.read_bytes() == before


# The suggested path


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_the_suggested_path_is_absolute_in_the_exports_folder_without_spaces(
    make_app: MakeApp,
    catalogue: Path,
    tmp_path: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
) -> None:
    (tmp_path / "shell").mkdir()
    monkeypatch.chdir(tmp_path / "shell")  # where the SSH shell happened to be
    make_selection(catalogue, "Nyt ESDH 2026: fase 2/3", ticked=["SIK-1", "ARK-1"])
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        suggested = Path(path_value(screen))
        assert suggested == user_folders / "Nyt-ESDH-2026-fase-2-3.docx"
        assert suggested.is_absolute() and " " not in suggested.name
        assert "Nyt-ESDH-2026-fase-2-3.docx" in screen_text(app)  # the end of a long path
        await press(pilot, "enter")
        await wait_closed(pilot, app)
        message = EXPORTED[language].format(count=2, path=suggested)
        assert message in notifications(app)
    assert suggested.read_bytes().startswith(b"PK")
    assert list((tmp_path / "shell").iterdir()) == []


# The format, remembered


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_the_format_is_remembered_per_selection_when_reopened_and_after_a_restart(
    make_app: MakeApp,
    catalogue: Path,
    user_folders: Path,
    size: tuple[int, int],
    language: str,
) -> None:
    make_selection(catalogue, "Udbud 2025", ticked=["SIK-1"])
    make_selection(catalogue, "Drift 2026", ticked=["ARK-1"])
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        await use_selection(pilot, app, "Udbud 2025")
        await export_with(pilot, app, "ctrl+t", "ctrl+t")  # DOCX -> PDF -> TOML
        assert (user_folders / "Udbud-2025.toml").is_file()
        screen = await open_dialog(pilot, app)  # reopened: TOML again, with its path
        assert format_value(screen) == "toml"
        assert path_value(screen) == str(user_folders / "Udbud-2025.toml")
        await press(pilot, "escape")
        await use_selection(pilot, app, "Drift 2026")
        screen = await open_dialog(pilot, app)  # the other selection: still DOCX
        assert format_value(screen) == "docx"
        await press(pilot, "escape")
        assert not isinstance(app.screen, ExportScreen)
    app = make_app(language)  # a new session
    async with app.run_test(size=size) as pilot:
        await use_selection(pilot, app, "Udbud 2025")
        screen = await open_dialog(pilot, app)
        assert format_value(screen) == "toml"
        assert path_value(screen) == str(user_folders / "Udbud-2025.toml")
        await press(pilot, "escape")  # closed without exporting: nothing remembered
        await use_selection(pilot, app, "Drift 2026")
        screen = await open_dialog(pilot, app)
        assert format_value(screen) == "docx"
        await press(pilot, *["ctrl+t"] * len(SELECTION_FORMATS))  # round to DOCX again
        assert format_value(screen) == "docx"
        await press(pilot, "enter")
        await wait_closed(pilot, app)
        await use_selection(pilot, app, "Udbud 2025")
        screen = await open_dialog(pilot, app)
        assert format_value(screen) == "toml"


# PDF


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_pdf_without_libreoffice_says_so_in_one_line_and_writes_nothing(
    make_app: MakeApp,
    catalogue: Path,
    tmp_path: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
) -> None:
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        await press(pilot, "ctrl+t")
        assert format_value(screen) == "pdf"
        assert "LibreOffice" in screen_text(app)  # the choice itself says it is missing
        assert shown(screen, "#export-options-note") == NO_LIBREOFFICE[language]
        await press(pilot, "enter")
        assert app.screen is screen
        assert shown(screen, "#export-error") == f"⚠ {NO_LIBREOFFICE[language]}"
        assert screen_text(app).count(NO_LIBREOFFICE[language]) == 1  # one line, not twice
        await press(pilot, "ctrl+t")  # to TOML: the refusal was about PDF and goes
        assert shown(screen, "#export-error") == ""
    assert not user_folders.exists() or list(user_folders.iterdir()) == []


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_pdf_conversion_is_shown_and_esc_stops_it_writing_nothing(
    make_app: MakeApp,
    catalogue: Path,
    tmp_path: Path,
    user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
) -> None:
    slow = tmp_path / "slow-bin"
    slow.mkdir()
    (slow / "soffice").write_text("#!/bin/sh\nexec /bin/sleep 60\n", encoding="utf-8")
    (slow / "soffice").chmod(0o755)
    monkeypatch.setenv("PATH", str(slow))
    make_selection(catalogue, ticked=["SIK-1"])
    converting = {"da": "Konverterer med LibreOffice", "en": "Converting with LibreOffice"}
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        await open_dialog(pilot, app)
        await press(pilot, "ctrl+t")
        await pilot.press("enter")
        for _ in range(200):
            await pilot.pause(0.02)
            if converting[language] in screen_text(app):
                break
        assert converting[language] in screen_text(app)
        await pilot.press("escape")
        await wait_closed(pilot, app)
    assert not user_folders.exists() or list(user_folders.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is missing")
@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_pdf_with_libreoffice_writes_a_pdf_and_is_remembered(
    make_app: MakeApp, catalogue: Path, user_folders: Path, size: tuple[int, int], language: str
) -> None:
    make_selection(catalogue, ticked=["SIK-1", "ARK-1"])
    target = user_folders / "Udbud-2025.pdf"
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        await press(pilot, "ctrl+t")
        assert path_value(screen) == str(target)
        await press(pilot, "enter")
        await wait_closed(pilot, app, rounds=20000)
        assert EXPORTED[language].format(count=2, path=target) in notifications(app)
        screen = await open_dialog(pilot, app)
        assert format_value(screen) == "pdf"
    assert target.read_bytes().startswith(b"%PDF")


# Draft or final


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_a_draft_says_so_and_a_final_selection_does_not(
    make_app: MakeApp, catalogue: Path, size: tuple[int, int], language: str
) -> None:
    make_selection(catalogue, "Udbud 2025", ticked=["SIK-1"])
    final = make_selection(catalogue, "Drift 2026", ticked=["ARK-1"])
    with opened(catalogue) as conn:
        finalise(conn, final)
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        await use_selection(pilot, app, "Udbud 2025")
        screen = await open_dialog(pilot, app)
        assert shown(screen, "#export-draft") == DRAFT[language]
        assert DRAFT[language] in screen_text(app)
        await press(pilot, "escape")
        await use_selection(pilot, app, "Drift 2026")
        screen = await open_dialog(pilot, app)
        assert shown(screen, "#export-draft") == ""
        assert DRAFT[language] not in screen_text(app)


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
@pytest.mark.parametrize(("most", "checked"), [(1, True), (0, False)], ids=["short", "long"])
async def test_page_numbers_start_off_for_a_document_too_long_to_lay_out_in_seconds(
    make_app: MakeApp,
    catalogue: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
    most: int,
    checked: bool,
) -> None:
    """LibreOffice takes minutes over a long document: its page numbers start unchecked (the
    officer may check them), a short one's start checked."""
    monkeypatch.setattr(export, "PAGE_NUMBERS_MOST", most)  # the selection holds 1
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        screen = await open_dialog(pilot, app)
        chosen = screen.query_one("#export-options", CheckList).selected
        assert ("page_numbers" in chosen) is checked
        assert {"answer_fields", "rationale", "interpretation"} <= set(chosen)
