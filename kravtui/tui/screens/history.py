"""A requirement's history: every revision, the difference between any two, restoring one.

The list shows the newest revision first: number, action, when and who. Below it, the changes
from the base revision to the one under the cursor, field by field with word-level marks. The
base is the revision before the cursor's until `b` fixes another one (marked `◆`). `r` makes the
cursor's revision current again, which is itself a new revision. Dismissed with True when a
version was restored, so the main screen reloads.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.editing import restore_version
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.catalogue.history import Revision, list_revisions
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.tui.keys import HISTORY_KEYS, KeySpec, install
from kravtui.tui.read_only import offered, refuse_editing, shown
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.widgets.content_diff import content_diff, legend
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_option_list import MarkedOptionList

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""


def local_time(at: str) -> str:
    """A stored UTC timestamp as the reader's local date and time, to the minute."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def revision_label(revision: Revision, *, base: bool) -> Text:
    """One line of the list: `◆` marks the fixed base."""
    text = Text("◆ " if base else "  ")
    text.append(f"#{revision.number}", "bold")
    text.append(f" {t(f'history.action.{revision.action.value}')}  {local_time(revision.at)}  ")
    text.append(visible(revision.author), "dim")
    return text


class HistoryScreen(Screen[bool]):
    """Revisions of one requirement and the changes between them."""

    CSS_PATH = "editing.tcss"

    def __init__(self, session: CatalogueSession, uid: str) -> None:
        super().__init__()
        # read-only: restoring leaves the footer and the palette; its key says why it cannot
        install(self, shown(HISTORY_KEYS, session.catalogue_read_only))
        self.specs: tuple[KeySpec, ...] = offered(HISTORY_KEYS, session.catalogue_read_only)
        self.session = session
        self.uid = uid
        self.revisions: list[Revision] = []  # newest first
        self.base: int | None = None  # a fixed base revision number
        self.restored = False

    def compose(self) -> ComposeResult:
        yield Static(Text(t("tui.history.title", uid=self.uid)), id="history-title")
        yield MarkedOptionList(id="history-list")
        yield Static(id="history-heading")
        with VerticalScroll(id="history-diff"):
            yield Static(id="history-changes")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()
        self.query_one("#history-list").focus()

    def load(self, highlight: int = 0) -> None:
        """Read the revisions again and draw the list with the cursor at `highlight`."""
        self.revisions = list(reversed(list_revisions(self.session.conn, self.uid)))
        listing = self.query_one("#history-list", MarkedOptionList)
        labels = [revision_label(r, base=r.number == self.base) for r in self.revisions]
        listing.show_lines(labels, highlight, t("tui.history.empty"))
        self.show_changes()

    @property
    def current(self) -> Revision | None:
        """The revision under the cursor."""
        index = self.query_one("#history-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.revisions):
            return None
        return self.revisions[index]

    def base_of(self, revision: Revision) -> Revision | None:
        """What `revision` is compared with: the fixed base, else the one before it."""
        if self.base is not None:
            return next((r for r in self.revisions if r.number == self.base), None)
        return next((r for r in self.revisions if r.number < revision.number), None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_changes()

    def show_changes(self) -> None:
        """The changes from the base to the cursor's revision."""
        heading = self.query_one("#history-heading", Static)
        changes = self.query_one("#history-changes", Static)
        revision = self.current
        if revision is None:
            heading.update(Text(t("tui.history.empty")))
            changes.update("")
            return
        base = self.base_of(revision)
        if base is None:
            heading.update(Text(t("tui.history.first", number=revision.number), style="bold"))
            changes.update(Text())
            return
        title = Text(t("tui.history.compare", base=base.number, number=revision.number), "bold")
        title.append(f"   {legend('tui.history.legend')}", "dim")
        heading.update(title)
        diff = content_diff(base.content, revision.content)
        changes.update(diff if diff.plain else Text(t("tui.history.same")))
        self.query_one("#history-diff").scroll_home(animate=False)

    def action_set_base(self) -> None:
        revision = self.current
        if revision is None:
            return
        self.base = None if self.base == revision.number else revision.number
        self.load(self.query_one("#history-list", OptionList).highlighted or 0)

    def action_restore_version(self) -> None:
        if refuse_editing(self, self.session):
            return
        revision = self.current
        if revision is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._restore(revision.number)

        self.app.push_screen(
            ConfirmScreen(
                t("tui.history.restore_question", number=revision.number, uid=self.uid),
                t("tui.history.restore_detail"),
            ),
            answered,
        )

    def _restore(self, number: int) -> None:
        try:
            restore_version(self.session.conn, self.uid, number)
        except _REFUSED as error:
            said = unplaced_text(error)
            self.notify(t("tui.edit.failed", error=said), severity="error", timeout=10)
            return
        self.restored = True
        self.notify(t("tui.history.restored", uid=self.uid, number=number))
        self.load(0)

    def action_close(self) -> None:
        self.dismiss(self.restored)
