"""Validating a parsed selection TOML document and turning it into `SelectionContent`.

`check_selection` refuses, with the file, line, key path and a translated reason (the same
`Checker` of `field_checks` as catalogue files), anything a selection could not hold: unknown or
missing fields, wrong types, an unknown answer, language, status, importance or reason code, a
malformed uid, an empty title, a negative catalogue version or one on a free-text item. With
`known` (the target catalogue's classifications, on import) it also refuses categories,
subcategories, domains and tags the catalogue lacks; without it (for `kravtui diff`) only the
file itself is checked. Absent optional fields take their defaults. Text line breaks are
normalised to LF.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from kravtui.catalogue.records import Classifications
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.interchange.document import SELECTION_KIND, read_kind
from kravtui.interchange.field_checks import Checker, References, Spec, check_entry
from kravtui.interchange.toml_lines import KeyPath
from kravtui.selection.records import Answer, SelectionInfo, Snapshot, Status
from kravtui.selection.transfer import ItemContent, SelectionContent

TOP_LEVEL = ("format", "kind", "selection", "item")
LANGUAGES = ("da", "en")

# The `[selection]` table, in the order it is written; `answers` is its sub-table.
SELECTION_SPEC: Spec = {
    "title": ("line", None),
    "description": ("str", ""),
    "organisation": ("str", ""),
    "contact": ("str", ""),
    "deadline": ("str", ""),
    "domains": ("strs", ()),
    "priority_enabled": ("bool", True),
    "prices_requested": ("bool", True),
    "language": ("line", "da"),
    "status": ("line", Status.DRAFT.value),
}
META_FIELDS: tuple[str, ...] = tuple(SELECTION_SPEC)

# An `[item.UID]` table, in the order it is written.
ITEM_SPEC: Spec = {
    "title": ("line", None),
    "importance": ("line", Importance.NORMAL.value),
    "category": ("line", None),
    "subcategory": ("line", ""),
    "ticked": ("bool", True),
    "edited": ("bool", False),
    "free_text": ("bool", False),
    "catalogue_version": ("int", 0),
    "why": ("strs", ()),
    "description": ("str", ""),
    "rationale": ("str", ""),
    "help_text": ("str", ""),
}
ITEM_FIELDS: tuple[str, ...] = tuple(ITEM_SPEC)

REASON = re.compile(r"manual|favourite|all_domains|all_tags|domain:.+|tag:.+=(?:yes|unknown)")
_ANSWERS = {answer.value: answer for answer in Answer}
_STATUSES = {status.value: status for status in Status}


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def check_info(checker: Checker, data: Mapping[str, Any]) -> tuple[SelectionInfo, Status]:
    """The `[selection]` table: metadata and status."""
    table = data.get("selection")
    if table is None:
        checker.fail((), "interchange.missing_field", name="selection")
    if type(table) is not dict:
        checker.wrong_type(("selection",), "table", table)
    path: KeyPath = ("selection",)
    values = checker.fields(
        {k: v for k, v in table.items() if k != "answers"}, path, SELECTION_SPEC
    )
    if not values["title"].strip():
        checker.fail((*path, "title"), "interchange.empty_title")
    if values["language"] not in LANGUAGES:
        checker.fail((*path, "language"), "interchange.unknown_language", found=values["language"])
    status = _STATUSES.get(values.pop("status"))
    if status is None:
        checker.fail((*path, "status"), "interchange.unknown_status", found=table["status"])
    for name in ("description", "organisation", "contact", "deadline"):
        values[name] = _lf(values[name])
    return SelectionInfo(**values), status


def check_answers(checker: Checker, data: Mapping[str, Any]) -> dict[str, Answer]:
    """The `[selection.answers]` table: tag name -> yes | no | unknown."""
    table = data["selection"].get("answers", {})
    path: KeyPath = ("selection", "answers")
    if type(table) is not dict:
        checker.wrong_type(path, "table", table)
    answers: dict[str, Answer] = {}
    for tag, value in table.items():
        if type(value) is not str:
            checker.wrong_type((*path, tag), "str", value)
        checker.check_text((*path, tag), tag, one_line=True)
        answer = _ANSWERS.get(value)
        if answer is None:
            checker.fail((*path, tag), "interchange.unknown_answer", found=value)
        if not tag.strip():
            checker.fail((*path, tag), "interchange.empty_value", name="answers")
        answers[tag] = answer
    return answers


def check_item(checker: Checker, uid: str, table: Any) -> ItemContent:
    """One `[item.UID]` table."""
    path: KeyPath = ("item", uid)
    values = check_entry(checker, path, uid, table, ITEM_SPEC)
    version = values["catalogue_version"]
    if version < 0:
        checker.fail((*path, "catalogue_version"), "interchange.negative_version")
    if values["free_text"] and version != 0:
        checker.fail((*path, "catalogue_version"), "interchange.free_text_version")
    for reason in values["why"]:
        if not REASON.fullmatch(reason):
            checker.fail((*path, "why"), "interchange.unknown_reason", item=reason, found=reason)
    snapshot = Snapshot(
        uid=uid,
        title=_lf(values["title"]),
        description=_lf(values["description"]),
        rationale=_lf(values["rationale"]),
        help_text=_lf(values["help_text"]),
        category=values["category"],
        subcategory=values["subcategory"],
        importance=values["importance"],
    )
    return ItemContent(
        snapshot=snapshot,
        catalogue_version=None if values["free_text"] else version,
        ticked=values["ticked"],
        edited=values["edited"],
        why=values["why"],
    )


def check_items(checker: Checker, data: Mapping[str, Any]) -> list[ItemContent]:
    """Every `[item.UID]` table, in file order."""
    tables = data.get("item", {})
    if type(tables) is not dict:
        checker.wrong_type(("item",), "table", tables)
    return [check_item(checker, uid, table) for uid, table in tables.items()]


def check_references(checker: Checker, content: SelectionContent, known: Classifications) -> None:
    """Refuse names the target catalogue does not have (the file defines no classifications)."""
    references = References(known)
    for domain in content.info.domains:
        if domain not in references.domains:
            _unknown(checker, ("selection", "domains"), "domain", domain, item=domain)
    for tag in content.answers:
        if tag not in references.tags:
            _unknown(checker, ("selection", "answers", tag), "tag", tag)
    for item in content.items:
        snapshot = item.snapshot
        path: KeyPath = ("item", item.uid)
        subcategories = references.subcategories.get(snapshot.category)
        if subcategories is None:
            _unknown(checker, (*path, "category"), "category", snapshot.category)
        if snapshot.subcategory and snapshot.subcategory not in subcategories:
            checker.fail(
                (*path, "subcategory"),
                "interchange.unknown_subcategory",
                name=snapshot.subcategory,
                category=snapshot.category,
            )


def _unknown(
    checker: Checker, path: KeyPath, kind: str, name: str, *, item: str | None = None
) -> NoReturn:
    checker.fail(
        path,
        "interchange.not_in_catalogue",
        item=item,
        kind=t(f"interchange.kind.{kind}"),
        name=name,
    )


def check_selection(
    checker: Checker, data: Mapping[str, Any], known: Classifications | None = None
) -> SelectionContent:
    """The whole document, checked: header, metadata, answers, items (and references)."""
    read_kind(checker, data, (SELECTION_KIND,))
    for name in data:
        if name not in TOP_LEVEL:
            checker.fail((name,), "interchange.unknown_field", name=name)
    info, status = check_info(checker, data)
    answers = check_answers(checker, data)
    content = SelectionContent(info, answers, status, tuple(check_items(checker, data)))
    if known is not None:
        check_references(checker, content, known)
    return content
