"""The main screen: filter bar, facet panel, requirement list, detail pane and status line.

Every change of the filters starts a search in an exclusive thread worker (the previous one is
cancelled and its query aborted), so typing never waits for the database. When the result
arrives the list keeps its cursor on the same requirement if it is still there. Below 110
columns the detail pane gives way to a modal; below 160 the facet panel waits until asked for.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input
from textual.worker import get_current_worker

from kravtui.catalogue.search import FacetCounts
from kravtui.tui.filter_state import Facet, FilterState
from kravtui.tui.keys import MAIN_KEYS, install
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.session import PAGE_SIZE, ListSnapshot, Session
from kravtui.tui.widgets.detail_pane import DetailPane
from kravtui.tui.widgets.facet_panel import FacetPanel
from kravtui.tui.widgets.filter_bar import FilterBar
from kravtui.tui.widgets.requirement_list import RequirementList
from kravtui.tui.widgets.status_line import StatusLine

MEDIUM = 110  # from here the detail pane sits beside the list
WIDE = 160  # from here the facet panel is shown too


class SnapshotReady(Message):
    """A search worker finished."""

    def __init__(self, snapshot: ListSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot


class FacetsReady(Message):
    """A facet-count worker finished."""

    def __init__(self, generation: int, counts: FacetCounts) -> None:
        super().__init__()
        self.generation = generation
        self.counts = counts


class MainScreen(Screen[None]):
    """Browse and filter the catalogue."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (MEDIUM, "-medium"), (WIDE, "-wide")]  # noqa: RUF012

    def __init__(self, session: Session) -> None:
        super().__init__()
        install(self, MAIN_KEYS)
        self.session = session
        self.state = FilterState()
        self.generation = 0
        self.snapshot: ListSnapshot | None = None
        self.counts: FacetCounts | None = None
        self.counts_generation = -1

    def compose(self) -> ComposeResult:
        yield FilterBar(id="filter")
        with Horizontal(id="body"):
            yield FacetPanel(self.session.classifications, id="facets")
            yield RequirementList(self.session.uid_width, id="list")
            yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.requirement_list.focus()
        self._search()

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

    def set_state(self, state: FilterState) -> None:
        """Apply new filters: mark them in the panel and search."""
        if state == self.state:
            return
        self.state = state
        if self.filter_bar.value != state.text:
            self.filter_bar.value = state.text
        self.facet_panel.update_state(state, self.counts)
        self._search()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.set_state(self.state.with_text(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.requirement_list.focus()

    def on_facet_panel_toggled(self, event: FacetPanel.Toggled) -> None:
        self.set_state(self.state.toggled(event.facet))

    def toggle_facet(self, facet: Facet) -> None:
        """Switch one facet on or off (the command palette uses this)."""
        self.set_state(self.state.toggled(facet))

    def action_focus_filter(self) -> None:
        self.filter_bar.focus()

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
            self.requirement_list.focus()
        else:
            self.facet_panel.focus()
            self._count_facets()

    # Searching

    def _search(self) -> None:
        self.generation += 1
        current = self.requirement_list.current
        self._show_status(busy=True)
        self._search_worker(self.generation, self.state, current.uid if current else None)

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, generation: int, state: FilterState, cursor_uid: str | None) -> None:
        worker = get_current_worker()
        snapshot = self.session.snapshot(
            generation, state.query(), cursor_uid, lambda: worker.is_cancelled
        )
        if snapshot is not None and not worker.is_cancelled:
            self.post_message(SnapshotReady(snapshot))

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        snapshot = message.snapshot
        if snapshot.generation != self.generation:
            return
        self.snapshot = snapshot
        query = snapshot.query
        self.requirement_list.show(
            snapshot.generation,
            snapshot.total,
            snapshot.cursor,
            (snapshot.page_offset, snapshot.page),
            lambda offset, limit: self.session.page(query, offset, limit),
            PAGE_SIZE,
        )
        self._show_status(busy=False)
        if self.facet_panel.display:
            self._count_facets()

    def _count_facets(self) -> None:
        if self.counts_generation != self.generation:
            self._facet_worker(self.generation, self.state)

    @work(thread=True, exclusive=True, group="facets")
    def _facet_worker(self, generation: int, state: FilterState) -> None:
        worker = get_current_worker()
        counts = self.session.facet_counts(state.query(), lambda: worker.is_cancelled)
        if counts is not None and not worker.is_cancelled:
            self.post_message(FacetsReady(generation, counts))

    def on_facets_ready(self, message: FacetsReady) -> None:
        if message.generation != self.generation:
            return
        self.counts = message.counts
        self.counts_generation = message.generation
        self.facet_panel.update_state(self.state, self.counts)

    def _show_status(self, *, busy: bool) -> None:
        snapshot = self.snapshot
        self.query_one("#status", StatusLine).show(
            snapshot.total if snapshot else 0,
            snapshot.catalogue_total if snapshot else 0,
            self.state.facets,
            read_only=self.session.read_only,
            busy=busy,
        )

    # Reading

    def on_requirement_list_cursor_moved(self, event: RequirementList.CursorMoved) -> None:
        if self.detail_pane.display:
            self._show_detail(event.uid)

    def _show_detail(self, uid: str | None) -> None:
        requirement = self.session.requirement(uid) if uid else None
        self.detail_pane.show(requirement, self.session.classifications)

    def on_requirement_list_opened(self, event: RequirementList.Opened) -> None:
        if self.detail_pane.display:
            self.detail_pane.focus()
            return
        requirement = self.session.requirement(event.uid)
        if requirement is not None:
            self.app.push_screen(DetailScreen(requirement, self.session.classifications))

    def on_detail_pane_back(self, event: DetailPane.Back) -> None:
        event.stop()
        self.requirement_list.focus()

    def on_resize(self) -> None:
        current = self.requirement_list.current
        if self.detail_pane.display:
            self._show_detail(current.uid if current else None)
