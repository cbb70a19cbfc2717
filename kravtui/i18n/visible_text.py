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

The documents kravtui writes for people (the DOCX and its PDF, the XLSX sheets, the evaluation
report) show the characters a reader there could not see (`SHOWN_IN_DOCUMENTS`) with the very same
escapes, through `visible_in_documents`, so the vendor reads the words the officer reviewed:

- the bidi controls (`BIDI_CONTROLS`): a U+202E shown as ``\\u202e`` in kravtui is no reversed
  text in Word or Excel. The marks U+200E, U+200F and U+061C are among them: invisible, yet they
  move numbers and punctuation around them (``10-20`` can read ``20-10``);
- the invisible characters (`INVISIBLE`): every default-ignorable code point of Unicode
  (DerivedCoreProperties) other than those, and the interlinear annotation characters
  U+FFF9-U+FFFB. A word processor draws none of them, so a title can hide words in tag
  characters (U+E0000-U+E007F) or variation selectors, and ``SIK-1\\u200b4`` reads as
  ``SIK-14``.

The joiners U+200C and U+200D, the soft hyphen U+00AD and the variation selectors are shown too,
though a terminal shows them raw (above) and they have honest uses: an emoji sequence (a family
is three people joined by U+200D, a red heart is U+2764 U+FE0F), Persian and Indic spelling,
Danish hyphenation hints. In a document for vendors a character nobody can see is where a
difference hides, and keeping the honest ones would take Unicode's emoji and script data to
tell them apart (Python's `unicodedata` has neither) and still leave a character the reader
cannot see: a joiner between two emoji, or a soft hyphen, makes two texts that differ look
alike. Shown, they lose nothing: an emoji sequence reads as its parts in order with the
joiner's escape between, a soft hyphen as ``\\xad`` where the word may break, and Word and
LibreOffice hyphenate by themselves. Real right-to-left letters (Arabic, Hebrew) are kept: they
read right to left in every program alike.

Only those escapes are written there, nothing else of this module's set: line feeds and tabs
are the document's own breaks, the C0 controls are dropped as XML demands, and a backslash stays
single (``C:\\new``) unless it comes just before a character shown so or before what reads as
the escape of one: such a run is doubled, as `visible` doubles it, so `restore_from_documents`
gives back the exact text (a spreadsheet kravtui wrote reads back unchanged).
"""

from __future__ import annotations

import json
import re
from typing import Any

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""The bidi controls, as the body of a regular expression's character class: the marks (ALM,
LRM, RLM), the embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and the isolates (LRI, RLI,
FSI, PDI)."""
_DANGEROUS_CLASS = (
    "\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f"
    f"{BIDI_CONTROLS}\u200b\u2028\u2029\u2060-\u2064\u206a-\u206f"
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


INVISIBLE = (
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200d\u2060-\u2065"
    "\u206a-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
"""The invisible characters the documents show as escapes, as the body of a regular expression's
character class: Unicode's default-ignorable code points but the bidi controls (the soft hyphen,
the combining grapheme joiner, the Hangul fillers, the Khmer inherent vowels, the Mongolian
variation selectors and vowel separator, the zero-width space and joiners, the word joiner and
the invisible operators, the deprecated format characters, the variation selectors, the
zero-width no-break space, the shorthand format controls, the musical beams and phrases, the
tag characters, and the code points reserved among them), and the interlinear annotation
characters (which hide their annotation's text)."""
SHOWN_IN_DOCUMENTS = BIDI_CONTROLS + INVISIBLE
"""What `visible_in_documents` writes as escapes, as the body of a character class."""

# An escape as `_escape` writes it, of any character; `_shown_escape` tells whether it is one
# of a character shown in documents.
_ESCAPE_TEXT = "x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}"
_SHOWN_ONE = re.compile(f"[{SHOWN_IN_DOCUMENTS}]")
_SHOW = re.compile(f"(\\\\+)(?=[{SHOWN_IN_DOCUMENTS}]|({_ESCAPE_TEXT}))|[{SHOWN_IN_DOCUMENTS}]")
_SHOWN = re.compile(f"(\\\\+)({_ESCAPE_TEXT})")


def _shown_escape(escape: str) -> int | None:
    """The code of the character `escape` (``u200b``) stands for, if documents show it so."""
    code = int(escape[1:], 16)
    if code > 0x10FFFF or _SHOWN_ONE.match(chr(code)) is None:
        return None
    return code


def _show(match: re.Match[str]) -> str:
    backslashes, escape = match.group(1), match.group(2)
    if backslashes is None:
        return _escape(match.group())
    return backslashes * 2 if escape is None or _shown_escape(escape) is not None else backslashes


def _plain(text: str) -> bool:
    """Whether `text` holds neither a character of `SHOWN_IN_DOCUMENTS` nor a backslash, told
    by the quickest test that can: ASCII holds none of them, Latin-1 only the soft hyphen;
    only other texts are searched (a search costs several times a test of the whole text)."""
    if "\\" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return _SHOWN_ONE.search(text) is None
    return "\xad" not in text


def visible_in_documents(text: str) -> str:
    """`text` with each character of `SHOWN_IN_DOCUMENTS` written as `visible` writes it
    (``\\u202e``, ``\\u200b``) and everything else kept, for the documents kravtui writes (see
    the module doc); a text without such a character or a backslash is returned as it is,
    after a quick test."""
    if _plain(text):
        return text
    return _SHOW.sub(_show, text)


def _restore(match: re.Match[str]) -> str:
    backslashes, escape = match.group(1), match.group(2)
    code = _shown_escape(escape)
    if code is None:
        return match.group()
    kept = backslashes[: len(backslashes) // 2]
    return kept + (chr(code) if len(backslashes) % 2 else escape)


def restore_from_documents(text: str) -> str:
    """The text `visible_in_documents` was given, from what it returned:
    ``restore_from_documents(visible_in_documents(text)) == text`` for every text."""
    return _SHOWN.sub(_restore, text) if "\\" in text else text


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
