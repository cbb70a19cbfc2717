"""The one error an import or export reports to the user: where, and why.

`InterchangeError` carries the file, the line (when known), the dotted key path (when known) and
a translated reason; its text reads like a compiler message, `FILE:LINE: KEY: reason`, with the
missing parts left out, so editors and terminals can jump to the place.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from kravtui.catalogue.catalogue_errors import CatalogueError
from kravtui.catalogue.engine_errors import EngineError, EnginePermissionError
from kravtui.i18n import t


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


@contextmanager
def import_refusals(source: str) -> Iterator[None]:
    """Around an import's writes: a write the catalogue refuses (a classification removed by
    someone else meanwhile, the file locked, a constraint) becomes `source`'s one line, "import
    refused, nothing was changed: ..."; a refusal by a PostgreSQL server's roles passes as it
    is, its text the line that names the role (`kravtui.catalogue.postgres_refusal`)."""
    try:
        yield
    except EnginePermissionError:
        raise
    except (CatalogueError, sqlite3.IntegrityError, sqlite3.OperationalError, EngineError) as error:
        raise InterchangeError(source, t("interchange.import_refused", error=error)) from error
