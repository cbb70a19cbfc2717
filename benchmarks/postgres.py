"""PostgreSQL benchmarks (issue 16): kravtui's figures on a catalogue held by a PostgreSQL server.

Every mode prints one line of ``name=value`` figures (``mode=...`` and ``size=...`` first, the
machine's ``load_1min`` last: the machine is often shared, and a figure measured beside other
work is indicative only), then a ``target`` line per target of issue 16 (`targets.check`:
met, MISSED, or not measured). Each mode reports the peak memory of what it times beside its
time (issue 17). Modes, each at its own size unless SIZE is given:

``--search`` (100,000)
    The catalogue of ``benchmarks/search_bench.py`` (`build_synthetic_db`, the same ``SIZE`` and
    seed), built as a SQLite file and copied into PostgreSQL with ``COPY`` (``load_s``; then
    ``index_s``, ANALYZE and VACUUM); then the same 20 queries as ``search_bench.py``, each timed
    `ROUNDS` times after a warm-up round, through kravtui's own search service on one connection:

    - ``page_*``: `fetch_rows`, a page of 50 (what the list shows first, on every keystroke);
    - ``count_*``: `count`, the total (shown when it is ready);
    - ``search_*``: `search`, the page and its total together (what ``search_bench`` times).

    Per query ``search_p95_ms.QUERY``; target: every query's page and search within
    `SEARCH_P95_MS` at 100,000. ``peak_mb``: this process's peak (its building of the catalogue
    included: an upper bound).
``--tui`` (100,000)
    The same catalogue, and the real app on it measured as ``benchmarks/tui.py`` measures a file
    (`tui_measure.measure_tui`): ``first_frame_ms`` (``kravtui --db CONNINFO`` in a
    pseudo-terminal, median of 5), ``keystroke_p50_ms``/``keystroke_p95_ms`` (typing into the
    filter, headless), ``cursor_step_ms``/``cursor_step_p95_ms`` and ``rss_mb`` (the driving
    process's peak). Targets at 100,000: keystroke p95 <= 60 ms, first frame <= 500 ms.
``--import`` (10,000)
    ``kravtui import`` of ``benchmarks/catalogue.py``'s synthetic catalogue (a TOML file) into a
    new catalogue: ``import_s``, ``import_cpu_s``, ``import_peak_mb`` (the command as a process
    of its own, its start included; `measured.run_kravtui`); the same import in this process
    into two more new databases, the bulk load writing its rows by ``COPY`` (what kravtui does:
    ``copy_s``, ``copy_cpu_s``) and, for comparison, by ``executemany`` (``executemany_s``),
    with the server's CPU time of each (``*_server_cpu_s``, read from /proc when the server runs
    here: a busy machine inflates it far less than the wall time); ``export_s`` and
    ``roundtrip``: whether the catalogue exported again is the file imported, byte for byte.
    ``peak_mb``: this process's peak (the in-process imports and export; an upper bound).
    Target at 10,000: import <= 10 s.
``--copy`` (100,000)
    ``kravtui db copy`` of the same synthetic catalogue, as a SQLite file with a selection
    ticking every tenth requirement, into a new database and back into a new file, each as a
    process of its own: ``to_postgres_s``, ``to_postgres_cpu_s``, ``to_postgres_peak_mb`` and
    ``to_postgres_server_cpu_s`` (the server's CPU time, when it runs here); ``back_s``,
    ``back_cpu_s``, ``back_peak_mb``; ``rows``: the rows copied, all tables together.
    Target at 100,000: SQLite -> PostgreSQL <= 60 s (docs/postgresql.md §3f).
``--load`` (10,000)
    The load test (``benchmarks/postgres_load.py``): ``--editors`` processes (50) saving, ticking
    and searching for ``--seconds`` (60) on the ``--search`` catalogue; ``lost_updates``,
    ``lost_ticks`` and ``errors`` must be 0; ``save_p95_ms``, ``search_p95_ms``, ``tick_p95_ms``
    and ``editor_peak_mb`` (the largest editor process's peak) are reported.
``--all`` (or no mode)
    Every mode in turn, on one server.

Without ``--db`` the modes run on a throwaway cluster of their own (``tests/postgres_cluster.py``:
``initdb`` in a temporary folder, a Unix socket only, removed at the end), whose buffer pool is
sized as a server for the catalogue would be (``--shared-buffers``, `SHARED_BUFFERS`; the figure
is printed as ``shared_buffers``): PostgreSQL's default, 128 MB, is less than half of what a
search at 100,000 reads (the requirements 128 MB, their trigram index 57 MB, the word list and
its index 53 MB, the list's indexes 30 MB), so each query evicted what the next one read. On
one kept catalogue, the server restarted with each in turn, the search p95 measured 15.2-16.5 ms
with 512 MB against 15.8-21.1 ms with 128 MB (four runs each; the README's advice).

With ``--db URL`` the modes run on that server, whose role must be allowed to create and drop
databases: each mode makes its own (``kravtui_bench_*``) and drops them when done, unless
``--keep`` is given (with ``--db`` only): then each is kept and its conninfo printed to stderr
(``# kept CONNINFO``). ``--catalogue CONNINFO`` measures ``--tui`` on such a kept catalogue
instead of building one (about two minutes at 100,000), so that two versions of kravtui can be
measured back to back on the same data.

    python benchmarks/postgres.py                        # every mode, at its own size
    python benchmarks/postgres.py --search               # 100,000 requirements
    python benchmarks/postgres.py --tui 10000
    python benchmarks/postgres.py --import --copy 1000 10000
    python benchmarks/postgres.py --load 2000 --editors 8 --seconds 5
    python benchmarks/postgres.py --all 300 --editors 3 --seconds 2   # a smoke run
    python benchmarks/postgres.py --tui --db URL --keep               # prints "# kept ..."
    python benchmarks/postgres.py --tui --db URL --catalogue CONNINFO # measures it again
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))
for _path in (str(_ROOT / "benchmarks"),):
    if _path not in sys.path:
        sys.path.append(_path)

from catalogue import synthetic_catalogue  # type: ignore[import-not-found]  # noqa: E402
from machine import machine_ref_ms  # type: ignore[import-not-found]  # noqa: E402
from measured import Measured, process_peak_mb, run_kravtui  # type: ignore[import-not-found]  # noqa: E402
from search_bench import (  # type: ignore[import-not-found]  # noqa: E402
    QUERIES,
    _percentile,
    build_synthetic_db,
    query_figure,
)
from targets import check  # type: ignore[import-not-found]  # noqa: E402

from kravtui.catalogue import postgres_connection  # noqa: E402
from kravtui.catalogue.db import create_catalogue, open_catalogue, transaction  # noqa: E402
from kravtui.catalogue.location import PostgresLocation  # noqa: E402
from kravtui.catalogue.search import SearchQuery, count, fetch_rows, search  # noqa: E402
from kravtui.interchange.catalogue_toml import (  # noqa: E402
    dump_catalogue,
    export_catalogue,
    import_catalogue,
)

MODES: tuple[str, ...] = ("search", "tui", "import", "copy", "load")
"""Every mode, in the order ``--all`` runs them."""

ROUNDS = 10
PAGE_SIZE = 50
SEARCH_P95_MS = 20
"""Issue 16: a search (page and total) within this over loopback, at 100,000 requirements."""

SEARCH_TARGETS: dict[int, dict[str, float]] = {
    100_000: {
        "page_p95_ms": SEARCH_P95_MS,
        "search_p95_ms": SEARCH_P95_MS,
        **{query_figure(query): SEARCH_P95_MS for query in QUERIES},
    }
}
TUI_TARGETS: dict[int, dict[str, float]] = {
    100_000: {"keystroke_p95_ms": 60, "first_frame_ms": 500}  # issue 16
}
IMPORT_TARGETS: dict[int, dict[str, float]] = {10_000: {"import_s": 10}}  # issue 16
COPY_TARGETS: dict[int, dict[str, float]] = {
    100_000: {"to_postgres_s": 60}  # issue 16, docs/postgresql.md §3f
}

SHARED_BUFFERS = "512MB"
"""The throwaway cluster's buffer pool (the module docstring says why not PostgreSQL's default)."""
LOAD_EDITORS = 50
LOAD_SECONDS = 60.0
LOAD_TARGETS = {"lost_updates": 0, "lost_ticks": 0, "errors": 0}
"""Issue 16's load test: nothing lost, nothing unexplained (the latencies are reported)."""

SIZES: dict[str, int] = {
    "search": 100_000,
    "tui": 100_000,
    "import": 10_000,
    "copy": 100_000,
    "load": 10_000,
}
"""Each mode's size when none is given."""

Figures = dict[str, float | int | str]


# The server and its databases


class Databases:
    """New databases on one server, `url` naming a database there (its maintenance database)
    as a role that may create and drop databases."""

    def __init__(self, url: str, keep: bool = False) -> None:
        self.url = url
        self.keep = keep  # `drop_all` keeps them, and says where they are
        self.made: list[str] = []
        self._numbers = iter(range(1_000_000))

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(statement.encode())

    def setting(self, name: str) -> str:
        """The server's value of the setting `name` (``SHOW``), as it prints it."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            row = conn.execute("SELECT current_setting(%s)", (name,)).fetchone()
        return str(row[0]) if row is not None else ""

    def fresh(self) -> str:
        """The conninfo of a new, empty database."""
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        name = f"kravtui_bench_{os.getpid()}_{next(self._numbers)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        self.made.append(name)
        return make_conninfo(**{**conninfo_to_dict(self.url), "dbname": name})

    def drop_all(self) -> None:
        """Drop every database `fresh` made (with `keep`, print their conninfo instead)."""
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        if self.keep:
            for name in self.made:
                kept = make_conninfo(**{**conninfo_to_dict(self.url), "dbname": name})
                print(f"# kept {kept}", file=sys.stderr, flush=True)
            self.made.clear()
        while self.made:
            name = self.made.pop()
            with contextlib.suppress(Exception):
                self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def server(
    explicit: str | None, keep: bool = False, shared_buffers: str = SHARED_BUFFERS
) -> Iterator[Databases]:
    """The server to measure on: `explicit` (a URL), or a throwaway cluster of our own with
    `shared_buffers`; `keep` (with `explicit` only) keeps the databases made there."""
    if explicit is not None:
        databases = Databases(explicit, keep)
        try:
            yield databases
        finally:
            databases.drop_all()
        return
    from tests.postgres_cluster import missing_reason, start_cluster

    reason = missing_reason()
    if reason is not None:
        raise SystemExit(f"postgres.py: cannot start PostgreSQL here: {reason}")
    cluster = start_cluster((("shared_buffers", shared_buffers),))
    try:
        yield Databases(cluster.url())
    finally:
        cluster.stop()


def load_1min() -> float:
    """The machine's load average over the last minute (how busy it was while measuring)."""
    return round(os.getloadavg()[0], 1)


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


def filled_catalogue(databases: Databases, size: int) -> tuple[str, Figures]:
    """A catalogue of `size` in a new database: `build_synthetic_db`'s, built as a SQLite file
    and copied in with ``COPY``; its conninfo and the ``load_s``/``index_s`` figures."""
    import psycopg

    conninfo = databases.fresh()
    create_catalogue(PostgresLocation(conninfo)).close()
    with tempfile.TemporaryDirectory(prefix="kravtui-pg-bench-") as folder:
        source = Path(folder) / "catalogue.sqlite"
        start = time.perf_counter()
        build_synthetic_db(source, size)
        built = time.perf_counter() - start
        with psycopg.connect(conninfo, autocommit=True) as raw:
            # A commit the server has not yet flushed leaves its rows' hint bits unset, so the
            # VACUUM below could not mark their pages all-visible and every index-only scan
            # would read the table (the throwaway cluster runs with synchronous_commit off; a
            # server's default is on, and its autovacuum would mark them later anyway).
            raw.execute("SET synchronous_commit = on")
            start = time.perf_counter()
            copy_catalogue(source, raw)
            loaded = time.perf_counter() - start
            start = time.perf_counter()
            raw.execute("VACUUM ANALYZE")
            indexed = time.perf_counter() - start
    print(f"# size={size} build_s={built:.1f}", file=sys.stderr, flush=True)
    return conninfo, {"load_s": round(loaded, 1), "index_s": round(indexed, 1)}


# --search


def search_mode(size: int, databases: Databases) -> tuple[Figures, dict[int, dict[str, float]]]:
    """Build, copy and time searches (see the module docstring)."""
    conninfo, filled = filled_catalogue(databases, size)
    conn = open_catalogue(PostgresLocation(conninfo))
    try:
        figures: Figures = {**filled, **run_search(conn)}
    finally:
        conn.close()
    figures["peak_mb"] = round(process_peak_mb(), 1)
    return figures, SEARCH_TARGETS


# --tui


def tui_mode(
    size: int, databases: Databases, catalogue: str | None = None
) -> tuple[Figures, dict[int, dict[str, float]]]:
    """The app on the ``--search`` catalogue (or on `catalogue`, a kept one of `size`): first
    frame, keystrokes, cursor steps, memory."""
    from tui_measure import measure_tui  # type: ignore[import-not-found]

    if catalogue is None:
        conninfo, filled = filled_catalogue(databases, size)
    else:
        conninfo, filled = catalogue, {}
    with tempfile.TemporaryDirectory(prefix="kravtui-pg-tui-") as folder:
        figures: Figures = {**measure_tui(conninfo, Path(folder)), **filled}
    return figures, TUI_TARGETS


# --import


@contextlib.contextmanager
def by_executemany() -> Iterator[None]:
    """The bulk load's rows written by ``executemany`` instead of ``COPY``, for comparison."""
    original = postgres_connection.PostgresConnection.copy_rows

    def insert(
        self: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        marks = ", ".join("?" * len(columns))
        self.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)

    postgres_connection.PostgresConnection.copy_rows = insert  # type: ignore[method-assign]
    try:
        yield
    finally:
        postgres_connection.PostgresConnection.copy_rows = original  # type: ignore[method-assign]


def server_cpu_s(conn: Any) -> float | None:
    """CPU seconds the server process of `conn` has used (None where /proc cannot tell: a
    server on another machine, or another user's process)."""
    pid = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def import_in_process(conninfo: str, source: Path) -> tuple[float, float, float | None]:
    """`import_catalogue` of `source` into a new catalogue at `conninfo`: its seconds, this
    process's CPU seconds, and the server's (None when unknown)."""
    conn = create_catalogue(PostgresLocation(conninfo))
    try:
        server_before = server_cpu_s(conn)
        cpu_before = time.process_time()
        started = time.perf_counter()
        import_catalogue(conn, source)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        server_after = server_cpu_s(conn)
        server = None
        if server_before is not None and server_after is not None:
            server = round(server_after - server_before, 2)
        return seconds, cpu, server
    finally:
        conn.close()


def kravtui(arguments: Sequence[str], what: str) -> Measured:
    """``kravtui ARGUMENTS`` as a process of its own, measured; raises when it fails."""
    environment = {**os.environ, "PYTHONPATH": str(_ROOT)}
    result = run_kravtui(["--lang", "en", *arguments], env=environment)
    if result.returncode != 0:
        raise RuntimeError(f"kravtui {what} failed: {result.stderr}")
    return result


def import_mode(size: int, databases: Databases) -> tuple[Figures, dict[int, dict[str, float]]]:
    """Import a catalogue of `size` into PostgreSQL, three ways, and export it again."""
    with tempfile.TemporaryDirectory(prefix="kravtui-pg-bench-") as name:
        folder = Path(name)
        source = folder / f"catalogue-{size}.toml"
        source.write_bytes(dump_catalogue(synthetic_catalogue(size)).encode("utf-8"))
        conninfo = databases.fresh()
        create_catalogue(PostgresLocation(conninfo)).close()
        imported = kravtui(["--db", conninfo, "import", str(source)], "import")
        conn = open_catalogue(PostgresLocation(conninfo))
        exported = folder / f"export-{size}.toml"
        try:
            started = time.perf_counter()
            exported_count = export_catalogue(conn, exported)
            export_s = time.perf_counter() - started
        finally:
            conn.close()
        if exported_count != size:
            raise RuntimeError(f"exported {exported_count} requirements of {size}")
        roundtrip = "identical" if exported.read_bytes() == source.read_bytes() else "DIFFERENT"
        copy_s, copy_cpu_s, copy_server_cpu_s = import_in_process(databases.fresh(), source)
        with by_executemany():
            executemany_s, _, executemany_server_s = import_in_process(databases.fresh(), source)
        figures: Figures = {
            "file_mb": round(source.stat().st_size / 1e6, 1),
            "import_s": round(imported.seconds, 3),
            "import_cpu_s": round(imported.cpu_s, 2),
            "import_peak_mb": round(imported.peak_mb, 1),
            "copy_s": round(copy_s, 3),
            "copy_cpu_s": round(copy_cpu_s, 2),
            "copy_server_cpu_s": "unknown" if copy_server_cpu_s is None else copy_server_cpu_s,
            "executemany_s": round(executemany_s, 3),
            "executemany_server_cpu_s": (
                "unknown" if executemany_server_s is None else executemany_server_s
            ),
            "export_s": round(export_s, 3),
            "roundtrip": roundtrip,
            "peak_mb": round(process_peak_mb(), 1),
        }
    return figures, IMPORT_TARGETS


# --copy


def copy_source(size: int, path: Path) -> None:
    """A catalogue file of `size` synthetic requirements and a selection of every tenth one."""
    text = path.with_suffix(".toml")
    text.write_text(dump_catalogue(synthetic_catalogue(size)), encoding="utf-8")
    conn = create_catalogue(path)
    try:
        import_catalogue(conn, text)
        with transaction(conn):
            selection_id = conn.execute(
                "INSERT INTO selection (title, created_at, updated_at)"
                " VALUES ('Benchmark', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
                " RETURNING id"
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO selection_item (selection_id, requirement_id, uid, title,"
                " description, rationale, help_text, category_id, subcategory_id, importance,"
                " catalogue_version) SELECT ?, id, uid, title, description, rationale, help_text,"
                " category_id, subcategory_id, importance, version FROM requirement"
                " WHERE id % 10 = 0",
                (selection_id,),
            )
    finally:
        conn.close()


def server_cpu(conninfo: str) -> Callable[[], float] | None:
    """A clock of the CPU seconds the server's ended connections have used (its postmaster's
    children's, from /proc), when the server runs on this machine; None otherwise. Each copy
    connects anew, so its whole server side is counted once it has ended."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        backend = conn.execute("SELECT pg_backend_pid()").fetchone()
    stat = Path(f"/proc/{backend[0] if backend else 0}/stat")
    try:
        postmaster = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[13]) + int(fields[14])) / ticks  # cutime + cstime

    return clock


def rows_copied(path: Path) -> int:
    """Rows in every data table of the catalogue file `path`."""
    from kravtui.catalogue.schema_postgres import DATA_TABLES

    conn = open_catalogue(path, read_only=True)
    try:
        return sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATA_TABLES)
    finally:
        conn.close()


def copy_mode(size: int, databases: Databases) -> tuple[Figures, dict[int, dict[str, float]]]:
    """``kravtui db copy`` of a catalogue file of `size` into a new database and back."""
    with tempfile.TemporaryDirectory(prefix="kravtui-pg-bench-") as name:
        folder = Path(name)
        source = folder / f"source-{size}.db"
        copy_source(size, source)
        conninfo = databases.fresh()
        clock = server_cpu(conninfo)
        before = clock() if clock else 0.0
        there = kravtui(["db", "copy", str(source), conninfo], "db copy")
        server_s = clock() - before if clock else None
        back_path = folder / f"back-{size}.db"
        back = kravtui(["db", "copy", conninfo, str(back_path)], "db copy")
        server = {} if server_s is None else {"to_postgres_server_cpu_s": round(server_s, 2)}
        figures: Figures = {
            "rows": rows_copied(back_path),
            "to_postgres_s": round(there.seconds, 2),
            "to_postgres_cpu_s": round(there.cpu_s, 2),
            **server,
            "to_postgres_peak_mb": round(there.peak_mb, 1),
            "back_s": round(back.seconds, 2),
            "back_cpu_s": round(back.cpu_s, 2),
            "back_peak_mb": round(back.peak_mb, 1),
        }
    return figures, COPY_TARGETS


# --load


def load_mode(
    size: int, databases: Databases, editors: int, seconds: float
) -> tuple[Figures, dict[int, dict[str, float]]]:
    """The load test (`postgres_load.run_load`) on a catalogue of `size` built as for
    ``--search``."""
    from postgres_load import run_load  # type: ignore[import-not-found]

    conninfo, _ = filled_catalogue(databases, size)
    figures: Figures = dict(run_load(conninfo, editors, seconds, list(QUERIES)))
    return figures, {size: LOAD_TARGETS}


def run_mode(
    mode: str,
    size: int,
    databases: Databases,
    editors: int,
    seconds: float,
    catalogue: str | None = None,
) -> list[str]:
    """Run `mode` at `size` on `databases`' server (dropping what it made); its figures line
    and its target lines. `catalogue`: ``--tui``'s kept catalogue, when given."""
    try:
        if mode == "search":
            figures, targets = search_mode(size, databases)
        elif mode == "tui":
            figures, targets = tui_mode(size, databases, catalogue)
        elif mode == "import":
            figures, targets = import_mode(size, databases)
        elif mode == "copy":
            figures, targets = copy_mode(size, databases)
        else:
            figures, targets = load_mode(size, databases, editors, seconds)
    finally:
        databases.drop_all()
    figures = {"mode": mode, "size": size, **figures}
    figures["shared_buffers"] = databases.setting("shared_buffers")
    figures["load_1min"] = load_1min()
    figures["machine_ref_ms"] = machine_ref_ms()
    line = " ".join(f"{name}={value}" for name, value in figures.items())
    return [line, *check(size, figures, targets)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kravtui's PostgreSQL benchmarks (issue 16)")
    parser.add_argument("--search", action="store_true", help="time the list view's search")
    parser.add_argument("--tui", action="store_true", help="the app: first frame, keystrokes")
    parser.add_argument("--import", dest="import_", action="store_true", help="kravtui import")
    parser.add_argument("--copy", action="store_true", help="kravtui db copy, there and back")
    parser.add_argument("--load", action="store_true", help="many editors at once")
    parser.add_argument("--all", action="store_true", help="every mode (also with no mode)")
    parser.add_argument("--editors", type=int, default=LOAD_EDITORS)
    parser.add_argument("--seconds", type=float, default=LOAD_SECONDS)
    parser.add_argument("--db", default=None, help="a server URL whose role may create databases")
    parser.add_argument("--keep", action="store_true", help="keep the databases made (--db)")
    parser.add_argument("--catalogue", default=None, help="--tui on this kept catalogue")
    parser.add_argument(
        "--shared-buffers",
        default=SHARED_BUFFERS,
        help=f"the throwaway cluster's buffer pool (default {SHARED_BUFFERS}; PostgreSQL's: 128MB)",
    )
    parser.add_argument("sizes", nargs="*", type=int, help="sizes (default: each mode's own)")
    args = parser.parse_args(argv)
    chosen = {
        "search": args.search,
        "tui": args.tui,
        "import": args.import_,
        "copy": args.copy,
        "load": args.load,
    }
    modes = [mode for mode in MODES if chosen[mode]]
    if args.all or not modes:
        modes = list(MODES)
    if args.keep and args.db is None:
        parser.error("--keep needs --db: the throwaway cluster is removed at the end")
    if args.catalogue is not None and modes != ["tui"]:
        parser.error("--catalogue is for --tui alone")
    if args.db is not None and args.shared_buffers != SHARED_BUFFERS:
        parser.error("--shared-buffers is for the throwaway cluster: --db names a server's own")
    with server(args.db, args.keep, args.shared_buffers) as databases:
        for mode in modes:
            for size in args.sizes or [SIZES[mode]]:
                for line in run_mode(
                    mode, size, databases, args.editors, args.seconds, args.catalogue
                ):
                    print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
