"""Market dialogue benchmark: import of an answered XLSX answer sheet of 500 and 5,000
requirements, with the sheet's export beside it.

For each size it builds, in a temporary folder, a catalogue from the bundled sample grown to that
many requirements (its real Danish texts under new uids), a selection ticking all of them, and
exports the answer sheet (``export_s``). A vendor's answers are then filled in with openpyxl (a
choice on every row, an elaboration on every third, a price on every add-on; not timed), and
``import_s`` times the import end to end: reading the file (the zip checks, openpyxl, the text
rule on every cell), judging it against the selection and storing it in one transaction. The
best of a few runs is printed, one line of ``name=value`` figures per size, then the targets::

    python3 benchmarks/answers.py            # 500 and 5,000
    python3 benchmarks/answers.py 500        # one size

Targets (issue 14, for an answered DOCX; the XLSX sheet is held to the same): 500 <= 1 s,
5,000 <= 5 s. The issue's other targets (the Besvarelser screen, the evaluation report) measure
parts not built yet.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # benchmarks/docx.py
sys.path.insert(0, str(_ROOT))
sys.path.append(str(_HERE))

from targets import check  # type: ignore[import-not-found]  # noqa: E402

from kravtui.application.answers import import_answer_file  # noqa: E402
from kravtui.application.export import check_target, export_selection  # noqa: E402
from kravtui.catalogue.db import transaction  # noqa: E402
from kravtui.catalogue.requirements import load_contents, write_contents  # noqa: E402
from kravtui.interchange.sample import create_from_sample  # noqa: E402
from kravtui.selection.items import tick  # noqa: E402
from kravtui.selection.records import SelectionInfo  # noqa: E402
from kravtui.selection.store import create_selection  # noqa: E402

SIZES = (500, 5_000)
TARGETS = {500: {"import_s": 1.0}, 5_000: {"import_s": 5.0}}
CHOICES = ("Ja", "Ja, som tilkøb", "Ja, delvist", "Nej", "Ikke relevant")


def build(folder: Path, size: int) -> tuple[sqlite3.Connection, int]:
    """A catalogue with `size` live requirements and a selection ticking all of them."""
    conn = create_from_sample(folder / f"bench-{size}.db")
    sample = [c for c in load_contents(conn) if not c.deleted]
    extra = []
    serial = 0
    while len(sample) + len(extra) < size:
        source = sample[serial % len(sample)]
        serial += 1
        prefix = source.uid.partition("-")[0]
        extra.append(
            replace(source, uid=f"{prefix}-{9000 + serial}", title=f"{source.title} ({serial})")
        )
    with transaction(conn):
        write_contents(conn, extra, author="benchmark")
    selection = create_selection(conn, SelectionInfo(title=f"Benchmark {size}", language="da"))
    uids = [c.uid for c in load_contents(conn) if not c.deleted][:size]
    tick(conn, selection.id, uids)
    return conn, selection.id


def fill(sheet: Path, out: Path) -> None:
    """Every row answered as a vendor would, saved as a new file."""
    from openpyxl import load_workbook

    workbook = load_workbook(sheet)
    rows = workbook.worksheets[0]
    for row in range(2, rows.max_row + 1):
        choice = CHOICES[row % len(CHOICES)]
        rows.cell(row=row, column=5).value = choice
        if row % 3 == 0 or choice == "Ja, delvist":
            rows.cell(row=row, column=6).value = "Løsningen understøtter det i standardopsætningen."
        if choice == "Ja, som tilkøb":
            rows.cell(row=row, column=7).value = 1000 + row
    workbook.save(out)


def measure(size: int, rounds: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        conn, selection_id = build(folder, size)
        sheet = folder / "svar.xlsx"
        export_best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            export_selection(
                conn, selection_id, check_target(conn, sheet, create_folder=False), "answer-sheet"
            )
            export_best = min(export_best, time.perf_counter() - started)
        answered = folder / "besvaret.xlsx"
        fill(sheet, answered)
        import_best = float("inf")
        for round_number in range(rounds):
            started = time.perf_counter()
            result = import_answer_file(conn, selection_id, f"Leverandør {round_number}", answered)
            import_best = min(import_best, time.perf_counter() - started)
            assert result.report.answered == size, result.report.answered
        conn.close()
    return {"export_s": round(export_best, 3), "import_s": round(import_best, 3)}


def main(argv: list[str]) -> None:
    sizes = tuple(int(a) for a in argv) or SIZES
    for size in sizes:
        figures = measure(size)
        print(f"size={size} " + " ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
        for line in check(size, figures, TARGETS):
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
