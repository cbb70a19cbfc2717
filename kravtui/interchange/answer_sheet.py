"""Writing a selection's XLSX answer sheet for vendors who prefer a spreadsheet to the DOCX.

The layout is `answer_sheet_layout`'s. The sheet is in the selection's language (its headers,
its priority labels and the drop-down's choices). Text is written as text, always: a title such
as ``=HYPERLINK(...)`` is a string cell, never a formula. A text longer than a cell holds is
refused rather than cut. The same selection gives the same bytes: the document's dates are
fixed and the zip's entries stamped alike (`xlsx_package`).

openpyxl is imported when a sheet is written, not when kravtui starts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kravtui.answers.records import CHOICE_ORDER, SentItem, SentSelection
from kravtui.answers.sent import content_hash, sent_selection
from kravtui.answers.words import choice_label
from kravtui.catalogue.dbapi import Connection
from kravtui.i18n import t
from kravtui.interchange.answer_sheet_layout import (
    CELL_LIMIT,
    CHOICE_LIST_COLUMN,
    FORMAT,
    ITEMS_HEADER,
    KEY_CREATED,
    KEY_FORMAT,
    KEY_LANGUAGE,
    KEY_PRICES,
    KEY_SELECTION,
    KEY_VERSION,
    META_SHEET,
    VENDOR_FIELDS,
    column_letter,
    columns,
)
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget
from kravtui.interchange.xlsx_package import (
    fits_cell,
    fix_properties,
    row_height,
    set_print_layout,
    set_text,
    workbook_bytes,
)

_PROGRESS_STEP = 200

WRAPPED = frozenset({"title", "description", "elaboration"})
"""The columns whose texts wrap (the rest are short: a uid, a priority, a choice, a price)."""

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class AnswerSheetCancelledError(InterchangeError):
    """The user cancelled writing the sheet; nothing was written."""


def write_answer_sheet(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the selection's answer sheet to `target`; the number of requirements in it."""
    sent = sent_selection(conn, selection_id)
    data = answer_sheet_bytes(sent, source=str(target.path), progress=progress, cancelled=cancelled)
    target.write(data)
    return len(sent.items)


def answer_sheet_bytes(
    sent: SentSelection,
    *,
    source: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The XLSX file of the answer sheet for `sent` (`InterchangeError` when a text is longer
    than a cell holds; `AnswerSheetCancelledError` when `cancelled()` says so)."""
    from openpyxl import Workbook

    for item in sent.items:
        _check_lengths(item, source)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = t("answers.sheet.name", sent.language)
    meta = workbook.create_sheet(META_SHEET)
    _write_meta(meta, sent)
    _write_answers(sheet, sent, progress, cancelled, source)
    fix_properties(workbook, sent.title)
    return workbook_bytes(workbook)


def _check_lengths(item: SentItem, source: str) -> None:
    for field, text in (("title", item.title), ("description", item.description)):
        if not fits_cell(text):
            reason = t(
                "answers.sheet.too_long", uid=item.uid, field=t(f"field.{field}"), limit=CELL_LIMIT
            )
            raise InterchangeError(source, reason)


def _write_meta(meta: Any, sent: SentSelection) -> None:
    meta.sheet_state = "hidden"
    pairs: tuple[tuple[str, str | int], ...] = (
        (KEY_FORMAT, FORMAT),
        (KEY_SELECTION, sent.selection_id),
        (KEY_CREATED, sent.created_at),
        (KEY_VERSION, sent.version),
        (KEY_LANGUAGE, sent.language),
        (KEY_PRICES, 1 if sent.prices_requested else 0),
    )
    for row, (key, value) in enumerate(pairs, start=1):
        set_text(meta.cell(row=row, column=1), key)
        cell = meta.cell(row=row, column=2)
        if isinstance(value, int):
            cell.value = value
        else:
            set_text(cell, value)
    header = len(pairs) + 1
    for column, name in enumerate((ITEMS_HEADER, "hash", "elaboration"), start=1):
        set_text(meta.cell(row=header, column=column), name)
    for row, item in enumerate(sent.items, start=header + 1):
        set_text(meta.cell(row=row, column=1), item.uid)
        set_text(meta.cell(row=row, column=2), content_hash(item))
        meta.cell(row=row, column=3).value = 1 if item.needs_elaboration else 0
    for row, choice in enumerate(CHOICE_ORDER, start=1):
        set_text(meta[f"{CHOICE_LIST_COLUMN}{row}"], choice_label(choice, sent.language))


def _write_answers(
    sheet: Any,
    sent: SentSelection,
    progress: Progress | None,
    cancelled: Cancelled | None,
    source: str,
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    language = sent.language
    # The workbook's own font, named: a font without a name is drawn in another typeface.
    header_font = Font(name="Calibri", sz=11, family=2, scheme="minor", bold=True)
    header_fill = PatternFill("solid", start_color="DDDDDD")
    wrapped = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    open_cell = Protection(locked=False)
    shown = columns(sent.prices_requested)
    for column, (field, key, width) in enumerate(shown, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, t(key, language))
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = wrapped
        sheet.column_dimensions[column_letter(field)].width = width
    wrapped_widths: list[int | None] = [
        width if field in WRAPPED else None for field, _key, width in shown
    ]
    total = len(sent.items)
    for index, item in enumerate(sent.items):
        row = index + 2
        priority = t(item.importance.label_key, language) if item.importance else ""
        values = (item.uid, item.title, item.description, priority, "", "", "")[: len(shown)]
        height = row_height(values, wrapped_widths)
        if height:  # spreadsheets do not fit a row to its wrapped text when they open a file
            sheet.row_dimensions[row].height = height
        for column, ((field, _, _), value) in enumerate(zip(shown, values, strict=True), 1):
            cell = sheet.cell(row=row, column=column)
            if value:
                set_text(cell, value)
            cell.alignment = wrapped if field in WRAPPED else top
            if field in VENDOR_FIELDS:
                cell.protection = open_cell
        if index % _PROGRESS_STEP == 0:
            if cancelled is not None and cancelled():
                raise AnswerSheetCancelledError(source, t("docx.cancelled"))
            if progress is not None:
                progress(index, total)
    if progress is not None:
        progress(total, total)
    last = max(total + 1, 2)
    choices = DataValidation(
        type="list",
        formula1=f"{META_SHEET}!${CHOICE_LIST_COLUMN}$1:${CHOICE_LIST_COLUMN}${len(CHOICE_ORDER)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=t("answers.sheet.bad_choice_title", language),
        error=t("answers.sheet.bad_choice", language),
    )
    choices.add(f"{column_letter('choice')}2:{column_letter('choice')}{last}")
    sheet.add_data_validation(choices)
    sheet.freeze_panes = "A2"
    set_print_layout(sheet, [width for _field, _key, width in shown])
    sheet.auto_filter.ref = f"A1:{column_letter(shown[-1][0])}{last}"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False
    protection.autoFilter = False
