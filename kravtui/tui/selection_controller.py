"""The main screen's actions on the current selection, done by `SelectionController`.

`Space` ticks or unticks the row marked under the cursor; `+` / `-` tick or untick every
requirement the list shows (the uids are collected by the search service in a worker, then a
confirmation states how many, then one bulk service call does it); `t` and `u` switch the
"ticked only" and "unticked only" facets (also in the facet panel, with counts); `s`, `v`, `a`,
`x` and `b` open the selections, the selection, the questionnaire, the export and the vendors'
answers.

With `space_moves_down = true` under `[list]` in the settings, Space moves the cursor on to the
next row after ticking, so a run of rows is ticked with Space, Space, Space; under the "ticked"
or "unticked" facet the row leaves the list instead and the next row comes to the cursor.

The list marks ticked rows from one set per change (`CurrentSelection.ticked`); the status line
shows the selection's title and "N ticked" at its right (`selection_badge`). Unticking an edited
item asks first and says the edit is kept for a re-tick.

`SelectionController` is a collaborator of `MainScreen`: the screen's `action_…` methods hand the
work to it, and it reads the filters and the list through `MainView`. Ticking or unticking many,
and collecting what every filter shows, run in workers of the screen on the session's worker
connection; their results come back to the UI thread by `call_later`, which posts a message and
may be called from any thread.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.worker import get_current_worker

from kravtui.application.current_selection import attempt
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.catalogue.search import SearchQuery, matching_uids
from kravtui.i18n import t, t_count
from kravtui.i18n.visible_text import visible
from kravtui.selection.items import TickReport, UntickReport
from kravtui.selection.items import tick as tick_service
from kravtui.selection.items import untick as untick_service
from kravtui.tui.filter_state import SELECTION_KINDS, Facet, FacetKind
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.widgets.status_line import number

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""

if TYPE_CHECKING:
    from textual.screen import Screen

    from kravtui.application.catalogue_session import CatalogueSession
    from kravtui.catalogue.dbapi import Connection
    from kravtui.tui.main_view import MainView

TITLE_CELLS = 28  # the selection's title in the status line is cut to this
BULK = 500  # more uids than this are ticked or unticked in a worker


def selection_badge(session: CatalogueSession) -> Text:
    """ "✓ 3 ticked · Title" (with "final" when it is), or how to get a selection."""
    current = session.selection
    selection = current.selection
    if selection is None:
        return Text(t("tui.sel.badge_none"), style="italic")
    title = visible(selection.title)
    if len(title) > TITLE_CELLS:
        title = title[: TITLE_CELLS - 1] + "…"
    badge = Text("✓ ", style="bold")
    badge.append(t("selection.n_ticked", count=number(current.count)), "bold")
    badge.append(f" · {title}")
    if selection.is_final:
        badge.append(f" [{t('status.final')}]", "bold")
    return badge


class SelectionController:
    """The main screen's selection actions (Space, +, -, t, u, s, v, a, x, and the palette's new
    selection and mark final); the screen hands them over."""

    def __init__(self, screen: Screen[None], view: MainView, *, space_moves_down: bool) -> None:
        self.screen = screen  # notifications, dialogs and workers
        self.view = view  # the filters, the list and the search
        self.space_moves_down = space_moves_down  # the `[list] space_moves_down` setting
        self._seen = -1  # the selection's change count the list and status line show

    @property
    def session(self) -> CatalogueSession:
        return self.view.session

    def refresh_if_changed(self) -> None:
        """Another officer may have ticked in the same selection: show it."""
        if self.screen.is_current and self.session.selection.refresh_if_changed():
            self.sync()

    def sync(self) -> None:
        """Show what changed in the current selection: ticks, the facet, the status line."""
        current = self.session.selection
        if current.changes == self._seen:
            return
        self._seen = current.changes
        self.view.requirement_list.set_ticked(current.ticked)
        kind = next((f.kind for f in self.view.state.facets if f.kind in SELECTION_KINDS), None)
        if kind is not None:
            facets = tuple(f for f in self.view.state.facets if f.kind not in SELECTION_KINDS)
            if current.id is not None:
                facets += (Facet(kind, str(current.id)),)
            state = replace(self.view.state, facets=facets)
            if state != self.view.state:
                self.view.set_state(state)
            else:
                self.view.search()  # the ticks changed under the "ticked" or "unticked" facet
        else:
            self.view.recount_facets()  # the counts of "ticked" and "unticked" changed
        self.view.show_status(busy=self.view.total is None)

    def _error(self, message: str) -> None:
        self.screen.notify(message, severity="error", timeout=8)

    def _draft(self) -> bool:
        """Whether the current selection can be changed; says why not otherwise."""
        return self._has_selection() and (
            attempt(self.session.selection.require_draft, self._error) is not None
        )

    def _gone(self, message: str) -> None:
        """The selection was deleted in another session: say so, and show that there is none."""
        self.screen.notify(message, severity="warning", timeout=8)
        self.sync()

    # Space

    def tick(self) -> None:
        """Tick or untick the requirement marked under the cursor; with the `space_moves_down`
        setting, then move on to the next row (unless the row leaves the list: see above)."""
        listing = self.view.requirement_list
        row = listing.marked
        if row is None:
            self.screen.notify(t("tui.edit.nothing_selected"), severity="warning")
            return
        if row.deleted and row.uid not in self.session.selection.ticked:
            self.screen.notify(t("tui.sel.deleted_not_ticked"), severity="warning")
            return
        if not self._draft():
            return
        changes = self.session.selection.changes
        if row.uid in self.session.selection.ticked:
            self._untick([row.uid])
        else:
            self._tick([row.uid])
        done = self.session.selection.changes != changes  # not refused, not asking first
        stays = not any(f.kind in SELECTION_KINDS for f in self.view.state.facets)  # else it leaves
        if done and stays and self.space_moves_down:
            listing.move_to(listing.cursor + 1)

    def _tick(self, uids: list[str]) -> None:
        if len(uids) > BULK:
            self._start_bulk(uids, untick=False)
            return
        report = attempt(lambda: self.session.selection.tick(uids), self._error)
        if report is not None:
            self._ticked(report, len(uids))

    def _ticked(self, report: TickReport, asked: int) -> None:
        if report.restored_edited:
            uids_text = ", ".join(report.restored_edited)
            self.screen.notify(t("selection.restored_edits", uids=uids_text))
        if report.unknown:
            unknown = ", ".join(report.unknown[:10]) + (" …" if len(report.unknown) > 10 else "")
            self.screen.notify(t("selection.not_ticked", uids=unknown), severity="warning")
        if asked > 1:
            self.screen.notify(t("selection.added", count=number(asked - len(report.unknown))))
        self.sync()

    def _untick(self, uids: list[str], *, confirmed: bool = False) -> None:
        current = self.session.selection
        if not confirmed:
            edited = current.edited_among(uids)
            if edited:
                self._confirm_untick_edited(uids, edited)
                return
        if len(uids) > BULK:
            self._start_bulk(uids, untick=True)
            return
        report = attempt(lambda: current.untick(uids), self._error)
        if report is not None:
            self._unticked(report, len(uids))

    def _unticked(self, report: UntickReport, asked: int) -> None:
        if report.kept_edited:
            kept = ", ".join(report.kept_edited[:10]) + (
                " …" if len(report.kept_edited) > 10 else ""
            )
            self.screen.notify(t("selection.kept_edits", uids=kept))
        if asked > 1:
            self.screen.notify(t("selection.removed", count=number(asked)))
        self.sync()

    def _start_bulk(self, uids: list[str], *, untick: bool) -> None:
        """Tick or untick many in a worker (on the worker connection): the UI keeps answering."""
        selection = attempt(self.session.selection.require_draft, self._error)
        if selection is not None:
            key = "tui.sel.unticking" if untick else "tui.sel.ticking"
            self.screen.notify(t(key, count=number(len(uids))))
            self.screen.run_worker(
                partial(self._bulk_worker, selection.id, uids, untick),
                name="bulk",
                group="selection-bulk",
                thread=True,
            )

    def _bulk_worker(self, selection_id: int, uids: list[str], untick: bool) -> None:
        """On a worker thread: tick or untick `uids`; the UI thread is told by `_bulk_done`."""

        def job(conn: Connection) -> TickReport | UntickReport:
            if untick:
                return untick_service(conn, selection_id, uids)
            return tick_service(conn, selection_id, uids)

        try:
            report = self.session.background(job, lambda: False)
        except _REFUSED as error:
            self.screen.call_later(self._bulk_done, None, len(uids), unplaced_text(error))
            return
        self.screen.call_later(self._bulk_done, report, len(uids))

    def _bulk_done(
        self, report: TickReport | UntickReport | None, asked: int, error: str = ""
    ) -> None:
        """The worker ticked or unticked many (`report`), or was refused (`error`)."""
        current = self.session.selection
        if isinstance(report, TickReport):
            self._ticked(current.noted_tick(report), asked)
        elif isinstance(report, UntickReport):
            self._unticked(current.noted_untick(report), asked)
        else:
            self._error(error)

    def _confirm_untick_edited(self, uids: list[str], edited: list[str]) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self._untick(uids, confirmed=True)

        shown = ", ".join(edited[:5]) + (" …" if len(edited) > 5 else "")
        message = t("tui.sel.untick_edited", uids=shown, count=len(edited))
        self.screen.app.push_screen(ConfirmScreen(t("tui.sel.untick_heading"), message), done)

    # Everything shown

    def tick_all_shown(self) -> None:
        self._all_shown(untick=False)

    def untick_all_shown(self) -> None:
        self._all_shown(untick=True)

    def _all_shown(self, *, untick: bool) -> None:
        """Tick or untick what the list shows now (the filters of the result on screen, which
        may be a keystroke behind the filter bar); with nothing shown, say so."""
        shown = self.view.snapshot
        if shown is None or not self.view.requirement_list.total:
            self.screen.notify(t("tui.sel.nothing_shown"), severity="warning")
            return
        if shown.query.deleted and not untick:  # the Deleted view: nothing there can be ticked
            self.screen.notify(t("tui.sel.deleted_not_ticked"), severity="warning")
            return
        if self._draft():
            self.screen.run_worker(
                partial(self._collect_shown, shown.query, untick),
                name="collect-shown",
                group="selection-uids",
                exclusive=True,
                thread=True,
            )

    def _collect_shown(self, query: SearchQuery, untick: bool) -> None:
        """On a worker thread: the uids every filter shows, handed to `_shown_uids`."""
        worker = get_current_worker()
        try:
            uids = self.session.background(
                partial(matching_uids, query=query),
                lambda: worker.is_cancelled,
            )
        except Exception as error:  # a failed search must not end the session
            self.screen.app.call_from_thread(self._error, str(error))
            return
        if uids is not None and not worker.is_cancelled:
            self.screen.call_later(self._shown_uids, uids, untick)

    def _shown_uids(self, shown: list[str], untick: bool) -> None:
        """Ask before ticking or unticking those of `shown` (every uid the filters show) that
        would change."""
        current = self.session.selection
        title = current.title
        if untick:
            uids = [uid for uid in shown if uid in current.ticked]
            question, heading = "tui.sel.untick", "tui.sel.untick_all_heading"
        else:
            uids = [uid for uid in shown if uid not in current.ticked]
            question, heading = "tui.sel.tick", "tui.sel.tick_all_heading"
        if not uids:
            key = "tui.sel.none_to_untick" if untick else "tui.sel.all_ticked_already"
            self.screen.notify(t_count(key, len(shown), n=number(len(shown))))
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if untick:
                self._untick(uids, confirmed=True)
            else:
                self._tick(uids)

        # "the rest are ticked already" only when there is a rest
        question += "_all_question" if len(uids) == len(shown) else "_some_question"
        count = len(uids)
        text = t_count(question, count, n=number(count), shown=number(len(shown)), title=title)
        edited = current.edited_among(uids) if untick else []
        if edited:
            text += "\n\n" + t_count(
                "tui.sel.untick_all_edited", len(edited), n=number(len(edited))
            )
        self.screen.app.push_screen(ConfirmScreen(t(heading), text), done)

    # The "ticked only" and "unticked only" facets

    def ticked_only(self) -> None:
        self.toggle_facet("ticked")

    def unticked_only(self) -> None:
        self.toggle_facet("unticked")

    def toggle_facet(self, kind: FacetKind) -> None:
        """Switch "ticked" or "unticked" in the current selection on or off (the other goes)."""
        current = self.session.selection
        if current.id is None:
            self.screen.notify(t("tui.sel.none_yet"), severity="warning")
            return
        facets = tuple(f for f in self.view.state.facets if f.kind not in SELECTION_KINDS)
        if not any(f.kind == kind for f in self.view.state.facets):
            facets += (Facet(kind, str(current.id)),)
        self.view.set_state(replace(self.view.state, facets=facets))

    # Other screens

    def selections(self) -> None:
        from kravtui.tui.screens.selections import SelectionsScreen

        self.screen.app.push_screen(SelectionsScreen(self.session))

    def new_selection(self) -> None:
        from kravtui.tui.screens.selections import new_selection

        new_selection(self.screen, self.session, lambda _id: self.sync())

    def finalise_selection(self) -> None:
        from kravtui.tui.screens.finalise_flow import confirm_finalise

        current = self.session.selection
        if self._has_selection() and current.id is not None:
            confirm_finalise(self.screen, self.session, current.id, current.title, current.reload)

    def _has_selection(self) -> bool:
        """Whether there is a current selection; with none, says so and opens the selections.
        One deleted in another session since is said in one line, and the list and the status
        line show that there is none."""
        current = self.session.selection
        if current.selection is None:
            self.screen.notify(t("tui.sel.none_yet"), severity="warning")
            self.selections()
            return False
        return attempt(current.require, self._gone) is not None

    def view_selection(self) -> None:
        from kravtui.tui.screens.selection_items import SelectionItemsScreen

        if self._has_selection():
            self.screen.app.push_screen(SelectionItemsScreen(self.session))

    def questionnaire(self) -> None:
        from kravtui.tui.screens.questionnaire import QuestionnaireScreen

        if self._has_selection():
            self.screen.app.push_screen(QuestionnaireScreen(self.session))

    def export(self) -> None:
        from kravtui.tui.screens.export_dialog import ExportScreen

        if self._has_selection():
            self.screen.app.push_screen(ExportScreen(self.session))

    def answers(self) -> None:
        from kravtui.tui.screens.answers import AnswersScreen

        if self._has_selection():
            self.screen.app.push_screen(AnswersScreen(self.session))
