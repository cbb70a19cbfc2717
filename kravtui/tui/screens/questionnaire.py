"""The questionnaire (`a`): every tag's question answered yes / no / don't know, the selection's
domains, a live "N of M proposed", and `a` to tick what is proposed.

`y`, `n` and `u` answer the highlighted question and move on to the next, so a questionnaire is
answered with one key per question; Space moves on without answering; Enter (or a click)
changes the answer where it is: yes, no, don't know, yes ...

Each answer and each domain change is saved at once (one service call); the count is worked out
by the questionnaire rules (`kravtui.selection.questionnaire.propose`) over the catalogue's
contents, which are read once in a worker when the screen opens, so the count follows every
key without a database round trip. Applying goes through `apply_questionnaire`, which records
why each requirement was proposed. Requirements the officer unticked by hand stay unticked: when
the answers propose some of them again, `a` first shows them in a check list (`RetickScreen`),
all unchecked, and only the checked ones are ticked again. The message after applying names the
newly ticked ones and those left unticked.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.current_selection import attempt
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.engine_errors import DB_ERRORS, unplaced_text
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import load_contents
from kravtui.i18n import t, t_count, uid_list
from kravtui.selection.proposals import ApplyReport, apply_questionnaire, proposed_again
from kravtui.selection.questionnaire import Proposal, propose
from kravtui.selection.records import Answer, Selection, SelectionItem
from kravtui.selection.store import get_selection, set_answers, update_info
from kravtui.tui.keys import QUESTIONNAIRE_KEYS, install
from kravtui.tui.read_only import shown
from kravtui.tui.screens.retick import RetickScreen
from kravtui.tui.widgets.check_list import CheckList
from kravtui.tui.widgets.key_footer import KeyFooter
from kravtui.tui.widgets.marked_option_list import MarkedOptionList
from kravtui.tui.widgets.status_line import number

_REFUSED: tuple[type[Exception], ...] = (CatalogueError, *DB_ERRORS)
"""What a refused or failed action raises; said in one line, nothing else changes."""

CYCLE: dict[Answer | None, Answer] = {
    None: Answer.YES,
    Answer.YES: Answer.NO,
    Answer.NO: Answer.UNKNOWN,
    Answer.UNKNOWN: Answer.YES,
}


class ContentsLoaded(Message):
    """The catalogue's contents, read in a worker."""

    def __init__(self, contents: list[RequirementContent]) -> None:
        super().__init__()
        self.contents = contents


class Planned(Message):
    """The items unticked by hand that the answers propose again (read in a worker)."""

    def __init__(self, again: list[SelectionItem] | None, error: str = "") -> None:
        super().__init__()
        self.again = again
        self.error = error


class Applied(Message):
    """The questionnaire was applied in a worker (`result`), or refused (`error`)."""

    def __init__(self, result: ApplyReport | None, error: str = "") -> None:
        super().__init__()
        self.result = result
        self.error = error


SHOWN_UIDS = 5  # the message after applying names this many uids, then "… and N more"


def answer_label(answer: Answer | None) -> str:
    """How an answer reads in the list ("—" when unanswered, which counts as no)."""
    return t(f"answer.{answer.value}") if answer else "—"


class QuestionnaireScreen(Screen[None]):
    """Answer the questionnaire of the current selection."""

    CSS_PATH = "selection.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012

    def __init__(self, session: CatalogueSession) -> None:
        super().__init__()
        # read-only: the answering keys leave the footer (they say why they cannot)
        specs = shown(QUESTIONNAIRE_KEYS, session.read_only)
        install(self, [spec for spec in specs if spec.id != "answer-cycle"])
        self.cycle = [spec for spec in specs if spec.id == "answer-cycle"]
        self.session = session
        selection = session.selection.selection
        assert selection is not None, "the questionnaire needs a current selection"
        self.selection: Selection = selection
        self.tags = list(session.classifications.tags)
        self.contents: list[RequirementContent] | None = None
        self.proposal: Proposal | None = None
        self.applying = False

    def compose(self) -> ComposeResult:
        title = t("tui.q.title", title=self.selection.title)
        yield Label(Text(title, style="bold"), classes="screen-title")
        yield Label(Text(t("tui.q.counting")), id="q-count")
        with Horizontal(id="q-body"):
            with Vertical(id="q-tags-box"):
                yield Label(Text(t("tui.q.questions"), style="bold"))
                yield MarkedOptionList(*self._tag_options(), id="q-tags", keys=self.cycle)
            with Vertical(id="q-domains-box"):
                yield Label(Text(t("field.domains"), style="bold"))
                yield CheckList(
                    [
                        (d.name, d.name, d.name in self.selection.info.domains)
                        for d in self.session.classifications.domains
                    ],
                    id="q-domains",
                )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#q-tags", MarkedOptionList).focus()
        if self.selection.is_final or self.session.read_only:
            self.query_one("#q-domains", CheckList).disabled = True
        self._load_contents()

    # The list of questions

    def _tag_options(self) -> list[Option]:
        """One option per tag: the answer in brackets, then the question with a hanging indent."""
        width = max(cell_len(answer_label(a)) for a in (None, *Answer)) + 2
        options = []
        for tag in self.tags:
            answer = self.selection.answers.get(tag.name)
            question = Text(tag.name, style="bold")
            if tag.question:
                question.append(f": {' '.join(tag.question.split())}")
            grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
            grid.add_column(width=width, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(Text(f"[{answer_label(answer)}]", style="bold"), question)
            options.append(Option(grid))
        return options

    def _refresh_tags(self) -> None:
        listing = self.query_one("#q-tags", MarkedOptionList)
        for index, option in enumerate(self._tag_options()):
            listing.replace_option_prompt_at_index(index, option.prompt)

    def _highlighted_tag(self) -> str | None:
        index = self.query_one("#q-tags", MarkedOptionList).highlighted
        return self.tags[index].name if index is not None and index < len(self.tags) else None

    def _error(self, message: str) -> None:
        """Say why something was refused; when the selection was deleted in another session
        (there is no current one now), the screen closes too."""
        self.notify(message, severity="error", timeout=8)
        if self.session.selection.selection is None:
            self.dismiss()

    def _changeable(self) -> bool:
        """Whether the answers can change: the selection is still there, a draft, and the
        catalogue is not read-only; else one line says why."""
        return attempt(self.session.selection.require_draft, self._error) is not None

    def _set(self, tag: str, answer: Answer) -> bool:
        """Save one answer; False when it was refused (the user has been told why)."""
        if not self._changeable():
            return False
        saved = attempt(
            lambda: set_answers(self.session.conn, self.selection.id, {tag: answer}), self._error
        )
        if saved is None:
            return False
        self.selection = saved
        self._refresh_tags()
        self._recount()
        return True

    def action_answer(self, value: str) -> None:
        """Answer the highlighted question (y, n, u) and move on to the next one."""
        tag = self._highlighted_tag()
        if tag is not None and self._set(tag, Answer(value)):
            self.action_next_question()

    def action_next_question(self) -> None:
        """Space: on to the next question, the answer left as it is; the last one stays (no
        wrapping round to the first, which would look like an answer gone missing)."""
        listing = self.query_one("#q-tags", MarkedOptionList)
        index = listing.highlighted
        if index is not None and index + 1 < listing.option_count:
            listing.highlighted = index + 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click on a question: the next answer, in place."""
        event.stop()
        tag = self.tags[event.option_index].name
        self._set(tag, CYCLE[self.selection.answers.get(tag)])

    # Domains

    def on_check_list_changed(self, event: CheckList.Changed) -> None:
        event.stop()
        chosen = set(event.check_list.selected)
        domains = tuple(d.name for d in self.session.classifications.domains if d.name in chosen)
        if domains == self.selection.info.domains:
            return
        info = replace(self.selection.info, domains=domains)
        saved = (
            attempt(lambda: update_info(self.session.conn, self.selection.id, info), self._error)
            if self._changeable()
            else None
        )
        if saved is None:  # refused: show the stored domains again
            for name in event.check_list.values:
                event.check_list.set_checked(name, name in self.selection.info.domains)
            return
        self.selection = saved
        self._recount()

    # The count

    @work(thread=True, exclusive=True, group="questionnaire-contents")
    def _load_contents(self) -> None:
        worker = get_current_worker()
        try:
            contents = self.session.background(load_contents, lambda: worker.is_cancelled)
        except Exception as error:  # the count is a help; the screen still works without it
            self.app.call_from_thread(self._error, str(error))
            return
        if contents is not None and not worker.is_cancelled:
            self.post_message(ContentsLoaded(contents))

    def on_contents_loaded(self, message: ContentsLoaded) -> None:
        self.contents = message.contents
        self._recount()

    def _recount(self) -> None:
        if self.contents is None:
            return
        info = self.selection
        self.proposal = propose(self.contents, info.info.domains, info.answers)
        text = Text(
            t(
                "selection.proposed",
                count=number(self.proposal.count),
                total=number(self.proposal.considered),
            ),
            style="bold",
        )
        text.append("  " + t("tui.q.rules"), "dim")
        self.query_one("#q-count", Label).update(text)

    # Applying

    def action_apply(self) -> None:
        """Tick every proposed requirement (with the reasons), in a worker: at 100,000
        requirements the rules read the whole catalogue again, which takes a moment. Those the
        officer unticked by hand are offered first (`RetickScreen`) and stay unticked unless
        checked there."""
        if self.applying or not self._changeable():
            return
        self.applying = True
        self._plan_worker(self.selection.id, self.proposal)

    @work(thread=True, group="questionnaire-apply")
    def _plan_worker(self, selection_id: int, proposal: Proposal | None) -> None:
        try:
            again = self.session.background(
                lambda conn: proposed_again(conn, selection_id, proposal), lambda: False
            )
        except _REFUSED as error:
            self.post_message(Planned(None, unplaced_text(error)))
            return
        self.post_message(Planned(again))

    def on_planned(self, message: Planned) -> None:
        if message.again is None:
            self.applying = False
            self._error(message.error)
            return
        if not message.again:
            self._apply([])
            return

        def chosen(uids: list[str] | None) -> None:
            if uids is None:
                self.applying = False
                self.notify(t("tui.retick.cancelled"))
            else:
                self._apply(uids)

        self.app.push_screen(RetickScreen(message.again), chosen)

    def _apply(self, retick: list[str]) -> None:
        self.notify(t("tui.q.applying"))
        self._apply_worker(self.selection.id, retick)

    @work(thread=True, group="questionnaire-apply")
    def _apply_worker(self, selection_id: int, retick: list[str]) -> None:
        try:
            result = self.session.background(
                lambda conn: apply_questionnaire(conn, selection_id, retick=retick), lambda: False
            )
        except _REFUSED as error:
            self.post_message(Applied(None, unplaced_text(error)))
            return
        self.post_message(Applied(result))

    def on_applied(self, message: Applied) -> None:
        self.applying = False
        report = message.result
        if report is None:
            self._error(message.error)
            return
        self.session.selection.reload()
        self.selection = get_selection(self.session.conn, self.selection.id)
        new = report.newly_ticked
        self.notify(
            t(
                "tui.q.applied",
                ticked=number(report.proposal.count - len(report.held_back)),
                count=number(report.proposal.count),
                new=t_count("tui.q.new", len(new), uids=uid_list(new, SHOWN_UIDS)),
            )
        )
        if report.restored_edited:
            self.notify(t("selection.restored_edits", uids=uid_list(report.restored_edited)))
        if report.held_back:
            held = report.held_back
            self.notify(
                t_count("selection.held_back", len(held), uids=uid_list(held, SHOWN_UIDS)),
                severity="warning",
            )

    def action_back(self) -> None:
        self.dismiss()
