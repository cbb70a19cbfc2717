"""How `kravtui list` prints its rows: as it reads them, in one of four forms.

- On a terminal, aligned columns (number, title, category, priority) under a bold header, the
  title wrapped in its column, then the count. The widths are not measured over the rows: they
  come from what the catalogue can hold (`search.list_limits`: its longest uid, title and
  category prefix, one quick pass over the table) and the priority labels, so the first
  screenful is printed before the last row is read.
- Into a pipe or a file, one plain tab-separated line per row (number, title, category,
  priority), with no header and no count: ``kravtui list | cut -f1`` gives the numbers.
- `--json`, one JSON array (the layout `echo_json` writes), and `--jsonl`, one JSON object per
  line; both written a few hundred rows at a time.

Every text goes through `kravtui.i18n.visible_text` as everywhere else: `visible` for the columns
and the tab-separated lines (a tab or line feed in a title is written ``\\t`` / ``\\n``, so a
line is always one row), `json_safe` for JSON. A reader that stops early (``kravtui list |
head``) ends the command quietly with status 0, a full disk with one error line
(`kravtui.cli.common.guarded_output`).
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring
from typing import TextIO

from kravtui.catalogue.search import ListLimits, Row
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER
from kravtui.i18n import t, t_count
from kravtui.i18n.visible_text import json_safe, visible

Write = Callable[[str], None]

# Rows per write: a pipe gets its first lines at once, a file few system calls.
BATCH = 500
# The title column is never narrower than this, however narrow the terminal.
MIN_TITLE_WIDTH = 10
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def stdout_is_terminal(stream: TextIO | None = None) -> bool:
    """Whether the rows go to a terminal (aligned columns) rather than a pipe or a file."""
    stream = sys.stdout if stream is None else stream
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def _batched(lines: Iterable[str], write: Write) -> int:
    """Write `lines` (each ending with a line feed) in batches; returns how many were written."""
    batch: list[str] = []
    written = 0
    for line in lines:
        batch.append(line)
        if len(batch) == BATCH:
            write("".join(batch))
            written += len(batch)
            batch.clear()
    if batch:
        write("".join(batch))
        written += len(batch)
    return written


def _labels() -> dict[object, str]:
    return {level: t(level.label_key) for level in IMPORTANCE_ORDER}


def write_tsv(rows: Iterable[Row], write: Write) -> int:
    """One tab-separated line per row: number, title, category, priority. Returns the count."""
    labels = _labels()
    lines = (
        f"{visible(row.uid)}\t{visible(row.title)}\t{visible(row.category)}"
        f"\t{labels[row.importance]}\n"
        for row in rows
    )
    return _batched(lines, write)


def _json_fields(row: Row) -> tuple[str, ...]:
    """The row's `"key": value` pairs, as `json.dumps` writes them (non-ASCII kept)."""
    return (
        f'"uid": {encode_basestring(row.uid)}',
        f'"title": {encode_basestring(row.title)}',
        f'"category": {encode_basestring(row.category)}',
        f'"subcategory": {encode_basestring(row.subcategory)}',
        f'"priority": "{row.importance.value}"',
    )


def write_json(rows: Iterable[Row], write: Write) -> int:
    """A JSON array of one object per row, laid out as `echo_json` lays out a list."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        write("[]\n")
        return 0

    def objects() -> Iterator[str]:
        separator = "[\n"
        for row in itertools.chain((first,), iterator):
            body = ",\n    ".join(_json_fields(row))
            yield json_safe(f"{separator}  {{\n    {body}\n  }}")
            separator = ",\n"

    count = _batched(objects(), write)
    write("\n]\n")
    return count


def write_jsonl(rows: Iterable[Row], write: Write) -> int:
    """One JSON object per line (JSON Lines), as `json.dumps` writes it on one line."""
    lines = (json_safe("{" + ", ".join(_json_fields(row)) + "}\n") for row in rows)
    return _batched(lines, write)


def _cell_len(text: str) -> int:
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces (long words cut)."""
    if _cell_len(text) <= width:
        return [text]
    from rich.cells import chop_cells

    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        pieces = chop_cells(word, width) if _cell_len(word) > width else [word]
        lines.extend(pieces[:-1])
        line = pieces[-1] if pieces else ""
    if line:
        lines.append(line)
    return lines or [""]


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _cell_len(text), 0)


class Columns:
    """The terminal layout: column widths for a terminal `width` cells wide."""

    def __init__(self, limits: ListLimits, width: int) -> None:
        self.labels = _labels()
        keys = ("field.uid", "field.title", "field.category", "field.importance")
        self.headers = tuple(t(key) for key in keys)
        uid, title, category, priority = (_cell_len(header) for header in self.headers)
        self.uid = max(uid, limits.uid)
        self.category = max(category, limits.category)
        self.priority = max(priority, *(_cell_len(label) for label in self.labels.values()))
        # One space at each side of every column, as Rich's tables print them.
        fixed = 2 * 4 + self.uid + self.category + self.priority
        self.title = max(MIN_TITLE_WIDTH, min(max(title, limits.title), width - fixed))

    def line(self, uid: str, title: str, category: str, priority: str) -> str:
        cells = (
            _pad(uid, self.uid),
            _pad(title, self.title),
            _pad(category, self.category),
            priority,
        )
        return (" " + "  ".join(cells)).rstrip() + "\n"

    def header(self, bold: bool) -> str:
        text = self.line(*self.headers)
        return f"{BOLD}{text[:-1]}{RESET}\n" if bold else text

    def row(self, row: Row) -> Iterator[str]:
        """The row's lines: the first with every column, then the rest of a long title."""
        first, *rest = _wrap(visible(row.title), self.title)
        yield self.line(visible(row.uid), first, visible(row.category), self.labels[row.importance])
        for piece in rest:
            yield self.line("", piece, "", "")


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


def write_columns(rows: Iterable[Row], limits: ListLimits, write: Write) -> int:
    """The aligned table for a terminal, then the count; returns the count."""
    columns = Columns(limits, terminal_width())
    bold = os.environ.get("TERM", "") not in ("dumb", "unknown")
    write(columns.header(bold))
    counted = 0

    def lines() -> Iterator[str]:
        nonlocal counted
        for row in rows:
            counted += 1
            yield from columns.row(row)

    _batched(lines(), write)
    write(visible(t_count("cli.count", counted)) + "\n")
    return counted
