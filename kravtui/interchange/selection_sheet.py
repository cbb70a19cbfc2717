"""A selection as an XLSX spreadsheet, in OS2kravmotor's ``krav.xls`` order, for the officer.

Two sheets, in the selection's own language (its headers, priority words and Ja/Nej):

- "Krav" ("Requirements"): one row per ticked requirement in the document's order (category,
  subcategory, uid), in `sheet_layout.selection_columns`: Krav id, Navn, Beskrivelse,
  Rationale, Kategori, Prioritet (when the selection shows priorities), Fortolkning (when an
  item has one), then Underkategori, and the Domæner and Filtre of the catalogue requirement
  an item was taken from ("Alle domæner", "Alle filtre" where it has all; none for free text);
- "Metadata": the format, title, description, organisation, contact, deadline, domains, whether
  priorities are shown, status, language, version, the number of requirements and "Udtræk
  foretaget" (the time of the selection's last change, so that the same selection gives the
  same bytes); then a row "Spørgeskema" ("Questionnaire") and one row per answered tag: the
  tag, the answer (Ja, Nej, Ved ikke) and the tag's question.

Rows are read with one query and written one at a time (`sheet_writer`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget
from kravtui.interchange.sheet_layout import (
    META_COLUMNS,
    SELECTION_FORMAT,
    Column,
    selection_columns,
)
from kravtui.interchange.sheet_writer import (
    Cancelled,
    Progress,
    RowWords,
    Ticker,
    linked_names,
    names,
    table,
    write_sheets,
)
from kravtui.interchange.xlsx_package import ROW_LIMIT, TableSheet
from kravtui.selection.items import item_order
from kravtui.selection.records import Selection
from kravtui.selection.store import get_selection

_LINKED = linked_names("i.requirement_id")

_ROWS = {
    engine_name: f"""
SELECT i.uid, i.title, i.description, i.rationale, c.name, i.importance, i.help_text,
       COALESCE(s.name, ''),
       {linked.format(link="requirement_domain", table="domain", column="domain_id")},
       {linked.format(link="requirement_tag", table="tag", column="tag_id")},
       coalesce(r.all_domains, 0), coalesce(r.all_tags, 0)
FROM selection_item i
JOIN category c ON c.id = i.category_id
LEFT JOIN subcategory s ON s.id = i.subcategory_id
LEFT JOIN requirement r ON r.id = i.requirement_id
WHERE i.selection_id = ? AND i.ticked = 1
"""
    for engine_name, linked in _LINKED.items()
}

_TEXTS = {1: "title", 2: "description", 3: "rationale", 6: "help_text"}
_META_COLUMNS = (*META_COLUMNS, Column("question", 60, True, "sheets.meta.question"))


def write_selection_sheet(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the selection's ticked requirements to `target` as XLSX; how many there are."""
    source = str(target.path)
    with read_snapshot(conn):  # the items and the metadata of one moment
        selection = get_selection(conn, selection_id)
        total, with_help = conn.execute(
            "SELECT count(*), coalesce(max(CASE WHEN help_text != '' THEN 1 ELSE 0 END), 0)"
            " FROM selection_item WHERE selection_id = ? AND ticked = 1",
            (selection_id,),
        ).fetchone()
        if total > ROW_LIMIT:
            raise InterchangeError(source, t("sheets.too_many_rows", limit=ROW_LIMIT))
        language = selection.info.language
        words = RowWords(language, source)
        columns = selection_columns(
            priority=selection.info.priority_enabled, help_text=bool(with_help)
        )
        ticker = Ticker(total, source, progress, cancelled)

        def fill(workbook: Any) -> list[TableSheet]:
            requirements = table(workbook, t("sheets.sheet.requirements", language), words, columns)
            requirements.stream(_rows(conn, selection_id, words, columns, ticker), total)
            requirements.close()
            _metadata(conn, workbook, selection, words, total)
            return [requirements]

        write_sheets(target, selection.info.title, fill)
    return int(total)


def _rows(
    conn: Connection,
    selection_id: int,
    words: RowWords,
    columns: tuple[Column, ...],
    ticker: Ticker,
) -> Iterator[list[str]]:
    """The ticked items' rows in `columns`, read from one query as they are written."""
    shown = {column.field for column in columns}
    all_domains = t("sheets.column.all_domains", words.language)
    all_tags = t("sheets.column.all_tags", words.language)
    cursor = conn.cursor()
    cursor.row_factory = None
    for done, row in enumerate(
        cursor.execute(_ROWS[engine(conn)] + item_order(conn), (selection_id,))
    ):
        ticker(done)
        uid = str(row[0])
        for index, field in _TEXTS.items():
            words.check(uid, field, str(row[index]))
        values = {
            "uid": uid,
            "title": row[1],
            "description": row[2],
            "rationale": row[3],
            "category": row[4],
            "importance": words.priority(row[5]) if "importance" in shown else "",
            "help_text": row[6],
            "subcategory": row[7],
            "domains": names(row[8]) or (all_domains if row[10] else ""),
            "tags": names(row[9]) or (all_tags if row[11] else ""),
        }
        yield [str(values[column.field]) for column in columns]
    ticker.finish()


def _metadata(
    conn: Connection, workbook: Any, selection: Selection, words: RowWords, total: int
) -> None:
    language = words.language
    info = selection.info
    sheet = table(workbook, t("sheets.sheet.metadata", language), words, _META_COLUMNS)
    for key, value in (
        ("format", SELECTION_FORMAT),
        ("title", info.title),
        ("description", info.description),
        ("organisation", info.organisation),
        ("contact", info.contact),
        ("deadline", info.deadline),
        ("domains", "\n".join(info.domains)),
        ("priority_enabled", words.flag(info.priority_enabled)),
        ("prices_requested", words.flag(info.prices_requested)),
        ("status", t(f"sheets.status.{selection.status.value}", language)),
        ("language", info.language),
        ("version", str(selection.version)),
        ("requirements", str(total)),
        ("extracted", selection.updated_at[:16].replace("T", " ")),
    ):
        sheet.append((t(f"sheets.meta.{key}", language), words.check(info.title, key, value), ""))
    sheet.append((t("sheets.meta.questionnaire", language), "", ""))
    asked = {tag.name: tag.question for tag in load_classifications(conn).tags}
    for tag, answer in selection.answers.items():
        answer_word = t(f"sheets.answer.{answer.value}", language)
        sheet.append((tag, answer_word, asked.get(tag, "")))
    sheet.close()
