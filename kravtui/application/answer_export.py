"""Every export of a selection's answers in one table, for the CLI and the TUI alike.

`ANSWER_FORMATS` holds one `AnswerFormat(name, label_key, write, suffix)` per format: the
evaluation report as a DOCX to read (`kravtui.interchange.docx.answer_report`) and as an XLSX
with a comparison sheet and a sheet per vendor (`kravtui.interchange.answer_report_sheet`), and
every vendor's answers, the files they came from and the officer's verdicts with their history
as TOML (`kind = "answers"`, docs/toml-format.md), line-local for git and `kravtui diff`
(`kravtui.interchange.answers_toml`). The
CLI's `--format` choices and the TUI dialog's format cycle are both read from it, so a new
format is one writer and one entry here (plus its label in `kravtui.i18n`).

`export_answers(conn, selection_id, path, format_name, language)` refuses a file name that ends
in another export format's suffix (`export.refuse_other_format`: TOML written as `x.docx`),
checks the path with the one check every export goes through (`export.check_target`: not the
open catalogue, a database, a folder, a FIFO or another file that is not a regular one, a
read-only file or folder), then
writes, atomically, reading the answers on `conn` as it writes (one read transaction). Every
failure is an `ExportError` whose message is one line; a cancelled export raises
`ExportCancelled`; either way any existing file is left as it was.

A report is in Danish unless the language asked for says otherwise (`report_language`: the
command's `--lang`, else the settings' `language`, else Danish), whatever the selection's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kravtui.answers.report import evaluation_report
from kravtui.application.export import (
    ExportCancelled,
    ExportError,
    ExportHooks,
    check_target,
    document_template,
    format_for_name,
    refuse_other_format,
)
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.engine_errors import EngineError
from kravtui.i18n import LANGUAGES, t
from kravtui.interchange.docx.export import DocxExportError, ExportCancelledError
from kravtui.interchange.docx.export import default_export_path as _default_path
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget
from kravtui.interchange.sheet_writer import SheetCancelledError

REPORT_LANGUAGE = "da"
"""The language of a report when none is asked for: the officers' own."""


@dataclass(frozen=True, slots=True)
class AnswersExported:
    """What an answer export wrote: how many requirements and how many vendors."""

    requirements: int
    vendors: int


# (connection, selection id, checked target, language, hooks) -> what was written
AnswerWriter = Callable[[Connection, int, ExportTarget, str, ExportHooks], AnswersExported]


@dataclass(frozen=True, slots=True)
class AnswerFormat:
    """One way to export a selection's answers."""

    name: str  # the `--format` value
    label_key: str  # the i18n key of its name in the TUI's dialog
    write: AnswerWriter
    suffix: str  # the suffix of the files it writes (".docx")


def _write_report_docx(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    language: str,
    hooks: ExportHooks,
) -> AnswersExported:
    """The evaluation report as a DOCX, in the configured template (the bundled one by default)."""
    from kravtui.interchange.docx.answer_report import write_answer_report

    template = document_template()
    with evaluation_report(conn, selection_id) as report:
        count = write_answer_report(
            report,
            target,
            language,
            template=template,
            progress=hooks.progress,
            cancelled=hooks.cancelled,
        )
        return AnswersExported(count, len(report.vendors))


def _write_report_xlsx(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    language: str,
    hooks: ExportHooks,
) -> AnswersExported:
    """The evaluation report as an XLSX: the comparison, then a sheet per vendor."""
    from kravtui.interchange.answer_report_sheet import write_answer_report_sheet

    with evaluation_report(conn, selection_id) as report:
        count = write_answer_report_sheet(
            report, target, language, progress=hooks.progress, cancelled=hooks.cancelled
        )
        return AnswersExported(count, len(report.vendors))


def _write_answers_toml(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    _language: str,
    _hooks: ExportHooks,
) -> AnswersExported:
    """Every vendor's answers, files and verdicts as TOML (the file has no language; it is
    written at once, so there is no progress to show)."""
    from kravtui.answers.export_content import read_answers_content
    from kravtui.interchange.answers_toml import write_answers_toml

    content = read_answers_content(conn, selection_id)
    write_answers_toml(content, target)
    uids = {item.uid for vendor in content.vendors for item in vendor.items}
    return AnswersExported(len(uids), len(content.vendors))


# In the order the TUI offers them (`ctrl+t` cycles through them); the first is the default.
ANSWER_FORMATS: dict[str, AnswerFormat] = {
    format.name: format
    for format in (
        AnswerFormat("docx", "answer_report.format.docx", _write_report_docx, ".docx"),
        AnswerFormat("xlsx", "answer_report.format.xlsx", _write_report_xlsx, ".xlsx"),
        AnswerFormat("toml", "answer_report.format.toml", _write_answers_toml, ".toml"),
    )
}
DEFAULT_ANSWER_FORMAT = "docx"


def answer_format_for(path: Path, format_name: str | None = None) -> str:
    """The format to write `path` in: `format_name` when given, else the one whose suffix the
    path ends in; `ExportError` when it ends in none of them."""
    suffixes_of = {name: chosen.suffix for name, chosen in ANSWER_FORMATS.items()}
    found = format_for_name(path, format_name, suffixes_of, "")
    if found:
        return found
    suffixes = ", ".join(chosen.suffix for chosen in ANSWER_FORMATS.values())
    formats = ", ".join(ANSWER_FORMATS)
    raise ExportError(
        t("answer_report.unknown_suffix", path=path, suffixes=suffixes, formats=formats)
    )


def check_answers_name(path: Path, format_name: str) -> None:
    """`ExportError` when the file name ends in another export format's suffix than that of
    the answer format `format_name` (`refuse_other_format`)."""
    others = (chosen.suffix for chosen in ANSWER_FORMATS.values())
    refuse_other_format(path, format_name, ANSWER_FORMATS[format_name].suffix, others)


def default_answers_path(title: str, format_name: str, folder: Path) -> Path:
    """`<folder>/<title made safe>-<the report's word><suffix>`, what the TUI suggests
    (`ESDH-2026-evalueringsrapport.docx`)."""
    word = t("answer_report.kind", REPORT_LANGUAGE).lower()
    return _default_path(f"{title} {word}", folder, ANSWER_FORMATS[format_name].suffix)


def report_language(explicit: str | None = None, configured: str | None = None) -> str:
    """The language of a report: `explicit` (a command's --lang), else `configured` (the
    settings' language), else Danish; a code kravtui has no words for counts as not given."""
    for code in (explicit, configured):
        if code and code.strip().lower()[:2] in LANGUAGES:
            return code.strip().lower()[:2]
    return REPORT_LANGUAGE


def export_answers(
    conn: Connection,
    selection_id: int,
    path: Path,
    format_name: str,
    language: str = REPORT_LANGUAGE,
    *,
    create_folder: bool = False,
    hooks: ExportHooks | None = None,
) -> AnswersExported:
    """Write the selection's answers to `path` in `format_name`, its words in `language`.

    The file name and the target are checked before anything is read (`check_answers_name`,
    `check_target`; `create_folder` lets the exports folder be made). Raises `ExportError`
    (refused or failed: a name that ends in another format's suffix, the target, a bad
    template, the selection gone, a write error) or `ExportCancelled` when `hooks.cancelled()`
    said so.
    """
    chosen = ANSWER_FORMATS[format_name]
    check_answers_name(path, format_name)
    target = check_target(conn, path, create_folder=create_folder)
    try:
        return chosen.write(conn, selection_id, target, language, hooks or ExportHooks())
    except (ExportCancelledError, SheetCancelledError) as error:
        raise ExportCancelled(str(error)) from None
    except (
        CatalogueError,
        DocxExportError,
        InterchangeError,
        OSError,
        sqlite3.Error,
        EngineError,
    ) as error:
        raise ExportError(str(error)) from None
