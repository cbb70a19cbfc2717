"""The body of the requirement specification, as WordprocessingML written piece by piece.

Order: title page (draft or final and the date, no internal revision counter); contents (links
with PAGEREF page numbers, see `_contents`); reading guide (about the document, the priority legend
when priorities are on, how to answer); one chapter per category; appendix A (selection
criteria) and appendix B (summary table). Every label comes from the i18n catalogue in the
selection's language, never the UI's.

Headings rely on the template's heading numbering when it has one (the bundled template does);
otherwise the numbers are written into the heading text. Either way the reader sees
"1.2.3 SIK-014 Title".

`BodyWriter.pieces` yields the body a requirement at a time, so the DOCX can be zipped as it is
made: the contents, which come before the headings they list, are made from the document's
outline (`headings`), and every heading written afterwards is checked against that list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice

from kravtui.answers.records import SentItem
from kravtui.answers.sent import content_hash
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.i18n import t, t_count
from kravtui.interchange.docx import ooxml as x
from kravtui.interchange.docx.answer_fields import (
    BOX_CHOICES,
    CHOICE_FIELD,
    ELABORATION_FIELD,
    PRICE_FIELD,
    field_tag,
)
from kravtui.interchange.docx.answer_marks import SentMark, shown_digest
from kravtui.interchange.docx.model import RequirementBlock, SpecificationDocument
from kravtui.interchange.docx.styles import StyleIds

TEXT_WIDTH = 9298  # twips between the bundled template's margins
LABEL_FILL = "E8EDF4"
ANSWER_CHOICES = tuple(name for name, _ in BOX_CHOICES)
PROGRESS_EVERY = 250
KEEP_WITH_TABLE = 1200  # characters: the last text up to this long stays with the answer fields
# Bilag B's columns (twips): the number fits "99.99.99", the uid column fits its widest word.
NUMBER_COLUMN = 1077
PRIORITY_COLUMN = 1500
UID_COLUMN = (1300, 2800)  # narrowest and widest
WIDE_CHARACTER = 160  # 0.84 em at 9.5 pt
CELL_MARGINS = 2 * 85 + 30  # the table style's left and right cell margins, and a little air

Tick = Callable[[int], None]
Mark = Callable[[SentMark], None]
TABLE_ROWS = "\x00rows\x00"  # where a streamed table's rows go (no text can hold a NUL: `esc`)
UID = "\ue000uid\ue000"  # where the answer table's tags and aliases name the item (no label
# holds a private-use character, and the table holds nothing but labels)


@dataclass(frozen=True, slots=True)
class Heading:
    """A Heading 1 or 2 as the contents list it; `anchor` is its bookmark."""

    level: int
    number: str
    text: str
    anchor: str


@dataclass
class BodyWriter:
    """Writes the body; `tick(done)` is called every few hundred requirements.

    `pages` maps a heading's anchor to the page it lands on, when known (LibreOffice laid the
    document out): the contents then carry those numbers as their fields' stored results.
    With answer fields, `mark` is given what the document records of each requirement as it is
    written (`answer_marks.SentMark`), in document order.
    """

    document: SpecificationDocument
    styles: StyleIds
    numbered: bool
    tick: Tick = field(default=lambda done: None)
    pages: Mapping[str, int] = field(default_factory=dict)
    mark: Mark = field(default=lambda sent: None)
    _headings: list[Heading] = field(default_factory=list)
    _written: int = 0
    _longest_uid: int = 0
    _answer_xml: list[str] = field(default_factory=list)
    _repeated: dict[str, str] = field(default_factory=dict)

    def words(self, key: str, **values: object) -> str:
        return t(key, self.document.language, **values)

    def counted(self, key: str, count: int) -> str:
        """`key.one` or `key.other` for `count`, in the document's language."""
        return t_count(key, count, self.document.language)

    def build(self) -> str:
        """The whole body (without the final section properties) as one string."""
        return "".join(self.pieces())

    def pieces(self) -> Iterator[str]:
        """The body (without the final section properties), a requirement or so at a time."""
        self._headings = self.headings()
        self._written = 0
        yield "".join([*self._title_page(), *self._contents(), *self._guide()])
        yield from self._chapters()
        yield "".join(self._criteria())
        yield from self._summary()
        if self._written != len(self._headings):
            raise AssertionError("the contents list headings the body does not have")

    # -- headings --------------------------------------------------------------------------

    def headings(self) -> list[Heading]:
        """Every Heading 1 and 2 in document order, as the body will write them."""
        planned: list[tuple[int, str, str]] = [
            (1, "", self.words("docx.guide")),
            (2, "", self.words("docx.priorities")),
            (2, "", self.words("docx.answering")),
        ]
        for chapter in self.document.chapters:
            planned.append((1, chapter.number, chapter.title))
            planned.extend((2, section.number, section.title) for section in chapter.sections)
        planned.append((1, "", self.words("docx.appendix.criteria")))
        planned.append((1, "", self.words("docx.appendix.summary")))
        return [
            Heading(level, number, text, f"_Toc{index:09d}")
            for index, (level, number, text) in enumerate(planned, 1)
        ]

    def _heading(self, level: int, number: str, text: str, *, page_break: bool = False) -> str:
        """A Heading 1/2 with a bookmark for the contents, which listed it already."""
        self._written += 1
        planned = self._headings[self._written - 1]
        if (planned.level, planned.number, planned.text) != (level, number, text):
            raise AssertionError(f"heading {self._written} is not the one the contents list")
        shown = text if self.numbered or not number else f"{number} {text}"
        content = x.bookmark(self._written, planned.anchor, x.run(shown))
        return x.paragraph(
            self.styles.heading(level),
            content,
            page_break_before=page_break,
            no_numbering=not number,
        )

    # -- title page and contents -----------------------------------------------------------

    def _title_page(self) -> list[str]:
        doc, s = self.document, self.styles
        parts = [
            x.paragraph(s.subtitle, x.run(self.words("docx.document_kind")), space_before=2600),
            x.paragraph(s.title, x.run(doc.title or "-")),
            *x.text_paragraphs(s.intro, doc.description),
        ]
        status = self.words(f"docx.status.{doc.status.value}")
        facts = [
            ("docx.organisation", doc.organisation),
            ("docx.contact", doc.contact),
            ("docx.deadline", long_date(doc.deadline, doc.language)),
            ("docx.date", long_date(doc.updated_at[:10], doc.language)),
            ("docx.status", status),
        ]
        rows = [
            x.row(
                [
                    x.cell(2400, x.paragraph(s.fact, x.run(self.words(key), bold=True))),
                    x.cell(TEXT_WIDTH - 2400, x.paragraph(s.fact, x.run(value))),
                ]
            )
            for key, value in facts
            if value.strip()
        ]
        parts.append(x.paragraph(s.normal, space_before=1800))
        parts.append(x.table(s.plain_table, (2400, TEXT_WIDTH - 2400), rows, header=False))
        return parts

    def _contents(self) -> list[str]:
        """The contents: Heading 1 and 2 as links, each with a PAGEREF field for its page.

        Not a TOC field: LibreOffice shows a TOC field's stored result as it is (so it would
        need page numbers we cannot know), while it lays out a PAGEREF field like a page number
        field, so the contents are right on screen and in the PDF. Word asks nothing on opening;
        it shows the stored numbers until its fields are updated (F9), which it does for bookmark
        references when printing. The stored number is the page LibreOffice laid the heading on
        (`pages`) when the export had it do so, else empty rather than a guess, so the same
        selection still gives the same bytes.
        """
        parts = [
            x.paragraph(
                self.styles.toc_heading, x.run(self.words("docx.toc")), page_break_before=True
            )
        ]
        for heading in self._headings:
            number = x.run(heading.number + "\t") if heading.number else ""
            shown = str(self.pages.get(heading.anchor, ""))
            page = x.run("\t") + x.field(f"PAGEREF {heading.anchor} \\h", shown)
            link = x.hyperlink_to(heading.anchor, number + x.run(heading.text) + page)
            parts.append(x.paragraph(self.styles.toc(heading.level), link))
        return parts

    # -- reading guide ---------------------------------------------------------------------

    def _guide(self) -> list[str]:
        doc, s = self.document, self.styles
        parts = [self._heading(1, "", self.words("docx.guide"), page_break=True)]
        count = doc.requirement_count
        parts.append(
            x.paragraph(
                s.normal,
                x.run(
                    self.words(
                        "docx.guide.intro",
                        requirements=self.counted("count.requirements", count),
                        chapters=self.counted("count.chapters", len(doc.chapters)),
                    )
                ),
            )
        )
        parts.append(x.paragraph(s.normal, x.run(self.words("docx.guide.numbering"))))
        parts.append(x.paragraph(s.normal, x.run(self._fields_sentence())))
        parts.append(self._heading(2, "", self.words("docx.priorities")))
        if doc.priority_enabled:
            parts.append(x.paragraph(s.normal, x.run(self.words("docx.priorities.intro"))))
            parts.append(self._legend())
        else:
            parts.append(x.paragraph(s.normal, x.run(self.words("docx.priorities.off"))))
        parts.append(self._heading(2, "", self.words("docx.answering")))
        parts.extend(self._answering())
        return parts

    def _fields_sentence(self) -> str:
        options = self.document.options
        key = "docx.guide.fields" + (".rationale" if options.rationale else "")
        key += ".interpretation" if options.interpretation else ""
        return self.words(key)

    def _legend(self) -> str:
        rows = [
            (self._label(importance), self.words(f"docx.priority.{importance.value}.meaning"))
            for importance in reversed(IMPORTANCE_ORDER)
        ]
        return self._glossary(rows, (self.words("docx.priority"), self.words("docx.meaning")))

    def _glossary(self, rows: list[tuple[str, str]], header: tuple[str, str] | None) -> str:
        """A two-column table: a shaded term column and its explanation."""
        s, widths = self.styles, (2400, TEXT_WIDTH - 2400)
        built = []
        if header is not None:
            cells = [
                x.cell(w, x.paragraph(s.table_heading, x.run(v)))
                for w, v in zip(widths, header, strict=True)
            ]
            built.append(x.row(cells, header=True))
        for term, meaning in rows:
            term_cell = x.paragraph(s.table_heading, x.run(term))
            meaning_cell = x.paragraph(s.table_text, x.run(meaning))
            built.append(
                x.row(
                    [
                        x.cell(widths[0], term_cell, fill=LABEL_FILL),
                        x.cell(widths[1], meaning_cell),
                    ]
                )
            )
        return x.table(s.table, widths, built, header=header is not None)

    def _label(self, importance: Importance) -> str:
        return t(importance.label_key, self.document.language)

    def _answering(self) -> list[str]:
        doc, s = self.document, self.styles
        parts = []
        if doc.options.answer_fields:
            # Without prices asked for, the texts that ask for one say so instead.
            unpriced = "" if doc.prices_requested else "_no_price"
            intro = self.words(f"docx.answering.intro{unpriced}")
            parts.append(x.paragraph(s.normal, x.run(intro)))
            meaning = {choice: f"docx.choice.{choice}.meaning" for choice in ANSWER_CHOICES}
            meaning["yes_extra"] += unpriced
            rows = [
                (self._choice(choice), self.words(meaning[choice])) for choice in ANSWER_CHOICES
            ]
            parts.append(self._glossary(rows, None))
            price = "docx.answering.no_price" if unpriced else "docx.answering.price"
            parts.append(x.paragraph(s.normal, x.run(self.words(price)), space_before=120))
        else:
            parts.append(x.paragraph(s.normal, x.run(self.words("docx.answering.no_fields"))))
        if doc.deadline.strip():
            deadline = long_date(doc.deadline, doc.language)
            parts.append(
                x.paragraph(
                    s.normal, x.run(self.words("docx.answering.deadline", deadline=deadline))
                )
            )
        if doc.contact.strip():
            parts.append(
                x.paragraph(
                    s.normal, x.run(self.words("docx.answering.contact", contact=doc.contact))
                )
            )
        return parts

    def _choice(self, choice: str) -> str:
        return self.words(f"docx.choice.{choice}")

    # -- chapters --------------------------------------------------------------------------

    def _chapters(self) -> Iterator[str]:
        """The chapters, a requirement at a time; notes the widest uid for appendix B."""
        doc, s = self.document, self.styles
        if not doc.chapters:
            yield x.paragraph(s.normal, x.run(self.words("docx.empty")))
            return
        blocks = doc.requirements()
        done = 0
        longest = 0
        for chapter in doc.chapters:
            opening = [self._heading(1, chapter.number, chapter.title, page_break=True)]
            opening.extend(x.text_paragraphs(s.intro, chapter.description))
            yield "".join(opening)
            for section in chapter.sections:
                yield self._heading(2, section.number, section.title)
                for requirement in islice(blocks, section.size):
                    longest = max(longest, _longest_word(requirement.uid))
                    yield self._requirement(requirement)
                    done += 1
                    if done % PROGRESS_EVERY == 0:
                        self.tick(done)
        if done != doc.requirement_count:
            raise AssertionError("the document's requirements do not fill its sections")
        self._longest_uid = longest

    def _requirement(self, block: RequirementBlock) -> str:
        doc, s = self.document, self.styles
        heading = f"{block.uid} {block.title}"
        if not self.numbered:
            heading = f"{block.number} {heading}"
        parts = [x.paragraph(s.heading(3), x.run(heading))]
        shown = [heading]
        if doc.priority_enabled:
            parts.append(self._fixed(f"priority.{block.importance.value}", self._priority_line))
            shown.append(self._priority_text(block.importance))
        parts.extend(x.text_paragraphs(s.normal, block.description))
        shown.append(block.description)
        last = block.description
        if doc.options.rationale and block.rationale.strip():
            parts.append(self._fixed("docx.rationale", self._label_line))
            parts.extend(x.text_paragraphs(s.normal, block.rationale))
            shown += [self.words("docx.rationale"), block.rationale]
            last = block.rationale
        if doc.options.interpretation and block.help_text.strip():
            parts.append(self._fixed("docx.interpretation", self._label_line))
            parts.extend(x.text_paragraphs(s.normal, block.help_text))
            shown += [self.words("docx.interpretation"), block.help_text]
            last = block.help_text
        if doc.options.answer_fields:
            if len(last) <= KEEP_WITH_TABLE:  # a longer text could not share a page anyway
                parts[-1] = x.keep_with_next(parts[-1])
            parts.append(x.esc(block.uid).join(self._answer_table()))
            self.mark(self._sent_mark(block, shown))
        return "".join(parts)

    def _sent_mark(self, block: RequirementBlock, shown: list[str]) -> SentMark:
        """What the document records of `block`: see `answer_marks`."""
        sent = SentItem(
            uid=block.uid,
            title=block.title,
            description=block.description,
            importance=block.importance if self.document.priority_enabled else None,
            needs_elaboration=block.needs_elaboration,
        )
        return SentMark(block.uid, content_hash(sent), shown_digest(shown), sent.needs_elaboration)

    def _fixed(self, key: str, make: Callable[[str], str]) -> str:
        """A paragraph every requirement repeats (a label, a priority line), made once."""
        made = self._repeated.get(key)
        if made is None:
            made = self._repeated[key] = make(key)
        return made

    def _label_line(self, key: str) -> str:
        return x.paragraph(self.styles.label, x.run(self.words(key)))

    def _priority_line(self, key: str) -> str:
        label = self.words("docx.priority")
        importance = Importance(key.removeprefix("priority."))
        return x.paragraph(
            self.styles.meta, x.run(f"{label}: ") + x.run(self._label(importance), bold=True)
        )

    def _priority_text(self, importance: Importance) -> str:
        return f"{self.words('docx.priority')}: {self._label(importance)}"

    def _answer_table(self) -> list[str]:
        """The answer fields, their controls tagged for the item (`answer_fields`): the table's
        XML cut where the item's uid goes, made once (joining is faster than replacing)."""
        if self._answer_xml:
            return self._answer_xml
        s = self.styles
        label_width, value_width = 2000, TEXT_WIDTH - 2000
        boxes = "".join(
            x.checkbox(field_tag(UID, CHOICE_FIELD, choice), f"{UID}: {self._choice(name)}")
            + x.run(f"\u00a0{self._choice(name)}   ")
            for name, choice in BOX_CHOICES
        )

        def line(key: str, value: str = "", *, keep: bool = True, height: int = 0) -> str:
            """One answer row; all but the last stay on the page of the row below them."""
            term = x.paragraph(s.table_heading, x.run(self.words(key)), keep_next=keep)
            field = x.paragraph(s.table_text, value, keep_next=keep)
            cells = [x.cell(label_width, term, fill=LABEL_FILL), x.cell(value_width, field)]
            return x.row(cells, height=height)

        def control(key: str, name: str) -> str:
            """A rich-text control the vendor writes the field in."""
            return x.text_control(field_tag(UID, name), f"{UID}: {self.words(key)}")

        prices = self.document.prices_requested  # else the table has no price row
        elaboration = control("docx.elaboration", ELABORATION_FIELD)
        rows = [
            line("docx.answer", boxes),
            line("docx.elaboration", elaboration, keep=prices, height=900),
        ]
        if prices:
            rows.append(line("docx.price", control("docx.price", PRICE_FIELD), keep=False))
        built = x.table(s.table, (label_width, value_width), rows, header=False)
        self._answer_xml = built.split(UID)
        return self._answer_xml

    # -- appendices ------------------------------------------------------------------------

    def _criteria(self) -> list[str]:
        doc, s = self.document, self.styles
        parts = [
            self._heading(1, "", self.words("docx.appendix.criteria"), page_break=True),
            x.paragraph(s.normal, x.run(self.words("docx.criteria.intro"))),
            x.paragraph(s.label, x.run(self.words("docx.domains"))),
        ]
        domains = ", ".join(doc.domains) or self.words("docx.no_domains")
        parts.append(x.paragraph(s.normal, x.run(domains)))
        parts.append(x.paragraph(s.label, x.run(self.words("docx.questionnaire"))))
        if not doc.criteria:
            parts.append(x.paragraph(s.normal, x.run(self.words("docx.no_answers"))))
            return parts
        widths = (2600, TEXT_WIDTH - 2600 - 1300, 1300)
        header = x.row(
            [
                x.cell(w, x.paragraph(s.table_heading, x.run(self.words(key))))
                for w, key in zip(widths, ("docx.tag", "docx.question", "docx.answer"), strict=True)
            ],
            header=True,
        )
        rows = [header]
        for criterion in doc.criteria:
            answer = self.words(f"docx.questionnaire.{criterion.answer.value}")
            values = (criterion.tag, criterion.question, answer)
            rows.append(
                x.row(
                    [
                        x.cell(w, x.paragraph(s.table_text, x.run(v)))
                        for w, v in zip(widths, values, strict=True)
                    ]
                )
            )
        parts.append(x.table(s.table, widths, rows))
        return parts

    def _summary(self) -> Iterator[str]:
        """Appendix B, a row at a time (the uid column fits the widest uid `_chapters` saw)."""
        doc, s = self.document, self.styles
        opening = [
            self._heading(1, "", self.words("docx.appendix.summary"), page_break=True),
            x.paragraph(
                s.normal,
                x.run(self.counted("docx.summary.intro", doc.requirement_count)),
            ),
        ]
        if not doc.requirement_count:
            yield "".join(opening)
            return
        keys = ["docx.number", "docx.uid", "docx.title"]
        uid_width = unbroken_width([self.words("docx.uid"), "x" * self._longest_uid])
        widths = [NUMBER_COLUMN, uid_width, TEXT_WIDTH - NUMBER_COLUMN - uid_width]
        if doc.priority_enabled:
            keys.append("docx.priority")
            widths[-1] -= PRIORITY_COLUMN
            widths.append(PRIORITY_COLUMN)
        cells = [x.paragraph(s.table_heading, x.run(self.words(key))) for key in keys]
        header = x.row([x.cell(w, c) for w, c in zip(widths, cells, strict=True)], header=True)
        start, end = x.table(s.table, widths, [header, TABLE_ROWS]).split(TABLE_ROWS)
        yield "".join([*opening, start])
        text = s.table_text
        for block in doc.requirements(texts=False):
            values = [block.number, block.uid, block.title]
            if doc.priority_enabled:
                values.append(self._label(block.importance))
            yield x.row(
                [
                    x.cell(w, x.paragraph(text, x.run(v)))
                    for w, v in zip(widths, values, strict=True)
                ]
            )
        yield end


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)


def unbroken_width(texts: Iterable[str]) -> int:
    """Twips for a table column in which no word of `texts` breaks (within sane bounds).

    Reckoned at `WIDE_CHARACTER` per character, a bold capital or digit of a wide font (DejaVu
    Sans, what LibreOffice shows without Calibri), so "Kravnummer" and "SIK-1000" stay whole.
    """
    longest = max((len(word) for text in texts for word in text.split()), default=0)
    return min(max(longest * WIDE_CHARACTER + CELL_MARGINS, UID_COLUMN[0]), UID_COLUMN[1])


def long_date(value: str, language: str) -> str:
    """An ISO date as "1. marts 2025" / "1 March 2025"; anything else is shown as given."""
    text = value.strip()
    parts = text.split("-")
    if len(text) != 10 or len(parts) != 3 or not all(p.isdigit() for p in parts):
        return text
    year, month, day = (int(p) for p in parts)
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return text
    return t(
        "docx.date_long", language, day=day, month=t(f"docx.month.{month}", language), year=year
    )
