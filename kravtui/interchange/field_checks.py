"""The checks both kinds of kravtui TOML file share: fields by a spec, the header, an entry.

A `Checker` refuses, with the file, the line, the key path and a translated reason, what a
parsed table may not hold: unknown or missing fields, values of the wrong type, text that breaks
the character rule of `text_rules`, duplicate references. `check_format_and_kind` checks the
format version and the kind; `check_entry` checks what a requirement and a selection item have
in common (uid, title and its length, importance); `References` is what an entry may refer to.
The catalogue file's own rules are in `catalogue_checks`, the selection file's in
`selection_checks`.

Line numbers are found lazily (`toml_lines.scan`) only when something is refused, so a valid
100,000-requirement file pays nothing for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any, NoReturn

from kravtui.catalogue.records import Classifications
from kravtui.catalogue.text_rules import (
    REFUSED_IN_LINE,
    REFUSED_IN_TEXT,
    TITLE_LIMIT,
    refused_character,
)
from kravtui.catalogue.vocabulary import UID_PATTERN, Importance
from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.toml_lines import KeyPath, TomlLines, scan
from kravtui.interchange.toml_writer import basic_string
from kravtui.interchange.toml_writer import key as toml_key

FORMAT = "kravtui/1"


# Field kinds: "str" (text, may span lines), "line" (one-line text: names, titles, codes),
# "bool", "int", "strs" (array of one-line texts). `None` default means required. Every text
# keeps to `text_rules` (the rule the editing services apply too).
Spec = dict[str, tuple[str, object]]

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
    fields of the right types, a title of at most `TITLE_LIMIT` characters, a known importance
    (returned as `Importance`)."""
    if not UID_PATTERN.fullmatch(uid):
        checker.fail(path, "interchange.malformed_uid", uid=uid)
    if type(table) is not dict:
        checker.wrong_type(path, "table", table)
    values = checker.fields(table, path, spec)
    title = values["title"]
    if not title.strip():
        checker.fail((*path, "title"), "interchange.empty_title")
    if len(title) > TITLE_LIMIT:
        checker.fail((*path, "title"), "text.title_too_long", limit=TITLE_LIMIT, length=len(title))
    importance = _IMPORTANCE.get(values["importance"])
    if importance is None:
        found = values["importance"]
        checker.fail((*path, "importance"), "interchange.unknown_importance", found=found)
    values["importance"] = importance
    return values
