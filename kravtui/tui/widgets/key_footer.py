"""The footer: the keys of the task at hand, each shown whole, and always the way to the rest.

Textual's `Footer` lays every shown binding out in one row and lets the terminal cut the row
wherever it ends (`a Vælg de ▏` at 80 columns). `KeyFooter` picks, for the width it has, the
bindings that fit whole: first the help key (it leads to every other key), then the keys of the
screen's task (`KeySpec.rank` TASK), then the usual ones, then the spare ones (the palette,
quit), each group in the order the bindings come (focused widget first), up to the first that
does not fit: the rest is left out, never cut, and a less wanted key never takes the place of
one left out. The keys shown keep their order, with help always last, at the right.

A screen may keep a key bound but leave it out of its footer for now, where the key would only
be refused (Space in the Deleted view, `N` outside the categories): its `footer_leaves_out`
(action name -> bool) says so, and the key still says why when pressed.

The help key shows as `?` wherever `?` opens help; while a text field has the focus, `?` is
text and the footer shows `f1` instead (the binding's next key). The layout is worked out again
when the bindings change and when the width does; when the same keys stay and only what they
say changes (Esc's label as the filter gets its first character, on every phrase typed), the
keys are relabelled in place instead, which costs a redraw, not a new set of widgets.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer

from kravtui.tui.keys import HELP_ID, rank_of
from kravtui.tui.textual_internals import FooterKey, footer_bindings_ready

Shown = tuple[Binding, bool, str]  # a binding, whether it is enabled now, its tooltip


class KeyFooter(Footer):
    """A one-line footer that shows whole labels only, and help always."""

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

    def chosen(self, width: int) -> list[Shown]:
        """The bindings that fit in `width` cells: help first, then by rank, then in order."""
        found = self.candidates()
        order = sorted(
            range(len(found)),
            key=lambda i: (
                found[i][0].id != HELP_ID,
                rank_of(found[i][0].id or ""),
                i,
            ),
        )
        kept: set[int] = set()
        used = 0
        for index in order:
            cells = self.label_width(found[index][0])
            if used + cells > width + 1:  # the last key's margin may fall outside
                break  # a less wanted key never takes the place of one left out
            kept.add(index)
            used += cells
        shown = [found[i] for i in sorted(kept)]
        return sorted(shown, key=lambda item: item[0].id == HELP_ID)

    def compose(self) -> ComposeResult:
        if not footer_bindings_ready(self):
            return
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        for binding, enabled, tooltip in self.chosen(width):
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
        are still the ones that fit; False (nothing changed) when the layout must be redone."""
        width = self.size.width or self.app.size.width
        if width != self._laid_out_for:
            return False
        keys = list(self.query_children(FooterKey))
        chosen = self.chosen(width)
        if len(keys) != len(chosen) or any(
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
