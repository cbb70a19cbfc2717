"""The main screen's catalogue editing: new, edit, duplicate, delete, restore, history,
classifications and the spreadsheet import, on the requirement marked under the list's cursor.

`EditingController` is a collaborator of `MainScreen`: the screen's `action_…` methods hand the
work to it. It calls the catalogue's services (`catalogue.editing`) and opens the editing
screens; afterwards the screen reloads with `reload_catalogue`, keeping the cursor where it was.

In read-only mode the writing actions leave the footer (`edit_specs`) and the command palette
(`editing_palette.py`), and a key that still reaches them is refused with a notice; the
database connection itself is read-only too. The editing screens are imported by the actions
that open them, not at start-up, so the first frame does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.editing import next_uid, set_deleted
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.catalogue.records import Requirement, RequirementContent
from kravtui.catalogue.requirements import ConflictError
from kravtui.i18n import t
from kravtui.tui.filter_state import Facet
from kravtui.tui.keys import EDIT_KEYS, KeySpec
from kravtui.tui.read_only import refuse_editing, shown

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""

if TYPE_CHECKING:
    from textual.screen import Screen

    from kravtui.application.catalogue_session import CatalogueSession
    from kravtui.tui.main_view import MainView
    from kravtui.tui.screens.requirement_form import RequirementForm

DELETED = Facet("flag", "deleted")


def edit_specs(read_only: bool) -> tuple[KeySpec, ...]:
    """The editing keys; read-only, the writing ones are hidden from the footer."""
    return shown(EDIT_KEYS, read_only)


class EditingController:
    """The main screen's editing actions (n, e, c, d, r, h, C); the screen hands them over."""

    def __init__(self, screen: Screen[None], view: MainView) -> None:
        self.screen = screen  # notifications and the editing screens
        self.view = view  # the filters, the list and the reload

    @property
    def session(self) -> CatalogueSession:
        return self.view.session

    def showing_deleted(self) -> bool:
        """Whether the list shows deleted requirements (the Deleted facet is set)."""
        return self.view.state.is_active(DELETED)

    def check_action(self, action: str) -> bool:
        """Whether `action` is offered now: delete outside the Deleted view, restore in it."""
        if action == "restore_requirement":
            return self.showing_deleted()
        if action == "delete_requirement":
            return not self.showing_deleted()
        return True

    # Helpers

    def _refused(self) -> bool:
        return refuse_editing(self.screen, self.session)

    def _current(self) -> Requirement | None:
        """The requirement marked under the cursor (what every row action acts on)."""
        row = self.view.requirement_list.marked
        requirement = self.session.requirement(row.uid) if row else None
        if requirement is None:
            self.screen.notify(t("tui.edit.nothing_selected"), severity="warning")
        return requirement

    def _step_off(self, uid: str) -> None:
        """Put the cursor on a neighbour of `uid`, which is about to leave the list."""
        listing = self.view.requirement_list
        current = listing.current
        if current is None or current.uid != uid:
            return
        target = listing.cursor + 1 if listing.cursor + 1 < listing.total else listing.cursor - 1
        if target >= 0:
            listing.move_to(target)

    def _open_form(self, form: RequirementForm) -> None:
        def closed(uid: str | None) -> None:
            if uid:
                self.view.reload_catalogue(uid)

        self.screen.app.push_screen(form, closed)

    # The actions, by the screen's action names

    def new_requirement(self) -> None:
        from kravtui.tui.screens.requirement_form import RequirementForm

        if self._refused():
            return
        prefixes = [c.prefix for c in self.session.classifications.categories]
        if not prefixes:
            self.screen.notify(t("tui.edit.no_categories"), severity="warning")
            return
        row = self.view.requirement_list.marked
        prefix = row.category if row is not None and row.category in prefixes else prefixes[0]
        content = RequirementContent(
            uid=next_uid(self.session.conn, prefix), title="", category=prefix
        )
        self._open_form(RequirementForm(self.session, content, mode="new"))

    def edit_requirement(self) -> None:
        from kravtui.tui.screens.requirement_form import RequirementForm

        if self._refused():
            return
        requirement = self._current()
        if requirement is not None:
            form = RequirementForm(
                self.session, requirement.content, mode="edit", version=requirement.meta.version
            )
            self._open_form(form)

    def duplicate_requirement(self) -> None:
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

    def delete_requirement(self) -> None:
        from kravtui.tui.screens.confirm import ConfirmScreen

        if self._refused():
            return
        requirement = self._current()
        if requirement is None:
            return
        if requirement.content.deleted:
            self.screen.notify(
                t("tui.edit.already_deleted", uid=requirement.uid), severity="warning"
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._set_deleted(requirement, True)

        question = t("tui.delete.question", uid=requirement.uid, title=requirement.content.title)
        confirm = ConfirmScreen(
            question, t("tui.delete.detail"), yes=t("tui.key.delete"), no=t("tui.key.cancel")
        )
        self.screen.app.push_screen(confirm, answered)

    def restore_requirement(self) -> None:
        if self._refused():
            return
        requirement = self._current()
        if requirement is None:
            return
        if not requirement.content.deleted:
            self.screen.notify(t("tui.edit.only_deleted"), severity="warning")
            return
        self._set_deleted(requirement, False)

    def _set_deleted(self, requirement: Requirement, deleted: bool) -> None:
        uid = requirement.uid
        try:
            set_deleted(self.session.conn, uid, deleted, expected_version=requirement.meta.version)
        except ConflictError:
            self.screen.notify(t("tui.conflict.title", uid=uid), severity="error", timeout=10)
            self.view.reload_catalogue()
            return
        except _REFUSED as error:
            said = unplaced_text(error)
            self.screen.notify(t("tui.edit.failed", error=said), severity="error", timeout=10)
            return
        self._step_off(uid)
        self.screen.notify(t("tui.delete.done" if deleted else "tui.restore.done", uid=uid))
        self.view.reload_catalogue()

    def history(self) -> None:
        from kravtui.tui.screens.history import HistoryScreen

        row = self.view.requirement_list.marked
        if row is None:
            self.screen.notify(t("tui.edit.nothing_selected"), severity="warning")
            return

        def closed(restored: bool | None) -> None:
            if restored:
                self.view.reload_catalogue()

        self.screen.app.push_screen(HistoryScreen(self.session, row.uid), closed)

    def classifications(self) -> None:
        from kravtui.tui.screens.classifications import ClassificationScreen

        def closed(changed: bool | None) -> None:
            if changed:
                self.view.reload_catalogue()

        self.screen.app.push_screen(ClassificationScreen(self.session), closed)

    def import_sheet(self) -> None:
        """The spreadsheet import (`i`): look at what a file would do, then import it."""
        from kravtui.tui.screens.sheet_import import SheetImportScreen

        if self._refused():
            return

        def closed(imported: bool | None) -> None:
            if imported:
                self.view.reload_catalogue()

        self.screen.app.push_screen(SheetImportScreen(self.session), closed)
