"""Applying the questionnaire to a selection: propose, tick, and record why.

A requirement the officer unticked by hand is a decision, kept in the selection as an unticked
item (`kravtui.selection.items.untick`). Applying the questionnaire ticks what it proposes except
those: they are reported as proposed again (`ApplyReport.held_back`) and stay unticked unless the
officer names them (`retick`) or asks for all of them (`retick_all`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kravtui.catalogue.db import transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.requirements import load_contents
from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.i18n import t, uid_list
from kravtui.selection.items import list_items, tick_in_transaction, unticked_uids
from kravtui.selection.questionnaire import Proposal, propose
from kravtui.selection.records import Answer, SelectionItem, encode_why
from kravtui.selection.store import (
    SelectionError,
    check_answers,
    get_selection,
    require_draft,
    touch,
    write_answers,
)


@dataclass(frozen=True, slots=True)
class ApplyReport:
    """What applying the questionnaire did."""

    proposal: Proposal
    added: tuple[str, ...] = ()  # proposed and not in the selection before: ticked now
    reticked: tuple[str, ...] = ()  # unticked by hand, proposed again, ticked again as asked
    restored_edited: tuple[str, ...] = ()  # those of `reticked` whose edits came back
    held_back: tuple[str, ...] = ()  # unticked by hand, proposed again, left unticked

    @property
    def newly_ticked(self) -> tuple[str, ...]:
        """Every uid this apply ticked that was not ticked before, in uid order."""
        return tuple(sorted(self.added + self.reticked, key=uid_sort_key))


def preview(conn: Connection, selection_id: int) -> Proposal:
    """What the selection's current domains and answers propose ("N of M proposed")."""
    selection = get_selection(conn, selection_id)
    return propose(load_contents(conn), selection.info.domains, selection.answers)


def proposed_again(
    conn: Connection, selection_id: int, proposal: Proposal | None = None
) -> list[SelectionItem]:
    """The items the officer unticked by hand that the questionnaire proposes (again), in
    catalogue order: applying leaves them unticked unless the officer chooses them."""
    wanted = proposal if proposal is not None else preview(conn, selection_id)
    return [
        item
        for item in list_items(conn, selection_id, include_unticked=True)
        if not item.ticked and item.uid in wanted.reasons
    ]


def apply_questionnaire(
    conn: Connection,
    selection_id: int,
    *,
    answers: Mapping[str, Answer] | None = None,
    retick: Iterable[str] = (),
    retick_all: bool = False,
) -> ApplyReport:
    """Record `answers` (if any) and tick every proposed requirement, in one transaction; items
    already ticked get the reasons recorded.

    Requirements unticked by hand stay unticked unless named in `retick` (or `retick_all`); a
    `retick` uid that is not one of them is refused and nothing changes."""
    selection = get_selection(conn, selection_id)
    if answers:
        check_answers(conn, answers)
    merged = {**selection.answers, **(answers or {})}
    proposal = propose(load_contents(conn), selection.info.domains, merged)
    chosen = set(retick)
    with transaction(conn):
        require_draft(conn, selection_id)
        removed = unticked_uids(conn, selection_id) & proposal.reasons.keys()
        stray = sorted(chosen - removed, key=uid_sort_key)
        if stray:
            raise SelectionError(t("selection.retick_not_held", uids=uid_list(stray)))
        if answers:
            write_answers(conn, selection_id, answers)
        held_back = () if retick_all else tuple(sorted(removed - chosen, key=uid_sort_key))
        why = {
            uid: encode_why(reasons)
            for uid, reasons in proposal.reasons.items()
            if uid not in held_back
        }
        report = tick_in_transaction(conn, selection_id, why)
        conn.executemany(
            "UPDATE selection_item SET why = ? WHERE selection_id = ? AND uid = ?",
            [(reasons, selection_id, uid) for uid, reasons in why.items()],
        )
        touch(conn, selection_id)
    return ApplyReport(
        proposal=proposal,
        added=report.added,
        reticked=tuple(sorted(report.restored + report.restored_edited, key=uid_sort_key)),
        restored_edited=report.restored_edited,
        held_back=held_back,
    )
