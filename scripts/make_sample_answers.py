"""Generate the sample's two example answered files: `data/sample-answers/`.

Run from the repository root: `python3 scripts/make_sample_answers.py [FOLDER]` (after changing
the sample catalogue, its example selection, the DOCX or answer-sheet layout, or the answers
below). A catalogue is made from the sample in a temporary folder; the example selection
("Eksempel ESDH") is exported as kravtui sends it to vendors, and each file is filled in as a
vendor would:

- `leverandor-a.docx`, Leverandør A: the requirement specification answered in Word (the check
  boxes ticked, the elaboration and price typed into their content controls, as
  `tests/docx_fill.py` does it). Every requirement is answered: a minimum requirement (SIK-002)
  with Nej, ARK-001 with "Ja, delvist" and why, BRU-004 as an add-on with its price, and every
  info requirement elaborated.
- `leverandor-b.xlsx`, Leverandør B: the answer sheet filled in a spreadsheet (openpyxl standing
  in). Every requirement is answered, with two gaps the import report names: no elaboration for
  the info requirement DATA-005, and no price for the add-on LOG-002; one price is a number cell.

The output is deterministic: the selection's identity and times are fixed in the sample, and
the files are written as zips of stored (uncompressed) parts with fixed timestamps, so the bytes
do not depend on the machine's zlib. `tests/test_sample_dialogue.py` checks that running the
script again gives the files in `data/` byte for byte, and that both import as expected.
"""

from __future__ import annotations

import io
import sqlite3
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from docx_fill import fill_docx  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from kravtui.answers.records import Choice  # noqa: E402
from kravtui.answers.sent import sent_selection  # noqa: E402
from kravtui.interchange.answer_sheet import answer_sheet_bytes  # noqa: E402
from kravtui.interchange.docx.export import export_selection_docx  # noqa: E402
from kravtui.interchange.fixed_zip import fixed_info  # noqa: E402
from kravtui.interchange.sample import (  # noqa: E402
    SAMPLE_ANSWERS,
    SAMPLE_SELECTION_TITLE,
    create_from_sample,
)
from kravtui.interchange.xlsx_package import fix_properties, workbook_bytes  # noqa: E402
from kravtui.selection.store import find_selection  # noqa: E402

OUTPUT = ROOT / "data" / "sample-answers"

# Leverandør A: uid -> (the box ticked, elaboration, price); unnamed requirements: Ja.
VENDOR_A: dict[str, tuple[Choice, str, str]] = {
    "SIK-002": (
        Choice.NO,
        "Tofaktorautentifikation kommer i version 5, som er planlagt til andet halvår 2027.\n"
        "Indtil da kan adgang fra internettet begrænses til kommunens VPN.",
        "",
    ),
    "SIK-009": (Choice.YES, "Vi er certificeret efter ISO/IEC 27001 siden 2019.", ""),
    "ARK-001": (
        Choice.YES_PARTIAL,
        "Arkiveringsversioner afleveres efter bekendtgørelsen for sager fra 2015 og frem; "
        "ældre dokumenter afleveres som en særskilt aflevering.",
        "",
    ),
    "ARK-005": (Choice.YES, "Dokumenter journaliseres på sagen, når de modtages eller sendes.", ""),
    "DATA-005": (
        Choice.YES,
        "Exitplanen er bilag 4: fuldt udtræk i åbne formater og 3 måneders parallel adgang.",
        "",
    ),
    "BRU-004": (Choice.YES_ADDON, "Mobilappen til iOS og Android er et tilvalg.", "45.000 kr."),
    "DOK-006": (Choice.NOT_RELEVANT, "Vi tilbyder undervisning på stedet i stedet.", ""),
}

# Leverandør B: uid -> (the answer as written, elaboration, price); unnamed requirements: Ja.
VENDOR_B: dict[str, tuple[str, str | None, str | float | None]] = {
    "SIK-009": ("Ja", "ISO/IEC 27001-certificeret; erklæring vedlagt.", None),
    "ARK-005": ("Ja", "Journalisering sker gennem integrationen til FESD.", None),
    "DATA-005": ("Ja", None, None),  # an info requirement without its elaboration
    "INT-004": (
        "Ja, delvist",
        "Digital Post sendes via KOMBITs løsning; fjernprint følger i andet kvartal.",
        None,
    ),
    "LOG-002": ("Ja, som tilkøb", None, None),  # an add-on without its price
    "BRU-004": ("Ja, som tilkøb", None, 30000),
    "BAK-007": ("Ja, som tilkøb", "Genskabelse af enkelte sager fra backup.", "12.500 kr."),
    "DOK-006": ("Nej", None, None),
}


def stored(data: bytes) -> bytes:
    """A zip package's parts, in their order, as a zip of stored parts with fixed stamps."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_STORED) as target,
    ):
        for info in source.infolist():
            entry = fixed_info(info.filename)
            entry.compress_type = zipfile.ZIP_STORED
            target.writestr(entry, source.read(info))
    return output.getvalue()


def answered_docx(conn: sqlite3.Connection, selection_id: int, folder: Path) -> bytes:
    sent = folder / "sent.docx"
    export_selection_docx(conn, selection_id, sent)
    uids = [item.uid for item in sent_selection(conn, selection_id).items]
    answers = {
        uid: ((choice,), elaboration, price)
        for uid, (choice, elaboration, price) in {
            **dict.fromkeys(uids, (Choice.YES, "", "")),
            **VENDOR_A,
        }.items()
    }
    return stored(fill_docx(sent, folder / "answered.docx", answers).read_bytes())


def answered_sheet(conn: sqlite3.Connection, selection_id: int) -> bytes:
    sent = sent_selection(conn, selection_id)
    workbook = load_workbook(io.BytesIO(answer_sheet_bytes(sent)))
    sheet = workbook.worksheets[0]
    for row in range(2, sheet.max_row + 1):
        uid = str(sheet.cell(row=row, column=1).value)
        for column, value in zip((5, 6, 7), VENDOR_B.get(uid, ("Ja", None, None)), strict=True):
            sheet.cell(row=row, column=column).value = value
    fix_properties(workbook, sent.title)
    return stored(workbook_bytes(workbook))


def main(output: Path = OUTPUT) -> list[Path]:
    """Write both files into `output`; their paths."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        conn = create_from_sample(folder / "sample.db")
        try:
            selection_id = find_selection(conn, SAMPLE_SELECTION_TITLE).id
            made = {
                ".docx": answered_docx(conn, selection_id, folder),
                ".xlsx": answered_sheet(conn, selection_id),
            }
        finally:
            conn.close()
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for answer in SAMPLE_ANSWERS:
        path = output / answer.file_name
        path.write_bytes(made[path.suffix])
        written.append(path)
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT):
        print(path)
