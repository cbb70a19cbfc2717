"""The form for a selection's details: title, description, organisation, contact, response
deadline, domains, priority on/off, whether vendors are asked for prices, and document language.

A deadline before today is shown with a warning beside the date field as soon as it is a date
(`kravtui.selection.deadline`); it can be saved, but marking the selection final asks first.

The form only gathers a `SelectionInfo`; `save` is the caller's service call (create or update).
When it raises `SelectionError` the message is shown in the form and the form stays open, so
nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, TextArea

from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.i18n import t
from kravtui.selection.deadline import DeadlineState, judge_deadline
from kravtui.selection.records import SelectionInfo
from kravtui.tui.keys import MODAL_HELP, SELECTION_DIALOG_KEYS, install
from kravtui.tui.screens.selection_dialogs import SaveOrCancelForm, field_row, say
from kravtui.tui.widgets.check_list import CheckList
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.field_row import FieldRow
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_select import MarkedSelect

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""

Save = Callable[[SelectionInfo], None]

LANGUAGES: tuple[tuple[str, str], ...] = (("Dansk", "da"), ("English", "en"))


class SelectionFormScreen(SaveOrCancelForm):
    """Create or edit a selection; dismisses True once `save` succeeded."""

    DEFAULT_CLASSES = "selection-dialog"
    CSS_PATH = "selection.tcss"

    def __init__(
        self, heading: str, info: SelectionInfo, domains: Sequence[str], save: Save
    ) -> None:
        super().__init__()
        install(self, [s for s in SELECTION_DIALOG_KEYS if s.id in ("sel-save", "sel-cancel")])
        install(self, (MODAL_HELP,))
        self.heading = heading
        self.info = info
        self.domains = list(domains)
        self.save_info = save

    def compose(self) -> ComposeResult:
        info = self.info
        domains = [(name, name, name in info.domains) for name in self.domains]
        with Vertical(classes="dialog-box form-box"):
            yield Label(Text(self.heading, style="bold"), classes="dialog-title")
            with VerticalScroll(classes="form-fields"):
                yield field_row(
                    t("tui.sel.field.title"), FieldInput(info.title, id="title", compact=True)
                )
                yield field_row(
                    t("field.description"),
                    TextArea(
                        info.description, id="description", classes="short-text", compact=True
                    ),
                )
                for key, value, widget_id in (
                    ("tui.sel.field.organisation", info.organisation, "organisation"),
                    ("tui.sel.field.contact", info.contact, "contact"),
                ):
                    yield field_row(t(key), FieldInput(value, id=widget_id, compact=True))
                deadline = FieldInput(
                    info.deadline,
                    placeholder=t("tui.date_placeholder"),
                    id="deadline",
                    compact=True,
                )
                yield FieldRow(
                    Label(Text(t("tui.sel.field.deadline")), classes="sel-label"),
                    deadline,
                    Label(self._deadline_note(info.deadline), id="deadline-note"),
                    classes="sel-row",
                )
                yield field_row(t("field.domains"), CheckList(domains, id="domains"))
                priority = [(t("tui.sel.field.priority_on"), "on", info.priority_enabled)]
                yield field_row(t("field.importance"), CheckList(priority, id="priority"))
                prices = [(t("tui.sel.field.prices_on"), "on", info.prices_requested)]
                yield field_row(t("tui.sel.field.prices"), CheckList(prices, id="prices"))
                language = MarkedSelect(
                    LANGUAGES, value=info.language, allow_blank=False, id="language", compact=True
                )
                yield field_row(t("tui.sel.field.language"), language)
            yield from self.error_and_buttons()
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @staticmethod
    def _deadline_note(value: str) -> Text:
        """The warning beside the date field: empty unless the date is before today."""
        deadline = judge_deadline(value)
        if deadline.state is not DeadlineState.PAST:
            return Text()
        return Text("⚠ " + t("tui.sel.deadline_past_note"), style="bold")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "deadline":
            self.query_one("#deadline-note", Label).update(self._deadline_note(event.value))

    def gathered(self) -> SelectionInfo:
        """What the form holds now."""
        language = self.query_one("#language", Select).value
        return SelectionInfo(
            title=self.query_one("#title", Input).value.strip(),
            description=self.query_one("#description", TextArea).text,
            organisation=self.query_one("#organisation", Input).value.strip(),
            contact=self.query_one("#contact", Input).value.strip(),
            deadline=self.query_one("#deadline", Input).value.strip(),
            domains=tuple(self.query_one("#domains", CheckList).selected),
            priority_enabled=bool(self.query_one("#priority", CheckList).selected),
            language=language if isinstance(language, str) else "da",
            prices_requested=bool(self.query_one("#prices", CheckList).selected),
        )

    def _error(self, message: str) -> None:
        say(self.query_one("#form-error", Label), message)

    def action_save(self) -> None:
        info = self.gathered()
        deadline = judge_deadline(info.deadline)
        if deadline.state is DeadlineState.INVALID:
            self._error(t("selection.bad_deadline", value=deadline.text))
            self.query_one("#deadline", Input).focus()
            return
        try:
            self.save_info(info)
        except _REFUSED as error:  # refused: say why, keep the form
            self._error(unplaced_text(error))
            return
        self.dismiss(True)
