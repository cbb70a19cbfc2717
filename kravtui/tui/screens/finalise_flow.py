"""Finalising a selection from any screen: ask first, name a past deadline, then finalise.

Shared by the selections screen (`s`), the selection's item view (`v`) and the palette, so that
none of them imports another screen for it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.application.current_selection import attempt
from kravtui.i18n import t
from kravtui.selection.deadline import DeadlineState, judge_deadline
from kravtui.selection.store import finalise, get_selection
from kravtui.tui.screens.confirm import ConfirmScreen


def confirm_finalise(
    screen: Screen[None],
    session: CatalogueSession,
    selection_id: int,
    title: str,
    after: Callable[[], None],
) -> None:
    """Ask, then mark the selection final (it can only be duplicated from then on).

    A response deadline before today is named in the question, whose yes then finalises it
    all the same (the service refuses it otherwise)."""
    deadline = judge_deadline(get_selection(session.conn, selection_id).info.deadline)
    past = deadline.state is DeadlineState.PAST

    def done(yes: bool | None) -> None:
        if not yes:
            return

        def report(message: str) -> None:
            screen.notify(message, severity="error", timeout=8)

        if (
            attempt(lambda: finalise(session.conn, selection_id, allow_past_deadline=past), report)
            is not None
        ):
            screen.notify(t("selection.finalised", title=title))
            after()

    message = t("tui.sel.final_question", title=title)
    yes = t("tui.sel.final_yes")
    if past:
        warning = t("tui.sel.final_past_warning", deadline=deadline.stored)
        message = f"⚠ {warning}\n\n{message}"
        yes = t("tui.sel.final_past_yes")
    screen.app.push_screen(ConfirmScreen(t("tui.sel.final_heading"), message, yes=yes), done)
