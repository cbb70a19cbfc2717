"""What the main screen's controllers see of it: `MainView`, a protocol `MainScreen` implements.

The main screen (`kravtui/tui/screens/main.py`) owns the filters, the search and its widgets;
two controllers do its actions on the requirement under the cursor and on the current selection
(`editing_controller.py`, `selection_controller.py`). They read the filters and the list and ask
for a new search through this protocol, never through the screen's class, so mypy checks that
`MainScreen` has each member where the screen hands itself to them. Textual's own services
(notifications, dialogs, workers) they reach through the screen as a plain `Screen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kravtui.application.catalogue_session import CatalogueSession, ListSnapshot
    from kravtui.tui.filter_state import FilterState
    from kravtui.tui.widgets.requirement_list import RequirementList


class MainView(Protocol):
    """The main screen's filters, list and search, as its controllers use them."""

    @property
    def session(self) -> CatalogueSession:
        """The open catalogue and its current selection."""
        ...

    @property
    def state(self) -> FilterState:
        """The filters as the user last set them (the list may be a keystroke behind)."""
        ...

    @property
    def snapshot(self) -> ListSnapshot | None:
        """The result the list shows (None before the first search has come back)."""
        ...

    @property
    def total(self) -> int | None:
        """How many requirements the result has, once counted."""
        ...

    @property
    def requirement_list(self) -> RequirementList:
        """The list; its `marked` row is what the row actions act on."""
        ...

    def set_state(self, state: FilterState) -> None:
        """Apply new filters: show them and search."""
        ...

    def search(self, uid: str | None = None) -> None:
        """Search again with the filters as they are (the ticks or the catalogue changed)."""
        ...

    def show_status(self, *, busy: bool) -> None:
        """Draw the status line again (the selection's badge is part of it)."""
        ...

    def recount_facets(self) -> None:
        """The ticks changed: the facet counts are stale."""
        ...

    def reload_catalogue(self, cursor_uid: str | None = None) -> None:
        """The catalogue changed: read it again, the cursor on `cursor_uid` if given."""
        ...
