"""Reading the words a vendor's file uses back into choices and priority levels.

A returned file names a choice by its label in either language, as the drop-down wrote it
("Ja, som tilkøb") or as a person types it ("ja som et tilkøb", "JA DELVIST", "Yes, partially"),
or by its code ("yes_addon"). Case, commas, full stops and spacing do not matter. Two choices in
one answer ("Ja / Nej") or a word that is none of them is unclear, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kravtui.answers.records import CHOICE_ORDER, STATUS_ORDER, Choice, Status
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.i18n import t

# OS2kravmotor's own wordings beside kravtui's labels.
_EXTRA_WORDS: dict[str, Choice] = {
    "ja som et tilkøb": Choice.YES_ADDON,
    "ja som tilkøb": Choice.YES_ADDON,
    "ja tilkøb": Choice.YES_ADDON,
    "yes as an addon": Choice.YES_ADDON,
    "yes addon": Choice.YES_ADDON,
    "ja delvis": Choice.YES_PARTIAL,
    "yes partly": Choice.YES_PARTIAL,
    "yes partial": Choice.YES_PARTIAL,
    "ikke relevant": Choice.NOT_RELEVANT,
    "not applicable": Choice.NOT_RELEVANT,
}

_PUNCTUATION = re.compile(r"[.,;:!\-_/()]+")


def _key(text: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


@cache
def _choice_words() -> dict[str, Choice]:
    words = {_key(word): choice for word, choice in _EXTRA_WORDS.items()}
    for choice in CHOICE_ORDER:
        words[_key(choice.value)] = choice
        for language in ("da", "en"):
            words[_key(t(choice.label_key, language))] = choice
    return words


@dataclass(frozen=True, slots=True)
class ReadChoice:
    """A choice read from a file: the choice, or None with `unclear` holding what was written
    when it named no single choice ('' when nothing was written)."""

    choice: Choice | None
    unclear: str = ""


def read_choice(text: str) -> ReadChoice:
    """The choice `text` names (see the module's rules)."""
    written = " ".join(text.split())
    if not written:
        return ReadChoice(None)
    found = _choice_words().get(_key(written))
    if found is not None:
        return ReadChoice(found)
    return ReadChoice(None, written)


def choice_label(choice: Choice, language: str) -> str:
    """The choice's label in `language` ("Ja, som tilkøb" / "Yes, as an add-on")."""
    return t(choice.label_key, language)


@cache
def _priority_words() -> dict[str, Importance]:
    words: dict[str, Importance] = {}
    for importance in IMPORTANCE_ORDER:
        words[_key(importance.value)] = importance
        for language in ("da", "en"):
            words[_key(t(importance.label_key, language))] = importance
    return words


def read_priority(text: str) -> Importance | None:
    """The priority level a label names in either language or by its code, else None."""
    return _priority_words().get(_key(text))


@cache
def _status_words() -> dict[str, Status]:
    words: dict[str, Status] = {}
    for status in STATUS_ORDER:
        words[_key(status.value)] = status
        for language in ("da", "en"):
            words[_key(t(status.label_key, language))] = status
    return words


def read_status(text: str) -> Status | None:
    """The assessment a word names (its code, or its label in either language), else None."""
    return _status_words().get(_key(text))
