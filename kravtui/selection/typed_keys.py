"""Uids and names as a user typed them: whether a catalogue can look them up at all.

A uid or a name typed on the command line (or read from a file) may hold what no stored uid or
name holds: a NUL (PostgreSQL's text cannot hold one, SQLite's can) or a lone surrogate (how
Python keeps bytes that are not UTF-8, which neither engine can be sent). Such a key names
nothing in any catalogue, so the services treat it as unknown, with the same one-line answer as
any other unknown uid, instead of sending it to the engine, which would fail on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(key: str) -> bool:
    """Whether `key` could be stored in (and so looked up in) a catalogue on either engine."""
    return _UNSTORABLE.search(key) is None


def storable_only(keys: Iterable[str]) -> list[str]:
    """`keys` without those no catalogue could hold (see `storable`), in their order."""
    return [key for key in keys if _UNSTORABLE.search(key) is None]
