"""The drift view (`w` on the selection screen): an item's snapshot beside the catalogue's
current version, field by field, with the changed words marked; take the catalogue's text or
keep the snapshot, for this item or for every drifted item.

Changed words carry marks as well as colours, as in `git diff --word-diff`: `[-words-]` are only
in the snapshot, `{+words+}` only in the catalogue now. `→`/`←` step through the drifted items;
each one dealt with leaves the list, and the view closes after the last.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.current_selection import attempt, succeeded
from kravtui.catalogue.textdiff import Mark, word_diff
from kravtui.i18n import t, t_count
from kravtui.selection.drift import Comparison, compare, keep_snapshot, take_catalogue
from kravtui.selection.records import Snapshot
from kravtui.tui.keys import DRIFT_KEYS, install
from kravtui.tui.read_only import shown
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.widgets.key_footer import KeyFooter

_FIELD_KEYS = {
    "title": "field.title",
    "description": "field.description",
    "rationale": "field.rationale",
    "help_text": "field.help_text",
    "category": "field.category",
    "subcategory": "field.subcategory",
    "importance": "field.importance",
}


def _value(snapshot: Snapshot, name: str) -> str:
    if name == "importance":
        return t(snapshot.importance.label_key)
    return str(getattr(snapshot, name))


def marked_diff(before: str, after: str) -> Text:
    """`before` turned into `after` word by word: `[-gone-]` and `{+new+}` marks."""
    text = Text(no_wrap=False)
    for run in word_diff(before, after):
        if run.mark is Mark.EQUAL:
            text.append(run.text)
        elif run.mark is Mark.DELETE:
            text.append(f"[-{run.text.rstrip()}-]", "strike red")
            text.append(run.text[len(run.text.rstrip()) :])
        else:
            text.append(f"{{+{run.text.rstrip()}+}}", "underline green")
            text.append(run.text[len(run.text.rstrip()) :])
    return text


def comparison_text(comparison: Comparison) -> Text:
    """Every differing field of one item, snapshot against catalogue."""
    item = comparison.item
    text = Text(no_wrap=False)
    text.append(f"{item.uid}  {item.snapshot.title}\n", "bold")
    if item.edited:
        text.append(t("tui.drift.edited_note") + "\n", "bold")
    catalogue = comparison.catalogue
    if catalogue is None:
        text.append("\n" + t("tui.drift.gone") + "\n", "bold")
        return text
    if not comparison.fields:
        text.append("\n" + t("tui.drift.same_text") + "\n")
        return text
    legend = t("tui.drift.legend", removed="[-…-]", added="{+…+}")
    text.append(legend + "\n", "dim")
    for name in comparison.fields:
        text.append(f"\n{t(_FIELD_KEYS[name])}\n", "bold underline")
        if name in ("importance", "category", "subcategory"):
            text.append(_value(item.snapshot, name) or "—")
            text.append(" → ")
            text.append((_value(catalogue, name) or "—") + "\n", "bold")
        else:
            text.append(marked_diff(_value(item.snapshot, name), _value(catalogue, name)))
            text.append("\n")
    return text


class DriftScreen(Screen[None]):
    """Compare drifted items with the catalogue and settle them one by one or all at once."""

    CSS_PATH = "selection.tcss"

    def __init__(self, session: CatalogueSession, uids: list[str], start: int = 0) -> None:
        super().__init__()
        install(self, shown(DRIFT_KEYS, session.read_only))  # read-only: no writing keys
        self.session = session
        self.uids = list(uids)
        self.index = min(max(start, 0), max(len(self.uids) - 1, 0))
        self.comparison: Comparison | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="drift-title", classes="screen-title")
        with VerticalScroll(id="drift-body"):
            yield Static(id="drift-text", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#drift-body", VerticalScroll).focus()

    @property
    def selection_id(self) -> int:
        selection_id = self.session.selection.id
        assert selection_id is not None
        return selection_id

    def _error(self, message: str) -> None:
        """Say why something was refused; when the selection was deleted in another session
        (there is no current one now), the view closes too."""
        self.notify(message, severity="error", timeout=8)
        if self.session.selection.selection is None:
            self.dismiss()

    def _changeable(self) -> bool:
        """Whether the items can change: the selection is still there, a draft, and the
        catalogue is not read-only; else one line says why."""
        return attempt(self.session.selection.require_draft, self._error) is not None

    def _show(self) -> None:
        if not self.uids:
            self.dismiss()
            return
        if attempt(self.session.selection.require, self._error) is None:
            return
        uid = self.uids[self.index]
        self.comparison = attempt(
            lambda: compare(self.session.conn, self.selection_id, uid), self._error
        )
        heading = t("tui.drift.title", n=self.index + 1, total=len(self.uids), uid=uid)
        self.query_one("#drift-title", Label).update(Text(heading, style="bold"))
        body = comparison_text(self.comparison) if self.comparison else Text("")
        self.query_one("#drift-text", Static).update(body)
        self.query_one("#drift-body", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()  # `t` is offered only where there is a catalogue text

    def footer_leaves_out(self, action: str) -> bool:
        """A requirement deleted in the catalogue has no text to take: `t` leaves the footer
        there (and says so when pressed)."""
        comparison = self.comparison
        return action == "take" and comparison is not None and comparison.catalogue is None

    def action_step(self, delta: int) -> None:
        if self.uids:
            self.index = (self.index + delta) % len(self.uids)
            self._show()

    def _settle(self, uids: list[str], take: bool) -> None:
        if not self._changeable():
            return
        comparison = self.comparison
        gone = comparison is not None and comparison.catalogue is None
        if take and gone and comparison is not None and uids == [comparison.item.uid]:
            self._error(t("tui.drift.cannot_take"))
            return
        service = take_catalogue if take else keep_snapshot
        if not succeeded(lambda: service(self.session.conn, self.selection_id, uids), self._error):
            return
        self.session.selection.reload()
        done = set(uids)
        self.notify(t("tui.drift.taken" if take else "tui.drift.kept", count=len(uids)))
        self.uids = [uid for uid in self.uids if uid not in done]
        self.index = min(self.index, max(len(self.uids) - 1, 0))
        self._show()

    def action_take(self) -> None:
        if self.uids:
            self._settle([self.uids[self.index]], True)

    def action_keep(self) -> None:
        if self.uids:
            self._settle([self.uids[self.index]], False)

    def _settle_all(self, take: bool) -> None:
        if not self.uids or not self._changeable():
            return
        uids = list(self.uids)

        def done(yes: bool | None) -> None:
            if yes:
                self._settle(uids, take)

        key = "tui.drift.take_all_question" if take else "tui.drift.keep_all_question"
        heading = t("tui.key.drift_take_all" if take else "tui.key.drift_keep_all")
        self.app.push_screen(ConfirmScreen(heading, t_count(key, len(uids))), done)

    def action_take_all(self) -> None:
        self._settle_all(True)

    def action_keep_all(self) -> None:
        self._settle_all(False)
