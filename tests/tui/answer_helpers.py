"""A selection of the TUI tests' catalogue answered by vendors, imported through the service as
`kravtui answers import` does, with the import times fixed so that pictures do not change.

`answered_selection(path)` ticks SIK-1 and SIK-3 (Mindstekrav), SIK-2 (Vigtigt krav), LOG-1
(Vigtigt krav) and LOG-3 (Option, an info requirement) and imports ALFA and BETA: Alfa answers
the Mindstekrav SIK-3 Nej (it fails it), Beta leaves LOG-3 unanswered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kravtui.answers.sent import sent_selection
from kravtui.answers.store import import_answers
from tests.answers_helpers import returned_file
from tests.tui.helpers import opened
from tests.tui.selection_helpers import make_selection

FIXED = "2024-05-01T12:00:00Z"
TICKED = ("SIK-1", "SIK-2", "SIK-3", "LOG-1", "LOG-3")
Answers = Mapping[str, tuple[str, str, str]]

ALFA: dict[str, tuple[str, str, str]] = {
    "SIK-1": ("Ja", "", ""),
    "SIK-2": ("Ja, delvist", "TLS 1.3 overalt undtagen i arkivet.", ""),
    "SIK-3": ("Nej", "", ""),
    "LOG-1": ("Ja, som tilkøb", "", "12.500 kr."),
    "LOG-3": ("Ja", "Alle tidsstempler er i UTC.", ""),
}
BETA: dict[str, tuple[str, str, str]] = {
    "SIK-1": ("Ja", "", ""),
    "SIK-2": ("Ja", "", ""),
    "SIK-3": ("Ja", "", ""),
    "LOG-1": ("Nej", "", ""),
}


def answered_selection(
    path: Path,
    vendors: Mapping[str, Answers] | None = None,
    *,
    title: str = "Udbud 2025",
    ticked: Sequence[str] = TICKED,
) -> int:
    """A selection of `ticked` answered by `vendors` (name -> answers; ALFA and BETA by
    default)."""
    selection_id = make_selection(path, title, ticked=ticked)
    chosen = {"Alfa A/S": ALFA, "Beta ApS": BETA} if vendors is None else vendors
    with opened(path) as conn:
        sent = sent_selection(conn, selection_id)
        for name, answers in chosen.items():
            returned = returned_file(sent, answers, name=f"{name[:4].lower()}.xlsx")
            import_answers(conn, selection_id, name, returned)
        conn.execute("UPDATE answer_set SET imported_at = ?, imported_by = 'indkøber'", (FIXED,))
        conn.execute("UPDATE selection SET created_at = ?, updated_at = ?", (FIXED, FIXED))
    return selection_id
