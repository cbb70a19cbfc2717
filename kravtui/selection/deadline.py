"""A selection's response deadline: which dates are accepted, and whether one has passed.

The deadline is the date by which vendors must answer, so a deadline before today makes a
document that asks for answers by a date before its own date. Both faces ask `judge_deadline`:
the CLI's `selection new`/`edit` and the TUI's form warn about a past date but save it (the
officer may still be drafting), and `finalise` refuses it unless the officer says so explicitly.

Accepted forms (decided once, for every face):

- ISO `YYYY-MM-DD` (`2027-03-01`), which is how a deadline is stored and exported;
- the Danish `DD-MM-YYYY` and `DD.MM.YYYY`, day and month also with one digit (`1.3.2027`),
  stored as ISO.

Nothing else is a date here: not `2027-3-1`, not `20270301`, not a week date, not `01/03/2027`
(which reads as 3 January in American usage). An empty deadline means "none" and is allowed.

"Today" comes from `today()`, a module-level function, so tests can set the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})", re.ASCII)
_DANISH = re.compile(
    r"(?P<day>\d{1,2})(?P<sep>[.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4})", re.ASCII
)


class DeadlineState(StrEnum):
    """How a deadline stands against today."""

    NONE = "none"  # no deadline given
    OK = "ok"  # today or later
    PAST = "past"  # before today
    INVALID = "invalid"  # not a date in an accepted form


@dataclass(frozen=True, slots=True)
class DeadlineJudgement:
    """A deadline as typed, what it means, and how it stands against today."""

    state: DeadlineState
    text: str  # as typed, stripped
    when: date | None = None

    @property
    def stored(self) -> str:
        """The value to store: the ISO date, "" for none, the text itself when invalid."""
        return self.when.isoformat() if self.when is not None else self.text


def today() -> date:
    """The date deadlines are judged against (tests replace this function)."""
    return date.today()


def parse_deadline(text: str) -> date | None:
    """The date `text` names in an accepted form, else None."""
    value = text.strip()
    found = _ISO.fullmatch(value) or _DANISH.fullmatch(value)
    if found is None:
        return None
    try:
        return date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:  # 31-02-2027, month 13 ...
        return None


def judge_deadline(text: str, on: date | None = None) -> DeadlineJudgement:
    """Whether `text` is no deadline, a date today or later, a past date, or not a date.

    `on` is the day to judge against (default `today()`)."""
    value = text.strip()
    if not value:
        return DeadlineJudgement(DeadlineState.NONE, "")
    when = parse_deadline(value)
    if when is None:
        return DeadlineJudgement(DeadlineState.INVALID, value)
    state = DeadlineState.PAST if when < (on or today()) else DeadlineState.OK
    return DeadlineJudgement(state, value, when)
