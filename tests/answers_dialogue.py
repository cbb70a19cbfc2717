"""A market dialogue with two vendors, a corrected file and verdicts, its times pinned, for the
answers TOML tests: the same catalogue always exports the same bytes.

`answered_dialogue(path)` builds on `tests.answers_helpers.dialogue_catalogue`: "Firma A/S"
answers everything (`ALL_YES`); "Beta ApS" sends a file, then a corrected one (two answer
files, the second current); SIK-1 of Firma A/S is accepted and then needs an elaboration (two
verdicts), LOG-1 of Beta ApS is accepted with a comment; Firma A/S is chosen. `pin_times`
sets every time and author the services stamped to fixed values.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from kravtui.answers.assessments import assess, choose_winner
from kravtui.answers.records import SourceKind, Status
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import find_vendor, import_answers
from tests.answers_helpers import ALL_YES, dialogue_catalogue, returned_file

BETA_FIRST = {
    "SIK-1": ("Nej", "Kun adgangskode.", ""),
    "SIK-2": ("Ja", "", ""),
    "LOG-1": ("Ja, som tilkøb", "Logning som modul.", "9.999,50 kr."),
}
BETA_CORRECTED = {
    **BETA_FIRST,
    "SIK-2": ("Ja", 'TLS 1.2 og 1.3; se "bilag 3".', ""),
    "ARK-1": ("Ja delvist", "Arkivversion efter aftale.\nLeveres årligt.", "Inkluderet"),
}


def pin_times(conn: sqlite3.Connection) -> None:
    """Every stamped time and author fixed: what the services wrote now, as of 2025."""
    with conn:
        conn.execute("UPDATE selection SET created_at = '2025-01-06T08:00:00Z'")
        conn.execute(
            "UPDATE answer_set SET imported_at = printf('2025-02-%02dT09:00:00Z', id), "
            "imported_by = 'indkob'"
        )
        conn.execute(
            "UPDATE answer_assessment SET at = printf('2025-03-%02dT10:00:00Z', id), "
            "author = 'indkob'"
        )


def answered_dialogue(path: Path) -> tuple[sqlite3.Connection, int]:
    """The catalogue of the module's dialogue, times pinned; (connection, selection id)."""
    conn, selection_id = dialogue_catalogue(path)
    sent = sent_selection(conn, selection_id)
    firma_file = replace(returned_file(sent, ALL_YES, name="firma.docx"), kind=SourceKind.DOCX)
    import_answers(conn, selection_id, "Firma A/S", firma_file)
    import_answers(
        conn, selection_id, "Beta ApS", returned_file(sent, BETA_FIRST, name="beta.xlsx")
    )
    corrected = returned_file(sent, BETA_CORRECTED, name="beta-rettet.xlsx")
    import_answers(conn, selection_id, "Beta ApS", corrected)
    firma = find_vendor(conn, "Firma A/S")
    assess(conn, selection_id, firma, ["SIK-1"], Status.ACCEPTED)
    assess(conn, selection_id, firma, ["SIK-1"], Status.ELABORATION_NEEDED, "Hvilke faktorer?")
    beta = find_vendor(conn, "Beta ApS")
    assess(conn, selection_id, beta, ["LOG-1"], Status.ACCEPTED_WITH_COMMENT, "Pris inkl. drift.")
    choose_winner(conn, selection_id, firma)
    pin_times(conn)
    return conn, selection_id
