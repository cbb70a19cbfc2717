"""Every export format in one table, for the CLI and the TUI alike.

A selection is exported by `export_selection(conn, selection_id, target, format_name, choices)`;
the catalogue by `export_catalogue(conn, path, format_name, language)`. The formats are the
entries of `SELECTION_FORMATS` and `CATALOGUE_FORMATS`: the CLI's `--format` choices and the TUI
export dialog's list are both read from them, so a new format is one writer function and one entry
here (plus its label in `kravtui.i18n`), and both faces offer it.

A face checks the target first (`check_target`, which refuses the open catalogue, databases,
folders, FIFOs, read-only files and missing folders, and `check_selection_name`, which refuses a
file name that ends in another export format's suffix: TOML written as `x.docx`), asks before
replacing an existing file if it can ask, then calls the export; the exports check the name
again. A name that ends in no export format's suffix (`.txt`, none) is written as asked. With
no format named, the CLI takes the one the file name ends in (`format_for_name`), else the
default. Every failure is an `ExportError` whose message is one line
for the user; a cancelled export raises `ExportCancelled`. Either way any existing file is left
as it was: the writers write to a temporary file and rename it into place.

The writers read the selection on the connection they are given while they write, so the TUI
runs the whole export as one job on its worker connection (`CatalogueSession.background`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.dbapi import Connection
from kravtui.i18n import t
from kravtui.interchange.docx.export import (
    DocxExportError,
    ExportCancelledError,
    default_export_path,
    resolve_template,
    write_docx,
    write_pdf,
)
from kravtui.interchange.docx.model import ExportOptions, streamed_document
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget, export_target
from kravtui.interchange.selection_toml import ExportCancelledError as TomlCancelledError

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportError(Exception):
    """An export was refused or failed; the message is one line for the user."""


class ExportCancelled(ExportError):
    """The user cancelled the export; nothing was written."""


@dataclass(frozen=True, slots=True)
class ExportHooks:
    """How a face follows a running export: progress, a cancel check, and a call when the
    document goes to LibreOffice (seconds without progress). All optional."""

    progress: Progress | None = None
    cancelled: Cancelled | None = None
    converting: Callable[[], None] | None = None


@dataclass(frozen=True, slots=True)
class DocumentChoices:
    """What the vendor's copy of a document format includes, and its template (None: the
    bundled one). Formats that are not documents ignore them. `page_numbers`: a DOCX is laid
    out once by LibreOffice so that its contents carry their page numbers in Word too; None:
    when it is short enough for that to take seconds (`page_numbers_by_default`)."""

    answer_fields: bool = True
    rationale: bool = True
    interpretation: bool = True
    template: Path | None = None
    page_numbers: bool | None = None


PAGE_NUMBERS_MOST = 1_000
"""The most requirements a DOCX's contents get their page numbers for unless asked: LibreOffice
lays out 300 in about 4 s but 1,500 in 46 s (its time grows faster than the document), and a
selection of 13,000 ran for more than ten minutes. A longer document is written without them,
and the export says so (they appear when it is opened in LibreOffice, or in Word after F9)."""


def page_numbers_by_default(requirements: int) -> bool:
    """Whether a DOCX of `requirements` gets its contents' page numbers unless asked."""
    return requirements <= PAGE_NUMBERS_MOST


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: the requirement count, and one line for the user when the file
    lacks something they should know about (the contents' page numbers), else empty."""

    requirements: int
    notice: str = ""


# (connection, selection id, checked target, choices, hooks) -> what was written
SelectionWriter = Callable[[Connection, int, ExportTarget, DocumentChoices, ExportHooks], Exported]
# (connection, path, language of the headers and words) -> requirements written
CatalogueWriter = Callable[[Connection, Path, str], int]


@dataclass(frozen=True, slots=True)
class SelectionFormat:
    """One way to export a selection: `write` returns the number of requirements written."""

    name: str  # the `--format` value
    label_key: str  # the i18n key of its name in the TUI's export dialog's list
    name_key: str  # the i18n key of its name in a sentence ("Svararket"), never the value
    write: SelectionWriter
    document: bool = False  # the `DocumentChoices` (answer fields, rationale, ...) apply
    needs_libreoffice: bool = False
    suffix: str = ""  # the file suffix (".xlsx"), when it is not "." and the name
    name_ending: str = ""  # after the title in a suggested name: two formats share ".xlsx"

    @property
    def file_suffix(self) -> str:
        """The suffix of the files it writes: `suffix`, else "." and its name."""
        return self.suffix or f".{self.name}"


@dataclass(frozen=True, slots=True)
class CatalogueFormat:
    """One way to export the whole catalogue: `write` returns the number of requirements."""

    name: str
    write: CatalogueWriter

    @property
    def file_suffix(self) -> str:
        """The suffix of the files it writes: "." and its name."""
        return f".{self.name}"


def _document_options(choices: DocumentChoices) -> ExportOptions:
    return ExportOptions(
        answer_fields=choices.answer_fields,
        rationale=choices.rationale,
        interpretation=choices.interpretation,
    )


def _write_document(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    choices: DocumentChoices,
    hooks: ExportHooks,
    *,
    pdf: bool,
) -> Exported:
    """The requirement specification, read from `conn` as it is written: the DOCX, or the PDF
    LibreOffice lays out from it."""
    _stop_if_cancelled(hooks)
    with streamed_document(conn, selection_id, _document_options(choices)) as document:
        count = document.requirement_count
        asked = choices.page_numbers
        laid_out = page_numbers_by_default(count) if asked is None else asked
        write = write_pdf if pdf else partial(write_docx, page_numbers=laid_out)
        result = write(
            document,
            target,
            template=choices.template,
            progress=hooks.progress,
            cancelled=hooks.cancelled,
            converting=hooks.converting,
        )
    if pdf or laid_out or asked is not None:
        return Exported(result.requirements, result.notice)
    return Exported(result.requirements, t("docx.pages.too_long", count=count))


def _write_selection_toml(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    _choices: DocumentChoices,
    hooks: ExportHooks,
) -> Exported:
    """Every field of the selection as TOML (the document choices do not apply), the items
    read as the file is written."""
    from kravtui.interchange.selection_toml import stream_selection_toml

    _stop_if_cancelled(hooks)
    count = stream_selection_toml(
        conn, selection_id, target, progress=hooks.progress, cancelled=hooks.cancelled
    )
    return Exported(count)


def _write_answer_sheet(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    _choices: DocumentChoices,
    hooks: ExportHooks,
) -> Exported:
    """The XLSX answer sheet vendors fill in (the document choices do not apply)."""
    from kravtui.interchange.answer_sheet import AnswerSheetCancelledError, write_answer_sheet

    try:
        count = write_answer_sheet(
            conn, selection_id, target, progress=hooks.progress, cancelled=hooks.cancelled
        )
        return Exported(count)
    except AnswerSheetCancelledError as error:
        raise ExportCancelled(error.reason) from None


def _write_selection_xlsx(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    _choices: DocumentChoices,
    hooks: ExportHooks,
) -> Exported:
    """The ticked requirements as a spreadsheet in OS2kravmotor's krav.xls order, in the
    selection's language (the document choices do not apply)."""
    from kravtui.interchange.selection_sheet import write_selection_sheet
    from kravtui.interchange.sheet_writer import SheetCancelledError

    _stop_if_cancelled(hooks)
    try:
        count = write_selection_sheet(
            conn, selection_id, target, progress=hooks.progress, cancelled=hooks.cancelled
        )
    except SheetCancelledError as error:
        raise ExportCancelled(error.reason) from None
    return Exported(count)


def _write_catalogue_toml(conn: Connection, path: Path, _language: str) -> int:
    """The whole catalogue as TOML, the file `kravtui import` reads back (no language)."""
    from kravtui.interchange.catalogue_toml import export_catalogue as write_catalogue

    return write_catalogue(conn, path)


def _write_catalogue_xlsx(conn: Connection, path: Path, language: str) -> int:
    """The whole catalogue as an XLSX spreadsheet in "Download kravbank" order."""
    from kravtui.interchange.catalogue_sheet import write_catalogue_sheet

    return write_catalogue_sheet(conn, export_target(conn, path), language)


# In the order the TUI offers them (`ctrl+t` cycles through them); the first is the default.
SELECTION_FORMATS: dict[str, SelectionFormat] = {
    format.name: format
    for format in (
        SelectionFormat(
            "docx",
            "tui.export.docx",
            "tui.export.name.docx",
            partial(_write_document, pdf=False),
            document=True,
        ),
        SelectionFormat(
            "pdf",
            "tui.export.pdf",
            "tui.export.name.pdf",
            partial(_write_document, pdf=True),
            document=True,
            needs_libreoffice=True,
        ),
        SelectionFormat("toml", "tui.export.toml", "tui.export.name.toml", _write_selection_toml),
        SelectionFormat(
            "answer-sheet",
            "tui.export.answer_sheet",
            "tui.export.name.answer_sheet",
            _write_answer_sheet,
            suffix=".xlsx",
            name_ending="-svarark",  # not the requirement list's name (OS2kravmotor's word)
        ),
        SelectionFormat("xlsx", "tui.export.xlsx", "tui.export.name.xlsx", _write_selection_xlsx),
    )
}
DEFAULT_SELECTION_FORMAT = "docx"

CATALOGUE_FORMATS: dict[str, CatalogueFormat] = {
    format.name: format
    for format in (
        CatalogueFormat("toml", _write_catalogue_toml),
        CatalogueFormat("xlsx", _write_catalogue_xlsx),
    )
}
DEFAULT_CATALOGUE_FORMAT = "toml"


def export_suffixes() -> frozenset[str]:
    """Every suffix an export format writes (".docx", ".pdf", ".toml", ".xlsx"), read from the
    tables: a file name that ends in one of them is taken for that kind of file by whoever
    opens it."""
    return frozenset(
        [chosen.file_suffix for chosen in SELECTION_FORMATS.values()]
        + [chosen.file_suffix for chosen in CATALOGUE_FORMATS.values()]
    )


def suffix_of(path: Path, suffixes: Iterable[str]) -> str:
    """The one of `suffixes` the file name of `path` ends in, in any letter case ("" for
    none). A name that is only the suffix (".docx") ends in it too, which `Path.suffix` would
    not say; "a.toml.docx" ends in ".docx"."""
    name = path.name.lower()
    return max((s.lower() for s in suffixes if name.endswith(s.lower())), key=len, default="")


def refuse_other_format(
    path: Path, format_name: str, suffix: str, others: Iterable[str] = ()
) -> None:
    """`ExportError` when the file name of `path` ends in the suffix of another export format
    (`export_suffixes()` and `others`) than `format_name`, whose files end in `suffix`: a
    vendor who opens `x.docx` and finds TOML in it gets nothing they can read. A name that
    ends in no export format's suffix (`.txt`, none) is allowed."""
    found = suffix_of(path, export_suffixes().union(others))
    if found and found != suffix.lower():
        typed = path.name[-len(found) :]  # as the user wrote it: ".DOCX"
        reason = t("export.other_format", suffix=typed, format=format_name.upper())
        raise ExportError(f"{path}: {reason}")


def format_for_name(
    path: Path | None, named: str | None, suffixes: Mapping[str, str], default: str
) -> str:
    """The format to write `path` in: `named` when given; else the format (of `suffixes`,
    name -> file suffix) whose suffix the file name ends in, the one named like it first
    (".xlsx": "xlsx", not "answer-sheet"); else `default` ("" when none is found and there
    is no default)."""
    if named is not None:
        return named
    found = suffix_of(path, suffixes.values()) if path is not None else ""
    if not found:
        return default
    matching = [name for name, suffix in suffixes.items() if suffix.lower() == found]
    return found.removeprefix(".") if found.removeprefix(".") in matching else matching[0]


def selection_format_for(path: Path | None, named: str | None) -> str:
    """The selection format to write `path` in: `named`, else the one its name ends in,
    else DOCX (`format_for_name`)."""
    suffixes = {name: chosen.file_suffix for name, chosen in SELECTION_FORMATS.items()}
    return format_for_name(path, named, suffixes, DEFAULT_SELECTION_FORMAT)


def catalogue_format_for(path: Path, named: str | None) -> str:
    """The catalogue format to write `path` in: `named`, else the one its name ends in,
    else TOML (`format_for_name`)."""
    suffixes = {name: chosen.file_suffix for name, chosen in CATALOGUE_FORMATS.items()}
    return format_for_name(path, named, suffixes, DEFAULT_CATALOGUE_FORMAT)


def check_selection_name(path: Path, format_name: str) -> None:
    """`ExportError` when the file name ends in another export format's suffix than that of
    the selection format `format_name` (`refuse_other_format`)."""
    refuse_other_format(path, format_name, SELECTION_FORMATS[format_name].file_suffix)


def _stop_if_cancelled(hooks: ExportHooks) -> None:
    if hooks.cancelled is not None and hooks.cancelled():
        raise ExportCancelled(t("docx.cancelled"))


def libreoffice_missing(format_name: str) -> bool:
    """True when the format needs LibreOffice and it is not installed."""
    if not SELECTION_FORMATS[format_name].needs_libreoffice:
        return False
    from kravtui.interchange.docx.pdf import find_libreoffice

    return find_libreoffice() is None


def check_target(conn: Connection, path: Path, *, create_folder: bool) -> ExportTarget:
    """The checked place to write `path` (`create_folder`: the exports folder may be made)."""
    try:
        return export_target(conn, path, create_folder=create_folder)
    except InterchangeError as error:
        raise ExportError(str(error)) from None


def document_template(explicit: str | Path | None = None) -> Path | None:
    """The DOCX template: `explicit`, else the settings' `template`, else None (bundled)."""
    try:
        return resolve_template(explicit)
    except DocxExportError as error:
        raise ExportError(str(error)) from None


def default_selection_path(title: str, format_name: str, folder: Path) -> Path:
    """`<folder>/<title made safe><the format's ending and suffix>`: what both faces suggest
    (`ESDH-2026.docx`, `ESDH-2026-svarark.xlsx`)."""
    chosen = SELECTION_FORMATS[format_name]
    return default_export_path(title + chosen.name_ending, folder, chosen.file_suffix)


def export_selection(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    format_name: str,
    choices: DocumentChoices | None = None,
    hooks: ExportHooks | None = None,
) -> Exported:
    """Write the selection to the checked `target` in `format_name`: what was written.

    Raises `ExportCancelled` when `hooks.cancelled()` said so, `ExportError` for anything
    refused or failed (a file name that ends in another format's suffix, LibreOffice missing
    for PDF, a bad template, a write error, the selection deleted by another session
    meanwhile).
    """
    chosen = SELECTION_FORMATS[format_name]
    check_selection_name(target.path, format_name)
    if libreoffice_missing(format_name):
        raise ExportError(t("docx.pdf.no_libreoffice"))
    try:
        return chosen.write(
            conn, selection_id, target, choices or DocumentChoices(), hooks or ExportHooks()
        )
    except (ExportCancelledError, TomlCancelledError) as error:
        raise ExportCancelled(str(error)) from None
    except (CatalogueError, DocxExportError, InterchangeError, OSError) as error:
        raise ExportError(str(error)) from None


def export_catalogue(
    conn: Connection,
    path: Path,
    format_name: str = DEFAULT_CATALOGUE_FORMAT,
    language: str = "da",
) -> int:
    """Write the whole catalogue to `path` in `format_name`; the requirement count. A
    spreadsheet's headers and words are in `language` (Danish unless asked otherwise).

    The file name and the target are checked before anything is read; raises `ExportError`
    when they are refused (a name that ends in another format's suffix) or the write fails.
    """
    refuse_other_format(path, format_name, CATALOGUE_FORMATS[format_name].file_suffix)
    try:
        return CATALOGUE_FORMATS[format_name].write(conn, path, language)
    except (InterchangeError, OSError) as error:
        raise ExportError(str(error)) from None
