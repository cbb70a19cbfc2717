"""A selection's vendor answers as TOML (`format = "kravtui/1"`, `kind = "answers"`): the writer.

`dump_answers` writes the layout of docs/toml-format.md ("Answers file"): a header comment,
`format`, `kind`, the `[selection]` table (its identity, its version now, the chosen vendor),
then per vendor, by name, its answer files oldest first (`[[vendor."NAME".answer_set]]`) and
per item, by uid, its answer and the officer's current verdict (`[vendor."NAME".item.UID]`)
followed by every verdict given on it, oldest first (`[[vendor."NAME".item.UID.assessment]]`).
Every value is on a line of its own and every field is always written, in a fixed order, so a
changed status or price is a one-line change in `git diff` and a new verdict only adds lines.
A price is the vendor's text and, when it is a number, the exact amount as a decimal string
(`"12500.00"`), never a float.

What a vendor wrote is not trusted: besides what every kravtui file escapes (controls,
U+2028/U+2029, U+FEFF), the bidi controls and invisible characters that `visible_text` escapes
on a terminal are written as escapes too (`\\u202E`: a backslash, u, four hex digits), so `cat`,
`less` or a plain `git diff` of the file never shows them raw; `tomllib` reads back exactly the
text that was stored. A line of a multi-line string that would start with "[" starts with
`\\u005B` instead, so only table headers start with it and the file is read fast
(`answers_fast`). A text that cannot be written at all (a lone surrogate) refuses the export
with the key that holds it.

`write_answers_toml` writes them to a checked target, atomically (`read_answers_content` reads
them from a catalogue in one snapshot).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kravtui.answers.export_content import AnswersContent, ItemAnswer, VendorAnswers, Verdict
from kravtui.i18n import t
from kravtui.i18n.visible_text import BIDI_CONTROLS
from kravtui.interchange.document import ANSWERS_KIND
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget
from kravtui.interchange.field_checks import FORMAT
from kravtui.interchange.toml_writer import basic_string, dotted_key, string

HEADER_COMMENT = "kravtui answers; format described in docs/toml-format.md"
NO_CHOICE = "none"  # the choice word of an item the vendor chose nothing for

# Left raw by `toml_writer` (a catalogue keeps them as text) but never by this file: the bidi
# controls and the invisible characters of `kravtui.i18n.visible_text`.
_HIDDEN = re.compile(
    f"[{BIDI_CONTROLS}\u200b\u2060-\u2064\u206a-\u206f\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _escape_hidden(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"


def reveal(text: str) -> str:
    """TOML text with every hidden character inside its strings written as an escape."""
    return _HIDDEN.sub(_escape_hidden, text)


def amount_word(hundredths: int | None) -> str:
    """An amount in hundredths as the file writes it: `"12500.00"`, or `""` for no amount."""
    if hundredths is None:
        return ""
    whole, cents = divmod(hundredths, 100)
    return f"{whole}.{cents:02d}"


def choice_word(item: ItemAnswer) -> str:
    """The item's choice as the file writes it: its code, or `none`."""
    return item.choice.value if item.choice is not None else NO_CHOICE


def _lf(text: str) -> str:
    """Line breaks as LF: tomllib reads a raw CR back as nothing, so none reaches the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _text(text: str) -> str:
    """A text as a TOML string, line breaks as LF; in a multi-line string a line that would
    start with "[" starts with its escape instead, so that only a table header starts a line
    with it (`answers_fast` cuts the file there)."""
    written = string(_lf(text))
    return written.replace("\n[", "\n\\u005B") if written.startswith('"""') else written


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _head(content: AnswersContent) -> str:
    return (
        f"# {HEADER_COMMENT}\n"
        f"format = {basic_string(FORMAT)}\n"
        f"kind = {basic_string(ANSWERS_KIND)}\n"
        "\n[selection]\n"
        f"id = {content.selection_id}\n"
        f"created_at = {_text(content.created_at)}\n"
        f"title = {_text(content.title)}\n"
        f"version = {content.version}\n"
        f"winner = {_text(content.winner)}\n"
    )


def _verdict_block(path: str, verdict: Verdict) -> str:
    return (
        f"\n[[{path}.assessment]]\n"
        f'status = "{verdict.status.value}"\n'
        f"comment = {_text(verdict.comment)}\n"
        f"author = {_text(verdict.author)}\n"
        f"at = {_text(verdict.at)}\n"
        f"answer_set = {verdict.answer_set}\n"
    )


def _item_block(vendor_key: str, item: ItemAnswer) -> str:
    path = f"{vendor_key}.item.{dotted_key((item.uid,))}"
    return (
        f"\n[{path}]\n"
        f'choice = "{choice_word(item)}"\n'
        f"unclear_choice = {_text(item.unclear_choice)}\n"
        f"elaboration = {_text(item.elaboration)}\n"
        f"price = {_text(item.price)}\n"
        f'price_amount = "{amount_word(item.price_amount)}"\n'
        f"text_changed = {_flag(item.text_changed)}\n"
        f'status = "{item.status.value}"\n'
        f"comment = {_text(item.comment)}\n"
    ) + "".join(_verdict_block(path, verdict) for verdict in item.history)


def _vendor_blocks(vendor: VendorAnswers) -> Iterator[str]:
    vendor_key = dotted_key(("vendor", vendor.name))
    for answer_file in vendor.answer_sets:
        yield (
            f"\n[[{vendor_key}.answer_set]]\n"
            f"file = {_text(answer_file.file)}\n"
            f"sha256 = {_text(answer_file.sha256)}\n"
            f'kind = "{answer_file.kind.value}"\n'
            f"selection_version = {answer_file.selection_version}\n"
            f"imported_at = {_text(answer_file.imported_at)}\n"
            f"imported_by = {_text(answer_file.imported_by)}\n"
            f"current = {_flag(answer_file.current)}\n"
        )
    for item in vendor.items:
        try:
            yield _item_block(vendor_key, item)
        except ValueError:  # a lone surrogate: no UTF-8 file can hold it
            where = f"{vendor_key}.item.{dotted_key((item.uid,))}"
            raise _Unwritable(where) from None


class _Unwritable(Exception):
    """A text that no TOML file can hold; the argument is its key."""


def answers_pieces(content: AnswersContent) -> Iterator[str]:
    """The file in pieces (the head, then a table or two at a time), hidden characters
    escaped; `_Unwritable` for a text no file can hold."""
    try:
        yield reveal(_head(content))
    except ValueError:
        raise _Unwritable("selection") from None
    for vendor in content.vendors:
        try:
            for piece in _vendor_blocks(vendor):
                yield reveal(piece)
        except ValueError:
            raise _Unwritable(dotted_key(("vendor", vendor.name))) from None


def _refused(source: str, error: _Unwritable) -> InterchangeError:
    return InterchangeError(source, t("interchange.answers.unwritable"), key=str(error))


def dump_answers(content: AnswersContent, source: str = "") -> str:
    """The answers as TOML text in the documented layout; same content, same text.
    `InterchangeError` (naming `source` and the key) for a text no file can hold."""
    try:
        return "".join(answers_pieces(content))
    except _Unwritable as error:
        raise _refused(source, error) from None


def write_answers_toml(content: AnswersContent, target: ExportTarget) -> int:
    """Write `content` to the checked `target` atomically; the number of answers written.
    Raises `InterchangeError`; any existing file is left as it was."""
    source = str(target.path)
    try:
        target.write_parts(answers_pieces(content))
    except _Unwritable as error:
        raise _refused(source, error) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InterchangeError(source, t("interchange.write_failed", error=reason)) from None
    return sum(len(vendor.items) for vendor in content.vendors)
