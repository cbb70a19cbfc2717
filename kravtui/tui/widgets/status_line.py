"""The status line: "N shown of M", the active filters, and read-only or busy markers.

Everything is plain text built with `Text`, so filter values with square brackets show as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from kravtui.i18n import t
from kravtui.tui.filter_state import Facet


def status_text(
    shown: int, total: int, facets: Sequence[Facet], *, read_only: bool, busy: bool
) -> Text:
    """The status line's content."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if read_only:
        text.append(f"[{t('tui.status.read_only')}] ", "bold")
    text.append(t("tui.status.shown", shown=f"{shown:,}", total=f"{total:,}"), "bold")
    if busy:
        text.append(f" {t('tui.status.searching')}")
    if facets:
        text.append(" · ")
        text.append(" · ".join(facet.label() for facet in facets))
    return text


class StatusLine(Static):
    """One line under the list."""

    def show(
        self, shown: int, total: int, facets: Sequence[Facet], *, read_only: bool, busy: bool
    ) -> None:
        """Show the counts and the filters."""
        self.update(status_text(shown, total, facets, read_only=read_only, busy=busy))
