"""Every key binding of the TUI, with a stable id that users can remap.

A binding is declared once here as a `KeySpec`: its id, default key(s), action, and the
translation key of its description. Widgets turn their specs into Textual `Binding`s when they
are created (so descriptions follow the language chosen at start-up); the help screen lists them
all; the config file's `[keys]` table maps binding ids to other keys (`App.set_keymap`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from kravtui.i18n import t


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One binding: `id` is what the config file's `[keys]` table names."""

    id: str
    key: str
    action: str
    description_key: str
    show: bool = True
    key_display: str | None = None
    priority: bool = False

    def binding(self) -> Binding:
        """The Textual binding, its description in the current language."""
        return Binding(
            self.key,
            self.action,
            t(self.description_key),
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            id=self.id,
        )


APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec("quit", "q", "quit", "tui.key.quit"),
    KeySpec("help", "question_mark,f1", "help", "tui.key.help", key_display="?"),
    KeySpec(
        "palette", "ctrl+p", "command_palette", "tui.key.palette", key_display="^p", priority=True
    ),
)

MAIN_KEYS: tuple[KeySpec, ...] = (
    # Priority bindings act before the keys after them are routed, so "/krypt⏎j" arriving in one
    # burst (a paste, a slow SSH link) lands in the filter and then the list. "/" stands aside
    # inside the filter; Enter and Down act only there.
    KeySpec("filter", "slash", "focus_filter", "tui.key.filter", key_display="/", priority=True),
    KeySpec(
        "filter-done", "enter,down", "leave_filter", "tui.key.leave_filter", False, priority=True
    ),
    KeySpec("clear", "escape", "clear_filter", "tui.key.clear", key_display="esc"),
    KeySpec("facets", "f", "toggle_facets", "tui.key.facets"),
    KeySpec("next-pane", "tab", "app.focus_next", "tui.key.next_pane", show=False),
    KeySpec("previous-pane", "shift+tab", "app.focus_previous", "tui.key.previous_pane", False),
)

LIST_KEYS: tuple[KeySpec, ...] = (
    KeySpec("open", "enter", "open", "tui.key.open", key_display="⏎"),
    KeySpec("cursor-down", "down,j", "cursor_down", "tui.key.down", show=False),
    KeySpec("cursor-up", "up,k", "cursor_up", "tui.key.up", show=False),
    KeySpec("first", "home,g", "first", "tui.key.first", show=False),
    KeySpec("last", "end,G", "last", "tui.key.last", show=False),
    KeySpec("page-down", "pagedown", "page_down", "tui.key.page_down", show=False),
    KeySpec("page-up", "pageup", "page_up", "tui.key.page_up", show=False),
)

FACET_KEYS: tuple[KeySpec, ...] = (
    KeySpec("facet-toggle", "space", "toggle_facet", "tui.key.toggle_facet", key_display="␣"),
    KeySpec("facet-expand", "right", "expand", "tui.key.expand", show=False),
    KeySpec("facet-collapse", "left", "collapse", "tui.key.collapse", show=False),
)

DETAIL_KEYS: tuple[KeySpec, ...] = (
    KeySpec("back", "escape", "back", "tui.key.back", key_display="esc"),
)

MODAL_KEYS: tuple[KeySpec, ...] = (
    KeySpec("close", "escape,q", "dismiss", "tui.key.close", key_display="esc"),
)

# In the order the help screen lists them, with the heading of each group.
GROUPS: tuple[tuple[str, tuple[KeySpec, ...]], ...] = (
    ("tui.help.group.app", APP_KEYS),
    ("tui.help.group.main", MAIN_KEYS),
    ("tui.help.group.list", LIST_KEYS),
    ("tui.help.group.facets", FACET_KEYS),
    ("tui.help.group.detail", DETAIL_KEYS),
    ("tui.help.group.modal", MODAL_KEYS),
)


def all_specs() -> tuple[KeySpec, ...]:
    """Every binding the TUI defines."""
    return tuple(spec for _, specs in GROUPS for spec in specs)


def install(node: DOMNode, specs: Iterable[KeySpec]) -> None:
    """Give `node` these bindings (in the current language) ahead of its class's bindings.

    Textual merges `BINDINGS` when a class is defined, which would freeze descriptions in
    whatever language was current at import time; the per-node map is replaced instead.
    """
    ours = BindingsMap([spec.binding() for spec in specs])
    node._bindings = BindingsMap.merge([ours, node._bindings])


def key_names(spec: KeySpec, keymap: Mapping[str, str]) -> list[str]:
    """The keys that trigger `spec` once the user's keymap is applied, for display."""
    keys = keymap.get(spec.id, spec.key)
    return [key.strip() for key in keys.split(",") if key.strip()]


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """Binding ids in the user's keymap that no binding has (probably typos)."""
    known = {spec.id for spec in all_specs()}
    return sorted(set(keymap) - known)
