"""The form for one item of a selection: edit its text (the snapshot, never the catalogue), or
write a free-text requirement with its category, subcategory and priority.

The form gathers a `Snapshot`; `save` is the caller's service call (`edit_item` or
`add_free_text`). A refusal (`SelectionError`) is shown in the form, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, TextArea

from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.catalogue.records import Classifications
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.i18n import t
from kravtui.selection.records import Snapshot
from kravtui.tui.keys import MODAL_HELP, SELECTION_DIALOG_KEYS, install
from kravtui.tui.screens.selection_dialogs import SaveOrCancelForm, field_row, say
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_select import MarkedSelect

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""

Save = Callable[[Snapshot], None]


class ItemFormScreen(SaveOrCancelForm):
    """Edit an item's snapshot or write a free-text requirement; True once saved."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(
        self,
        heading: str,
        snapshot: Snapshot,
        classifications: Classifications,
        save: Save,
        *,
        priority_enabled: bool = True,
    ) -> None:
        super().__init__()
        install(self, [s for s in SELECTION_DIALOG_KEYS if s.id in ("sel-save", "sel-cancel")])
        install(self, (MODAL_HELP,))
        self.heading = heading
        self.snapshot = snapshot
        self.classifications = classifications
        self.save_snapshot = save
        self.priority_enabled = priority_enabled
        self._category = snapshot.category

    def _subcategories(self, prefix: str) -> list[tuple[str, str]]:
        for category in self.classifications.categories:
            if category.prefix == prefix:
                return [(name, name) for name in category.subcategories]
        return []

    def compose(self) -> ComposeResult:
        snap = self.snapshot
        categories = [(f"{c.prefix} {c.name}", c.prefix) for c in self.classifications.categories]
        priorities = [(t(level.label_key), level.value) for level in reversed(IMPORTANCE_ORDER)]
        subcategories = self._subcategories(snap.category)
        with Vertical(classes="dialog-box form-box"):
            yield Label(Text(self.heading, style="bold"), classes="dialog-title")
            with VerticalScroll(classes="form-fields"):
                yield field_row(
                    t("field.title"), FieldInput(snap.title, id="item-title", compact=True)
                )
                yield field_row(
                    t("field.category"),
                    MarkedSelect(
                        categories,
                        value=snap.category,
                        allow_blank=False,
                        id="category",
                        compact=True,
                    ),
                )
                yield field_row(
                    t("field.subcategory"),
                    MarkedSelect(
                        subcategories,
                        value=snap.subcategory if snap.subcategory else Select.NULL,
                        prompt=t("tui.item.no_subcategory"),
                        id="subcategory",
                        compact=True,
                    ),
                )
                yield field_row(
                    t("field.importance"),
                    MarkedSelect(
                        priorities,
                        value=snap.importance.value,
                        allow_blank=False,
                        id="importance",
                        disabled=not self.priority_enabled,
                        compact=True,
                    ),
                )
                for key, value, widget_id, size in (
                    ("field.description", snap.description, "item-description", "long-text"),
                    ("field.rationale", snap.rationale, "item-rationale", "short-text"),
                    ("field.help_text", snap.help_text, "item-help", "short-text"),
                ):
                    area = TextArea(value, id=widget_id, classes=size, compact=True)
                    yield field_row(t(key), area)
            yield from self.error_and_buttons()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#item-title", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "category" or not isinstance(event.value, str):
            return
        event.stop()
        if event.value == self._category:  # the first Changed, when the form opens
            return
        self._category = event.value
        subcategory = self.query_one("#subcategory", Select)
        subcategory.set_options(self._subcategories(event.value))

    def gathered(self) -> Snapshot:
        """What the form holds now."""
        category = self.query_one("#category", Select).value
        subcategory = self.query_one("#subcategory", Select).value
        importance = self.query_one("#importance", Select).value
        return Snapshot(
            uid=self.snapshot.uid,
            title=self.query_one("#item-title", Input).value.strip(),
            description=self.query_one("#item-description", TextArea).text,
            rationale=self.query_one("#item-rationale", TextArea).text,
            help_text=self.query_one("#item-help", TextArea).text,
            category=category if isinstance(category, str) else self.snapshot.category,
            subcategory=subcategory if isinstance(subcategory, str) else "",
            importance=Importance(importance) if isinstance(importance, str) else Importance.NORMAL,
        )

    def action_save(self) -> None:
        try:
            self.save_snapshot(self.gathered())
        except _REFUSED as error:  # refused: say why, keep the form
            say(self.query_one("#form-error", Label), unplaced_text(error))
            return
        self.dismiss(True)
