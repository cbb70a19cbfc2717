"""What an answer document records of its selection and of each item as sent, so a returned
DOCX is matched to both; shared by the writer (`export`) and the reader (`answers_read`).

The record is a set of custom document properties (``docProps/custom.xml``), which Word keeps
and LibreOffice keeps through DOCX and ODT alike: ``kravtui.format``, ``kravtui.selection`` (its
id), ``kravtui.created``, ``kravtui.version`` (the version sent), ``kravtui.language``,
``kravtui.prices``, ``kravtui.items`` (how many), and ``kravtui.item.000001`` ... one per item in
document order, ``UID HASH SHOWN FLAG`` (`item_value`). HASH is
`kravtui.answers.sent.content_hash`, so a DOCX and an XLSX answer sheet of the same selection
agree; SHOWN is `shown_digest` of the words the requirement shows from its heading to its answer
table, which a reader can compare where the exact text cannot be read back (a document shows
text as paragraphs, with break opportunities added to long words); FLAG is 1 when the item needs
an elaboration. Each value stays under the 255 characters Word edits in a property.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kravtui.i18n.visible_text import restore_from_documents
from kravtui.interchange.docx.ooxml import clean

FORMAT = "kravtui-answers-docx/1"
FORMAT_FAMILY = FORMAT.rsplit("/", 1)[0] + "/"
PREFIX = "kravtui."
KEY_FORMAT = "kravtui.format"
KEY_SELECTION = "kravtui.selection"
KEY_CREATED = "kravtui.created"
KEY_VERSION = "kravtui.version"
KEY_LANGUAGE = "kravtui.language"
KEY_PRICES = "kravtui.prices"
KEY_ITEMS = "kravtui.items"
ITEM_KEY_PREFIX = "kravtui.item."

_ZWSP = "\u200b"  # the break opportunities the writer adds to long words (`ooxml.breakable`)
_DIGEST_LENGTH = 32  # hex digits: 128 bits tell a changed text from the one sent
_HASH = re.compile(r"\A[0-9a-f]{64}\Z")
_DIGEST = re.compile(rf"\A[0-9a-f]{{{_DIGEST_LENGTH}}}\Z")


@dataclass(frozen=True, slots=True)
class SentMark:
    """What the document records of one item: its uid, content hash (`content_hash`), the
    digest of what its block shows (`shown_digest`) and whether it needs an elaboration."""

    uid: str
    content_hash: str
    shown: str
    needs_elaboration: bool


def shown_words(texts: Iterable[str]) -> str:
    """The words of `texts` (as stored) separated by single spaces, as the writer shows them
    (`clean`: a bidi control or an invisible character as its escape) and without its break
    marks: what a reader sees of them whatever paragraphs, line breaks and spaces carry them."""
    # One text joined by spaces has the same words: cleaning and splitting work on each
    # character (an escape on it and the backslashes just before it) and never join two
    # texts' words.
    return read_words([clean(" ".join(texts))])


def read_words(texts: Iterable[str]) -> str:
    """The words of `texts` read from a document, which shows them as they are, separated by
    single spaces and without the writer's break marks (what `shown_words` gives of the texts
    the writer was given)."""
    return " ".join(" ".join(texts).replace(_ZWSP, "").split())


def shown_digest(texts: Iterable[str]) -> str:
    """The digest of what a requirement shows (`shown_words`), as the document records it."""
    return _digest(shown_words(texts))


def read_digest(texts: Iterable[str]) -> str:
    """The digest of the texts a requirement shows, read from a document (`read_words`): the
    one recorded when nothing was changed."""
    return _digest(read_words(texts))


def _digest(words: str) -> str:
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:_DIGEST_LENGTH]


def item_key(index: int) -> str:
    """The property name of the `index`-th item (from 1): ``kravtui.item.000001``."""
    return f"{ITEM_KEY_PREFIX}{index:06d}"


def item_value(mark: SentMark) -> str:
    """The property value recording one item: ``UID HASH SHOWN FLAG``."""
    flag = "1" if mark.needs_elaboration else "0"
    return f"{mark.uid} {mark.content_hash} {mark.shown} {flag}"


def read_item_value(text: str) -> SentMark | None:
    """An item's property value read back, or None when it is not one `item_value` writes."""
    parts = text.split(" ")
    if len(parts) != 4 or "/" in parts[0]:  # a uid is one word, as headings and tags show it
        return None
    written, content_hash, shown, flag = parts
    uid = restore_from_documents(written)  # the document's text escapes its hidden characters
    if not uid or not _HASH.fullmatch(content_hash) or not _DIGEST.fullmatch(shown):
        return None
    if flag not in {"0", "1"}:
        return None
    return SentMark(uid, content_hash, shown, flag == "1")
