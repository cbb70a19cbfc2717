"""Applying the questionnaire to a selection: propose, tick, and record why."""

from __future__ import annotations

import sqlite3

from kravtui.catalogue.db import transaction
from kravtui.catalogue.requirements import load_contents
from kravtui.selection.items import TickReport, tick_in_transaction
from kravtui.selection.questionnaire import Proposal, propose
from kravtui.selection.records import encode_why
from kravtui.selection.store import get_selection, require_draft, touch


def preview(conn: sqlite3.Connection, selection_id: int) -> Proposal:
    """What the selection's current domains and answers propose ("N of M proposed")."""
    selection = get_selection(conn, selection_id)
    return propose(load_contents(conn), selection.info.domains, selection.answers)


def apply_questionnaire(conn: sqlite3.Connection, selection_id: int) -> tuple[Proposal, TickReport]:
    """Tick every proposed requirement; items already ticked get the reasons recorded."""
    proposal = preview(conn, selection_id)
    why = {uid: encode_why(reasons) for uid, reasons in proposal.reasons.items()}
    with transaction(conn):
        require_draft(conn, selection_id)
        report = tick_in_transaction(conn, selection_id, why)
        conn.executemany(
            "UPDATE selection_item SET why = ? WHERE selection_id = ? AND uid = ?",
            [(reasons, selection_id, uid) for uid, reasons in why.items()],
        )
        touch(conn, selection_id)
    return proposal, report
