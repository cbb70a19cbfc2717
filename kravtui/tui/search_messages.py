"""The messages the main screen's workers post back to it: a page of the result, its total,
the facet counts, or the error that stopped a search.

Each carries the search generation it answers (a snapshot carries it inside), so the screen
drops an answer to a search the user has already typed past.
"""

from __future__ import annotations

from textual.message import Message

from kravtui.application.catalogue_session import ListSnapshot
from kravtui.catalogue.search import FacetCounts


class SnapshotReady(Message):
    """A search worker finished."""

    def __init__(self, snapshot: ListSnapshot) -> None:
        super().__init__()
        self.snapshot = snapshot


class TotalReady(Message):
    """The search worker has counted every match."""

    def __init__(self, generation: int, total: int) -> None:
        super().__init__()
        self.generation = generation
        self.total = total


class SearchFailed(Message):
    """A worker's query raised an error; the user is told and the app goes on."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class FacetsReady(Message):
    """A facet-count worker finished."""

    def __init__(self, generation: int, counts: FacetCounts) -> None:
        super().__init__()
        self.generation = generation
        self.counts = counts
