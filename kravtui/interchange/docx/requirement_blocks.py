"""A requirement's block in the specification's body, and its row in appendix B, made from plain
values in any process.

The body of a 100,000-requirement specification is mostly these blocks: a heading, the priority
line, the texts as paragraphs, the labels, the answer table, and what the document records of the
item (`answer_marks.SentMark`). `BodyWriter` (`body.py`) settles once per document everything
that is the same for every block, the labels in the document's language included, as a
`BlockLayout`; `render_blocks` then makes a chunk of blocks from that layout and each block's
`BlockFields` alone, so a helper process can make some of the chunks
(`kravtui.interchange.parallel_render`) and the document is the same byte for byte. Appendix B's
rows (number, uid, title, priority) go the same way: `RowLayout`, `render_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kravtui.answers.records import SentItem
from kravtui.answers.sent import content_hash
from kravtui.catalogue.vocabulary import Importance
from kravtui.interchange.docx import ooxml as x
from kravtui.interchange.docx.answer_marks import SentMark, shown_digest
from kravtui.interchange.docx.model import RequirementBlock

KEEP_WITH_TABLE = 1200  # characters: the last text up to this long stays with the answer fields

BlockFields = tuple[Any, ...]
"""A block's own values: number, uid, title, description, rationale, help text, importance (its
value), needs elaboration; plain values, cheap to send to another process."""

Rendered = tuple[str, SentMark | None, int]
"""A block's XML, what the document records of it (with answer fields), and the length of the
longest word of its uid (for appendix B's column)."""


@dataclass(frozen=True, slots=True)
class Label:
    """A label paragraph every block with that text repeats, and its words as a reader sees them."""

    paragraph: str
    words: str


@dataclass(frozen=True, slots=True)
class BlockLayout:
    """What every block of one document shares: styles, labels in the document's language,
    the answer table cut where the uid goes, and the options that decide what a block shows."""

    heading_style: str
    text_style: str
    numbered: bool  # the template numbers headings; else the number is written into them
    priorities: Mapping[str, Label] | None  # by importance value; None: priorities are off
    rationale: Label | None  # None: the document leaves rationales out
    interpretation: Label | None  # None: the document leaves the help texts out
    answer_table: tuple[str, ...] | None  # None: no answer fields


def block_fields(block: RequirementBlock) -> BlockFields:
    """`block` as the plain values `render_blocks` takes."""
    return (
        block.number,
        block.uid,
        block.title,
        block.description,
        block.rationale,
        block.help_text,
        block.importance.value,
        block.needs_elaboration,
    )


def render_blocks(layout: BlockLayout, chunk: list[BlockFields]) -> list[Rendered]:
    """Each block of `chunk` as `Rendered`, in order."""
    return [_render(layout, fields) for fields in chunk]


def _render(layout: BlockLayout, fields: BlockFields) -> Rendered:
    number, uid, title, description, rationale, help_text, importance, elaborate = fields
    heading = f"{uid} {title}"
    if not layout.numbered:
        heading = f"{number} {heading}"
    parts = [x.paragraph(layout.heading_style, x.run(heading))]
    shown = [heading]
    if layout.priorities is not None:
        priority = layout.priorities[importance]
        parts.append(priority.paragraph)
        shown.append(priority.words)
    parts.extend(x.text_paragraphs(layout.text_style, description))
    shown.append(description)
    last = description
    for label, text in ((layout.rationale, rationale), (layout.interpretation, help_text)):
        if label is not None and text.strip():
            parts.append(label.paragraph)
            parts.extend(x.text_paragraphs(layout.text_style, text))
            shown += [label.words, text]
            last = text
    mark = None
    if layout.answer_table is not None:
        if len(last) <= KEEP_WITH_TABLE:  # a longer text could not share a page anyway
            parts[-1] = x.keep_with_next(parts[-1])
        parts.append(x.esc(uid).join(layout.answer_table))
        sent = SentItem(
            uid=uid,
            title=title,
            description=description,
            importance=Importance(importance) if layout.priorities is not None else None,
            needs_elaboration=elaborate,
        )
        mark = SentMark(uid, content_hash(sent), shown_digest(shown), elaborate)
    longest = max((len(word) for word in uid.split()), default=0)
    return "".join(parts), mark, longest


@dataclass(frozen=True, slots=True)
class RowLayout:
    """What every row of appendix B's table shares: the cells' style and widths, and the
    priority labels by importance value (None: priorities are off, no such column)."""

    text_style: str
    widths: tuple[int, ...]
    priorities: Mapping[str, str] | None


def row_fields(block: RequirementBlock) -> BlockFields:
    """`block` as the plain values `render_rows` takes: number, uid, title, importance."""
    return (block.number, block.uid, block.title, block.importance.value)


def render_rows(layout: RowLayout, chunk: list[BlockFields]) -> str:
    """Appendix B's rows of `chunk`, in order."""
    rows = []
    for number, uid, title, importance in chunk:
        values = [number, uid, title]
        if layout.priorities is not None:
            values.append(layout.priorities[importance])
        cells = [
            x.cell(width, x.paragraph(layout.text_style, x.run(value)))
            for width, value in zip(layout.widths, values, strict=True)
        ]
        rows.append(x.row(cells))
    return "".join(rows)
