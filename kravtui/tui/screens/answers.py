"""The Besvarelser screen (`b`): every vendor's answers to the current selection, requirements
down and vendors across, where the officer assesses them and chooses a vendor.

At 80 columns one vendor is shown at a time and ←/→ switch; wider screens show several side by
side, the one the keys act on marked `▸`. Each vendor's counts by priority and choice and the
sum of its prices are at the top (no price anywhere when the selection asks for none); the
answer under the cursor is below in full (elaboration, comment, the verdicts given). `f` shows
only some requirements (unanswered, needing an elaboration, answered differently, a minimum
requirement failed: `AnswerFilter`); a vendor failing a minimum requirement is shown failing,
never hidden. `a`, `m`, `r`, `u`, `0` set the status of the answer marked under the cursor (`s`
asks which), `c` its comment, `W` chooses the vendor (after a question), `i` imports an
answered file, `x` writes the evaluation report (DOCX or XLSX, `AnswerReportScreen`). Every
change is one call of the use cases `kravtui answers` calls (`kravtui.application.answers`);
read-only, the writing keys are hidden and refused. A single status key keeps the answer's
comment (the use case's rule, so `answers assess` without `--comment` keeps it too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, Static

from kravtui.answers.compare import AnswerFilter, Comparison, reload_verdicts
from kravtui.answers.records import STATUS_ORDER, Status
from kravtui.answers.store import ImportResult
from kravtui.application.answers import (
    AnswerDetail,
    answer_detail,
    assess_answers,
    choose_winner,
    clear_winner,
    compare_answers,
)
from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.current_selection import attempt
from kravtui.i18n import t, t_count, uid_list
from kravtui.tui.keys import ANSWERS_KEYS, ANSWERS_WRITING, KeySpec, install
from kravtui.tui.screens.answer_comment import CommentScreen
from kravtui.tui.screens.answer_import import AnswerImportScreen, ImportReportScreen
from kravtui.tui.screens.answer_report import AnswerReportScreen
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.selection_dialogs import ChoiceScreen
from kravtui.tui.widgets.answer_columns import header_text
from kravtui.tui.widgets.answer_grid import AnswerGrid
from kravtui.tui.widgets.answer_texts import detail_text, summary_text
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.row_painter import plain
from kravtui.tui.widgets.status_line import number

DETAIL_DELAY = 0.12  # while the cursor keeps moving (a held key), the detail pane waits
Target = tuple[Comparison, int, int]  # the comparison, a row of it, a vendor of it


def _assess_action(status: Status) -> str:
    return f"assess('{status.value}')"


def answers_specs(read_only: bool) -> tuple[KeySpec, ...]:
    """The screen's keys; read-only, the writing ones are hidden from the footer."""
    if not read_only:
        return ANSWERS_KEYS
    return tuple(replace(s, show=False) if s.id in ANSWERS_WRITING else s for s in ANSWERS_KEYS)


class AnswersScreen(Screen[None]):
    """Vendors' answers to the current selection, side by side."""

    CSS_PATH = ["selection.tcss", "answers.tcss"]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012

    def __init__(self, session: CatalogueSession) -> None:
        super().__init__()
        self.specs = answers_specs(session.read_only)
        install(self, self.specs)
        self.session = session
        selection = session.selection.selection
        assert selection is not None, "the answers screen needs a current selection"
        self.selection_id = selection.id
        self.comparison: Comparison | None = None
        self.answer_filter = AnswerFilter.ALL
        self.import_values = ("", "")
        self._detail_timer: Timer | None = None
        self._detail_shown: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="answers-title", classes="screen-title")
        yield Static(id="answers-summary")
        yield Static(id="answers-header")
        yield AnswerGrid(self.session.uid_width, id="answers-grid")
        yield Label(id="answers-status")
        with VerticalScroll(id="answers-detail-box"):
            yield Static(id="answers-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.grid.focus()

    @property
    def grid(self) -> AnswerGrid:
        return self.query_one("#answers-grid", AnswerGrid)

    # Showing

    def reload(self, uid: str | None = None, vendor_id: int | None = None) -> None:
        """Read every vendor's answers again; the cursor stays on its requirement (or `uid`)
        and the keys on their vendor (or the vendor `vendor_id`)."""
        old = self.comparison
        grid = self.grid
        if old is not None and grid.current is not None and uid is None:
            uid = old.items[grid.current].uid
        if old is not None and old.vendors and vendor_id is None:
            vendor_id = old.vendors[grid.vendor].vendor.id
        comparison = attempt(
            lambda: compare_answers(self.session.conn, self.selection_id), self._error
        )
        if comparison is None:
            return
        self.comparison = comparison
        ids = [column.vendor.id for column in comparison.vendors]
        vendor = ids.index(vendor_id) if vendor_id in ids else 0
        row = comparison.index_of(uid) if uid is not None else None
        self._show(comparison, row, vendor)

    def _show(self, comparison: Comparison, row: int | None, vendor: int) -> None:
        """Show `comparison` through the filter, the cursor at `row`, the keys on `vendor`."""
        self.comparison = comparison
        self._detail_shown = None
        rows = comparison.matching(self.answer_filter) if comparison.vendors else []
        empty = Text(t("tui.answers.none") if not comparison.vendors else "—", style="italic")
        self.grid.show(comparison, rows, row, vendor, empty)
        self._show_status()
        self._show_columns()

    def _show_columns(self) -> None:
        """The title, the counts and the header, for the vendors the grid shows."""
        comparison, grid = self.comparison, self.grid
        if comparison is None:
            return
        title = Text(t("tui.answers.title", title=plain(comparison.title)), style="bold")
        count = len(comparison.vendors)
        if count:
            title.append("  ·  " + t("tui.answers.position", number=grid.vendor + 1, count=count))
        if comparison.winner is not None:
            title.append("  ·  " + t("tui.answers.chosen", vendor=plain(comparison.winner.name)))
        self.query_one("#answers-title", Label).update(title)
        layout = grid.columns
        summary = self.query_one("#answers-summary", Static)
        header = self.query_one("#answers-header", Static)
        if layout is None or not count:
            summary.update("")
            header.update("")
            return
        summary.update(summary_text(comparison, layout.shown, grid.vendor))
        header.update(header_text(comparison, layout, grid.vendor))

    def _show_status(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        shown = t_count(
            "tui.answers.shown",
            len(comparison.items),
            filter=t(self.answer_filter.label_key),
            shown=number(len(self.grid.rows)),
            total=number(len(comparison.items)),
        )
        text = Text(shown)
        legend = t("tui.answers.legend")
        if len(shown) + len(legend) + 4 <= self.size.width - 2:
            text.append("    " + legend, "dim")
        self.query_one("#answers-status", Label).update(text)

    def on_answer_grid_arranged(self, event: AnswerGrid.Arranged) -> None:
        event.stop()
        self._show_columns()
        self._show_status()
        self._detail_soon()

    def on_answer_grid_highlighted(self, event: AnswerGrid.Highlighted) -> None:
        event.stop()
        self._detail_soon()

    def on_answer_grid_opened(self, event: AnswerGrid.Opened) -> None:
        event.stop()
        self.query_one("#answers-detail-box", VerticalScroll).focus()

    def _detail_soon(self) -> None:
        """Show the answer under the cursor after the grid has drawn; while the cursor keeps
        moving (a held key), once it rests."""
        if self._detail_timer is None:
            self.call_after_refresh(self._show_detail)
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._detail_settled)
        else:
            self._detail_timer.reset()

    def _detail_settled(self) -> None:
        self._detail_timer = None
        self.call_after_refresh(self._show_detail)

    def _show_detail(self) -> None:
        comparison, grid = self.comparison, self.grid
        pane = self.query_one("#answers-detail", Static)
        row = grid.current
        if comparison is None or row is None or not comparison.vendors:
            self._detail_shown = None
            pane.update("")
            return
        if self._detail_shown == (row, grid.vendor):
            return
        self._detail_shown = (row, grid.vendor)
        detail = attempt(
            lambda: answer_detail(self.session.conn, comparison, row, grid.vendor), self._error
        )
        if detail is not None:
            pane.update(detail_text(comparison, row, grid.vendor, detail))
            self.query_one("#answers-detail-box", VerticalScroll).scroll_home(animate=False)

    # Moving

    def action_vendor(self, delta: int) -> None:
        """→ / ←: the next or previous vendor."""
        self.grid.set_vendor(self.grid.vendor + delta)

    def action_filter(self) -> None:
        def done(chosen: AnswerFilter | None) -> None:
            if chosen is not None and self.comparison is not None:
                self.answer_filter = chosen
                grid = self.grid
                self._show(self.comparison, grid.current, grid.vendor)

        choices = [(t(f.label_key), f) for f in AnswerFilter]
        title = t("tui.answers.filter_title")
        self.app.push_screen(ChoiceScreen(title, choices, self.answer_filter), done)

    def set_filter(self, answer_filter: AnswerFilter) -> None:
        """Show the requirements `answer_filter` picks (the palette's entries)."""
        if self.comparison is not None:
            self.answer_filter = answer_filter
            self._show(self.comparison, self.grid.current, self.grid.vendor)

    def action_back(self) -> None:
        """Esc: from the detail pane back to the grid; from the grid back to where `b` was."""
        if self.focused is not None and self.focused.id == "answers-detail-box":
            self.grid.focus()
        else:
            self.dismiss()

    # Changing

    def _error(self, message: str) -> None:
        self.notify(message, severity="error", timeout=8)

    def _refused(self) -> bool:
        if self.session.read_only:
            self.notify(t("tui.edit.read_only"), severity="warning")
        return self.session.read_only

    def _target(self) -> Target | None:
        """The comparison, the row marked under the cursor and the vendor the keys act on;
        None (said why) when there is no vendor or no marked row."""
        comparison = self.comparison
        if comparison is None or not comparison.vendors:
            self.notify(t("tui.answers.no_vendor"), severity="warning")
            return None
        row = self.grid.marked
        if row is None:
            self.notify(t("tui.edit.nothing_selected"), severity="warning")
            return None
        return comparison, row, self.grid.vendor

    def _detail_of(self, target: Target) -> AnswerDetail | None:
        return attempt(lambda: answer_detail(self.session.conn, *target), self._error)

    def action_assess(self, code: str) -> None:
        """a, m, r, u, 0: give the marked answer this status (m asks for the comment)."""
        if self._refused():
            return
        target = self._target()
        if target is None:
            return
        status = Status(code)
        if not status.needs_comment:
            self._assess(target, status, None)  # the use case keeps the answer's comment
            return
        detail = self._detail_of(target)
        if detail is not None:
            comment = detail.history[0].comment if detail.history else ""
            self._ask_comment(target, status, comment)

    def action_status(self) -> None:
        """s: choose the marked answer's status from the five."""
        if self._refused():
            return
        target = self._target()
        detail = self._detail_of(target) if target is not None else None
        if target is None or detail is None:
            return
        current = detail.history[0] if detail.history else None
        keys = {spec.action: spec.key for spec in ANSWERS_KEYS}
        choices = [
            (f"{t(status.label_key)}  ({keys[_assess_action(status)]})", status)
            for status in STATUS_ORDER
        ]

        def done(status: Status | None) -> None:
            if status is not None:
                self.call_later(self.action_assess, status.value)

        vendor, uid = plain(detail.vendor.name), plain(detail.item.uid)
        title = t("tui.answers.status_title", vendor=vendor, uid=uid)
        self.app.push_screen(
            ChoiceScreen(title, choices, current.status if current else None), done
        )

    def action_comment(self) -> None:
        """c: the question or comment on the marked answer (its status stays)."""
        if self._refused():
            return
        target = self._target()
        detail = self._detail_of(target) if target is not None else None
        if target is None or detail is None:
            return
        current = detail.history[0] if detail.history else None
        status = current.status if current else Status.NONE
        self._ask_comment(target, status, current.comment if current else "")

    def _ask_comment(self, target: Target, status: Status, comment: str) -> None:
        comparison, row, vendor = target
        name = comparison.vendors[vendor].vendor.name
        uid = comparison.items[row].uid

        def save(text: str) -> str | None:
            refusal: list[str] = []
            self._assess(target, status, text, refusal.append)
            return refusal[0] if refusal else None

        title = t("tui.answers.comment_title", vendor=plain(name), uid=plain(uid))
        self.app.push_screen(CommentScreen(title, comment, save))

    def _assess(
        self,
        target: Target,
        status: Status,
        comment: str | None,
        refused: Callable[[str], None] | None = None,
    ) -> None:
        """Give the answer `status` and `comment` (None keeps its comment) through the CLI's
        use case, then show it;
        a refusal goes to `refused` (the comment dialog's error line) or a notification."""
        comparison, row, vendor = target
        column = comparison.vendors[vendor]
        uid = comparison.items[row].uid
        report = refused or self._error
        changed = attempt(
            lambda: assess_answers(
                self.session.conn, self.selection_id, column.vendor.name, [uid], status, comment
            ),
            report,
        )
        if changed is None:
            return
        fresh = attempt(lambda: reload_verdicts(self.session.conn, comparison, vendor), report)
        if fresh is None:
            return
        self._show(fresh, row, vendor)
        key = "tui.answers.set" if changed else "tui.answers.unchanged"
        self.notify(t(key, uid=uid, vendor=column.vendor.name, status=t(status.label_key)))

    def action_winner(self) -> None:
        """W: make the vendor the keys act on the chosen one (or clear it), after a question."""
        if self._refused():
            return
        comparison = self.comparison
        if comparison is None or not comparison.vendors:
            self.notify(t("tui.answers.no_vendor"), severity="warning")
            return
        summary = comparison.vendors[self.grid.vendor].summary
        vendor, title = summary.vendor, comparison.title
        if summary.chosen:
            question = t(
                "tui.answers.unchoose_question", vendor=plain(vendor.name), title=plain(title)
            )
            yes = t("tui.answers.unchoose_yes")
            self.app.push_screen(ConfirmScreen(question, yes=yes), self._clear_winner)
            return
        lines = [
            t(
                "tui.answers.winner_answered",
                vendor=vendor.name,
                answered=number(summary.answered),
                items=number(summary.items),
            )
        ]
        if summary.fails_minimum:
            failed = uid_list(list(summary.fails_minimum))
            lines.append(t("tui.answers.winner_fails", vendor=vendor.name, uids=failed))
        if comparison.winner is not None:
            lines.append(t("tui.answers.winner_replaces", vendor=comparison.winner.name))

        def done(yes: bool | None) -> None:
            if yes and attempt(
                lambda: choose_winner(self.session.conn, self.selection_id, vendor.name),
                self._error,
            ):
                self.reload()
                self.notify(t("tui.answers.winner_done", vendor=vendor.name, title=title))

        question = t("tui.answers.winner_question", vendor=plain(vendor.name), title=plain(title))
        detail = Text("\n".join(plain(line) for line in lines))
        yes = t("tui.answers.winner_yes")
        self.app.push_screen(ConfirmScreen(question, detail, yes=yes), done)

    def _clear_winner(self, yes: bool | None) -> None:
        comparison = self.comparison
        if not yes or comparison is None:
            return
        if attempt(lambda: clear_winner(self.session.conn, self.selection_id), self._error):
            self.reload()
            self.notify(t("answers.cli.no_winner", title=comparison.title))

    def action_import_file(self) -> None:
        """i: import an answered file for a vendor; the report follows."""
        if self._refused():
            return
        comparison = self.comparison
        if comparison is None:
            return
        vendor, path = self.import_values
        dialog = AnswerImportScreen(
            self.session, self.selection_id, comparison.title, vendor=vendor, path=path
        )

        def done(result: ImportResult | None) -> None:
            self.import_values = dialog.values()
            if result is not None:
                self.reload(vendor_id=result.answer_set.vendor.id)
                self.app.push_screen(ImportReportScreen(result))

        self.app.push_screen(dialog, done)

    def action_report(self) -> None:
        """x: write the evaluation report (it changes nothing, so read-only may too)."""
        comparison = self.comparison
        if comparison is not None:
            self.app.push_screen(
                AnswerReportScreen(self.session, self.selection_id, comparison.title)
            )
