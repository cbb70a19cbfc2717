"""The Besvarelser screen (`b`): vendors across, one at a time at 80x24 and several side by side
at 120x40, in Danish and English; status and comment with single keys on the answer marked under
the cursor (keeping its comment), the filters (a vendor failing a minimum requirement shown, not
hidden), the winner after a question, an import from a path with its report, read-only mode,
hostile text from a vendor, and readable words under NO_COLOR."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kravtui.answers.compare import AnswerFilter
from kravtui.application.export import check_target, export_selection
from kravtui.catalogue.db import transaction
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import write_contents
from kravtui.i18n import t
from kravtui.tui.app import KravApp
from kravtui.tui.contrast import MINIMUM_CONTRAST
from kravtui.tui.screens.answer_comment import CommentScreen
from kravtui.tui.screens.answer_import import AnswerImportScreen, ImportReportScreen
from kravtui.tui.screens.answers import AnswersScreen
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.selection_dialogs import ChoiceScreen
from kravtui.tui.widgets.answer_grid import AnswerGrid
from tests.tui.answer_helpers import answered_selection
from tests.tui.helpers import notifications, opened, screen_text, settle, type_text, wait_until
from tests.tui.selection_helpers import make_selection, press
from tests.tui.test_footer_keys import footer_labels
from tests.tui.test_priority_contrast import _priority_words

MakeApp = Callable[..., KravApp]


def _screen(app: KravApp) -> AnswersScreen:
    screen = app.screen
    assert isinstance(screen, AnswersScreen), type(screen)
    return screen


def _grid(app: KravApp) -> AnswerGrid:
    return _screen(app).grid


def _row_uid(app: KravApp) -> str | None:
    grid = _grid(app)
    assert grid.comparison is not None
    return grid.comparison.items[grid.current].uid if grid.current is not None else None


def _rows(app: KravApp) -> list[str]:
    grid = _grid(app)
    assert grid.comparison is not None
    return [grid.comparison.items[row].uid for row in grid.rows]


def _header(app: KravApp) -> str:
    header = _screen(app).query_one("#answers-header")
    return screen_text(app).splitlines()[header.region.y + 1]  # under its top border


def _grid_lines(app: KravApp) -> list[str]:
    region = _grid(app).region
    return screen_text(app).splitlines()[region.y : region.bottom]


def _verdicts(catalogue: Path) -> list[tuple[str, str, str, str]]:
    with opened(catalogue) as conn:
        rows = conn.execute(
            "SELECT v.name, a.uid, a.status, a.comment FROM answer_assessment a "
            "JOIN vendor v ON v.id = a.vendor_id ORDER BY a.id"
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def _winner(catalogue: Path) -> str | None:
    with opened(catalogue) as conn:
        row = conn.execute(
            "SELECT v.name FROM selection_winner w JOIN vendor v ON v.id = w.vendor_id"
        ).fetchone()
        return str(row[0]) if row else None


async def _open(pilot: object, *keys: str) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "b", *keys)  # type: ignore[arg-type]


async def _to(pilot: object, app: KravApp, uid: str) -> None:
    """Move the grid's cursor to `uid` with the arrow keys."""
    for _ in range(20):
        if _row_uid(app) == uid:
            return
        await press(pilot, "down")  # type: ignore[arg-type]
    raise AssertionError(f"{uid} not in {_rows(app)}")


# --- showing ----------------------------------------------------------------------------------


async def test_at_80_columns_one_vendor_at_a_time_switched_with_the_arrows(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        text = screen_text(app)
        assert "Besvarelser · Udbud 2025" in text and "leverandør 1 af 2" in text
        assert "▸Alfa A/S" in _header(app) and "Beta ApS" not in _header(app)
        assert _grid(app).columns is not None and _grid(app).columns.count == 1
        sik3 = next(line for line in _grid_lines(app) if "SIK-3" in line)
        assert "Mindstekrav" in sik3 and "✗ Nej" in sik3 and "!" in sik3
        assert "OPFYLDER IKKE mindstekrav: 1" in " ".join(text.split())  # Alfa's counts
        await press(pilot, "right")
        assert "▸Beta ApS" in _header(app) and "Alfa A/S" not in _header(app)
        assert "leverandør 2 af 2" in screen_text(app)
        sik3 = next(line for line in _grid_lines(app) if "SIK-3" in line)
        assert "✓ Ja" in sik3 and "!" not in sik3
        await press(pilot, "right")  # the last vendor stays
        assert "▸Beta ApS" in _header(app)
        await press(pilot, "left", "h")
        assert "▸Alfa A/S" in _header(app)
        labels = [key for key, _ in footer_labels(app)]
        assert {"←→", "s", "c", "f", "esc", "?"} <= set(labels)
        await press(pilot, "escape")
        assert not isinstance(app.screen, AnswersScreen)


async def test_at_120_columns_vendors_side_by_side_with_counts_and_detail(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        header = _header(app)
        assert "▸Alfa A/S" in header and "│Beta ApS" in header
        text = " ".join(screen_text(app).split())
        assert "answered 5 of 5" in text and "answered 4 of 5" in text
        assert "prices in all 12,500.00" in text
        assert "FAILS minimum requirements: 1" in text
        lines = _grid_lines(app)
        log1 = next(line for line in lines if "LOG-1" in line)
        assert "+ Add-on" in log1 and "12,500.00" in log1 and "✗ No" in log1
        log3 = next(line for line in lines if "LOG-3" in line)
        assert "○ Unanswered" in log3
        assert all(len(line) <= 120 and not line.rstrip().endswith("…") for line in lines)
        await _to(pilot, app, "SIK-2")
        await wait_until(pilot, lambda: "TLS 1.3" in screen_text(app))
        assert "Alfa A/S: ~ Yes, partially" in screen_text(app)
        assert "Other vendors: Beta ApS ✓ Yes" in screen_text(app)
        await press(pilot, "right")
        assert "│Alfa A/S" in _header(app) and "▸Beta ApS" in _header(app)
        await wait_until(pilot, lambda: "Beta ApS: ✓ Yes" in screen_text(app))
        await press(pilot, "enter")  # into the detail pane, and Esc back to the grid
        assert app.screen.focused is not None
        assert app.screen.focused.id == "answers-detail-box"
        await press(pilot, "escape")
        assert isinstance(app.screen, AnswersScreen) and app.screen.focused is _grid(app)


async def test_opened_from_the_selection_screen_and_the_palette(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "v", "b")
        assert isinstance(app.screen, AnswersScreen)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert t("tui.key.answers_accept") in titles
        assert f"Filter: {t(AnswerFilter.FAILS_MINIMUM.label_key)}" in titles


async def test_no_vendor_yet_says_how_to_import(make_app: MakeApp, catalogue: Path) -> None:
    make_selection(catalogue, ticked=["SIK-1"])
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "a")
        assert "No vendor has answered this selection yet" in screen_text(app)
        assert any("import an answered file" in n for n in notifications(app))


# --- assessing --------------------------------------------------------------------------------


async def test_single_keys_set_the_status_of_the_marked_answer_and_keep_its_comment(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        await _to(pilot, app, "SIK-2")
        await press(pilot, "r")
        assert _verdicts(catalogue) == [("Alfa A/S", "SIK-2", "rejected", "")]
        sik2 = next(line for line in _grid_lines(app) if "SIK-2" in line)
        assert "Rejected" in sik2
        await press(pilot, "c")
        assert isinstance(app.screen, CommentScreen)
        await type_text(pilot, "Which archive?")
        await press(pilot, "ctrl+s")
        assert _verdicts(catalogue)[-1] == ("Alfa A/S", "SIK-2", "rejected", "Which archive?")
        await press(pilot, "u")  # the comment stays with a new status
        assert _verdicts(catalogue)[-1] == (
            "Alfa A/S",
            "SIK-2",
            "elaboration_needed",
            "Which archive?",
        )
        await press(pilot, "right", "a")  # Beta's answer to the same requirement
        assert _verdicts(catalogue)[-1] == ("Beta ApS", "SIK-2", "accepted", "")
        await press(pilot, "left", "0")
        assert _verdicts(catalogue)[-1] == ("Alfa A/S", "SIK-2", "none", "Which archive?")
        await wait_until(pilot, lambda: "Which archive?" in screen_text(app))


async def test_s_asks_which_status_and_m_asks_for_the_comment_it_needs(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "s")
        assert isinstance(app.screen, ChoiceScreen)
        assert "Afvist  (r)" in screen_text(app)
        await press(pilot, "down", "down", "down", "enter")  # Ingen, Accepteret, …, Afvist
        assert _verdicts(catalogue) == [("Alfa A/S", "SIK-1", "rejected", "")]
        await press(pilot, "m")
        assert isinstance(app.screen, CommentScreen)
        await press(pilot, "ctrl+s")  # no comment: refused in the dialog, nothing written
        assert isinstance(app.screen, CommentScreen)
        assert "'Accepteret med kommentar' kræver en kommentar" in screen_text(app)
        assert len(_verdicts(catalogue)) == 1
        await type_text(pilot, "Kun med SSO")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, AnswersScreen)
        assert _verdicts(catalogue)[-1] == (
            "Alfa A/S",
            "SIK-1",
            "accepted_with_comment",
            "Kun med SSO",
        )
        await press(pilot, "c", "escape")  # cancelled: nothing written
        assert len(_verdicts(catalogue)) == 2


async def test_a_hostile_comment_is_refused_in_one_line(make_app: MakeApp, catalogue: Path) -> None:
    answered_selection(catalogue)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "c")
        await type_text(pilot, "ok")
        area = app.screen.query_one("#comment")
        area.insert("\x1b]0;pwned\x07")  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CommentScreen)
        assert "U+001B" in screen_text(app)
        assert _verdicts(catalogue) == []


# --- filters ----------------------------------------------------------------------------------


async def test_the_filters_show_some_requirements_and_every_vendor_of_them(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        assert len(_rows(app)) == 5
        await press(pilot, "f")
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "end", "enter")  # the last: minimum requirements failed
        assert _rows(app) == ["SIK-3"]
        line = next(line for line in _grid_lines(app) if "SIK-3" in line)
        assert "✗ No" in line and "✓ Yes" in line  # Alfa fails it, Beta is shown beside
        assert "Minimum requirement answered No or Not relevant: 1 of 5" in screen_text(app)
        _screen(app).set_filter(AnswerFilter.UNANSWERED)
        await settle(pilot)
        assert _rows(app) == ["LOG-3"]
        _screen(app).set_filter(AnswerFilter.DIFFERENT)
        await settle(pilot)
        assert set(_rows(app)) == {"SIK-2", "SIK-3", "LOG-1", "LOG-3"}
        _screen(app).set_filter(AnswerFilter.ELABORATION)
        await settle(pilot)
        assert set(_rows(app)) == {"SIK-2", "LOG-3"}


# --- the winner -------------------------------------------------------------------------------


async def test_the_winner_is_chosen_after_a_question_that_names_failed_minimums(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "W")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Alfa A/S FAILS minimum requirements: SIK-3" in screen_text(app)
        await press(pilot, "n")
        assert _winner(catalogue) is None
        await press(pilot, "right", "W", "y")
        assert _winner(catalogue) == "Beta ApS"
        assert "chosen: Beta ApS" in screen_text(app)
        assert "Beta ApS ★" in _header(app)
        await press(pilot, "W")
        assert "Clear the choice?" in screen_text(app)
        await press(pilot, "y")
        assert _winner(catalogue) is None


# --- importing --------------------------------------------------------------------------------


def _answered_sheet(catalogue: Path, folder: Path, selection_id: int) -> Path:
    sheet = folder / "svar.xlsx"
    with opened(catalogue) as conn:
        export_selection(
            conn, selection_id, check_target(conn, sheet, create_folder=False), "answer-sheet"
        )
    workbook = load_workbook(sheet)
    rows = workbook.worksheets[0]
    for row in range(2, rows.max_row + 1):
        rows.cell(row=row, column=5).value = "Ja"
    rows.cell(row=2, column=6).value = "Se vores bilag."
    answered = folder / "gamma.xlsx"
    workbook.save(answered)
    return answered


def _sets(catalogue: Path) -> int:
    with opened(catalogue) as conn:
        return int(conn.execute("SELECT count(*) FROM answer_set").fetchone()[0])


async def test_an_answered_file_is_imported_from_a_path_and_its_report_read_whole(
    make_app: MakeApp, catalogue: Path, tmp_path: Path
) -> None:
    selection_id = answered_selection(catalogue)
    answered = _answered_sheet(catalogue, tmp_path, selection_id)
    (tmp_path / "mappe.xlsx").mkdir()
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "i")
        assert isinstance(app.screen, AnswerImportScreen)
        await type_text(pilot, "Gamma IT")
        await press(pilot, "enter")
        for bad, why in (
            (
                str(catalogue),
                "answers are read from a .docx requirement specification with answer fields "
                "or an .xlsx answer sheet",
            ),
            (str(tmp_path / "none.xlsx"), "No such file"),
            (str(tmp_path / "mappe.xlsx"), "is a folder"),
        ):
            app.screen.query_one("#import-path").value = bad  # type: ignore[attr-defined]
            await press(pilot, "ctrl+s")
            await wait_until(pilot, lambda: not app.screen.running)  # type: ignore[attr-defined]
            await settle(pilot)
            assert isinstance(app.screen, AnswerImportScreen)
            error = app.screen.query_one("#import-error")
            assert why in str(error.render()), (why, str(error.render()))
            assert _sets(catalogue) == 2
        app.screen.query_one("#import-path").value = str(answered)  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ImportReportScreen))
        text = screen_text(app)
        assert "Imported gamma.xlsx for Gamma IT: answered 5 of 5" in text
        await press(pilot, "escape")
        assert _sets(catalogue) == 3
        assert "▸Gamma IT" in _header(app) and "vendor 3 of 3" in screen_text(app)
        await press(pilot, "i")  # remembers what was typed
        assert app.screen.query_one("#import-vendor").value == "Gamma IT"  # type: ignore[attr-defined]
        await press(pilot, "escape")
        assert isinstance(app.screen, AnswersScreen)


# --- read-only, hostile text, the cursor ------------------------------------------------------


async def test_read_only_hides_and_refuses_every_writing_key(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("en", read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        shown = [key for key, _ in footer_labels(app)]
        assert not {"s", "c", "a", "r", "u", "m", "0", "i", "W"} & set(shown), shown
        assert {"←→", "f", "esc"} <= set(shown)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert t("tui.key.answers_accept") not in titles
        assert t("tui.key.answers_filter") in titles
        await press(pilot, "a", "r", "u", "m", "0", "s", "c", "W", "i")
        assert isinstance(app.screen, AnswersScreen)  # no dialog opened
        assert _verdicts(catalogue) == [] and _winner(catalogue) is None
        assert notifications(app).count(t("tui.edit.read_only")) >= 9
        await press(pilot, "f", "escape", "right")  # reading still works
        assert "▸Beta ApS" in _header(app)


HOSTILE_NAME = "Evil\x1b]0;pwned\x07 \u202eCorp"
HOSTILE_TEXT = "Se bilag\x1b[2J\u202e\nlinje to\x9b"


async def test_hostile_text_from_a_vendor_is_shown_escaped(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    with opened(catalogue) as conn:  # written past the import's checks, as an old file might be
        conn.execute("UPDATE vendor SET name = ? WHERE name = 'Alfa A/S'", (HOSTILE_NAME,))
        conn.execute(
            "UPDATE vendor_answer SET elaboration = ?, price = ? WHERE uid = 'SIK-1'",
            (HOSTILE_TEXT, "\x1b[31m9"),
        )
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot)
        await wait_until(pilot, lambda: "linje to" in screen_text(app))
        for strip in app.screen._compositor.render_strips():
            for segment in strip:
                if not segment.control:
                    assert not {"\x1b", "\u202e", "\x9b", "\x07"} & set(segment.text), segment
        text = screen_text(app)
        assert "Evil\\x1b]0;pwned\\x07 \\u202eCorp" in text
        assert "Se bilag\\x1b[2J\\u202e" in text
        await press(pilot, "W")
        assert "\\x1b" in screen_text(app)


async def test_the_cursor_row_is_on_screen_and_actions_take_it(
    make_app: MakeApp, catalogue: Path
) -> None:
    more = [
        RequirementContent(uid=f"ARK-{n}", title=f"Arkivkrav {n}", category="ARK")
        for n in range(10, 30)
    ]
    with opened(catalogue) as conn, transaction(conn):
        write_contents(conn, more)
    answers = {r.uid: ("Ja", "", "") for r in more}  # more rows than 80x24 shows
    answered_selection(catalogue, {"Alfa A/S": answers}, ticked=list(answers))
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "G")
        grid = _grid(app)
        assert grid.cursor_in_view and grid.cursor == len(grid.rows) - 1
        assert round(grid.scroll_offset.y) > 0  # scrolled to reach it
        last = _row_uid(app)
        await press(pilot, "a")
        assert _verdicts(catalogue)[-1][:3] == ("Alfa A/S", last, "accepted")
        await press(pilot, "g")
        assert grid.cursor == 0 and round(grid.scroll_offset.y) == 0


# --- readable -------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "no_color"), [("da", False), ("en", True)])
async def test_priority_words_and_failed_minimums_read_under_no_color(
    make_app: MakeApp,
    catalogue: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    no_color: bool,
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    answered_selection(catalogue)
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot)
        words = _priority_words(app)
        assert {t("importance.absolute"), t("importance.high")} <= {w for w, _ in words}
        assert [f"{w} {r:.1f}" for w, r in words if r < MINIMUM_CONTRAST] == []
        line = next(line for line in _grid_lines(app) if "SIK-3" in line)
        assert "!" in line and t("tui.answers.short.no") in line  # a glyph and a word
