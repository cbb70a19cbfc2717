"""Validating a parsed catalogue TOML document and turning it into `CatalogueContent`.

`check_catalogue` takes what `tomllib` returned and refuses, with the file, the line, the key
path and a translated reason (through the `Checker` of `field_checks`, which selection files
use too), anything the catalogue could not hold: a format version or kind we do not know,
unknown or missing fields, values of the wrong type, unknown importance codes, malformed uids or
prefixes, empty titles, duplicate classifications, and references to classifications that
neither the file nor the target catalogue (`known`) defines. Absent optional fields take their
defaults, so a hand-written file may leave out flags and empty texts. A requirement's optional
`source` (``os2kravmotor:1234``) must name a system kravtui knows, in that system's form, and no
other requirement of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
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
from kravtui.catalogue.sources import SYSTEMS, read_source
from kravtui.catalogue.vocabulary import FLAGS, PREFIX_PATTERN, TEXT_FIELDS, Importance
from kravtui.i18n import t
from kravtui.interchange.document import CATALOGUE_KIND
from kravtui.interchange.field_checks import (
    Checker,
    References,
    Spec,
    check_entry,
    check_format_and_kind,
)
from kravtui.interchange.toml_lines import KeyPath

SOURCE = "source"
"""A requirement's optional last field: where it came from, ``os2kravmotor:1234``."""

# The tables of a catalogue file, each by its `Spec` (see `field_checks`).
TOP_LEVEL = ("format", "kind", "category", "domain", "tag", "principle", "requirement")

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


def check_requirements(
    checker: Checker,
    data: Mapping[str, Any],
    references: References,
    sources: dict[str, str] | None = None,
) -> list[RequirementContent]:
    """Every `[requirement.UID]` table, checked against `references`; their sources go to
    `sources` (by uid), each naming one requirement only."""
    tables = data.get("requirement", {})
    if type(tables) is not dict:
        checker.wrong_type(("requirement",), "table", tables)
    found: dict[str, str] = {} if sources is None else sources
    requirements = [
        check_requirement(checker, uid, table, references, found) for uid, table in tables.items()
    ]
    if len(set(found.values())) != len(found):
        first: dict[str, str] = {}
        for uid, source in found.items():
            if source in first:
                path: KeyPath = ("requirement", uid, SOURCE)
                checker.fail(path, "interchange.source_twice", source=source, uid=first[source])
            first[source] = uid
    return requirements


def check_requirement(
    checker: Checker,
    uid: str,
    table: Any,
    references: References,
    sources: dict[str, str] | None = None,
) -> RequirementContent:
    """One `[requirement.UID]` table, checked against `references`. Its optional `source` is
    checked and put in `sources` under its uid; without `sources` a table with a source is
    refused (a reader that cannot keep it must not drop it)."""
    path: KeyPath = ("requirement", uid)
    source: object = None
    if type(table) is dict and SOURCE in table:
        if sources is None:
            checker.fail((*path, SOURCE), "interchange.unknown_field", name=SOURCE)
        table = dict(table)
        source = table.pop(SOURCE)
    values = check_entry(checker, path, uid, table, REQUIREMENT_SPEC)
    if sources is not None and source is not None:
        sources[uid] = _source(checker, (*path, SOURCE), source)
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


def _source(checker: Checker, path: KeyPath, value: object) -> str:
    """A requirement's source: a one-line ``SYSTEM:REFERENCE`` of a system kravtui knows."""
    if type(value) is not str:
        checker.wrong_type(path, "line", value)
    checker.check_text(path, value, one_line=True)
    try:
        read_source(value)
    except ValueError as error:
        system = str(error)
        if system:
            checker.fail(path, "interchange.source_system", system=system, known=", ".join(SYSTEMS))
        checker.fail(path, "interchange.source_malformed")
    return value


def check_catalogue(
    checker: Checker, data: Mapping[str, Any], known: Classifications | None = None
) -> CatalogueContent:
    """The whole document, checked: header, classifications, then requirements."""
    check_header(checker, data)
    target = known or Classifications()
    classifications = check_classifications(checker, data, target)
    sources: dict[str, str] = {}
    references = References(classifications, target)
    requirements = check_requirements(checker, data, references, sources)
    return CatalogueContent(classifications, tuple(requirements), sources)
