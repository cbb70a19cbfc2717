"""Readable coloured words: WCAG contrast between two colours, and a colour moved until it reads.

Themes choose their accent colours (`$error`, `$warning`) for borders and badges, not for text
on every background: red on a dark surface is about 2.5:1, and under `NO_COLOR` Textual turns
it into a dark grey. Widgets that draw a priority word in an accent colour pass it through
`readable`, which keeps the hue but lightens or darkens it until it stands out from its
background by at least WCAG's 4.5:1 (measured in grey when the app draws without colour).
"""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color

MINIMUM_CONTRAST = 4.5
_WHITE = Color(255, 255, 255)
_BLACK = Color(0, 0, 0)


def relative_luminance(color: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour (0 black .. 1 white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def as_color(color: RichColor, *, foreground: bool = True) -> Color:
    """A Rich colour as the RGB colour a terminal with Rich's default palette shows (the
    terminal's default colour as that palette's foreground or background)."""
    red, green, blue = color.get_truecolor(foreground=foreground)
    return Color(red, green, blue)


def readable_color(
    foreground: Color, background: Color, minimum: float = MINIMUM_CONTRAST
) -> Color:
    """`foreground`, blended towards white or black (whichever the background allows more
    contrast with) just far enough to reach `minimum` against `background`."""
    if contrast_ratio(foreground, background) >= minimum:
        return foreground
    target = max((_WHITE, _BLACK), key=lambda extreme: contrast_ratio(extreme, background))
    for step in range(1, 21):
        candidate = foreground.blend(target, step / 20)
        if contrast_ratio(candidate, background) >= minimum:
            return candidate
    return target


def readable(accent: Style, base: Style, *, monochrome: bool) -> Style:
    """`accent` laid over `base`, with its colour made readable on `base`'s background.

    With `monochrome` (the app draws without colour, NO_COLOR) a hue means nothing and would
    only become a darker grey than the text around it, so the word takes the text's own colour
    (a Mindstekrav stays bold), turned grey the way Textual's NO_COLOR filter does.
    """
    if accent.color is None or base.bgcolor is None:
        return accent
    if monochrome and base.color is not None:
        accent += Style(color=base.color)
    assert accent.color is not None
    foreground, background = as_color(accent.color), as_color(base.bgcolor, foreground=False)
    if monochrome:
        foreground, background = foreground.monochrome, background.monochrome
    color = readable_color(foreground, background)
    return accent + Style(color=color.rich_color)
