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


def word_diff(before: str, after: str) -> list[Run]:
    """Runs that turn `before` into `after`, at word granularity (whitespace kept)."""
    old = _TOKEN.findall(before)
    new = _TOKEN.findall(after)
    runs: list[Run] = []
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(runs, Mark.EQUAL, "".join(old[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            _append(runs, Mark.DELETE, "".join(old[i1:i2]))
        if tag in ("insert", "replace"):
            _append(runs, Mark.INSERT, "".join(new[j1:j2]))
    return runs


def _append(runs: list[Run], mark: Mark, text: str) -> None:
    if not text:
        return
    if runs and runs[-1].mark is mark:
        runs[-1] = Run(mark, runs[-1].text + text)
    else:
        runs.append(Run(mark, text))
