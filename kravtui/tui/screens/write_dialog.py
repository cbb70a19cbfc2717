"""What the dialogs that write a file share (the export dialog, the evaluation report dialog):
a format list that `ctrl+t` cycles from anywhere, a file field whose suggested name follows
the format, and the writing itself.

The file name suggested is absolute, in the configured exports folder; a relative name typed
is taken there, never in the shell's working directory, and only that folder may be created.
When the format changes, a path that is still the suggestion becomes the new suggestion, and a
path with the old format's suffix gets the new one; anything else typed stays. The keyboard
starts in the file field, whose Enter writes.

The file name is checked against the format first (`_check_name`: a name that ends in another
export format's suffix, `x.docx` for TOML, is refused and the format is never switched
silently), then the target (`check_target`) against the open catalogue, before anything runs; an
existing file is replaced only after a yes in `ConfirmScreen`. The file is written in a worker
as one job on the session's worker connection, with a progress bar; Esc or Cancel stops it,
and the writers leave any existing file as it was. A refusal (the catalogue itself, a FIFO, a
read-only folder, a bad template) is said in the dialog's error line.

A dialog names its widgets `<PREFIX>-format`, `-path`, `-progress` and `-error`, lists its
formats and their suffixes, suggests a path, checks a file name against the format
(`_check_name`, the application's rule), makes the job once the target is checked (`_job`) and
says how it ended (`_finished`).
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.message_pump import _MessagePumpMeta
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, ProgressBar, Select
from textual.worker import get_current_worker

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.export import ExportCancelled, ExportError, ExportHooks, check_target
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.config import Settings, exports_folder
from kravtui.i18n import t
from kravtui.interchange.export_target import ExportTarget
from kravtui.tui.keys import EXPORT_DIALOG_KEYS, MODAL_HELP, install
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_select import MarkedSelect

_REFUSED: tuple[type[Exception], ...] = (ExportError, OSError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""

WriteJob = Callable[[Connection, ExportHooks], object]
"""The writing, given the worker connection and the hooks; what it returns is what was written."""


class WriteProgress(Message):
    """How far the writer has come."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class WriteConverting(Message):
    """The document is rendered and LibreOffice is making the PDF (seconds, without progress)."""


class WriteFinished(Message):
    """The file was written to `path` (`written` says what it holds), or cancelled, or refused
    with `error`."""

    def __init__(
        self,
        path: Path | None = None,
        written: object = None,
        error: str = "",
        cancelled: bool = False,
    ) -> None:
        super().__init__()
        self.path = path
        self.written = written
        self.error = error
        self.cancelled = cancelled


class _DialogMeta(_MessagePumpMeta, ABCMeta):
    """Textual's screen metaclass with the abstract methods' check: a dialog that lacks one of
    `WriteDialog`'s hooks cannot be made."""


class WriteDialog(ModalScreen[None], metaclass=_DialogMeta):
    """Choose the format and the file, then write it with progress."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"
    PREFIX: ClassVar[str] = ""
    """The first word of the widgets' ids."""

    def __init__(
        self, session: CatalogueSession, title: str, heading: str, start_format: str
    ) -> None:
        super().__init__()
        install(self, EXPORT_DIALOG_KEYS)
        install(self, (MODAL_HELP,))
        self.session = session
        self.title_text = title
        self.heading = heading
        self.format = start_format
        self.folder = Path()
        self.running = False

    # What each dialog says

    @abstractmethod
    def _formats(self) -> list[tuple[str, str]]:
        """(label, name) of every format, in the list's order."""

    @abstractmethod
    def _suffix(self, format_name: str) -> str:
        """The file suffix of `format_name` (``.docx``)."""

    @abstractmethod
    def _suggested(self, format_name: str) -> Path:
        """The path suggested for `format_name`, in `self.folder`."""

    @abstractmethod
    def _check_name(self, path: Path) -> None:
        """`ExportError` when the file name of `path` ends in another format's suffix than
        the chosen format's (the use case's own check, made before asking anything)."""

    @abstractmethod
    def _job(self, target: ExportTarget, create_folder: bool) -> WriteJob:
        """The writing of the checked `target`; an `ExportError` refuses it in one line."""

    @abstractmethod
    def _finished(self, message: WriteFinished) -> None:
        """Say how it ended (the progress bar is gone already)."""

    def _settings(self, settings: Settings) -> None:
        """Take what else the dialog needs from the settings (the exports folder is taken)."""

    def _above_format(self) -> Iterable[Widget]:
        return ()

    def _below_path(self) -> Iterable[Widget]:
        return ()

    def _below_progress(self) -> Iterable[Widget]:
        return ()

    def _format_changed(self) -> None:
        """What else follows a new format."""

    def _may_write(self) -> bool:
        """False (having said why) when the chosen format cannot be written here."""
        return True

    # The form

    def compose(self) -> ComposeResult:
        settings = getattr(self.app, "settings", None)
        chosen = settings if isinstance(settings, Settings) else Settings()
        self.folder = exports_folder(chosen)
        self._settings(chosen)
        prefix = self.PREFIX
        with Vertical(classes="dialog-box export-box"):
            yield Label(Text(self.heading, style="bold"), classes="dialog-title")
            yield from self._above_format()
            select = MarkedSelect(
                self._formats(),
                value=self.format,
                allow_blank=False,
                id=f"{prefix}-format",
                compact=True,
            )
            yield field_row(t("tui.export.format"), select)
            path = FieldInput(str(self._suggested(self.format)), id=f"{prefix}-path", compact=True)
            yield field_row(t("tui.export.path"), path)
            yield from self._below_path()
            yield ProgressBar(id=f"{prefix}-progress", show_eta=False)
            yield from self._below_progress()
            yield Label("", id=f"{prefix}-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.export.run"), id="run", variant="primary", compact=True)
                yield Button(t("tui.sel.cancel"), id="cancel", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._progress_bar().display = False
        self.call_after_refresh(self._show_file_name)
        self._mounted()

    def _mounted(self) -> None:
        """What else the dialog shows once mounted (Textual runs every class's `on_mount`, so a
        dialog does not define its own)."""

    def _path_input(self) -> Input:
        return self.query_one(f"#{self.PREFIX}-path", Input)

    def _progress_bar(self) -> ProgressBar:
        return self.query_one(f"#{self.PREFIX}-progress", ProgressBar)

    def _show_file_name(self) -> None:
        """Scroll a long path to its end, the file name (Input shows a new value's start)."""
        path_input = self._path_input()
        path_input.cursor_position = 0
        path_input.action_end()

    def _error(self, message: str) -> None:
        say(self.query_one(f"#{self.PREFIX}-error", Label), message)

    def _format_list(self) -> Select[str]:
        return self.query_one(f"#{self.PREFIX}-format", Select)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._take_format(event.value)

    def _take_format(self, value: object) -> None:
        """Follow the format list's `value`: the path's suffix, the error line, the rest. The
        list's change is handled after any key typed at once with the one that made it, so
        ctrl+t and ctrl+s call this themselves; a second call is a no-op."""
        names = [name for _label, name in self._formats()]
        chosen = str(value) if value in names else names[0]
        if chosen == self.format:
            return
        path_input = self._path_input()
        path = Path(path_input.value.strip())
        if path == self._suggested(self.format):
            path_input.value = str(self._suggested(chosen))
        elif path.suffix.lower() == self._suffix(self.format):
            path_input.value = str(path.with_suffix(self._suffix(chosen)))
        self._show_file_name()
        self.format = chosen
        self._error("")  # a refusal was about the format or path before
        self._format_changed()

    def action_next_format(self) -> None:
        """Cycle through the formats (`ctrl+t`), wherever the focus is."""
        if self.running:
            return
        names = [name for _label, name in self._formats()]
        following = names[(names.index(self.format) + 1) % len(names)]
        self._format_list().value = following
        self._take_format(following)  # now, not when the list's change comes (a burst)

    # Running

    def action_save(self) -> None:
        """Check the target, ask before replacing an existing file, then write it."""
        if self.running or isinstance(self.app.screen, ConfirmScreen):
            return
        self._take_format(self._format_list().value)  # one chosen just now, not yet followed
        raw = self._path_input().value.strip()
        if not raw:
            self._error(t("tui.export.no_path"))
            return
        if not self._may_write():
            return
        path = self.folder / Path(raw).expanduser()
        create_folder = path.parent == self.folder  # the exports folder is ours to make
        try:
            self._check_name(path)
            target = check_target(self.session.conn, path, create_folder=create_folder)
            job = self._job(target, create_folder)
        except ExportError as error:
            self._error(str(error))
            return
        self._error("")
        if not target.exists():
            self._start(target.path, job)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(target.path, job)

        question = t("tui.export.overwrite", path=str(path))
        yes, no = t("tui.export.overwrite_yes"), t("tui.export.overwrite_no")
        self.app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)

    def _start(self, path: Path, job: WriteJob) -> None:
        self.running = True
        bar = self._progress_bar()
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#run", Button).disabled = True
        self._write(path, job)

    @work(thread=True, exclusive=True, group="write")
    def _write(self, path: Path, job: WriteJob) -> None:
        """The whole file as one job on the session's worker connection."""
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled

        def progress(done: int, total: int) -> None:
            self.post_message(WriteProgress(done, total))

        def converting() -> None:
            self.post_message(WriteConverting())

        hooks = ExportHooks(progress=progress, cancelled=cancelled, converting=converting)
        try:
            written = self.session.background(lambda conn: job(conn, hooks), cancelled)
        except ExportCancelled:
            written = None
        except _REFUSED as error:
            self.post_message(WriteFinished(error=unplaced_text(error)))
            return
        if written is None:
            self.post_message(WriteFinished(cancelled=True))
        else:
            self.post_message(WriteFinished(path, written))

    def on_write_progress(self, message: WriteProgress) -> None:
        self._progress_bar().update(total=max(message.total, 1), progress=message.done)

    def on_write_finished(self, message: WriteFinished) -> None:
        self.running = False
        self.query_one("#run", Button).disabled = False
        self._progress_bar().display = False
        self._finished(message)

    def action_cancel(self) -> None:
        """Stop the running job, or close the dialog."""
        if self.running:
            self.workers.cancel_group(self, "write")
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
