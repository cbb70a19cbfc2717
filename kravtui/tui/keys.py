"""Every key binding of the TUI, with a stable id that users can remap.

A binding is declared once here as a `KeySpec`: its id, default key(s), action, and the
translation key of its description. Widgets turn their specs into Textual `Binding`s when they
are created (so descriptions follow the language chosen at start-up); the help screen lists them
all; the config file's `[keys]` table maps binding ids to other keys (`App.set_keymap`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode

from kravtui.i18n import t
from kravtui.tui.textual_internals import add_bindings

TASK, USUAL, SPARE = 0, 1, 2
"""How much the footer wants a shown binding: first the task's keys, last the spare ones."""


@dataclass(frozen=True, slots=True)
class KeySpec:
    """One binding: `id` is what the config file's `[keys]` table names.

    `rank` orders the footer's choice when not every key fits on its two lines (see
    `kravtui/tui/widgets/key_footer.py`);
    `short_key` is the translation key of the footer's label, when the description is long.
    """

    id: str
    key: str
    action: str
    description_key: str
    show: bool = True
    key_display: str | None = None
    priority: bool = False
    rank: int = USUAL
    short_key: str | None = None

    def binding(self) -> Binding:
        """The Textual binding: the footer's label, the description as its tooltip."""
        return Binding(
            self.key,
            self.action,
            t(self.short_key or self.description_key),
            show=self.show,
            key_display=self.key_display,
            priority=self.priority,
            tooltip=t(self.description_key) if self.short_key else "",
            id=self.id,
        )


HELP_ID = "help"

# Help shows as "?", or as "f1" where "?" is text (a text field has the focus): no key_display.
APP_KEYS: tuple[KeySpec, ...] = (
    KeySpec(HELP_ID, "question_mark,f1", "help", "tui.key.help", rank=TASK),
    KeySpec(
        "palette",
        "ctrl+p",
        "command_palette",
        "tui.key.palette",
        key_display="^p",
        priority=True,
        rank=TASK,
    ),
    KeySpec("quit", "q", "quit", "tui.key.quit", rank=TASK),
)

# A modal screen hides the app's bindings: it takes the help key along (same id, same keys).
MODAL_HELP: KeySpec = replace(APP_KEYS[0], action="app.help")

MAIN_KEYS: tuple[KeySpec, ...] = (
    # Priority bindings act before the keys after them are routed, so "/krypt⏎j" arriving in one
    # burst (a paste, a slow SSH link) lands in the filter and then the list. "/" stands aside
    # inside the filter; Enter and Down act only there.
    KeySpec(
        "filter",
        "slash",
        "focus_filter",
        "tui.key.filter",
        key_display="/",
        priority=True,
        rank=TASK,
    ),
    KeySpec(
        "filter-done", "enter,down", "leave_filter", "tui.key.leave_filter", False, priority=True
    ),
    # Esc steps back one level: in the filter bar it clears the text, in an empty filter bar it
    # goes back to the list, in the list it takes off the newest filter.
    KeySpec(
        "filter-clear-text",
        "escape",
        "clear_filter_text",
        "tui.key.clear_text",
        key_display="esc",
        rank=TASK,
        short_key="tui.key.short.clear_text",
    ),
    KeySpec(
        "filter-back",
        "escape",
        "filter_back",
        "tui.key.filter_back",
        key_display="esc",
        rank=TASK,
        short_key="tui.key.short.filter_back",
    ),
    KeySpec("clear", "escape", "clear_filter", "tui.key.clear", key_display="esc", rank=TASK),
    # Shown in help and the palette, not the footer: 80 columns hold only the keys used most.
    KeySpec("facets", "f", "toggle_facets", "tui.key.facets", show=False),
    KeySpec("next-pane", "tab", "app.focus_next", "tui.key.next_pane", show=False),
    KeySpec("previous-pane", "shift+tab", "app.focus_previous", "tui.key.previous_pane", False),
)

LIST_KEYS: tuple[KeySpec, ...] = (
    KeySpec("open", "enter", "open", "tui.key.open", key_display="⏎", rank=TASK),
    KeySpec("cursor-down", "down,j", "cursor_down", "tui.key.down", show=False),
    KeySpec("cursor-up", "up,k", "cursor_up", "tui.key.up", show=False),
    KeySpec("first", "home,g", "first", "tui.key.first", show=False),
    KeySpec("last", "end,G", "last", "tui.key.last", show=False),
    KeySpec("page-down", "pagedown", "page_down", "tui.key.page_down", show=False),
    KeySpec("page-up", "pageup", "page_up", "tui.key.page_up", show=False),
)

FACET_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "facet-toggle", "space", "toggle_facet", "tui.key.toggle_facet", key_display="␣", rank=TASK
    ),
    KeySpec("facet-expand", "right", "expand", "tui.key.expand", show=False),
    KeySpec("facet-collapse", "left", "collapse", "tui.key.collapse", show=False),
)

DETAIL_KEYS: tuple[KeySpec, ...] = (
    KeySpec("back", "escape", "back", "tui.key.back", key_display="esc", rank=TASK),
)

MODAL_KEYS: tuple[KeySpec, ...] = (
    KeySpec("close", "escape,q", "dismiss", "tui.key.close", key_display="esc", rank=TASK),
)

# Editing the catalogue (issue 4): on the main screen, then in each editing screen. The main
# screen's footer shows only n and e (and r among deleted ones); help and the palette list all.
EDIT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("new", "n", "new_requirement", "tui.key.new", rank=TASK),
    KeySpec("edit", "e", "edit_requirement", "tui.key.edit", rank=TASK),
    KeySpec("duplicate", "c", "duplicate_requirement", "tui.key.duplicate", show=False),
    KeySpec("delete", "d", "delete_requirement", "tui.key.delete", show=False),
    KeySpec("restore", "r", "restore_requirement", "tui.key.restore", rank=TASK),  # Deleted view
    KeySpec("history", "h", "history", "tui.key.history", show=False),
    KeySpec("classifications", "C", "classifications", "tui.key.classifications", show=False),
    KeySpec("import-sheet", "i", "import_sheet", "tui.key.import_sheet", show=False),
)

FORM_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "form-save", "ctrl+s", "save", "tui.key.save", key_display="^s", priority=True, rank=TASK
    ),
    # q leaves the form like Esc (asking first), instead of quitting with the edits unsaved.
    KeySpec("form-cancel", "escape,q", "cancel", "tui.key.cancel", key_display="esc", rank=TASK),
    KeySpec(
        "form-editor",
        "ctrl+e",
        "external_editor",
        "tui.key.external_editor",
        key_display="^e",
        priority=True,
        short_key="tui.key.short.external_editor",
    ),
)

HISTORY_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "history-base",
        "b",
        "set_base",
        "tui.key.history_base",
        rank=TASK,
        short_key="tui.key.short.history_base",
    ),
    KeySpec(
        "history-restore",
        "r",
        "restore_version",
        "tui.key.history_restore",
        rank=TASK,
        short_key="tui.key.short.history_restore",
    ),
    KeySpec("history-close", "escape,q", "close", "tui.key.close", key_display="esc", rank=TASK),
)

CLASSIFICATION_KEYS: tuple[KeySpec, ...] = (
    KeySpec("class-new", "n", "add", "tui.key.class_add", rank=TASK),
    KeySpec(
        "class-new-sub",
        "N",
        "add_subcategory",
        "tui.key.class_add_sub",
        short_key="tui.key.short.class_add_sub",
    ),
    KeySpec("class-edit", "e,f2", "rename", "tui.key.class_rename", rank=TASK),
    KeySpec("class-delete", "d,delete", "delete", "tui.key.class_delete", rank=TASK),
    # One footer label for both moves, so that both fit at 80 columns; help lists each.
    KeySpec(
        "class-up",
        "K,shift+up",
        "move(-1)",
        "tui.key.class_up",
        key_display="K/J",
        short_key="tui.key.short.class_move",
    ),
    KeySpec("class-down", "J,shift+down", "move(1)", "tui.key.class_down", show=False),
    KeySpec("class-next-kind", "right,l", "next_kind(1)", "tui.key.class_next", show=False),
    KeySpec("class-previous-kind", "left", "next_kind(-1)", "tui.key.class_previous", False),
    KeySpec("class-close", "escape,q", "close", "tui.key.close", key_display="esc", rank=TASK),
)

CONFLICT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("conflict-mine", "m", "choose('mine')", "tui.key.keep_mine", rank=TASK),
    KeySpec("conflict-theirs", "t", "choose('theirs')", "tui.key.take_theirs", rank=TASK),
    KeySpec(
        "conflict-edit",
        "e,escape",
        "choose('edit')",
        "tui.key.edit_further",
        key_display="e",
        rank=TASK,
    ),
)

# The small dialogs of one to three fields (adding or renaming a classification): Enter goes on
# to the next field and saves from the last one, and the footer says which it does now.
PROMPT_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "prompt-next",
        "enter",
        "next_field",
        "tui.key.next_field",
        key_display="⏎",
        priority=True,
        rank=TASK,
        short_key="tui.key.short.next_field",
    ),
    KeySpec(
        "prompt-ok",
        "enter",
        "submit",
        "tui.key.prompt_ok",
        key_display="⏎",
        priority=True,
        rank=TASK,
        short_key="tui.prompt.ok",
    ),
    KeySpec("prompt-cancel", "escape", "cancel", "tui.key.cancel", key_display="esc", rank=TASK),
)

CONFIRM_KEYS: tuple[KeySpec, ...] = (
    KeySpec("confirm-yes", "y", "answer(True)", "tui.key.yes", rank=TASK),
    KeySpec("confirm-no", "n,escape", "answer(False)", "tui.key.no", key_display="n", rank=TASK),
)

# Selections (issue 5): ticking on the main screen, then the selection screens and dialogs.
# In the order of the officer's task, which is the footer's order: tick (or let the questionnaire
# tick), see what is ticked, export; and switch to another selection.
SELECTION_KEYS: tuple[KeySpec, ...] = (
    KeySpec("tick", "space", "tick", "tui.key.tick", key_display="␣", rank=TASK),
    KeySpec(
        "questionnaire",
        "a",
        "questionnaire",
        "tui.key.questionnaire",
        rank=TASK,
        short_key="tui.key.short.questionnaire",
    ),
    KeySpec(
        "view-selection",
        "v",
        "view_selection",
        "tui.key.view_selection",
        rank=TASK,
        short_key="tui.key.short.view_selection",
    ),
    KeySpec("export", "x", "export", "tui.key.export", rank=TASK),
    KeySpec("selections", "s", "selections", "tui.key.selections", rank=TASK),
    KeySpec("ticked-only", "t", "ticked_only", "tui.key.ticked_only", show=False),
    KeySpec("unticked-only", "u", "unticked_only", "tui.key.unticked_only", show=False),
    KeySpec("tick-all", "plus", "tick_all_shown", "tui.key.tick_all", False, "+"),
    KeySpec("untick-all", "minus", "untick_all_shown", "tui.key.untick_all", False, "-"),
    KeySpec("answers", "b", "answers", "tui.key.answers", show=False),
)

SELECTIONS_KEYS: tuple[KeySpec, ...] = (
    KeySpec("sel-use", "enter", "screen.use", "tui.key.sel_use", key_display="⏎", rank=TASK),
    KeySpec(
        "sel-view", "v", "view", "tui.key.view_selection", short_key="tui.key.short.view_selection"
    ),
    KeySpec("sel-new", "n", "new", "tui.key.sel_new", rank=TASK, short_key="tui.key.short.new"),
    KeySpec("sel-edit", "e", "edit", "tui.key.sel_edit", show=False),
    KeySpec("sel-rename", "r", "rename", "tui.key.sel_rename", show=False),
    KeySpec(
        "sel-duplicate", "c", "duplicate", "tui.key.sel_duplicate", short_key="tui.key.short.copy"
    ),
    KeySpec("sel-delete", "d", "delete", "tui.key.sel_delete", short_key="tui.key.short.delete"),
    KeySpec("sel-final", "F", "finalise", "tui.key.sel_final", show=False),
    KeySpec("sel-back", "escape,q", "back", "tui.key.back_browse", key_display="esc", rank=TASK),
)

ITEM_KEYS: tuple[KeySpec, ...] = (
    KeySpec("item-untick", "space", "untick", "tui.key.item_untick", key_display="␣", rank=TASK),
    KeySpec("item-priority", "p", "priority", "tui.key.item_priority", rank=TASK),
    KeySpec("item-edit", "e", "edit", "tui.key.item_edit", short_key="tui.key.edit"),
    KeySpec("item-new", "n", "new", "tui.key.item_new", short_key="tui.key.short.item_new"),
    KeySpec("item-remove", "d", "remove", "tui.key.item_remove", rank=SPARE),
    KeySpec(
        "item-drift",
        "w",
        "drift",
        "tui.key.item_drift",
        rank=TASK,
        short_key="tui.key.short.item_drift",
    ),
    KeySpec("item-questionnaire", "a", "questionnaire", "tui.key.questionnaire", show=False),
    KeySpec("item-export", "x", "export", "tui.key.export", rank=TASK),
    KeySpec("item-final", "F", "finalise", "tui.key.sel_final", show=False),
    KeySpec("item-duplicate", "c", "duplicate", "tui.key.sel_duplicate", show=False),
    KeySpec("item-answers", "b", "answers", "tui.key.answers", short_key="tui.key.short.answers"),
    KeySpec("item-back", "escape,q", "back", "tui.key.back_browse", key_display="esc", rank=TASK),
)

# y, n and u answer and move on to the next question; Space moves on without answering; Enter
# (or a click) changes the answer in place: yes, no, don't know, yes ...
QUESTIONNAIRE_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "answer-yes",
        "y",
        "answer('yes')",
        "tui.key.answer_yes",
        rank=TASK,
        short_key="tui.key.short.answer_yes",
    ),
    KeySpec(
        "answer-no",
        "n",
        "answer('no')",
        "tui.key.answer_no",
        rank=TASK,
        short_key="tui.key.short.answer_no",
    ),
    KeySpec(
        "answer-unknown",
        "u",
        "answer('unknown')",
        "tui.key.answer_unknown",
        rank=TASK,
        short_key="tui.key.short.answer_unknown",
    ),
    KeySpec(
        "answer-next",
        "space",
        "next_question",
        "tui.key.answer_next",
        key_display="␣",
        rank=TASK,
        short_key="tui.key.short.answer_next",
    ),
    KeySpec(
        "answer-apply",
        "a",
        "apply",
        "tui.key.answer_apply",
        rank=TASK,
        short_key="tui.key.short.answer_apply",
    ),
    KeySpec(
        "answer-back",
        "escape,q",
        "back",
        "tui.key.back",
        key_display="esc",
        rank=TASK,
        short_key="tui.key.short.back",
    ),
    KeySpec(
        "answer-cycle",
        "enter",
        "select",
        "tui.key.answer_cycle",
        key_display="⏎",
        short_key="tui.key.short.answer_cycle",
    ),
)

# The questionnaire's step for requirements unticked by hand and proposed again.
RETICK_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "retick-apply",
        "a,ctrl+s",
        "apply",
        "tui.key.retick_apply",
        key_display="a",
        rank=TASK,
        short_key="tui.key.short.answer_apply",
    ),
    KeySpec(
        "retick-cancel", "escape,q", "cancel", "tui.key.retick_cancel", key_display="esc", rank=TASK
    ),
)

DRIFT_KEYS: tuple[KeySpec, ...] = (
    KeySpec("drift-take", "t", "take", "tui.key.drift_take", rank=TASK),
    KeySpec("drift-keep", "s", "keep", "tui.key.drift_keep", rank=TASK),
    KeySpec("drift-take-all", "T", "take_all", "tui.key.drift_take_all", show=False),
    KeySpec("drift-keep-all", "S", "keep_all", "tui.key.drift_keep_all", show=False),
    KeySpec("drift-next", "right,l", "step(1)", "tui.key.drift_next", key_display="→"),
    KeySpec("drift-previous", "left,h", "step(-1)", "tui.key.drift_previous", show=False),
    KeySpec("drift-close", "escape,q", "dismiss", "tui.key.close", key_display="esc", rank=TASK),
)

SELECTION_DIALOG_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "sel-save",
        "ctrl+s",
        "save",
        "tui.key.sel_save",
        key_display="^s",
        priority=True,
        rank=TASK,
    ),
    KeySpec("sel-cancel", "escape", "cancel", "tui.key.sel_cancel", key_display="esc", rank=TASK),
    KeySpec(
        "sel-pick",
        "enter",
        "pick",
        "tui.key.sel_pick",
        key_display="⏎",
        priority=True,
        rank=TASK,
    ),
    KeySpec(
        "sel-toggle", "space", "toggle_check", "tui.key.sel_toggle", key_display="␣", rank=TASK
    ),
    KeySpec(
        "export-format",
        "ctrl+t",
        "next_format",
        "tui.key.export_format",
        key_display="^t",
        priority=True,
        rank=TASK,
    ),
)

# The spreadsheet import (`i`): look at what the import would do, import it, cancel.
SHEET_IMPORT_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "import-preview",
        "ctrl+r",
        "preview",
        "tui.key.import_preview",
        key_display="^r",
        priority=True,
        rank=TASK,
    ),
    KeySpec(
        "import-run",
        "ctrl+s",
        "save",
        "tui.key.import_run",
        key_display="^s",
        priority=True,
        rank=TASK,
    ),
    # Esc, and q where it is no text (on the check box or a button), as on every other screen
    KeySpec(
        "import-cancel", "escape,q", "cancel", "tui.key.sel_cancel", key_display="esc", rank=TASK
    ),
)

# The export dialog (`x`): save, cancel and the format switch (its option list ticks with the
# list's own Space).
EXPORT_DIALOG_KEYS: tuple[KeySpec, ...] = tuple(
    replace(s, short_key="tui.key.export_save") if s.id == "sel-save" else s
    for s in SELECTION_DIALOG_KEYS
    if s.id in ("sel-save", "sel-cancel", "export-format")
)


# The Besvarelser screen (issue 14): vendors across, switched with ←/→; the status of the answer
# under the cursor with one key each (s asks which), its comment, the filter, the evaluation
# report (x, as the main screen's export; it changes nothing, so it stays when read-only). The
# footer at 80 columns holds the task's keys on its first line; the single status keys, import
# and choosing fill its second as far as they fit, and join it when wider.
ANSWERS_KEYS: tuple[KeySpec, ...] = (
    KeySpec(
        "answers-vendor-next",
        "right,l",
        "vendor(1)",
        "tui.key.answers_vendor_next",
        key_display="←→",
        rank=TASK,
        short_key="tui.key.short.answers_vendor",
    ),
    KeySpec(
        "answers-vendor-previous", "left,h", "vendor(-1)", "tui.key.answers_vendor_previous", False
    ),
    KeySpec(
        "answers-status",
        "s",
        "status",
        "tui.key.answers_status",
        rank=TASK,
        short_key="tui.key.short.answers_status",
    ),
    KeySpec(
        "answers-comment",
        "c",
        "comment",
        "tui.key.answers_comment",
        rank=TASK,
        short_key="tui.key.short.answers_comment",
    ),
    KeySpec(
        "answers-filter",
        "f",
        "filter",
        "tui.key.answers_filter",
        rank=TASK,
        short_key="tui.key.short.answers_filter",
    ),
    KeySpec(
        "answers-report",
        "x",
        "report",
        "tui.key.answers_report",
        rank=TASK,
        short_key="tui.key.short.answers_report",
    ),
    KeySpec("answers-back", "escape", "back", "tui.key.back_browse", key_display="esc", rank=TASK),
    KeySpec(
        "answers-accept",
        "a",
        "assess('accepted')",
        "tui.key.answers_accept",
        short_key="tui.key.short.answers_accept",
    ),
    KeySpec(
        "answers-reject",
        "r",
        "assess('rejected')",
        "tui.key.answers_reject",
        short_key="tui.key.short.answers_reject",
    ),
    KeySpec(
        "answers-elaborate",
        "u",
        "assess('elaboration_needed')",
        "tui.key.answers_elaborate",
        short_key="tui.key.short.answers_elaborate",
    ),
    KeySpec(
        "answers-accept-comment",
        "m",
        "assess('accepted_with_comment')",
        "tui.key.answers_accept_comment",
        short_key="tui.key.short.answers_accept_comment",
    ),
    KeySpec(
        "answers-no-status",
        "0",
        "assess('none')",
        "tui.key.answers_no_status",
        short_key="tui.key.short.answers_no_status",
    ),
    KeySpec(
        "answers-import",
        "i",
        "import_file",
        "tui.key.answers_import",
        short_key="tui.key.short.answers_import",
    ),
    KeySpec(
        "answers-winner",
        "W",
        "winner",
        "tui.key.answers_winner",
        short_key="tui.key.short.answers_winner",
    ),
)

ANSWERS_WRITING: frozenset[str] = frozenset(
    {
        "answers-status",
        "answers-comment",
        "answers-accept",
        "answers-reject",
        "answers-elaborate",
        "answers-accept-comment",
        "answers-no-status",
        "answers-import",
        "answers-winner",
    }
)
"""The Besvarelser screen's keys that change the catalogue: hidden when it is read-only."""

# The import dialog of the Besvarelser screen: import (^s or Enter in the last field), cancel.
ANSWER_IMPORT_KEYS: tuple[KeySpec, ...] = tuple(
    replace(s, short_key="tui.key.short.answers_import") if s.id == "sel-save" else s
    for s in SELECTION_DIALOG_KEYS
    if s.id in ("sel-save", "sel-cancel")
)


# In the order the help screen lists them, with the heading of each group.
def passed_on(specs: Iterable[KeySpec], actions: Iterable[str]) -> tuple[KeySpec, ...]:
    """The specs of `actions`, re-aimed at a screen's ``pass_on`` action: the screen closes and
    hands the action to the screen below. Ids and keys stay, so a remapped key works there too.
    """
    wanted = set(actions)
    return tuple(
        replace(spec, action=f"pass_on('{spec.action}')") for spec in specs if spec.action in wanted
    )


GROUPS: tuple[tuple[str, tuple[KeySpec, ...]], ...] = (
    ("tui.help.group.app", APP_KEYS),
    ("tui.help.group.main", MAIN_KEYS),
    ("tui.help.group.list", LIST_KEYS),
    ("tui.help.group.facets", FACET_KEYS),
    ("tui.help.group.detail", DETAIL_KEYS),
    ("tui.help.group.modal", MODAL_KEYS),
    ("tui.help.group.selection", SELECTION_KEYS),
    ("tui.help.group.selections", SELECTIONS_KEYS),
    ("tui.help.group.items", ITEM_KEYS),
    ("tui.help.group.questionnaire", QUESTIONNAIRE_KEYS),
    ("tui.help.group.retick", RETICK_KEYS),
    ("tui.help.group.drift", DRIFT_KEYS),
    ("tui.help.group.answers", ANSWERS_KEYS),
    ("tui.help.group.selection_dialogs", SELECTION_DIALOG_KEYS),
    ("tui.help.group.edit", EDIT_KEYS),
    ("tui.help.group.form", FORM_KEYS),
    ("tui.help.group.history", HISTORY_KEYS),
    ("tui.help.group.classifications", CLASSIFICATION_KEYS),
    ("tui.help.group.conflict", CONFLICT_KEYS),
    ("tui.help.group.prompt", PROMPT_KEYS),
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
    add_bindings(node, [spec.binding() for spec in specs])


def key_names(spec: KeySpec, keymap: Mapping[str, str]) -> list[str]:
    """The keys that trigger `spec` once the user's keymap is applied, for display."""
    keys = keymap.get(spec.id, spec.key)
    return [key.strip() for key in keys.split(",") if key.strip()]


@cache
def _ranks() -> dict[str, int]:
    return {spec.id: spec.rank for spec in all_specs()}


def rank_of(binding_id: str) -> int:
    """The footer rank of the binding with this id (USUAL for bindings not declared here)."""
    return _ranks().get(binding_id, USUAL)


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """Binding ids in the user's keymap that no binding has (probably typos)."""
    known = {spec.id for spec in all_specs()}
    return sorted(set(keymap) - known)
