"""The current selection of an interactive face: which one, its title, status and ticked uids.

The browse list marks ticked rows from `ticked`, a set read once per change (never per row).
Tick and untick go through the selection services and update the set from the services' reports,
so one Space costs one small transaction and no re-read. `changes` counts every change, so a
screen coming back to the front knows whether to redraw. The choice of selection is remembered
per catalogue and OS user (`kravtui.selection.current`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.i18n import t
from kravtui.selection.current import remember_selection, remembered_selection, selection_stamp
from kravtui.selection.items import (
    TickReport,
    UntickReport,
    edited_uids,
    get_item,
    tick,
    ticked_uids,
    untick,
)
from kravtui.selection.records import Selection
from kravtui.selection.store import SelectionError, SelectionFinalError, get_selection

T = TypeVar("T")
Notify = Callable[[str], None]

_REFUSALS: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused action raises: kravtui's own refusal, or either engine's error."""


def attempt(action: Callable[[], T], report: Notify) -> T | None:
    """`action()`, or None after `report`ing its error (a refused action changes nothing)."""
    try:
        return action()
    except _REFUSALS as error:
        report(unplaced_text(error))
        return None


def succeeded(action: Callable[[], object], report: Notify) -> bool:
    """Whether `action()` ran without a refusal (which is `report`ed)."""
    try:
        action()
    except _REFUSALS as error:
        report(unplaced_text(error))
        return False
    return True


class CurrentSelection:
    """The selection that Space ticks into (None until one is created or chosen)."""

    def __init__(self, conn: Connection, *, read_only: bool = False) -> None:
        self.conn = conn
        self.read_only = read_only
        self.selection: Selection | None = None
        self.ticked: frozenset[str] = frozenset()
        self.changes = 0
        try:
            self._load(remembered_selection(conn))
        except _REFUSALS:
            self._load(None)

    @property
    def id(self) -> int | None:
        return self.selection.id if self.selection else None

    @property
    def title(self) -> str:
        return self.selection.title if self.selection else ""

    @property
    def count(self) -> int:
        """How many requirements are ticked in it."""
        return len(self.ticked)

    def _load(self, selection_id: int | None) -> None:
        if selection_id is None:
            self.selection, self.ticked = None, frozenset()
        else:
            self.selection = get_selection(self.conn, selection_id)
            self.ticked = frozenset(ticked_uids(self.conn, selection_id))
        self.changes += 1

    def switch(self, selection_id: int | None) -> None:
        """Work on another selection from now on (and next time)."""
        self._load(selection_id)
        if not self.read_only:
            remember_selection(self.conn, selection_id)

    def reload(self) -> None:
        """Read the selection and its ticks again, after a change made elsewhere."""
        selection_id = self.id
        try:
            self._load(selection_id)
        except SelectionError:  # deleted meanwhile
            self.switch(None)

    def refresh_if_changed(self) -> bool:
        """Read the selection again if another session changed it (one single-row query)."""
        selection = self.selection
        if selection is None:
            return False
        if selection_stamp(self.conn, selection.id) == (selection.version, selection.status):
            return False
        self.reload()
        return True

    def require(self) -> Selection:
        """The selection, if there is one and it is still there; else `SelectionError`.

        One that another session deleted since it was read stops being current here too (the
        error names it), so a face that refreshes after the refusal shows no selection.
        """
        if self.selection is None:
            raise SelectionError(t("tui.sel.none_yet"))
        selection = self.selection
        if selection_stamp(self.conn, selection.id) is None:
            self.switch(None)
            raise SelectionError(t("selection.gone", title=selection.title))
        return selection

    def require_draft(self) -> Selection:
        """The selection, if there is one, it is still there and it can be changed; else
        `SelectionError`."""
        selection = self.require()
        if self.read_only:
            raise SelectionError(t("cli.read_only"))
        if selection.is_final:
            raise SelectionFinalError(t("selection.is_final", title=selection.title))
        return selection

    def edited_among(self, uids: Sequence[str]) -> list[str]:
        """Which of these ticked uids carry an edit made in the selection."""
        selection_id = self.id
        if selection_id is None:
            return []
        wanted = set(uids) & self.ticked
        if len(wanted) <= 20:
            items = [get_item(self.conn, selection_id, uid) for uid in sorted(wanted)]
            return [item.uid for item in items if item.edited]
        return sorted(wanted & edited_uids(self.conn, selection_id))

    def tick(self, uids: Sequence[str]) -> TickReport:
        """Tick `uids` in the current selection."""
        selection = self.require_draft()
        return self.noted_tick(tick(self.conn, selection.id, uids))

    def noted_tick(self, report: TickReport) -> TickReport:
        """Take in what a tick did (here or in a worker; call it on the UI thread)."""
        self.ticked = self.ticked | set(report.added + report.restored + report.restored_edited)
        self.changes += 1
        return report

    def untick(self, uids: Sequence[str]) -> UntickReport:
        """Untick `uids`; edited items keep their edit for a later re-tick."""
        selection = self.require_draft()
        return self.noted_untick(untick(self.conn, selection.id, uids))

    def noted_untick(self, report: UntickReport) -> UntickReport:
        """Take in what an untick did (here or in a worker; call it on the UI thread)."""
        self.ticked = self.ticked - set(report.removed + report.kept_edited)
        self.changes += 1
        return report
