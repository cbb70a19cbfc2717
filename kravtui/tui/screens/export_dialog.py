"""The export dialog (`x`): the current selection as a DOCX requirement specification or as TOML.

Format, path (default `exports/<selection>.docx` or `.toml`, following the format until the
user types another) and, for DOCX, what the vendor's copy includes (answer fields, rationale,
interpretation). The export runs in a worker: the selection is read on the session's worker
connection, then written by the interchange services with a progress bar; Esc or Cancel stops
it, and the services leave any existing file untouched. The path written is notified; a
refusal (bad template, unwritable folder) is shown in the dialog.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, ProgressBar, Select
from textual.worker import get_current_worker

from kravtui.i18n import t
from kravtui.interchange.docx.export import (
    DocxExportError,
    ExportCancelledError,
    default_export_path,
    resolve_template,
    write_docx,
)
from kravtui.interchange.docx.model import ExportOptions, build_document
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.selection_toml import ExportCancelledError as TomlCancelledError
from kravtui.interchange.selection_toml import write_selection_toml
from kravtui.selection.transfer import selection_content
from kravtui.tui.keys import SELECTION_DIALOG_KEYS, install
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.session import Session
from kravtui.tui.widgets.check_list import CheckList

FORMATS: tuple[str, ...] = ("docx", "toml")
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportProgress(Message):
    """How far the writer has come."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class ExportFinished(Message):
    """The export ended: written to `path`, or cancelled, or refused with `error`."""

    def __init__(
        self, path: Path | None = None, error: str = "", cancelled: bool = False, count: int = 0
    ) -> None:
        super().__init__()
        self.path = path
        self.count = count  # requirements written
        self.error = error
        self.cancelled = cancelled


def default_path(title: str, format_name: str) -> Path:
    """`exports/<title>.<format>`."""
    return default_export_path(title).with_suffix(f".{format_name}")


class ExportScreen(ModalScreen[None]):
    """Choose format, path and options, then export with progress."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(self, session: Session) -> None:
        super().__init__()
        install(self, [s for s in SELECTION_DIALOG_KEYS if s.id in ("sel-save", "sel-cancel")])
        self.session = session
        selection = session.selection.selection
        assert selection is not None, "the export needs a current selection"
        self.selection_id = selection.id
        self.title_text = selection.title
        self.format = "docx"
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box export-box"):
            heading = t("tui.export.title", title=self.title_text)
            yield Label(Text(heading, style="bold"), classes="dialog-title")
            formats = [(t("tui.export.docx"), "docx"), (t("tui.export.toml"), "toml")]
            yield field_row(
                t("tui.export.format"),
                Select(formats, value="docx", allow_blank=False, id="export-format", compact=True),
            )
            path = str(default_path(self.title_text, "docx"))
            yield field_row(t("tui.export.path"), Input(path, id="export-path", compact=True))
            options = [
                (t("tui.export.answer_fields"), "answer_fields", True),
                (t("tui.export.rationale"), "rationale", True),
                (t("tui.export.interpretation"), "interpretation", True),
            ]
            yield field_row(t("tui.export.options"), CheckList(options, id="export-options"))
            yield Label("", id="export-options-note", classes="dialog-note")
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Label("", id="export-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.export.run"), id="run", variant="primary", compact=True)
                yield Button(t("tui.sel.cancel"), id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-progress", ProgressBar).display = False
        self.query_one("#export-path", Input).focus()

    # The form

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        chosen = "toml" if event.value == "toml" else "docx"
        if chosen == self.format:
            return
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value.strip())
        if path == default_path(self.title_text, self.format):
            path_input.value = str(default_path(self.title_text, chosen))
        elif path.suffix.lower() == f".{self.format}":
            path_input.value = str(path.with_suffix(f".{chosen}"))
        self.format = chosen
        self.query_one("#export-options", CheckList).disabled = chosen == "toml"
        note = t("tui.export.options_toml") if chosen == "toml" else ""
        say(self.query_one("#export-options-note", Label), note)

    def options(self) -> ExportOptions:
        """What the DOCX includes besides the requirement texts."""
        chosen = set(self.query_one("#export-options", CheckList).selected)
        return ExportOptions(
            answer_fields="answer_fields" in chosen,
            rationale="rationale" in chosen,
            interpretation="interpretation" in chosen,
        )

    def _error(self, message: str) -> None:
        say(self.query_one("#export-error", Label), message)

    # Running

    def action_save(self) -> None:
        """Start the export."""
        if self.running:
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._error(t("tui.export.no_path"))
            return
        path = Path(raw).expanduser()
        template: Path | None = None
        if self.format == "docx":
            try:
                template = resolve_template()
            except DocxExportError as error:
                self._error(str(error))
                return
        self._error("")
        self.running = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#run", Button).disabled = True
        self._export(self.format, path, self.options(), template)

    @work(thread=True, exclusive=True, group="export")
    def _export(
        self, format_name: str, path: Path, options: ExportOptions, template: Path | None
    ) -> None:
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        def progress(done: int, total: int) -> None:
            self.post_message(ExportProgress(done, total))

        selection_id = self.selection_id
        try:
            if format_name == "docx":
                document = self.session.background(
                    lambda conn: build_document(conn, selection_id, options), cancelled
                )
                if document is None:
                    raise ExportCancelledError(t("docx.cancelled"))
                count = write_docx(
                    document, path, template=template, progress=progress, cancelled=cancelled
                ).requirements
            else:
                content = self.session.background(
                    lambda conn: selection_content(conn, selection_id), cancelled
                )
                if content is None:
                    raise TomlCancelledError(str(path), t("interchange.cancelled"))
                count = write_selection_toml(content, path, progress=progress, cancelled=cancelled)
        except (ExportCancelledError, TomlCancelledError):
            self.post_message(ExportFinished(cancelled=True))
        except (DocxExportError, InterchangeError, OSError, sqlite3.Error) as error:
            self.post_message(ExportFinished(error=str(error)))
        else:
            self.post_message(ExportFinished(path=path, count=count))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one("#export-progress", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    def on_export_finished(self, message: ExportFinished) -> None:
        self.running = False
        self.query_one("#run", Button).disabled = False
        self.query_one("#export-progress", ProgressBar).display = False
        if message.cancelled:
            self.notify(t("tui.export.cancelled"), severity="warning")
            self.dismiss()
        elif message.error:
            self._error(message.error)
            self.notify(message.error, severity="error", timeout=10)
        elif message.path is not None:
            shown = message.path.resolve()
            self.notify(t("tui.export.done", count=message.count, path=str(shown)), timeout=10)
            self.dismiss()

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
