"""The one place that touches Textual's private API (Textual is pinned in pyproject.toml).

Where Textual offers public API the TUI uses it; what is left has no public way yet and lives
here, each pinned by `tests/tui/test_textual_internals.py`, so a Textual upgrade that changes
one fails one test there rather than the app. Everything else imports these names from here.

Internals relied on, and why:

- `textual.widgets._footer.FooterKey`: the footer's key widget. `KeyFooter` composes only the
  keys that fit whole, so it builds the same widgets Textual's `Footer` does.
- `Footer._bindings_ready`: whether the screen's bindings are known yet; `KeyFooter` composes
  nothing before that, as Textual's `Footer` does (`footer_bindings_ready`).
- `DOMNode._bindings`: a node's own binding map. Textual merges `BINDINGS` once, when the
  class is defined, which would freeze descriptions in the language current at import time;
  the TUI gives each node its bindings in the current language (`add_bindings`), and a test
  reads them back to check that each has its action (`bindings_of`).
- `textual.widgets._select.SelectOverlay._merged_bindings`: the drop-down list's bindings,
  built once per class; its "Dismiss menu" is relabelled in the user's language
  (`relabel_select_overlay`). Textual exports no way to reach the overlay.
- `CommandPalette._start_no_matches_countdown` (with `_stop_no_matches_countdown`,
  `_no_matches_timer`, `_NO_MATCHES`, `_NO_MATCHES_COUNTDOWN`, `_list_visible`): the
  palette's "No matches found" line is English text inside that method; `PaletteWithNoMatches`
  lets a subclass give the line (`no_matches_prompt`).
- `ToggleButton._button`: how a check box draws its box; `GlyphCheckbox` lets a subclass pick
  the glyph inside it (`inner_glyph`), so unticked is a blank, not a dimmed `X`.
- `SelectionList._selected`: the chosen values as a dict, for an O(1) "is it chosen" while
  drawing each line (the public `selected` builds a list each time) (`is_selected`).
  `SelectionList` draws its boxes with `ToggleButton.BUTTON_INNER`, the same glyph as the
  public `Checkbox.BUTTON_INNER` (`SELECTION_BOX_INNER`).
- `OptionList._get_left_gutter_width`: the cells before each option, so the options wrap
  within the width left after a gutter the subclass draws (`OptionListWithGutter`).
- `OptionList._lines` and `OptionList._index_to_line`: which option (and which line of it)
  each screen line shows, to keep the highlighted option in view and mark only its first line
  (`option_lines`, `first_line_of`).
- `textual.widgets._toast.Toast`: the notification widget; tests look for leftover toasts.
- `App._notifications`, `App._unnotify`, `Toast._notification` and `Toast._expire`: the
  notifications shown now, and taking one away with its toast; Textual's public API clears
  them all at once (`clear_notifications`), but a notice that is no longer true ("the server
  does not answer", once it answers) goes alone (`withdraw_notifications`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingsMap
from textual.command import CommandList, CommandPalette
from textual.content import Content
from textual.dom import DOMNode
from textual.style import Style
from textual.widgets import Checkbox, Footer, OptionList, SelectionList
from textual.widgets._footer import FooterKey
from textual.widgets._select import SelectOverlay
from textual.widgets._toast import Toast
from textual.widgets.option_list import Option

__all__ = [
    "SELECTION_BOX_INNER",
    "FooterKey",
    "GlyphCheckbox",
    "OptionListWithGutter",
    "PaletteWithNoMatches",
    "Toast",
    "add_bindings",
    "bindings_of",
    "first_line_of",
    "footer_bindings_ready",
    "is_selected",
    "option_lines",
    "relabel_select_overlay",
    "withdraw_notifications",
]

SELECTION_BOX_INNER = Checkbox.BUTTON_INNER
"""The glyph `SelectionList` draws inside every box, ticked or not."""


def footer_bindings_ready(footer: Footer) -> bool:
    """Whether `footer` has been told the screen's bindings (it shows none before)."""
    return bool(footer._bindings_ready)


def withdraw_notifications(app: App[Any], message: str) -> None:
    """Take every notification showing `message` (as shown: plain text) off the screen, and
    leave the others with their time left.

    A toast on the screen goes as when its time is up (`Toast._expire`), with its holder:
    Textual's own way (`_unnotify`, as `clear_notifications`) removes the toast alone, and the
    empty holder left behind pushes the next toasts of a rack at the top out of it."""
    gone = [shown for shown in app._notifications if str(shown.message) == message]
    for toast in app.screen.query(Toast):
        if toast._notification in gone:
            toast._expire()
    for notification in gone:
        if notification in app._notifications:  # not on this screen
            app._unnotify(notification)


def add_bindings(node: DOMNode, bindings: Iterable[Binding]) -> None:
    """Give `node` these bindings, ahead of the ones it has (its class's, or added before)."""
    node._bindings = BindingsMap.merge([BindingsMap(bindings), node._bindings])


def bindings_of(node: DOMNode) -> list[Binding]:
    """Every binding `node` has, in order: those added, then its class's."""
    return [binding for _, binding in node._bindings]


def relabel_select_overlay(action: str, description: str) -> None:
    """Every drop-down list's binding for `action` is shown with `description`."""
    merged = SelectOverlay._merged_bindings or BindingsMap()
    SelectOverlay._merged_bindings = BindingsMap(
        [
            replace(binding, description=description) if binding.action == action else binding
            for _, binding in merged
        ]
    )


class PaletteWithNoMatches(CommandPalette):
    """A command palette whose "no matches" line a subclass gives (`no_matches_prompt`)."""

    def no_matches_prompt(self) -> RenderableType:
        """The line shown when a search finds no command (Textual's own, unless overridden)."""
        return Text("No matches found", style="dim")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's countdown, with the subclass's line in the option it adds."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(self.no_matches_prompt(), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class GlyphCheckbox(Checkbox):
    """A check box whose box shows `inner_glyph()` (Textual's always shows `BUTTON_INNER`)."""

    def inner_glyph(self) -> str:
        """What the box shows inside."""
        return self.BUTTON_INNER

    @property
    def _button(self) -> Content:
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background, background=self.background_colors[1])
        return Content.assemble(
            (self.BUTTON_LEFT, side_style),
            (self.inner_glyph(), button_style),
            (self.BUTTON_RIGHT, side_style),
        )


def is_selected(selection_list: SelectionList[str], value: str) -> bool:
    """Whether `value` is chosen in `selection_list` (without building the list of them)."""
    return value in selection_list._selected


class OptionListWithGutter(OptionList):
    """An option list that leaves `LEFT_GUTTER` cells before every line for its subclass."""

    LEFT_GUTTER: ClassVar[int] = 0

    def _get_left_gutter_width(self) -> int:
        return self.LEFT_GUTTER


def option_lines(option_list: OptionList) -> Sequence[tuple[int, int]]:
    """For each line of the list: its option's index and the line's number within the option."""
    return option_list._lines


def first_line_of(option_list: OptionList, index: int) -> int | None:
    """The list's line where option `index` starts (None before the lines are measured)."""
    return option_list._index_to_line.get(index)
