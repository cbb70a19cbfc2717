"""The footer: every key of the task at hand, each shown whole, on two lines when one is short.

Textual's `Footer` lays every shown binding out in one row and lets the terminal cut the row
wherever it ends (`a Vælg de ▏` at 80 columns). `KeyFooter` shows every binding the screen
shows, whole, on one line when they fit there, else on two (the main screen at 80 columns has
thirteen keys: the officer's, the editor's, the palette, quit and help), wrapped between two
keys; the app's own keys (the palette, quit, help) begin the last line when the screen's keys
fit on the lines before it. Where even two lines are too few (the Besvarelser screen at 80
columns), the keys are taken by how much they are wanted: first the help key (it leads to every
other key), then the keys of the screen's task (`KeySpec.rank` TASK, the palette and quit
among them), then the usual ones, then the spare ones, each group in the order the bindings
come (focused widget first), up to the first that does not fit: the rest is left out, never
cut, and a less wanted key never takes the place of one left out. The keys shown keep their
order, with help always last. The footer never takes a third line, and a second only when the
keys need it, so the list above keeps its rows.

A screen may keep a key bound but leave it out of its footer for now, where the key would only
be refused (Space in the Deleted view, `N` outside the categories): its `footer_leaves_out`
(action name -> bool) says so, and the key still says why when pressed.

The help key shows as `?` wherever `?` opens help; while a text field has the focus, `?` is
text and the footer shows `f1` instead (the binding's next key). The layout is worked out again
when the bindings change and when the width does; when the same keys stay on the same lines and
only what they say changes (Esc's label as the filter gets its first character, on every phrase
typed), the keys are relabelled in place instead, which costs a redraw, not a new set of widgets.
A dialog's footer is as high as the footer of the screen beneath it, with an empty line above
its keys, so that the other screen's first line of keys does not show above the dialog's as if
they were its own. The screen carries the class `-footer-two-lines` while its footer has two, so
that what stands above the footer (the notifications) moves up a line.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets import Footer

from kravtui.tui.keys import APP_KEYS, HELP_ID, rank_of
from kravtui.tui.textual_internals import FooterKey, footer_bindings_ready

Shown = tuple[Binding, bool, str]  # a binding, whether it is enabled now, its tooltip

MAX_LINES = 2
APP_KEY_IDS = frozenset(spec.id for spec in APP_KEYS)
TWO_LINES = "-footer-two-lines"
"""The class of a screen whose footer has two lines."""


class FooterLine(HorizontalGroup):
    """One line of the footer's keys."""


class KeyFooter(Footer):
    """A footer of one line, or two where the keys need them, with whole labels only, and help
    always."""

    DEFAULT_CSS = """
    KeyFooter {
        layout: vertical;
        height: auto;
        max-height: 2;
    }
    KeyFooter > FooterLine {
        height: 1;
        width: 100%;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, show_command_palette=False, compact=True)
        self._laid_out_for = 0

    def candidates(self) -> list[Shown]:
        """Every binding the footer may show now, one per action, in binding order."""
        leaves_out = getattr(self.screen, "footer_leaves_out", None)
        seen: set[str] = set()
        found: list[Shown] = []
        for _, binding, enabled, tooltip in self.screen.active_bindings.values():
            if callable(leaves_out) and leaves_out(binding.action):
                continue
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                found.append((binding, enabled, tooltip))
        return found

    def label_width(self, binding: Binding) -> int:
        """Cells the key takes in a compact footer: key, space, description, and the margin."""
        key = self.app.get_key_display(binding)
        description = binding.description
        return cell_len(key) + (1 + cell_len(description) if description else 0) + 1

    def lines(self, width: int) -> list[list[Shown]]:
        """The bindings that fit in `width` cells, line by line: on one line when all fit,
        else on two, and when two are too few, help first, then by rank, then in order."""
        found = self.candidates()
        widths = [self.label_width(binding) for binding, _, _ in found]
        order = sorted(
            range(len(found)),
            key=lambda i: (found[i][0].id != HELP_ID, rank_of(found[i][0].id or ""), i),
        )
        allowed = 1 if len(_wrapped(order, found, widths, width)) == 1 else MAX_LINES
        kept: list[int] = []
        for index in order:
            too_wide = widths[index] > width + 1
            if too_wide or len(_wrapped([*kept, index], found, widths, width)) > allowed:
                break  # a less wanted key never takes the place of one left out
            kept.append(index)
        return [[found[i] for i in line] for line in _wrapped(kept, found, widths, width)]

    def chosen(self, width: int) -> list[Shown]:
        """The bindings shown in `width` cells, in the order they are drawn."""
        return [shown for line in self.lines(width) for shown in line]

    def drawn_lines(self, width: int) -> list[list[Shown]]:
        """`lines`, after as many empty lines as a dialog's footer needs to cover the footer of
        the screen beneath it (whose first line would show above it as if it were its own)."""
        lines = self.lines(width)
        return [[] for _ in range(self._lines_beneath() - len(lines))] + lines

    def _lines_beneath(self) -> int:
        screen, stack = self.screen, self.app.screen_stack
        if not screen.is_modal or screen not in stack or stack.index(screen) == 0:
            return 0
        below = stack[stack.index(screen) - 1].query(KeyFooter)
        return max((len(footer.query_children(FooterLine)) for footer in below), default=0)

    def compose(self) -> ComposeResult:
        if not footer_bindings_ready(self):
            return
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        lines = self.drawn_lines(width)
        self.screen.set_class(len(lines) > 1, TWO_LINES)
        for line in lines:
            with FooterLine():
                for binding, enabled, tooltip in line:
                    yield FooterKey(
                        binding.key,
                        self.app.get_key_display(binding),
                        binding.description,
                        binding.action,
                        disabled=not enabled,
                        tooltip=tooltip or binding.tooltip,
                    ).data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings changed: after the next refresh, relabel or lay out again."""
        if not footer_bindings_ready(self):
            super().bindings_changed(screen)  # the first time: Textual's footer composes
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._follow_bindings)

    async def _follow_bindings(self) -> None:
        if not self.is_attached:
            return  # its screen has closed since (Textual's recompose does nothing then)
        if not self._relabel():
            await self.recompose()

    def _relabel(self) -> bool:
        """Give the shown keys their new labels when the same keys, enabled or not as before,
        are still the ones that fit, on the same lines; False (nothing changed) when the layout
        must be redone."""
        width = self.size.width or self.app.size.width
        if width != self._laid_out_for:
            return False
        drawn = [list(line.query_children(FooterKey)) for line in self.query_children(FooterLine)]
        lines = self.drawn_lines(width)
        if [len(line) for line in drawn] != [len(line) for line in lines]:
            return False
        keys = [key for line in drawn for key in line]
        chosen = [shown for line in lines for shown in line]
        if any(
            key.key != binding.key or key.has_class("-disabled") == enabled
            for key, (binding, enabled, _) in zip(keys, chosen, strict=True)
        ):
            return False
        for key, (binding, _, tooltip) in zip(keys, chosen, strict=True):
            display = self.app.get_key_display(binding)
            if (key.key_display, key.description) != (display, binding.description):
                key.key_display, key.description = display, binding.description
                key.refresh(layout=True)
            key.action = binding.action
            shown_tip = tooltip or binding.tooltip or None  # as a new FooterKey would have it
            if key.tooltip != shown_tip:
                key.tooltip = shown_tip
        return True

    def on_resize(self, event: events.Resize) -> None:
        if footer_bindings_ready(self) and event.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)


def _wrapped(
    indexes: list[int], found: list[Shown], widths: list[int], width: int
) -> list[list[int]]:
    """`indexes` in the order they are drawn (binding order, help last), broken into lines of
    `width` cells between two keys (the last key's margin may fall outside a line). The app's
    own keys (the palette, quit, help) begin a line of their own where the screen's keys fit
    on the lines before and theirs on one."""
    drawn = sorted(indexes, key=lambda i: (found[i][0].id == HELP_ID, i))
    screens = [i for i in drawn if found[i][0].id not in APP_KEY_IDS]
    apps = [i for i in drawn if found[i][0].id in APP_KEY_IDS]
    greedy = _greedy(drawn, widths, width)
    if len(greedy) < 2 or not screens or not apps:
        return greedy
    parted = [*_greedy(screens, widths, width), *_greedy(apps, widths, width)]
    return parted if len(parted) == len(greedy) else greedy


def _greedy(drawn: list[int], widths: list[int], width: int) -> list[list[int]]:
    lines: list[list[int]] = []
    used = 0
    for index in drawn:
        if not lines or used + widths[index] > width + 1:
            lines.append([])
            used = 0
        lines[-1].append(index)
        used += widths[index]
    return lines
