"""Reading the sheets kravtui writes beside the requirements: Metadata and Klassifikationer.

Both are read in either language, by the words kravtui writes (`sheets.meta.*`,
`sheets.column.*`, `sheets.kind.*` in `kravtui.i18n`):

- `read_metadata` gives the Metadata sheet's fields by their keys (``format``, ``title``, ...)
  and, after its "Spørgeskema" ("Questionnaire") row, the questionnaire's answers as (tag,
  answer word) pairs. A workbook without such a sheet, or whose sheet names no kravtui format,
  is no kravtui sheet, and the importer reads it as any other spreadsheet.
- `read_classifications` gives the Klassifikationer sheet as `Classifications`: categories
  with their prefixes, descriptions and subcategories (one a line), domains, tags with their
  questions, principles with their references. A row that breaks a rule (a malformed prefix, an
  empty name, a name twice, a category name another prefix has in the catalogue) is refused as
  ``FILE:SHEET!CELL: reason``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from kravtui.catalogue.records import Category, Classifications, Domain, Principle, Tag
from kravtui.catalogue.text_rules import refusal_reason, refused_character
from kravtui.catalogue.vocabulary import PREFIX_PATTERN
from kravtui.i18n import LANGUAGES, t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.sheet_layout import header_key
from kravtui.interchange.sheet_read import Spreadsheet, cell_place

_META_KEYS = (
    "format",
    "title",
    "description",
    "organisation",
    "contact",
    "deadline",
    "domains",
    "priority_enabled",
    "prices_requested",
    "status",
    "language",
    "version",
    "requirements",
    "extracted",
)
_KINDS = ("category", "domain", "tag", "principle")
_KIND_COLUMNS = ("kind", "prefix", "name", "text", "subcategories")


@cache
def _words(prefix: str, keys: tuple[str, ...]) -> dict[str, str]:
    """`header_key` of each key's word in either language -> the key."""
    return {
        header_key(t(f"{prefix}.{key}", language)): key for language in LANGUAGES for key in keys
    }


def sheet_named(spreadsheet: Spreadsheet, key: str) -> str | None:
    """The name of the sheet called `sheets.sheet.KEY` in either language, if there is one."""
    wanted = _words("sheets.sheet", (key,))
    return next(
        (sheet.name for sheet in spreadsheet.sheets if header_key(sheet.name) in wanted), None
    )


@dataclass(frozen=True, slots=True)
class Metadata:
    """The Metadata sheet: fields by key, and the questionnaire's (tag, answer word) pairs with
    the place of each answer's cell."""

    sheet: str
    fields: dict[str, str] = field(default_factory=dict)
    answers: tuple[tuple[str, str, str], ...] = ()


def read_metadata(spreadsheet: Spreadsheet) -> Metadata | None:
    """The workbook's Metadata sheet, or None when it has none that names a format."""
    name = sheet_named(spreadsheet, "metadata")
    if name is None:
        return None
    keys = _words("sheets.meta", _META_KEYS)
    questionnaire = _words("sheets.meta", ("questionnaire",))
    fields: dict[str, str] = {}
    answers: list[tuple[str, str, str]] = []
    in_answers = False
    for number, cells in spreadsheet.rows(name):
        first, second = [*cells, "", ""][:2]
        if in_answers:
            if first.strip():
                answers.append((first.strip(), second.strip(), cell_place(name, number, 1)))
        elif header_key(first) in questionnaire:
            in_answers = True
        elif header_key(first) in keys:
            fields[keys[header_key(first)]] = second
    if not fields.get("format", "").startswith("kravtui-"):
        return None
    return Metadata(name, fields, tuple(answers))


def read_classifications(
    spreadsheet: Spreadsheet, known_names: dict[str, str]
) -> Classifications | None:
    """The workbook's Klassifikationer sheet, or None when it has none; `known_names` maps the
    catalogue's category names to their prefixes (a name may not change its prefix)."""
    name = sheet_named(spreadsheet, "classifications")
    if name is None:
        return None
    reader = _KindReader(spreadsheet, name, known_names)
    rows = spreadsheet.rows(name)
    header = next(rows, None)
    if header is None:
        return Classifications()
    columns = _words("sheets.column", _KIND_COLUMNS)
    reader.places = {
        columns[header_key(text)]: index
        for index, text in enumerate(header[1])
        if header_key(text) in columns
    }
    for number, cells in rows:
        reader.add(number, cells)
    return reader.result()


class _KindReader:
    """The classification rows of one sheet, checked as they come."""

    def __init__(self, spreadsheet: Spreadsheet, sheet: str, known_names: dict[str, str]) -> None:
        self.spreadsheet = spreadsheet
        self.sheet = sheet
        self.known_names = known_names
        self.kinds = _words("sheets.kind", _KINDS)
        self.categories: list[Category] = []
        self.domains: list[Domain] = []
        self.tags: list[Tag] = []
        self.principles: list[Principle] = []
        self.seen: set[tuple[str, str]] = set()
        self.places: dict[str, int] = {}

    def _refuse(self, number: int, key: str, reason: str) -> InterchangeError:
        place = cell_place(self.sheet, number, self.places.get(key, 0))
        return self.spreadsheet.refuse(place, reason)

    def add(self, number: int, cells: list[str]) -> None:
        values = {
            key: cells[index] if index < len(cells) else "" for key, index in self.places.items()
        }
        kind = self.kinds.get(header_key(values.get("kind", "")))
        if kind is None:
            reason = t("sheets.unknown_kind", value=values.get("kind", "").strip())
            raise self._refuse(number, "kind", reason)
        name = values.get("name", "").strip()
        for key in ("name", "prefix"):
            refused = refused_character(values.get(key, "").strip(), one_line=True)
            if refused is not None:
                raise self._refuse(number, key, refusal_reason(refused, one_line=True))
        if not name:
            raise self._refuse(number, "name", t("sheets.empty_name"))
        prefix = values.get("prefix", "").strip()
        identity = (kind, prefix if kind == "category" else name)
        if identity in self.seen or (kind == "category" and ("category-name", name) in self.seen):
            raise self._refuse(number, "name", t("sheets.name_twice", name=name))
        self.seen.update({identity, (f"{kind}-name", name)})
        text = values.get("text", "")
        if kind == "category":
            if not PREFIX_PATTERN.fullmatch(prefix):
                reason = t("interchange.malformed_prefix", prefix=prefix)
                raise self._refuse(number, "prefix", reason)
            other = self.known_names.get(name)
            if other is not None and other != prefix:
                reason = t("interchange.category_name_taken", name=name, other=other)
                raise self._refuse(number, "name", reason)
            subcategories = tuple(
                part.strip() for part in values.get("subcategories", "").split("\n") if part.strip()
            )
            self.categories.append(Category(prefix, name, text, subcategories))
        elif kind == "domain":
            self.domains.append(Domain(name))
        elif kind == "tag":
            self.tags.append(Tag(name, text))
        else:
            self.principles.append(Principle(name, text))

    def result(self) -> Classifications:
        return Classifications(
            tuple(self.categories), tuple(self.domains), tuple(self.tags), tuple(self.principles)
        )
