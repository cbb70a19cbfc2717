"""Keeping the classifications: categories (with subcategories), domains, tags and principles.

One list per kind (← and → switch kinds). `n` adds, `N` adds a subcategory to the category under
the cursor (offered on the categories only), `e` renames (and edits the description, question or
reference), `d` deletes after a question, `K`/`J` move up and down. Every change is one call of
`application.classifications`, which picks the catalogue's rule for the entry's kind, so a
rename shows everywhere at once; deleting one that is in use is refused at once, before any
question, with the number of requirements and selections that use
it. Dismissed with True when anything changed.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList, Static

from kravtui.application import classifications as admin
from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.classifications import KINDS, Entry, entries
from kravtui.catalogue.db import CatalogueError
from kravtui.i18n import t, t_count
from kravtui.tui.keys import CLASSIFICATION_KEYS, install
from kravtui.tui.read_only import offered, refuse_editing, shown
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.prompt import Answer, PromptField, PromptScreen
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_option_list import MarkedOptionList

EXTRA_LABEL = {"tag": "tui.class.question", "principle": "tui.class.reference"}


def entry_label(entry: Entry) -> Text:
    """How a line reads: categories with their prefix, subcategories indented under them."""
    if entry.kind == "category":
        return Text.assemble((f"{entry.prefix:<6}", "bold"), entry.name)
    if entry.kind == "subcategory":
        return Text(f"      └ {entry.name}")
    return Text(entry.name)


class ClassificationScreen(Screen[bool]):
    """Add, rename, reorder and delete every kind of classification."""

    CSS_PATH = "editing.tcss"

    def __init__(self, session: CatalogueSession) -> None:
        super().__init__()
        # read-only: changes leave the footer and the palette; their keys say why they cannot
        install(self, shown(CLASSIFICATION_KEYS, session.catalogue_read_only))
        self.specs = offered(CLASSIFICATION_KEYS, session.catalogue_read_only)
        self.session = session
        self.kind = KINDS[0]
        self.rows: list[Entry] = []
        self.changed = False

    def compose(self) -> ComposeResult:
        yield Static(Text(t("tui.class.title")), id="class-title")
        yield Static(id="class-kinds")
        yield MarkedOptionList(id="class-list")
        yield Static(id="class-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_kind()
        self.query_one("#class-list").focus()

    # Drawing

    def show_kind(self, keep: Entry | None = None) -> None:
        """Draw the kinds bar and the current kind's list, the cursor on `keep` if given."""
        bar = Text("← ", "dim")
        for kind in KINDS:
            name = t(f"tui.class.kind.{kind}")
            bar.append(
                f"[{name}]" if kind == self.kind else f" {name} ",
                "bold reverse" if kind == self.kind else "",
            )
            bar.append(" ")
        bar.append("→", "dim")
        self.query_one("#class-kinds", Static).update(bar)
        self.rows = entries(self.session.classifications, self.kind)
        listing = self.query_one("#class-list", MarkedOptionList)
        index = self._index_of(keep) if keep is not None else None
        highlight = (listing.highlighted or 0) if index is None else index
        listing.show_lines([entry_label(e) for e in self.rows], highlight, t("tui.class.empty"))
        self.show_detail()

    def _index_of(self, target: Entry) -> int | None:
        for index, entry in enumerate(self.rows):
            if (entry.kind, entry.prefix, entry.name) == (target.kind, target.prefix, target.name):
                return index
        return None

    @property
    def current(self) -> Entry | None:
        index = self.query_one("#class-list", OptionList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.show_detail()

    def show_detail(self) -> None:
        """The extra text and the usage of the line under the cursor."""
        entry = self.current
        detail = Text()
        if entry is not None:
            if entry.extra:
                detail.append(entry.extra + "\n")
            try:
                requirements, selections = self._usage(entry)
            except CatalogueError:
                requirements = selections = 0
            detail.append(
                t(
                    "tui.class.usage",
                    requirements=t_count("count.requirements", requirements),
                    selections=t_count("count.selections", selections),
                ),
                "dim",
            )
        self.query_one("#class-detail", Static).update(detail)

    def _usage(self, entry: Entry) -> tuple[int, int]:
        return admin.usage(self.session.conn, entry)

    # Changing

    def _refused(self) -> bool:
        return refuse_editing(self, self.session)

    def _changed(self, keep: Entry | None) -> None:
        self.changed = True
        self.session.reload()
        self.show_kind(keep)

    def _ask(
        self, title: str, fields: list[PromptField], change: Callable[[Answer], Entry | None]
    ) -> None:
        """Ask for the texts, then make the change; a refusal keeps the dialog open."""

        def submit(answer: Answer) -> str | None:
            try:
                keep = change(answer)
            except CatalogueError as error:
                return str(error)
            self._changed(keep)
            return None

        self.app.push_screen(PromptScreen(title, fields, submit))

    def action_add(self) -> None:
        if self._refused():
            return
        kind = self.kind
        name = PromptField("name", t("tui.class.name"))
        conn = self.session.conn
        title = t(f"tui.class.add.{kind}")
        if kind == "category":
            fields = [
                PromptField("prefix", t("tui.class.prefix")),
                name,
                PromptField("extra", t("tui.class.description")),
            ]

            def add_category(a: Answer) -> Entry:
                return admin.add(conn, "category", a["name"], a["extra"], prefix=a["prefix"])

            self._ask(title, fields, add_category)
            return
        fields = [name]
        if kind in EXTRA_LABEL:
            fields.append(PromptField("extra", t(EXTRA_LABEL[kind])))

        def add_named(a: Answer) -> Entry:
            return admin.add(conn, kind, a["name"], a.get("extra", ""))

        self._ask(title, fields, add_named)

    def action_add_subcategory(self) -> None:
        if self._refused():
            return
        entry = self.current
        if self.kind != "category" or entry is None:
            self.notify(t("tui.class.no_sub_here"), severity="warning")
            return
        prefix = entry.prefix
        category = self.session.classifications.category(prefix)
        conn = self.session.conn

        def add(a: Answer) -> Entry:
            return admin.add_subcategory(conn, prefix, a["name"])

        self._ask(
            t("tui.class.add_sub", name=category.name if category else prefix),
            [PromptField("name", t("tui.class.name"))],
            add,
        )

    def action_rename(self) -> None:
        if self._refused():
            return
        entry = self.current
        if entry is None:
            return
        conn = self.session.conn
        fields = [PromptField("name", t("tui.class.name"), entry.name)]
        if entry.kind == "category":
            fields.append(PromptField("extra", t("tui.class.description"), entry.extra))
        elif entry.kind in EXTRA_LABEL:
            fields.append(PromptField("extra", t(EXTRA_LABEL[entry.kind]), entry.extra))

        def rename(a: Answer) -> Entry:
            return admin.rename(conn, entry, a["name"], a.get("extra"))

        self._ask(t("tui.class.rename", name=entry.name), fields, rename)

    def action_delete(self) -> None:
        if self._refused():
            return
        entry = self.current
        if entry is None:
            return
        try:  # in use (the detail line shows how much): refused at once, never asked first
            admin.refuse_if_in_use(self.session.conn, entry)
        except CatalogueError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        label = f"{entry.prefix} {entry.name}" if entry.kind == "category" else entry.name

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                admin.delete(self.session.conn, entry)
            except CatalogueError as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            self.notify(t("tui.class.deleted", name=label))
            self._changed(None)

        self.app.push_screen(ConfirmScreen(t("tui.class.delete_question", name=label)), answered)

    def action_move(self, offset: int) -> None:
        if self._refused():
            return
        entry = self.current
        if entry is None:
            return
        try:
            admin.move(self.session.conn, entry, offset)
        except CatalogueError as error:
            self.notify(str(error), severity="error")
            return
        self._changed(entry)

    def action_next_kind(self, step: int) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + step) % len(KINDS)]
        self.query_one("#class-list", OptionList).highlighted = 0
        self.show_kind()
        self.refresh_bindings()  # `N` is offered on the categories only

    def footer_leaves_out(self, action: str) -> bool:
        """A subcategory is added to a category: `N` leaves the footer on the other kinds (and
        says so when pressed there)."""
        return action == "add_subcategory" and self.kind != "category"

    def action_close(self) -> None:
        self.dismiss(self.changed)
