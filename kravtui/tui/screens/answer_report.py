"""The evaluation report dialog of the Besvarelser screen (`x`): the format and the file, then
the report written through the same use case as `kravtui answers report` (`export_answers`).

The formats are the entries of `ANSWER_FORMATS` (DOCX, XLSX), `ctrl+t` cycling through them
from anywhere in the dialog; the file name suggested is absolute, the selection's title made
safe with the report's word (`Nyt-ESDH-evalueringsrapport.docx`) in the configured exports
folder, its suffix following the format until the user types another. A line says the
report's language: the settings' `language`, else Danish, as the CLI's default.

The keyboard starts in the file field. The target is checked (`check_target`) before anything
runs; an existing file is replaced only after a yes in `ConfirmScreen`. The report is written
in a worker as one job on the session's worker connection, with a progress bar; Esc stops it
and the writers leave any existing file as it was. A refusal (the catalogue itself, a FIFO, a
read-only folder, a bad template, the selection gone) is said in the dialog's error line.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select
from textual.worker import get_current_worker

from kravtui.application.answer_export import (
    ANSWER_FORMATS,
    DEFAULT_ANSWER_FORMAT,
    AnswersExported,
    default_answers_path,
    export_answers,
    report_language,
)
from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.export import ExportCancelled, ExportError, ExportHooks, check_target
from kravtui.catalogue.engine_errors import DB_ERRORS
from kravtui.config import Settings, exports_folder
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.tui.keys import EXPORT_DIALOG_KEYS, MODAL_HELP, install
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_select import MarkedSelect

_REFUSED: tuple[type[Exception], ...] = (ExportError, OSError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""


class ReportProgress(Message):
    """How far the writer has come."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ReportFinished(Message):
    """The report was written to `path` (`written` says what it holds), or cancelled (neither),
    or refused with `error`."""

    def __init__(
        self, path: Path | None = None, written: AnswersExported | None = None, error: str = ""
    ) -> None:
        super().__init__()
        self.path = path
        self.written = written
        self.error = error


class AnswerReportScreen(ModalScreen[None]):
    """Choose the format and the file, then write the evaluation report with progress."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"
    AUTO_FOCUS = "#report-path"

    def __init__(self, session: CatalogueSession, selection_id: int, title: str) -> None:
        super().__init__()
        install(self, EXPORT_DIALOG_KEYS)
        install(self, (MODAL_HELP,))
        self.session = session
        self.selection_id = selection_id
        self.title_text = title
        self.format = DEFAULT_ANSWER_FORMAT
        self.folder = Path()
        self.language = report_language()
        self.running = False

    def compose(self) -> ComposeResult:
        settings = getattr(self.app, "settings", None)
        chosen = settings if isinstance(settings, Settings) else Settings()
        self.folder = exports_folder(chosen)
        self.language = report_language(None, chosen.language)
        with Vertical(classes="dialog-box export-box"):
            heading = t("tui.answer_report.title", title=visible(self.title_text))
            yield Label(Text(heading, style="bold"), classes="dialog-title")
            formats = [(t(f.label_key), name) for name, f in ANSWER_FORMATS.items()]
            yield field_row(
                t("tui.export.format"),
                MarkedSelect(
                    formats, value=self.format, allow_blank=False, id="report-format", compact=True
                ),
            )
            path = str(self._suggested(self.format))
            yield field_row(t("tui.export.path"), FieldInput(path, id="report-path", compact=True))
            yield Label(Text(t(f"tui.answer_report.language.{self.language}")))
            yield ProgressBar(id="report-progress", show_eta=False)
            yield Label("", id="report-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.export.run"), id="run", variant="primary", compact=True)
                yield Button(t("tui.sel.cancel"), id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#report-progress", ProgressBar).display = False
        self.call_after_refresh(self._show_file_name)

    def _suggested(self, format_name: str) -> Path:
        return default_answers_path(self.title_text, format_name, self.folder)

    def _show_file_name(self) -> None:
        """Scroll a long path to its end, the file name (Input shows a new value's start)."""
        path_input = self.query_one("#report-path", Input)
        path_input.cursor_position = 0
        path_input.action_end()

    def _error(self, message: str) -> None:
        say(self.query_one("#report-error", Label), message)

    # The form

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        chosen = str(event.value) if event.value in ANSWER_FORMATS else DEFAULT_ANSWER_FORMAT
        if chosen == self.format:
            return
        path_input = self.query_one("#report-path", Input)
        path = Path(path_input.value.strip())
        if path == self._suggested(self.format):
            path_input.value = str(self._suggested(chosen))
        elif path.suffix.lower() == ANSWER_FORMATS[self.format].suffix:
            path_input.value = str(path.with_suffix(ANSWER_FORMATS[chosen].suffix))
        self._show_file_name()
        self.format = chosen
        self._error("")

    def action_next_format(self) -> None:
        """Cycle through the formats (`ctrl+t`), wherever the focus is."""
        if self.running:
            return
        select: Select[str] = self.query_one("#report-format", Select)
        formats = list(ANSWER_FORMATS)
        select.value = formats[(formats.index(self.format) + 1) % len(formats)]

    # Running

    def action_save(self) -> None:
        """Check the target, ask before replacing an existing file, then write the report."""
        if self.running or isinstance(self.app.screen, ConfirmScreen):
            return
        raw = self.query_one("#report-path", Input).value.strip()
        if not raw:
            self._error(t("tui.export.no_path"))
            return
        # A relative name is taken in the exports folder, never the shell's working directory.
        path = self.folder / Path(raw).expanduser()
        create_folder = path.parent == self.folder  # the exports folder is ours to make
        try:
            target = check_target(self.session.conn, path, create_folder=create_folder)
        except ExportError as error:
            self._error(str(error))
            return
        self._error("")
        if not target.exists():
            self._start(path, create_folder)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(path, create_folder)

        question = t("tui.export.overwrite", path=str(path))
        yes, no = t("tui.export.overwrite_yes"), t("tui.export.overwrite_no")
        self.app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)

    def _start(self, path: Path, create_folder: bool) -> None:
        self.running = True
        bar = self.query_one("#report-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#run", Button).disabled = True
        self._write(path, self.format, create_folder)

    @work(thread=True, exclusive=True, group="answer-report")
    def _write(self, path: Path, format_name: str, create_folder: bool) -> None:
        """The whole report as one job on the session's worker connection."""
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        def progress(done: int, total: int) -> None:
            self.post_message(ReportProgress(done, total))

        hooks = ExportHooks(progress=progress, cancelled=cancelled)
        selection_id, language = self.selection_id, self.language
        try:
            written = self.session.background(
                lambda conn: export_answers(
                    conn,
                    selection_id,
                    path,
                    format_name,
                    language,
                    create_folder=create_folder,
                    hooks=hooks,
                ),
                cancelled,
            )
        except ExportCancelled:
            written = None
        except _REFUSED as error:
            self.post_message(ReportFinished(error=str(error)))
            return
        finished = ReportFinished(path, written) if written is not None else ReportFinished()
        self.post_message(finished)

    def on_report_progress(self, message: ReportProgress) -> None:
        self.query_one("#report-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    def on_report_finished(self, message: ReportFinished) -> None:
        self.running = False
        self.query_one("#run", Button).disabled = False
        self.query_one("#report-progress", ProgressBar).display = False
        if message.error:
            self._error(message.error)
        elif message.path is None:
            self.notify(t("tui.answer_report.cancelled"), severity="warning")
            self.dismiss()
        else:
            self.notify(t("tui.answer_report.done", path=str(message.path.resolve())), timeout=10)
            self.dismiss()

    def action_cancel(self) -> None:
        """Stop a running report, or close the dialog."""
        if self.running:
            self.workers.cancel_group(self, "answer-report")
        else:
            self.dismiss()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run":
            self.action_save()
        else:
            self.action_cancel()
