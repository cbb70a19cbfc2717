"""The export dialog (`x`): the current selection as a DOCX requirement specification or as TOML.

Format, path (default `exports/<selection>.docx` or `.toml`, following the format until the
user types another) and, for DOCX, what the vendor's copy includes (answer fields, rationale,
interpretation). The keyboard starts in the file field (its label is the highlighted one);
`ctrl+t` switches the format from anywhere in the dialog, as the footer says. The target is
checked by `export_target` against the open catalogue before anything runs; an existing file is
replaced only after a yes in `ConfirmScreen`. The export runs in a worker: the selection is read
on the session's worker connection, then written by the interchange services with a progress
bar; Esc or Cancel stops it, and the services leave any existing file untouched. The path
written is notified; a refusal (the catalogue itself, a database, a missing or read-only folder,
a bad template) is shown in the dialog.
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
from textual.widgets import Button, Input, Label, ProgressBar, Select
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
from kravtui.interchange.export_target import ExportTarget, export_target
from kravtui.interchange.selection_toml import ExportCancelledError as TomlCancelledError
from kravtui.interchange.selection_toml import write_selection_toml
from kravtui.selection.transfer import selection_content
from kravtui.tui.keys import EXPORT_DIALOG_KEYS, MODAL_HELP, install
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.session import Session
from kravtui.tui.widgets.check_list import CheckList
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.key_footer import KeyFooter

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

    def __init__(self, path: Path | None = None, error: str = "", cancelled: bool = False) -> None:
        super().__init__()
        self.path = path
        self.error = error
        self.cancelled = cancelled


def default_path(title: str, format_name: str) -> Path:
    """`exports/<title>.<format>`."""
    return default_export_path(title).with_suffix(f".{format_name}")


class ExportScreen(ModalScreen[None]):
    """Choose format, path and options, then export with progress."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"
    # The keyboard starts in the file field (Enter exports from there; the format has ctrl+t).
    AUTO_FOCUS = "#export-path"

    def __init__(self, session: Session) -> None:
        super().__init__()
        install(self, EXPORT_DIALOG_KEYS)
        install(self, (MODAL_HELP,))
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
            yield field_row(t("tui.export.path"), FieldInput(path, id="export-path", compact=True))
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
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#export-progress", ProgressBar).display = False

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

    def action_next_format(self) -> None:
        """Switch between DOCX and TOML (`ctrl+t`), wherever the focus is."""
        if self.running:
            return
        select: Select[str] = self.query_one("#export-format", Select)
        select.value = "toml" if self.format == "docx" else "docx"

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
        """Check the target, ask before replacing an existing file, then export."""
        if self.running or isinstance(self.app.screen, ConfirmScreen):
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self._error(t("tui.export.no_path"))
            return
        path = Path(raw).expanduser()
        is_default = path == default_path(self.title_text, self.format)
        template: Path | None = None
        try:
            target = export_target(self.session.conn, path, create_folder=is_default)
            if self.format == "docx":
                template = resolve_template()
        except (InterchangeError, DocxExportError) as error:
            self._error(str(error))
            return
        self._error("")
        if not target.exists():
            self._start(target, template)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(target, template)

        question = t("tui.export.overwrite", path=raw)
        yes, no = t("tui.export.overwrite_yes"), t("tui.export.overwrite_no")
        self.app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)

    def _start(self, target: ExportTarget, template: Path | None) -> None:
        self.running = True
        bar = self.query_one("#export-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#run", Button).disabled = True
        self._export(self.format, target, self.options(), template)

    @work(thread=True, exclusive=True, group="export")
    def _export(
        self, format_name: str, target: ExportTarget, options: ExportOptions, template: Path | None
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
                write_docx(
                    document, target, template=template, progress=progress, cancelled=cancelled
                )
            else:
                content = self.session.background(
                    lambda conn: selection_content(conn, selection_id), cancelled
                )
                if content is None:
                    raise TomlCancelledError(str(target.path), t("interchange.cancelled"))
                write_selection_toml(content, target, progress=progress, cancelled=cancelled)
        except (ExportCancelledError, TomlCancelledError):
            self.post_message(ExportFinished(cancelled=True))
        except (DocxExportError, InterchangeError, OSError, sqlite3.Error) as error:
            self.post_message(ExportFinished(error=str(error)))
        else:
            self.post_message(ExportFinished(path=target.path))

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
            self.notify(t("tui.export.done", path=str(shown)), timeout=10)
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
