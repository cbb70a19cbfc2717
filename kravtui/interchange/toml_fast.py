"""A fast reader for the canonical layout that `toml_writer` produces, with tomllib as the judge.

`tomllib` is pure Python and spends most of an import of a big catalogue on parsing (about 1.5 s
for 10,000 requirements). The files kravtui writes use a small, regular subset of TOML: one
statement per line, bare keys, `key = value` with single spaces, basic and multi-line basic
strings, plain decimal integers, booleans, `[]` and one-string-per-line arrays, `[[name]]`,
`[name]` and `[name.sub]` headers, keys quoted as basic strings where they must be, and full-line
comments. `loads_canonical` reads exactly that subset with one regular expression per line and
returns the same dictionary `tomllib.loads` would; on anything else (other value types, dotted
keys, inline tables, odd spacing, CRLF line ends, a redefined table or key, an invalid escape,
...) it returns None and the caller uses `tomllib`, which also produces the error message for a
broken file. A differential property test keeps the two in agreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

_KEY = r"[A-Za-z0-9_-]+"
_ESCAPE = r"\\(?:[btnfr\"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"
# What tomllib accepts raw: no ASCII control characters but tab (and newline in multi-line).
_BASIC = rf"\"(?:[^\"\\\x00-\x08\x0a-\x1f\x7f]++|{_ESCAPE})*+\""
_ML_CHAR = rf"(?:[^\"\\\x00-\x08\x0b-\x1f\x7f]++|{_ESCAPE}|\\\n(?=[^ \t\n])|\"(?!\"\"))"

_PAIR = re.compile(
    rf"(?P<key>{_KEY}|{_BASIC}) = (?:"
    rf"(?P<str>{_BASIC})"
    rf"|\"\"\"\n(?P<ml>{_ML_CHAR}*+)\"\"\""
    r"|(?P<true>true)|(?P<false>false)|(?P<empty>\[\])"
    r"|(?P<int>-?(?:0|[1-9][0-9]{0,17}))"
    rf"|\[\n(?P<items>(?:    {_BASIC},\n)*)\]"
    r")\n"
)
_ITEM = re.compile(rf"    ({_BASIC}),\n")
_ARRAY_TABLE = re.compile(rf"\[\[({_KEY})\]\]\n")
_TABLE = re.compile(rf"\[({_KEY})(?:\.({_KEY}))?\]\n")
_COMMENT = re.compile(r"#[^\x00-\x08\x0a-\x1f\x7f]*\n")
_DECODE = re.compile(r"\\(?:([btnfr\"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|\n)")
_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _Fallback(Exception):
    """The text leaves the canonical subset: let tomllib read it."""


def _unescape(match: re.Match[str]) -> str:
    simple, short, long = match.groups()
    if simple is not None:
        return _SIMPLE[simple]
    if short is None and long is None:
        return ""  # a line-ending backslash (the next line starts with a non-space)
    code = int(short or long, 16)
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        raise _Fallback
    return chr(code)


def _decode(raw: str) -> str:
    return _DECODE.sub(_unescape, raw) if "\\" in raw else raw


def _value(match: re.Match[str]) -> Any:
    kind = match.lastgroup
    if kind == "str":
        return _decode(match.group("str")[1:-1])
    if kind == "ml":
        raw = match.group("ml")
        if "\\" in raw and "\\\\" not in raw:
            raw = raw.replace("\\\n", "")  # only line-ending backslashes, no escaped ones
        return _decode(raw)
    if kind == "true":
        return True
    if kind == "false":
        return False
    if kind == "empty":
        return []
    if kind == "int":
        return int(match.group("int"))
    return [_decode(item[1:-1]) for item in _ITEM.findall(match.group("items"))]


def _parse(text: str) -> dict[str, Any]:
    root: dict[str, Any] = {}
    table = root
    arrays: set[str] = set()  # names of arrays of tables
    header_tables: set[str] = set()  # root keys that are tables made by [name] or [name.sub]
    length = len(text)
    pos = 0
    while pos < length:
        first = text[pos]
        if first == "\n":
            pos += 1
            continue
        if first == "#":
            comment = _COMMENT.match(text, pos)
            if comment is None:
                raise _Fallback
            pos = comment.end()
            continue
        if first == "[":
            array = _ARRAY_TABLE.match(text, pos)
            if array is not None:
                name = array.group(1)
                if name not in root:
                    root[name] = []
                    arrays.add(name)
                elif name not in arrays:
                    raise _Fallback
                table = {}
                root[name].append(table)
                pos = array.end()
                continue
            header = _TABLE.match(text, pos)
            if header is None:
                raise _Fallback
            name, sub = header.groups()
            if sub is None:
                if name in root:
                    raise _Fallback  # a table defined twice, or after [name.sub]: tomllib judges
                table = root[name] = {}
                header_tables.add(name)
                pos = header.end()
                continue
            parent = root.get(name)
            if parent is None:
                parent = root[name] = {}
                header_tables.add(name)
            elif name not in header_tables or sub in parent:
                raise _Fallback
            table = parent[sub] = {}
            pos = header.end()
            continue
        pair = _PAIR.match(text, pos)
        if pair is None:
            raise _Fallback
        key = pair.group("key")
        if key[0] == '"':
            key = _decode(key[1:-1])
        if key in table:
            raise _Fallback
        table[key] = _value(pair)
        pos = pair.end()
    return root


def loads_canonical(text: str) -> dict[str, Any] | None:
    """What `tomllib.loads(text)` returns, if `text` keeps to the canonical layout; else None."""
    if text and not text.endswith("\n"):
        return None
    try:
        return _parse(text)
    except _Fallback:
        return None


class NotCanonical(Exception):
    """A streamed text leaves the canonical subset (or ends inside a statement)."""


_STRINGS = rf"(\[\]|\[\n(?:    {_BASIC},\n)*\])"
_PIECES = {
    "str": rf"(?:({_BASIC})|\"\"\"\n({_ML_CHAR}*+)\"\"\")",
    "bool": r"(true|false)",
    "strs": _STRINGS,
}


class Block:
    """A table's usual pairs read with one expression: the fields of `fields` (name, kind: "str",
    "bool" or "strs"), each once, in that order, as the writer puts them. `read` gives the same
    values `loads_canonical` would, or None (a table written otherwise, or not yet whole in the
    buffer), and the table is then read a statement at a time."""

    def __init__(self, fields: tuple[tuple[str, str], ...]) -> None:
        self.fields = fields
        self.pattern = re.compile(
            "".join(f"{re.escape(name)} = {_PIECES[kind]}\n" for name, kind in fields)
        )

    def read(self, text: str, pos: int) -> tuple[dict[str, Any], int] | None:
        found = self.pattern.match(text, pos)
        if found is None:
            return None
        groups = found.groups()
        table: dict[str, Any] = {}
        at = 0
        try:
            for name, kind in self.fields:
                if kind == "str":
                    basic, multi = groups[at], groups[at + 1]
                    at += 2
                    if basic is not None:
                        table[name] = _decode(basic[1:-1])
                    else:
                        if "\\" in multi and "\\\\" not in multi:
                            multi = multi.replace("\\\n", "")
                        table[name] = _decode(multi)
                elif kind == "bool":
                    table[name] = groups[at] == "true"
                    at += 1
                else:
                    items = groups[at]
                    at += 1
                    table[name] = [_decode(item[1:-1]) for item in _ITEM.findall(items)]
        except _Fallback:
            return None
        return table, found.end()


Header = tuple[str, str, str | None]
"""A table header: ("array", name, None) for ``[[name]]``, ("table", name, sub) for ``[name]``
(sub None) and ``[name.sub]``."""

_KEEP = 1 << 18  # characters already read kept in the buffer before it is cut


class TableReader:
    """The canonical layout read from chunks of text a table at a time, with the expressions and
    the refusals of `loads_canonical`: `root` gives the pairs before the first header, then
    `tables` each header with its pairs as the next header (or the end) closes it.

    A statement is matched only when the buffer holds it whole: every expression ends with the
    line break that ends its statement and looks at no character beyond it, so a match in a
    shorter buffer is the match in the whole text; no match means more text is read, and no match
    at the end means the text is not canonical. What has been read is dropped as it goes, so
    memory holds about a chunk and the longest statement, not the file.
    """

    def __init__(self, chunks: Iterable[str], blocks: dict[str, Block] | None = None) -> None:
        self._chunks = iter(chunks)
        self._text = ""
        self._pos = 0
        self._ended = False
        self._header: Header | None = None
        self._rooted = False
        self._blocks = blocks or {}

    def root(self) -> dict[str, Any]:
        """The pairs before the first header (call once, before `tables`)."""
        self._rooted = True
        return self._pairs()

    def tables(self) -> Iterator[tuple[Header, dict[str, Any]]]:
        """Each table in the order of the text, with its pairs."""
        if not self._rooted:
            self.root()
        while self._header is not None:
            header = self._header
            self._header = None
            block = self._blocks.get(header[1]) if header[0] == "table" else None
            yield header, self._pairs(block.read(self._text, self._pos) if block else None)

    def _more(self) -> bool:
        """Append the next chunk to the buffer (dropping what was read); False at the end."""
        if self._ended:
            return False
        if self._pos > _KEEP:
            self._text = self._text[self._pos :]
            self._pos = 0
        for chunk in self._chunks:
            if chunk:
                self._text += chunk
                return True
        self._ended = True
        return False

    def _match(self, *patterns: re.Pattern[str]) -> re.Match[str]:
        while True:
            for pattern in patterns:
                found = pattern.match(self._text, self._pos)
                if found is not None:
                    self._pos = found.end()
                    return found
            if not self._more():
                raise NotCanonical

    def _pairs(self, start: tuple[dict[str, Any], int] | None = None) -> dict[str, Any]:
        """The pairs up to the next header (kept in `_header`) or the end of the text; `start`
        is a table's first pairs already read by a `Block`, and where they end."""
        table: dict[str, Any] = {}
        if start is not None:
            table, self._pos = start
        while True:
            if self._pos >= len(self._text) and not self._more():
                return table
            first = self._text[self._pos]
            if first == "\n":
                self._pos += 1
            elif first == "#":
                self._match(_COMMENT)
            elif first == "[":
                found = self._match(_ARRAY_TABLE, _TABLE)
                if found.re is _ARRAY_TABLE:
                    self._header = ("array", found.group(1), None)
                else:
                    self._header = ("table", found.group(1), found.group(2))
                return table
            else:
                pair = self._match(_PAIR)
                key = pair.group("key")
                try:
                    if key[0] == '"':
                        key = _decode(key[1:-1])
                    value = _value(pair)
                except _Fallback:
                    raise NotCanonical from None
                if key in table:
                    raise NotCanonical
                table[key] = value
