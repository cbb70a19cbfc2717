"""Ticking benchmark: what a Space and a questionnaire cost, on SQLite and (given one) PostgreSQL.

A catalogue of SIZE requirements (one category, plain texts) is made in a temporary folder, or
in the PostgreSQL database named by ``--postgres CONNINFO`` (which must be empty: it is made a
catalogue and left as one). Then, each the best of a few runs:

- ``tick_one_ms``: one uid ticked into a selection already holding every other requirement, as
  Space does in the list (`kravtui.selection.items.tick`: the request table filled, the item
  copied, the selection touched, one transaction);
- ``untick_one_ms``: that uid unticked again;
- ``tick_all_s``: every requirement ticked at once into an empty selection, as applying the
  questionnaire to a catalogue that proposes all of it does;
- ``untick_all_s``: all of them unticked at once.

One line of ``name=value`` figures per engine, with ``peak_mb`` (this process's peak memory so
far, building the catalogue included)::

    python3 benchmarks/tick.py                  # SQLite, 10,000 requirements
    python3 benchmarks/tick.py 2000             # another size
    python3 benchmarks/tick.py --postgres postgresql:///kravbench 10000

Target (issue 16): SQLite's figures stay what they were before the PostgreSQL port (the port
changed the request table's filling: ``INSERT OR REPLACE`` to a plain ``INSERT``, its keys being
unique already); the figures of the version before it are in docs/postgresql.md, §5. The
PostgreSQL figures have no target of their own: one Space should feel immediate (well under
100 ms on a local server).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.append(str(Path(__file__).resolve().parent))

from measured import process_peak_mb  # type: ignore[import-not-found]

from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.location import (
    CatalogueLocation,
    PostgresLocation,
    SqliteLocation,
)
from kravtui.selection.items import tick, untick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection

RUNS = 5
RUNS_ONE = 25
STAMP = "2026-01-01T00:00:00Z"


def _catalogue(location: CatalogueLocation, size: int) -> Any:
    """A new catalogue at `location` with SIZE requirements SIK-1 ... SIK-SIZE."""
    conn = create_catalogue(location)
    with transaction(conn):
        (category,) = conn.execute(
            "INSERT INTO category (prefix, name, position) VALUES ('SIK', 'Sikkerhed', 1) "
            "RETURNING id"
        ).fetchone()
        conn.executemany(
            "INSERT INTO requirement (uid, title, description, category_id, created_at, "
            "updated_at, created_by, updated_by) VALUES (?, ?, ?, ?, ?, ?, 'bench', 'bench')",
            [
                (f"SIK-{n}", f"Krav {n}", f"Krav {n} skal opfyldes.", category, STAMP, STAMP)
                for n in range(1, size + 1)
            ],
        )
    return conn


def _best(
    action: Callable[[], object], before: Callable[[], object], runs: int
) -> tuple[float, float]:
    """The fastest of `runs` runs of `action` in seconds, by the clock and by this process's
    CPU time, which a busy machine does not inflate (`before` each, not timed)."""
    wall, cpu = [], []
    for _ in range(runs):
        before()
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return min(wall), min(cpu)


def measure(engine: str, location: CatalogueLocation, size: int) -> str:
    conn = _catalogue(location, size)
    uids = [f"SIK-{n}" for n in range(1, size + 1)]
    try:
        full = create_selection(conn, SelectionInfo("Fuld")).id
        tick(conn, full, uids[1:])
        one = [uids[0]]
        figures = {
            "tick_one": _best(
                lambda: tick(conn, full, one), lambda: untick(conn, full, one), RUNS_ONE
            ),
            "untick_one": _best(
                lambda: untick(conn, full, one), lambda: tick(conn, full, one), RUNS_ONE
            ),
        }
        empty = create_selection(conn, SelectionInfo("Tom")).id
        clear = "DELETE FROM selection_item WHERE selection_id = ?"
        figures["tick_all"] = _best(
            lambda: tick(conn, empty, uids), lambda: conn.execute(clear, (empty,)), RUNS
        )
        figures["untick_all"] = _best(
            lambda: untick(conn, empty, uids), lambda: tick(conn, empty, uids), RUNS
        )
    finally:
        conn.close()
    one = " ".join(
        f"{name}_ms={figures[name][0] * 1000:.2f} {name}_cpu_ms={figures[name][1] * 1000:.2f}"
        for name in ("tick_one", "untick_one")
    )
    many = " ".join(
        f"{name}_s={figures[name][0]:.3f} {name}_cpu_s={figures[name][1]:.3f}"
        for name in ("tick_all", "untick_all")
    )
    return f"engine={engine} size={size} {one} {many} peak_mb={process_peak_mb():.0f}"


def main(argv: list[str]) -> None:
    args = list(argv)
    postgres = None
    if "--postgres" in args:
        at = args.index("--postgres")
        postgres = args[at + 1]
        del args[at : at + 2]
    size = int(args[0]) if args else 10_000
    with tempfile.TemporaryDirectory() as folder:
        print(measure("sqlite", SqliteLocation(Path(folder) / "tick.db"), size), flush=True)
    if postgres is not None:
        print(measure("postgresql", PostgresLocation(postgres), size), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
