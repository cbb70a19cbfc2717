"""A form line whose label is marked while its field has the focus.

Textual restyles a node whose `:focus-within` changes but not that node's children, so a CSS
rule such as `.row:focus-within .label` keeps drawing the label of the field the focus has just
left (and misses the one it moved to). The row instead marks itself with the `-has-focus` class
on its descendants' focus and blur events; a class change restyles the children too.
"""

from __future__ import annotations

from textual import events
from textual.containers import Horizontal

HAS_FOCUS = "-has-focus"


class FieldRow(Horizontal):
    """A horizontal form line; style its label with `.ROW.-has-focus .LABEL`."""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.add_class(HAS_FOCUS)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.remove_class(HAS_FOCUS)
