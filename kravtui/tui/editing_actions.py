"""The main screen's editing actions: new, edit, duplicate, delete, restore, history,
classifications, and refreshing when another process changed the catalogue.

`EditingActions` is mixed into `MainScreen`, kept apart so the browse screen stays small.
Its actions call the catalogue's services (`catalogue.editing`) and open the editing screens;
afterwards the main screen reloads with `reload_catalogue`, keeping the cursor where it was.
Once a second the UI connection's `PRAGMA data_version` is polled (`ChangeWatcher`); when another
session committed, the list, detail pane and classifications are read again.

In read-only mode the writing actions leave the footer and the command palette, and a key that
still reaches them is refused with a notice; the database connection itself is read-only too.
The editing screens are imported by the actions that open them, not at start-up, so the first
frame does not wait for them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand

from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.editing import next_uid, set_deleted
from kravtui.catalogue.records import Classifications, Requirement, RequirementContent
from kravtui.catalogue.requirements import ConflictError
from kravtui.catalogue.watch import ChangeWatcher
from kravtui.i18n import t
from kravtui.tui.commands import Display, commands
from kravtui.tui.filter_state import Facet
from kravtui.tui.keys import EDIT_KEYS, FORM_KEYS, KeySpec
from kravtui.tui.textual_internals import add_bindings
from kravtui.tui.widgets.detail_pane import requirement_text

if TYPE_CHECKING:
    from textual.screen import Screen

    from kravtui.application.catalogue_session import CatalogueSession
    from kravtui.catalogue.search import FacetCounts
    from kravtui.tui.filter_state import FilterState
    from kravtui.tui.screens.requirement_form import RequirementForm
    from kravtui.tui.widgets.detail_pane import DetailPane
    from kravtui.tui.widgets.facet_panel import FacetPanel
    from kravtui.tui.widgets.requirement_list import RequirementList

    _Base = Screen[None]
else:
    _Base = object

POLL_SECONDS = 1.0
WRITING: frozenset[str] = frozenset({"new", "edit", "duplicate", "delete", "restore"})
DELETED = Facet("flag", "deleted")


def edit_specs(read_only: bool) -> tuple[KeySpec, ...]:
    """The editing keys; read-only, the writing ones are hidden from the footer."""
    if not read_only:
        return EDIT_KEYS
    return tuple(replace(s, show=False) if s.id in WRITING else s for s in EDIT_KEYS)


class EditingActions(_Base):
    """Editing actions, mixed into the main screen (which has the list, panes and search)."""

    if TYPE_CHECKING:
        session: CatalogueSession
        state: FilterState
        counts: FacetCounts | None

        @property
        def requirement_list(self) -> RequirementList: ...

        @property
        def facet_panel(self) -> FacetPanel: ...

        @property
        def detail_pane(self) -> DetailPane: ...

        def _search(self, uid: str | None = None) -> None: ...

    _watcher: ChangeWatcher | None = None
    _facets_show: Classifications | None = None  # what the facet panel was built from

    def on_mount(self) -> None:
        # after the browse keys
        add_bindings(
            self, [spec.binding() for spec in edit_specs(self.session.read_only)], first=False
        )
        self.refresh_bindings()
        self._watcher = ChangeWatcher(self.session.conn)
        self._facets_show = self.session.classifications

    def catalogue_changed_elsewhere(self) -> bool:
        """Whether another session committed since the last call (one cheap PRAGMA)."""
        return self._watcher is not None and self._watcher.changed()

    def reload_catalogue(self, cursor_uid: str | None = None) -> None:
        """After a change to the catalogue (here or in another session): read the
        classifications again, search again with the cursor on the same requirement (or on
        `cursor_uid`), and redraw the detail pane if its requirement changed."""
        self.session.reload()
        if self.session.classifications != self._facets_show:
            self._facets_show = self.session.classifications
            self.facet_panel.rebuild(self.session.classifications)
            self.facet_panel.update_state(self.state, self.counts)
        if cursor_uid is not None:
            self.requirement_list.chosen_uid = cursor_uid
        self._search(cursor_uid)
        pane, row = self.detail_pane, self.requirement_list.current
        if pane.display and row is not None and cursor_uid in (None, row.uid):
            requirement = self.session.requirement(row.uid)
            if requirement is None:
                return
            text = requirement_text(requirement, self.session.classifications)
            if text != pane.text:  # unchanged: leave the pane where the reader scrolled it
                pane.show(requirement, self.session.classifications)

    def showing_deleted(self) -> bool:
        """Whether the list shows deleted requirements (the Deleted facet is set)."""
        return self.state.is_active(DELETED)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore_requirement":
            return self.showing_deleted()
        if action == "delete_requirement":
            return not self.showing_deleted()
        return super().check_action(action, parameters)

    # Helpers

    def _refused(self) -> bool:
        if self.session.read_only:
            self.notify(t("tui.edit.read_only"), severity="warning")
        return self.session.read_only

    def _current(self) -> Requirement | None:
        """The requirement marked under the cursor (what every row action acts on)."""
        row = self.requirement_list.marked
        requirement = self.session.requirement(row.uid) if row else None
        if requirement is None:
            self.notify(t("tui.edit.nothing_selected"), severity="warning")
        return requirement

    def _step_off(self, uid: str) -> None:
        """Put the cursor on a neighbour of `uid`, which is about to leave the list."""
        listing = self.requirement_list
        current = listing.current
        if current is None or current.uid != uid:
            return
        target = listing.cursor + 1 if listing.cursor + 1 < listing.total else listing.cursor - 1
        if target >= 0:
            listing.move_to(target)

    def _open_form(self, form: RequirementForm) -> None:
        def closed(uid: str | None) -> None:
            if uid:
                self.reload_catalogue(uid)

        self.app.push_screen(form, closed)

    # Actions

    def action_new_requirement(self) -> None:
        from kravtui.tui.screens.requirement_form import RequirementForm

        if self._refused():
            return
        prefixes = [c.prefix for c in self.session.classifications.categories]
        if not prefixes:
            self.notify(t("tui.edit.no_categories"), severity="warning")
            return
        row = self.requirement_list.marked
        prefix = row.category if row is not None and row.category in prefixes else prefixes[0]
        content = RequirementContent(
            uid=next_uid(self.session.conn, prefix), title="", category=prefix
        )
        self._open_form(RequirementForm(self.session, content, mode="new"))

    def action_edit_requirement(self) -> None:
        from kravtui.tui.screens.requirement_form import RequirementForm

        if self._refused():
            return
        requirement = self._current()
        if requirement is not None:
            form = RequirementForm(
                self.session, requirement.content, mode="edit", version=requirement.meta.version
            )
            self._open_form(form)

    def action_duplicate_requirement(self) -> None:
        from kravtui.tui.screens.requirement_form import RequirementForm

        if self._refused():
            return
        requirement = self._current()
        if requirement is None:
            return
        content = requirement.content
        copy = content.with_changes(
            uid=next_uid(self.session.conn, content.category), deleted=False
        )
        self._open_form(
            RequirementForm(self.session, copy, mode="duplicate", source_uid=content.uid)
        )

    def action_delete_requirement(self) -> None:
        from kravtui.tui.screens.confirm import ConfirmScreen

        if self._refused():
            return
        requirement = self._current()
        if requirement is None:
            return
        if requirement.content.deleted:
            self.notify(t("tui.edit.already_deleted", uid=requirement.uid), severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_deleted(requirement, True)

        question = t("tui.delete.question", uid=requirement.uid, title=requirement.content.title)
        confirm = ConfirmScreen(
            question, t("tui.delete.detail"), yes=t("tui.key.delete"), no=t("tui.key.cancel")
        )
        self.app.push_screen(confirm, answered)

    def action_restore_requirement(self) -> None:
        if self._refused():
            return
        requirement = self._current()
        if requirement is None:
            return
        if not requirement.content.deleted:
            self.notify(t("tui.edit.only_deleted"), severity="warning")
            return
        self._set_deleted(requirement, False)

    def _set_deleted(self, requirement: Requirement, deleted: bool) -> None:
        uid = requirement.uid
        try:
            set_deleted(self.session.conn, uid, deleted, expected_version=requirement.meta.version)
        except ConflictError:
            self.notify(t("tui.conflict.title", uid=uid), severity="error", timeout=10)
            self.reload_catalogue()
            return
        except (CatalogueError, sqlite3.Error) as error:
            self.notify(t("tui.edit.failed", error=str(error)), severity="error", timeout=10)
            return
        self._step_off(uid)
        self.notify(t("tui.delete.done" if deleted else "tui.restore.done", uid=uid))
        self.reload_catalogue()

    def action_history(self) -> None:
        from kravtui.tui.screens.history import HistoryScreen

        row = self.requirement_list.marked
        if row is None:
            self.notify(t("tui.edit.nothing_selected"), severity="warning")
            return

        def closed(restored: bool | None) -> None:
            if restored:
                self.reload_catalogue()

        self.app.push_screen(HistoryScreen(self.session, row.uid), closed)

    def action_classifications(self) -> None:
        from kravtui.tui.screens.classifications import ClassificationScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.reload_catalogue()

        self.app.push_screen(ClassificationScreen(self.session), closed)


def editing_commands(
    app: App[Any], screen: object, keymap: Mapping[str, str], display: Display
) -> Iterator[SystemCommand]:
    """The command palette's entries for the editing actions of the screen in front.

    On the main screen: new, edit, duplicate, delete, restore, history, classifications (only
    the last two when read-only); on the editing screens, their own keys.
    """
    from kravtui.tui.screens.classifications import ClassificationScreen
    from kravtui.tui.screens.history import HistoryScreen
    from kravtui.tui.screens.requirement_form import RequirementForm

    specs: tuple[KeySpec, ...] = ()
    target: Any = screen
    if isinstance(screen, EditingActions):
        read_only = screen.session.read_only
        specs = tuple(s for s in EDIT_KEYS if not (read_only and s.id in WRITING))
    elif isinstance(screen, RequirementForm):
        specs = FORM_KEYS
    elif isinstance(screen, HistoryScreen | ClassificationScreen):
        specs = tuple(screen.specs)
    if specs:
        yield from commands(app, [(target, specs)], keymap, display)
