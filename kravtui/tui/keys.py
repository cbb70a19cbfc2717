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

# Editing the catalogue (issue 4): on the main screen, then in each editing screen. The main
# screen's footer shows only n and e (and r among deleted ones); help and the palette list all.
EDIT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("new", "n", "new_requirement", "tui.key.new"),
    KeySpec("edit", "e", "edit_requirement", "tui.key.edit"),
    KeySpec("duplicate", "c", "duplicate_requirement", "tui.key.duplicate", show=False),
    KeySpec("delete", "d", "delete_requirement", "tui.key.delete", show=False),
    KeySpec("restore", "r", "restore_requirement", "tui.key.restore"),
    KeySpec("history", "h", "history", "tui.key.history", show=False),
    KeySpec("classifications", "C", "classifications", "tui.key.classifications", show=False),
)

FORM_KEYS: tuple[KeySpec, ...] = (
    KeySpec("form-save", "ctrl+s", "save", "tui.key.save", key_display="^s", priority=True),
    # q leaves the form like Esc (asking first), instead of quitting with the edits unsaved.
    KeySpec("form-cancel", "escape,q", "cancel", "tui.key.cancel", key_display="esc"),
    KeySpec(
        "form-editor",
        "ctrl+e",
        "external_editor",
        "tui.key.external_editor",
        key_display="^e",
        priority=True,
    ),
)

HISTORY_KEYS: tuple[KeySpec, ...] = (
    KeySpec("history-base", "b", "set_base", "tui.key.history_base"),
    KeySpec("history-restore", "r", "restore_version", "tui.key.history_restore"),
    KeySpec("history-close", "escape,q", "close", "tui.key.close", key_display="esc"),
)

CLASSIFICATION_KEYS: tuple[KeySpec, ...] = (
    KeySpec("class-new", "n", "add", "tui.key.class_add"),
    KeySpec("class-new-sub", "N", "add_subcategory", "tui.key.class_add_sub"),
    KeySpec("class-edit", "e,f2", "rename", "tui.key.class_rename"),
    KeySpec("class-delete", "d,delete", "delete", "tui.key.class_delete"),
    KeySpec("class-up", "K,shift+up", "move(-1)", "tui.key.class_up", key_display="K"),
    KeySpec("class-down", "J,shift+down", "move(1)", "tui.key.class_down", key_display="J"),
    KeySpec("class-next-kind", "right,l", "next_kind(1)", "tui.key.class_next", show=False),
    KeySpec("class-previous-kind", "left", "next_kind(-1)", "tui.key.class_previous", False),
    KeySpec("class-close", "escape,q", "close", "tui.key.close", key_display="esc"),
)

CONFLICT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("conflict-mine", "m", "choose('mine')", "tui.key.keep_mine"),
    KeySpec("conflict-theirs", "t", "choose('theirs')", "tui.key.take_theirs"),
    KeySpec("conflict-edit", "e,escape", "choose('edit')", "tui.key.edit_further", key_display="e"),
)

CONFIRM_KEYS: tuple[KeySpec, ...] = (
    KeySpec("confirm-yes", "y", "answer(True)", "tui.key.yes"),
    KeySpec("confirm-no", "n,escape", "answer(False)", "tui.key.no", key_display="n"),
)

# In the order the help screen lists them, with the heading of each group.
GROUPS: tuple[tuple[str, tuple[KeySpec, ...]], ...] = (
    ("tui.help.group.app", APP_KEYS),
    ("tui.help.group.main", MAIN_KEYS),
    ("tui.help.group.list", LIST_KEYS),
    ("tui.help.group.facets", FACET_KEYS),
    ("tui.help.group.detail", DETAIL_KEYS),
    ("tui.help.group.modal", MODAL_KEYS),
    ("tui.help.group.edit", EDIT_KEYS),
    ("tui.help.group.form", FORM_KEYS),
    ("tui.help.group.history", HISTORY_KEYS),
    ("tui.help.group.classifications", CLASSIFICATION_KEYS),
    ("tui.help.group.conflict", CONFLICT_KEYS),
    ("tui.help.group.confirm", CONFIRM_KEYS),
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
