"""A small cache of result pages for the requirement list, keyed by page offset.

The list asks for row `i`; the cache answers from the page that holds it, or reads that page
through the fetch function it was given and forgets the least recently used page beyond
`max_pages`. A new query gets a new cache, so a page never mixes two results.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from kravtui.catalogue.search import Row

Fetch = Callable[[int, int], Sequence[Row]]


class PageCache:
    """Rows of one result, read a page at a time."""

    def __init__(self, fetch: Fetch, total: int, page_size: int, max_pages: int = 16) -> None:
        self._fetch = fetch
        self.total = total
        self.page_size = page_size
        self._max_pages = max_pages
        self._pages: OrderedDict[int, Sequence[Row]] = OrderedDict()

    def seed(self, offset: int, rows: Sequence[Row]) -> None:
        """Store a page that was already read (by the search worker)."""
        if offset % self.page_size == 0:
            self._store(offset, rows)

    def row(self, index: int) -> Row | None:
        """Row `index` of the result, or None past the end."""
        if not 0 <= index < self.total:
            return None
        offset = index - index % self.page_size
        page = self._pages.get(offset)
        if page is None:
            page = self._fetch(offset, self.page_size)
            self._store(offset, page)
        else:
            self._pages.move_to_end(offset)
        position = index - offset
        return page[position] if position < len(page) else None

    def index_of(self, uid: str) -> int | None:
        """Where a cached row with this uid is, without reading anything."""
        for offset, page in self._pages.items():
            for position, row in enumerate(page):
                if row.uid == uid:
                    return offset + position
        return None

    def _store(self, offset: int, rows: Sequence[Row]) -> None:
        self._pages[offset] = rows
        self._pages.move_to_end(offset)
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)
