"""A small selection answered by two vendors, assessed and with a chosen vendor, for the
evaluation report's tests (the writers, the application table, the CLI, the TUI, LibreOffice).

`report_catalogue(path)` builds on `answers_helpers.dialogue_catalogue` (SIK-1 Mindstekrav,
SIK-2 an info requirement, LOG-1, ARK-1) and imports:

- "Alfa A/S": every item answered, an elaboration on SIK-2 with markup characters, a price on
  LOG-1; SIK-2 assessed "Uddybning nødvendig" with a comment; the chosen vendor;
- "Beta ApS": SIK-1 (the Mindstekrav) answered Nej, so it fails it; LOG-1 ticked twice
  ("Ja / Nej": unclear); SIK-1 assessed "Afvist".

Then ARK-1 leaves the selection (answered, no longer in it) and a free-text item FRI-001 joins
it (in no vendor's file). Every timestamp is fixed, so the reports are the same each run.

`report_catalogue(path, prices=False)` is the same dialogue for a selection that asks for no
prices from the start (`selection new --no-prices`); the vendors' files hold the same prices
all the same (a vendor who wrote them anyway), which the report must leave out.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from kravtui.answers.assessments import assess, choose_winner
from kravtui.answers.records import Status
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import find_vendor, import_answers
from kravtui.catalogue.vocabulary import Importance
from kravtui.selection.items import add_free_text, untick
from kravtui.selection.records import Snapshot
from kravtui.selection.store import get_selection, update_info
from tests.answers_helpers import dialogue_catalogue, returned_file

FIXED = "2025-03-04T10:00:00Z"
ASSESSED = "2025-03-05T09:30:00Z"

ALFA: dict[str, tuple[str, str, str]] = {
    "SIK-1": ("Ja", "", ""),
    "SIK-2": ("Ja, delvist", "TLS 1.3 <overalt> & i arkivet.", ""),
    "LOG-1": ("Ja, som tilkøb", "", "12.500 kr."),
    "ARK-1": ("Ikke relevant", "", ""),
}
BETA: dict[str, tuple[str, str, str]] = {
    "SIK-1": ("Nej", "Kun adgangskoder.", ""),
    "SIK-2": ("Ja", "TLS 1.2.", ""),
    "LOG-1": ("Ja / Nej", "", "Inkluderet"),
    "ARK-1": ("Ja", "", "2.000,50"),
}


def report_catalogue(path: Path, *, prices: bool = True) -> tuple[sqlite3.Connection, int]:
    """The catalogue and the answered selection described in the module; (conn, id)."""
    conn, selection_id = dialogue_catalogue(path)
    if not prices:
        info = get_selection(conn, selection_id).info
        update_info(conn, selection_id, replace(info, prices_requested=False))
    sent = sent_selection(conn, selection_id)
    import_answers(conn, selection_id, "Alfa A/S", returned_file(sent, ALFA, name="alfa.docx"))
    import_answers(conn, selection_id, "Beta ApS", returned_file(sent, BETA, name="beta.xlsx"))
    alfa = find_vendor(conn, "Alfa A/S")
    beta = find_vendor(conn, "Beta ApS")
    assess(conn, selection_id, alfa, ["SIK-2"], Status.ELABORATION_NEEDED, "Hvilket arkiv?")
    assess(conn, selection_id, beta, ["SIK-1"], Status.REJECTED, "Mindstekrav ikke opfyldt.")
    choose_winner(conn, selection_id, alfa)
    untick(conn, selection_id, ["ARK-1"])
    free = Snapshot(
        uid="",
        title="Support på dansk",
        description="Support ydes på dansk.",
        category="LOG",
        importance=Importance.HIGH,
    )
    add_free_text(conn, selection_id, free)
    fix_times(conn)
    return conn, selection_id


def fix_times(conn: sqlite3.Connection) -> None:
    """Every timestamp of the selection and its answers fixed."""
    conn.execute("UPDATE selection SET created_at = ?, updated_at = ?", (FIXED, FIXED))
    conn.execute("UPDATE answer_set SET imported_at = ?, imported_by = 'indkøber'", (FIXED,))
    conn.execute("UPDATE answer_assessment SET at = ?, author = 'indkøber'", (ASSESSED,))
    conn.execute("UPDATE selection_winner SET chosen_at = ?, chosen_by = 'indkøber'", (ASSESSED,))
