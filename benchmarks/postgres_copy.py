"""``kravtui db copy`` benchmark: a catalogue file to PostgreSQL and back, at 100,000 requirements.

For each size it builds the catalogue benchmark's synthetic catalogue (``benchmarks/catalogue.py``:
about 760 characters of text per requirement, a first revision each) in a SQLite file, adds a
selection ticking every tenth requirement, then times, each as its own process
(`measured.run_kravtui`):

- ``to_postgres_s``, ``to_postgres_cpu_s``, ``to_postgres_peak_mb``: ``kravtui db copy FILE
  DATABASE`` into an empty database (the schema made, every table by COPY, the identities set,
  in one transaction; the search column and its trigram index are built by the server as the
  rows arrive); ``to_postgres_server_cpu_s``: the CPU time the server spent on it, when it runs
  on this machine (most of the work is the server's: on a busy machine the wall time is far
  above the two CPU times together);
- ``back_s``, ``back_cpu_s``, ``back_peak_mb``: ``kravtui db copy DATABASE FILE`` into a new
  file (through the bulk load: list keys, text indexes and word list built as an import
  builds them);
- ``rows``: the rows copied, all tables together (each way the same).

The database is the one ``--db CONNINFO`` names (it must be empty; it is emptied again after
each size), else a throwaway cluster's (``tests/postgres_cluster.py``: PostgreSQL's server
programs needed, on a Unix socket in a temporary folder, removed at the end)::

    python benchmarks/postgres_copy.py                  # 100,000
    python benchmarks/postgres_copy.py 1000 10000       # chosen sizes
    python benchmarks/postgres_copy.py --db postgresql://me@/scratch 1000

Target: docs/postgresql.md §3f, at 100,000 ``kravtui db copy`` SQLite -> PostgreSQL <= 60 s.
The machine is often shared with other work: a figure measured beside it is indicative only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
for _path in (str(_ROOT), str(_ROOT / "benchmarks")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from catalogue import synthetic_catalogue  # type: ignore[import-not-found]  # noqa: E402
from measured import Measured, run_kravtui  # type: ignore[import-not-found]  # noqa: E402
from targets import check  # type: ignore[import-not-found]  # noqa: E402

from kravtui.catalogue.db import create_catalogue, transaction  # noqa: E402
from kravtui.interchange.catalogue_toml import dump_catalogue, import_catalogue  # noqa: E402

SIZES: tuple[int, ...] = (100_000,)
TARGETS: dict[int, dict[str, float]] = {100_000: {"to_postgres_s": 60}}  # docs/postgresql.md §3f


def build(n: int, path: Path) -> None:
    """A catalogue file of `n` synthetic requirements and a selection of every tenth one."""
    text = path.with_suffix(".toml")
    text.write_text(dump_catalogue(synthetic_catalogue(n)), encoding="utf-8")
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


def copy(source: str, target: str) -> Measured:
    """``kravtui db copy SOURCE TARGET`` as a process of its own."""
    environment = {**os.environ, "PYTHONPATH": str(_ROOT)}
    result = run_kravtui(["--lang", "en", "db", "copy", source, target], env=environment)
    if result.returncode != 0:
        raise RuntimeError(f"kravtui db copy failed: {result.stderr}")
    return result


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
    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.schema_postgres import DATA_TABLES

    conn = open_catalogue(path, read_only=True)
    try:
        return sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATA_TABLES)
    finally:
        conn.close()


def empty_schema(conninfo: str) -> None:
    """Drop what a copy made in the database's schema (its tables, functions, pg_trgm)."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
        conn.execute("DROP EXTENSION IF EXISTS pg_trgm")


def measure(n: int, folder: Path, conninfo: str) -> dict[str, float | int]:
    source = folder / f"source-{n}.db"
    build(n, source)
    clock = server_cpu(conninfo)
    try:
        before = clock() if clock else 0.0
        there = copy(str(source), conninfo)
        server_s = clock() - before if clock else None
        back_path = folder / f"back-{n}.db"
        back = copy(conninfo, str(back_path))
    finally:
        empty_schema(conninfo)
    server = {} if server_s is None else {"to_postgres_server_cpu_s": round(server_s, 2)}
    return {
        "size": n,
        "rows": rows_copied(back_path),
        "to_postgres_s": round(there.seconds, 2),
        "to_postgres_cpu_s": round(there.cpu_s, 2),
        **server,
        "to_postgres_peak_mb": round(there.peak_mb, 1),
        "back_s": round(back.seconds, 2),
        "back_cpu_s": round(back.cpu_s, 2),
        "back_peak_mb": round(back.peak_mb, 1),
    }


@contextmanager
def database(given: str | None) -> Iterator[str]:
    """The conninfo of an empty database: `given`, else a throwaway cluster's."""
    if given is not None:
        yield given
        return
    from tests.postgres_cluster import missing_reason, start_cluster

    reason = missing_reason()
    if reason is not None:
        raise SystemExit(f"postgres_copy: {reason}")
    cluster = start_cluster()
    try:
        cluster.admin("CREATE DATABASE bench TEMPLATE template0 ENCODING 'UTF8'")
        yield cluster.url("bench")
    finally:
        cluster.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="kravtui db copy benchmark")
    parser.add_argument("--db", default=None, help="an empty PostgreSQL database's conninfo")
    parser.add_argument("sizes", nargs="*", type=int)
    options = parser.parse_args(argv)
    sizes = options.sizes or list(SIZES)
    with (
        tempfile.TemporaryDirectory(prefix="kravtui-bench-") as folder,
        database(options.db) as conninfo,
    ):
        for n in sizes:
            figures = measure(n, Path(folder), conninfo)
            print(" ".join(f"{name}={value}" for name, value in figures.items()), flush=True)
            for line in check(n, figures, TARGETS):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
