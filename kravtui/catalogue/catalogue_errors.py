"""The refusals of opening, creating or changing a catalogue, on either engine.

They live apart from `kravtui.catalogue.db` (which re-exports them, as it always named them) so
that the PostgreSQL modules, which `db` calls for a PostgreSQL location, can raise them without
importing `db` back.
"""

from __future__ import annotations


class CatalogueError(Exception):
    """A catalogue cannot be opened or changed; the message is for the user."""


class NewerSchemaError(CatalogueError):
    """The catalogue was written by a newer kravtui than this one."""


class NotEmptyError(CatalogueError):
    """A new catalogue was asked for in a PostgreSQL schema that already holds tables."""
