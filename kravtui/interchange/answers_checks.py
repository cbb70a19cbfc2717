"""Validating a parsed answers TOML document (`kind = "answers"`) and turning it into
`AnswersContent`, for `kravtui diff` and its git driver.

`check_answers` refuses, with the file, the line, the key path and a translated reason (the
`Checker` of `field_checks`, as for the other kinds): an unknown or missing field, a value of the
wrong type, an unknown choice, status or file kind, a price amount that is not an exact decimal
(`"12500.00"` or `""`), a hash that is not SHA-256, a negative number, and a verdict that names
an answer file the vendor does not have. Every field is required: the file is written whole.

Texts are taken as they are: what a vendor wrote is stored as it came, so the reader accepts
whatever the writer wrote (control characters, bidi controls and NUL included; the faces escape
them when they show them), exactly as it reads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from kravtui.answers.export_content import (
    AnswerFile,
    AnswersContent,
    ItemAnswer,
    VendorAnswers,
    Verdict,
)
from kravtui.answers.records import Choice, SourceKind, Status
from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.interchange.answers_toml import NO_CHOICE
from kravtui.interchange.document import ANSWERS_KIND, read_kind
from kravtui.interchange.field_checks import Checker
from kravtui.interchange.toml_lines import KeyPath

TOP_LEVEL = ("format", "kind", "selection", "vendor")

# Field kinds: "text" (any string), "int" (0 or more), "bool", or a tuple of the words allowed.
_Kind = str | tuple[str, ...]
SELECTION_FIELDS: dict[str, _Kind] = {
    "id": "int",
    "created_at": "text",
    "title": "text",
    "version": "int",
    "winner": "text",
}
ANSWER_SET_FIELDS: dict[str, _Kind] = {
    "file": "text",
    "sha256": "sha256",
    "kind": tuple(kind.value for kind in SourceKind),
    "selection_version": "int",
    "imported_at": "text",
    "imported_by": "text",
    "current": "bool",
}
ITEM_FIELDS: dict[str, _Kind] = {
    "choice": (*(choice.value for choice in Choice), NO_CHOICE),
    "unclear_choice": "text",
    "elaboration": "text",
    "price": "text",
    "price_amount": "amount",
    "text_changed": "bool",
    "status": tuple(status.value for status in Status),
    "comment": "text",
}
VERDICT_FIELDS: dict[str, _Kind] = {
    "status": tuple(status.value for status in Status),
    "comment": "text",
    "author": "text",
    "at": "text",
    "answer_set": "int",
}
_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,15})\.[0-9]{2}")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _table(checker: Checker, value: Any, path: KeyPath) -> Mapping[str, Any]:
    if type(value) is not dict:
        checker.wrong_type(path, "table", value)
    return value


def _fields(
    checker: Checker, table: Any, path: KeyPath, spec: Mapping[str, _Kind], extra: tuple[str, ...]
) -> dict[str, Any]:
    """The table's fields by `spec`, every one required; names in `extra` are left to the
    caller (sub-tables)."""
    table = _table(checker, table, path)
    for name in table:
        if name not in spec and name not in extra:
            checker.fail((*path, name), "interchange.unknown_field", name=name)
    values: dict[str, Any] = {}
    for name, kind in spec.items():
        if name not in table:
            checker.fail(path, "interchange.missing_field", name=name)
        value = table[name]
        where = (*path, name)
        if kind == "bool":
            if type(value) is not bool:
                checker.wrong_type(where, "bool", value)
        elif kind == "int":
            if type(value) is not int:
                checker.wrong_type(where, "int", value)
            if value < 0:
                checker.fail(where, "interchange.answers.negative", name=name)
        elif type(value) is not str:
            checker.wrong_type(where, "str", value)
        elif isinstance(kind, tuple):
            if value not in kind:
                known = ", ".join(kind)
                checker.fail(where, "interchange.answers.unknown_word", found=value, known=known)
        elif kind == "amount":
            if value and not _AMOUNT.fullmatch(value):
                checker.fail(where, "interchange.answers.amount", found=value)
        elif kind == "sha256" and not _SHA256.fullmatch(value):
            checker.fail(where, "interchange.answers.sha256")
        values[name] = value
    return values


def _amount(word: str) -> int | None:
    if not word:
        return None
    whole, cents = word.split(".")
    return int(whole) * 100 + int(cents)


def _answer_sets(checker: Checker, tables: Any, path: KeyPath) -> tuple[AnswerFile, ...]:
    if type(tables) is not list or not all(type(table) is dict for table in tables):
        checker.wrong_type(path, "tables", tables)
    files = []
    for index, table in enumerate(tables):
        values = _fields(checker, table, (*path, index), ANSWER_SET_FIELDS, ())
        values["kind"] = SourceKind(values["kind"])
        files.append(AnswerFile(**values))
    return tuple(files)


def _verdicts(checker: Checker, tables: Any, path: KeyPath, files: int) -> tuple[Verdict, ...]:
    if type(tables) is not list or not all(type(table) is dict for table in tables):
        checker.wrong_type(path, "tables", tables)
    verdicts = []
    for index, table in enumerate(tables):
        values = _fields(checker, table, (*path, index), VERDICT_FIELDS, ())
        if values["answer_set"] > files:
            checker.fail(
                (*path, index, "answer_set"),
                "interchange.answers.no_such_file",
                number=values["answer_set"],
                count=files,
            )
        values["status"] = Status(values["status"])
        verdicts.append(Verdict(**values))
    return tuple(verdicts)


def _item(checker: Checker, uid: str, table: Any, path: KeyPath, files: int) -> ItemAnswer:
    values = _fields(checker, table, path, ITEM_FIELDS, ("assessment",))
    choice = values.pop("choice")
    return ItemAnswer(
        uid=uid,
        choice=None if choice == NO_CHOICE else Choice(choice),
        price_amount=_amount(values.pop("price_amount")),
        status=Status(values.pop("status")),
        history=_verdicts(checker, table.get("assessment", []), (*path, "assessment"), files),
        **values,
    )


def _vendor(checker: Checker, name: str, table: Any) -> VendorAnswers:
    path: KeyPath = ("vendor", name)
    table = _table(checker, table, path)
    for key in table:
        if key not in ("answer_set", "item"):
            checker.fail((*path, key), "interchange.unknown_field", name=key)
    files = _answer_sets(checker, table.get("answer_set", []), (*path, "answer_set"))
    items_table = _table(checker, table.get("item", {}), (*path, "item"))
    items = [
        _item(checker, uid, item, (*path, "item", uid), len(files))
        for uid, item in items_table.items()
    ]
    items.sort(key=lambda item: uid_sort_key(item.uid))
    return VendorAnswers(name, files, tuple(items))


def check_answers(checker: Checker, data: Mapping[str, Any]) -> AnswersContent:
    """The whole document, checked: header, selection, every vendor (see the module)."""
    read_kind(checker, data, (ANSWERS_KIND,))
    for name in data:
        if name not in TOP_LEVEL:
            checker.fail((name,), "interchange.unknown_field", name=name)
    if "selection" not in data:
        checker.fail((), "interchange.missing_field", name="selection")
    head = _fields(checker, data["selection"], ("selection",), SELECTION_FIELDS, ())
    vendors = _table(checker, data.get("vendor", {}), ("vendor",))
    return AnswersContent(
        selection_id=head["id"],
        created_at=head["created_at"],
        title=head["title"],
        version=head["version"],
        winner=head["winner"],
        vendors=tuple(
            sorted(
                (_vendor(checker, name, table) for name, table in vendors.items()),
                key=lambda vendor: vendor.name,
            )
        ),
    )
