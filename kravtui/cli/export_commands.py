"""`kravtui export ...`: the catalogue as TOML; selections as DOCX or TOML."""

from __future__ import annotations

from pathlib import Path

import click

from kravtui.cli.common import State, common_options, open_for_command
from kravtui.i18n import t
from kravtui.interchange.catalogue_toml import export_catalogue


@click.group()
def export() -> None:
    """Export the catalogue or a selection."""


@export.command(name="catalogue")
@common_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@click.pass_obj
def export_catalogue_command(state: State, db: str | None, lang: str | None, output: str) -> None:
    """Write the whole catalogue as TOML."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        count = export_catalogue(conn, Path(output))
    click.echo(t("cli.exported", count=count, path=output))
