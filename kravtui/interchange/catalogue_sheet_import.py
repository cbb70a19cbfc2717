"""Importing requirements from a spreadsheet into the catalogue, all or nothing.

`plan_catalogue_import` reads every row of the requirements' sheet (`sheet_mapping`) into the
requirement it adds or changes, and collects every row it refuses, with the cell and the reason;
`apply_catalogue_plan` writes a plan without refusals in one transaction (a revision per
changed requirement, action "import"; in batches of `WRITE_BATCH`, each let go once written,
so the write holds one batch's copies at a time; list keys, text indexes and the word list
done a statement at a time by `catalogue.bulk_load`, as the TOML import does), after checking
that the catalogue has not changed under it. A face can show a plan first (the TUI's
preview) and apply it when the user agrees; a plan is applied once.

Which requirement a row is:

- its "Krav id" is a kravtui uid (``SIK-014``): that requirement, or a new one with that uid;
- its "Krav id" is a number (OS2kravmotor's, kept as the requirement's source reference with
  `catalogue.sources`), or it has an "OS2kravmotor id": the requirement that came from there
  before, else a new one numbered next in its category's series (``SIK-115``);
- it has no id: the requirement of that title in that category, else a new one.

So the same file imported twice changes nothing the second time. A row changes only the fields
its sheet has columns for: a requirement enriched in kravtui (domains, tags) keeps what an
OS2kravmotor file does not carry. A new requirement without domains is for all domains.

Refused rows (each ``SHEET!CELL: reason``): an id that is neither a uid nor a number, a second
row for one requirement, an empty name, an unknown category, subcategory, domain, tag,
principle, priority or yes/no word, a name holding a line break or a control character, and a
new requirement without a category (unless the import names a default category). An unknown
category is refused too, unless the import adds categories: then it becomes a new category with
a prefix made from its name (OS2kravmotor's files name categories, never prefixes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from kravtui.catalogue.bulk_load import bulk_load
from kravtui.catalogue.classifications import append_categories, merge_classifications
from kravtui.catalogue.db import WRITE_CACHE_KIB, page_cache, transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.history import Action
from kravtui.catalogue.records import Category, Classifications, RequirementContent
from kravtui.catalogue.requirements import load_contents, write_contents
from kravtui.catalogue.sources import OS2KRAVMOTOR, requirements_by_reference, set_references
from kravtui.catalogue.text_rules import title_refusal
from kravtui.catalogue.vocabulary import UID_PATTERN
from kravtui.i18n import t
from kravtui.interchange.catalogue_toml import bulk_work
from kravtui.interchange.errors import InterchangeError, import_refusals
from kravtui.interchange.sheet_layout import FLAG_FIELDS, IGNORED, SOURCE
from kravtui.interchange.sheet_mapping import ColumnMap
from kravtui.interchange.sheet_read import cell_place
from kravtui.interchange.sheet_words import CellError, SheetWords

REFUSALS_KEPT = 1_000
"""The most refused rows a plan lists (it counts them all)."""

_TEXTS = ("description", "rationale", "help_text", "notes", "stakeholders")
_BATCH = 500
_WORD_FIELDS = frozenset({"category", "importance", "domains", "tags", "principles", *FLAG_FIELDS})
_CACHED_WORDS = 10_000
"""The most cells of classifications, priorities and flags whose reading a plan remembers
(most sheets repeat a few words in these columns thousands of times)."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refused row: where (``SHEET!CELL``) and why."""

    place: str
    reason: str


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """What one row does: the requirement it writes, its OS2kravmotor number, and whether the
    requirement is new."""

    row: int
    content: RequirementContent
    reference: str
    new: bool


@dataclass(slots=True)
class CataloguePlan:
    """Everything an import of a sheet would write, and every row it refuses."""

    source: str
    columns: ColumnMap
    classifications: Classifications | None
    rows: list[PlannedRow] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    refused: int = 0
    references: dict[str, str] = field(default_factory=dict)  # as found: reference -> uid
    added_categories: tuple[Category, ...] = ()

    @property
    def new(self) -> int:
        return sum(1 for row in self.rows if row.new)

    def error(self) -> InterchangeError:
        """The first refusal as `FILE:SHEET!CELL: reason`, saying how many more there are."""
        first = self.refusals[0]
        reason = first.reason
        if self.refused > 1:
            reason = t("sheets.more_refused", reason=reason, count=self.refused - 1)
        return InterchangeError(f"{self.source}:{first.place}", reason)


@dataclass(frozen=True, slots=True)
class SheetImportReport:
    """What a catalogue import did."""

    sheet: str
    created: int
    updated: int
    unchanged: int
    references: int
    ignored: tuple[str, ...] = ()
    added_categories: tuple[Category, ...] = ()


class _RowRefused(Exception):
    def __init__(self, field_name: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field_name = field_name
        self.reason = reason


@dataclass(slots=True)
class _Identity:
    """What the catalogue knows of its requirements, to say which one a row is."""

    uids: set[str]
    numbers: dict[str, int]  # prefix -> highest number ever used
    titles: dict[tuple[str, str], str]  # (prefix, folded title) -> uid, not deleted
    references: dict[str, str]  # OS2kravmotor number -> uid

    @classmethod
    def load(cls, conn: Connection) -> _Identity:
        uids: set[str] = set()
        numbers: dict[str, int] = {}
        titles: dict[tuple[str, str], str] = {}
        cursor = conn.cursor()
        cursor.row_factory = None
        for uid, prefix, title, deleted in cursor.execute(
            "SELECT r.uid, c.prefix, r.title, r.deleted FROM requirement r "
            "JOIN category c ON c.id = r.category_id"
        ):
            uids.add(uid)
            _count(numbers, uid)
            if not deleted:
                titles.setdefault((prefix, _fold(title)), uid)
        return cls(
            uids,
            numbers,
            titles,
            requirements_by_reference(conn, OS2KRAVMOTOR),
        )


def _count(numbers: dict[str, int], uid: str) -> None:
    prefix, _, number = uid.rpartition("-")
    if number.isdigit():
        numbers[prefix] = max(numbers.get(prefix, 0), int(number))


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class _Read:
    """A row read: its cells' values by field, the uid found (or None for a new one), and the
    changes it makes."""

    row: int
    uid: str | None
    reference: str
    changes: dict[str, Any]


class _Planner:
    def __init__(
        self,
        conn: Connection,
        source: str,
        columns: ColumnMap,
        classifications: Classifications | None,
        default_category: str | None,
        add_categories: bool,
        category_option: str = "--category",
    ) -> None:
        self.conn = conn
        self.category_option = category_option
        self.columns = columns
        self.words = SheetWords.load(conn, classifications)
        self.words.add_categories = add_categories
        self.identity = _Identity.load(conn)
        self.default_category = default_category
        self.plan = CataloguePlan(source, columns, classifications)
        self.seen: dict[str, int] = {}
        self.seen_references: dict[str, int] = {}
        self.pending: list[_Read] = []
        self.cache: dict[tuple[str, str], dict[str, Any]] = {}  # (field, cell) -> its changes
        self.read_fields = [
            (column, name) for column, name in columns.fields.items() if name != IGNORED
        ]
        self.waiting_uid: list[_Read] = []

    def refuse(self, row: int, field_name: str | None, reason: str) -> None:
        self.plan.refused += 1
        if len(self.plan.refusals) < REFUSALS_KEPT:
            column = self.columns.column_of(field_name) if field_name else None
            place = cell_place(self.columns.sheet, row, column if column is not None else 0)
            self.plan.refusals.append(Refusal(place, reason))

    def read(self, row: int, cells: list[str]) -> None:
        size = len(cells)
        values = {name: cells[column] if column < size else "" for column, name in self.read_fields}
        if not any(value.strip() for value in values.values()):
            return
        try:
            changes = self._changes(values)
            uid, reference = self._identity(row, values, changes)
        except _RowRefused as refused:
            self.refuse(row, refused.field_name, refused.reason)
            return
        read = _Read(row, uid, reference, changes)
        if uid is None:
            self.waiting_uid.append(read)
        else:
            self.pending.append(read)
            if len(self.pending) >= _BATCH:
                self.flush()

    def _changes(self, values: dict[str, str]) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        cache = self.cache
        for name, text in values.items():
            if name in _TEXTS:
                changes[name] = text
                continue
            if name == "title":
                try:
                    changes["title"] = self.words.line(text)
                except CellError as error:
                    raise _RowRefused(name, str(error)) from None
                if not changes["title"]:
                    raise _RowRefused(name, t("sheets.empty_name"))
                too_long = title_refusal(changes["title"])
                if too_long is not None:
                    raise _RowRefused(name, too_long)
                continue
            if name not in _WORD_FIELDS:
                continue  # the id, the source and the subcategory are read elsewhere
            key = (name, text)
            found = cache.get(key)
            if found is None:
                try:
                    found = self._words_of(name, text)
                except CellError as error:
                    raise _RowRefused(name, str(error)) from None
                if len(cache) < _CACHED_WORDS:
                    cache[key] = found
            changes.update(found)
        if "subcategory" in values:
            prefix = changes.get("category")
            text = values["subcategory"]
            if prefix is None and text.strip():
                prefix = self._stored_category(values)
            try:
                changes["subcategory"] = self.words.subcategory(prefix or "", self.words.line(text))
            except CellError as error:
                raise _RowRefused("subcategory", str(error)) from None
        return changes

    def _words_of(self, name: str, text: str) -> dict[str, Any]:
        """The changes a cell of a classification, a priority or a flag makes (`CellError`
        when its words cannot be read); the same text always makes the same changes."""
        words = self.words
        if name == "category":
            return {"category": words.category(words.line(text))} if text.strip() else {}
        if name == "importance":
            return {"importance": words.priority(text)} if text.strip() else {}
        if name == "domains":
            domains, every = words.domains_or_all(text)
            return {"domains": domains, "all_domains": True} if every else {"domains": domains}
        if name in ("tags", "principles"):
            return {name: words.names(name, text)}
        if name in FLAG_FIELDS and text.strip():
            return {name: words.flag(text)}
        return {}

    def _stored_category(self, values: dict[str, str]) -> str | None:
        uid = values.get("uid", "").strip().upper()
        row = self.conn.execute(
            "SELECT c.prefix FROM requirement r JOIN category c ON c.id = r.category_id "
            "WHERE r.uid = ?",
            (uid,),
        ).fetchone()
        return str(row[0]) if row else self.default_category

    def _identity(
        self, row: int, values: dict[str, str], changes: dict[str, Any]
    ) -> tuple[str | None, str]:
        raw = values.get("uid", "").strip()
        reference = values.get(SOURCE, "").strip()
        if reference and not reference.isdigit():
            raise _RowRefused(SOURCE, t("sheets.bad_reference", value=reference))
        uid: str | None = None
        if raw:
            if UID_PATTERN.fullmatch(raw.upper()):
                uid = raw.upper()
            elif raw.isdigit():
                if reference and reference != raw:
                    reason = t("sheets.two_references", first=raw, second=reference)
                    raise _RowRefused("uid", reason)
                reference = raw
            else:
                raise _RowRefused("uid", t("sheets.bad_id", value=raw))
        if uid is None and reference:
            uid = self.identity.references.get(reference)
        if uid is None and not raw and not reference and "title" in changes:
            prefix = changes.get("category") or self.default_category
            if prefix:
                uid = self.identity.titles.get((prefix, _fold(changes["title"])))
        known = uid is not None and uid in self.identity.uids
        if not known and not (changes.get("category") or self.default_category):
            raise _RowRefused("category", t("sheets.no_category", option=self.category_option))
        if uid is not None and uid not in self.identity.uids and "title" not in changes:
            raise _RowRefused("title", t("sheets.empty_name"))
        for key, seen, kind in ((uid, self.seen, "uid"), (reference, self.seen_references, SOURCE)):
            if key:
                if key in seen:
                    raise _RowRefused(kind, t("sheets.row_twice", row=seen[key]))
                seen[key] = row
        return uid, reference

    def flush(self) -> None:
        """Turn the pending rows into requirements, on their stored content where they exist."""
        reads, self.pending = self.pending, []
        known = [read.uid for read in reads if read.uid in self.identity.uids]
        stored = {
            content.uid: content
            for content in (load_contents(self.conn, uids=known) if known else ())
        }
        for read in reads:
            assert read.uid is not None
            self._add(read, read.uid, stored.get(read.uid))

    def _add(self, read: _Read, uid: str, stored: RequirementContent | None) -> None:
        changes = dict(read.changes)
        if stored is None:
            category = changes.pop("category", None) or self.default_category
            if not changes.get("domains") and "all_domains" not in changes:
                changes["all_domains"] = True
            changes.setdefault("title", "")
            content = RequirementContent(uid=uid, category=category or "", **changes)
        else:
            content = stored.with_changes(**changes)
        if not content.domains and not content.all_domains:
            self.refuse(read.row, "domains", t("interchange.no_domains"))
            return
        self.plan.rows.append(PlannedRow(read.row, content, read.reference, stored is None))

    def finish(self) -> CataloguePlan:
        self.flush()
        for uid in self.seen:
            _count(self.identity.numbers, uid)  # never hand out a number a row names
        for read in self.waiting_uid:
            prefix = read.changes.get("category") or self.default_category or ""
            number = self.identity.numbers.get(prefix, 0) + 1
            self.identity.numbers[prefix] = number
            self._add(read, f"{prefix}-{number:03d}", None)
        self.plan.references = {
            row.reference: row.content.uid for row in self.plan.rows if row.reference
        }
        self.plan.added_categories = tuple(self.words.added)
        self.plan.rows.sort(key=lambda planned: planned.row)
        return self.plan


def plan_catalogue_import(
    conn: Connection,
    source: str,
    columns: ColumnMap,
    rows: Iterable[tuple[int, list[str]]],
    classifications: Classifications | None = None,
    default_category: str | None = None,
    add_categories: bool = False,
    *,
    category_option: str = "--category",
) -> CataloguePlan:
    """What importing the sheet's `rows` would do (nothing is written). `classifications`
    are the ones the file brings (its Klassifikationer sheet); `default_category` (a prefix)
    is the category of rows that name none; with `add_categories` a category name the
    catalogue lacks becomes a new category instead of a refusal; `category_option` is what the
    face calls the default category, in the refusal of a row without one."""
    planner = _Planner(
        conn, source, columns, classifications, default_category, add_categories, category_option
    )
    with bulk_work(conn, 0):  # the cyclic GC paused: the plan's objects hold no cycles
        for number, cells in rows:
            planner.read(number, cells)
        return planner.finish()


def _unchanged(conn: Connection, plan: CataloguePlan) -> bool:
    """Whether the catalogue still is as the plan found it: its new uids free, its uids there,
    its OS2kravmotor numbers on the same requirements."""
    uids = [row.content.uid for row in plan.rows]
    present: set[str] = set()
    for start in range(0, len(uids), _BATCH):
        chunk = uids[start : start + _BATCH]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT uid FROM requirement WHERE uid IN ({marks})"
        present.update(str(uid) for (uid,) in conn.execute(sql, chunk))
    if any((row.content.uid in present) == row.new for row in plan.rows):
        return False
    stored = requirements_by_reference(conn, OS2KRAVMOTOR)
    return all(
        stored.get(reference, uid) == uid
        for reference, uid in plan.references.items()
        if reference in stored
    )


def apply_catalogue_plan(conn: Connection, plan: CataloguePlan) -> SheetImportReport:
    """Write a plan in one transaction; `InterchangeError` when it has refusals or the
    catalogue changed since it was made (nothing is written then)."""
    if plan.refused:
        raise plan.error()
    created = updated = unchanged = 0
    # The cyclic GC paused and a smaller page cache: the plan is held in memory too.
    with (
        import_refusals(plan.source),
        bulk_work(conn, 0),
        page_cache(conn, WRITE_CACHE_KIB),
        transaction(conn),
    ):
        if not _unchanged(conn, plan):
            raise InterchangeError(plan.source, t("sheets.catalogue_changed"))
        if plan.classifications is not None:
            merge_classifications(conn, plan.classifications)
        append_categories(conn, plan.added_categories)
        with bulk_load(conn, len(plan.rows)) as bulk:
            for batch in _batches(plan):
                written = write_contents(conn, batch, action=Action.IMPORT, bulk=bulk)
                created += len(written.created)
                updated += len(written.updated)
                unchanged += written.unchanged
        pairs = [(uid, reference) for reference, uid in plan.references.items()]
        moved = set_references(conn, OS2KRAVMOTOR, pairs)
    return SheetImportReport(
        sheet=plan.columns.sheet,
        created=created,
        updated=updated,
        unchanged=unchanged,
        references=moved,
        ignored=plan.columns.ignored,
        added_categories=plan.added_categories,
    )


WRITE_BATCH = 2_000
"""Requirements written per call inside the one transaction: the copies, staging rows and
revisions of one batch are held at a time, not those of 100,000."""


def _batches(plan: CataloguePlan) -> Iterator[list[RequirementContent]]:
    """The plan's requirements a batch at a time, each taken out of the plan as it goes."""
    rows = plan.rows
    while rows:
        batch = [row.content for row in rows[:WRITE_BATCH]]
        del rows[:WRITE_BATCH]
        yield batch
