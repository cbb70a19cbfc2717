"""Importing a vendor's answered file from the Besvarelser screen (`i`): the dialog that asks
for the vendor and the file, and the report shown afterwards.

The dialog calls the same use case as `kravtui answers import` (`import_answer_file`), all or
nothing, as one job on the session's worker connection, so the screen keeps answering while a
large sheet is read. A refused file is said in the dialog's one error line and nothing changes;
Esc while the import runs cancels it (its transaction is interrupted and rolled back). A
relative path is taken from the folder kravtui was started in. The report is the CLI's, line
for line (`report_lines`), in a screen that scrolls, so it can be read whole.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from kravtui.answers.store import ImportResult
from kravtui.application.answers import import_answer_file, report_lines
from kravtui.application.catalogue_session import CatalogueSession
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.engine_errors import DB_ERRORS
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.interchange.errors import InterchangeError
from kravtui.tui.keys import ANSWER_IMPORT_KEYS, MODAL_HELP, MODAL_KEYS, install
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.widgets.key_footer import KeyFooter

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, InterchangeError, OSError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""


class ImportFinished(Message):
    """The import job ended: with a result, refused (`error`), or cancelled (neither)."""

    def __init__(self, result: ImportResult | None = None, error: str = "") -> None:
        super().__init__()
        self.result = result
        self.error = error


class AnswerImportScreen(ModalScreen[ImportResult | None]):
    """Ask for the vendor and the file, import it; dismissed with the result (None: nothing
    was imported)."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(
        self,
        session: CatalogueSession,
        selection_id: int,
        title: str,
        *,
        vendor: str = "",
        path: str = "",
    ) -> None:
        super().__init__()
        install(self, (*ANSWER_IMPORT_KEYS, MODAL_HELP))
        self.session = session
        self.selection_id = selection_id
        self.title_text = title
        self.vendor = vendor
        self.path = path
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            heading = t("tui.answers.import_title", title=visible(self.title_text))
            yield Label(Text(heading, style="bold"), classes="dialog-title")
            yield field_row(t("field.vendor"), Input(self.vendor, id="import-vendor", compact=True))
            yield field_row(
                t("tui.answers.import_file"), Input(self.path, id="import-path", compact=True)
            )
            yield Label(Text(t("tui.answers.import_hint", folder=str(Path.cwd()))))
            yield Label("", id="import-status")
            yield Label("", id="import-error", classes="dialog-error")
        yield KeyFooter()

    def on_mount(self) -> None:
        first = "#import-path" if self.vendor else "#import-vendor"
        self.query_one(first, Input).focus()

    def values(self) -> tuple[str, str]:
        """The vendor and the path as typed now."""
        return (
            self.query_one("#import-vendor", Input).value,
            self.query_one("#import-path", Input).value,
        )

    def _error(self, message: str) -> None:
        say(self.query_one("#import-error", Label), message)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.running:
            self._error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "import-vendor":
            self.query_one("#import-path", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        """Import the file named (^s, or Enter in the file's field)."""
        if self.running:
            return
        vendor, raw = self.values()
        if not raw.strip():
            self._error(t("tui.answers.import_no_path"))
            return
        path = Path(raw.strip()).expanduser()
        self.running = True
        self._error("")
        say(self.query_one("#import-status", Label), t("tui.answers.importing", path=str(path)))
        self._import(vendor, path)

    @work(thread=True, exclusive=True, group="answers-import")
    def _import(self, vendor: str, path: Path) -> None:
        """The import as one job on the session's worker connection."""
        worker = get_current_worker()
        selection_id = self.selection_id
        try:
            result = self.session.background(
                lambda conn: import_answer_file(conn, selection_id, vendor, path),
                lambda: worker.is_cancelled,
            )
        except _REFUSED as error:
            self.post_message(ImportFinished(error=str(error)))
            return
        self.post_message(ImportFinished(result))

    def on_import_finished(self, message: ImportFinished) -> None:
        self.running = False
        say(self.query_one("#import-status", Label), "")
        if message.result is not None:
            self.dismiss(message.result)
        elif message.error:
            self._error(message.error)
        else:
            self.notify(t("tui.answers.import_cancelled"), severity="warning")
            self.dismiss(None)

    def action_cancel(self) -> None:
        """Esc: stop a running import (nothing is kept), or close the dialog."""
        if self.running:
            self.workers.cancel_group(self, "answers-import")
            self.session.interrupt_cancelled()
        else:
            self.dismiss(None)


class ImportReportScreen(ModalScreen[None]):
    """The import report, whole, scrolling when it is longer than the screen."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(self, result: ImportResult) -> None:
        super().__init__()
        install(self, (*MODAL_KEYS, MODAL_HELP))
        self.lines = report_lines(result)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(Text(t("tui.answers.report_title"), style="bold"), classes="dialog-title")
            with VerticalScroll(id="import-report-box"):
                shown = "\n".join(visible(line) for line in self.lines)
                yield Static(Text(shown), id="import-report", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#import-report-box", VerticalScroll).focus()
