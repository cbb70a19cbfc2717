"""DOCX export benchmark: prints `docx_1k_s=` and `docx_10k_s=`.

Builds, in a temporary folder, a catalogue from the bundled sample grown to 1,000 and 10,000
requirements (the sample's real Danish texts repeated under new uids, so paragraphs have
realistic lengths), a selection with all of them ticked and priorities on, and times
`export_selection_docx` end to end: reading the selection, building the body, the template,
the zip and the atomic write. The best of a few runs is printed. Targets: 1,000 <= 0.3 s and
10,000 <= 1.5 s.

    python3 benchmarks/docx.py             # both sizes
    python3 benchmarks/docx.py 1000        # one size
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# Running as `python benchmarks/docx.py` puts benchmarks/ first on sys.path, where this very
# file would shadow python-docx; put the project there instead.
_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

from kravtui.catalogue.db import transaction  # noqa: E402
from kravtui.catalogue.requirements import load_contents, write_contents  # noqa: E402
from kravtui.interchange.docx.export import export_selection_docx  # noqa: E402
from kravtui.interchange.sample import create_from_sample  # noqa: E402
from kravtui.selection.items import tick  # noqa: E402
from kravtui.selection.records import SelectionInfo  # noqa: E402
from kravtui.selection.store import create_selection  # noqa: E402

SIZES = (1_000, 10_000)
NAMES = {1_000: "docx_1k_s", 10_000: "docx_10k_s"}


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


def measure(size: int, rounds: int = 3) -> float:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        conn, selection_id = build(folder, size)
        best = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            export_selection_docx(conn, selection_id, folder / "out.docx")
            best = min(best, time.perf_counter() - started)
        conn.close()
    return best


def main(argv: list[str]) -> None:
    sizes = tuple(int(a) for a in argv) or SIZES
    for size in sizes:
        seconds = measure(size)
        print(f"{NAMES.get(size, f'docx_{size}_s')}={seconds:.3f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
