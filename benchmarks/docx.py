"""DOCX export benchmark: time and peak memory of `export_selection_docx`, with the targets.

Builds, in a temporary folder, a catalogue from the bundled sample grown to the size asked for
(the sample's real Danish texts repeated under new uids, so paragraphs have realistic lengths)
and a selection with all of them ticked and priorities on. Then a fresh interpreter exports it
(so the memory figure is the export's alone): reading the selection, building the body, the
template, the zip and the atomic write, without the LibreOffice pass for the contents' page
numbers (`page_numbers=False`: that is LibreOffice's time, not ours). It prints one line per size

    size=100000 export_s=6.912 export_cpu_s=6.71 peak_mb=181.4 file_mb=38.2

- ``export_s``: the best of a few exports, end to end;
- ``export_cpu_s``: the CPU time of the best one (the machine may be shared: when it is much
  less than ``export_s``, other work was waiting for the same cores);
- ``peak_mb``: the exporting interpreter's peak resident memory (`VmHWM`, else `ru_maxrss`),
  imports included;
- ``file_mb``: the size of the DOCX written;

followed by a ``target`` line per figure that has one (`targets.check`): 1,000 in <= 0.3 s and
10,000 in <= 1.5 s; 100,000 in <= 8 s with a peak <= 300 MB (issue 17: the peak must not grow with
the selection, so the same 300 MB holds at every size).

    python3 benchmarks/docx.py                  # 10,000 and 100,000
    python3 benchmarks/docx.py 1000 10000       # chosen sizes
"""

from __future__ import annotations

import importlib.util
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

# Running as `python benchmarks/docx.py` puts benchmarks/ first on sys.path, where this very
# file would shadow python-docx; put the project there instead.
_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_ROOT))

from kravtui.catalogue.db import open_catalogue, transaction  # noqa: E402
from kravtui.catalogue.requirements import load_contents, write_contents  # noqa: E402
from kravtui.interchange.docx.export import export_selection_docx  # noqa: E402
from kravtui.interchange.sample import create_from_sample  # noqa: E402
from kravtui.selection.items import tick  # noqa: E402
from kravtui.selection.records import SelectionInfo  # noqa: E402
from kravtui.selection.store import create_selection  # noqa: E402

SIZES = (10_000, 100_000)
ROUNDS = 3
TARGETS: dict[int, dict[str, float]] = {
    1_000: {"export_s": 0.3, "peak_mb": 300},
    10_000: {"export_s": 1.5, "peak_mb": 300},
    100_000: {"export_s": 8, "peak_mb": 300},  # issue 17
}


def _bench_module(name: str) -> Any:
    """A module of benchmarks/ loaded by path (benchmarks/ is not on sys.path here)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", _HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


def export_rounds(db: Path, selection_id: int, output: Path) -> dict[str, float]:
    """In this (fresh) interpreter: the best of `ROUNDS` exports and the peak memory."""
    conn = open_catalogue(db)
    best = best_cpu = float("inf")
    for _ in range(ROUNDS):
        started, started_cpu = time.perf_counter(), time.process_time()
        export_selection_docx(conn, selection_id, output, page_numbers=False)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    conn.close()
    return {
        "export_s": round(best, 3),
        "export_cpu_s": round(best_cpu, 3),
        "peak_mb": round(peak_kb() / 1024, 1),
    }


def peak_kb() -> int:
    """This process's peak resident memory in KiB.

    Linux's `ru_maxrss` carries over the parent's peak into a child started with vfork/exec (as
    `subprocess` does), which here would count the catalogue the parent built; the memory
    map's own high-water mark (`VmHWM`) starts afresh at exec.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(size: int) -> list[str]:
    """The figures line and the target lines for one size."""
    with tempfile.TemporaryDirectory(prefix="kravtui-docx-bench-") as name:
        folder = Path(name)
        conn, selection_id = build(folder, size)
        conn.close()
        output = folder / "out.docx"
        command = [sys.executable, __file__, "--export", str(folder / f"bench-{size}.db")]
        result = subprocess.run(
            [*command, str(selection_id), str(output)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures: dict[str, object] = {"size": size}
        for line in result.stdout.split():
            key, _, value = line.partition("=")
            figures[key] = float(value)
        figures["file_mb"] = round(output.stat().st_size / 1e6, 1)
    figures["machine_ref_ms"] = _bench_module("machine").machine_ref_ms()
    line = " ".join(f"{key}={value}" for key, value in figures.items())
    return [line, *_bench_module("targets").check(size, figures, TARGETS)]


def main(argv: list[str]) -> None:
    if argv[:1] == ["--export"]:
        figures = export_rounds(Path(argv[1]), int(argv[2]), Path(argv[3]))
        print(" ".join(f"{key}={value}" for key, value in figures.items()))
        return
    for size in tuple(int(a) for a in argv) or SIZES:
        print("\n".join(measure(size)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
