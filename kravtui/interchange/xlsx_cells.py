"""An XLSX cell as both of kravtui's sheet readers read it: its place and its value.

`xlsx_stream` reads a sheet's rows with lxml and `xlsx_plain` with patterns; both turn a cell
into the same thing here, so they cannot drift apart:

- `column_of(place)` is the column of a place such as ``B7`` (``_PLACE``), 0 when the place is
  none (the cell then counts as the one after the cell before it);
- `cell_value(kind, raw, style, ...)` is the value of a cell of type `kind` whose ``<v>`` holds
  `raw`: a shared string, a formula's cached text or an error's text (OOXML's ``_xHHHH_``
  escapes decoded, `decode`), a boolean, an ISO date text, or a number as int or float (a date
  style's serial number as a `datetime`);
- a cell beyond `ROW_LIMIT` rows or `COLUMN_LIMIT` columns is `SheetTooLarge`.
"""

from __future__ import annotations

import datetime
import re

ROW_LIMIT = 200_001
COLUMN_LIMIT = 512

_PLACE = re.compile(r"([A-Z]{1,4})([0-9]{1,8})")
_INTEGER = re.compile(r"-?[0-9]{1,30}")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_EPOCH = datetime.datetime(1899, 12, 30)
DIGITS = "0123456789"


class SheetTooLarge(Exception):
    """A cell lies beyond the rows or columns a sheet may have; `row` and `column` (1-based)
    say where."""

    def __init__(self, row: int, column: int) -> None:
        super().__init__(f"{row}:{column}")
        self.row = row
        self.column = column


def column_number(letters: str) -> int:
    """1 for A, 27 for AA."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_of(place: str) -> int:
    """The 1-based column of a cell place such as ``B7``; 0 when it is no place."""
    found = _PLACE.fullmatch(place)
    return column_number(found.group(1)) if found else 0


def far_row(place: str, letters: str, column: int) -> None:
    """`SheetTooLarge` when the place (whose column letters are `letters`) lies past
    `ROW_LIMIT`; a place of up to five digits never does."""
    if len(place) - len(letters) > 5:
        row = int(place[len(letters) :])
        if row > ROW_LIMIT:
            raise SheetTooLarge(row, column)


def decode(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes decoded."""
    return _ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text) if "_x" in text else text


def ascii_number(text: str | None) -> int | None:
    """`text` as a number when it is ASCII digits only (a row's or a style's number)."""
    return int(text) if text and text.isascii() and text.isdigit() else None


def cell_value(
    kind: str | None, raw: str, style: str | None, strings: list[str], dates: frozenset[int]
) -> object:
    """The value of a cell of type `kind` (not an inline string) whose ``<v>`` holds `raw`,
    in the style `style` (see the module's docstring)."""
    if kind == "s":
        index = int(raw)
        if not 0 <= index < len(strings):
            raise ValueError("a shared string that is not there")
        return strings[index]
    if kind in ("str", "e"):
        return decode(raw)
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return raw
    text = raw.strip()
    number: int | float = int(text) if _INTEGER.fullmatch(text) else float(text)
    style_number = ascii_number(style)
    if style_number is not None and style_number in dates and 0 <= number < 2958466:
        return _EPOCH + datetime.timedelta(days=number)
    return number
