"""The XLSX answer sheet's layout, shared by its writer and its reader.

The first sheet ("Besvarelse" / "Answers") has one row per requirement under a header row, in
OS2kravmotor's "besvarelse.xls" order: requirement number, name, description, priority, then the
vendor's columns: the answer (a drop-down of the five choices), the elaboration ("Uddybning")
and the price ("Pris"), which a selection that asks for no prices leaves out (`columns`). The
requirement columns are locked (sheet protection without a password); the vendor's are not.

A hidden sheet named ``kravtui`` carries what matches a returned file to its selection: keys in
column A and values in column B (the format, the selection's id, when it was created, the
version sent, its language, whether prices are asked for), then a header row ``uid`` and one
row per item sent: uid, content hash, and whether it needs an elaboration. Column D holds the
drop-down's labels.
"""

from __future__ import annotations

# The cell limit is every sheet's; the answer sheet's writer and reader find it here.
from kravtui.interchange.xlsx_package import CELL_LIMIT as CELL_LIMIT

FORMAT = "kravtui-answer-sheet/1"
META_SHEET = "kravtui"

KEY_FORMAT = "format"
KEY_SELECTION = "selection"
KEY_CREATED = "created"
KEY_VERSION = "version"
KEY_LANGUAGE = "language"
KEY_PRICES = "prices"
ITEMS_HEADER = "uid"

CHOICE_LIST_COLUMN = "D"

# The answer sheet's columns, in order: (field, i18n key of the header, width).
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("uid", "answers.column.uid", 13),
    ("title", "answers.column.title", 30),
    ("description", "answers.column.description", 60),
    ("priority", "answers.column.priority", 14),
    ("choice", "answers.column.choice", 18),
    ("elaboration", "answers.column.elaboration", 50),
    ("price", "answers.column.price", 14),
)
FIELDS: tuple[str, ...] = tuple(field for field, _, _ in COLUMNS)
VENDOR_FIELDS: frozenset[str] = frozenset({"choice", "elaboration", "price"})


def columns(prices_requested: bool) -> tuple[tuple[str, str, int], ...]:
    """The columns a sheet has: all of them, or all but the last, the price, when the selection
    asks for no prices (a reader finds every other column where it always is)."""
    return COLUMNS if prices_requested else COLUMNS[:-1]


def column_letter(field: str) -> str:
    """The column of `field` on the answer sheet (``A`` for the uid)."""
    return "ABCDEFG"[FIELDS.index(field)]
