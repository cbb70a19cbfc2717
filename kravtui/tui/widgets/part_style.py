"""The colour of a marked part of a list line (a uid, a priority, a failed minimum): its own
component style, made readable on the line's background; on the cursor line, the line's colour
in bold. Shared by the selection's item list and the answers grid."""

from __future__ import annotations

from collections.abc import Collection

from rich.style import Style
from textual.widget import Widget

from kravtui.tui.contrast import readable
from kravtui.tui.widgets.item_view import PART_META


def part_style(
    widget: Widget, base: Style, own: Style | None, component: str, accented: Collection[str]
) -> Style:
    """`own` over the line's style `base`; a part in `accented` gets the widget's
    `{component}--{part}` colour."""
    if own is None:
        return base
    part = own.meta.get(PART_META) if own.meta else None
    if part is None:
        return base + own
    accent = Style(color=base.color)
    if base.bgcolor != widget.rich_style.bgcolor:  # the cursor line: its colour, in bold
        accent += Style(bold=True)
    elif part in accented:
        accent = widget.get_component_rich_style(f"{component}--{part}", partial=True)
    return base + readable(accent, base, monochrome=widget.app.no_color)
