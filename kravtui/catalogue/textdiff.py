"""Word-level differences between two texts, for history and semantic diffs.

`word_diff` splits both texts into words (each with the whitespace after it) and returns runs marked
equal, inserted or deleted, so a UI can underline exactly the words that changed in a long text.
Which fields of a requirement changed is `RequirementContent.differences`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

_TOKEN = re.compile(r"^\s+|\S+\s*")  # a word with the whitespace after it


class Mark(StrEnum):
    """What happened to a run of text."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text and its mark."""

    mark: Mark
    text: str


# Word pairs compared exactly; beyond this the middle parts are matched with difflib's
# "autojunk" (words making up more than 1% of a long text only extend matches), so a huge or
# very repetitive text (a hostile file) costs seconds at most, not hours.
EXACT_PAIRS = 4_000_000


def word_diff(before: str, after: str) -> list[Run]:
    """Runs that turn `before` into `after`, at word granularity (whitespace kept).

    The words both texts start and end with are equal runs without further search; only the
    middle, where the texts differ, is matched (see `EXACT_PAIRS`)."""
    old = _TOKEN.findall(before)
    new = _TOKEN.findall(after)
    shortest = min(len(old), len(new))
    start = 0
    while start < shortest and old[start] == new[start]:
        start += 1
    end = 0
    while end < shortest - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    runs: list[Run] = []
    _append(runs, Mark.EQUAL, "".join(old[:start]))
    junk = len(old_middle) * len(new_middle) > EXACT_PAIRS
    matcher = SequenceMatcher(a=old_middle, b=new_middle, autojunk=junk)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(runs, Mark.EQUAL, "".join(old_middle[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(runs, Mark.DELETE, "".join(old_middle[i1:i2]))
        if tag in ("insert", "replace"):
            _append(runs, Mark.INSERT, "".join(new_middle[j1:j2]))
    _append(runs, Mark.EQUAL, "".join(old[len(old) - end :]))
    return runs


def _append(runs: list[Run], mark: Mark, text: str) -> None:
    if not text:
        return
    if runs and runs[-1].mark is mark:
        runs[-1] = Run(mark, runs[-1].text + text)
    else:
        runs.append(Run(mark, text))
