"""Pilot tests: a DOCX exported from the dialog carries the contents' page numbers (LibreOffice lays
it out once), and without LibreOffice the officer is told in one line where the numbers appear,
at 80x24 and 120x40, in Danish and English."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from kravtui.i18n import t
from kravtui.tui.app import KravApp
from kravtui.tui.screens.export_dialog import ExportScreen
from tests.test_docx_support import NEEDS_LIBREOFFICE, libreoffice
from tests.tui.helpers import notifications, screen_text, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]
EVERY_WAY = [((80, 24), "da"), ((120, 40), "en")]  # both sizes and both languages, once each
EVERY_WAY_IDS = [f"{w}x{h}-{lang}" for (w, h), lang in EVERY_WAY]
STORED_PAGE = re.compile(r' PAGEREF _Toc\d{9} \\h .*?<w:t xml:space="preserve">(\d*)</w:t>')


async def export_docx(pilot: object, app: KravApp) -> None:
    """`x`, Enter (DOCX in the exports folder), and wait until the dialog has closed."""
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "x")  # type: ignore[arg-type]
    assert isinstance(app.screen, ExportScreen)
    await press(pilot, "enter")  # type: ignore[arg-type]
    for _ in range(20000):
        await settle(pilot)  # type: ignore[arg-type]
        if not isinstance(app.screen, ExportScreen):
            return
    raise AssertionError(screen_text(app))


def stored_pages(path: Path) -> list[str]:
    return STORED_PAGE.findall(zipfile.ZipFile(path).read("word/document.xml").decode("utf-8"))


@pytest.mark.parametrize(("size", "language"), EVERY_WAY, ids=EVERY_WAY_IDS)
async def test_without_libreoffice_the_docx_is_written_and_one_line_says_where_the_numbers_appear(
    make_app: MakeApp,
    catalogue: Path,
    user_folders: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
) -> None:
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    make_selection(catalogue, ticked=["SIK-1", "ARK-1"])
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        await export_docx(pilot, app)
        notice = t("docx.pages.no_libreoffice", language)
        assert notifications(app).count(notice) == 1
        assert "\n" not in notice and "F9" in notice
    written = user_folders / "Udbud-2025.docx"
    assert set(stored_pages(written)) == {""}


@pytest.mark.skipif(libreoffice() is None, reason=NEEDS_LIBREOFFICE)
async def test_with_libreoffice_the_contents_carry_their_page_numbers_without_a_notice(
    make_app: MakeApp, catalogue: Path, user_folders: Path
) -> None:
    make_selection(catalogue, ticked=["SIK-1", "ARK-1"])
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await export_docx(pilot, app)
        assert not [n for n in notifications(app) if "F9" in n]
    pages = stored_pages(user_folders / "Udbud-2025.docx")
    assert len(pages) > 5 and all(page.isdigit() for page in pages), pages
    assert [int(page) for page in pages] == sorted(int(page) for page in pages)


async def test_unticking_page_numbers_skips_libreoffice_and_its_notice(
    make_app: MakeApp,
    catalogue: Path,
    user_folders: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dialog's choice is the CLI's `--no-page-numbers`: no LibreOffice run (here a
    LibreOffice that would fail loudly), no notice, the contents' numbers left to the reader."""
    from textual.widgets import Input

    from kravtui.tui.widgets.check_list import CheckList

    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    ran = tmp_path / "soffice-ran"
    fake = bin_folder / "soffice"
    fake.write_text(f"#!/bin/sh\ntouch {ran}\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}:/usr/bin:/bin")
    make_selection(catalogue, ticked=["SIK-1", "ARK-1"])
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        options = screen.query_one("#export-options", CheckList)
        options.focus()
        await settle(pilot)
        for _ in range(3):
            await press(pilot, "down")
        await press(pilot, "space")  # the fourth: page numbers in the contents
        assert "page_numbers" not in options.selected
        screen.query_one("#export-path", Input).focus()
        await press(pilot, "enter")
        for _ in range(2000):
            await settle(pilot)
            if not isinstance(app.screen, ExportScreen):
                break
        assert not [n for n in notifications(app) if "F9" in n]
    assert not ran.exists()
    assert set(stored_pages(user_folders / "Udbud-2025.docx")) == {""}
