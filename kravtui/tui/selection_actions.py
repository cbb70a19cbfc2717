"""The main screen's actions on the current selection, mixed into `MainScreen`.

`Space` ticks or unticks the row marked under the cursor; `+` / `-` tick or untick every
requirement the list shows (the uids are collected by the search service in a worker, then a
confirmation states how many, then one bulk service call does it); `t` and `u` switch the
"ticked only" and "unticked only" facets (also in the facet panel, with counts); `s`, `v`, `a`
and `x` open the selections, the selection, the questionnaire and the export.

With `space_moves_down = true` under `[list]` in the settings, Space moves the cursor on to the
next row after ticking, so a run of rows is ticked with Space, Space, Space; under the "ticked"
or "unticked" facet the row leaves the list instead and the next row comes to the cursor.

The list marks ticked rows from one set per change (`CurrentSelection.ticked`); the status line
shows the selection's title and "N ticked" at its right. Unticking an edited item asks first
and says the edit is kept for a re-tick.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from kravtui.application.current_selection import attempt
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.search import SearchQuery, fetch_rows
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.selection.items import TickReport, UntickReport
from kravtui.selection.items import tick as tick_service
from kravtui.selection.items import untick as untick_service
from kravtui.tui.filter_state import SELECTION_KINDS, Facet, FacetKind, FilterState
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.widgets.status_line import number

if TYPE_CHECKING:
    from textual.screen import Screen

    from kravtui.application.catalogue_session import CatalogueSession, ListSnapshot
    from kravtui.tui.widgets.requirement_list import RequirementList

    _Base = Screen[None]
else:
    _Base = object

TITLE_CELLS = 28  # the selection's title in the status line is cut to this
BULK = 500  # more uids than this are ticked or unticked in a worker
ALL = 2**31  # as a row limit: every row


class BulkDone(Message):
    """A worker ticked or unticked many (`report`), or was refused (`error`)."""

    def __init__(
        self, report: TickReport | UntickReport | None, asked: int, error: str = ""
    ) -> None:
        super().__init__()
        self.report = report
        self.asked = asked
        self.error = error


class ShownUids(Message):
    """The uids every filter shows, collected for "tick all shown" or "untick all shown"."""

    def __init__(self, uids: list[str], untick: bool) -> None:
        super().__init__()
        self.uids = uids
        self.untick = untick


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


class SelectionActions(_Base):
    """Tick, untick and the selection screens, for the main screen."""

    if TYPE_CHECKING:
        session: CatalogueSession
        state: FilterState
        total: int | None
        snapshot: ListSnapshot | None

        @property
        def requirement_list(self) -> RequirementList: ...

        def set_state(self, state: FilterState, *, from_input: bool = False) -> None: ...

        def _search(self, uid: str | None = None) -> None: ...

        def _show_status(self, *, busy: bool) -> None: ...

        def recount_facets(self) -> None: ...

    _selection_seen = -1
    space_moves_down = False  # the `[list] space_moves_down` setting

    def selection_badge(self) -> Text:
        """The right-hand side of the status line."""
        return selection_badge(self.session)

    def on_mount(self) -> None:
        self.sync_selection()

    def on_screen_resume(self) -> None:
        self.sync_selection()

    def refresh_selection_if_changed(self) -> None:
        """Another officer may have ticked in the same selection: show it."""
        if self.is_current and self.session.selection.refresh_if_changed():
            self.sync_selection()

    def sync_selection(self) -> None:
        """Show what changed in the current selection: ticks, the facet, the status line."""
        current = self.session.selection
        if current.changes == self._selection_seen:
            return
        self._selection_seen = current.changes
        self.requirement_list.set_ticked(current.ticked)
        kind = next((f.kind for f in self.state.facets if f.kind in SELECTION_KINDS), None)
        if kind is not None:
            facets = tuple(f for f in self.state.facets if f.kind not in SELECTION_KINDS)
            if current.id is not None:
                facets += (Facet(kind, str(current.id)),)
            state = replace(self.state, facets=facets)
            if state != self.state:
                self.set_state(state)
            else:
                self._search()  # the ticks changed under the "ticked" or "unticked" facet
        else:
            self.recount_facets()  # the counts of "ticked" and "unticked" changed
        self._show_status(busy=self.total is None)

    def _error(self, message: str) -> None:
        self.notify(message, severity="error", timeout=8)

    def _draft(self) -> bool:
        """Whether the current selection can be changed; says why not otherwise."""
        current = self.session.selection
        if current.selection is None:
            self.notify(t("tui.sel.none_yet"), severity="warning")
            self.action_selections()
            return False
        return attempt(current.require_draft, self._error) is not None

    # Space

    def action_tick(self) -> None:
        """Tick or untick the requirement marked under the cursor; with the `space_moves_down`
        setting, then move on to the next row (unless the row leaves the list: see above)."""
        listing = self.requirement_list
        row = listing.marked
        if row is None:
            self.notify(t("tui.edit.nothing_selected"), severity="warning")
            return
        if not self._draft():
            return
        changes = self.session.selection.changes
        if row.uid in self.session.selection.ticked:
            self._untick([row.uid])
        else:
            self._tick([row.uid])
        done = self.session.selection.changes != changes  # not refused, not asking first
        stays = not any(f.kind in SELECTION_KINDS for f in self.state.facets)  # else it leaves
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
            self.notify(t("selection.restored_edits", uids=uids_text))
        if report.unknown:
            unknown = ", ".join(report.unknown[:10]) + (" …" if len(report.unknown) > 10 else "")
            self.notify(t("selection.not_ticked", uids=unknown), severity="warning")
        if asked > 1:
            self.notify(t("selection.added", count=number(asked - len(report.unknown))))
        self.sync_selection()

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
            self.notify(t("selection.kept_edits", uids=kept))
        if asked > 1:
            self.notify(t("selection.removed", count=number(asked)))
        self.sync_selection()

    def _start_bulk(self, uids: list[str], *, untick: bool) -> None:
        """Tick or untick many in a worker (on the worker connection): the UI keeps answering."""
        selection = attempt(self.session.selection.require_draft, self._error)
        if selection is not None:
            key = "tui.sel.unticking" if untick else "tui.sel.ticking"
            self.notify(t(key, count=number(len(uids))))
            self._bulk_worker(selection.id, uids, untick)

    @work(thread=True, group="selection-bulk")
    def _bulk_worker(self, selection_id: int, uids: list[str], untick: bool) -> None:
        def job(conn: sqlite3.Connection) -> TickReport | UntickReport:
            if untick:
                return untick_service(conn, selection_id, uids)
            return tick_service(conn, selection_id, uids)

        try:
            report = self.session.background(job, lambda: False)
        except (CatalogueError, sqlite3.Error) as error:
            self.post_message(BulkDone(None, len(uids), str(error)))
            return
        self.post_message(BulkDone(report, len(uids)))

    def on_bulk_done(self, message: BulkDone) -> None:
        report = message.report
        current = self.session.selection
        if isinstance(report, TickReport):
            self._ticked(current.noted_tick(report), message.asked)
        elif isinstance(report, UntickReport):
            self._unticked(current.noted_untick(report), message.asked)
        else:
            self._error(message.error)

    def _confirm_untick_edited(self, uids: list[str], edited: list[str]) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self._untick(uids, confirmed=True)

        shown = ", ".join(edited[:5]) + (" …" if len(edited) > 5 else "")
        message = t("tui.sel.untick_edited", uids=shown, count=len(edited))
        self.app.push_screen(ConfirmScreen(t("tui.sel.untick_heading"), message), done)

    # Everything shown

    def action_tick_all_shown(self) -> None:
        self._all_shown(untick=False)

    def action_untick_all_shown(self) -> None:
        self._all_shown(untick=True)

    def _all_shown(self, *, untick: bool) -> None:
        """Tick or untick what the list shows now (the filters of the result on screen, which
        may be a keystroke behind the filter bar); with nothing shown, say so."""
        shown = self.snapshot
        if shown is None or not self.requirement_list.total:
            self.notify(t("tui.sel.nothing_shown"), severity="warning")
            return
        if self._draft():
            self._collect_shown(shown.query, untick)

    @work(thread=True, exclusive=True, group="selection-uids")
    def _collect_shown(self, query: SearchQuery, untick: bool) -> None:
        worker = get_current_worker()
        try:
            uids = self.session.background(
                lambda conn: [row.uid for row in fetch_rows(conn, query, 0, ALL)],
                lambda: worker.is_cancelled,
            )
        except Exception as error:  # a failed search must not end the session
            self.app.call_from_thread(self._error, str(error))
            return
        if uids is not None and not worker.is_cancelled:
            self.post_message(ShownUids(uids, untick))

    def on_shown_uids(self, message: ShownUids) -> None:
        current = self.session.selection
        title = current.title
        if message.untick:
            uids = [uid for uid in message.uids if uid in current.ticked]
            question, heading = "tui.sel.untick_all_question", "tui.sel.untick_all_heading"
        else:
            uids = [uid for uid in message.uids if uid not in current.ticked]
            question, heading = "tui.sel.tick_all_question", "tui.sel.tick_all_heading"
        if not uids:
            key = "tui.sel.none_to_untick" if message.untick else "tui.sel.all_ticked_already"
            self.notify(t(key, count=number(len(message.uids))))
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if message.untick:
                self._untick(uids, confirmed=True)
            else:
                self._tick(uids)

        text = t(question, count=number(len(uids)), shown=number(len(message.uids)), title=title)
        edited = current.edited_among(uids) if message.untick else []
        if edited:
            text += "\n\n" + t("tui.sel.untick_all_edited", count=number(len(edited)))
        self.app.push_screen(ConfirmScreen(t(heading), text), done)

    # The "ticked only" and "unticked only" facets

    def action_ticked_only(self) -> None:
        self.toggle_selection_facet("ticked")

    def action_unticked_only(self) -> None:
        self.toggle_selection_facet("unticked")

    def toggle_selection_facet(self, kind: FacetKind) -> None:
        """Switch "ticked" or "unticked" in the current selection on or off (the other goes)."""
        current = self.session.selection
        if current.id is None:
            self.notify(t("tui.sel.none_yet"), severity="warning")
            return
        facets = tuple(f for f in self.state.facets if f.kind not in SELECTION_KINDS)
        if not any(f.kind == kind for f in self.state.facets):
            facets += (Facet(kind, str(current.id)),)
        self.set_state(replace(self.state, facets=facets))

    # Other screens

    def action_selections(self) -> None:
        from kravtui.tui.screens.selections import SelectionsScreen

        self.app.push_screen(SelectionsScreen(self.session))

    def action_new_selection(self) -> None:
        from kravtui.tui.screens.selections import new_selection

        new_selection(self, self.session, lambda _id: self.sync_selection())

    def action_finalise_selection(self) -> None:
        from kravtui.tui.screens.finalise_flow import confirm_finalise

        current = self.session.selection
        if self._has_selection() and current.id is not None:
            confirm_finalise(self, self.session, current.id, current.title, current.reload)

    def _has_selection(self) -> bool:
        if self.session.selection.selection is None:
            self.notify(t("tui.sel.none_yet"), severity="warning")
            self.action_selections()
            return False
        return True

    def action_view_selection(self) -> None:
        from kravtui.tui.screens.selection_items import SelectionItemsScreen

        if self._has_selection():
            self.app.push_screen(SelectionItemsScreen(self.session))

    def action_questionnaire(self) -> None:
        from kravtui.tui.screens.questionnaire import QuestionnaireScreen

        if self._has_selection():
            self.app.push_screen(QuestionnaireScreen(self.session))

    def action_export(self) -> None:
        from kravtui.tui.screens.export_dialog import ExportScreen

        if self._has_selection():
            self.app.push_screen(ExportScreen(self.session))
