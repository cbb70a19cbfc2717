"""`kravtui export ...`: the catalogue as TOML; selections as DOCX or TOML."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from kravtui.cli.common import State, common_options, echo, fail, open_for_command
from kravtui.cli.help import group
from kravtui.i18n import t
from kravtui.interchange.catalogue_toml import export_catalogue
from kravtui.selection.store import find_selection


@group()
def export() -> None:
    """Export the catalogue or a selection."""


@export.command(name="catalogue")
@common_options
# Outputs are plain strings: the one target check below the faces refuses folders and the rest.
@click.option("-o", "--output", type=str, metavar="FILE", required=True)
@click.pass_obj
def export_catalogue_command(state: State, db: str | None, lang: str | None, output: str) -> None:
    """Write the whole catalogue as TOML."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        count = export_catalogue(conn, Path(output))
    echo(t("cli.exported", count=count, path=output))


@dataclass(frozen=True, slots=True)
class SelectionExportOptions:
    """What `export selection` was asked for, whatever the format."""

    template: Path | None
    create_folder: bool  # the output is the default one, whose folder is made when missing
    answer_fields: bool
    rationale: bool
    interpretation: bool
    page_numbers: bool = True  # DOCX: LibreOffice lays it out once for the contents' numbers


# What a format's writer returns: the requirement count and a notice line (or "").
Written = tuple[int, str]


def _export_selection_document(
    conn: sqlite3.Connection,
    selection_id: int,
    output: Path,
    options: SelectionExportOptions,
    *,
    pdf: bool,
) -> Written:
    """Write one selection as a DOCX requirement specification, or as its PDF made by
    LibreOffice; returns the requirement count and the export's notice."""
    from kravtui.interchange.docx.export import (
        DocxExportError,
        ExportResult,
        export_selection_docx,
        export_selection_pdf,
    )
    from kravtui.interchange.docx.model import ExportOptions

    chosen = ExportOptions(
        answer_fields=options.answer_fields,
        rationale=options.rationale,
        interpretation=options.interpretation,
    )
    try:
        result: ExportResult
        if pdf:
            result = export_selection_pdf(
                conn,
                selection_id,
                output,
                chosen,
                template=options.template,
                create_folder=options.create_folder,
            )
        else:
            result = export_selection_docx(
                conn,
                selection_id,
                output,
                chosen,
                template=options.template,
                create_folder=options.create_folder,
                page_numbers=options.page_numbers,
            )
    except DocxExportError as error:
        fail(str(error))
    return result.requirements, result.notice


def _export_selection_docx(
    conn: sqlite3.Connection, selection_id: int, output: Path, options: SelectionExportOptions
) -> Written:
    return _export_selection_document(conn, selection_id, output, options, pdf=False)


def _export_selection_pdf(
    conn: sqlite3.Connection, selection_id: int, output: Path, options: SelectionExportOptions
) -> Written:
    return _export_selection_document(conn, selection_id, output, options, pdf=True)


def _export_selection_toml(
    conn: sqlite3.Connection, selection_id: int, output: Path, options: SelectionExportOptions
) -> Written:
    """Write one selection as TOML (every field; the DOCX options do not apply)."""
    from kravtui.interchange.selection_toml import export_selection_toml

    count = export_selection_toml(conn, selection_id, output, create_folder=options.create_folder)
    return count, ""


# Format name -> writer; a new format is one function and one entry here.
SELECTION_FORMATS: dict[
    str, Callable[[sqlite3.Connection, int, Path, SelectionExportOptions], Written]
] = {
    "docx": _export_selection_docx,
    "pdf": _export_selection_pdf,
    "toml": _export_selection_toml,
}


def _template_path(explicit: str | None) -> Path | None:
    from kravtui.interchange.docx.export import DocxExportError, resolve_template

    try:
        return resolve_template(explicit)
    except DocxExportError as error:
        fail(str(error))


@export.command(name="selection")
@common_options
@click.argument("name")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(sorted(SELECTION_FORMATS)),
    default="docx",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=str,
    metavar="FILE",
    default=None,
)
@click.option(
    "--template",
    type=click.Path(dir_okay=False),
    default=None,
)
@click.option("--no-answer-fields", is_flag=True)
@click.option("--no-rationale", is_flag=True)
@click.option("--no-interpretation", is_flag=True)
@click.option("--page-numbers/--no-page-numbers", default=True)
@click.pass_obj
def export_selection_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    format_name: str,
    output: str | None,
    template: str | None,
    no_answer_fields: bool,
    no_rationale: bool,
    no_interpretation: bool,
    page_numbers: bool,
) -> None:
    """Write a selection (by id or title) as a requirement specification."""
    state.apply(db, lang)
    options = SelectionExportOptions(
        template=_template_path(template) if format_name in ("docx", "pdf") else None,
        create_folder=output is None,
        answer_fields=not no_answer_fields,
        rationale=not no_rationale,
        interpretation=not no_interpretation,
        page_numbers=page_numbers,
    )
    with open_for_command(state) as conn:
        found = find_selection(conn, name)
        target = Path(output) if output else _default_output(found.title, format_name)
        count, notice = SELECTION_FORMATS[format_name](conn, found.id, target, options)
    echo(t("docx.exported", path=target, count=count))
    if notice:
        echo(f"kravtui: {notice}", err=True)


def _default_output(title: str, format_name: str) -> Path:
    """The path the TUI's export dialog suggests too: the exports folder, the title made safe."""
    from kravtui.config import SettingsError, exports_folder, load_settings
    from kravtui.interchange.docx.export import default_export_path

    try:
        folder = exports_folder(load_settings())
    except SettingsError as error:
        fail(str(error))
    return default_export_path(title, folder, f".{format_name}")
