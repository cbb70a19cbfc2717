"""Importing a selection from a spreadsheet: a new selection, all or nothing.

Two kinds of sheet become a selection:

- kravtui's own selection sheet (`selection_sheet`; its Metadata sheet names the format): the
  title, description, organisation, contact, deadline, domains, whether priorities are shown,
  the language, the status and the questionnaire's answers come from the Metadata sheet;
- any requirement sheet imported with a title (``kravtui import krav.xls --selection
  "ESDH 2026"``), such as OS2kravmotor's purchase ``krav.xls``: a draft in Danish, showing
  priorities when the sheet has a Prioritet column.

Each row is an item. A row whose "Krav id" names a catalogue requirement (its uid, or its
OS2kravmotor number) is that requirement's item: the sheet's texts are its snapshot, marked as
edited where they differ from the catalogue's, and what the sheet has no column for is the
catalogue's. A ``FRI-`` number, or a row naming nothing the catalogue has, is a free-text
requirement (numbered FRI-001, ... when the sheet gives no kravtui number); a kravtui uid the
catalogue lacks shows as missing from it, as a TOML import does. Rows are refused as the
catalogue import refuses them (``SHEET!CELL: reason``), and nothing is written unless every row
and the metadata are accepted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.sources import OS2KRAVMOTOR, requirements_by_reference
from kravtui.catalogue.text_rules import title_refusal
from kravtui.catalogue.vocabulary import UID_PATTERN, Importance
from kravtui.i18n import LANGUAGES, t
from kravtui.interchange.catalogue_sheet_import import REFUSALS_KEPT, Refusal
from kravtui.interchange.errors import InterchangeError, import_refusals
from kravtui.interchange.sheet_extras import Metadata
from kravtui.interchange.sheet_layout import IGNORED, header_key
from kravtui.interchange.sheet_mapping import ColumnMap
from kravtui.interchange.sheet_read import cell_place
from kravtui.interchange.sheet_words import CellError, SheetWords
from kravtui.selection.deadline import DeadlineState, judge_deadline
from kravtui.selection.items import FREE_TEXT_PREFIX
from kravtui.selection.records import Answer, SelectionInfo, Snapshot, Status
from kravtui.selection.transfer import (
    ItemContent,
    SelectionContent,
    TransferReport,
    recreate_selection,
)

_T = TypeVar("_T")
_FREE_TEXT = re.compile(rf"\A{FREE_TEXT_PREFIX}-([0-9]+)\Z")
_CURRENT = """
SELECT r.uid, r.version, r.title, r.description, r.rationale, r.help_text, c.prefix,
       COALESCE(s.name, ''), r.importance
FROM requirement r
JOIN category c ON c.id = r.category_id
LEFT JOIN subcategory s ON s.id = r.subcategory_id
"""


@dataclass(slots=True)
class SelectionPlan:
    """The selection an import would make, and every row it refuses."""

    source: str
    columns: ColumnMap
    content: SelectionContent
    refusals: list[Refusal]
    refused: int

    def error(self) -> InterchangeError:
        first = self.refusals[0]
        reason = first.reason
        if self.refused > 1:
            reason = t("sheets.more_refused", reason=reason, count=self.refused - 1)
        return InterchangeError(f"{self.source}:{first.place}", reason)


def _words(prefix: str, keys: Iterable[str]) -> dict[str, str]:
    return {
        header_key(t(f"{prefix}.{key}", language)): key for language in LANGUAGES for key in keys
    }


def _info(
    source: str, metadata: Metadata | None, title: str | None, priority: bool, words: SheetWords
) -> tuple[SelectionInfo, Status, dict[str, Answer]]:
    """The selection's metadata (from the Metadata sheet when there is one)."""
    fields = metadata.fields if metadata else {}
    place = f"{source}:{metadata.sheet}" if metadata else source

    def refuse(reason: str) -> InterchangeError:
        return InterchangeError(place, reason)

    chosen = (title or fields.get("title", "")).strip()
    if not chosen:
        raise refuse(t("selection.title_required"))
    try:
        chosen = words.line(chosen)
        domains = words.names("domains", fields.get("domains", ""))
        shown = words.flag(fields["priority_enabled"]) if "priority_enabled" in fields else priority
        prices = words.flag(fields["prices_requested"]) if "prices_requested" in fields else True
    except CellError as error:
        raise refuse(str(error)) from None
    language = fields.get("language", "da").strip() or "da"
    if language not in LANGUAGES:
        raise refuse(t("selection.bad_language", language=language))
    deadline = judge_deadline(fields.get("deadline", "").strip())
    if deadline.state is DeadlineState.INVALID:
        raise refuse(t("selection.bad_deadline", value=deadline.text))
    statuses = _words("sheets.status", [status.value for status in Status])
    status = Status(statuses.get(header_key(fields.get("status", "")), Status.DRAFT.value))
    info = SelectionInfo(
        title=chosen,
        description=fields.get("description", ""),
        organisation=fields.get("organisation", ""),
        contact=fields.get("contact", ""),
        deadline=deadline.stored,
        domains=domains,
        priority_enabled=shown,
        language=language,
        prices_requested=prices,
    )
    return info, status, _answers(source, metadata, words)


def _answers(source: str, metadata: Metadata | None, words: SheetWords) -> dict[str, Answer]:
    if metadata is None:
        return {}
    known = _words("sheets.answer", [answer.value for answer in Answer])
    answers: dict[str, Answer] = {}
    for tag, word, place in metadata.answers:
        try:
            name = words.names("tags", tag)[0]
        except CellError as error:
            raise InterchangeError(f"{source}:{place}", str(error)) from None
        answer = known.get(header_key(word))
        if answer is None:
            reason = t("sheets.unknown_answer", value=word)
            raise InterchangeError(f"{source}:{place}", reason)
        answers[name] = Answer(answer)
    return answers


class _Items:
    """The rows of the sheet read into items."""

    def __init__(
        self,
        conn: Connection,
        columns: ColumnMap,
        words: SheetWords,
        default_category: str | None = None,
        category_option: str = "--category",
    ) -> None:
        self.columns = columns
        self.words = words
        self.default_category = default_category
        self.category_option = category_option
        cursor = conn.cursor()
        cursor.row_factory = None
        self.current: dict[str, tuple[int, Snapshot]] = {}
        for uid, version, title, description, rationale, help_text, *where in cursor.execute(
            _CURRENT
        ):
            prefix, subcategory, importance = where
            snapshot = Snapshot(
                uid,
                title,
                description,
                rationale,
                help_text,
                prefix,
                subcategory,
                Importance(importance),
            )
            self.current[uid] = (int(version), snapshot)
        self.references = requirements_by_reference(conn, OS2KRAVMOTOR)
        self.items: list[tuple[int, ItemContent | None, dict[str, str]]] = []
        self.refusals: list[Refusal] = []
        self.refused = 0
        self.seen: dict[str, int] = {}

    def refuse(self, row: int, field_name: str, reason: str) -> None:
        self.refused += 1
        if len(self.refusals) < REFUSALS_KEPT:
            column = self.columns.column_of(field_name)
            place = cell_place(self.columns.sheet, row, column if column is not None else 0)
            self.refusals.append(Refusal(place, reason))

    def read(self, row: int, cells: list[str]) -> None:
        values = {
            name: cells[column] if column < len(cells) else ""
            for column, name in self.columns.fields.items()
            if name != IGNORED
        }
        if not any(value.strip() for value in values.values()):
            return
        raw = values.get("uid", "").strip()
        uid = raw.upper() if UID_PATTERN.fullmatch(raw.upper()) else ""
        if raw and not uid:
            if not raw.isdigit():
                self.refuse(row, "uid", t("sheets.bad_id", value=raw))
                return
            uid = self.references.get(raw, "")
        if uid:
            if uid in self.seen:
                self.refuse(row, "uid", t("sheets.row_twice", row=self.seen[uid]))
                return
            self.seen[uid] = row
        try:
            item = self._item(uid, values)
        except _Refused as refused:
            self.refuse(row, refused.field_name, refused.reason)
            return
        self.items.append((row, item, values))

    def _item(self, uid: str, values: dict[str, str]) -> ItemContent | None:
        """The row's item, or None for a free-text one whose number is given at the end."""
        words = self.words
        current = self.current.get(uid)
        base = current[1] if current else Snapshot(uid=uid, title="")
        changes: dict[str, object] = {}
        for name in ("title", "description", "rationale", "help_text"):
            if name in values:
                changes[name] = values[name]
        if "title" in values:
            changes["title"] = _cell("title", words.line, values["title"])
        if values.get("category", "").strip():
            line = _cell("category", words.line, values["category"])
            changes["category"] = _cell("category", words.category, line)
        elif not base.category and self.default_category:
            changes["category"] = self.default_category
        prefix = str(changes.get("category", base.category))
        if "subcategory" in values:
            changes["subcategory"] = _cell(
                "subcategory", lambda text: words.subcategory(prefix, text), values["subcategory"]
            )
        elif prefix != base.category:
            changes["subcategory"] = ""
        if values.get("importance", "").strip():
            changes["importance"] = _cell("importance", words.priority, values["importance"])
        snapshot = Snapshot(**{**_fields(base), **changes})  # type: ignore[arg-type]
        if not snapshot.title:
            raise _Refused("title", t("sheets.empty_name"))
        too_long = title_refusal(snapshot.title) if "title" in values else None
        if too_long is not None:  # a title the sheet gives (one stored before is kept)
            raise _Refused("title", too_long)
        if not snapshot.category:
            raise _Refused("category", t("sheets.no_category", option=self.category_option))
        if current is not None:
            version, stored = current
            return ItemContent(snapshot, version, edited=snapshot != stored)
        if uid and not _FREE_TEXT.fullmatch(uid):
            return ItemContent(snapshot, 1)  # a requirement this catalogue lacks: missing
        return ItemContent(snapshot, None) if uid else None

    def finish(self) -> tuple[ItemContent, ...]:
        """Every item, free text numbered after the highest FRI number the sheet gives."""
        numbers = [int(found.group(1)) for uid in self.seen if (found := _FREE_TEXT.match(uid))]
        number = max(numbers, default=0)
        items: list[ItemContent] = []
        for _row, item, values in self.items:
            if item is None:
                number += 1
                uid = f"{FREE_TEXT_PREFIX}-{number:03d}"
                read = self._item(uid, values)
                assert read is not None
                item = read
            items.append(item)
        return tuple(items)


class _Refused(Exception):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field_name = field_name
        self.reason = reason


def _cell(field_name: str, read: Callable[[str], _T], text: str) -> _T:
    """`read(text)`, a `CellError` refusing the row at `field_name`'s cell."""
    try:
        return read(text)
    except CellError as error:
        raise _Refused(field_name, str(error)) from None


def _fields(snapshot: Snapshot) -> dict[str, object]:
    return {name: getattr(snapshot, name) for name in Snapshot.__slots__}


def plan_selection_import(
    conn: Connection,
    source: str,
    columns: ColumnMap,
    rows: Iterable[tuple[int, list[str]]],
    metadata: Metadata | None,
    title: str | None,
    *,
    default_category: str | None = None,
    category_option: str = "--category",
) -> SelectionPlan:
    """The selection the sheet's rows make (nothing is written); see the module's docstring.
    `title` (the import's own) wins over the Metadata sheet's; `default_category` (a prefix)
    is the category of free-text rows that name none (`category_option` is what the face
    calls it, in the refusal of a row without one)."""
    words = SheetWords.load(conn)
    priority = "importance" in columns.fields.values()
    info, status, answers = _info(source, metadata, title, priority, words)
    reader = _Items(conn, columns, words, default_category, category_option)
    for number, cells in rows:
        reader.read(number, cells)
    items = reader.finish()
    content = SelectionContent(info=info, answers=answers, status=status, items=items)
    return SelectionPlan(source, columns, content, reader.refusals, reader.refused)


def apply_selection_plan(conn: Connection, plan: SelectionPlan) -> TransferReport:
    """Write the plan's selection as a new one (one transaction); `InterchangeError` when the
    plan has refusals or the catalogue refuses it (nothing is written then)."""
    if plan.refused:
        raise plan.error()
    with import_refusals(plan.source):
        return recreate_selection(conn, plan.content)
