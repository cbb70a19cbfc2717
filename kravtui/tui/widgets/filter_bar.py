"""The filter bar: a one-line input whose text filters the list as the user types.

It only reports the text; the main screen turns it into a search that runs off the UI thread.
Enter moves on to the list, so "type a word, press Enter, read" needs no other key.
"""

from __future__ import annotations

from textual.widgets import Input

from kravtui.i18n import t


class FilterBar(Input):
    """The text filter."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=t("tui.filter.placeholder"), id=id, select_on_focus=False)
