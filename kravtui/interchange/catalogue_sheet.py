"""The whole catalogue as an XLSX spreadsheet, in OS2kravmotor's "Download kravbank" order.

Three sheets, in the language asked for (Danish headers unless English is asked):

- "Krav" ("Requirements"): one row per requirement, deleted ones too (Slettet = Ja), sorted by
  uid, in `sheet_layout.CATALOGUE_COLUMNS`: Krav id (the kravtui uid), Navn, Beskrivelse,
  Kategori, Prioritet, Rationale, Sidst ændret, Noter, then every other field of the record and
  the OS2kravmotor id when the requirement came from there;
- "Metadata": the format, the number of requirements and "Udtræk foretaget", the time of the
  catalogue's last change (not the clock, so that the same catalogue gives the same bytes);
- "Klassifikationer" ("Classifications"): the categories with their prefixes, descriptions and
  subcategories, the domains, the tags with their questions and the principles with their
  references, in display order, so that the sheet re-imported into an empty catalogue makes
  the same catalogue.

Rows are read with one query and written one at a time (`sheet_writer`), so 100,000
requirements never sit in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.sources import OS2KRAVMOTOR
from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget
from kravtui.interchange.sheet_layout import (
    CATALOGUE_COLUMNS,
    CATALOGUE_FORMAT,
    META_COLUMNS,
    Column,
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

_LINKED = linked_names("r.id")

# The columns of CATALOGUE_COLUMNS, in their order.
_ROWS = {
    engine_name: f"""
SELECT r.uid, r.title, r.description, c.name, r.importance, r.rationale, r.updated_at, r.notes,
       r.help_text, r.stakeholders, COALESCE(s.name, ''),
       {linked.format(link="requirement_domain", table="domain", column="domain_id")},
       r.all_domains,
       {linked.format(link="requirement_tag", table="tag", column="tag_id")},
       r.all_tags,
       {linked.format(link="requirement_principle", table="principle", column="principle_id")},
       r.info_requirement, r.favourite, r.relevant_saas, r.relevant_on_premise, r.deleted,
       COALESCE(src.reference, '')
FROM requirement r
JOIN category c ON c.id = r.category_id
LEFT JOIN subcategory s ON s.id = r.subcategory_id
LEFT JOIN requirement_source src ON src.requirement_id = r.id AND src.system = ?
ORDER BY r.uid_order, r.uid
"""
    for engine_name, linked in _LINKED.items()
}

_TEXTS = {1: "title", 2: "description", 5: "rationale", 7: "notes", 8: "help_text"}
_FLAGS = (12, 14, 16, 17, 18, 19, 20)


def write_catalogue_sheet(
    conn: Connection,
    target: ExportTarget,
    language: str,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the catalogue to `target` as XLSX in `language`; the number of requirements."""
    source = str(target.path)
    with read_snapshot(conn):  # one consistent state of the catalogue for every sheet
        total, latest = conn.execute("SELECT count(*), max(updated_at) FROM requirement").fetchone()
        if total > ROW_LIMIT:
            raise InterchangeError(source, t("sheets.too_many_rows", limit=ROW_LIMIT))
        words = RowWords(language, source)
        ticker = Ticker(total, source, progress, cancelled)

        def fill(workbook: Any) -> list[TableSheet]:
            requirements = _requirements(conn, workbook, words, ticker, total)
            _metadata(workbook, words, total, latest or "")
            _classifications(conn, workbook, words)
            return [requirements]

        write_sheets(target, t("sheets.sheet.requirements", language), fill)
    return int(total)


def _requirements(
    conn: Connection, workbook: Any, words: RowWords, ticker: Ticker, total: int
) -> TableSheet:
    """The requirements' sheet, its rows streamed from one query while the file is saved."""
    title = t("sheets.sheet.requirements", words.language)
    sheet = table(workbook, title, words, CATALOGUE_COLUMNS)
    sheet.stream(_rows(conn, words, ticker), total)
    sheet.close()
    return sheet


def _rows(conn: Connection, words: RowWords, ticker: Ticker) -> Iterator[list[str]]:
    cursor = conn.cursor()
    cursor.row_factory = None
    for done, row in enumerate(cursor.execute(_ROWS[engine(conn)], (OS2KRAVMOTOR,))):
        ticker(done)
        uid = row[0]
        values = [str(value) if value is not None else "" for value in row]
        for index, field in _TEXTS.items():
            words.check(uid, field, values[index])
        values[4] = words.priority(row[4])
        values[6] = str(row[6])[:10]
        for index in (11, 13, 15):
            values[index] = names(row[index])
        for index in _FLAGS:
            values[index] = words.flag(row[index])
        yield values
    ticker.finish()


def _metadata(workbook: Any, words: RowWords, total: int, latest: str) -> None:
    language = words.language
    sheet = table(workbook, t("sheets.sheet.metadata", language), words, META_COLUMNS)
    for key, value in (
        ("format", CATALOGUE_FORMAT),
        ("requirements", str(total)),
        ("extracted", latest[:16].replace("T", " ")),
    ):
        sheet.append((t(f"sheets.meta.{key}", language), value))
    sheet.close()


_KIND_COLUMNS: tuple[Column, ...] = (
    Column("kind", 20, False),
    Column("prefix", 10, False),
    Column("name", 36),
    Column("text", 60),
    Column("subcategories", 36),
)


def _classifications(conn: Connection, workbook: Any, words: RowWords) -> None:
    language = words.language
    sheet = table(workbook, t("sheets.sheet.classifications", language), words, _KIND_COLUMNS)
    found = load_classifications(conn)
    kind = {name: t(f"sheets.kind.{name}", language) for name in _KINDS}
    for category in found.categories:
        sheet.append(
            (
                kind["category"],
                category.prefix,
                category.name,
                category.description,
                "\n".join(category.subcategories),
            )
        )
    for domain in found.domains:
        sheet.append((kind["domain"], "", domain.name, "", ""))
    for tag in found.tags:
        sheet.append((kind["tag"], "", tag.name, tag.question, ""))
    for principle in found.principles:
        sheet.append((kind["principle"], "", principle.name, principle.reference, ""))
    sheet.close()


_KINDS = ("category", "domain", "tag", "principle")
