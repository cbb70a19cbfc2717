"""Notifications at 80x24: every word shown, and never over a dialog's buttons.

The PostgreSQL walk found a toast that lost its last line (Textual measured its height as if
the toast rack had no scrollbar, and drew it beside one, a column narrower), toasts over the
export dialog's frame and over the discard question's buttons, and "the server does not
answer" still on screen next to "the server answers again".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, Input

from kravtui.i18n import t, t_count
from kravtui.tui.app import KravApp
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.textual_internals import Toast
from tests.tui.editing_helpers import go_to
from tests.tui.helpers import screen_text, settle, toasts_shown, withdraw_all
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]
LANGUAGES = ["da", "en"]

PATH = "/home/per/Dokumenter/kravtui/Udbud 2025 – ESDH.docx"
SAMPLES: dict[str, object] = {
    "uid": "SIK-014",
    "uids": "SIK-014, LOG-002, ARK-007",
    "title": "Udbud 2025 – ESDH",
    "path": PATH,
    "count": 128,
    "number": 4,
    "ticked": 12,
    "new": "heraf 3 nye",
}

# What an officer (first) and an editor see in toasts, in their own words.
FLOWS = (
    "catalogue.postgres.role_reads_requirements",
    "tui.edit.read_only",
    "tui.edit.nothing_selected",
    "tui.sel.now_current",
    "selection.added",
    "selection.restored_edits",
    "selection.kept_edits",
    "tui.sel.deleted_not_ticked",
    "tui.q.applied",
    "tui.export.done.other",
    "tui.detail.moved",
    "tui.detail.changed",
    "tui.detail.gone",
    "tui.server.lost",
    "tui.server.back",
    "tui.form.saved",
    "tui.delete.done",
    "tui.restore.done",
    "tui.history.restored",
    "tui.conflict.took_theirs",
)


def _words(lang: str) -> list[str]:
    """Many real words of the flows' messages, to cut sentences of every length from."""
    return " ".join(t(key, lang, **SAMPLES) for key in FLOWS).split()


async def _open_detail(pilot: object, app: KravApp) -> None:
    await press(pilot, "enter")  # type: ignore[arg-type]
    assert isinstance(app.screen, DetailScreen)


async def _open_export(pilot: object, app: KravApp) -> None:
    await press(pilot, "x")  # type: ignore[arg-type]
    assert isinstance(app.screen, ExportScreen)


async def _stay(pilot: object, app: KravApp) -> None:
    assert isinstance(app.screen, MainScreen)


WHERE = {"list": _stay, "detail": _open_detail, "dialog": _open_export}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("where", list(WHERE))
async def test_a_toast_of_any_length_shows_every_word(
    make_app: MakeApp, catalogue: Path, lang: str, where: str
) -> None:
    make_selection(catalogue, "Udbud 2025", ["SIK-1"])
    app = make_app(lang)
    words = _words(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await WHERE[where](pilot, app)
        for length in range(1, min(len(words), 45)):
            message = " ".join(words[:length])
            app.notify(message)
            await settle(pilot)
            assert toasts_shown(app) == [message], length
            await withdraw_all(pilot)


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_the_flows_toasts_are_shown_whole(make_app: MakeApp, lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for key in FLOWS:
            message = t(key, **SAMPLES)
            app.notify(message)
            await settle(pilot)
            assert toasts_shown(app) == [message], key
            await withdraw_all(pilot)


def _cells(region: Region) -> set[tuple[int, int]]:
    return {(x, y) for x in range(region.x, region.right) for y in range(region.y, region.bottom)}


def _covered(app: KravApp) -> set[tuple[int, int]]:
    return {cell for toast in app.screen.query(Toast) for cell in _cells(toast.region)}


def _kept_free(app: KravApp) -> dict[str, set[tuple[int, int]]]:
    """The dialog's buttons and the bottom edge of its frame."""
    (box,) = app.screen.query(".dialog-box, .edit-dialog")
    frame = box.region
    bottom = {(x, frame.bottom - 1) for x in range(frame.x, frame.right)}
    buttons: list[Widget] = list(app.screen.query(Button))
    return {"frame": bottom} | {str(b.id): _cells(b.region) for b in buttons}


async def _three_toasts(pilot: object, app: KravApp) -> list[str]:
    said = [
        t("tui.server.lost"),
        t("catalogue.postgres.role_reads_requirements"),
        t_count("tui.export.done", 12, path=PATH),
    ]
    for message in said:
        app.notify(message, timeout=30)
    await settle(pilot)  # type: ignore[arg-type]
    return said


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_toasts_leave_the_export_dialogs_buttons_and_frame_free(
    make_app: MakeApp, catalogue: Path, lang: str
) -> None:
    make_selection(catalogue, "Udbud 2025", ["SIK-1", "ARK-1"])
    app = make_app(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify(t("tui.sel.now_current", title="Udbud 2025"), timeout=30)
        await settle(pilot)
        await press(pilot, "x")
        assert isinstance(app.screen, ExportScreen)
        said = await _three_toasts(pilot, app)
        assert toasts_shown(app) == [t("tui.sel.now_current", title="Udbud 2025"), *said]
        for name, cells in _kept_free(app).items():
            assert not cells & _covered(app), name
        # the list's copy of the first toast does not show through beside the dialog's own
        assert screen_text(app).count(t("tui.sel.now_current", title="Udbud 2025")) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
async def test_toasts_leave_the_discard_questions_buttons_free(
    make_app: MakeApp, lang: str
) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await go_to(pilot, "SIK-2")
        await press(pilot, "e")
        app.screen.query_one("#f-title", Input).value = "Kryptering under transport, TLS 1.3"
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        said = await _three_toasts(pilot, app)
        assert toasts_shown(app) == said
        for name, cells in _kept_free(app).items():
            assert not cells & _covered(app), name
