"""The requirement form: create, edit or duplicate one requirement.

The rules live in `catalogue.editing`: the form reads its widgets into a `RequirementContent`,
asks `save_requirement` to store it with the version the editor started from, and shows what
comes back: validation messages beside their fields, or, when someone else saved in between,
the conflict screen (keep mine, take theirs, edit further). Nothing is written until `^s`.

A new requirement gets the next free uid of its category's prefix; while the user has not
typed another uid, changing the category renumbers it. Leaving with unsaved changes asks first.
`^e` opens the focused text in $VISUAL/$EDITOR. The screen is dismissed with the saved (or, after
"take theirs", the reloaded) requirement's uid, or None when nothing changed.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.editing import FieldError, ValidationError, next_uid, save_requirement
from kravtui.catalogue.editing import validate as validate_content
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.catalogue.records import Requirement, RequirementContent
from kravtui.catalogue.requirements import ConflictError
from kravtui.i18n import t
from kravtui.tui.external_editor import EditorError, edit_externally
from kravtui.tui.keys import FORM_KEYS, install
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.conflict import ConflictScreen
from kravtui.tui.screens.form_fields import FOCUS_OF, form_rows, read_content, subcategory_options
from kravtui.tui.widgets.key_footer import KeyFooter

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""

Mode = Literal["new", "edit", "duplicate"]


class RequirementForm(Screen[str | None]):
    """Every field of one requirement; `^s` saves, Esc leaves (asking if anything changed)."""

    CSS_PATH = "editing.tcss"

    def __init__(
        self,
        session: CatalogueSession,
        content: RequirementContent,
        *,
        mode: Mode,
        version: int | None = None,
        source_uid: str = "",
    ) -> None:
        super().__init__()
        install(self, FORM_KEYS)
        self.session = session
        self.base = content
        self.mode: Mode = mode
        self.version = version  # None: a new requirement
        self.source_uid = source_uid or content.uid
        self.classifications = session.classifications
        self.baseline = content
        self.errors: list[FieldError] = []
        self._checking = False  # after a refused save, messages follow every change
        self._category = content.category
        self._auto_uid: str | None = content.uid if mode != "edit" else None

    def compose(self) -> ComposeResult:
        if self.mode == "edit":
            heading = t("tui.form.edit", uid=self.base.uid)
        elif self.mode == "duplicate":
            heading = t("tui.form.duplicate", uid=self.source_uid)
        else:
            heading = t("tui.form.new")
        yield Static(Text(heading), id="form-title")
        with VerticalScroll(id="form-body"):
            yield from form_rows(self.base, self.classifications, uid_editable=self.mode != "edit")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.baseline = self.content()
        self.query_one("#f-title" if self.mode == "edit" else "#f-uid").focus()
        self.query_one("#form-body").scroll_home(animate=False)

    def content(self) -> RequirementContent:
        """What the form holds now."""
        return read_content(self, self.base, self.classifications)

    @property
    def changed(self) -> bool:
        """Whether anything differs from what the form was opened with."""
        return self.content() != self.baseline

    def unsaved_changes(self) -> bool:
        """Asked when the app is about to quit."""
        return self.changed

    # Keeping the form consistent while it is edited

    @on(Select.Changed, "#f-category")
    def _category_changed(self, event: Select.Changed) -> None:
        prefix = event.value if isinstance(event.value, str) else ""
        if prefix == self._category:
            return
        self._category = prefix
        subcategory = self.query_one("#f-subcategory", Select)
        kept = subcategory.value
        options = subcategory_options(self.classifications, prefix)
        subcategory.set_options(options)
        if kept in {value for _, value in options}:
            subcategory.value = kept
        uid = self.query_one("#f-uid", Input)
        if prefix and self._auto_uid is not None and uid.value == self._auto_uid:
            self._auto_uid = next_uid(self.session.conn, prefix)
            uid.value = self._auto_uid

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(SelectionList.SelectedChanged)
    @on(TextArea.Changed)
    def _edited(self) -> None:
        if self._checking:
            self.show_errors(self.validate(), focus=False)

    # Validation

    def validate(self) -> list[FieldError]:
        """The service's verdict on the form as it is."""
        original = None if self.version is None else self.base.uid
        return validate_content(self.session.conn, self.content(), original_uid=original)

    def show_errors(self, errors: list[FieldError], *, focus: bool = True) -> None:
        """Put each message under its field; focus the first field that has one."""
        self.errors = errors
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error.field, []).append(error.message)
        for line in self.query(".form-error").results(Static):
            name = (line.id or "").removeprefix("error-")
            messages = by_field.pop(name, [])
            line.update(Text("\n".join(f"⚠ {message}" for message in messages)))
            line.set_class(bool(messages), "-shown")
        for leftover in by_field.values():  # a field the form has no line for
            self.notify("\n".join(leftover), severity="error")
        if focus and errors:
            field = errors[0].field
            for target in self.query(f"#{FOCUS_OF.get(field, 'f-' + field)}"):
                target.focus()
            for row in self.query(f"#row-{field}"):
                self.call_after_refresh(row.scroll_visible)

    # Saving

    def action_save(self) -> None:
        content = self.content()
        if self.mode == "edit" and content == self.baseline:
            self.notify(t("tui.form.unchanged"))
            self.dismiss(None)
            return
        self._save(content, self.version)

    def _save(self, content: RequirementContent, version: int | None) -> None:
        try:
            stored = save_requirement(self.session.conn, content, expected_version=version)
        except ValidationError as error:
            self._checking = True
            self.show_errors(error.errors)
            self.notify(t("tui.form.invalid", count=len(error.errors)), severity="error")
            return
        except ConflictError as error:
            self._conflict(content, error.theirs)
            return
        except _REFUSED as error:
            said = unplaced_text(error)
            self.notify(t("tui.edit.failed", error=said), severity="error", timeout=10)
            return
        key = "tui.form.created" if version is None else "tui.form.saved"
        self.notify(t(key, uid=stored.uid))
        self.dismiss(stored.uid)

    def _conflict(self, mine: RequirementContent, theirs: Requirement | None) -> None:
        """Someone else saved first: show both, then do what the user chooses."""
        if theirs is None:
            self.notify(t("tui.conflict.gone", uid=mine.uid), severity="error", timeout=10)
            return

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self._save(mine, theirs.meta.version)
            elif choice == "theirs":
                self.notify(t("tui.conflict.took_theirs", uid=theirs.uid))
                self.dismiss(theirs.uid)
            else:  # edit further: the next save goes over their version, on purpose
                self.version = theirs.meta.version

        self.app.push_screen(ConflictScreen(mine, theirs), chosen)

    # Leaving

    def action_cancel(self) -> None:
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                t("tui.form.discard"), yes=t("tui.form.discard_yes"), no=t("tui.form.discard_no")
            ),
            answered,
        )

    # The user's own editor

    def action_external_editor(self) -> None:
        widget = self.focused
        if isinstance(widget, TextArea):
            text = widget.text
        elif isinstance(widget, Input) and not widget.disabled:
            text = widget.value
        else:
            self.notify(t("tui.form.not_text"), severity="warning")
            return
        name = f"{self.base.uid}-{(widget.id or 'text').removeprefix('f-')}"
        try:
            edited = edit_externally(self.app, text, name=name)
        except EditorError as error:
            message = (
                t("tui.form.editor_status", status=error.status)
                if error.status is not None
                else t("tui.form.editor_failed", error=str(error))
            )
            self.notify(message, severity="error", timeout=10)
            return
        if isinstance(widget, TextArea):
            widget.replace(edited, (0, 0), widget.document.end)
        else:
            widget.value = " ".join(edited.split())
        widget.focus()
