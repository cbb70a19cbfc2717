"""The terminal UI's guard: no control or bidi character from any text reaches the terminal raw.

Textual and Rich pass ESC, C1 controls and bidi overrides in a widget's text straight to the
terminal (Rich drops only a few C0 codes), so a requirement titled ``"\\x1b]0;PWNED\\x07"`` would
retitle the terminal from the list, the detail pane, a form field or a notification.
`VisibleTextFilter` is a Textual line filter, which the app applies to every line of every widget
before it is written: each dangerous character becomes its visible escape
(`kravtui.i18n.visible_text`), and since those characters take no cell the line is then cut back
to its width (the escape takes cells at the end of the line). The widgets that show catalogue text
(list rows, the detail pane, selection items, notifications) escape it themselves before layout,
so their lines wrap and align around the escape; the filter catches what any other widget shows,
including text being edited in a form.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from kravtui.i18n.visible_text import DANGEROUS, visible


class VisibleTextFilter(LineFilter):
    """Writes control and bidi characters of a line as visible escapes, keeping its width."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not DANGEROUS.search("".join(segment.text for segment in segments)):
            return segments
        width = Segment.get_line_length(segments)
        shown = [
            segment
            if segment.control or not DANGEROUS.search(segment.text)
            else Segment(visible(segment.text), segment.style)
            for segment in segments
        ]
        return list(Segment.adjust_line_length(shown, width))
