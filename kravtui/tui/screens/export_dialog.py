"""The export dialog (`x`): the current selection in any format of the application's table
(`kravtui.application.export.SELECTION_FORMATS`: DOCX, its PDF made by LibreOffice, TOML).

Format, path and, for the document formats, what the vendor's copy includes (answer fields,
rationale, interpretation). The format starts as the one last used for this selection
(remembered per user in `kravtui.user_state`; a state file that cannot be used is ignored with a
notice), else DOCX;
`ctrl+t` cycles through the formats from anywhere in the dialog, as the footer says. The path
suggested is absolute: the selection's title made safe (`ESDH-2026.docx`) in the configured
exports folder (`kravtui.config.exports_folder`, the same default as the CLI's `-o`), its
extension following the format until the user types another. Without LibreOffice the PDF choice
says so and choosing it shows one line; a draft selection shows a line saying it is a draft.

The keyboard starts in the file field (its label is the highlighted one). The target is checked
(`check_target`) against the open catalogue before anything runs; an existing file is replaced
only after a yes in `ConfirmScreen`. The export (`export_selection`, the same call as the CLI's)
runs in a worker as one job on the session's worker connection, with a progress bar (and
"converting with LibreOffice…" while the PDF is made); Esc or Cancel stops it, and the writers
leave any existing file untouched. The count and the path written are notified; a refusal (the
catalogue itself, a database, a missing or read-only folder, a bad template) is shown in the
dialog.
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

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.export import (
    DEFAULT_SELECTION_FORMAT,
    SELECTION_FORMATS,
    DocumentChoices,
    ExportCancelled,
    ExportError,
    ExportHooks,
    check_target,
    default_selection_path,
    document_template,
    export_selection,
    libreoffice_missing,
)
from kravtui.catalogue.engine_errors import DB_ERRORS
from kravtui.config import Settings, exports_folder
from kravtui.i18n import t
from kravtui.interchange.export_target import ExportTarget
from kravtui.selection.store import SelectionError
from kravtui.tui.keys import EXPORT_DIALOG_KEYS, MODAL_HELP, install
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.widgets.check_list import CheckList
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_select import MarkedSelect
from kravtui.user_state import StateError, remember_export_format, remembered_export_format

_REFUSED: tuple[type[Exception], ...] = (ExportError, OSError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""


class ExportProgress(Message):
    """How far the writer has come."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ExportConverting(Message):
    """The DOCX is rendered and LibreOffice is making the PDF (seconds, without progress)."""


class ExportFinished(Message):
    """The export ended: `count` requirements written to `path` (with a `notice` when the file
    lacks something, such as the contents' page numbers), or cancelled, or refused with
    `error`."""

    def __init__(
        self,
        path: Path | None = None,
        error: str = "",
        cancelled: bool = False,
        count: int = 0,
        notice: str = "",
    ) -> None:
        super().__init__()
        self.path = path
        self.count = count  # requirements written
        self.error = error
        self.cancelled = cancelled
        self.notice = notice


def format_label(format_name: str) -> str:
    """The format's name in the list; one that needs LibreOffice says so when it is missing."""
    if libreoffice_missing(format_name):
        return t("tui.export.needs_libreoffice", format=format_name.upper())
    return t(SELECTION_FORMATS[format_name].label_key)


class ExportScreen(ModalScreen[None]):
    """Choose format, path and options, then export with progress."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"
    # The keyboard starts in the file field (Enter exports from there; the format has ctrl+t).
    AUTO_FOCUS = "#export-path"

    def __init__(self, session: CatalogueSession) -> None:
        super().__init__()
        install(self, EXPORT_DIALOG_KEYS)
        install(self, (MODAL_HELP,))
        self.session = session
        selection = session.selection.selection
        assert selection is not None, "the export needs a current selection"
        self.selection_id = selection.id
        self.title_text = selection.title
        self.is_final = selection.is_final
        self.format = DEFAULT_SELECTION_FORMAT
        self.folder = Path()
        self.running = False
        self._state_notice = ""

    def _remembered_format(self) -> str:
        """The format last used for this selection, else DOCX; a bad state file is noted."""
        try:
            remembered = remembered_export_format(self.session.path, self.selection_id)
        except StateError as error:
            self._state_notice = str(error)
            return DEFAULT_SELECTION_FORMAT
        return remembered if remembered in SELECTION_FORMATS else DEFAULT_SELECTION_FORMAT

    def compose(self) -> ComposeResult:
        settings = getattr(self.app, "settings", None)
        self.folder = exports_folder(settings if isinstance(settings, Settings) else Settings())
        self.format = self._remembered_format()
        with Vertical(classes="dialog-box export-box"):
            heading = t("tui.export.title", title=self.title_text)
            yield Label(Text(heading, style="bold"), classes="dialog-title")
            yield Label("", id="export-draft", classes="dialog-note")
            formats = [(format_label(name), name) for name in SELECTION_FORMATS]
            yield field_row(
                t("tui.export.format"),
                MarkedSelect(
                    formats, value=self.format, allow_blank=False, id="export-format", compact=True
                ),
            )
            path = str(default_selection_path(self.title_text, self.format, self.folder))
            yield field_row(t("tui.export.path"), FieldInput(path, id="export-path", compact=True))
            options = [
                (t("tui.export.answer_fields"), "answer_fields", True),
                (t("tui.export.rationale"), "rationale", True),
                (t("tui.export.interpretation"), "interpretation", True),
                (t("tui.export.page_numbers"), "page_numbers", True),
            ]
            yield field_row(t("tui.export.options"), CheckList(options, id="export-options"))
            yield Label("", id="export-options-note", classes="dialog-note")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Label("", id="export-status", classes="dialog-note")
            yield Label("", id="export-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.export.run"), id="run", variant="primary", compact=True)
                yield Button(t("tui.sel.cancel"), id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#export-progress", ProgressBar).display = False
        self.call_after_refresh(self._show_file_name)
        if not self.is_final:
            say(self.query_one("#export-draft", Label), t("tui.export.draft"))
        self._show_format_note()
        if self._state_notice:
            self.notify(self._state_notice, severity="warning", timeout=10)

    # The form

    def _show_file_name(self) -> None:
        """Scroll a long path to its end, the file name (Input shows a new value's start)."""
        path_input = self.query_one("#export-path", Input)
        path_input.cursor_position = 0
        path_input.action_end()

    def _show_format_note(self) -> None:
        """The options apply to the document formats; PDF needs LibreOffice: one line says
        which."""
        document = SELECTION_FORMATS[self.format].document
        self.query_one("#export-options", CheckList).disabled = not document
        note = ""
        if not document:
            note = t("tui.export.options_not_document", format=self.format.upper())
        elif libreoffice_missing(self.format):
            note = t("tui.export.no_libreoffice")
        say(self.query_one("#export-options-note", Label), note)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        chosen = str(event.value) if event.value in SELECTION_FORMATS else DEFAULT_SELECTION_FORMAT
        if chosen == self.format:
            return
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value.strip())
        if path == default_selection_path(self.title_text, self.format, self.folder):
            path_input.value = str(default_selection_path(self.title_text, chosen, self.folder))
        elif path.suffix.lower() == SELECTION_FORMATS[self.format].file_suffix:
            path_input.value = str(path.with_suffix(SELECTION_FORMATS[chosen].file_suffix))
        self._show_file_name()
        self.format = chosen
        self._error("")  # a refusal was about the format or path before
        self._show_format_note()

    def action_next_format(self) -> None:
        """Cycle through the formats (`ctrl+t`), wherever the focus is."""
        if self.running:
            return
        select: Select[str] = self.query_one("#export-format", Select)
        formats = list(SELECTION_FORMATS)  # in the table's order
        select.value = formats[(formats.index(self.format) + 1) % len(formats)]

    def choices(self, template: Path | None) -> DocumentChoices:
        """What the document includes besides the requirement texts, and its template."""
        chosen = set(self.query_one("#export-options", CheckList).selected)
        return DocumentChoices(
            answer_fields="answer_fields" in chosen,
            rationale="rationale" in chosen,
            interpretation="interpretation" in chosen,
            template=template,
            page_numbers="page_numbers" in chosen,
        )

    def _error(self, message: str) -> None:
        say(self.query_one("#export-error", Label), message)

    # Running

    def action_save(self) -> None:
        """Check the target, ask before replacing an existing file, then export."""
        if self.running or isinstance(self.app.screen, ConfirmScreen):
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._error(t("tui.export.no_path"))
            return
        if libreoffice_missing(self.format):
            say(self.query_one("#export-options-note", Label), "")  # the same line, once
            self._error(t("tui.export.no_libreoffice"))
            return
        # A relative name is taken in the exports folder, never the shell's working directory.
        path = self.folder / Path(raw).expanduser()
        template: Path | None = None
        try:
            # The exports folder is ours to create; any other folder must be there already.
            in_exports_folder = path.parent == self.folder
            target = check_target(self.session.conn, path, create_folder=in_exports_folder)
            if SELECTION_FORMATS[self.format].document:
                template = document_template()
        except ExportError as error:
            self._error(str(error))
            return
        self._error("")
        if not target.exists():
            self._start(target, template)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(target, template)

        question = t("tui.export.overwrite", path=str(path))
        yes, no = t("tui.export.overwrite_yes"), t("tui.export.overwrite_no")
        self.app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)

    def _start(self, target: ExportTarget, template: Path | None) -> None:
        self.running = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#run", Button).disabled = True
        self._export(self.format, target, self.choices(template))

    @work(thread=True, exclusive=True, group="export")
    def _export(self, format_name: str, target: ExportTarget, choices: DocumentChoices) -> None:
        """The whole export as one job on the session's worker connection."""
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        def progress(done: int, total: int) -> None:
            self.post_message(ExportProgress(done, total))

        def converting() -> None:
            self.post_message(ExportConverting())

        hooks = ExportHooks(progress=progress, cancelled=cancelled, converting=converting)
        selection_id = self.selection_id
        try:
            written = self.session.background(
                lambda conn: export_selection(
                    conn, selection_id, target, format_name, choices, hooks
                ),
                cancelled,
            )
        except ExportCancelled:
            written = None
        except _REFUSED as error:
            self.post_message(ExportFinished(error=str(error)))
            return
        if written is None:
            self.post_message(ExportFinished(cancelled=True))
        else:
            count, notice = written.requirements, written.notice
            self.post_message(ExportFinished(path=target.path, count=count, notice=notice))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one("#export-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    def on_export_converting(self, _message: ExportConverting) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=None, progress=0)
        say(self.query_one("#export-status", Label), t("tui.export.converting"))

    def on_export_finished(self, message: ExportFinished) -> None:
        self.running = False
        self.query_one("#run", Button).disabled = False
        self.query_one("#export-progress", ProgressBar).display = False
        say(self.query_one("#export-status", Label), "")
        if message.cancelled:
            self.notify(t("tui.export.cancelled"), severity="warning")
            self.dismiss()
        elif message.error:
            error = self._gone() or message.error
            self._error(error)
            self.notify(error, severity="error", timeout=10)
        elif message.path is not None:
            self._remember_format()
            shown = str(message.path.resolve())
            done = "tui.export.done_one" if message.count == 1 else "tui.export.done"
            self.notify(t(done, count=message.count, path=shown), timeout=10)
            if message.notice:
                self.notify(message.notice, severity="warning", timeout=15)
            self.dismiss()

    def _gone(self) -> str:
        """When the selection was deleted in another session meanwhile, the line that says so
        (it is no longer current then); else ""."""
        current = self.session.selection
        if current.id is None:  # found gone already (the main screen looks once a second)
            return t("selection.gone", title=self.title_text)
        if current.id != self.selection_id:
            return ""
        try:
            current.require()
        except SelectionError as error:
            return str(error)
        return ""

    def _remember_format(self) -> None:
        """Remember the format for this selection; a state file that cannot be used says so."""
        try:
            remember_export_format(self.session.path, self.selection_id, self.format)
        except StateError as error:
            self.notify(str(error), severity="warning", timeout=10)

    def action_cancel(self) -> None:
        """Stop a running export, or close the dialog."""
        if self.running:
            self.workers.cancel_group(self, "export")
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
