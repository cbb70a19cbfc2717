"""The load test of issue 16: many editors and officers on one PostgreSQL catalogue at once.

`run_load` starts `editors` processes (50 by default) against one catalogue on a throwaway
cluster (`tests/postgres_cluster.py`, a Unix socket in a temporary folder: nothing outside this
machine is contacted). Each opens its own connection through kravtui's services, as a TUI
would, and for `seconds` (60 by default) picks at random:

- **save** (40%): read one of `HOT` requirements every editor shares, add one to the counter
  its help text ends with, and save it with the version it read
  (`editing.save_requirement(..., expected_version=...)`); when someone else saved in between
  (`ConflictError`, the conflict view's case) it reads again and retries, as a user would
  after the conflict view;
- **tick** (30%): tick or untick a random requirement in the editor's own selection;
- **search** (30%): a page and its total (`search.search`) for one of `search_bench`'s queries.

Every process reports what it did; then the parent checks, on the server:

- ``lost_updates``: for every shared requirement, the saves the editors were told succeeded
  against the counter it holds, its version and its history (each success adds exactly one to
  each): every difference is a lost (or invented) update; must be 0;
- ``lost_ticks``: every selection's ticked set against what its editor last did; must be 0;
- ``errors``: anything raised other than the expected conflicts, by kind, with the first
  message; must be 0 (a lock wait beyond the catalogue's 10 s would count here as ``busy``);

and prints ``save_p95_ms`` (a successful save, its retries included), ``search_p95_ms``,
``tick_p95_ms``, how many of each were done (``save_count``, ...), how many conflicts were
retried and ``editor_peak_mb``, the largest editor process's peak memory. The machine has two
cores for 50 processes and the server: the latencies are those of an overloaded server,
reported, with no target of their own; the counts of lost work have theirs (0).

    python benchmarks/postgres.py --load            # 50 editors, 60 s, 10,000 requirements
    python benchmarks/postgres.py --load 2000 --editors 8 --seconds 5
"""

from __future__ import annotations

import multiprocessing
import random
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from multiprocessing.synchronize import Barrier
from typing import Any

HOT = 40
"""Requirements every editor saves: few, so that editors collide and the version check works."""

SAVE, TICK, SEARCH = "save", "tick", "search"
WEIGHTS = ((SAVE, 0.4), (TICK, 0.3), (SEARCH, 0.3))
_COUNTER = re.compile(r" \[load (\d+)\]\Z")


@dataclass
class EditorReport:
    """What one editor process did and saw."""

    saves: Counter[str] = field(default_factory=Counter)  # uid -> successful saves
    ticked: set[str] = field(default_factory=set)  # the selection as this editor left it
    timings: dict[str, list[float]] = field(
        default_factory=lambda: {SAVE: [], TICK: [], SEARCH: []}
    )
    conflicts: int = 0
    busy: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    first_error: dict[str, str] = field(default_factory=dict)
    peak_mb: float = 0.0  # the editor process's peak resident memory


def counter_of(help_text: str) -> int:
    """The load counter a help text ends with (0 when it has none)."""
    found = _COUNTER.search(help_text)
    return int(found.group(1)) if found else 0


def with_counter(help_text: str, value: int) -> str:
    return _COUNTER.sub("", help_text) + f" [load {value}]"


def editor(
    conninfo: str,
    number: int,
    selection_id: int,
    hot: list[str],
    pool: list[str],
    queries: list[str],
    seconds: float,
    start: Barrier,
    results: Any,
) -> None:
    """One editor's session, in its own process; its report goes to `results` (a queue)."""
    from measured import process_peak_mb  # type: ignore[import-not-found]

    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.editing import save_requirement
    from kravtui.catalogue.engine_errors import EngineBusyError
    from kravtui.catalogue.location import PostgresLocation
    from kravtui.catalogue.requirements import ConflictError, get_requirement
    from kravtui.catalogue.search import SearchQuery, search
    from kravtui.selection.items import tick, untick

    rng = random.Random(number)
    report = EditorReport()
    conn = open_catalogue(PostgresLocation(conninfo))
    start.wait()
    deadline = time.perf_counter() + seconds
    actions = [name for name, _ in WEIGHTS]
    weights = [weight for _, weight in WEIGHTS]
    try:
        while time.perf_counter() < deadline:
            action = rng.choices(actions, weights)[0]
            began = time.perf_counter()
            try:
                if action == SAVE:
                    uid = rng.choice(hot)
                    while True:
                        current = get_requirement(conn, uid)
                        assert current is not None
                        content = current.content
                        changed = replace(
                            content,
                            help_text=with_counter(
                                content.help_text, counter_of(content.help_text) + 1
                            ),
                        )
                        try:
                            save_requirement(conn, changed, expected_version=current.meta.version)
                        except ConflictError:
                            report.conflicts += 1
                            continue
                        report.saves[uid] += 1
                        break
                elif action == TICK:
                    uid = rng.choice(pool)
                    if uid in report.ticked:
                        untick(conn, selection_id, [uid])
                        report.ticked.discard(uid)
                    else:
                        tick(conn, selection_id, [uid])
                        report.ticked.add(uid)
                else:
                    search(conn, SearchQuery(text=rng.choice(queries)), limit=50)
            except EngineBusyError as error:
                report.busy += 1
                report.first_error.setdefault("busy", str(error))
                continue
            except Exception as error:  # every other failure is counted and shown, not hidden
                kind = type(error).__name__
                report.errors[kind] += 1
                report.first_error.setdefault(kind, str(error)[:300])
                continue
            report.timings[action].append((time.perf_counter() - began) * 1000.0)
    finally:
        conn.close()
        report.peak_mb = process_peak_mb()
        results.put((number, report))


def _percentile(samples: list[float], share: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def prepare(conninfo: str, editors: int) -> tuple[list[str], list[str], list[int]]:
    """The shared requirements, the pool editors tick from and one selection per editor."""
    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.location import PostgresLocation
    from kravtui.selection.records import SelectionInfo
    from kravtui.selection.store import create_selection

    conn = open_catalogue(PostgresLocation(conninfo))
    try:
        uids = [row[0] for row in conn.execute("SELECT uid FROM requirement WHERE deleted = 0")]
        rng = random.Random(16)
        hot = sorted(rng.sample(uids, min(HOT, len(uids))))
        pool = sorted(rng.sample(uids, min(2000, len(uids))))
        selections = [
            create_selection(conn, SelectionInfo(title=f"Load {n}", language="da")).id
            for n in range(editors)
        ]
    finally:
        conn.close()
    return hot, pool, selections


def lost_saves(
    hot: list[str],
    before: dict[str, tuple[int, int, int]],
    after: dict[str, tuple[int, int, int]],
    reports: list[EditorReport],
) -> int:
    """How far the saves the editors were told of differ from what the shared requirements'
    counters, versions and histories show (each success adds one to each)."""
    saves: Counter[str] = Counter()
    for report in reports:
        saves.update(report.saves)
    lost = 0
    for uid in hot:
        told = saves[uid]
        changes = (new - old for old, new in zip(before[uid], after[uid], strict=True))
        lost += sum(abs(told - change) for change in changes)
    return lost


def check(
    conninfo: str,
    hot: list[str],
    before: dict[str, tuple[int, int, int]],
    reports: list[EditorReport],
    selections: list[int],
) -> dict[str, int]:
    """Lost updates and lost ticks, read back from the server (see the module docstring)."""
    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.location import PostgresLocation
    from kravtui.selection.items import ticked_uids

    conn = open_catalogue(PostgresLocation(conninfo), read_only=True)
    try:
        lost_updates = lost_saves(hot, before, state_of(conn, hot), reports)
        lost_ticks = sum(
            len(ticked_uids(conn, selection_id) ^ report.ticked)
            for selection_id, report in zip(selections, reports, strict=True)
        )
    finally:
        conn.close()
    return {"lost_updates": lost_updates, "lost_ticks": lost_ticks}


def state_of(conn: Any, uids: list[str]) -> dict[str, tuple[int, int, int]]:
    """(load counter, version, revisions) of each of the requirements `uids` names."""
    marks = ", ".join("?" * len(uids))
    return {
        uid: (counter_of(help_text), int(version), int(revisions))
        for uid, help_text, version, revisions in conn.execute(
            "SELECT r.uid, r.help_text, r.version,"
            " (SELECT count(*) FROM revision v WHERE v.requirement_id = r.id)"
            f" FROM requirement r WHERE r.uid IN ({marks})",
            uids,
        )
    }


def run_load(conninfo: str, editors: int, seconds: float, queries: list[str]) -> dict[str, float]:
    """Run the load test on the catalogue at `conninfo`; its figures."""
    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.location import PostgresLocation

    hot, pool, selections = prepare(conninfo, editors)
    conn = open_catalogue(PostgresLocation(conninfo), read_only=True)
    try:
        before = state_of(conn, hot)
    finally:
        conn.close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(editors + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=editor,
            args=(conninfo, n, selections[n], hot, pool, queries, seconds, start, results),
            daemon=True,
        )
        for n in range(editors)
    ]
    for process in processes:
        process.start()
    try:
        start.wait(timeout=300)  # every editor connected
        began = time.perf_counter()
        by_number = dict(results.get(timeout=seconds + 600) for _ in processes)
        took = time.perf_counter() - began
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    reports = [by_number[n] for n in range(editors)]
    figures: dict[str, float] = {"editors": editors, "seconds": round(took, 1)}
    for action in (SAVE, TICK, SEARCH):
        samples = [t for report in reports for t in report.timings[action]]
        figures[f"{action}_count"] = len(samples)
        figures[f"{action}_p50_ms"] = round(statistics.median(samples), 1) if samples else 0.0
        figures[f"{action}_p95_ms"] = round(_percentile(samples, 0.95), 1)
    figures["conflicts_retried"] = sum(report.conflicts for report in reports)
    figures["busy"] = sum(report.busy for report in reports)
    errors: Counter[str] = Counter()
    for report in reports:
        errors.update(report.errors)
    figures["errors"] = sum(errors.values())
    figures["editor_peak_mb"] = round(max(report.peak_mb for report in reports), 1)
    figures |= check(conninfo, hot, before, reports, selections)
    if errors or figures["busy"]:
        shown: dict[str, str] = {}
        for report in reports:
            for kind, message in report.first_error.items():
                shown.setdefault(kind, message)
        for kind, message in shown.items():
            print(f"# {kind} x{errors.get(kind, figures['busy'])}: {message}", flush=True)
    return figures
