"""What a connection wrapper would cost the SQLite path: issue 16's interface question, measured.

docs/postgresql.md proposes that the services take a `Connection` protocol instead of
``sqlite3.Connection``: on SQLite the ``sqlite3.Connection`` itself (it already has the shape, so
nothing sits between the services and SQLite), on PostgreSQL an adapter that turns SQLite's
``?`` placeholders into psycopg's ``%s`` once per distinct statement text. This script measures
the alternative a reviewer will ask about, a thin wrapper on SQLite as well, and the adapter's
translation:

- ``search_p50_ms.plain`` / ``search_p50_ms.wrapped`` (and p95): `search()` (a page of 50 and
  the total, as the list view asks) for `search_bench.QUERIES` on one catalogue, through the
  ``sqlite3.Connection`` and through `Wrapped` (a Python object whose ``execute`` looks the
  statement up in a translation cache and calls the connection's), rounds interleaved so that
  both see the same machine;
- ``execute_us.plain`` / ``execute_us.wrapped``: one ``SELECT ?`` with its row fetched, the
  per-statement cost alone;
- ``translate_us``: turning one search statement's text to psycopg's placeholders the first
  time (later times are a dictionary lookup), and ``search_statements``: how many distinct
  statement texts the benchmark's searches made (what the cache holds).

Usage: ``python benchmarks/connection_wrapper.py [SIZE]`` (default 100,000 requirements; the
build takes about a minute). The target beside each figure is the issue's: the SQLite path keeps
its speed, so the wrapped p95 may be at most 2% (or 0.1 ms) above the plain one.
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))
if str(_ROOT / "benchmarks") not in sys.path:
    sys.path.append(str(_ROOT / "benchmarks"))

from measured import process_peak_mb  # type: ignore[import-not-found]  # noqa: E402
from search_bench import PAGE_SIZE, QUERIES, build_synthetic_db  # type: ignore[import-not-found]  # noqa: E402

from kravtui.catalogue import search as search_module  # noqa: E402
from kravtui.catalogue.db import connect  # noqa: E402
from kravtui.catalogue.search import SearchQuery, search  # noqa: E402
from kravtui.catalogue.sql_placeholders import to_psycopg  # noqa: E402

ROUNDS = 15
EXECUTES = 50_000


class Wrapped:
    """A thin connection wrapper: a translation cache lookup, then the connection's execute."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._translated: dict[str, str] = {}

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        translated = self._translated.get(sql)
        if translated is None:
            translated = self._translated[sql] = sql  # SQLite keeps its own text
        return self._conn.execute(translated, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> sqlite3.Cursor:
        return self._conn.executemany(sql, rows)

    def cursor(self) -> sqlite3.Cursor:
        return self._conn.cursor()

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    def statements(self) -> list[str]:
        return list(self._translated)


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _as_sqlite(conn: Any) -> str:
    """The engine `search` runs for: the wrapper holds a SQLite connection (search asks
    `engine(conn)`, which knows SQLite's connection by its class alone)."""
    return "sqlite"


def time_searches(path: Path) -> tuple[dict[str, float], list[str]]:
    search_module.engine = _as_sqlite  # type: ignore[assignment]
    conn = connect(path)
    wrapped = Wrapped(conn)
    prepared = [SearchQuery(text=text) for text in QUERIES]
    samples: dict[str, list[float]] = {"plain": [], "wrapped": []}
    targets: dict[str, Any] = {"plain": conn, "wrapped": wrapped}
    try:
        for query in prepared:  # warm both up
            for target in targets.values():
                search(target, query, limit=PAGE_SIZE)
        for round_number in range(ROUNDS):
            order = ("plain", "wrapped") if round_number % 2 == 0 else ("wrapped", "plain")
            for query in prepared:
                for name in order:
                    start = time.perf_counter()
                    search(targets[name], query, limit=PAGE_SIZE)
                    samples[name].append((time.perf_counter() - start) * 1000.0)
    finally:
        conn.close()
    figures: dict[str, float] = {}
    for name, taken in samples.items():
        figures[f"search_p50_ms.{name}"] = round(statistics.median(taken), 3)
        figures[f"search_p95_ms.{name}"] = round(_percentile(taken, 0.95), 3)
    return figures, wrapped.statements()


def time_executes(path: Path) -> dict[str, float]:
    conn = connect(path)
    wrapped = Wrapped(conn)
    figures: dict[str, float] = {}
    try:
        for name, target in (("plain", conn), ("wrapped", wrapped), ("plain", conn)):
            start = time.perf_counter()
            for number in range(EXECUTES):
                target.execute("SELECT ?", (number,)).fetchone()
            figures[f"execute_us.{name}"] = round((time.perf_counter() - start) / EXECUTES * 1e6, 3)
    finally:
        conn.close()
    return figures


def time_translation(statements: Sequence[str]) -> float:
    to_psycopg.cache_clear()  # the first translation of each text, not the kept one
    start = time.perf_counter()
    for statement in statements:
        to_psycopg(statement)
    return (time.perf_counter() - start) / max(1, len(statements)) * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    size = int(args[0]) if args else 100_000
    with tempfile.TemporaryDirectory(prefix="kravtui-wrapper-bench-") as folder:
        path = Path(folder) / "catalogue.sqlite"
        build_synthetic_db(path, size)
        figures, statements = time_searches(path)
        figures.update(time_executes(path))
    figures["translate_us"] = round(time_translation(statements), 1)
    figures["search_statements"] = len(statements)
    figures["peak_mb"] = round(process_peak_mb())
    print(f"size={size} " + " ".join(f"{name}={value}" for name, value in figures.items()))
    plain, wrapped = figures["search_p95_ms.plain"], figures["search_p95_ms.wrapped"]
    allowed = max(plain * 1.02, plain + 0.1)
    verdict = "met" if wrapped <= allowed else "missed"
    print(f"target search_p95_ms.wrapped={wrapped} <= {allowed:.3f} (plain + 2%): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
