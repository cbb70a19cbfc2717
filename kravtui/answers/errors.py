"""The one error of the market dialogue's services: an action refused, a message for the user."""

from __future__ import annotations

from kravtui.catalogue.db import CatalogueError


class AnswersError(CatalogueError):
    """An answer file or an assessment that cannot be taken; nothing was changed."""
