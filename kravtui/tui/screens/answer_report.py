"""The evaluation report dialog of the Besvarelser screen (`x`): the format and the file, then
the report written through the same use case as `kravtui answers report` (`export_answers`).

The formats are the entries of `ANSWER_FORMATS` (DOCX, XLSX), `ctrl+t` cycling through them
from anywhere in the dialog; the file name suggested is absolute, the selection's title made
safe with the report's word (`Nyt-ESDH-evalueringsrapport.docx`) in the configured exports
folder, its suffix following the format until the user types another (one that ends in
another format's suffix is refused, as the CLI refuses it). A line says the
report's language: the settings' `language`, else Danish, as the CLI's default.

The file field, the check of the target, the worker with its progress bar and Esc to stop it
are the writing dialogs' (`kravtui.tui.screens.write_dialog`); a selection gone meanwhile is
refused in the error line like any other target.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Label

from kravtui.application.answer_export import (
    ANSWER_FORMATS,
    DEFAULT_ANSWER_FORMAT,
    check_answers_name,
    default_answers_path,
    export_answers,
    report_language,
)
from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.export import ExportHooks
from kravtui.catalogue.dbapi import Connection
from kravtui.config import Settings
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.interchange.export_target import ExportTarget
from kravtui.tui.screens.write_dialog import WriteDialog, WriteFinished, WriteJob


class AnswerReportScreen(WriteDialog):
    """Choose the format and the file, then write the evaluation report with progress."""

    PREFIX = "report"
    AUTO_FOCUS = "#report-path"

    def __init__(self, session: CatalogueSession, selection_id: int, title: str) -> None:
        heading = t("tui.answer_report.title", title=visible(title))
        super().__init__(session, title, heading, DEFAULT_ANSWER_FORMAT)
        self.selection_id = selection_id
        self.language = report_language()

    def _formats(self) -> list[tuple[str, str]]:
        return [(t(f.label_key), name) for name, f in ANSWER_FORMATS.items()]

    def _suffix(self, format_name: str) -> str:
        return ANSWER_FORMATS[format_name].suffix

    def _suggested(self, format_name: str) -> Path:
        return default_answers_path(self.title_text, format_name, self.folder)

    def _settings(self, settings: Settings) -> None:
        self.language = report_language(None, settings.language)

    def _below_path(self) -> list[Widget]:
        return [Label(Text(t(f"tui.answer_report.language.{self.language}")))]

    def _check_name(self, path: Path) -> None:
        check_answers_name(path, self.format)

    def _job(self, target: ExportTarget, create_folder: bool) -> WriteJob:
        selection_id, format_name, language = self.selection_id, self.format, self.language

        def job(conn: Connection, hooks: ExportHooks) -> object:
            return export_answers(
                conn,
                selection_id,
                target.path,
                format_name,
                language,
                create_folder=create_folder,
                hooks=hooks,
            )

        return job

    def _finished(self, message: WriteFinished) -> None:
        if message.error:
            self._error(message.error)
        elif message.path is None:
            self.notify(t("tui.answer_report.cancelled"), severity="warning")
            self.dismiss()
        else:
            self.notify(t("tui.answer_report.done", path=str(message.path.resolve())), timeout=10)
            self.dismiss()
