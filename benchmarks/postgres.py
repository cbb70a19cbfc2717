"""PostgreSQL benchmarks (issue 16): kravtui's figures on a catalogue held by a PostgreSQL server.

Each mode starts a throwaway cluster of its own (``tests/postgres_cluster.py``: ``initdb`` in a
temporary folder, a Unix socket only, removed at the end), fills a catalogue and prints
``name=value`` lines, then a ``target`` line per target. Modes (others may be added):

``--search [SIZE]`` (SIZE 100,000 by default)
    The catalogue of ``benchmarks/search_bench.py`` (`build_synthetic_db`, the same ``SIZE`` and
    seed), built as a SQLite file and copied into PostgreSQL with ``COPY``; then the same 20
    queries as ``search_bench.py``, each timed `ROUNDS` times after a warm-up round, through
    kravtui's own search service on one connection:

    - ``page_*``: `fetch_rows`, a page of 50 (what the list shows first, on every keystroke);
    - ``count_*``: `count`, the total (shown when it is ready);
    - ``search_*``: `search`, the page and its total together (what ``search_bench`` times).

    Per query ``search_p95_ms.QUERY``; the target: every query's page and search within
    `SEARCH_P95_MS` at 100,000. Also ``load_s`` (COPY) and ``index_s`` (ANALYZE and VACUUM).

    python benchmarks/postgres.py --search          # 100,000 requirements
    python benchmarks/postgres.py --search 10000

The machine is often shared: a figure measured beside other work is indicative only.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))
for _path in (str(_ROOT / "benchmarks"),):
    if _path not in sys.path:
        sys.path.append(_path)

from search_bench import (  # type: ignore[import-not-found]  # noqa: E402
    QUERIES,
    _percentile,
    build_synthetic_db,
    query_figure,
)
from targets import check  # type: ignore[import-not-found]  # noqa: E402

from kravtui.catalogue.db import create_catalogue, open_catalogue  # noqa: E402
from kravtui.catalogue.location import PostgresLocation  # noqa: E402
from kravtui.catalogue.search import SearchQuery, count, fetch_rows, search  # noqa: E402
from tests.postgres_cluster import missing_reason, start_cluster  # noqa: E402

DEFAULT_SIZE = 100_000
ROUNDS = 10
PAGE_SIZE = 50
SEARCH_P95_MS = 20
"""Issue 16: a search (page and total) within this over loopback, at 100,000 requirements."""

TARGETS: dict[int, dict[str, float]] = {
    100_000: {
        "page_p95_ms": SEARCH_P95_MS,
        "search_p95_ms": SEARCH_P95_MS,
        **{query_figure(query): SEARCH_P95_MS for query in QUERIES},
    }
}

COPIED = (
    "category",
    "subcategory",
    "domain",
    "tag",
    "principle",
    "requirement",
    "requirement_domain",
    "requirement_tag",
    "requirement_principle",
)
"""The tables the synthetic catalogue fills, in an order their foreign keys allow."""

SKIPPED_COLUMNS = frozenset({"uid_order", "list_key", "search"})
"""Columns each engine computes itself."""


def copy_catalogue(source: Path, raw: Any) -> None:
    """Copy `source`'s tables into the PostgreSQL catalogue on `raw` (a psycopg connection),
    with ``COPY``, in one transaction, then move each identity past the copied ids."""
    lite = sqlite3.connect(source)
    try:
        with raw.transaction():
            for table in COPIED:
                columns = [
                    row[1]
                    for row in lite.execute(f"PRAGMA table_xinfo({table})")
                    if row[1] not in SKIPPED_COLUMNS
                ]
                names = ", ".join(columns)
                with raw.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in lite.execute(f"SELECT {names} FROM {table}"):
                        copy.write_row(row)
                if "id" in columns:
                    raw.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT COALESCE(max(id), 1) FROM {table}))"
                    )
    finally:
        lite.close()


def _timed(
    samples: list[float],
    action: Callable[[Any, SearchQuery], object],
    conn: Any,
    query: SearchQuery,
) -> None:
    start = time.perf_counter()
    action(conn, query)
    samples.append((time.perf_counter() - start) * 1000.0)


def _page(conn: Any, query: SearchQuery) -> object:
    return fetch_rows(conn, query, 0, PAGE_SIZE)


def _search(conn: Any, query: SearchQuery) -> object:
    return search(conn, query, limit=PAGE_SIZE)


def run_search(
    conn: Any, queries: Sequence[str] = QUERIES, rounds: int = ROUNDS
) -> dict[str, float]:
    """Time page, count and search per query on `conn`; p50 and p95 in milliseconds."""
    prepared = [SearchQuery(text=text) for text in queries]
    for query in prepared:  # warm-up: the server's cache, as in a running TUI
        search(conn, query, limit=PAGE_SIZE)
    kinds = ("page", "count", "search")
    samples: dict[str, dict[str, list[float]]] = {
        kind: {text: [] for text in queries} for kind in kinds
    }
    for _ in range(rounds):
        for query in prepared:
            text = query.text
            _timed(samples["page"][text], _page, conn, query)
            _timed(samples["count"][text], count, conn, query)
            _timed(samples["search"][text], _search, conn, query)
    figures: dict[str, float] = {}
    for kind in kinds:
        every = [sample for taken in samples[kind].values() for sample in taken]
        figures[f"{kind}_p50_ms"] = round(statistics.median(every), 2)
        figures[f"{kind}_p95_ms"] = round(_percentile(every, 0.95), 2)
    for kind in ("page", "count"):
        for text, taken in samples[kind].items():
            figures[f"{kind}_p95_ms.{text.replace(' ', '_')}"] = round(_percentile(taken, 0.95), 2)
    for text, taken in samples["search"].items():
        figures[query_figure(text)] = round(_percentile(taken, 0.95), 2)
    return figures


def search_mode(size: int) -> int:
    """Build, copy and time (see the module docstring); print the figures and targets."""
    reason = missing_reason()
    if reason is not None:
        print(f"postgres.py: cannot start PostgreSQL here: {reason}", file=sys.stderr)
        return 1
    import psycopg

    cluster = start_cluster()
    try:
        cluster.admin("CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8'")
        location = PostgresLocation(cluster.url("bench"))
        create_catalogue(location).close()
        with tempfile.TemporaryDirectory(prefix="kravtui-pg-bench-") as folder:
            source = Path(folder) / "catalogue.sqlite"
            start = time.perf_counter()
            build_synthetic_db(source, size)
            built = time.perf_counter() - start
            with psycopg.connect(location.conninfo, autocommit=True) as raw:
                start = time.perf_counter()
                copy_catalogue(source, raw)
                loaded = time.perf_counter() - start
                start = time.perf_counter()
                raw.execute("VACUUM ANALYZE")
                indexed = time.perf_counter() - start
        conn = open_catalogue(location)
        try:
            figures: dict[str, float] = {"load_s": round(loaded, 1), "index_s": round(indexed, 1)}
            figures |= run_search(conn)
        finally:
            conn.close()
    finally:
        cluster.stop()
    line = " ".join(f"{name}={value}" for name, value in figures.items())
    print(f"size={size} {line}", flush=True)
    for target in check(size, figures, TARGETS):
        print(target, flush=True)
    print(f"# size={size} build_s={built:.1f}", file=sys.stderr, flush=True)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kravtui's PostgreSQL benchmarks")
    parser.add_argument("--search", action="store_true", help="time the list view's search")
    parser.add_argument("size", nargs="?", type=int, default=DEFAULT_SIZE)
    args = parser.parse_args(argv)
    if args.search:
        return search_mode(args.size)
    parser.print_usage(sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
