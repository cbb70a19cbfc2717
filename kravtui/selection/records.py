"""Plain records of selections ("kravspecifikationer") and their items."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from kravtui.catalogue.vocabulary import Importance


class Answer(StrEnum):
    """A questionnaire answer to one tag's question; don't-know counts as yes."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @property
    def counts_as_yes(self) -> bool:
        return self is not Answer.NO


class Status(StrEnum):
    """A selection is a draft until it is marked final; a final one cannot change."""

    DRAFT = "draft"
    FINAL = "final"


@dataclass(frozen=True, slots=True)
class SelectionInfo:
    """The metadata of a selection, as the user edits it."""

    title: str
    description: str = ""
    organisation: str = ""
    contact: str = ""
    deadline: str = ""  # ISO date or ""
    domains: tuple[str, ...] = ()
    priority_enabled: bool = True
    language: str = "da"
    prices_requested: bool = True  # the document and the answer sheet ask vendors for prices


@dataclass(frozen=True, slots=True)
class Selection:
    """A stored selection with its questionnaire answers."""

    id: int
    info: SelectionInfo
    answers: dict[str, Answer]
    status: Status
    version: int
    created_at: str
    updated_at: str

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def is_final(self) -> bool:
        return self.status is Status.FINAL


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The fields of a requirement copied into a selection when it is ticked."""

    uid: str
    title: str
    description: str = ""
    rationale: str = ""
    help_text: str = ""
    category: str = ""
    subcategory: str = ""
    importance: Importance = Importance.NORMAL

    def differences(self, other: Snapshot) -> tuple[str, ...]:
        """Names of the fields whose values differ between the two snapshots."""
        return tuple(
            name for name in SNAPSHOT_FIELDS if getattr(self, name) != getattr(other, name)
        )


SNAPSHOT_FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "rationale",
    "help_text",
    "category",
    "subcategory",
    "importance",
)


@dataclass(frozen=True, slots=True)
class SelectionItem:
    """One requirement in a selection: a snapshot, or a free-text requirement."""

    id: int
    snapshot: Snapshot
    requirement_id: int | None
    catalogue_version: int | None
    ticked: bool
    edited: bool
    why: tuple[str, ...] = ()
    catalogue_changed: bool = False  # the catalogue entry changed after it was taken
    catalogue_missing: bool = False  # the catalogue entry was deleted

    @property
    def uid(self) -> str:
        return self.snapshot.uid

    @property
    def is_free_text(self) -> bool:
        return self.requirement_id is None and self.catalogue_version is None

    @property
    def drifted(self) -> bool:
        return self.catalogue_changed or self.catalogue_missing


def encode_why(reasons: tuple[str, ...]) -> str:
    """Reasons as stored in the database."""
    return json.dumps(list(reasons), ensure_ascii=False) if reasons else ""


def decode_why(text: str) -> tuple[str, ...]:
    """The inverse of `encode_why`."""
    return tuple(json.loads(text)) if text else ()
