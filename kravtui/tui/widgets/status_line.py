"""The status line: "N shown of M", the active filters, and read-only or busy markers; at its
right, the current selection and how many are ticked in it (never cut off by long filters).

Everything is plain text built with `Text`, so filter values with square brackets show as typed.
The line has a fixed height, so updating it never asks for a new layout.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from kravtui.i18n import current_language, t
from kravtui.tui.filter_state import Facet


def number(value: int) -> str:
    """A count with thousands separators as the language writes them (100.000 / 100,000)."""
    text = f"{value:,}"
    return text.replace(",", ".") if current_language() == "da" else text


def status_text(
    shown: int,
    total: int,
    facets: Sequence[Facet],
    *,
    exact: bool = True,
    read_only: bool = False,
    busy: bool = False,
    stale: bool = False,
) -> Text:
    """The status line's content; `exact` is False while the matches are still being counted;
    `stale`: the search for `facets` failed, and the list shows the result before it."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if read_only:
        text.append(f"[{t('tui.status.read_only')}] ", "bold")
    shown_text = number(shown) if exact else f"{number(shown)}+"
    text.append(t("tui.status.shown", shown=shown_text, total=number(total)), "bold")
    if busy:
        text.append(f" {t('tui.status.searching')}")
    if stale:
        text.append(f" {t('tui.status.stale')}", "bold")
    if facets:
        text.append(" · ")
        text.append(" · ".join(facet.label() for facet in facets))
    return text


class StatusLine(Static):
    """One line under the list."""

    def show(self, text: Text, right: Text | None = None) -> None:
        """Show a status made by `status_text`, and `right` right-aligned after it."""
        if right is None:
            self.update(text, layout=False)
            return
        grid = Table.grid(expand=True, padding=(0, 0, 0, 2))
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(text, right)
        self.update(grid, layout=False)
