"""The selections screen (`s`): every selection, and create, edit, rename, duplicate, delete,
mark final, or switch the current one.

One line per selection: a `●` before the current one, the title, its status as a word and how
many requirements are ticked. Under the list, the highlighted selection's details. Every change
is one service call; a refused one (a final selection, a read-only catalogue) is a message.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.current_selection import attempt, succeeded
from kravtui.i18n import current_language, t, t_count
from kravtui.i18n.visible_text import visible
from kravtui.selection.deadline import DeadlineState, judge_deadline
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import (
    SelectionSummary,
    create_selection,
    delete_selection,
    duplicate_selection,
    get_selection,
    list_selections,
    rename_selection,
    update_info,
)
from kravtui.tui.keys import SELECTIONS_KEYS, install
from kravtui.tui.outside_change import OutsideChange
from kravtui.tui.read_only import shown
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.finalise_flow import confirm_finalise
from kravtui.tui.screens.selection_dialogs import TitlePromptScreen
from kravtui.tui.screens.selection_form import SelectionFormScreen
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_option_list import MarkedOptionList
from kravtui.tui.widgets.status_line import number

CURRENT_GLYPH = "●"


def describe(session: CatalogueSession, selection_id: int) -> Text:
    """A selection's details, for the pane under the list."""
    selection = get_selection(session.conn, selection_id)
    info = selection.info
    text = Text(no_wrap=False)
    text.append(visible(info.title) + "\n", "bold")
    if info.description:
        text.append(visible(info.description, multi_line=True) + "\n")
    deadline = info.deadline
    if judge_deadline(deadline).state is DeadlineState.PAST:
        deadline += " " + t("selection.deadline_before_today")
    rows = (
        ("field.status", t(f"status.{selection.status.value}")),
        ("tui.sel.field.organisation", info.organisation),
        ("tui.sel.field.contact", info.contact),
        ("tui.sel.field.deadline", deadline),
        ("field.domains", ", ".join(info.domains) or "—"),
        ("tui.sel.field.priority", t("tui.sel.on" if info.priority_enabled else "tui.sel.off")),
        (
            "tui.sel.field.prices",
            t("tui.sel.prices_asked" if info.prices_requested else "tui.sel.prices_not_asked"),
        ),
        ("tui.sel.field.language", "Dansk" if info.language == "da" else "English"),
        ("tui.sel.answers", str(len(selection.answers))),
    )
    for key, value in rows:
        if value:
            text.append(f"{t(key)}: ", "bold")
            text.append(f"{value}\n")
    return text


class SelectionsScreen(Screen[None]):
    """List and manage selections; Enter makes one current."""

    CSS_PATH = "selection.tcss"

    def __init__(self, session: CatalogueSession) -> None:
        super().__init__()
        install(self, shown(SELECTIONS_KEYS, session.read_only))  # read-only: no writing keys
        self.session = session
        self.summaries: list[SelectionSummary] = []

    def compose(self) -> ComposeResult:
        yield Label(Text(t("tui.sel.list_title"), style="bold"), classes="screen-title")
        use = [spec for spec in SELECTIONS_KEYS if spec.id == "sel-use"]
        yield MarkedOptionList(id="selections", keys=use)  # Enter shows in the footer
        yield Static(id="selection-info", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload(self.session.selection.id)
        self.query_one("#selections", MarkedOptionList).focus()

    @property
    def listing(self) -> MarkedOptionList:
        return self.query_one("#selections", MarkedOptionList)

    def on_outside_change(self, _message: OutsideChange) -> None:
        """Another session made, changed or deleted a selection meanwhile: read them again,
        the cursor staying on the same one."""
        highlighted = self.listing.highlighted
        summaries = self.summaries
        keep = summaries[highlighted].id if highlighted is not None and summaries else None
        self.reload(keep)

    def reload(self, highlight: int | None = None) -> None:
        """Read the selections again and put the cursor on `highlight` (an id) if given."""
        self.summaries = list_selections(self.session.conn)
        current = self.session.selection.id
        listing = self.listing
        listing.clear_options()
        if not self.summaries:
            listing.add_option(
                Option(Text(t("tui.sel.none_listed"), style="italic"), disabled=True)
            )
            self._show_info()
            return
        titles = {summary.id: visible(summary.title) for summary in self.summaries}
        width = max(len(title) for title in titles.values())
        for summary in self.summaries:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f"{CURRENT_GLYPH if summary.id == current else ' '} ")
            line.append(titles[summary.id].ljust(min(width, 40)) + "  ", "bold")
            line.append(f"[{t(f'status.{summary.status.value}')}]  ")
            line.append(t("selection.n_ticked", count=number(summary.ticked)) + "  ")
            line.append(summary.updated_at[:10], "dim")
            listing.add_option(Option(line))
        ids = [s.id for s in self.summaries]
        listing.highlighted = ids.index(highlight) if highlight in ids else 0
        self._show_info()

    @property
    def highlighted(self) -> SelectionSummary | None:
        index = self.listing.highlighted
        if index is None or not self.summaries or index >= len(self.summaries):
            return None
        return self.summaries[index]

    def _show_info(self) -> None:
        summary = self.highlighted
        info = self.query_one("#selection-info", Static)
        if summary is None:
            info.update(Text(t("tui.sel.create_hint"), style="italic"))
        else:
            info.update(describe(self.session, summary.id))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_info()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_use()

    def _error(self, message: str) -> None:
        self.notify(message, severity="error", timeout=8)

    def _refused(self) -> bool:
        """In a read-only catalogue nothing can change: say so."""
        if self.session.read_only:
            self._error(t("cli.read_only"))
        return self.session.read_only

    # Actions

    def action_use(self) -> None:
        """Make the highlighted selection current and go back to the list."""
        summary = self.highlighted
        if summary is None:
            self.action_new()
            return
        if succeeded(lambda: self.session.selection.switch(summary.id), self._error):
            self.notify(t("tui.sel.now_current", title=summary.title))
            self.dismiss()

    def action_view(self) -> None:
        """Make the highlighted selection current and show its items."""
        summary = self.highlighted
        if summary is None:
            return
        from kravtui.tui.screens.selection_items import SelectionItemsScreen

        self.session.selection.switch(summary.id)
        self.app.switch_screen(SelectionItemsScreen(self.session))

    def action_new(self) -> None:
        if self._refused():
            return
        new_selection(self, self.session, self.reload)

    def _domain_names(self) -> list[str]:
        return domain_names(self.session)

    def action_edit(self) -> None:
        if self._refused():
            return
        summary = self.highlighted
        if summary is None:
            return
        selection = get_selection(self.session.conn, summary.id)

        def save(info: SelectionInfo) -> None:
            update_info(self.session.conn, summary.id, info)

        def done(saved: bool | None) -> None:
            if saved:
                self._changed(summary.id)

        heading = t("tui.sel.edit_title", title=summary.title)
        self.app.push_screen(
            SelectionFormScreen(heading, selection.info, self._domain_names(), save), done
        )

    def action_rename(self) -> None:
        if self._refused():
            return
        summary = self.highlighted
        if summary is None:
            return

        def done(title: str | None) -> None:
            if title and attempt(
                lambda: rename_selection(self.session.conn, summary.id, title), self._error
            ):
                self._changed(summary.id)

        self.app.push_screen(TitlePromptScreen(t("tui.sel.rename_title"), summary.title), done)

    def action_duplicate(self) -> None:
        if self._refused():
            return
        summary = self.highlighted
        if summary is None:
            return
        copy = attempt(lambda: duplicate_selection(self.session.conn, summary.id), self._error)
        if copy is not None:
            self.session.selection.switch(copy.id)
            self.reload(copy.id)
            self.notify(t("tui.sel.duplicated", title=copy.title))

    def action_delete(self) -> None:
        if self._refused():
            return
        summary = self.highlighted
        if summary is None:
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if succeeded(lambda: delete_selection(self.session.conn, summary.id), self._error):
                if self.session.selection.id == summary.id:
                    self.session.selection.switch(None)
                self.reload()
                self.notify(t("tui.sel.deleted", title=summary.title))

        message = t_count("tui.sel.delete_question", summary.ticked, title=summary.title)
        self.app.push_screen(
            ConfirmScreen(t("tui.sel.delete_heading"), message, yes=t("tui.sel.delete_yes")), done
        )

    def action_finalise(self) -> None:
        if self._refused():
            return
        summary = self.highlighted
        if summary is None:
            return
        confirm_finalise(
            self, self.session, summary.id, summary.title, lambda: self._changed(summary.id)
        )

    def _changed(self, selection_id: int) -> None:
        if self.session.selection.id == selection_id:
            self.session.selection.reload()
        self.reload(selection_id)

    def action_back(self) -> None:
        self.dismiss()


def domain_names(session: CatalogueSession) -> list[str]:
    """Every domain of the catalogue, in its order."""
    return [domain.name for domain in session.classifications.domains]


def new_selection(
    screen: Screen[None], session: CatalogueSession, after: Callable[[int], None]
) -> None:
    """The form for a new selection; once created it is the current one and `after(id)` runs."""
    created: list[int] = []

    def save(info: SelectionInfo) -> None:
        created.append(create_selection(session.conn, info).id)

    def done(saved: bool | None) -> None:
        if saved and created:
            session.selection.switch(created[0])
            after(created[0])
            screen.notify(t("tui.sel.created", title=session.selection.title))

    blank = SelectionInfo(title="", language=current_language())
    form = SelectionFormScreen(t("tui.sel.new_title"), blank, domain_names(session), save)
    screen.app.push_screen(form, done)
