"""Plain records of the market dialogue: the vendor's answer choices, the officer's verdicts,
what a returned file holds, and what was sent.

The words are OS2kravmotor's: a vendor answers "Kan jeres løsning imødekomme kravet?" with Ja,
Ja som et tilkøb, Ja delvist, Nej or Ikke relevant, an elaboration ("Uddybning") and a price
("Pris"); the officer's verdict ("Status") is Ingen, Accepteret, Accepteret med kommentar,
Afvist or Uddybning nødvendig, with a comment ("Spørgsmål/kommentar").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kravtui.catalogue.vocabulary import Importance


class Choice(StrEnum):
    """A vendor's answer to one requirement (the stored values of ``vendor_answer.choice``)."""

    YES = "yes"
    YES_ADDON = "yes_addon"
    YES_PARTIAL = "yes_partial"
    NO = "no"
    NOT_RELEVANT = "not_relevant"

    @property
    def label_key(self) -> str:
        """The i18n key of its label ("Ja, som tilkøb")."""
        return f"answers.choice.{self.value}"

    @property
    def glyph(self) -> str:
        """A mark beside the word, so a choice is never told by colour alone."""
        return _GLYPHS[self]


_GLYPHS = {
    Choice.YES: "✓",
    Choice.YES_ADDON: "+",
    Choice.YES_PARTIAL: "~",
    Choice.NO: "✗",
    Choice.NOT_RELEVANT: "-",
}

CHOICE_ORDER: tuple[Choice, ...] = tuple(Choice)
"""The choices in the order the answer sheet's drop-down and every count list them."""


class Status(StrEnum):
    """The officer's assessment of one answer (``answer_assessment.status``)."""

    NONE = "none"
    ACCEPTED = "accepted"
    ACCEPTED_WITH_COMMENT = "accepted_with_comment"
    REJECTED = "rejected"
    ELABORATION_NEEDED = "elaboration_needed"

    @property
    def label_key(self) -> str:
        return f"answers.status.{self.value}"

    @property
    def needs_comment(self) -> bool:
        """Accepted with a comment says so in its name: it needs the comment."""
        return self is Status.ACCEPTED_WITH_COMMENT


STATUS_ORDER: tuple[Status, ...] = tuple(Status)


class SourceKind(StrEnum):
    """The kind of file an answer set was read from."""

    XLSX = "xlsx"
    DOCX = "docx"


@dataclass(frozen=True, slots=True)
class SentItem:
    """One requirement as the file sent to vendors showed it.

    `importance` is None when the selection did not show priorities."""

    uid: str
    title: str
    description: str
    importance: Importance | None
    needs_elaboration: bool  # an info requirement: the vendor must elaborate


@dataclass(frozen=True, slots=True)
class SentSelection:
    """What an exported answer file carries about its selection: who it is (its id and when it
    was created, so a selection of the same id in another catalogue is not taken for it), the
    version sent, and each item as sent."""

    selection_id: int
    created_at: str
    version: int
    title: str
    language: str
    prices_requested: bool
    items: tuple[SentItem, ...]


@dataclass(frozen=True, slots=True)
class ReturnedIdentity:
    """The selection a returned file says it answers, as the file records it."""

    selection_id: int
    created_at: str
    version: int
    language: str
    prices_requested: bool


@dataclass(frozen=True, slots=True)
class SentRecord:
    """An item as the returned file's hidden part records it was sent."""

    uid: str
    content_hash: str
    needs_elaboration: bool


@dataclass(frozen=True, slots=True)
class ReturnedRow:
    """One answer row (or table) of a returned file, as read: nothing is interpreted yet.

    `place` says where it is for messages (``Besvarelse!A12``). `priority` is the priority as
    the file shows it, read back to a level (None when it showed none); `priority_text` holds
    what it shows instead when that names no level. `text_changed` is known already when the
    reader compared what the file shows with what was sent itself (a document shows text as
    paragraphs, so its exact text cannot be read back to hash); None leaves it to the hash."""

    place: str
    uid: str
    title: str
    description: str
    priority: Importance | None
    priority_text: str
    choice_text: str
    elaboration: str
    price: str
    price_amount: int | None = None  # known already when the file held the price as a number
    text_changed: bool | None = None


@dataclass(frozen=True, slots=True)
class ReturnedFile:
    """A returned answer file, read but not judged: the file's name and SHA-256, its kind, the
    identity it claims, what it records as sent, and its rows in file order."""

    source_name: str
    sha256: str
    kind: SourceKind
    identity: ReturnedIdentity
    sent: tuple[SentRecord, ...]
    rows: tuple[ReturnedRow, ...]


@dataclass(frozen=True, slots=True)
class Vendor:
    """A company that answers selections."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class AnswerSetInfo:
    """One imported answer file of a vendor for a selection."""

    id: int
    vendor: Vendor
    selection_id: int
    selection_version: int
    source_name: str
    source_sha256: str
    source_kind: SourceKind
    imported_at: str
    imported_by: str
    current: bool


@dataclass(frozen=True, slots=True)
class VendorAnswer:
    """A vendor's answer to one item, as stored.

    `choice` is None when the vendor chose none; `unclear_choice` then holds what the vendor
    wrote if it named no single choice (two choices, or a word that is none)."""

    uid: str
    choice: Choice | None
    unclear_choice: str = ""
    elaboration: str = ""
    price: str = ""
    price_amount: int | None = None  # hundredths, when the price is a number
    text_changed: bool = False

    @property
    def answered(self) -> bool:
        return self.choice is not None

    @property
    def ambiguous(self) -> bool:
        return self.choice is None and bool(self.unclear_choice)


@dataclass(frozen=True, slots=True)
class Assessment:
    """One verdict on a vendor's answer to one item; the latest of an item's is its current one."""

    uid: str
    status: Status
    comment: str
    author: str
    at: str
    answer_set_id: int | None
