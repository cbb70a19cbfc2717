"""Finding the line of a table or key in TOML text, for error messages.

`tomllib` returns plain dictionaries without positions, so when validation refuses a value we
scan the text once to map table headers (`[requirement.SIK-014]`, `[[category]]`) and `key =`
lines to line numbers. The scan skips the inside of strings and comments, so a description that
happens to hold a line like `[requirement.X]` does not confuse it. It also notes table headers
that occur twice, which `tomllib` refuses with a generic message.

Paths are tuples: a table's dotted key parts, with the 0-based index of an array-of-tables
element after its name, e.g. `("requirement", "SIK-014", "title")` or `("category", 2, "name")`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field

KeyPath = tuple[str | int, ...]

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_DOTTED = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_HEADER = re.compile(rf"[ \t]*(\[\[?)[ \t]*({_DOTTED})[ \t]*\]")
_KEY_LINE = re.compile(rf"[ \t]*({_DOTTED})[ \t]*=")
_PART = re.compile(_KEY_PART)

_NORMAL_TOKEN = re.compile(r"\"\"\"|'''|\"|'|#|\n")
_ML_BASIC_REST = re.compile(r'(?:[^"\\]+|\\[\s\S]|"(?!""))*+""""{0,2}')
_ML_LITERAL_REST = re.compile(r"(?:[^']+|'(?!''))*+''''{0,2}")
_BASIC_REST = re.compile(r'(?:[^"\\\n]+|\\.)*+"?')
_LITERAL_REST = re.compile(r"[^'\n]*'?")
_COMMENT_REST = re.compile(r"[^\n]*")


@dataclass
class TomlLines:
    """Line numbers (1-based) of the tables and keys in one TOML text."""

    first_line: dict[KeyPath, int] = field(default_factory=dict)
    duplicate_tables: list[tuple[int, KeyPath]] = field(default_factory=list)

    def line_of(self, path: KeyPath) -> int | None:
        """The line of `path`, else of its nearest enclosing table or key that was found."""
        for length in range(len(path), 0, -1):
            line = self.first_line.get(path[:length])
            if line is not None:
                return line
        return None

    def duplicate_at(self, line: int) -> KeyPath | None:
        """The table declared a second time at `line`, if that is what happens there."""
        return next((path for at, path in self.duplicate_tables if at == line), None)


def _key_parts(dotted: str) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _PART.finditer(dotted):
        raw = match.group()
        if raw.startswith('"'):
            try:
                parts.append(str(tomllib.loads(f"k = {raw}")["k"]))
            except tomllib.TOMLDecodeError:
                parts.append(raw[1:-1])
        elif raw.startswith("'"):
            parts.append(raw[1:-1])
        else:
            parts.append(raw)
    return tuple(parts)


def _line_starts(text: str) -> list[tuple[int, int]]:
    """(line number, offset) of every line that starts outside a string or comment."""
    starts = [(1, 0)]
    line = 1
    pos = 0
    while True:
        found = _NORMAL_TOKEN.search(text, pos)
        if found is None:
            return starts
        token = found.group()
        pos = found.end()
        if token == "\n":
            line += 1
            starts.append((line, pos))
            continue
        rest = {
            '"""': _ML_BASIC_REST,
            "'''": _ML_LITERAL_REST,
            '"': _BASIC_REST,
            "'": _LITERAL_REST,
            "#": _COMMENT_REST,
        }[token].match(text, pos)
        end = rest.end() if rest is not None else len(text)
        if len(token) == 3:
            line += text.count("\n", pos, end)
        pos = end


def scan(text: str) -> TomlLines:
    """Map the tables and keys of `text` to their lines."""
    lines = TomlLines()
    table: KeyPath = ()
    seen_tables: set[KeyPath] = set()
    array_counts: dict[KeyPath, int] = {}
    for number, offset in _line_starts(text):
        header = _HEADER.match(text, offset)
        if header is not None:
            parts: KeyPath = _key_parts(header.group(2))
            if header.group(1) == "[[":
                index = array_counts.get(parts, 0)
                array_counts[parts] = index + 1
                table = (*parts, index)
            else:
                table = parts
                if table in seen_tables:
                    lines.duplicate_tables.append((number, table))
                seen_tables.add(table)
            for length in range(1, len(table) + 1):
                lines.first_line.setdefault(table[:length], number)
            continue
        pair = _KEY_LINE.match(text, offset)
        if pair is not None:
            path = (*table, *_key_parts(pair.group(1)))
            for length in range(len(table) + 1, len(path) + 1):
                lines.first_line.setdefault(path[:length], number)
    return lines
