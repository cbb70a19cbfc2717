"""The command palette's entries: every action of the screen in front, in the user's language.

Each entry names the key that does the same thing, so the palette also teaches the keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode

from kravtui.i18n import t
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
