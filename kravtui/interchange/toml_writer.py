"""A small, deterministic TOML emitter for the kravtui interchange format.

`tomllib` (standard library) reads TOML; this module writes it, by hand, because the layout
matters for reviewers who keep exports in git and tomli-w cannot wrap long text:

- keys are bare when they can be, else quoted;
- text without a line break that fits on a line is a one-line basic string;
- other text is a multi-line basic string whose first line starts right after the opening
  `\"\"\"` and a newline (TOML trims that newline). The text's own line breaks stay line breaks,
  and each long line is wrapped with TOML's line-ending backslash after a space that is followed by
  a non-space, preferably right after a sentence end, so that a one-word edit changes one short
  line and does not re-flow the paragraph. A line-ending backslash trims all whitespace after it,
  newlines and the next line's leading spaces included, so a wrap is only ever placed where the
  continuation starts with a non-space character;
- arrays of strings are `[]` or one item per line, indented four spaces, with a trailing comma.

Whatever the string, `tomllib` reads back exactly the text that was written: backslashes,
quotes, carriage returns and every control character except line feed are escaped (tab as `\\t`,
so that no continuation line can start with whitespace). A lone surrogate cannot be written in
UTF-8 or TOML and raises `ValueError`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A text line (of escaped text) longer than this is wrapped; wrapped lines keep their content,
# including the space before the line-ending backslash, within this many characters where the
# text has spaces to break at.
WRAP_WIDTH = 76
# Text without a line break whose escaped form is at most this long is a one-line basic string.
ONE_LINE_MAX = 80
# A sentence end is a break only when at least this many characters precede it since the
# previous break, so that abbreviations such as "f.eks. " do not leave stubs of lines.
MIN_SENTENCE = 18

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

_SHORT_ESCAPES = {
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
}


def _escape_table(*, keep: str) -> dict[int, str]:
    """The translation table for `str.translate`: what must or should be escaped, except `keep`."""
    table: dict[int, str] = {}
    controls = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFEFF]
    for code in controls:
        table[code] = f"\\u{code:04X}"
    for char, escaped in _SHORT_ESCAPES.items():
        table[ord(char)] = escaped
    for char in keep:
        table.pop(ord(char), None)
    return table


_ONE_LINE_TABLE = _escape_table(keep="")
_MULTI_LINE_TABLE = _escape_table(keep='\n"')
_NEEDS_ESCAPE = re.compile('[\\x00-\\x1f"\\\\\\x7f-\\x9f\u2028\u2029\ufeff\\ud800-\\udfff]')
_SURROGATE = re.compile("[\\ud800-\\udfff]")
_QUOTE_RUN = re.compile('"+')


def _check_encodable(text: str) -> None:
    found = _SURROGATE.search(text)
    if found is not None:
        raise ValueError(
            f"text holds a lone surrogate U+{ord(found.group()):04X} at index {found.start()}; "
            "it cannot be written as UTF-8"
        )


def basic_string(text: str) -> str:
    """`text` as a one-line TOML basic string, everything that needs it escaped."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    _check_encodable(text)
    return f'"{text.translate(_ONE_LINE_TABLE)}"'


def key(name: str) -> str:
    """A key: bare when TOML allows it, else a quoted basic string."""
    return name if _BARE_KEY.fullmatch(name) else basic_string(name)


def dotted_key(parts: Sequence[str]) -> str:
    """A dotted key such as `requirement.SIK-014`."""
    return ".".join(key(part) for part in parts)


def _escape_quote_run(match: re.Match[str]) -> str:
    run = match.group()
    if match.end() == len(match.string):
        # Quotes at the end of the text would merge with the closing delimiter.
        return '\\"' * len(run)
    if len(run) < 3:
        return run
    # Never three unescaped quotes in a row: escape every third one.
    return "".join('\\"' if index % 3 == 2 else '"' for index in range(len(run)))


def _escape_multi_line(text: str) -> str:
    """`text` escaped for a multi-line basic string; its line feeds stay raw."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    _check_encodable(text)
    escaped = text.translate(_MULTI_LINE_TABLE)
    if '"' in escaped:
        escaped = _QUOTE_RUN.sub(_escape_quote_run, escaped)
    return escaped


# A long line is first cut into sentences: at least MIN_SENTENCE characters, then up to the
# first of `.?!;:` followed by closing quotes or brackets and spaces before a non-space (or the
# rest of the line); a sentence still too long is cut as late as fits (see `wrap_line`).
_CLOSERS = r"(?:\\\"|['’”»)\]])*"
_SENTENCE_END = re.compile(rf"[.?!;:]{_CLOSERS} +(?=[^ ])")
_BREAK = re.compile(r" +(?=[^ ])")


def wrap_line(line: str, width: int = WRAP_WIDTH) -> list[str]:
    """Split one escaped line into pieces to be joined by line-ending backslashes.

    Every piece but the last ends with a space and every piece but the first starts with a
    non-space character, so the backslash-newline between them reads back as nothing. A line
    that fits is not cut. A longer one is cut after each sentence end that has at least
    MIN_SENTENCE characters before it since the previous cut (so that abbreviations such as
    "f.eks. " leave no stubs); a sentence still longer than `width` is cut, while more than
    `width` characters of it remain, after the longest piece of at most `width` characters that
    ends with spaces before a non-space, or else (a word too long for that) after the next
    spaces before a non-space.
    """
    length = len(line)
    if length <= width:
        return [line]
    pieces: list[str] = []
    sentence_end = _SENTENCE_END.search
    start = 0
    while start < length:
        found = sentence_end(line, start + MIN_SENTENCE)
        stop = length if found is None else found.end()
        while stop - start > width:  # the sentence line[start:stop] is too long
            end = line.rfind(" ", start, start + width)  # a piece may end with this space
            while end >= start and line[end + 1] == " ":
                end = line.rfind(" ", start, end)
            if end >= start:
                end += 1
            else:
                spaces = _BREAK.search(line, start, stop)
                if spaces is None:
                    break
                end = spaces.end()
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:stop])
        start = stop
    return pieces


def multi_line_string(text: str, width: int = WRAP_WIDTH) -> str:
    """`text` as a multi-line basic string, long lines wrapped with line-ending backslashes."""
    escaped = _escape_multi_line(text)
    if "\n" not in escaped:  # the common case: one long paragraph
        return '"""\n' + "\\\n".join(wrap_line(escaped, width)) + '"""'
    body = "\n".join("\\\n".join(wrap_line(line, width)) for line in escaped.split("\n"))
    return f'"""\n{body}"""'


def string(text: str) -> str:
    """`text` as a one-line basic string when it has no line break and fits, else multi-line."""
    if "\n" not in text and len(text) <= ONE_LINE_MAX:
        quoted = basic_string(text)
        if len(quoted) <= ONE_LINE_MAX + 2:
            return quoted
    return multi_line_string(text)


def string_array(items: Sequence[str]) -> str:
    """An array of strings: `[]`, or one item per line with a trailing comma."""
    if not items:
        return "[]"
    return "[\n" + "".join(f"    {basic_string(item)},\n" for item in items) + "]"


Value = str | bool | int | Sequence[str]


def value(item: Value) -> str:
    """A TOML value for a string, bool, int or sequence of strings."""
    if isinstance(item, str):
        return string(item)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    return string_array(item)


class TomlWriter:
    """Builds a TOML document line by line, with tables separated by one blank line."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def comment(self, text: str) -> None:
        """A `# comment` line (one line of text)."""
        if "\n" in text or "\r" in text:
            raise ValueError("a comment must be one line")
        self._parts.append(f"# {text}\n")

    def pair(self, name: str, item: Value) -> None:
        """A `key = value` line (or lines, for multi-line strings and arrays)."""
        self._parts.append(f"{key(name)} = {value(item)}\n")

    def table(self, path: Sequence[str]) -> None:
        """A `[table.header]`, after a blank line unless it opens the document."""
        self._separate()
        self._parts.append(f"[{dotted_key(path)}]\n")

    def array_table(self, path: Sequence[str]) -> None:
        """An `[[array.of.tables]]` header, after a blank line unless it opens the document."""
        self._separate()
        self._parts.append(f"[[{dotted_key(path)}]]\n")

    def _separate(self) -> None:
        if self._parts:
            self._parts.append("\n")

    def text(self) -> str:
        """The document so far."""
        return "".join(self._parts)
