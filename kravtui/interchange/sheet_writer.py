"""What kravtui's requirement spreadsheets share when they are written: the workbook streamed
into the export target, progress and cancel, and the words and checks of their cells.

`write_sheets(target, title, fill)` makes a write-only workbook, lets `fill` add its sheets
(`TableSheet`s; it returns those that stream their rows, which are read while the package is
saved) and saves it into the target's temporary file, which is renamed into place only when
everything was written; a refusal or a cancel removes it and
openpyxl's temporary files, leaving any existing file as it was.

`RowWords` turns a record's values into the sheet's words in one language: priorities as their
labels, flags as Ja/Nej (Yes/No), lists one name a line; `RowWords.check` refuses a text longer
than a cell holds (its bidi controls and invisible characters written as escapes:
`xlsx_package.fits_cell`), naming the
requirement and the field, instead of letting it be cut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget
from kravtui.interchange.sheet_layout import Column
from kravtui.interchange.xlsx_package import (
    CELL_LIMIT,
    TableSheet,
    discard,
    fits_cell,
    fix_properties,
    save_workbook,
)

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PROGRESS_STEP = 500
"""Rows between two progress calls (and cancel checks)."""


class SheetCancelledError(InterchangeError):
    """The user cancelled writing the spreadsheet; nothing was written."""


class RowWords:
    """A record's values as one language's words in the sheet, checked against the cell limit."""

    def __init__(self, language: str, source: str) -> None:
        self.language = language
        self.source = source
        self.yes = t("sheets.yes", language)
        self.no = t("sheets.no", language)
        self._priorities: dict[str, str] = {}

    def header(self, column: Column) -> str:
        return t(column.header_key, self.language)

    def priority(self, code: str) -> str:
        """The priority's label ("Mindstekrav") from its code ("absolute")."""
        if code not in self._priorities:
            self._priorities[code] = t(f"importance.{code}", self.language)
        return self._priorities[code]

    def flag(self, value: object) -> str:
        return self.yes if value else self.no

    def check(self, uid: str, field: str, text: str) -> str:
        """`text`, or `InterchangeError` when it is longer than a cell holds."""
        if not fits_cell(text):
            name = t(f"sheets.column.{field}", self.language)
            raise InterchangeError(
                self.source, t("sheets.too_long", uid=uid, field=name, limit=CELL_LIMIT)
            )
        return text


def linked_names(requirement_id: str) -> dict[str, str]:
    """Each engine's SQL for the names of one requirement's links (the requirement's id is the
    SQL `requirement_id`), one a line, in display order: a format string whose ``{link}``,
    ``{table}`` and ``{column}`` name the link table, the named table and the link's column."""
    return {
        "sqlite": f"""(SELECT group_concat(name, char(10)) FROM (SELECT x.name FROM {{link}} l
    JOIN {{table}} x ON x.id = l.{{column}} WHERE l.requirement_id = {requirement_id}
    ORDER BY x.position, x.id))""",
        "postgresql": f"""(SELECT string_agg(x.name, chr(10) ORDER BY x.position, x.id)
    FROM {{link}} l JOIN {{table}} x ON x.id = l.{{column}}
    WHERE l.requirement_id = {requirement_id})""",
    }


def names(joined: str | None) -> str:
    """Names joined by line feeds (as SQLite's group_concat gives them), or ""."""
    return joined or ""


def table(workbook: Any, title: str, words: RowWords, columns: Iterable[Column]) -> TableSheet:
    """A `TableSheet` with the columns' headers, widths and wrapping."""
    chosen = list(columns)
    return TableSheet(
        workbook,
        title,
        [words.header(column) for column in chosen],
        [column.width for column in chosen],
        [column.wrap for column in chosen],
    )


class Ticker:
    """Progress every `PROGRESS_STEP` rows, and `SheetCancelledError` when cancelled."""

    def __init__(
        self, total: int, source: str, progress: Progress | None, cancelled: Cancelled | None
    ) -> None:
        self.total = total
        self.source = source
        self.progress = progress
        self.cancelled = cancelled

    def __call__(self, done: int) -> None:
        if done % PROGRESS_STEP:
            return
        if self.cancelled is not None and self.cancelled():
            raise SheetCancelledError(self.source, t("docx.cancelled"))
        if self.progress is not None:
            self.progress(done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def write_sheets(
    target: ExportTarget, title: str, fill: Callable[[Any], Iterable[TableSheet]]
) -> None:
    """A write-only workbook filled by `fill(workbook)` (which returns the sheets that stream
    their rows), saved atomically to `target`."""
    from openpyxl import Workbook

    def write(handle: Any) -> None:
        workbook = Workbook(write_only=True)
        try:
            streamed = list(fill(workbook))
            fix_properties(workbook, title)
            save_workbook(workbook, handle, streamed)
        except BaseException:
            discard(workbook)
            raise

    try:
        with target.writer() as handle:
            write(handle)
    except OSError as error:
        reason = t("interchange.write_failed", error=error.strerror or error)
        raise InterchangeError(str(target.path), reason) from None
    except RuntimeError:  # zipfile: a sheet's part past 2 GB
        raise InterchangeError(str(target.path), t("sheets.too_large")) from None
