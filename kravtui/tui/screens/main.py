"""The main screen: filter bar, facet panel, requirement list, detail pane and status line.

Every change of the filters starts a search in an exclusive thread worker (the previous one is
cancelled and its query aborted), so typing never waits for the database. When the result
arrives the list keeps its cursor on the requirement the user last moved it to, whenever that
is in the result; a cursor the user has not moved (they have only typed) is looked for in the
first page only, which saves a query per keystroke. A search with unchanged filters (the
catalogue or the ticks changed) keeps the cursor on its row, or at the same place when that row
left. Either way the cursor's row is scrolled into view and marked, and the row actions act
only on that marked row (`RequirementList.marked`). Below 110 columns the detail pane gives way
to a modal; below 160 the facet panel waits until asked for. The worker reads the page first
and counts every match after it is shown; on a server the count also waits for a pause in
typing (`CatalogueSession.count_pause`), so it never competes with the next key's page, and the
status line says the number is not exact until it is in; so do the facet counts after a search.

The screen owns the filters, the search and its widgets; its keys are installed once, when it
is made (read-only, the writing ones are hidden). Editing and ticking are done by two
collaborators that see the screen through `MainView`: its `action_…` methods hand them to
`EditingController` and `SelectionController`. Once a second the change watcher is asked
(`kravtui.catalogue.watch`: SQLite's `data_version`, PostgreSQL's notifications); when another
session committed, the list, detail pane, classifications and ticks are read again.

A PostgreSQL server that stops answering is said once, in one line; the screen stays, and so do
open forms with their text. The watcher then tries the server again each second (off the UI
thread: connecting may take a while) and, once it answers, says so and reads everything again;
the connections reconnect by themselves (`kravtui.catalogue.postgres_connection`), so saving a
kept form again works. The screen's own reads on the UI thread (the detail pane, a page of the
list, the catalogue after a change) turn a database error into that line instead of ending the
app.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from kravtui.application.catalogue_session import PAGE_SIZE, CatalogueSession, ListSnapshot
from kravtui.catalogue.engine_errors import DB_ERRORS, EngineGoneError, unplaced_text
from kravtui.catalogue.records import Classifications, Requirement
from kravtui.catalogue.search import FacetCounts, Row, SearchQuery
from kravtui.catalogue.watch import ChangeWatcher, change_watcher
from kravtui.i18n import t
from kravtui.tui.editing_controller import EditingController, edit_specs
from kravtui.tui.filter_state import SELECTION_KINDS, Facet, FilterState
from kravtui.tui.frame_hold import FrameHold
from kravtui.tui.keys import MAIN_KEYS, SELECTION_KEYS, install
from kravtui.tui.outside_change import OutsideChange
from kravtui.tui.read_only import shown
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.search_messages import FacetsReady, SearchFailed, SnapshotReady, TotalReady
from kravtui.tui.selection_controller import SelectionController, selection_badge
from kravtui.tui.textual_internals import withdraw_notifications
from kravtui.tui.type_ahead import Release, hold_keys
from kravtui.tui.widgets.detail_pane import DetailPane, requirement_text
from kravtui.tui.widgets.facet_panel import FacetPanel
from kravtui.tui.widgets.filter_bar import FilterBar
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.requirement_list import RequirementList
from kravtui.tui.widgets.status_line import StatusLine, status_text

MEDIUM = 110  # from here the detail pane sits beside the list
WIDE = 160  # from here the facet panel is shown too
DETAIL_DELAY = 0.12  # while the cursor keeps moving (a held key), the detail pane waits
POLL_SECONDS = 1.0  # how often another session's commits are looked for
ECHO_WAIT = 1 / 30  # a typed character waits this long at most to be drawn with its result
PAUSE_STEP = 0.01  # how often a count waiting for a pause in typing looks for the next key
BREAKPOINTS = ((0, "-narrow"), (MEDIUM, "-medium"), (WIDE, "-wide"))  # ascending


def width_classes(width: int) -> dict[str, bool]:
    """The screen's width classes for `width` columns, as Textual's breakpoints set them."""
    chosen = next(name for least, name in reversed(BREAKPOINTS) if width >= least)
    return {name: name == chosen for _, name in BREAKPOINTS}


T = TypeVar("T")


def _paused(seconds: float, cancelled: Callable[[], bool]) -> bool:
    """In a worker: whether `seconds` pass without it being cancelled (a key typed meanwhile
    starts the next search, which cancels it); looked at every `PAUSE_STEP`."""
    deadline = time.monotonic() + seconds
    while not cancelled():
        left = deadline - time.monotonic()
        if left <= 0:
            return True
        time.sleep(min(left, PAUSE_STEP))
    return False


class MainScreen(Screen[None]):
    """Browse and filter the catalogue."""

    HORIZONTAL_BREAKPOINTS = list(BREAKPOINTS)  # noqa: RUF012

    def __init__(self, session: CatalogueSession, *, space_moves_down: bool = False) -> None:
        super().__init__()
        # browsing; selections: Space, a, v, x, s, t, u, +, -, b; editing: n, e, c, d, r, h, C
        read_only = session.read_only  # the writing keys leave the footer
        editing = edit_specs(session.catalogue_read_only)  # also an officer's database role
        # restore (only in the Deleted view, whose task it is) comes before the selection keys,
        # so that at 80 columns the footer keeps `r` and leaves out the last of those
        restore = tuple(spec for spec in editing if spec.action == "restore_requirement")
        install(
            self,
            (
                *MAIN_KEYS,
                *restore,
                *shown(SELECTION_KEYS, read_only),
                *(spec for spec in editing if spec not in restore),
            ),
        )
        self.session = session
        self.editing = EditingController(screen=self, view=self)
        self.selection = SelectionController(
            screen=self, view=self, space_moves_down=space_moves_down
        )
        self.state = FilterState()
        self.generation = 0
        self.shown_generation = 0  # the search whose result the list shows
        self._when_shown: list[Callable[[], object]] = []  # row actions waiting for it
        self._rows_hold: Release | None = None  # holds the keys typed after them
        self._failed_generation = -1  # the search whose rows will not come
        self._shown_facets: list[Facet] = []  # the filters of the result on screen
        self.snapshot: ListSnapshot | None = None
        self.total: int | None = None
        self.counts: FacetCounts | None = None
        self.counts_generation = -1
        self._detail_wanted: str | None = None
        self._detail_shown: str | None = None
        self._detail_timer: Timer | None = None
        self._filter_has_text = False
        self._watcher: ChangeWatcher | None = None
        self.server_lost = False  # the server stopped answering; the watcher looks for it
        self._looking = False  # a look for the lost server is running (in a thread)
        self._facets_show: Classifications | None = None  # what the facet panel was built from
        self._frame = FrameHold(self)  # a typed character is drawn with its result

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filter")
        with Horizontal(id="body"):
            yield FacetPanel(
                self.session.classifications, count_width=self.session.count_width, id="facets"
            )
            yield RequirementList(self.session.uid_width, id="list")
            yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        # Textual sets the width class on the first Resize, after the first layout: set it now,
        # so the first layout and search already leave out the panes this width hides
        self.update_classes(width_classes(self.app.size.width), animate=False)
        self.set_focus(self.requirement_list)
        self.search()
        self.set_interval(POLL_SECONDS, self._poll_outside_changes)
        self._watcher = self.guarded(lambda: change_watcher(self.session.conn), None)
        self._facets_show = self.session.classifications
        self.guarded(self.selection.sync, None)

    def on_unmount(self) -> None:
        self._frame.release()
        if self._watcher is not None:
            self._watcher.close()

    def on_screen_resume(self) -> None:
        # a selection screen may have ticked, switched or finalised
        self.guarded(self.selection.sync, None)

    def _poll_outside_changes(self) -> None:
        """A look a second (a PRAGMA, or the notifications already received); when another
        session committed (catalogue edits, or ticks in the current selection), read the
        catalogue and the selection again. While the server is lost: look for it instead."""
        if self.server_lost:
            if not self._looking:
                self._looking = True
                self._look_for_server()
            return
        if self._watcher is not None and self.guarded(self._watcher.changed, False):
            self._outside_change()

    def _outside_change(self) -> None:
        self.reload_catalogue()
        self.guarded(self.selection.refresh_if_changed, None)
        if self.app.screen is not self:  # the screen on top reads its part again
            self.app.screen.post_message(OutsideChange())

    @work(thread=True, exclusive=True, group="server")
    def _look_for_server(self) -> None:
        """On a worker thread: a new watcher, which connects and listens (a quiet look on the
        old one proves nothing: a server that shut down may not have closed its socket yet);
        the server back, the UI thread hears so (`_server_back`)."""
        try:
            watcher = change_watcher(self.session.conn)
        except DB_ERRORS:
            self.app.call_from_thread(self._still_lost)
            return
        self.app.call_from_thread(self._server_back, watcher)

    def _still_lost(self) -> None:
        self._looking = False

    def _server_back(self, watcher: ChangeWatcher) -> None:
        self._looking = False
        self._watcher = watcher
        self.server_lost = False
        withdraw_notifications(self.app, t("tui.server.lost"))  # no longer true
        self.notify(t("tui.server.back"), timeout=10)
        self._outside_change()

    def guarded(self, read: Callable[[], T], instead: T) -> T:
        """`read()` on the UI thread, or `instead` after saying in one line why it failed
        (the server lost: once, until it is back)."""
        try:
            return read()
        except DB_ERRORS as error:
            self.database_failed(error)
            return instead

    def database_failed(self, error: Exception) -> None:
        """Say a database error in one line; a lost server once, and start looking for it."""
        if isinstance(error, EngineGoneError):
            if not self.server_lost:
                self.server_lost = True
                if self._watcher is not None:
                    self._watcher.close()
                    self._watcher = None
                self.notify(t("tui.server.lost"), severity="error", timeout=30)
            return
        self.notify(unplaced_text(error), severity="error", timeout=10)

    def reload_catalogue(self, cursor_uid: str | None = None) -> None:
        """After a change to the catalogue (here or in another session): read the
        classifications again, search again with the cursor on the same requirement (or on
        `cursor_uid`), and redraw the detail pane if its requirement changed."""
        if not self.guarded(self._reload_session, False):
            return
        if self.session.classifications != self._facets_show:
            self._facets_show = self.session.classifications
            self.facet_panel.rebuild(self.session.classifications)
            self.facet_panel.update_state(self.state, self.counts)
        if cursor_uid is not None:
            self.requirement_list.chosen_uid = cursor_uid
        self.search(cursor_uid)
        pane, row = self.detail_pane, self.requirement_list.current
        if pane.display and row is not None and cursor_uid in (None, row.uid):
            requirement = self.guarded(partial(self.session.requirement, row.uid), None)
            if requirement is None:
                return
            text = requirement_text(requirement, self.session.classifications)
            if text != pane.text:  # unchanged: leave the pane where the reader scrolled it
                pane.show(requirement, self.session.classifications)

    def _reload_session(self) -> bool:
        self.session.reload()
        return True

    @property
    def requirement_list(self) -> RequirementList:
        return self.query_one("#list", RequirementList)

    @property
    def facet_panel(self) -> FacetPanel:
        return self.query_one("#facets", FacetPanel)

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filter", FilterBar)

    # Filters

    def set_state(self, state: FilterState, *, from_input: bool = False) -> None:
        """Apply new filters: mark them in the panel and search.

        The filter bar is written to only when the change came from elsewhere (Esc, the
        palette): its own messages can lag behind what is typed, and writing an older text
        back would undo keys.
        """
        if state == self.state:
            return
        facets_changed = state.without_text() != self.state.without_text()
        bindings_before = self._binding_inputs()
        self.state = state
        if not from_input and self.filter_bar.value != state.text:
            self.filter_bar.value = state.text
        if facets_changed:
            self.facet_panel.update_state(state, self.counts)
        if self._binding_inputs() != bindings_before:
            self.refresh_bindings()  # the footer rebuilds itself on every refresh: only on change
        self.search()

    def _binding_inputs(self) -> tuple[bool, bool]:
        """What `check_action` reads from the filters: something to clear, the Deleted view."""
        return self.state.without_newest()[1] is not None, self.editing.showing_deleted()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if bool(event.value) != self._filter_has_text:
            self._filter_has_text = bool(event.value)
            self.refresh_bindings()  # Esc's label: "clear text" or "to the list"
        state = self.state.with_text(event.value)
        if state != self.state:  # a search starts: its result is drawn with the text
            self._frame.hold(ECHO_WAIT)
        self.set_state(state, from_input=True)

    def action_leave_filter(self) -> None:
        """Enter or Down in the filter bar: on to the list, keeping the text."""
        self.set_focus(self.requirement_list)

    def action_clear_filter_text(self) -> None:
        """Esc in the filter bar with text in it: clear the text, stay in the filter bar."""
        self.filter_bar.value = ""

    def action_filter_back(self) -> None:
        """Esc in an empty filter bar, or in the facet panel with no filter set: back to the
        list."""
        self.set_focus(self.requirement_list)

    def on_facet_panel_toggled(self, event: FacetPanel.Toggled) -> None:
        self.toggle_facet(event.facet)

    def toggle_facet(self, facet: Facet) -> None:
        """Switch one facet on or off (the facet panel and the command palette use this)."""
        if facet.kind in SELECTION_KINDS:
            self.selection.toggle_facet(facet.kind)  # in the current selection
        else:
            self.set_state(self.state.toggled(facet))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_filter":
            return not isinstance(self.focused, Input)  # "/" is text inside the filter
        in_filter = isinstance(self.focused, FilterBar)
        if action == "leave_filter":
            return in_filter
        # Esc, one level at a time: the filter's text, then the filter bar, then the filters.
        if action == "clear_filter_text":
            return in_filter and bool(self.filter_bar.value)
        something_to_clear = self.state.without_newest()[1] is not None
        if action == "filter_back":
            # and in the facet panel with no filter set, where Esc has nothing else to do
            in_facets = isinstance(self.focused, FacetPanel)
            return (in_filter and not self.filter_bar.value) or (
                in_facets and not something_to_clear
            )
        if action == "clear_filter":
            # shown only with a filter to clear, and never from inside the filter bar
            return not in_filter and something_to_clear
        return self.editing.check_action(action)  # the selection's actions are always there

    def footer_leaves_out(self, action: str) -> bool:
        """The Deleted view's footer shows restore (`r`) where it offered Space, which ticks
        nothing there (Space still says so)."""
        return action == "tick" and self.editing.showing_deleted()

    def action_focus_filter(self) -> None:
        self.set_focus(self.filter_bar)

    def action_clear_filter(self) -> None:
        """Take off the newest filter; with none left, do nothing."""
        state, removed = self.state.without_newest()
        if removed is not None:
            self.set_state(state)

    def action_clear_all(self) -> None:
        self.set_state(FilterState())

    def action_toggle_facets(self) -> None:
        shown = self.facet_panel.display
        self.set_class(shown, "-hide-facets")
        self.set_class(not shown, "-show-facets")
        if shown:
            self.set_focus(self.requirement_list)
        else:
            self.facet_panel.focus()
            self._count_facets()

    # Editing the catalogue (n, e, c, d, r, h, C): the editing controller does it

    def action_new_requirement(self) -> None:
        self.guarded(self.editing.new_requirement, None)

    def action_edit_requirement(self) -> None:
        self._on_rows(self.editing.edit_requirement)

    def action_duplicate_requirement(self) -> None:
        self._on_rows(self.editing.duplicate_requirement)

    def action_delete_requirement(self) -> None:
        self._on_rows(self.editing.delete_requirement)

    def action_restore_requirement(self) -> None:
        self._on_rows(self.editing.restore_requirement)

    def action_history(self) -> None:
        self._on_rows(self.editing.history)

    def action_classifications(self) -> None:
        self.guarded(self.editing.classifications, None)

    def action_import_sheet(self) -> None:
        self.guarded(self.editing.import_sheet, None)

    # The current selection (Space, +, -, t, u, s, v, a, x, b; the palette's new selection and
    # mark final): the selection controller does it

    def action_tick(self) -> None:
        self._on_rows(self.selection.tick)

    def action_tick_all_shown(self) -> None:
        self._on_rows(self.selection.tick_all_shown)

    def action_untick_all_shown(self) -> None:
        self._on_rows(self.selection.untick_all_shown)

    def action_ticked_only(self) -> None:
        self.guarded(self.selection.ticked_only, None)

    def action_unticked_only(self) -> None:
        self.guarded(self.selection.unticked_only, None)

    def action_selections(self) -> None:
        self.guarded(self.selection.selections, None)

    def action_new_selection(self) -> None:
        self.guarded(self.selection.new_selection, None)

    def action_finalise_selection(self) -> None:
        self.guarded(self.selection.finalise_selection, None)

    def action_view_selection(self) -> None:
        self.guarded(self.selection.view_selection, None)

    def action_questionnaire(self) -> None:
        self.guarded(self.selection.questionnaire, None)

    def action_export(self) -> None:
        self.guarded(self.selection.export, None)

    def action_answers(self) -> None:
        self.guarded(self.selection.answers, None)

    # Searching

    @property
    def searching(self) -> bool:
        """Whether a search has started whose result the list does not show yet."""
        return self.shown_generation != self.generation

    def on_shown_rows(self, action: Callable[[], object]) -> None:
        """Run `action`, which acts on the list's rows (the cursor's, or every one shown), now;
        or, while a search runs, once its result is on screen: a key typed just after the
        filter must not act on a row of the result it replaces (the walk ticked a row that
        "krypt" did not match with ``/krypt Enter Space`` sent in one burst)."""
        if self.searching and self._failed_generation == self.generation:
            # the search failed: its rows will not come, and the list is not its result; a
            # key kept for the next search's rows would act on a row never seen (the walk's
            # Space during an outage ticked the first row of the result after it)
            self.notify(t("tui.search.rows_refused"), severity="warning")
            return
        if self.searching:
            self._when_shown.append(action)
            # the keys typed after it wait for it (`type_ahead`), unless the search has failed
            # (it waits for the next one, which may be a while)
            if self._rows_hold is None and self._failed_generation != self.generation:
                self._rows_hold = hold_keys(self.app)
        else:
            action()

    def _release_rows_hold(self, *, later: bool = False) -> None:
        """The row actions waiting for a search have run (`later`: will have, after the next
        refresh) or never will: the keys typed after them go on."""
        release, self._rows_hold = self._rows_hold, None
        if release is not None:
            if later:
                self.call_after_refresh(release)
            else:
                release()

    def _on_rows(self, action: Callable[[], object]) -> None:
        """A row key's `action` (edit, tick ...), guarded, on the rows of the result on screen
        (`on_shown_rows`)."""
        self.on_shown_rows(partial(self.guarded, action, None))

    def search(self, uid: str | None = None) -> None:
        """Search with the current filters; the result decides where the cursor goes.

        With new filters, the cursor goes back to the requirement the user last moved to
        when it is in the result, else to the first row. With the filters of the result on
        screen (the catalogue or the ticks changed, here or in another session), it stays on
        its row (or on `uid`), or, when that row has left, at the same place. Either way the
        list then scrolls the cursor's row into view and marks it.
        """
        self.generation += 1
        self.workers.cancel_group(self, "facets")  # stale now, and it shares the connection
        listing = self.requirement_list
        current = listing.current
        same_filters = self.snapshot is not None and self.snapshot.query == self.state.query()
        fallback = listing.cursor if same_filters else None
        if uid is None and same_filters and current is not None:
            uid = current.uid
        locate = uid is not None or listing.chosen_uid is not None
        if uid is None:
            uid = listing.chosen_uid or (current.uid if current else None)
        self.show_status(busy=True)
        self._search_worker(self.generation, self.state, uid, locate, fallback)
        self.session.interrupt_cancelled()  # the previous search, its count or facets

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(
        self,
        generation: int,
        state: FilterState,
        cursor_uid: str | None,
        locate: bool,
        fallback: int | None,
    ) -> None:
        worker = get_current_worker()
        query = state.query()

        def cancelled() -> bool:
            return worker.is_cancelled

        try:
            snapshot = self.session.snapshot(
                generation, query, cursor_uid, locate, cancelled, fallback
            )
            if snapshot is None or cancelled():
                return
            self.post_message(SnapshotReady(snapshot))
            if snapshot.total is None and _paused(self.session.count_pause, cancelled):
                total = self.session.total(query, cancelled)
                if total is not None and not cancelled():
                    self.post_message(TotalReady(generation, total))
        except Exception as error:  # a failed search must not end the session
            self.post_message(SearchFailed(error))

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        snapshot = message.snapshot
        if snapshot.generation != self.generation:
            return
        self.snapshot = snapshot
        self.shown_generation = snapshot.generation
        self._shown_facets = list(self.state.facets)
        query = snapshot.query
        self.total = snapshot.total
        self.requirement_list.empty_text = t(
            "tui.list.empty" if self.state.facets else "tui.list.no_requirements"
        )
        self.requirement_list.show(
            snapshot.generation,
            snapshot.known,
            snapshot.cursor,
            (snapshot.page_offset, snapshot.page),
            partial(self._page, query),
            PAGE_SIZE,
        )
        self.show_status(busy=snapshot.total is None)
        if self.facet_panel.display:
            self._count_facets(pause=self.session.count_pause)
        self._frame.release()
        waiting, self._when_shown = self._when_shown, []
        for action in waiting:  # after the list has placed its cursor on the new rows
            self.call_after_refresh(action)
        self._release_rows_hold(later=True)

    def _page(self, query: SearchQuery, offset: int, limit: int) -> tuple[Row, ...]:
        """A page of the list, read as it scrolls; none while the server is lost."""
        return self.guarded(partial(self.session.page, query, offset, limit), ())

    def on_total_ready(self, message: TotalReady) -> None:
        if message.generation != self.generation:
            return
        self.total = message.total
        self.requirement_list.set_total(message.total)
        self.show_status(busy=False)

    def _count_facets(self, *, pause: float = 0.0) -> None:
        """Count the facets under the current filters, unless counted already; after a search,
        first waiting for typing to pause (`pause`), as the count of the matches does."""
        if self.counts_generation != self.generation:
            current = self.session.selection
            ticks = None if current.id is None else (current.id, current.changes)
            self._facet_worker(self.generation, self.state, ticks, pause)

    def recount_facets(self) -> None:
        """The ticks changed: count the facets again now if they are shown, else when they are."""
        self.counts_generation = -1
        if self.facet_panel.display:
            self._count_facets()

    @work(thread=True, exclusive=True, group="facets")
    def _facet_worker(
        self, generation: int, state: FilterState, ticks: tuple[int, int] | None, pause: float
    ) -> None:
        worker = get_current_worker()
        if pause and not _paused(pause, lambda: worker.is_cancelled):
            return
        try:
            counts = self.session.facet_counts(state.query(), lambda: worker.is_cancelled, ticks)
        except Exception as error:  # a failed count must not end the session
            self.post_message(SearchFailed(error))
            return
        if counts is not None and not worker.is_cancelled:
            self.post_message(FacetsReady(generation, counts))

    def on_facets_ready(self, message: FacetsReady) -> None:
        if message.generation != self.generation:
            return
        self.counts = message.counts
        self.counts_generation = message.generation
        self.facet_panel.update_state(self.state, self.counts)

    def on_search_failed(self, message: SearchFailed) -> None:
        self._frame.release()
        self._when_shown.clear()  # the rows they were meant for never came
        self._failed_generation = self.generation
        self._release_rows_hold()
        self.show_status(busy=False)
        if isinstance(message.error, EngineGoneError):
            self.database_failed(message.error)
            return
        self.notify(t("tui.search.failed", error=unplaced_text(message.error)), severity="error")

    def show_status(self, *, busy: bool) -> None:
        snapshot = self.snapshot
        exact = self.total is not None
        # the search failed: the rows are the last result's, told with that result's filters
        stale = self.searching and not busy
        text = status_text(
            self.total if self.total is not None else self.requirement_list.total,
            snapshot.catalogue_total if snapshot else 0,
            self._shown_facets if stale else self.state.facets,
            exact=exact,
            read_only=self.session.read_only,
            busy=busy,
            stale=stale,
        )
        self.query_one("#status", StatusLine).show(text, selection_badge(self.session))

    # Reading

    def on_requirement_list_cursor_moved(self, event: RequirementList.CursorMoved) -> None:
        """Show the cursor's requirement at once, then again when the cursor has rested.

        A held `j` moves the cursor 30 times a second; drawing the pane for each step would
        make the list wait for frames, so the pane catches up DETAIL_DELAY after the last step.
        """
        self._detail_wanted = event.uid
        if not self.detail_pane.display:
            return
        if self._detail_timer is None:
            # after the list has drawn its cursor, so the list never waits for the pane
            self.call_after_refresh(self._show_wanted_detail)
            self._detail_timer = self.set_timer(DETAIL_DELAY, self._detail_settled)
        else:
            self._detail_timer.reset()

    def _detail_settled(self) -> None:
        self._detail_timer = None
        if self.detail_pane.display:
            self.call_after_refresh(self._show_wanted_detail)

    def _show_wanted_detail(self) -> None:
        if self._detail_wanted != self._detail_shown:
            self._show_detail(self._detail_wanted)

    def _show_detail(self, uid: str | None) -> None:
        self._detail_shown = uid
        requirement = self.guarded(partial(self.session.requirement, uid), None) if uid else None
        self.detail_pane.show(requirement, self.session.classifications)

    def on_requirement_list_opened(self, event: RequirementList.Opened) -> None:
        if self.searching:  # the row under the cursor is the old result's: open the new one's
            self.on_shown_rows(self.requirement_list.action_open)
            return
        if self.detail_pane.display:
            self.set_focus(self.detail_pane)
            return
        requirement = self.guarded(partial(self.session.requirement, event.uid), None)
        if requirement is not None:
            detail = DetailScreen(
                requirement,
                self.session.classifications,
                read_only=self.session.read_only,
                editing_read_only=self.session.catalogue_read_only,
                reread=self._reread,
            )
            self.app.push_screen(detail, partial(self._after_detail, event.uid))

    def _reread(self, uid: str) -> tuple[Requirement | None, Classifications]:
        """`uid` as the catalogue holds it now, for the detail modal (`DetailScreen`)."""
        requirement = self.guarded(partial(self.session.requirement, uid), None)
        return requirement, self.session.classifications

    def _after_detail(self, uid: str, action: str | None) -> None:
        """The detail modal of `uid` closed; run the action it was closed with (`e`, `d` ...).

        The action works on the list's cursor: if another session moved or deleted `uid` while
        it was being read, the cursor is elsewhere now, and nothing is done.
        """
        if action is None:
            return
        current = self.requirement_list.marked
        if current is None or current.uid != uid:
            self.notify(t("tui.detail.moved", uid=uid), severity="warning")
            return
        self.call_later(self.run_action, action)

    def on_detail_pane_back(self, event: DetailPane.Back) -> None:
        event.stop()
        self.set_focus(self.requirement_list)

    def on_resize(self) -> None:
        self.call_after_refresh(self._sync_detail)
        self.call_after_refresh(self._sync_facets)

    def _sync_detail(self) -> None:
        """After a resize the detail pane may have appeared: fill it."""
        current = self.requirement_list.current
        uid = current.uid if current else None
        if self.detail_pane.display and uid != self._detail_shown:
            self._show_detail(uid)

    def _sync_facets(self) -> None:
        """After a resize the facet panel may have appeared: count its facets."""
        if self.facet_panel.display:
            self._count_facets()
