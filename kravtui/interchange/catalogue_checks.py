"""Validating a parsed catalogue TOML document and turning it into `CatalogueContent`.

`check_catalogue` takes what `tomllib` returned and refuses, with the file, the line, the key
path and a translated reason, anything the catalogue could not hold: a format version or kind we
do not know, unknown or missing fields, values of the wrong type, unknown importance codes,
malformed uids or prefixes, empty titles, duplicate classifications, and references to
classifications that neither the file nor the target catalogue (`known`) defines. Absent optional
fields take their defaults, so a hand-written file may leave out flags and empty texts.

Line numbers are found lazily (`toml_lines.scan`) only when something is refused, so a valid
100,000-requirement file pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any, NoReturn

from kravtui.catalogue.records import (
    CatalogueContent,
    Category,
    Classifications,
    Domain,
    Principle,
    RequirementContent,
    Tag,
)
from kravtui.catalogue.text_rules import (
    REFUSED_IN_LINE,
    REFUSED_IN_TEXT,
    refused_character,
)
from kravtui.catalogue.vocabulary import FLAGS, PREFIX_PATTERN, TEXT_FIELDS, UID_PATTERN, Importance
from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.toml_lines import KeyPath, TomlLines, scan
from kravtui.interchange.toml_writer import basic_string
from kravtui.interchange.toml_writer import key as toml_key

FORMAT = "kravtui/1"
CATALOGUE_KIND = "catalogue"
TOP_LEVEL = ("format", "kind", "category", "domain", "tag", "principle", "requirement")

# Field kinds: "str" (text, may span lines), "line" (one-line text: names, titles, codes),
# "bool", "int", "strs" (array of one-line texts). `None` default means required. Every text
# keeps to `text_rules` (the rule the editing services apply too).
Spec = dict[str, tuple[str, object]]

CATEGORY_SPEC: Spec = {
    "prefix": ("line", None),
    "name": ("line", None),
    "description": ("str", ""),
    "subcategories": ("strs", ()),
}
DOMAIN_SPEC: Spec = {"name": ("line", None)}
TAG_SPEC: Spec = {"name": ("line", None), "question": ("str", "")}
PRINCIPLE_SPEC: Spec = {"name": ("line", None), "reference": ("str", "")}

_REQUIREMENT_DEFAULTS = RequirementContent(uid="X-1", title="x")
REQUIREMENT_SPEC: Spec = {
    "title": ("line", None),
    "importance": ("line", Importance.NORMAL.value),
    "category": ("line", None),
    "subcategory": ("line", ""),
    "domains": ("strs", ()),
    "tags": ("strs", ()),
    "principles": ("strs", ()),
    **{flag: ("bool", getattr(_REQUIREMENT_DEFAULTS, flag)) for flag in FLAGS},
    **{name: ("str", "") for name in TEXT_FIELDS},
}
_IMPORTANCE = {level.value: level for level in Importance}


def format_path(path: KeyPath) -> str:
    """A path as the user reads it: `requirement.SIK-014.title`, `category[3].name` (1-based)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + toml_key(part)
    return text


def describe_type(item: object) -> str:
    """The TOML type of a parsed value, in words."""
    if isinstance(item, str):
        return t("interchange.type.string")
    if isinstance(item, bool):
        return t("interchange.type.boolean")
    if isinstance(item, int):
        return t("interchange.type.integer")
    if isinstance(item, float):
        return t("interchange.type.float")
    if isinstance(item, list):
        return t("interchange.type.array")
    if isinstance(item, dict):
        return t("interchange.type.table")
    if isinstance(item, datetime | date | time):
        return t("interchange.type.date")
    return type(item).__name__


_TEXT_REFUSES = REFUSED_IN_TEXT.search
_LINE_REFUSES = REFUSED_IN_LINE.search

_EXPECTED = {
    "str": "interchange.type.string",
    "line": "interchange.type.string",
    "bool": "interchange.type.boolean",
    "int": "interchange.type.integer",
    "strs": "interchange.type.strings",
    "table": "interchange.type.table",
    "tables": "interchange.type.tables",
}


class Checker:
    """Raises `InterchangeError`s for one source text, finding lines only when needed."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._lines: TomlLines | None = None

    @property
    def lines(self) -> TomlLines:
        if self._lines is None:
            self._lines = scan(self.text)
        return self._lines

    def fail(
        self, path: KeyPath, message: str, *, item: str | None = None, **values: object
    ) -> NoReturn:
        """Refuse the value at `path` (or the array entry `item` there)."""
        line = self.lines.line_of(path) if path else 1
        if line is not None and item is not None:
            line = self._item_line(line, item)
        raise InterchangeError(
            self.source,
            t(message, None, **values),  # the face that prints it escapes what it quotes
            line=line,
            key=format_path(path) or None,
        )

    def _item_line(self, line: int, item: str) -> int:
        """The line of `item` in a one-entry-per-line array starting at `line`, else `line`."""
        wanted = basic_string(item)
        rows = self.text.split("\n", line + 1000)[line - 1 : line + 1000]
        for offset, row in enumerate(rows):
            if offset and row.strip().startswith(wanted):
                return line + offset
            if row.rstrip().endswith("]"):
                break
        return line

    def wrong_type(self, path: KeyPath, expected: str, found: object) -> NoReturn:
        self.fail(
            path,
            "interchange.wrong_type",
            expected=t(_EXPECTED[expected]),
            found=describe_type(found),
        )

    def fields(self, table: Mapping[str, Any], path: KeyPath, spec: Spec) -> dict[str, Any]:
        """The table's values by `spec`: types checked, defaults filled in, unknown refused."""
        if len(table) > len(spec) or not spec.keys() >= table.keys():
            unknown = next(name for name in table if name not in spec)
            self.fail((*path, unknown), "interchange.unknown_field", name=unknown)
        accepted = _accepted(table, spec)
        if accepted is not None:
            return accepted
        values: dict[str, Any] = {}
        for name, (kind, default) in spec.items():
            item = table.get(name, default)
            if item is None:
                self.missing(path, name)
            if kind == "str" or kind == "line":
                if type(item) is not str:
                    self.wrong_type((*path, name), kind, item)
                one_line = kind == "line"
                if (_LINE_REFUSES if one_line else _TEXT_REFUSES)(item) is not None:
                    self.check_text((*path, name), item, one_line=one_line)
            elif kind == "bool":
                if type(item) is not bool:
                    self.wrong_type((*path, name), kind, item)
            elif kind == "int":
                if type(item) is not int:
                    self.wrong_type((*path, name), kind, item)
            elif item:
                if type(item) is not list or not all(type(entry) is str for entry in item):
                    self.wrong_type((*path, name), kind, item)
                item = tuple(item)
                for entry in item:
                    self.check_text((*path, name), entry, one_line=True, item=entry)
                if len(set(item)) != len(item):
                    twice = _twice(item)
                    self.fail(
                        (*path, name), "interchange.duplicate_reference", item=twice, name=twice
                    )
            elif type(item) is not list and type(item) is not tuple:
                self.wrong_type((*path, name), kind, item)
            else:
                item = ()
            values[name] = item
        return values

    def check_text(
        self, path: KeyPath, text: str, *, one_line: bool, item: str | None = None
    ) -> None:
        """Refuse a text that breaks the character rule of `text_rules`, naming the character."""
        refused = refused_character(text, one_line=one_line)
        if refused is not None:
            key = "text.refused_in_line" if one_line else "text.refused"
            self.fail(path, key, item=item, code=refused.code, position=refused.position)

    def missing(self, path: KeyPath, name: str) -> NoReturn:
        if name == "title" and path[:1] == ("requirement",):
            self.fail(path, "interchange.missing_title")
        self.fail(path, "interchange.missing_field", name=name)

    def tables(self, data: Mapping[str, Any], name: str) -> list[Mapping[str, Any]]:
        """The array of tables `name` (absent means empty)."""
        items = data.get(name, [])
        if type(items) is not list or not all(type(item) is dict for item in items):
            self.wrong_type((name,), "tables", items)
        return items


def _accepted(table: Mapping[str, Any], spec: Spec) -> dict[str, Any] | None:
    """`Checker.fields` for a table it accepts, at about half the cost (every text searched at
    once); None when anything is off, and `Checker.fields` then finds what, in its order."""
    values: dict[str, Any] = {}
    texts: list[str] = []
    lines: list[str] = []
    for name, (kind, default) in spec.items():
        item = table.get(name, default)
        if kind == "str":
            if type(item) is not str:
                return None
            texts.append(item)
        elif kind == "line":
            if type(item) is not str:
                return None
            lines.append(item)
        elif kind == "bool" or kind == "int":
            if type(item) is not (bool if kind == "bool" else int):
                return None
        elif item:
            if type(item) is not list or not all(type(entry) is str for entry in item):
                return None
            item = tuple(item)
            if len(set(item)) != len(item):
                return None
            lines.extend(item)
        elif type(item) is not list and type(item) is not tuple:
            return None
        else:
            item = ()
        values[name] = item
    if _TEXT_REFUSES("\n".join(texts)) is not None or _LINE_REFUSES(" ".join(lines)) is not None:
        return None
    return values


def _twice(items: Iterable[str]) -> str:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return ""


def check_format_and_kind(checker: Checker, data: Mapping[str, Any], kinds: tuple[str, ...]) -> str:
    """Check `format`, then return `kind` if it is one of `kinds`; refuse anything else."""
    found = data.get("format")
    if found is None:
        checker.fail((), "interchange.format_missing", expected=FORMAT)
    if type(found) is not str:
        checker.wrong_type(("format",), "str", found)
    if found != FORMAT:
        checker.fail(("format",), "interchange.format_unknown", found=found, expected=FORMAT)
    kind = data.get("kind")
    if kind is None:
        checker.fail((), "interchange.missing_field", name="kind")
    if type(kind) is not str:
        checker.wrong_type(("kind",), "str", kind)
    if kind not in kinds:
        if len(kinds) == 1:
            checker.fail(("kind",), "interchange.kind_wrong", found=kind, expected=kinds[0])
        checker.fail(("kind",), "interchange.kind_unknown", found=kind)
    return kind


def check_header(checker: Checker, data: Mapping[str, Any]) -> None:
    """`format` and `kind` first (a newer file fails on its version, not its new fields)."""
    check_format_and_kind(checker, data, (CATALOGUE_KIND,))
    for name in data:
        if name not in TOP_LEVEL:
            checker.fail((name,), "interchange.unknown_field", name=name)


def check_classifications(
    checker: Checker, data: Mapping[str, Any], known: Classifications
) -> Classifications:
    """The file's classifications, each checked; names and prefixes unique."""
    categories: list[Category] = []
    prefixes: set[str] = set()
    names: set[str] = set()
    known_names = {category.name: category.prefix for category in known.categories}
    for index, table in enumerate(checker.tables(data, "category")):
        path: KeyPath = ("category", index)
        values = checker.fields(table, path, CATEGORY_SPEC)
        prefix, name = values["prefix"], values["name"]
        if not PREFIX_PATTERN.fullmatch(prefix):
            checker.fail((*path, "prefix"), "interchange.malformed_prefix", prefix=prefix)
        _require_text(checker, path, values, "name")
        for item, seen, kind, field in (
            (prefix, prefixes, "prefix", "prefix"),
            (name, names, "category", "name"),
        ):
            if item in seen:
                _duplicate(checker, (*path, field), kind, item)
            seen.add(item)
        other = known_names.get(name)
        if other is not None and other != prefix:
            checker.fail((*path, "name"), "interchange.category_name_taken", name=name, other=other)
        for subcategory in values["subcategories"]:
            if not subcategory.strip():
                checker.fail(
                    (*path, "subcategories"), "interchange.empty_value", name="subcategories"
                )
        categories.append(Category(prefix, name, values["description"], values["subcategories"]))
    domains = tuple(
        Domain(values["name"]) for values in _named(checker, data, "domain", DOMAIN_SPEC)
    )
    tags = tuple(
        Tag(values["name"], values["question"]) for values in _named(checker, data, "tag", TAG_SPEC)
    )
    principles = tuple(
        Principle(values["name"], values["reference"])
        for values in _named(checker, data, "principle", PRINCIPLE_SPEC)
    )
    return Classifications(tuple(categories), domains, tags, principles)


def _require_text(checker: Checker, path: KeyPath, values: Mapping[str, Any], name: str) -> None:
    if not values[name].strip():
        checker.fail((*path, name), "interchange.empty_value", name=name)


def _duplicate(checker: Checker, path: KeyPath, kind: str, name: str) -> NoReturn:
    checker.fail(path, "interchange.duplicate_name", kind=t(f"interchange.kind.{kind}"), name=name)


def _named(
    checker: Checker, data: Mapping[str, Any], kind: str, spec: Spec
) -> list[dict[str, Any]]:
    """Name-keyed classification tables of one kind, checked and unique by name."""
    result: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, table in enumerate(checker.tables(data, kind)):
        path: KeyPath = (kind, index)
        values = checker.fields(table, path, spec)
        _require_text(checker, path, values, "name")
        if values["name"] in seen:
            _duplicate(checker, (*path, "name"), kind, values["name"])
        seen.add(values["name"])
        result.append(values)
    return result


class References:
    """What a requirement may refer to: the file's classifications plus the catalogue's."""

    def __init__(self, *sources: Classifications) -> None:
        self.subcategories: dict[str, set[str]] = {}
        self.domains: set[str] = set()
        self.tags: set[str] = set()
        self.principles: set[str] = set()
        for source in sources:
            for category in source.categories:
                self.subcategories.setdefault(category.prefix, set()).update(category.subcategories)
            self.domains.update(domain.name for domain in source.domains)
            self.tags.update(tag.name for tag in source.tags)
            self.principles.update(principle.name for principle in source.principles)


def check_entry(
    checker: Checker, path: KeyPath, uid: str, table: Any, spec: Spec
) -> dict[str, Any]:
    """The checks a requirement and a selection item share: a well-formed uid, a table of known
    fields of the right types, a title, a known importance (returned as `Importance`)."""
    if not UID_PATTERN.fullmatch(uid):
        checker.fail(path, "interchange.malformed_uid", uid=uid)
    if type(table) is not dict:
        checker.wrong_type(path, "table", table)
    values = checker.fields(table, path, spec)
    if not values["title"].strip():
        checker.fail((*path, "title"), "interchange.empty_title")
    importance = _IMPORTANCE.get(values["importance"])
    if importance is None:
        found = values["importance"]
        checker.fail((*path, "importance"), "interchange.unknown_importance", found=found)
    values["importance"] = importance
    return values


def check_requirements(
    checker: Checker, data: Mapping[str, Any], references: References
) -> list[RequirementContent]:
    """Every `[requirement.UID]` table, checked against `references`."""
    tables = data.get("requirement", {})
    if type(tables) is not dict:
        checker.wrong_type(("requirement",), "table", tables)
    return [check_requirement(checker, uid, table, references) for uid, table in tables.items()]


def check_requirement(
    checker: Checker, uid: str, table: Any, references: References
) -> RequirementContent:
    """One `[requirement.UID]` table, checked against `references`."""
    path: KeyPath = ("requirement", uid)
    values = check_entry(checker, path, uid, table, REQUIREMENT_SPEC)
    category = values["category"]
    subcategories = references.subcategories.get(category)
    if subcategories is None:
        checker.fail(
            (*path, "category"),
            "interchange.unknown_reference",
            kind=t("interchange.kind.category"),
            name=category,
        )
    if values["subcategory"] and values["subcategory"] not in subcategories:
        checker.fail(
            (*path, "subcategory"),
            "interchange.unknown_subcategory",
            name=values["subcategory"],
            category=category,
        )
    for field, known, kind in (
        ("domains", references.domains, "domain"),
        ("tags", references.tags, "tag"),
        ("principles", references.principles, "principle"),
    ):
        for name in values[field]:
            if name not in known:
                checker.fail(
                    (*path, field),
                    "interchange.unknown_reference",
                    item=name,
                    kind=t(f"interchange.kind.{kind}"),
                    name=name,
                )
    if not values["domains"] and not values["all_domains"]:
        checker.fail((*path, "domains"), "interchange.no_domains")
    return RequirementContent(uid=uid, **values)


def check_catalogue(
    checker: Checker, data: Mapping[str, Any], known: Classifications | None = None
) -> CatalogueContent:
    """The whole document, checked: header, classifications, then requirements."""
    check_header(checker, data)
    target = known or Classifications()
    classifications = check_classifications(checker, data, target)
    requirements = check_requirements(checker, data, References(classifications, target))
    return CatalogueContent(classifications, tuple(requirements))
