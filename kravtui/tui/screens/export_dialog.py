"""The export dialog (`x`): the current selection in any format of the application's table
(`kravtui.application.export.SELECTION_FORMATS`: DOCX, its PDF made by LibreOffice, TOML).

Format, path and, for the document formats, what the vendor's copy includes (answer fields,
rationale, interpretation). The format starts as the one last used for this selection
(remembered per user in `kravtui.user_state`; a state file that cannot be used is ignored with a
notice), else DOCX, and the path in the folder it was last exported to while that is a folder;
`ctrl+t` cycles through the formats from anywhere in the dialog, as the footer says. The path
suggested is absolute: the selection's title made safe (`ESDH-2026.docx`) in the configured
exports folder (`kravtui.config.exports_folder`, the same default as the CLI's `-o`), its
extension following the format until the user types another; a name that ends in another
format's extension (`x.docx` while the format is TOML) is refused in the error line, and
nothing is written: the user changes the name or the format. Without LibreOffice the PDF choice
says so and choosing it shows one line; a draft selection shows a line saying it is a draft.

The file field, the check of the target, the worker with its progress bar and Esc to stop it
are the writing dialogs' (`kravtui.tui.screens.write_dialog`). The export is
`export_selection`, the same call as the CLI's; "converting with LibreOffice…" shows while the
PDF is made. The count and the path written are notified; a selection deleted in another
session meanwhile is named as such.
"""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget
from textual.widgets import Label

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.export import (
    DEFAULT_SELECTION_FORMAT,
    SELECTION_FORMATS,
    DocumentChoices,
    Exported,
    ExportHooks,
    check_selection_name,
    default_selection_path,
    document_template,
    export_selection,
    libreoffice_missing,
    page_numbers_by_default,
)
from kravtui.catalogue.dbapi import Connection
from kravtui.config import Settings
from kravtui.i18n import t, t_count
from kravtui.interchange.export_target import ExportTarget
from kravtui.selection.store import SelectionError
from kravtui.tui.screens.selection_dialogs import field_row, say
from kravtui.tui.screens.write_dialog import (
    WriteConverting,
    WriteDialog,
    WriteFinished,
    WriteJob,
)
from kravtui.tui.widgets.check_list import CheckList
from kravtui.user_state import (
    StateError,
    remember_export_format,
    remembered_export,
)


def format_label(format_name: str) -> str:
    """The format's name in the list; one that needs LibreOffice says so when it is missing."""
    if libreoffice_missing(format_name):
        return t("tui.export.needs_libreoffice", format=t(SELECTION_FORMATS[format_name].name_key))
    return t(SELECTION_FORMATS[format_name].label_key)


class ExportScreen(WriteDialog):
    """Choose format, path and options, then export with progress."""

    PREFIX = "export"
    # The keyboard starts in the file field (Enter exports from there; the format has ctrl+t).
    AUTO_FOCUS = "#export-path"

    def __init__(self, session: CatalogueSession) -> None:
        selection = session.selection.selection
        assert selection is not None, "the export needs a current selection"
        heading = t("tui.export.title", title=selection.title)
        super().__init__(session, selection.title, heading, DEFAULT_SELECTION_FORMAT)
        self.selection_id = selection.id
        self.is_final = selection.is_final
        self._state_notice = ""

    def _formats(self) -> list[tuple[str, str]]:
        return [(format_label(name), name) for name in SELECTION_FORMATS]

    def _suffix(self, format_name: str) -> str:
        return SELECTION_FORMATS[format_name].file_suffix

    def _suggested(self, format_name: str) -> Path:
        return default_selection_path(self.title_text, format_name, self.folder)

    def _settings(self, settings: Settings) -> None:
        """The format last used for this selection, else DOCX, and the folder it went to while
        it is one, else the exports folder; a state file that cannot be used is noted."""
        try:
            remembered, folder = remembered_export(self.session.remembered_as, self.selection_id)
        except StateError as error:
            self._state_notice = str(error)
            remembered = folder = None
        self.format = remembered if remembered in SELECTION_FORMATS else DEFAULT_SELECTION_FORMAT
        self.folder = folder or self.folder

    def _above_format(self) -> list[Widget]:
        return [Label("", id="export-draft", classes="dialog-note")]

    def _below_path(self) -> list[Widget]:
        options = [
            (t("tui.export.answer_fields"), "answer_fields", True),
            (t("tui.export.rationale"), "rationale", True),
            (t("tui.export.interpretation"), "interpretation", True),
            (  # a long document would keep LibreOffice busy for minutes: off unless asked
                t("tui.export.page_numbers"),
                "page_numbers",
                page_numbers_by_default(self.session.selection.count),
            ),
        ]
        return [
            field_row(t("tui.export.options"), CheckList(options, id="export-options")),
            Label("", id="export-options-note", classes="dialog-note"),
        ]

    def _below_progress(self) -> list[Widget]:
        return [Label("", id="export-status", classes="dialog-note")]

    def _mounted(self) -> None:
        if not self.is_final:
            say(self.query_one("#export-draft", Label), t("tui.export.draft"))
        self._format_changed()
        if self._state_notice:
            self.notify(self._state_notice, severity="warning", timeout=10)

    def _format_changed(self) -> None:
        """The options apply to the document formats; PDF needs LibreOffice: one line says
        which."""
        document = SELECTION_FORMATS[self.format].document
        self.query_one("#export-options", CheckList).disabled = not document
        note = ""
        if not document:
            name = t(SELECTION_FORMATS[self.format].name_key)
            note = t("tui.export.options_not_document", format=name)
        elif libreoffice_missing(self.format):
            note = t("tui.export.no_libreoffice")
        say(self.query_one("#export-options-note", Label), note)

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

    def _may_write(self) -> bool:
        if libreoffice_missing(self.format):
            say(self.query_one("#export-options-note", Label), "")  # the same line, once
            self._error(t("tui.export.no_libreoffice"))
            return False
        return True

    def _check_name(self, path: Path) -> None:
        check_selection_name(path, self.format)

    def _job(self, target: ExportTarget, create_folder: bool) -> WriteJob:
        template = document_template() if SELECTION_FORMATS[self.format].document else None
        selection_id, format_name, choices = self.selection_id, self.format, self.choices(template)

        def job(conn: Connection, hooks: ExportHooks) -> object:
            return export_selection(conn, selection_id, target, format_name, choices, hooks)

        return job

    def on_write_converting(self, _message: WriteConverting) -> None:
        self._progress_bar().update(total=None, progress=0)
        say(self.query_one("#export-status", Label), t("tui.export.converting"))

    def _finished(self, message: WriteFinished) -> None:
        say(self.query_one("#export-status", Label), "")
        if message.cancelled:
            self.notify(t("tui.export.cancelled"), severity="warning")
            self.dismiss()
        elif message.error:
            error = self._gone() or message.error
            self._error(error)
            self.notify(error, severity="error", timeout=10)
        elif message.path is not None and isinstance(message.written, Exported):
            self._remember_format(message.path.resolve().parent)
            count, notice = message.written.requirements, message.written.notice
            done = t_count("tui.export.done", count, path=str(message.path.resolve()))
            self.notify(done, timeout=10)
            if notice:
                self.notify(notice, severity="warning", timeout=15)
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

    def _remember_format(self, folder: Path) -> None:
        """Remember the format for this selection and the `folder` it went to; a state file
        that cannot be used says so."""
        try:
            remember_export_format(
                self.session.remembered_as, self.selection_id, self.format, folder=folder
            )
        except StateError as error:
            self.notify(str(error), severity="warning", timeout=10)
