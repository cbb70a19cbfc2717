"""Text from a catalogue, a file or a vendor made safe to print: nothing it holds can steer a terminal.

A title such as ``"\\x1b]0;PWNED\\x07\\x1b[2J"`` printed raw retitles the terminal and clears the
screen; a right-to-left override (U+202E) makes a terminal show text in another order than it is
stored (the "Trojan Source" trick). Every human-readable output (CLI text, error messages, the diff
and its git textconv form, the TUI) passes such text through `visible` before it reaches the
terminal; `--json` output goes through `json_text`, which keeps them as JSON escapes instead.

What is escaped (`DANGEROUS`): the C0 controls U+0000-U+001F (a multi-line body keeps its line
feeds and tabs), DEL, the C1 controls U+0080-U+009F (U+009B is a CSI on many terminals), the bidi
controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the line and paragraph
separators U+2028/U+2029 (they break lines), the invisible characters that hide text or make two
uids look alike (U+200B, U+2060-U+2064, U+206A-U+206F, U+FEFF, U+FFF9-U+FFFB, the tag characters
U+E0000-U+E007F) and lone surrogates (which cannot even be encoded). Joiners (U+200C, U+200D) and
the soft hyphen stay: emoji and Danish hyphenation use them and they steer nothing.

The visible form is Python's: ``\\t``, ``\\n``, ``\\r`` for those three, ``\\xHH`` for the other
codes below U+0100, ``\\uHHHH`` above, ``\\UHHHHHHHH`` beyond U+FFFF (hex in lower case). Backslashes
in the text stay as they are, so ``C:\\Program Files`` still reads ``C:\\Program Files``, except a
run of backslashes just before one of the letters an escape starts with (``t n r x u U``) or before
an escaped character: such a run is doubled. The result is unambiguous: a run of backslashes
before ``t n r x u U`` of even length is literal backslashes (half as many) and the letter; of odd
length, the last backslash starts an escape.
"""

from __future__ import annotations

import json
import re
from typing import Any

_DANGEROUS_CLASS = (
    "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"
    "\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\\ud800-\\udfff\U000e0000-\U000e007f"
)
# Every character that is never printed raw, line feed and tab included.
DANGEROUS = re.compile(f"[{_DANGEROUS_CLASS}\\t\\n]")
_ESCAPE_LETTERS = "tnrxuU"
_ONE_LINE = re.compile(
    f"(\\\\+)(?=[{_ESCAPE_LETTERS}{_DANGEROUS_CLASS}\\t\\n])|[{_DANGEROUS_CLASS}\\t\\n]"
)
_MULTI_LINE = re.compile(f"(\\\\+)(?=[{_ESCAPE_LETTERS}{_DANGEROUS_CLASS}])|[{_DANGEROUS_CLASS}]")
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_JSON_ESCAPE = re.compile(f"[{_DANGEROUS_CLASS}]")


def _escape(character: str) -> str:
    short = _SHORT.get(character)
    if short is not None:
        return short
    code = ord(character)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _replace(match: re.Match[str]) -> str:
    backslashes = match.group(1)
    return backslashes * 2 if backslashes else _escape(match.group())


def visible(text: str, *, multi_line: bool = False) -> str:
    """`text` with every dangerous character written as a visible escape (see the module doc).

    One-line outputs (list rows, uids, error messages, diff lines) escape line feeds and tabs
    too; a `multi_line` body (a description in `show`) keeps them.
    """
    return (_MULTI_LINE if multi_line else _ONE_LINE).sub(_replace, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON (non-ASCII letters kept) with every dangerous character as a `\\u` escape.

    `json.dumps` escapes only U+0000-U+001F when it keeps non-ASCII; DEL, C1, bidi controls and
    line separators would reach the terminal raw. `json.loads` gives back the exact strings.
    """
    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent))


def json_safe(json_document: str) -> str:
    """JSON text written with non-ASCII kept (`json.dumps(..., ensure_ascii=False)` or pieces of
    it) with every dangerous character left in it turned into a `\\u` escape, as `json_text`
    does; for output that writes JSON a piece at a time."""
    return _JSON_ESCAPE.sub(_json_escape, json_document)
