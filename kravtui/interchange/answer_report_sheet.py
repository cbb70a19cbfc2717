"""The evaluation report as an XLSX workbook: the vendors compared, then one sheet per vendor.

- The comparison sheet ("Sammenligning" / "Comparison"): the requirements down in document
  order (Kravnummer, Navn, Prioritet), the vendors across, three columns each: the answer, the
  price as the vendor wrote it, the officer's status.
- One sheet per vendor, named after it, in the answer sheet's "besvarelse" layout
  (`answer_sheet_layout.COLUMNS`: Kravnummer, Navn, Beskrivelse, Prioritet, Svar, Uddybning,
  Pris) with the vendor's answers filled in and the officer's status and comment beside them.

A selection that asks for no prices (`EvaluationReport.shows_prices`) gets no price column on
either: the comparison has two columns per vendor, a vendor's sheet the answer sheet's own
columns without prices (`answer_sheet_layout.columns`).

Items a vendor answered that have left the selection come last, their priority saying so. An
answer that names no single choice shows what the vendor wrote; an item the vendor's file did
not hold says so. Every sheet has the bold frozen header, autofilter, widths and wrapped text of
`xlsx_package.TableSheet` and streams its rows from `EvaluationReport.items` as the package is
written, so memory holds one item; the same data gives the same bytes. Text is always a string
(never a formula) without the control characters the text rule refuses (a text stored past the
rule keeps none in the report, as in the DOCX), its bidi controls and invisible characters as
the escapes kravtui shows them by (`xlsx_package.sheet_text`; a sheet's name drops them); a
text longer than a cell holds (escapes included) is cut with a note that says so and how long
it is, instead of refusing the whole report.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from kravtui.answers.records import Choice, Status
from kravtui.answers.report import EvaluationReport, ReportAnswer, ReportItem
from kravtui.catalogue.text_rules import REFUSED_IN_TEXT
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.i18n.visible_text import SHOWN_IN_DOCUMENTS, visible_in_documents
from kravtui.interchange.answer_sheet_layout import columns as sheet_columns
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget
from kravtui.interchange.sheet_writer import Cancelled, Progress, Ticker, write_sheets
from kravtui.interchange.xlsx_package import CELL_LIMIT, ROW_LIMIT, TableSheet, fits_cell

NAME_LIMIT = 31
"""The most characters (UTF-16 code units) a sheet's name holds."""
_NOT_IN_NAME = str.maketrans(
    {"/": "-", "\\": "-", "[": "(", "]": ")", ":": " ", "?": "", "*": ""}
    | {chr(code): "" for code in (*range(0x20), *range(0x7F, 0xA0))}
)
_SHOWN = re.compile(f"[{SHOWN_IN_DOCUMENTS}]")
_SPACES = re.compile(r"\s+")
_WRAPPED = frozenset({"title", "description", "elaboration", "comment"})
# The comparison's columns before the vendors': (field, header key, width).
_ITEM_COLUMNS = (
    ("uid", "answers.column.uid", 13),
    ("title", "answers.column.title", 36),
    ("priority", "answers.column.priority", 14),
)
# Each vendor's columns on the comparison sheet, and what a vendor's sheet adds to the layout.
_VENDOR_COLUMNS = (
    ("choice", "answers.column.choice", 18),
    ("price", "answers.column.price", 14),
    ("status", "answer_report.column.status", 16),
)
_VENDOR_UNPRICED = tuple(column for column in _VENDOR_COLUMNS if column[0] != "price")
_VERDICT_COLUMNS = (
    ("status", "answer_report.column.status", 16),
    ("comment", "field.comment", 40),
)


def sheet_names(names: Sequence[str]) -> list[str]:
    """`names` made into names a spreadsheet takes for its sheets: without the characters it
    refuses ("A/S" becomes "A-S", "[x]" "(x)") and without bidi controls and invisible
    characters (their escape's backslash is one it refuses: the name reads in its own order,
    "Alfa\\u200b" and "Alfa" are told apart by a number, and the comparison's headers show
    the escapes), at most `NAME_LIMIT` long, not blank, and each different
    from the others (in any letter case, and from Excel's reserved "History") by a number:
    "Alfa (2)"."""
    taken: set[str] = {"history"}
    made = []
    for wanted in names:
        base = _SPACES.sub(" ", _SHOWN.sub("", wanted).translate(_NOT_IN_NAME)).strip(" '") or "_"
        name, number = _cut(base, ""), 1
        while name.casefold() in taken:
            number += 1
            name = _cut(base, f" ({number})")
        taken.add(name.casefold())
        made.append(name)
    return made


def _cut(base: str, suffix: str) -> str:
    """`base` shortened so that with `suffix` it fits `NAME_LIMIT` UTF-16 units."""
    room = NAME_LIMIT - len(suffix)
    while len(base.encode("utf-16-le")) // 2 > room:
        base = base[:-1]
    return base.rstrip(" '") + suffix


def write_answer_report_sheet(
    report: EvaluationReport,
    target: ExportTarget,
    language: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write `report` as an XLSX workbook in `language` to the checked `target`; the number of
    items. Raises `InterchangeError` (too many rows, a write error) or `SheetCancelledError`,
    and leaves any existing file as it was."""
    source = str(target.path)
    if report.item_count > ROW_LIMIT:
        raise InterchangeError(source, t("sheets.too_many_rows", limit=ROW_LIMIT))
    words = _Words(language)
    vendors = report.vendors
    names = sheet_names(
        [t("answer_report.sheet.comparison", language), *(s.vendor.name for s in vendors)]
    )
    ticker = Ticker(report.item_count * (len(vendors) + 1), source, progress, cancelled)
    prices = report.shows_prices
    per_vendor = _VENDOR_COLUMNS if prices else _VENDOR_UNPRICED
    columns = (*sheet_columns(prices), *_VERDICT_COLUMNS)
    done = [0]

    def counted(rows: Iterator[list[str]]) -> Iterator[list[str]]:
        for row in rows:
            ticker(done[0])
            done[0] += 1
            yield row

    def fill(workbook: Any) -> list[TableSheet]:
        headers = [t(key, language) for _, key, _ in _ITEM_COLUMNS]
        widths = [width for _, _, width in _ITEM_COLUMNS]
        for summary in vendors:
            for _, key, width in per_vendor:
                column = t(key, language)
                headers.append(
                    t(
                        "answer_report.sheet.vendor_column",
                        language,
                        vendor=words.fit(summary.vendor.name),
                        column=column,
                    )
                )
                widths.append(width)
        wraps = [True] * len(headers)  # the headers hold vendors' names
        comparison = TableSheet(workbook, names[0], headers, widths, wraps)
        comparison.stream(counted(_comparison_rows(report, words)), report.item_count)
        comparison.close()
        sheets = [comparison]
        for number in range(len(vendors)):
            sheet = TableSheet(
                workbook,
                names[number + 1],
                [t(key, language) for _, key, _ in columns],
                [width for _, _, width in columns],
                [field in _WRAPPED for field, _, _ in columns],
            )
            rows = _vendor_rows(report, number, words, [field for field, _, _ in columns])
            sheet.stream(counted(rows), report.item_count)
            sheet.close()
            sheets.append(sheet)
        return sheets

    write_sheets(target, report.title, fill)
    ticker.finish()
    return report.item_count


class _Words:
    """The report's words in one language, each looked up once."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.choices = {choice: t(choice.label_key, language) for choice in Choice}
        self.statuses = {status: t(status.label_key, language) for status in Status}
        self.levels = {level: t(level.label_key, language) for level in Importance}
        self.removed = t("answer_report.removed", language)
        self.unanswered = t("answers.choice.none", language)
        self.not_in_file = t("answer_report.not_in_file", language)

    def level(self, importance: Importance | None) -> str:
        return self.levels[importance] if importance is not None else self.removed

    def choice(self, shown: ReportAnswer) -> str:
        answer = shown.answer
        if answer is None:
            return self.not_in_file
        if answer.choice is not None:
            return self.choices[answer.choice]
        if answer.unclear_choice:
            return t("answer_report.unclear", self.language, written=answer.unclear_choice)
        return self.unanswered

    def fit(self, text: str) -> str:
        """`text` without the control characters the text rule refuses (written as escapes
        by `sheet_text`, or raw, they have no place in a report), or as much of it as a cell
        holds with a note saying it was cut."""
        if REFUSED_IN_TEXT.search(text):
            text = REFUSED_IN_TEXT.sub("", text)
        if fits_cell(text):
            return text
        note = " " + t("answer_report.cut", self.language, length=len(text))
        room = CELL_LIMIT - len(note)
        # The longest start that fits with its bidi controls and invisible characters as
        # escapes (no shorter than itself): found by halving, as a start's escapes only grow
        # with it.
        low, high = 0, min(len(text), room)
        while low < high:
            middle = (low + high + 1) // 2
            if len(visible_in_documents(text[:middle])) <= room:
                low = middle
            else:
                high = middle - 1
        return text[:low] + note


def _comparison_rows(report: EvaluationReport, words: _Words) -> Iterator[list[str]]:
    """The comparison's rows: the item, then each vendor's choice, price (when the report
    shows prices) and status."""
    prices = report.shows_prices
    for item in report.items():
        row = [item.uid, words.fit(item.title), words.level(item.importance)]
        for shown in item.answers:
            row.append(words.fit(words.choice(shown)))
            if prices:
                row.append(words.fit(shown.answer.price if shown.answer is not None else ""))
            row.append(words.statuses[shown.status])
        yield row


def _vendor_rows(
    report: EvaluationReport, number: int, words: _Words, fields: Sequence[str]
) -> Iterator[list[str]]:
    """A vendor's sheet's rows: its answer to each item, in `fields`."""
    item: ReportItem
    for item in report.items(texts=True, vendors=(number,)):
        (shown,) = item.answers
        answer = shown.answer
        values = {
            "uid": item.uid,
            "title": item.title,
            "description": item.description,
            "priority": words.level(item.importance),
            "choice": words.choice(shown),
            "elaboration": answer.elaboration if answer is not None else "",
            "price": answer.price if answer is not None else "",
            "status": words.statuses[shown.status],
            "comment": shown.comment,
        }
        yield [words.fit(values[field]) for field in fields]
