"""The columns of kravtui's requirement spreadsheets, shared by their writers and the reader.

Both sheets start in OS2kravmotor's column order, so an officer who knows its Excel files finds
them where they were, and OS2kravmotor's own files are read by the same header words:

- the catalogue ("Download kravbank"): Krav id, Navn, Beskrivelse, Kategori, Prioritet,
  Rationale, Sidst ændret, Noter, then the rest of the record (`CATALOGUE_COLUMNS`);
- a selection (the purchase's ``krav.xls``): Krav id, Navn, Beskrivelse, Rationale, Kategori,
  Prioritet (only when the selection shows priorities), Fortolkning (only when an item has one),
  then kravtui's own: Underkategori, Domæner, Filtre (`selection_columns`).

A column is a field of the record, the i18n key of its header (``sheets.column.FIELD``), a width
in characters and whether its text wraps. Lists (domains, tags, principles, subcategories) are
one name a line in their cell; flags are Ja/Nej (Yes/No); priorities are their words.

`header_fields` maps every header word the reader knows to its field: kravtui's headers in
both languages and OS2kravmotor's words for the same columns. OS2kravmotor's columns kravtui has
no field for (Type, Lokal Beskrivelse, Bilag) are read as `IGNORED`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kravtui.i18n import LANGUAGES, t

CATALOGUE_FORMAT = "kravtui-catalogue-sheet/1"
SELECTION_FORMAT = "kravtui-selection-sheet/1"
"""What the Metadata sheet's format row says: a catalogue's sheet, or a selection's."""

IGNORED = "-"
"""The field of a column that is read and left alone."""

UPDATED = "updated"
"""The date of the last change: written, never read back (the catalogue keeps its own)."""
SOURCE = "source"
"""The requirement's number in OS2kravmotor (its "Krav id" there)."""

FLAG_FIELDS = (
    "all_domains",
    "all_tags",
    "info_requirement",
    "favourite",
    "relevant_saas",
    "relevant_on_premise",
    "deleted",
)
LIST_FIELDS = ("domains", "tags", "principles")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet: its field, width (characters), wrapping and header key (by
    default ``sheets.column.FIELD``)."""

    field: str
    width: int
    wrap: bool = True
    key: str = ""

    @property
    def header_key(self) -> str:
        return self.key or f"sheets.column.{self.field}"


_WIDTHS: dict[str, tuple[int, bool]] = {
    "uid": (12, False),
    "title": (36, True),
    "description": (70, True),
    "category": (24, True),
    "importance": (14, False),
    "rationale": (50, True),
    UPDATED: (12, False),
    "notes": (40, True),
    "help_text": (50, True),
    "stakeholders": (24, True),
    "subcategory": (24, True),
    "domains": (24, True),
    "tags": (24, True),
    "principles": (30, True),
    SOURCE: (16, False),
    **{flag: (14, False) for flag in FLAG_FIELDS},
}


def _columns(*fields: str) -> tuple[Column, ...]:
    return tuple(Column(field, *_WIDTHS[field]) for field in fields)


CATALOGUE_COLUMNS = _columns(
    "uid",
    "title",
    "description",
    "category",
    "importance",
    "rationale",
    UPDATED,
    "notes",
    "help_text",
    "stakeholders",
    "subcategory",
    "domains",
    "all_domains",
    "tags",
    "all_tags",
    "principles",
    "info_requirement",
    "favourite",
    "relevant_saas",
    "relevant_on_premise",
    "deleted",
    SOURCE,
)


META_COLUMNS: tuple[Column, ...] = (
    Column("field", 24, False, "sheets.meta.field"),
    Column("value", 60, True, "sheets.meta.value"),
)
"""The Metadata sheet's two columns: what (Felt) and its value (Værdi)."""


def selection_columns(*, priority: bool, help_text: bool) -> tuple[Column, ...]:
    """A selection's columns: the priority when the selection shows it, the interpretation when
    an item has one (as OS2kravmotor does)."""
    fields = ["uid", "title", "description", "rationale", "category"]
    if priority:
        fields.append("importance")
    if help_text:
        fields.append("help_text")
    fields += ["subcategory", "domains", "tags"]
    return _columns(*fields)


# OS2kravmotor's header words ("xls.requirement.*" in its messages), by field.
_OS2KRAVMOTOR_HEADERS: dict[str, str] = {
    "krav id": "uid",
    "krav-id": "uid",
    "navn": "title",
    "beskrivelse": "description",
    "rationale": "rationale",
    "kategori": "category",
    "prioritet": "importance",
    "fortolkning": "help_text",
    "noter": "notes",
    "interessenter": "stakeholders",
    "sidst ændret": IGNORED,
    "type": IGNORED,
    "lokal beskrivelse": IGNORED,
    "bilag": IGNORED,
    "domæner": "domains",
    "filtre": "tags",
    "principper": "principles",
}


def header_key(text: object) -> str:
    """A header cell's words as they are compared: trimmed, spaces collapsed, any case."""
    return " ".join(str(text).split()).casefold()


@cache
def header_fields() -> dict[str, str]:
    """Every header word the reader knows (`header_key` form) -> its field."""
    known = dict(_OS2KRAVMOTOR_HEADERS)
    for language in LANGUAGES:
        for column in CATALOGUE_COLUMNS:
            field = IGNORED if column.field == UPDATED else column.field
            known[header_key(t(column.header_key, language))] = field
    return known
