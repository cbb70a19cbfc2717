"""The selection screen (`v`): the current selection's items grouped by category and
subcategory, with why each was proposed, and every change an officer makes to them.

`p` priority (only when the selection has priority on), `e` edit the item's text (the snapshot,
never the catalogue), `n` a free-text requirement, `d` remove (a Mindstekrav, an edited item or
a free-text one asks first), `Space` untick (an edited item warns that the edit is kept for a
re-tick); an unticked or removed catalogue requirement is remembered as removed by hand, so the
questionnaire does not tick it again; `w` what changed in the catalogue (the drift view), `F`
mark final, `c` duplicate, `b` the vendors' answers (the Besvarelser screen).
A final selection shows read-only: every change is refused by the service and said so here.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.current_selection import attempt, succeeded
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.i18n import t
from kravtui.selection.items import (
    add_free_text,
    edit_item,
    list_items,
    remove_item,
    set_item_importance,
)
from kravtui.selection.records import Selection, SelectionItem, Snapshot
from kravtui.selection.store import duplicate_selection, get_selection
from kravtui.tui.keys import ITEM_KEYS, install
from kravtui.tui.outside_change import OutsideChange
from kravtui.tui.read_only import shown
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.finalise_flow import confirm_finalise
from kravtui.tui.screens.item_form import ItemFormScreen
from kravtui.tui.screens.selection_dialogs import ChoiceScreen
from kravtui.tui.widgets.item_list import ItemList
from kravtui.tui.widgets.item_view import category_names, grouped_lines, item_text, legend
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.status_line import number


class SelectionItemsScreen(Screen[None]):
    """The items of the current selection."""

    CSS_PATH = "selection.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012

    def __init__(self, session: CatalogueSession) -> None:
        super().__init__()
        install(self, shown(ITEM_KEYS, session.read_only))  # read-only: no writing keys
        self.session = session
        self.names = category_names(session.classifications)
        self.rows: list[SelectionItem | None] = []
        self._seen = -1
        self._shown_title = ""

    @property
    def selection(self) -> Selection:
        selection = self.session.selection.selection
        assert selection is not None, "the selection screen needs a current selection"
        return selection

    def compose(self) -> ComposeResult:
        yield Label(id="items-title", classes="screen-title")
        yield Label(legend(), id="items-legend")
        with Horizontal(id="items-body"):
            yield ItemList(id="items")
            with VerticalScroll(id="item-detail-box"):
                yield Static(id="item-detail", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#items", ItemList).focus()

    def on_screen_resume(self) -> None:
        if self.session.selection.selection is None:  # deleted in another session, said so
            self.dismiss()
            return
        if self._seen != self.session.selection.changes:
            self.reload(self.current_uid)

    def on_outside_change(self, _message: OutsideChange) -> None:
        """Another officer ticked, unticked, edited or deleted the selection meanwhile."""
        if self.session.selection.selection is None:
            self.notify(t("selection.gone", title=self._shown_title), severity="warning")
        self.on_screen_resume()

    # Showing

    @property
    def current(self) -> SelectionItem | None:
        return self.query_one("#items", ItemList).current

    @property
    def current_uid(self) -> str | None:
        item = self.current
        return item.uid if item else None

    def reload(self, uid: str | None = None) -> None:
        """Read the items again; the cursor goes to `uid` (or the first item)."""
        self._seen = self.session.selection.changes
        selection = self.selection
        self._shown_title = selection.title  # to name it once another session deleted it
        items = list_items(self.session.conn, selection.id)
        self._show_title(selection, items)
        priority = selection.info.priority_enabled
        entries = list(grouped_lines(items, self.names, priority=priority))
        self.rows = [item for _, item in entries]
        empty = Text(t("tui.item.empty"), style="italic")
        self.query_one("#items", ItemList).show(entries, uid, empty)
        self._show_detail()

    def _show_title(self, selection: Selection, items: list[SelectionItem]) -> None:
        title = Text(selection.title, style="bold")
        title.append(f"  [{t(f'status.{selection.status.value}')}]  ")
        title.append(t("selection.n_ticked", count=number(len(items))))
        drifted = sum(1 for item in items if item.drifted)
        if drifted:
            title.append("  ·  " + t("tui.item.n_drifted", count=number(drifted)), "bold")
        if not selection.info.priority_enabled:
            title.append("  ·  " + t("tui.item.priority_off"))
        self.query_one("#items-title", Label).update(title)
        # A final selection says so first on the second line, where 80 columns still show it.
        hint = Text(t("tui.item.final_hint") + "  ", style="bold") if selection.is_final else Text()
        self.query_one("#items-legend", Label).update(hint + legend())

    def _show_detail(self) -> None:
        item = self.current
        detail = self.query_one("#item-detail", Static)
        if item is None:
            detail.update("")
            return
        priority = self.selection.info.priority_enabled
        detail.update(item_text(item, self.names, priority=priority))
        self.query_one("#item-detail-box", VerticalScroll).scroll_home(animate=False)

    def on_item_list_highlighted(self, event: ItemList.Highlighted) -> None:
        event.stop()
        self._show_detail()

    def on_item_list_opened(self, event: ItemList.Opened) -> None:
        event.stop()
        self.query_one("#item-detail-box", VerticalScroll).focus()

    # Changing

    def _error(self, message: str) -> None:
        """Say why a change was refused; when the selection was deleted in another session
        (there is no current one now), the screen closes too."""
        self.notify(message, severity="error", timeout=8)
        if self.session.selection.selection is None:
            self.dismiss()

    def _still_there(self) -> bool:
        """Whether the selection is still there (else said, and the screen closes)."""
        return attempt(self.session.selection.require, self._error) is not None

    def _item_for_change(self) -> SelectionItem | None:
        """The item marked under the cursor, if the selection can be changed (else say why)."""
        if attempt(self.session.selection.require_draft, self._error) is None:
            return None
        return self.query_one("#items", ItemList).marked

    def _changed(self, uid: str | None) -> None:
        self.session.selection.reload()
        self.reload(uid)

    def action_priority(self) -> None:
        item = self._item_for_change()
        if item is None:
            return
        if not self.selection.info.priority_enabled:
            self._error(t("selection.priority_off"))
            return

        def done(level: Importance | None) -> None:
            if level is None or level is item.snapshot.importance:
                return
            if succeeded(
                lambda: set_item_importance(self.session.conn, self.selection.id, item.uid, level),
                self._error,
            ):
                self._changed(item.uid)

        choices = [(t(level.label_key), level) for level in reversed(IMPORTANCE_ORDER)]
        heading = t("tui.item.priority_title", uid=item.uid)
        self.app.push_screen(ChoiceScreen(heading, choices, item.snapshot.importance), done)

    def _edit(self, uid: str, snapshot: Snapshot, opened: Snapshot) -> None:
        edit_item(self.session.conn, self.selection.id, uid, snapshot, expected=opened)

    def action_edit(self) -> None:
        item = self._item_for_change()
        if item is None:
            return

        def done(saved: bool | None) -> None:
            self._changed(item.uid)  # after Esc too: someone else's change, if that was why

        form = ItemFormScreen(
            t("tui.item.edit_title", uid=item.uid),
            item.snapshot,
            self.session.classifications,
            lambda snapshot: self._edit(item.uid, snapshot, item.snapshot),
            priority_enabled=self.selection.info.priority_enabled,
        )
        self.app.push_screen(form, done)

    def action_new(self) -> None:
        if attempt(self.session.selection.require_draft, self._error) is None:
            return
        near = self.current
        categories = self.session.classifications.categories
        if not categories:
            self._error(t("tui.item.no_categories"))
            return
        blank = Snapshot(
            uid="",
            title="",
            category=near.snapshot.category if near else categories[0].prefix,
            subcategory=near.snapshot.subcategory if near else "",
        )
        added: list[str] = []

        def save(snapshot: Snapshot) -> None:
            added.append(add_free_text(self.session.conn, self.selection.id, snapshot).uid)

        def done(saved: bool | None) -> None:
            if saved and added:
                self._changed(added[0])
                self.notify(t("tui.item.added", uid=added[0]))

        form = ItemFormScreen(
            t("tui.item.new_title"),
            blank,
            self.session.classifications,
            save,
            priority_enabled=self.selection.info.priority_enabled,
        )
        self.app.push_screen(form, done)

    def action_remove(self) -> None:
        item = self._item_for_change()
        if item is None:
            return
        reasons = []
        if item.snapshot.importance is Importance.ABSOLUTE:
            reasons.append(t("tui.item.remove_absolute", label=t(Importance.ABSOLUTE.label_key)))
        if item.edited:
            reasons.append(t("tui.item.remove_edited"))
        if item.is_free_text:
            reasons.append(t("tui.item.remove_free"))
        if not reasons:
            self._remove(item)
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._remove(item)

        message = t("tui.item.remove_question", uid=item.uid, title=item.snapshot.title)
        message += "\n\n" + "\n".join(reasons)
        heading = t("tui.item.remove_heading")
        self.app.push_screen(ConfirmScreen(heading, message, yes=t("tui.item.remove_yes")), done)

    def _remove(self, item: SelectionItem) -> None:
        neighbour = self._neighbour_uid(item.uid)
        if succeeded(
            lambda: remove_item(self.session.conn, self.selection.id, item.uid), self._error
        ):
            self._changed(neighbour)
            self.notify(t("tui.item.removed", uid=item.uid))

    def _neighbour_uid(self, uid: str) -> str | None:
        uids = [row.uid for row in self.rows if row]
        if uid not in uids:
            return None
        index = uids.index(uid)
        rest = uids[index + 1 :] or uids[:index][-1:]
        return rest[0] if rest else None

    def action_untick(self) -> None:
        item = self._item_for_change()
        if item is None:
            return
        if item.is_free_text:
            self.action_remove()  # nothing in the catalogue would bring it back: ask first
            return
        lines = []
        if item.snapshot.importance is Importance.ABSOLUTE:
            lines.append(t("tui.item.remove_absolute", label=t(Importance.ABSOLUTE.label_key)))
        if item.edited:
            lines.append(t("tui.sel.untick_edited", uids=item.uid, count=1))
        if not lines:
            self._untick(item)
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._untick(item)

        message = t("tui.item.untick_question", uid=item.uid, title=item.snapshot.title)
        message += "\n\n" + "\n".join(lines)
        self.app.push_screen(ConfirmScreen(t("tui.sel.untick_heading"), message), done)

    def _untick(self, item: SelectionItem) -> None:
        neighbour = self._neighbour_uid(item.uid)
        report = attempt(lambda: self.session.selection.untick([item.uid]), self._error)
        if report is None:
            return
        if report.kept_edited:
            self.notify(t("selection.kept_edits", uids=", ".join(report.kept_edited)))
        self.reload(neighbour)

    # Elsewhere

    def action_drift(self) -> None:
        from kravtui.tui.screens.drift import DriftScreen

        if not self._still_there():
            return
        drifted = [row.uid for row in self.rows if row and row.drifted]
        if not drifted:
            self.notify(t("tui.drift.none"))
            return
        current = self.current_uid
        start = drifted.index(current) if current in drifted else 0
        self.app.push_screen(DriftScreen(self.session, drifted, start))

    def action_questionnaire(self) -> None:
        from kravtui.tui.screens.questionnaire import QuestionnaireScreen

        if self._still_there():
            self.app.push_screen(QuestionnaireScreen(self.session))

    def action_export(self) -> None:
        from kravtui.tui.screens.export_dialog import ExportScreen

        if self._still_there():
            self.app.push_screen(ExportScreen(self.session))

    def action_answers(self) -> None:
        from kravtui.tui.screens.answers import AnswersScreen

        self.app.push_screen(AnswersScreen(self.session))

    def action_finalise(self) -> None:
        if attempt(self.session.selection.require_draft, self._error) is None:
            return
        selection = self.selection
        uid = self.current_uid
        confirm_finalise(
            self, self.session, selection.id, selection.title, lambda: self._changed(uid)
        )

    def action_duplicate(self) -> None:
        if not self._still_there():
            return
        source = self.selection
        copy = attempt(lambda: duplicate_selection(self.session.conn, source.id), self._error)
        if copy is None:
            return
        self.session.selection.switch(copy.id)
        self.reload(self.current_uid)
        self.notify(t("tui.sel.duplicated", title=get_selection(self.session.conn, copy.id).title))

    def action_back(self) -> None:
        self.dismiss()
