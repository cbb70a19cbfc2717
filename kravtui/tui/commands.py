"""The command palette's entries: every action of the screen in front, in the user's language.

Each entry names the key that does the same thing, so the palette also teaches the keys. Every
facet of the facet panel is an entry too ("Priority: Minimum"), so a filter can be set by typing
its name without opening the panel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode

from kravtui.i18n import t
from kravtui.tui.filter_state import Facet, FilterState
from kravtui.tui.keys import KeySpec, key_names

Display = Callable[[Binding], str]


def _entry(
    app: App[Any], spec: KeySpec, target: DOMNode, keymap: Mapping[str, str], display: Display
) -> SystemCommand:
    keys = ", ".join(display(Binding(key, "")) for key in key_names(spec, keymap))
    title = t(spec.description_key)

    async def run() -> Any:
        return await app.run_action(spec.action, target)

    return SystemCommand(title, t("tui.cmd.key", keys=keys), run)


def commands(
    app: App[Any],
    targets: Iterable[tuple[DOMNode, Iterable[KeySpec]]],
    keymap: Mapping[str, str],
    display: Display,
) -> Iterator[SystemCommand]:
    """One entry per binding of each target (the palette's own binding left out)."""
    for target, specs in targets:
        for spec in specs:
            if spec.id != "palette":
                yield _entry(app, spec, target, keymap, display)


def extra(title_key: str, help_key: str, callback: Callable[[], Any]) -> SystemCommand:
    """An entry for an action that has no key of its own."""
    return SystemCommand(t(title_key), t(help_key), callback)


def facet_commands(
    facets: Iterable[tuple[Facet, str]], state: FilterState, toggle: Callable[[Facet], None]
) -> Iterator[SystemCommand]:
    """One entry per facet ("Priority: Minimum"), found by typing, not listed up front."""
    for facet, name in facets:
        kind = t(facet.kind_key())
        help_key = "tui.cmd.facet.on" if state.is_active(facet) else "tui.cmd.facet.off"
        yield SystemCommand(f"{kind}: {name}", t(help_key), partial(toggle, facet), discover=False)
