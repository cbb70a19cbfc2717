"""The one error an import or export reports to the user: where, and why.

`InterchangeError` carries the file, the line (when known), the dotted key path (when known) and
a translated reason; its text reads like a compiler message, `FILE:LINE: KEY: reason`, with the
missing parts left out, so editors and terminals can jump to the place.
"""

from __future__ import annotations


class InterchangeError(Exception):
    """A file could not be read, parsed, validated, imported or written; nothing was changed."""

    def __init__(
        self, source: str, reason: str, *, line: int | None = None, key: str | None = None
    ) -> None:
        self.source = source
        self.line = line
        self.key = key
        self.reason = reason
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """`FILE:LINE: KEY: reason`, leaving out what is not known."""
        place = self.source if self.line is None else f"{self.source}:{self.line}"
        parts = [place] if place else []
        if self.key:
            parts.append(self.key)
        parts.append(self.reason)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self.message
