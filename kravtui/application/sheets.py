"""Importing a spreadsheet (XLSX, XLS, ODS), for the CLI and the TUI alike: look first, then
import, into the catalogue or as a new selection.

`plan_sheet(conn, path, choices)` opens the file (`interchange.sheet_read`, which refuses what
it must before a sheet is loaded), finds the requirements' sheet and its columns by their
headers or by the user's map, and reads every row into what the import would write, with every
row it would refuse; nothing is written. `import_sheet` does the same and then writes it, all
or nothing; `apply_plan` writes a plan a face has shown. Which import a file gets:

- kravtui's own selection sheet (its Metadata sheet says so), or any sheet given a selection
  title (`SheetChoices.selection`): a new selection (`interchange.selection_sheet_import`);
- anything else: the catalogue (`interchange.catalogue_sheet_import`), with the categories,
  domains, tags and principles of kravtui's Klassifikationer sheet when the file has one.

Every refusal is an `InterchangeError` whose text is one line: `FILE:SHEET!CELL: reason` for a
cell, `--map: reason` for a bad map (or the face's own name for the map), `FILE: reason` for the
file as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.records import Classifications
from kravtui.i18n import t
from kravtui.interchange.catalogue_sheet_import import (
    CataloguePlan,
    SheetImportReport,
    apply_catalogue_plan,
    plan_catalogue_import,
)
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.selection_sheet_import import (
    SelectionPlan,
    apply_selection_plan,
    plan_selection_import,
)
from kravtui.interchange.sheet_extras import read_classifications, read_metadata
from kravtui.interchange.sheet_layout import CATALOGUE_FORMAT, SELECTION_FORMAT
from kravtui.interchange.sheet_mapping import MappingError, find_requirements, parse_map
from kravtui.interchange.sheet_read import SPREADSHEET_SUFFIXES, open_spreadsheet
from kravtui.interchange.sheet_words import CellError, SheetWords
from kravtui.selection.transfer import TransferReport

SheetPlan = CataloguePlan | SelectionPlan


@dataclass(frozen=True, slots=True)
class SheetChoices:
    """How to read a sheet: the user's column map (``"Krav=title,..."``), the sheet to read,
    the category (name or prefix) of rows that name none, a title that makes the rows a new
    selection instead of catalogue requirements, and whether category names the catalogue
    lacks become new categories; and what the face calls the map and the category where a
    message points to them (the CLI's options, the TUI's fields)."""

    mapping: str | None = None
    sheet: str | None = None
    category: str | None = None
    selection: str | None = None
    add_categories: bool = False
    map_option: str = "--map"
    category_option: str = "--category"


def is_spreadsheet(path: Path) -> bool:
    """Whether `kravtui import` reads `path` as a spreadsheet (by its suffix)."""
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


def plan_sheet(conn: Connection, path: Path, choices: SheetChoices) -> SheetPlan:
    """What importing the spreadsheet at `path` would do; nothing is written."""
    try:
        mapping = parse_map(choices.mapping) if choices.mapping is not None else None
    except MappingError as error:
        raise InterchangeError(choices.map_option, str(error)) from None
    with open_spreadsheet(path) as spreadsheet:
        source = spreadsheet.source
        metadata = read_metadata(spreadsheet)
        found = metadata.fields["format"] if metadata else ""
        if found and found not in (CATALOGUE_FORMAT, SELECTION_FORMAT):
            raise InterchangeError(source, t("sheets.newer_format", format=found))
        columns, rows = find_requirements(
            spreadsheet, mapping, choices.sheet, map_option=choices.map_option
        )
        if choices.selection is not None or found == SELECTION_FORMAT:
            selection_metadata = metadata if found == SELECTION_FORMAT else None
            default = _category(conn, choices, None)
            return plan_selection_import(
                conn,
                source,
                columns,
                rows,
                selection_metadata,
                choices.selection,
                default_category=default,
                category_option=choices.category_option,
            )
        categories = conn.execute("SELECT name, prefix FROM category")
        names = {str(name): str(prefix) for name, prefix in categories}
        classifications = read_classifications(spreadsheet, names)
        default = _category(conn, choices, classifications)
        return plan_catalogue_import(
            conn,
            source,
            columns,
            rows,
            classifications,
            default,
            choices.add_categories,
            category_option=choices.category_option,
        )


def _category(
    conn: Connection, choices: SheetChoices, classifications: Classifications | None
) -> str | None:
    """The prefix of the default category the user named, if any; refused naming the
    categories there are."""
    if choices.category is None:
        return None
    words = SheetWords.load(conn, classifications)
    try:
        return words.category(choices.category)
    except CellError as error:
        prefixes = ", ".join(sorted(set(words.categories.values())))
        reason = f"{error}; {t('sheets.known_categories', prefixes=prefixes)}"
        raise InterchangeError(choices.category_option, reason) from None


def apply_plan(conn: Connection, plan: SheetPlan) -> SheetImportReport | TransferReport:
    """Write a plan (all or nothing); `InterchangeError` when it refuses rows."""
    if isinstance(plan, SelectionPlan):
        return apply_selection_plan(conn, plan)
    return apply_catalogue_plan(conn, plan)


def import_sheet(
    conn: Connection, path: Path, choices: SheetChoices
) -> SheetImportReport | TransferReport:
    """Import the spreadsheet at `path`, all or nothing (see the module's docstring)."""
    return apply_plan(conn, plan_sheet(conn, path, choices))
