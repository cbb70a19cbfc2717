"""`kravtui export ...`: the catalogue and selections in every format of
`kravtui.application.export`, whose tables give the `--format` choices.

Without `--format`, the format is the one `-o`'s file name ends in (`esdh.toml`: TOML), else
the default (DOCX, the catalogue's TOML), as `kravtui answers report` takes its format from
FILE. A file name that ends in another format's suffix than the one named (`--format toml -o
x.docx`) is refused in one line by the export, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import click

from kravtui.application.export import (
    CATALOGUE_FORMATS,
    SELECTION_FORMATS,
    DocumentChoices,
    ExportError,
    catalogue_format_for,
    check_target,
    default_selection_path,
    document_template,
    export_catalogue,
    export_selection,
    selection_format_for,
)
from kravtui.cli.common import State, common_options, echo, fail, open_for_command
from kravtui.cli.help import group
from kravtui.i18n import t_count
from kravtui.selection.store import find_selection


@group()
def export() -> None:
    """Export the catalogue or a selection."""


@export.command(name="catalogue")
@common_options
# Outputs are plain strings: the one target check below the faces refuses folders and the rest.
@click.option("-o", "--output", type=str, metavar="FILE", required=True)
@click.option("--format", "format_name", type=click.Choice(list(CATALOGUE_FORMATS)), default=None)
@click.pass_obj
def export_catalogue_command(
    state: State, db: str | None, lang: str | None, output: str, format_name: str | None
) -> None:
    """Write the whole catalogue as TOML or as a spreadsheet (XLSX, Danish headers unless
    --lang en)."""
    state.apply(db, lang)
    path = Path(output)
    chosen = catalogue_format_for(path, format_name)
    with open_for_command(state) as conn:
        try:
            count = export_catalogue(conn, path, chosen, state.lang or "da")
        except ExportError as error:
            fail(str(error))
    echo(t_count("cli.exported", count, path=output))


@export.command(name="selection")
@common_options
@click.argument("name")
@click.option("--format", "format_name", type=click.Choice(list(SELECTION_FORMATS)), default=None)
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
@click.option("--page-numbers/--no-page-numbers", default=None)
@click.pass_obj
def export_selection_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    format_name: str | None,
    output: str | None,
    template: str | None,
    no_answer_fields: bool,
    no_rationale: bool,
    no_interpretation: bool,
    page_numbers: bool | None,
) -> None:
    """Write a selection (by id or title) as a requirement specification."""
    state.apply(db, lang)
    chosen = selection_format_for(Path(output) if output else None, format_name)
    try:
        choices = DocumentChoices(
            answer_fields=not no_answer_fields,
            rationale=not no_rationale,
            interpretation=not no_interpretation,
            page_numbers=page_numbers,
            template=(document_template(template) if SELECTION_FORMATS[chosen].document else None),
        )
        with open_for_command(state) as conn:
            found = find_selection(conn, name)
            path = Path(output) if output else _default_output(found.title, chosen)
            target = check_target(conn, path, create_folder=output is None)
            written = export_selection(conn, found.id, target, chosen, choices)
    except ExportError as error:
        fail(str(error))
    echo(t_count("docx.exported", written.requirements, path=path))
    if written.notice:
        echo(f"kravtui: {written.notice}", err=True)


def _default_output(title: str, format_name: str) -> Path:
    """The path the TUI's export dialog suggests too: the exports folder, the title made safe."""
    from kravtui.config import SettingsError, exports_folder, load_settings

    try:
        folder = exports_folder(load_settings())
    except SettingsError as error:
        fail(str(error))
    return default_selection_path(title, format_name, folder)
