"""Which column of a sheet holds which field of a requirement: recognised by its header, or
named by the user (``--map "Krav=title,Beskrivelse=description"``).

- `parse_map` reads a ``--map`` text: comma-separated ``HEADER=FIELD`` pairs, the header as the
  sheet writes it (any letter case and spacing) and the field by its code (`MAP_FIELDS`) or an
  alias (priority, interpretation, id, os2kravmotor; ``-`` leaves a column alone).
- `find_requirements` finds the sheet that holds the requirements (the one named, else the
  first visible sheet whose header fits) and `column_map` turns its header row into a
  `ColumnMap`: with a map, every header it names
  must be there and the other columns are left alone; without one, headers are recognised by
  the words `sheet_layout.header_fields` knows (kravtui's in both languages, OS2kravmotor's),
  and a sheet without a recognised Navn (name) column is no requirement sheet. Two columns read
  as one field are refused, naming both cells.

Every refusal is one line: a `MappingError` for a bad ``--map`` (no file involved yet), an
`InterchangeError` naming the file, sheet and cell otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.sheet_layout import (
    FLAG_FIELDS,
    IGNORED,
    LIST_FIELDS,
    SOURCE,
    header_fields,
    header_key,
)
from kravtui.interchange.sheet_read import Spreadsheet, cell_place

MAP_FIELDS: tuple[str, ...] = (
    "uid",
    "title",
    "description",
    "rationale",
    "help_text",
    "notes",
    "stakeholders",
    "category",
    "subcategory",
    "importance",
    *LIST_FIELDS,
    *FLAG_FIELDS,
    SOURCE,
)
"""The fields a column can be mapped to, by their codes."""

_ALIASES = {
    "priority": "importance",
    "interpretation": "help_text",
    "id": "uid",
    "os2kravmotor": SOURCE,
    IGNORED: IGNORED,
    "ignore": IGNORED,
}


class MappingError(ValueError):
    """A ``--map`` text that cannot be used; the message is one line for the user."""


def parse_map(text: str) -> dict[str, str]:
    """`header_key` of each named header -> its field; `MappingError` when the text is bad."""
    mapping: dict[str, str] = {}
    taken: dict[str, str] = {}
    for pair in text.split(","):
        if not pair.strip():
            continue
        header, equals, name = pair.rpartition("=")
        key = header_key(header)
        field = _ALIASES.get(name.strip().casefold(), name.strip().casefold())
        if not equals or not key:
            raise MappingError(t("sheets.map.pair", pair=pair.strip()))
        if field not in MAP_FIELDS and field != IGNORED:
            known = ", ".join(MAP_FIELDS)
            raise MappingError(t("sheets.map.field", field=name.strip(), fields=known))
        if key in mapping:
            raise MappingError(t("sheets.map.twice", header=header.strip()))
        if field != IGNORED and field in taken:
            raise MappingError(
                t("sheets.map.field_twice", field=field, first=taken[field], second=header.strip())
            )
        mapping[key] = field
        taken[field] = header.strip()
    if not mapping:
        raise MappingError(t("sheets.map.empty"))
    return mapping


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """The fields of a sheet's columns: 0-based column -> field, and the header row."""

    sheet: str
    header_row: int
    headers: tuple[str, ...]
    fields: dict[int, str]

    @property
    def ignored(self) -> tuple[str, ...]:
        """The headers of the columns that are read and left alone."""
        return tuple(
            header
            for column, header in enumerate(self.headers)
            if header and self.fields.get(column, IGNORED) == IGNORED
        )

    def column_of(self, field: str) -> int | None:
        """The column holding `field`, if the sheet has one."""
        return next((column for column, name in self.fields.items() if name == field), None)


def column_map(
    source: str,
    sheet: str,
    header_row: int,
    headers: list[str],
    mapping: dict[str, str] | None,
) -> ColumnMap | None:
    """The sheet's `ColumnMap`, or None when (without a map) it is no requirement sheet."""
    keys = [header_key(header) for header in headers]
    fields: dict[int, str] = {}
    if mapping is not None:
        for wanted, field in mapping.items():
            if wanted not in keys:
                found = ", ".join(header for header in headers if header.strip())
                place = f"{source}:{sheet}!{header_row}"
                raise InterchangeError(place, t("sheets.map.missing", header=wanted, found=found))
            fields[keys.index(wanted)] = field
    else:
        known = header_fields()
        for column, key in enumerate(keys):
            if key in known:
                fields[column] = known[key]
        if "title" not in fields.values():
            return None
    seen: dict[str, int] = {}
    for column in sorted(fields):
        field = fields[column]
        if field == IGNORED:
            continue
        if field in seen:
            first = cell_place(sheet, header_row, seen[field])
            second = cell_place(sheet, header_row, column)
            reason = t("sheets.two_columns", field=field, first=first)
            raise InterchangeError(f"{source}:{second}", reason)
        seen[field] = column
    return ColumnMap(sheet, header_row, tuple(headers), fields)


Rows = Iterator[tuple[int, list[str]]]


def find_requirements(
    spreadsheet: Spreadsheet,
    mapping: dict[str, str] | None,
    wanted: str | None = None,
    *,
    map_option: str = "--map",
) -> tuple[ColumnMap, Rows]:
    """The sheet that holds the requirements, its `ColumnMap` and its rows after the header:
    the sheet named `wanted`, else the first visible worksheet whose first row (its header)
    the map or the known header words fit. Hidden sheets are never read. `map_option` is what
    the face calls the map, in the refusal of a sheet without a header it knows."""
    source = spreadsheet.source
    if wanted is not None:
        named = [sheet for sheet in spreadsheet.sheets if sheet.name == wanted]
        if not named:
            shown = ", ".join(sheet.name for sheet in spreadsheet.sheets if sheet.visible)
            raise InterchangeError(source, t("sheets.no_such_sheet", sheet=wanted, sheets=shown))
        if not named[0].visible:
            raise InterchangeError(source, t("sheets.hidden_sheet", sheet=wanted))
    candidates = [
        sheet.name
        for sheet in spreadsheet.sheets
        if sheet.visible and (wanted is None or sheet.name == wanted)
    ]
    for name in candidates:
        rows = spreadsheet.rows(name)
        first = next(rows, None)
        if first is None:
            continue
        number, headers = first
        try:
            columns = column_map(source, name, number, headers, mapping)
        except InterchangeError:
            if wanted is None and len(candidates) > 1 and mapping is not None:
                continue  # another sheet may have the mapped headers
            raise
        if columns is not None:
            return columns, rows
    if mapping is not None and candidates:
        first_sheet = candidates[0]
        rows = spreadsheet.rows(first_sheet)
        found = next(rows, None)
        if found is not None:
            column_map(source, first_sheet, found[0], found[1], mapping)  # says what is missing
    raise InterchangeError(source, t("sheets.no_requirements", option=map_option))
