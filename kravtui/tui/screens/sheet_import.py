"""The spreadsheet import (`i`): a file (XLSX, XLS, ODS), how to read it, what it would do, and
only then the import.

The fields are the CLI's options (`kravtui import FILE --map --category --selection
--new-categories`): the file, the column map (``Krav=title,Beskrivelse=description``, empty
for the headers kravtui and OS2kravmotor write), the category of rows that name none, a title
that makes the rows a new selection, and whether category names the catalogue lacks become new
categories. Enter in a field, or `ctrl+r`, reads the file (`application.sheets.plan_sheet`, on
the session's worker connection) and shows, before anything is written: which sheet and which
columns are read as which field (and which are left alone), the first rows as they would be
imported (new, or the requirement they update), and every row that would be refused with its
cell and the reason (the first ones, and how many). `ctrl+s` imports what was shown, all or
nothing, and only when no row is refused and the fields have not changed since; otherwise it
shows the preview first. A file that is refused as a whole (macros, a password, a zip bomb, a
sheet that reaches too far) is one line in the dialog.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import get_current_worker

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.sheets import SheetChoices, SheetPlan, apply_plan, plan_sheet
from kravtui.catalogue.engine_errors import EnginePermissionError
from kravtui.i18n import t, t_count
from kravtui.interchange.catalogue_sheet_import import CataloguePlan, SheetImportReport
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.sheet_layout import IGNORED
from kravtui.tui.keys import MODAL_HELP, SHEET_IMPORT_KEYS, install
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.widgets.check_list import CheckList
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.key_footer import KeyFooter

PREVIEW_ROWS = 5
REFUSALS_SHOWN = 6


@dataclass(frozen=True, slots=True)
class _Asked:
    """What a preview was made for: the file and the choices."""

    path: Path
    choices: SheetChoices


class PlanReady(Message):
    """The file was read: its plan, or the one line that refused it."""

    def __init__(self, asked: _Asked, plan: SheetPlan | None, error: str = "") -> None:
        super().__init__()
        self.asked = asked
        self.plan = plan
        self.error = error


class ImportDone(Message):
    """The import ended: what it wrote, or the one line that refused it."""

    def __init__(self, summary: str = "", error: str = "") -> None:
        super().__init__()
        self.summary = summary
        self.error = error


def column_line(plan: SheetPlan) -> Text:
    """``Krav id → uid · Navn → title …; left alone: Type``: how the sheet's columns are read."""
    columns = plan.columns
    read = [
        f"{columns.headers[column]} → {field}"
        for column, field in sorted(columns.fields.items())
        if field != IGNORED
    ]
    line = t("tui.import.columns", sheet=columns.sheet, columns=" · ".join(read))
    if columns.ignored:
        line += "; " + t("tui.import.ignored", columns=", ".join(columns.ignored))
    return Text(line)


def preview_table(plan: SheetPlan) -> Table:
    """The first rows as they would be imported."""
    table = Table(box=None, pad_edge=False, expand=True)
    table.add_column(t("tui.import.row"), no_wrap=True, justify="right")
    table.add_column(t("field.uid"), no_wrap=True)
    table.add_column(t("field.title"), ratio=1, overflow="ellipsis", no_wrap=True)
    table.add_column(t("field.category"), no_wrap=True)
    table.add_column(t("tui.import.does"), no_wrap=True)
    if isinstance(plan, CataloguePlan):
        for row in plan.rows[:PREVIEW_ROWS]:
            content = row.content
            does = t("tui.import.new") if row.new else t("tui.import.update")
            table.add_row(str(row.row), content.uid, content.title, content.category, does)
    else:
        for item in plan.content.items[:PREVIEW_ROWS]:
            does = t("tui.import.free_text") if item.is_free_text else t("tui.import.item")
            snapshot = item.snapshot
            table.add_row("", snapshot.uid, snapshot.title, snapshot.category, does)
    return table


def summary_line(plan: SheetPlan) -> str:
    """What the import would do, in one line."""
    if isinstance(plan, CataloguePlan):
        line = t(
            "tui.import.summary",
            rows=t_count("count.rows", len(plan.rows)),
            new=plan.new,
            matched=len(plan.rows) - plan.new,
        )
        if plan.added_categories:
            names = ", ".join(f"{c.name} ({c.prefix})" for c in plan.added_categories)
            line += " " + t("tui.import.new_categories", names=names)
    else:
        line = t_count(
            "tui.import.selection_summary", len(plan.content.items), title=plan.content.info.title
        )
    if plan.refused:
        line += " " + t("tui.import.refused", count=plan.refused)
    return line


def refusal_lines(plan: SheetPlan) -> str:
    """The refused rows, each ``SHEET!CELL: reason`` (the first ones, and how many more)."""
    lines = [f"{refusal.place}: {refusal.reason}" for refusal in plan.refusals[:REFUSALS_SHOWN]]
    if plan.refused > REFUSALS_SHOWN:
        lines.append(t("tui.import.more", count=plan.refused - REFUSALS_SHOWN))
    return "\n".join(lines)


class SheetImportScreen(ModalScreen[bool]):
    """Choose a spreadsheet and how to read it; look; then import. Dismissed with True when
    something was imported."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"
    AUTO_FOCUS = "#import-path"

    def __init__(self, session: CatalogueSession) -> None:
        super().__init__()
        install(self, SHEET_IMPORT_KEYS)
        install(self, (MODAL_HELP,))
        self.session = session
        self.plan: SheetPlan | None = None
        self.asked: _Asked | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box import-box"):
            yield Label(Text(t("tui.import.title"), style="bold"), classes="dialog-title")
            with VerticalScroll(id="import-form"):
                yield field_row(t("tui.import.file"), FieldInput(id="import-path", compact=True))
                yield field_row(
                    t("tui.import.map"),
                    FieldInput(id="import-map", compact=True, placeholder=t("tui.import.map_hint")),
                )
                yield field_row(
                    t("tui.import.category"), FieldInput(id="import-category", compact=True)
                )
                yield field_row(
                    t("tui.import.selection"), FieldInput(id="import-selection", compact=True)
                )
                options = [(t("tui.import.add_categories"), "add_categories", False)]
                yield field_row(t("tui.import.options"), CheckList(options, id="import-options"))
                yield Label("", id="import-error", classes="dialog-error")
                yield Label("", id="import-summary", classes="dialog-note")
                yield Label("", id="import-refusals", classes="dialog-error")
                yield Static("", id="import-columns")
                yield Static("", id="import-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.import.look"), id="preview", compact=True)
                yield Button(t("tui.import.run"), id="run", variant="primary", compact=True)
                yield Button(t("tui.sel.cancel"), id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        for name in ("import-columns", "import-preview"):
            self.query_one(f"#{name}", Static).display = False

    # Reading the form

    def _asked(self) -> _Asked | None:
        raw = self.query_one("#import-path", Input).value.strip()
        if not raw:
            return None

        def text(name: str) -> str | None:
            value = self.query_one(f"#{name}", Input).value.strip()
            return value or None

        ticked = self.query_one("#import-options", CheckList).selected
        choices = SheetChoices(
            mapping=text("import-map"),
            category=text("import-category"),
            selection=text("import-selection"),
            add_categories="add_categories" in ticked,
            map_option=t("tui.import.map_field"),
            category_option=t("tui.import.category_field"),
        )
        return _Asked(Path(raw).expanduser(), choices)

    def _error(self, message: str) -> None:
        say(self.query_one("#import-error", Label), message)

    def _show_error(self) -> None:
        error = self.query_one("#import-error", Label)
        self.call_after_refresh(
            self.query_one("#import-form", VerticalScroll).scroll_to_widget, error, top=True
        )

    # Looking

    def action_preview(self) -> None:
        """Read the file as the fields say and show what the import would do."""
        if self.running:
            return
        asked = self._asked()
        if asked is None:
            self._error(t("tui.import.no_file"))
            return
        self._error("")
        self.running = True
        say(self.query_one("#import-summary", Label), t("tui.import.reading"))
        self._plan(asked)

    @work(thread=True, exclusive=True, group="import")
    def _plan(self, asked: _Asked) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        try:
            plan = self.session.background(
                lambda conn: plan_sheet(conn, asked.path, asked.choices), cancelled
            )
        except InterchangeError as error:
            self.post_message(PlanReady(asked, None, str(error)))
            return
        self.post_message(PlanReady(asked, plan))

    def on_plan_ready(self, message: PlanReady) -> None:
        self.running = False
        columns = self.query_one("#import-columns", Static)
        preview = self.query_one("#import-preview", Static)
        if message.plan is None:
            self.plan = self.asked = None
            say(self.query_one("#import-summary", Label), "")
            say(self.query_one("#import-refusals", Label), "")
            columns.display = preview.display = False
            self._error(message.error)
            self._show_error()
            return
        plan = message.plan
        self.plan, self.asked = plan, message.asked
        say(self.query_one("#import-summary", Label), summary_line(plan))
        columns.update(column_line(plan))
        preview.update(preview_table(plan))
        columns.display = preview.display = True
        say(self.query_one("#import-refusals", Label), refusal_lines(plan))
        self._show_result()

    def _show_result(self) -> None:
        """Scroll the form so the result's first line is in view (on a small terminal it lies
        below the fields; Tab back to a field scrolls that into view again)."""
        summary = self.query_one("#import-summary", Label)
        self.call_after_refresh(
            self.query_one("#import-form", VerticalScroll).scroll_to_widget, summary, top=True
        )

    # Importing

    def action_save(self) -> None:
        """Import what the preview showed; look first when it is missing or out of date."""
        if self.running:
            return
        asked = self._asked()
        if self.plan is None or asked is None or asked != self.asked:
            self.action_preview()
            return
        if self.plan.refused:
            self._error(t_count("tui.import.fix_first", self.plan.refused))
            self._show_error()
            return
        self.running = True
        self.query_one("#run", Button).disabled = True
        plan, self.plan = self.plan, None  # a plan is applied once
        self._apply(plan)

    @work(thread=True, exclusive=True, group="import")
    def _apply(self, plan: SheetPlan) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        try:
            report = self.session.background(lambda conn: apply_plan(conn, plan), cancelled)
        except (InterchangeError, EnginePermissionError) as error:  # the roles: who may
            self.post_message(ImportDone(error=str(error)))
            return
        if isinstance(report, SheetImportReport):
            summary = t(
                "cli.imported",
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
            )
        elif report is not None:
            summary = t_count(
                "cli.selection_imported", report.items, id=report.selection_id, title=report.title
            )
        else:
            summary = ""
        self.post_message(ImportDone(summary))

    def on_import_done(self, message: ImportDone) -> None:
        self.running = False
        self.query_one("#run", Button).disabled = False
        if message.error:
            self._error(message.error)
            self.notify(message.error, severity="error", timeout=10)
            return
        if message.summary:
            self.notify(message.summary, timeout=10)
        self.dismiss(bool(message.summary))

    def action_cancel(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "import")
            self.running = False
            return
        self.dismiss(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "preview":
            self.action_preview()
        elif event.button.id == "run":
            self.action_save()
        else:
            self.action_cancel()
