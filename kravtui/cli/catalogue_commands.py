"""Catalogue commands: init, list, show, history, import, config path."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from kravtui.application.sheets import SheetChoices, import_sheet, is_spreadsheet
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.history import list_revisions
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.search import iter_rows, list_limits
from kravtui.cli.common import (
    State,
    common_options,
    echo,
    echo_json,
    fail,
    guarded_output,
    open_for_command,
)
from kravtui.cli.help import command, group
from kravtui.cli.requirement_choice import Filters, filter_options, filter_query
from kravtui.config import config_path
from kravtui.i18n import t, t_count
from kravtui.i18n.visible_text import visible
from kravtui.interchange.catalogue_sheet_import import SheetImportReport
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.kinds import import_file
from kravtui.interchange.sample import create_from_sample
from kravtui.selection.store import find_selection
from kravtui.selection.transfer import TransferReport


@command()
@common_options
@click.option("--empty", is_flag=True)
@click.pass_obj
def init(state: State, db: str | None, lang: str | None, empty: bool) -> None:
    """Create a new catalogue (from the bundled sample unless --empty)."""
    state.apply(db, lang)
    if state.read_only:
        fail(t("cli.read_only"))
    from kravtui.catalogue.db import create_catalogue

    location = state.location
    if isinstance(location, PostgresLocation):
        try:
            (create_catalogue(location) if empty else create_from_sample(location)).close()
        except (CatalogueError, InterchangeError) as error:
            fail(str(error))
        echo(t("cli.initialised", path=location.display))
        return
    path = location.path

    try:
        conn = create_catalogue(path) if empty else create_from_sample(path)
    except (CatalogueError, InterchangeError) as error:
        fail(str(error))
    conn.close()
    echo(t("cli.initialised", path=path))


@command(name="list")
@common_options
@filter_options
@click.option("--deleted", is_flag=True)
@click.option("--ticked", "ticked_in", metavar="SELECTION")
@click.option("--unticked", "unticked_in", metavar="SELECTION")
@click.option("--json", "as_json", is_flag=True)
@click.option("--jsonl", "as_jsonl", is_flag=True)
@click.pass_obj
def list_command(
    state: State,
    db: str | None,
    lang: str | None,
    filters: Filters,
    deleted: bool,
    ticked_in: str | None,
    unticked_in: str | None,
    as_json: bool,
    as_jsonl: bool,
) -> None:
    """List requirements, optionally filtered (also by what a selection has ticked): columns on
    a terminal, tab-separated lines into a pipe or file, or JSON; written as they are read."""
    from kravtui.cli import list_output

    state.apply(db, lang)
    if as_json and as_jsonl:
        raise click.UsageError(t("cli.json_or_jsonl"))
    with open_for_command(state) as conn, guarded_output():
        query = filter_query(
            conn,
            filters,
            ticked_in=find_selection(conn, ticked_in).id if ticked_in else None,
            unticked_in=find_selection(conn, unticked_in).id if unticked_in else None,
            deleted=deleted,
        )
        rows = iter_rows(conn, query)
        if as_json:
            list_output.write_json(rows, _write)
        elif as_jsonl:
            list_output.write_jsonl(rows, _write)
        elif list_output.stdout_is_terminal():
            list_output.write_columns(rows, list_limits(conn), _write)
        else:
            list_output.write_tsv(rows, _write)


def _write(text: str) -> None:
    """Write text already made safe (`visible` or `json_safe`) to standard output."""
    click.echo(text, nl=False)


@command()
@common_options
@click.argument("uid")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show(state: State, db: str | None, lang: str | None, uid: str, as_json: bool) -> None:
    """Show one requirement in full."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        requirement = get_requirement(conn, uid.strip().upper())
    if requirement is None:
        fail(t("cli.unknown_uid", uid=uid))
    content = requirement.content
    if as_json:
        data = json.loads(content.to_json())
        data["meta"] = asdict(requirement.meta)
        echo_json(data)
        return
    _print_requirement(requirement)


def _print_requirement(requirement: Any) -> None:
    from rich.console import Console
    from rich.text import Text

    content = requirement.content
    console = Console()
    console.print(Text(visible(f"{content.uid}  {content.title}"), style="bold"))
    facts = [
        (t("field.importance"), t(content.importance.label_key)),
        (t("field.category"), " / ".join(filter(None, [content.category, content.subcategory]))),
        (
            t("field.domains"),
            t("value.all_domains") if content.all_domains else ", ".join(content.domains),
        ),
        (t("field.tags"), ", ".join(content.tags)),
        (t("field.principles"), ", ".join(content.principles)),
        (t("field.changed"), f"{requirement.meta.updated_at} ({requirement.meta.updated_by})"),
    ]
    if content.deleted:
        facts.insert(0, (t("field.status"), t("value.deleted")))
    for label, value in facts:
        if value:
            console.print(Text.assemble((f"{label}: ", "bold"), visible(value)))
    for name in ("description", "rationale", "help_text", "notes", "stakeholders"):
        value = getattr(content, name)
        if value:
            console.print()
            console.print(Text(t(f"field.{name}"), style="bold underline"))
            console.print(Text(visible(value, multi_line=True)))


@command(name="import")
@common_options
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--map", "mapping", metavar="HEADER=FIELD,...", default=None)
@click.option("--sheet", metavar="NAME", default=None)
@click.option("--category", metavar="NAME", default=None)
@click.option("--selection", "selection_title", metavar="TITLE", default=None)
@click.option("--new-categories", "add_categories", is_flag=True)
@click.pass_obj
def import_command(
    state: State,
    db: str | None,
    lang: str | None,
    file: str,
    mapping: str | None,
    sheet: str | None,
    category: str | None,
    selection_title: str | None,
    add_categories: bool,
) -> None:
    """Import a TOML file or a spreadsheet (XLSX, XLS, ODS), all or nothing: a catalogue (adds
    and updates requirements by uid) or a selection (recreated as a new selection)."""
    state.apply(db, lang)
    path = Path(file)
    sheet_options = (mapping, sheet, category, selection_title, add_categories or None)
    if not is_spreadsheet(path) and any(option is not None for option in sheet_options):
        fail(t("cli.sheet_options_only", path=path))
    with open_for_command(state, writes=True) as conn:
        if is_spreadsheet(path):
            choices = SheetChoices(mapping, sheet, category, selection_title, add_categories)
            report: Any = import_sheet(conn, path, choices)
        else:
            report = import_file(conn, path)
    if isinstance(report, TransferReport):
        _print_selection_import(report)
        return
    if isinstance(report, SheetImportReport):
        _print_sheet_import(report)
        return
    echo(
        t(
            "cli.imported",
            created=len(report.created),
            updated=len(report.updated),
            unchanged=report.unchanged,
        )
    )


def _print_sheet_import(report: SheetImportReport) -> None:
    echo(
        t(
            "cli.imported",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    )
    for category in report.added_categories:
        echo(t("cli.sheet_new_category", name=category.name, prefix=category.prefix))
    if report.references:
        echo(t("cli.sheet_references", count=report.references))
    if report.ignored:
        echo(t("cli.sheet_ignored", sheet=report.sheet, columns=", ".join(report.ignored)))


def _print_selection_import(report: TransferReport) -> None:
    echo(
        t_count("cli.selection_imported", report.items, id=report.selection_id, title=report.title)
    )
    if report.title_existed:
        echo(t("cli.selection_title_exists", title=report.title, id=report.selection_id))
    if report.missing:
        echo(t("cli.import_missing", uids=", ".join(report.missing)))
    if report.changed:
        echo(t("cli.import_changed", uids=", ".join(report.changed)))


@group()
def config() -> None:
    """The settings file."""


@config.command(name="path")
def config_path_command() -> None:
    """Print where the settings file is (it may not exist yet)."""
    echo(str(config_path()))


@command()
@common_options
@click.argument("uid")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def history(state: State, db: str | None, lang: str | None, uid: str, as_json: bool) -> None:
    """Every revision of a requirement: who, when, what, and which fields changed."""
    state.apply(db, lang)
    key = uid.strip().upper()
    with open_for_command(state) as conn:
        revisions = list_revisions(conn, key)
    if not revisions:
        fail(t("cli.unknown_uid", uid=uid))
    previous: RequirementContent | None = None
    entries = []
    for revision in revisions:
        content = revision.content
        changed = list(previous.differences(content)) if previous else []
        entries.append(
            {
                "number": revision.number,
                "action": revision.action.value,
                "author": revision.author,
                "at": revision.at,
                "changed": changed,
                "content": json.loads(content.to_json()),
            }
        )
        previous = content
    if as_json:
        echo_json(entries)
        return
    for entry in entries:
        action = t(f"history.action.{entry['action']}")
        fields = ", ".join(t(f"field.{name}") for name in entry["changed"])
        echo(f"{entry['number']:>3}  {entry['at']}  {entry['author']:<12} {action}  {fields}")
