"""The requirement specification as plain records, built from a selection.

`build_document` reads one selection through the selection services and arranges its ticked
items the way the document shows them: one chapter per category and one section per
subcategory, both in catalogue order, each requirement numbered chapter.section.item
("1.2.3"). Items without a subcategory form a first section of their chapter (called
"Generelt" / "General"), so every requirement has a three-part number. Free-text requirements
sit in their category like any other. Nothing here knows about XML; the records are what the
golden tests and the DOCX writer share.

`build_document` holds every requirement in memory, which a face that reads the catalogue on
one thread and writes the file on another needs (the TUI). `streamed_document` holds only the
outline (chapters, sections and how many requirements each has) and reads the requirements from
the catalogue each time the writer walks them, inside one read transaction so both walks see the
same selection: an export of 100,000 requirements keeps one of them in memory at a time.

Snapshots carry no editor notes, so the document cannot leak them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from kravtui.answers.sent import info_requirements
from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.records import Classifications
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.selection.items import ItemRow, item_groups, list_items, ticked_rows
from kravtui.selection.records import Answer, Selection, SelectionItem, Status
from kravtui.selection.store import get_selection


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What the vendor's copy includes besides the requirement texts."""

    answer_fields: bool = True
    rationale: bool = True
    interpretation: bool = True


@dataclass(frozen=True, slots=True)
class RequirementBlock:
    """One requirement as the document shows it."""

    number: str
    uid: str
    title: str
    description: str
    rationale: str
    help_text: str
    importance: Importance
    free_text: bool = False
    needs_elaboration: bool = False  # an info requirement: the vendor must elaborate


@dataclass(frozen=True, slots=True)
class Section:
    """A subcategory (Heading 2) with its requirements.

    In a streamed document `requirements` is empty and `streamed` says how many of the
    document's `source` belong here.
    """

    number: str
    title: str
    requirements: tuple[RequirementBlock, ...]
    streamed: int = 0

    @property
    def size(self) -> int:
        """How many requirements the section holds."""
        return len(self.requirements) or self.streamed


@dataclass(frozen=True, slots=True)
class Chapter:
    """A category (Heading 1) with its sections."""

    number: str
    prefix: str
    title: str
    description: str
    sections: tuple[Section, ...]


@dataclass(frozen=True, slots=True)
class Criterion:
    """A questionnaire answer as the appendix lists it."""

    tag: str
    question: str
    answer: Answer


@dataclass(frozen=True, slots=True)
class SpecificationDocument:
    """Everything the DOCX shows, in the selection's own language."""

    title: str
    description: str
    organisation: str
    contact: str
    deadline: str
    language: str
    priority_enabled: bool
    status: Status
    version: int
    created_at: str
    updated_at: str
    domains: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    chapters: tuple[Chapter, ...]
    options: ExportOptions = ExportOptions()
    selection_id: int = 0
    prices_requested: bool = True  # the answer fields ask for a price
    # A streamed document's requirements, read anew on each call (see `streamed_document`);
    # called with `texts`, see `requirements`.
    source: Callable[[bool], Iterator[RequirementBlock]] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def requirement_count(self) -> int:
        return sum(s.size for c in self.chapters for s in c.sections)

    def requirements(self, *, texts: bool = True) -> Iterator[RequirementBlock]:
        """Every requirement in document order; section by section they number `size` each.

        Without `texts` the description, rationale and help text may be left empty (a
        streamed document then reads much less).
        """
        if self.source is not None:
            yield from self.source(texts)
            return
        for chapter in self.chapters:
            for section in chapter.sections:
                yield from section.requirements


def build_document(
    conn: Connection, selection_id: int, options: ExportOptions | None = None
) -> SpecificationDocument:
    """The document for one selection (its ticked items only), every requirement in memory."""
    selection = get_selection(conn, selection_id)
    classifications = load_classifications(conn)
    names = {c.prefix: (c.name, c.description) for c in classifications.categories}
    info = info_requirements(conn, selection_id)
    chapters = arrange(
        list_items(conn, selection_id),
        names,
        selection.info.language,
        info,
    )
    return _document(selection, classifications, chapters, options)


@contextmanager
def streamed_document(
    conn: Connection, selection_id: int, options: ExportOptions | None = None
) -> Iterator[SpecificationDocument]:
    """The document for one selection, its requirements read from `conn` as they are written.

    Valid inside the `with` block only, which holds one read transaction (unless the caller
    already has one open), so the outline and every walk of the requirements agree.
    """
    with read_snapshot(conn):
        selection = get_selection(conn, selection_id)
        classifications = load_classifications(conn)
        names = {c.prefix: (c.name, c.description) for c in classifications.categories}
        groups = item_groups(conn, selection_id)
        chapters = outline(groups, names, selection.info.language)

        def source(texts: bool) -> Iterator[RequirementBlock]:
            return numbered_blocks(ticked_rows(conn, selection_id, texts=texts))

        yield _document(selection, classifications, chapters, options, source)


def _document(
    selection: Selection,
    classifications: Classifications,
    chapters: tuple[Chapter, ...],
    options: ExportOptions | None,
    source: Callable[[bool], Iterator[RequirementBlock]] | None = None,
) -> SpecificationDocument:
    info = selection.info
    questions = {tag.name: tag.question for tag in classifications.tags}
    criteria = tuple(
        Criterion(tag, questions.get(tag, ""), answer) for tag, answer in selection.answers.items()
    )
    return SpecificationDocument(
        title=info.title,
        description=info.description,
        organisation=info.organisation,
        contact=info.contact,
        deadline=info.deadline,
        language=info.language,
        priority_enabled=info.priority_enabled,
        status=selection.status,
        version=selection.version,
        created_at=selection.created_at,
        updated_at=selection.updated_at,
        domains=info.domains,
        criteria=criteria,
        chapters=chapters,
        options=options or ExportOptions(),
        selection_id=selection.id,
        prices_requested=info.prices_requested,
        source=source,
    )


def arrange(
    items: list[SelectionItem],
    categories: dict[str, tuple[str, str]],
    language: str,
    info: frozenset[str] = frozenset(),
) -> tuple[Chapter, ...]:
    """Group items (already in catalogue order) into numbered chapters and sections; `info`
    names the items that need an elaboration."""
    grouped: dict[str, dict[str, list[SelectionItem]]] = {}
    for item in items:
        sections = grouped.setdefault(item.snapshot.category, {})
        sections.setdefault(item.snapshot.subcategory, []).append(item)
    general = t("docx.general_section", language)
    chapters = []
    for chapter_index, (prefix, sections) in enumerate(grouped.items(), 1):
        name, description = categories.get(prefix, (prefix, ""))
        built = []
        for section_index, (subcategory, members) in enumerate(sections.items(), 1):
            number = f"{chapter_index}.{section_index}"
            blocks = tuple(
                _block(f"{number}.{item_index}", item, item.uid in info)
                for item_index, item in enumerate(members, 1)
            )
            built.append(Section(number, subcategory or general, blocks))
        chapters.append(Chapter(str(chapter_index), prefix, name, description, tuple(built)))
    return tuple(chapters)


def outline(
    groups: list[tuple[str, str, int]], categories: dict[str, tuple[str, str]], language: str
) -> tuple[Chapter, ...]:
    """`arrange` from (category, subcategory, how many) alone: the sections hold no
    requirements, only their number (`Section.streamed`)."""
    grouped: dict[str, list[tuple[str, int]]] = {}
    for prefix, subcategory, count in groups:
        grouped.setdefault(prefix, []).append((subcategory, count))
    general = t("docx.general_section", language)
    chapters = []
    for chapter_index, (prefix, sections) in enumerate(grouped.items(), 1):
        name, description = categories.get(prefix, (prefix, ""))
        built = tuple(
            Section(f"{chapter_index}.{section_index}", subcategory or general, (), count)
            for section_index, (subcategory, count) in enumerate(sections, 1)
        )
        chapters.append(Chapter(str(chapter_index), prefix, name, description, built))
    return tuple(chapters)


def numbered_blocks(rows: Iterator[ItemRow]) -> Iterator[RequirementBlock]:
    """Items in catalogue order (`ticked_rows`) as blocks numbered the way `arrange` does."""
    chapter = section = index = 0
    place: tuple[str, str] | None = None
    for (
        category,
        subcategory,
        uid,
        title,
        description,
        rationale,
        help_text,
        importance,
        free,
        info,
    ) in rows:
        if place is None or category != place[0]:
            chapter, section = chapter + 1, 0
        if place != (category, subcategory):
            section, index = section + 1, 0
        place = (category, subcategory)
        index += 1
        yield RequirementBlock(
            number=f"{chapter}.{section}.{index}",
            uid=uid,
            title=title,
            description=description,
            rationale=rationale,
            help_text=help_text,
            importance=Importance(importance),
            free_text=bool(free),
            needs_elaboration=bool(info),
        )


def _block(number: str, item: SelectionItem, needs_elaboration: bool) -> RequirementBlock:
    snapshot = item.snapshot
    return RequirementBlock(
        number=number,
        uid=snapshot.uid,
        title=snapshot.title,
        description=snapshot.description,
        rationale=snapshot.rationale,
        help_text=snapshot.help_text,
        importance=snapshot.importance,
        free_text=item.is_free_text,
        needs_elaboration=needs_elaboration,
    )
