"""Answers TOML benchmark: 10 vendors × 10,000 requirements written, diffed and flattened.

It builds the Besvarelser benchmark's catalogue (`answers_tui.build`: 10 vendors' answers to
every requirement, half of each assessed; not timed), then prints one line of ``name=value``
figures::

    vendors=10 size=10000 answers=100000 export_s=... file_mb=... diff_s=... textconv_s=...
    peak_mb=...

- ``export_s``: `kravtui answers report` (`export_answers`), reading and writing the file;
- ``diff_s``: `kravtui diff` (`diff_files`) of that file and a copy with one status changed,
  both parsed and checked whole, and the diff rendered as text;
- ``textconv_s``: `kravtui diff --textconv` of the file (what plain `git log -p` runs);

each the best of 3, in this process; ``peak_mb``: this process's peak memory, building the
catalogue included (an upper bound). Issue 14 sets no target for these; they are here so a
change that makes them worse is seen.

    python3 benchmarks/answers_toml.py            # 10 vendors x 10,000
    python3 benchmarks/answers_toml.py 2000 3     # another size and number of vendors
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # benchmarks/docx.py
sys.path.insert(0, str(_ROOT))
sys.path.append(str(_HERE))

from answers_tui import build  # type: ignore[import-not-found]  # noqa: E402
from measured import process_peak_mb  # type: ignore[import-not-found]  # noqa: E402

from kravtui.application.answer_export import export_answers  # noqa: E402
from kravtui.catalogue.db import connect  # noqa: E402
from kravtui.interchange.catalogue_toml import read_text  # noqa: E402
from kravtui.interchange.diff_render import diff_lines, render_plain  # noqa: E402
from kravtui.interchange.kinds import diff_files  # noqa: E402
from kravtui.interchange.textconv import textconv  # noqa: E402

SIZE, VENDORS = 10_000, 10


def best_of(times: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def measure(folder: Path, size: int, vendors: int) -> dict[str, object]:
    db = folder / "answers.db"
    build(db, size, vendors)
    old, new = folder / "old.toml", folder / "new.toml"
    conn = connect(db)
    try:
        export_s = best_of(3, lambda: export_answers(conn, 1, old, "toml", "da"))
    finally:
        conn.close()
    text = old.read_text(encoding="utf-8")
    new.write_text(text.replace('status = "none"', 'status = "rejected"', 1), encoding="utf-8")

    def diff() -> str:
        found = diff_files(old, new)
        assert len(found.changes) == 1
        return render_plain(diff_lines(found, str(old), str(new)))

    return {
        "vendors": vendors,
        "size": size,
        "answers": text.count("\n[vendor."),
        "export_s": round(export_s, 3),
        "file_mb": round(len(text.encode("utf-8")) / 1e6, 1),
        "diff_s": round(best_of(3, diff), 3),
        "textconv_s": round(best_of(3, lambda: textconv(read_text(old), str(old))), 3),
    }


def main(argv: list[str]) -> None:
    size = int(argv[0]) if argv else SIZE
    vendors = int(argv[1]) if len(argv) > 1 else VENDORS
    with tempfile.TemporaryDirectory() as folder:
        figures = measure(Path(folder), size, vendors)
    figures["peak_mb"] = round(process_peak_mb())
    print(" ".join(f"{name}={value}" for name, value in figures.items()))


if __name__ == "__main__":
    main(sys.argv[1:])
