"""Reading a returned XLSX answer sheet into a `ReturnedFile`, trusting nothing in it.

Refused, each in one line naming the file (and the cell where there is one), before anything is
stored: a file that is no regular file or is larger than `FILE_LIMIT`; a macro-enabled workbook
(.xlsm, or macros inside an .xlsx); a damaged zip, a zip bomb, an XML part with a document type
(`ooxml_zip.checked_package`); a spreadsheet that is not a kravtui answer sheet (no hidden
``kravtui`` sheet in the `answer_sheet_layout`, or one that does not parse); a cell holding a
character the text rule refuses (`catalogue.text_rules`: control characters, also written as
OOXML's ``_x001B_`` escapes, which are read as the characters they stand for, as Excel does).

Cells are read as values, never evaluated: a formula is its text (``=100*2``), a number is a
number (a price cell's amount is taken exactly), a date is its ISO text, the escape of a bidi
control or an invisible character as the sheet shows it (``\\u202e``, ``\\u200b``:
`kravtui.i18n.visible_text.restore_from_documents`) is the character, so a requirement's text
reads back as it was sent. Line breaks written as
CR or CRLF are read as LF. Which selection the file answers, and how its rows compare with what
was sent, is judged by `kravtui.answers.judge`.

openpyxl is imported when a sheet is read, not when kravtui starts.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kravtui.answers.price import number_amount, number_text
from kravtui.answers.records import (
    ReturnedFile,
    ReturnedIdentity,
    ReturnedRow,
    SentRecord,
    SourceKind,
)
from kravtui.answers.words import read_priority
from kravtui.catalogue.text_rules import refusal_reason, refused_character
from kravtui.i18n import t
from kravtui.i18n.visible_text import restore_from_documents
from kravtui.input_file import read_input_file
from kravtui.interchange.answer_sheet_layout import (
    FIELDS,
    FORMAT,
    ITEMS_HEADER,
    KEY_CREATED,
    KEY_FORMAT,
    KEY_LANGUAGE,
    KEY_PRICES,
    KEY_SELECTION,
    KEY_VERSION,
    META_SHEET,
    column_letter,
)
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.ooxml_zip import checked_package

FILE_LIMIT = 64 * 1024 * 1024
"""The largest answer sheet read (5,000 answered requirements take a few MB)."""
ITEM_LIMIT = 200_000
"""The most items the hidden sheet may list (a catalogue of 100,000 fits twice)."""
EXTRA_ROWS = 10_000
"""How many rows beyond the items sent the answer sheet may have before it is refused."""

_HASH = re.compile(r"\A[0-9a-f]{64}\Z")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's ST_Xstring: _x001B_ is ESC, _x005F_ "_"
_FORMAT_FAMILY = FORMAT.rsplit("/", 1)[0] + "/"


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str
    amount: int | None = None  # a number cell's value in hundredths


def read_answer_sheet(path: Path) -> ReturnedFile:
    """The answer sheet at `path`, read (see the module's docstring); `InterchangeError`."""
    source = str(path)
    if path.suffix.lower() in {".xlsm", ".xltm", ".xlsb"}:
        raise InterchangeError(source, t("interchange.package.macros"))
    try:
        data = read_input_file(path, limit=FILE_LIMIT)
    except OSError as error:
        raise InterchangeError(source, str(error.strerror or error)) from None
    return read_answer_sheet_bytes(data, path.name, source)


def read_answer_sheet_bytes(data: bytes, name: str, source: str) -> ReturnedFile:
    """`read_answer_sheet` of bytes: `name` is the file's name as stored, `source` as shown."""
    digest = hashlib.sha256(data).hexdigest()
    with checked_package(data, source) as package:
        if "xl/workbook.xml" not in package.namelist():
            raise InterchangeError(source, t("answers.sheet.not_a_sheet"))
    workbook = _open_workbook(data, source)
    try:
        if META_SHEET not in workbook.sheetnames:
            raise InterchangeError(source, t("answers.sheet.not_ours"))
        identity, sent = _read_meta(workbook[META_SHEET], source)
        answer_sheets = [name for name in workbook.sheetnames if name != META_SHEET]
        if not answer_sheets:
            raise InterchangeError(source, t("answers.sheet.not_ours"))
        limit = len(sent) + EXTRA_ROWS
        rows = tuple(_read_rows(workbook[answer_sheets[0]], answer_sheets[0], source, limit))
    except InterchangeError:
        raise
    except Exception:  # openpyxl's many ways of failing on a damaged part
        raise InterchangeError(source, t("interchange.package.damaged")) from None
    finally:
        workbook.close()
    return ReturnedFile(
        source_name=name,
        sha256=digest,
        kind=SourceKind.XLSX,
        identity=identity,
        sent=sent,
        rows=rows,
    )


def _open_workbook(data: bytes, source: str) -> Any:
    import io

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions it does not read
            return load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
    except Exception:  # a damaged workbook fails in openpyxl in many ways
        raise InterchangeError(source, t("interchange.package.damaged")) from None


def _cell(value: object, place: str, source: str) -> _Cell:
    """A cell's value as text (and a number's amount), checked against the text rule."""
    if value is None:
        return _Cell("")
    if isinstance(value, bool):
        return _Cell("TRUE" if value else "FALSE")
    if isinstance(value, int | float):
        return _Cell(number_text(value), number_amount(value))
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return _Cell(value.isoformat())
    text = _ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), str(value))
    text = restore_from_documents(text.replace("\r\n", "\n").replace("\r", "\n"))
    refused = refused_character(text)
    if refused is not None:
        raise InterchangeError(f"{source}:{place}", refusal_reason(refused, one_line=False))
    return _Cell(text)


def _values(sheet: Any) -> Iterator[tuple[int, tuple[object, ...]]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, tuple(row)


def _read_meta(sheet: Any, source: str) -> tuple[ReturnedIdentity, tuple[SentRecord, ...]]:
    values: dict[str, str] = {}
    records: list[SentRecord] = []
    in_items = False
    for number, row in _values(sheet):
        if number > ITEM_LIMIT:
            raise InterchangeError(source, t("answers.sheet.not_ours"))
        cells = [_cell(value, f"{META_SHEET}!A{number}", source).text for value in row[:3]]
        cells += [""] * (3 - len(cells))
        key, value, flag = cells
        if not in_items:
            if key == ITEMS_HEADER:
                in_items = True
            elif key:
                values[key] = value
            continue
        if not key:
            continue
        if not _HASH.fullmatch(value) or flag not in {"0", "1"}:
            raise InterchangeError(source, t("answers.sheet.not_ours"))
        records.append(SentRecord(key, value, flag == "1"))
    identity = _identity(values, source)
    if len({record.uid for record in records}) != len(records):
        raise InterchangeError(source, t("answers.sheet.not_ours"))
    return identity, tuple(records)


def _identity(values: dict[str, str], source: str) -> ReturnedIdentity:
    found = values.get(KEY_FORMAT, "")
    if found != FORMAT:
        key = (
            "answers.sheet.newer" if found.startswith(_FORMAT_FAMILY) else "answers.sheet.not_ours"
        )
        raise InterchangeError(source, t(key, format=found))
    try:
        return ReturnedIdentity(
            selection_id=int(values[KEY_SELECTION]),
            created_at=values[KEY_CREATED],
            version=int(values[KEY_VERSION]),
            language=values.get(KEY_LANGUAGE, "da"),
            prices_requested=values.get(KEY_PRICES, "1") != "0",
        )
    except (KeyError, ValueError):
        raise InterchangeError(source, t("answers.sheet.not_ours")) from None


def _read_rows(sheet: Any, name: str, source: str, limit: int) -> Iterator[ReturnedRow]:
    width = len(FIELDS)
    for number, row in _values(sheet):
        if number == 1:
            continue  # the header
        if number > limit + 1:
            raise InterchangeError(source, t("answers.sheet.too_many_rows", limit=limit))
        padded = (*row[:width], *([None] * (width - len(row))))
        cells = {
            field: _cell(value, f"{name}!{column_letter(field)}{number}", source)
            for field, value in zip(FIELDS, padded, strict=True)
        }
        if not any(cell.text.strip() for cell in cells.values()):
            continue
        priority_text = cells["priority"].text.strip()
        priority = read_priority(priority_text) if priority_text else None
        yield ReturnedRow(
            place=f"{name}!A{number}",
            uid=cells["uid"].text.strip(),
            title=cells["title"].text,
            description=cells["description"].text,
            priority=priority,
            priority_text=priority_text if priority_text and priority is None else "",
            choice_text=cells["choice"].text,
            elaboration=cells["elaboration"].text,
            price=cells["price"].text,
            price_amount=cells["price"].amount,
        )
