"""Fixed vocabularies of the catalogue: importance levels, flags and answers."""

from __future__ import annotations

import re
from enum import StrEnum


class Importance(StrEnum):
    """A requirement's priority ("prioritet"), from least to most binding."""

    OPTIONAL = "optional"
    NORMAL = "normal"
    HIGH = "high"
    ABSOLUTE = "absolute"

    @property
    def label_key(self) -> str:
        """The translation key of this level's label."""
        return f"importance.{self.value}"


IMPORTANCE_ORDER: tuple[Importance, ...] = (
    Importance.OPTIONAL,
    Importance.NORMAL,
    Importance.HIGH,
    Importance.ABSOLUTE,
)

# Boolean flags of a requirement, in the order they are written everywhere.
FLAGS: tuple[str, ...] = (
    "info_requirement",
    "favourite",
    "all_domains",
    "all_tags",
    "relevant_saas",
    "relevant_on_premise",
    "deleted",
)

# Free-text fields of a requirement, in the order they are written everywhere.
TEXT_FIELDS: tuple[str, ...] = (
    "stakeholders",
    "description",
    "rationale",
    "help_text",
    "notes",
)

# Whole-value patterns: use `fullmatch`. `\A` and `\Z` (never `^` and `$`, which also match before
# a trailing newline) keep even a `match` from accepting "SIK-014\n".
UID_PATTERN = re.compile(r"\A[A-Z][A-Z0-9]{0,9}-[0-9]{1,6}\Z")
PREFIX_PATTERN = re.compile(r"\A[A-Z][A-Z0-9]{0,9}\Z")


def uid_sort_key(uid: str) -> tuple[str, int, str]:
    """Sort uids by prefix, then numerically by number (SIK-2 before SIK-10); any other key (a
    file may hold one) by its text."""
    prefix, _, number = uid.rpartition("-")
    if number.isascii() and number.isdigit() and len(number) <= 18:
        return (prefix, int(number), uid)
    return (uid, -1, uid)
