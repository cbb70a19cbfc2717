"""The evaluation report as a DOCX: the vendors' answers to a selection, for the officer to read,
print and file.

Order: a title block (the selection, its organisation and version, the date the data is from,
the chosen vendor); an overview table of the vendors; per vendor its file, how many items it
answered, its answers counted by priority and choice, the officer's assessments counted, every
minimum requirement ("Mindstekrav") it answered Nej or Ikke relevant, listed, never left out
("none" is said too), and the sum of its prices; then per requirement in document order
each vendor's answer (the choice as a word), elaboration, price, the officer's status and
comment. A selection that asks for no prices (`EvaluationReport.shows_prices`) gets a report
without them: no sum of prices in the overview or under a vendor, no price column by the
answers, whose widths go to the vendor's name and the elaboration. The words are in the language
asked for (Danish unless told otherwise), not the selection's.

It is poured into the same template as the requirement specification (`template.py`: its
styles, header and footer) and zipped by the same streaming, deterministic `package.write_zip`
straight into the target's temporary file, a requirement at a time: memory holds one item of the
report. The dates come from the data (`EvaluationReport.as_of`), never the clock, so the same
data gives the same bytes. Every text from a vendor or the catalogue goes through `ooxml.run`
(which drops what XML forbids, writes the bidi controls and invisible characters as the escapes
kravtui shows them by and escapes markup) after the control characters the text rule refuses
are dropped too (`_safe`), so a hostile elaboration gives a well-formed part with no control
character in it that reads as in kravtui.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from kravtui.answers.price import amount_text
from kravtui.answers.records import CHOICE_ORDER, STATUS_ORDER, Choice
from kravtui.answers.report import EvaluationReport, ReportAnswer, ReportItem
from kravtui.answers.summary import VendorSummary
from kravtui.catalogue.text_rules import REFUSED_IN_TEXT
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.interchange.docx import ooxml as x
from kravtui.interchange.docx.body import LABEL_FILL, TEXT_WIDTH, long_date
from kravtui.interchange.docx.export import (
    DocxExportError,
    ExportCancelledError,
    ensure_property_parts,
)
from kravtui.interchange.docx.package import encoded, write_zip
from kravtui.interchange.docx.properties import (
    APP_PART,
    CORE_PART,
    CoreProperties,
    app_xml,
    core_xml,
)
from kravtui.interchange.docx.styles import StyleIds
from kravtui.interchange.docx.template import MAIN_PART, TemplateError, prepare_template
from kravtui.interchange.export_target import ExportTarget

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PROGRESS_EVERY = 100  # items between two progress calls (and cancel checks)
# Column widths (twips, each table TEXT_WIDTH in all).
FACT_COLUMNS = (2600, TEXT_WIDTH - 2600)
OVERVIEW_COLUMNS = (2800, 1400, 1700, 2000, TEXT_WIDTH - 7900)
OVERVIEW_UNPRICED = (4800, 1400, 1700, TEXT_WIDTH - 7900)  # the prices' width to the names
COUNT_COLUMNS = (2400, *([1149] * 6))
FAILING_COLUMNS = (1800, TEXT_WIDTH - 3700, 1900)
ANSWER_COLUMNS = (1400, 1600, 2000, 1300, 1300, TEXT_WIDTH - 7600)
ANSWER_UNPRICED = (1400, 1600, 3300, 1300, TEXT_WIDTH - 7600)  # the price's to the elaboration
_PRICE_CELL = 3  # the price's place in a row of ANSWER_COLUMNS


def _safe(text: str) -> str:
    """`text` without the control characters the text rule refuses (a stored text keeps to
    it; this holds for one that was written to the catalogue some other way)."""
    return REFUSED_IN_TEXT.sub("", text) if REFUSED_IN_TEXT.search(text) else text


def write_answer_report(
    report: EvaluationReport,
    target: ExportTarget,
    language: str,
    *,
    template: Path | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write `report` as a DOCX in `language` to the checked `target`; the number of items.

    Raises `DocxExportError` (a bad template, a write error) or `ExportCancelledError`, and
    leaves any existing file as it was."""
    try:
        prepared = prepare_template(template, title=report.title, language=language)
    except TemplateError as error:
        raise DocxExportError(t("docx.bad_template", reason=str(error))) from error
    parts = {name: data for name, data in prepared.parts.items() if name != MAIN_PART}
    kind = t("answer_report.kind", language)
    parts[CORE_PART] = core_xml(
        CoreProperties(
            title=f"{kind}: {_safe(report.title)}",
            subject=kind,
            creator=_safe(report.organisation) or "kravtui",
            keywords=kind,
            description="",
            language="da-DK" if language == "da" else "en-GB",
            created=report.as_of,
            modified=report.as_of,
            revision=report.version,
        )
    )
    parts[APP_PART] = app_xml(_safe(report.organisation))
    ensure_property_parts(parts, custom=False)
    body = ReportBody(report, prepared.styles, language, progress, cancelled)
    pieces = x.document_pieces(body.pieces(), prepared.section_properties)
    try:
        with target.writer() as handle:
            _zip(handle, parts, pieces)
    except OSError as error:
        reason = error.strerror or str(error)
        raise DocxExportError(t("docx.write_failed", path=target.path, reason=reason)) from error
    if progress is not None:
        progress(report.item_count, report.item_count)
    return report.item_count


def _zip(handle: BinaryIO, parts: dict[str, bytes], pieces: Iterable[str]) -> None:
    write_zip(handle, parts, MAIN_PART, encoded(pieces))


_SPACES = re.compile(r"\s+")
_PARAGRAPH_STYLE = re.compile(r'(<w:pStyle w:val="[^"]*"/>)(?!<w:keepNext/>)')


MEMO_SIZE = 1024  # cells kept made, the least recently used let go: a bounded memory
MEMO_TEXT = 40  # characters: a longer text is a vendor's own, seldom repeated


@lru_cache(maxsize=MEMO_SIZE)
def _short_cell(style: str, text: str, bold: bool) -> str:
    """`_cell` of a short text, made once while it keeps coming (vendors, words, "")."""
    return _cell_xml(style, text, bold)


def _cell_xml(style: str, text: str, bold: bool) -> str:
    cleaned = _safe(text)
    if bold:
        return x.paragraph(style, x.run(cleaned, bold=True))
    return "".join(x.text_paragraphs(style, cleaned))


@lru_cache(maxsize=MEMO_SIZE)
def _kept_short(cell: str) -> str:
    return _PARAGRAPH_STYLE.sub(r"\1<w:keepNext/>", cell)


def _kept(cell: str) -> str:
    """A cell's paragraphs (as `_cell` builds them) each kept with the next."""
    if len(cell) <= MEMO_TEXT * 8:
        return _kept_short(cell)
    return _PARAGRAPH_STYLE.sub(r"\1<w:keepNext/>", cell)


class ReportBody:
    """The report's body as WordprocessingML, a part or an item at a time (`pieces`)."""

    def __init__(
        self,
        report: EvaluationReport,
        styles: StyleIds,
        language: str,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.report = report
        self.styles = styles
        self.language = language
        self.progress = progress
        self.cancelled = cancelled
        self._choices = {choice: self.words(choice.label_key) for choice in CHOICE_ORDER}
        self._statuses = {status: self.words(status.label_key) for status in STATUS_ORDER}

    def words(self, key: str, **values: object) -> str:
        return t(key, self.language, **values)

    def pieces(self) -> Iterator[str]:
        """The body (without the final section properties)."""
        self._tick(0)
        yield "".join(self._title_block())
        yield "".join(self._overview())
        for number, summary in enumerate(self.report.vendors):
            yield "".join(self._vendor(number, summary))
        yield self._heading(1, self.words("answer_report.by_requirement"), page_break=True)
        if not self.report.vendors:
            yield self._paragraph(self.words("answer_report.no_vendors"))
            return
        for done, item in enumerate(self.report.items(), start=1):
            yield self._item(item)
            if done % PROGRESS_EVERY == 0:
                self._tick(done)

    def _tick(self, done: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelledError(t("docx.cancelled"))
        if self.progress is not None:
            self.progress(done, self.report.item_count)

    # -- pieces ----------------------------------------------------------------------------

    def _heading(self, level: int, text: str, *, page_break: bool = False) -> str:
        return x.paragraph(
            self.styles.heading(level),
            x.run(_safe(text)),
            page_break_before=page_break,
            no_numbering=True,
            keep_next=True,
        )

    def _paragraph(
        self, text: str, style: str = "", *, bold: bool = False, space_before: int | None = None
    ) -> str:
        return x.paragraph(
            style or self.styles.normal, x.run(_safe(text), bold=bold), space_before=space_before
        )

    def _table(
        self,
        widths: tuple[int, ...],
        header: Iterable[str],
        rows: Iterable[list[str]],
        *,
        together: bool = False,
        with_next: bool = False,
    ) -> str:
        """A table of a repeated header row and rows of cells built by `_cell`; `together`
        keeps it on one page when it fits (each row kept with the next, as the requirement
        specification keeps its answer table), `with_next` on the page of what follows it."""
        heading = [
            x.cell(width, self._heading_cell(text), fill=LABEL_FILL)
            for width, text in zip(widths, header, strict=True)
        ]
        rows = list(rows)
        if together:
            heading = [_kept(cell) for cell in heading]
            last = len(rows) if with_next else len(rows) - 1
            rows = [[_kept(cell) for cell in cells] for cells in rows[:last]] + rows[last:]
        built = [x.row(heading, header=True)]
        built.extend(
            x.row([x.cell(w, c) for w, c in zip(widths, cells, strict=True)]) for cells in rows
        )
        return x.table(self.styles.table, widths, built)

    def _heading_cell(self, text: str) -> str:
        """A header cell's paragraph: a heading may wrap at a slash ("Spørgsmål/kommentar")."""
        return x.paragraph(self.styles.table_heading, x.run(text, break_after="/"))

    def _cell(self, text: str, *, bold: bool = False) -> str:
        """A table cell's paragraphs for `text` (a blank line starts a paragraph). The cells
        every item repeats (vendors, words, empty ones) are made once: `_short_cell`."""
        if len(text) <= MEMO_TEXT:
            return _short_cell(self.styles.table_text, text, bold)
        return _cell_xml(self.styles.table_text, text, bold)

    # -- the title block and the overview ----------------------------------------------------

    def _title_block(self) -> list[str]:
        report, s = self.report, self.styles
        winner = report.winner.name if report.winner else self.words("answer_report.no_winner")
        facts = [
            ("answer_report.organisation", report.organisation),
            (
                "answer_report.version",
                self.words("answer_report.version_value", version=report.version),
            ),
            ("answer_report.as_of", long_date(report.as_of[:10], self.language)),
            ("answers.winner", winner),
            ("answer_report.vendor_count", str(len(report.vendors))),
            ("answer_report.item_count", str(report.item_count)),
        ]
        rows = [
            x.row(
                [
                    x.cell(FACT_COLUMNS[0], x.paragraph(s.fact, x.run(self.words(key), bold=True))),
                    x.cell(FACT_COLUMNS[1], x.paragraph(s.fact, x.run(_safe(value)))),
                ]
            )
            for key, value in facts
            if value.strip()
        ]
        return [
            x.paragraph(s.subtitle, x.run(self.words("answer_report.kind")), space_before=2600),
            x.paragraph(s.title, x.run(_safe(report.title) or "-")),
            x.paragraph(s.normal, space_before=1800),
            x.table(s.plain_table, FACT_COLUMNS, rows, header=False),
        ]

    def _overview(self) -> list[str]:
        parts = [self._heading(1, self.words("answer_report.overview"), page_break=True)]
        if not self.report.vendors:
            parts.append(self._paragraph(self.words("answer_report.no_vendors")))
            return parts
        prices = self.report.shows_prices
        header = [
            self.words("field.vendor"),
            self.words("answer_report.column.answered"),
            self.words("answer_report.column.fails"),
            *([self.words("answer_report.column.prices")] if prices else []),
            self.words("answer_report.column.chosen"),
        ]
        rows = [
            [
                self._cell(summary.vendor.name, bold=summary.chosen),
                self._cell(f"{summary.answered} / {summary.items}"),
                self._cell(str(len(summary.fails_minimum)), bold=bool(summary.fails_minimum)),
                *([self._cell(amount_text(summary.price_total, self.language))] if prices else []),
                self._cell(self.words("answer_report.yes") if summary.chosen else ""),
            ]
            for summary in self.report.vendors
        ]
        parts.append(self._table(OVERVIEW_COLUMNS if prices else OVERVIEW_UNPRICED, header, rows))
        return parts

    # -- one vendor --------------------------------------------------------------------------

    def _vendor(self, number: int, summary: VendorSummary) -> list[str]:
        s = self.styles
        name = summary.vendor.name
        if summary.chosen:
            name = self.words("answer_report.chosen_heading", vendor=name)
        answer_set = summary.answer_set
        parts = [
            self._heading(2, name),
            self._paragraph(
                self.words(
                    "answer_report.file",
                    path=answer_set.source_name,
                    date=long_date(answer_set.imported_at[:10], self.language),
                    version=answer_set.selection_version,
                ),
                s.meta,
            ),
            self._paragraph(
                self.words("answer_report.answered", answered=summary.answered, items=summary.items)
            ),
            self._counts(summary),
        ]
        statuses = ", ".join(
            f"{self._statuses[status]} {count}" for status, count in summary.statuses if count
        )
        if statuses:
            line = self.words("answer_report.statuses", statuses=statuses)
            parts.append(self._paragraph(line, space_before=160))
        parts.extend(self._failing(number, summary))
        if not self.report.shows_prices:
            return parts
        total = amount_text(summary.price_total, self.language)
        line = self.words("answer_report.prices", total=total, count=summary.priced)
        parts.append(self._paragraph(line, space_before=160))
        if summary.unpriced:
            uids = ", ".join(summary.unpriced)
            parts.append(self._paragraph(self.words("answer_report.unpriced", uids=uids)))
        return parts

    def _counts(self, summary: VendorSummary) -> str:
        header = [
            self.words("field.importance"),
            *self._choices.values(),
            self.words("answers.choice.none"),
        ]
        rows = []
        for counts in summary.by_priority:
            level = (
                self.words(counts.importance.label_key)
                if counts.importance is not None
                else self.words("answer_report.removed")
            )
            values = [str(n) for n in counts.choices]
            values.append(str(counts.unanswered) if counts.importance is not None else "")
            rows.append([self._cell(level, bold=True), *(self._cell(v) for v in values)])
        return self._table(COUNT_COLUMNS, header, rows)

    def _failing(self, number: int, summary: VendorSummary) -> list[str]:
        """Every minimum requirement the vendor answered Nej or Ikke relevant, or a line saying
        there is none: never left out; kept with the sum of prices that follows it, if any."""
        failing = self.report.failing(number)
        prices = self.report.shows_prices
        if not failing:
            none = self._paragraph(
                self.words("answer_report.disqualifying_none"), self.styles.label, space_before=160
            )
            return [x.keep_with_next(none) if prices else none]
        heading = self.words("answer_report.disqualifying", count=len(failing))
        header = [
            self.words("answers.column.uid"),
            self.words("answers.column.title"),
            self.words("answers.column.choice"),
        ]
        rows = [
            [self._cell(uid, bold=True), self._cell(title), self._cell(self._choice(choice))]
            for uid, title, choice in failing
        ]
        return [
            x.keep_with_next(self._paragraph(heading, self.styles.label, space_before=160)),
            self._table(FAILING_COLUMNS, header, rows, together=True, with_next=prices),
        ]

    def _choice(self, choice: Choice | None) -> str:
        if choice is None:
            return self.words("answers.choice.none")
        return f"{choice.glyph} {self._choices[choice]}"

    # -- one requirement ---------------------------------------------------------------------

    def _item(self, item: ReportItem) -> str:
        s = self.styles
        title = _SPACES.sub(" ", f"{item.uid} {item.title}").strip()
        parts = [self._heading(2, title)]
        if item.importance is None:
            meta = self.words("answer_report.removed")
        else:
            meta = self.words("answer_report.priority", priority=self._level(item.importance))
        if item.needs_elaboration:
            meta += " · " + self.words("answer_report.must_elaborate")
        parts.append(x.keep_with_next(self._paragraph(meta, s.meta)))
        header = [
            self.words("field.vendor"),
            self.words("answers.column.choice"),
            self.words("field.elaboration"),
            self.words("field.price"),
            self.words("answer_report.column.status"),
            self.words("field.comment"),
        ]
        rows = [
            self._answer_row(summary, answer)
            for summary, answer in zip(self.report.vendors, item.answers, strict=True)
        ]
        widths: tuple[int, ...] = ANSWER_COLUMNS
        if not self.report.shows_prices:
            widths = ANSWER_UNPRICED
            del header[_PRICE_CELL]
            for row in rows:
                del row[_PRICE_CELL]
        parts.append(self._table(widths, header, rows, together=True))
        return "".join(parts)

    def _level(self, importance: Importance) -> str:
        return self.words(importance.label_key)

    def _answer_row(self, summary: VendorSummary, shown: ReportAnswer) -> list[str]:
        answer = shown.answer
        if answer is None:
            choice = x.paragraph(
                self.styles.table_text, x.run(self.words("answer_report.not_in_file"), italic=True)
            )
        elif answer.choice is None and answer.unclear_choice:
            written = _safe(answer.unclear_choice)
            choice = self._cell(self.words("answer_report.unclear", written=written))
        else:
            choice = self._cell(self._choice(answer.choice), bold=shown.fails_minimum)
        if shown.fails_minimum:
            choice += self._cell(self.words("answer_report.fails"), bold=True)
        if answer is not None and answer.text_changed:
            choice += x.paragraph(
                self.styles.table_text,
                x.run(self.words("answer_report.text_changed"), italic=True),
            )
        status = self._statuses[shown.status]
        return [
            self._cell(summary.vendor.name, bold=summary.chosen),
            choice,
            self._cell(answer.elaboration if answer is not None else ""),
            self._cell(answer.price if answer is not None else ""),
            self._cell(status),
            self._cell(shown.comment),
        ]
