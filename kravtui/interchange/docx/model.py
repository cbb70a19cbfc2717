"""The requirement specification as plain records, built from a selection.

`build_document` reads one selection through the selection services and arranges its ticked
items the way the document shows them: one chapter per category and one section per
subcategory, both in catalogue order, each requirement numbered chapter.section.item
("1.2.3"). Items without a subcategory form a first section of their chapter (called
"Generelt" / "General"), so every requirement has a three-part number. Free-text requirements
sit in their category like any other. Nothing here knows about XML; the records are what the
golden tests and the DOCX writer share.

Snapshots carry no editor notes, so the document cannot leak them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.selection.items import list_items
from kravtui.selection.records import Answer, SelectionItem, Status
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


@dataclass(frozen=True, slots=True)
class Section:
    """A subcategory (Heading 2) with its requirements."""

    number: str
    title: str
    requirements: tuple[RequirementBlock, ...]


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

    @property
    def requirement_count(self) -> int:
        return sum(len(s.requirements) for c in self.chapters for s in c.sections)

    def requirements(self) -> Iterator[RequirementBlock]:
        """Every requirement in document order."""
        for chapter in self.chapters:
            for section in chapter.sections:
                yield from section.requirements


def build_document(
    conn: sqlite3.Connection, selection_id: int, options: ExportOptions | None = None
) -> SpecificationDocument:
    """The document for one selection (its ticked items only)."""
    selection = get_selection(conn, selection_id)
    info = selection.info
    classifications = load_classifications(conn)
    questions = {tag.name: tag.question for tag in classifications.tags}
    names = {c.prefix: (c.name, c.description) for c in classifications.categories}
    items = list_items(conn, selection_id)
    chapters = arrange(items, names, info.language)
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
    )


def arrange(
    items: list[SelectionItem], categories: dict[str, tuple[str, str]], language: str
) -> tuple[Chapter, ...]:
    """Group items (already in catalogue order) into numbered chapters and sections."""
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
                _block(f"{number}.{item_index}", item) for item_index, item in enumerate(members, 1)
            )
            built.append(Section(number, subcategory or general, blocks))
        chapters.append(Chapter(str(chapter_index), prefix, name, description, tuple(built)))
    return tuple(chapters)


def _block(number: str, item: SelectionItem) -> RequirementBlock:
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
    )
