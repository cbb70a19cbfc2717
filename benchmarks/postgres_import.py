"""PostgreSQL import benchmark: ``kravtui import`` of a catalogue file into a PostgreSQL catalogue.

    python benchmarks/postgres_import.py [SIZE ...] [--db postgresql://...]

For each size (10,000 requirements by default) it writes the synthetic catalogue of
`benchmarks/catalogue.py` as TOML, creates an empty catalogue in a fresh database, and measures:

- ``import_s``, ``import_cpu_s``: ``kravtui import`` of the file as a process of its own (the
  CLI's start included; `measured.run_kravtui`);
- ``copy_s`` and ``executemany_s``: the same import in this process into two more fresh
  databases, the bulk load writing the new rows by ``COPY`` (what kravtui does) and, for
  comparison, by ``executemany``; ``copy_cpu_s`` is this process's CPU time, and
  ``*_server_cpu_s`` the server process's (read from /proc when the server runs here), which a
  busy machine inflates far less than the wall time (``load_1min`` says how busy it was);
- ``export_s``, and ``roundtrip``: whether the catalogue exported from the database is the file
  imported, byte for byte.

Without ``--db`` it starts a throwaway cluster of its own (`tests/postgres_cluster.py`: a Unix
socket, no network, removed at the end); with it, the URL must name a database in which the
benchmark's role may create and drop databases (it makes one per run, named ``kravtui_bench_*``).
Prints one line of ``name=value`` figures per size, then the targets beside them (issue 16:
at 10,000, import <= 10 s).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from catalogue import synthetic_catalogue  # type: ignore[import-not-found]  # noqa: E402
from measured import run_kravtui  # type: ignore[import-not-found]  # noqa: E402
from targets import check  # type: ignore[import-not-found]  # noqa: E402

from kravtui.catalogue import postgres_connection  # noqa: E402
from kravtui.catalogue.db import create_catalogue, open_catalogue  # noqa: E402
from kravtui.catalogue.location import PostgresLocation  # noqa: E402
from kravtui.interchange.catalogue_toml import (  # noqa: E402
    dump_catalogue,
    export_catalogue,
    import_catalogue,
)

SIZES: tuple[int, ...] = (10_000,)
TARGETS: dict[int, dict[str, float]] = {10_000: {"import_s": 10}}  # issue 16


class Databases:
    """Fresh databases on one server: `url` of the server's maintenance database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.made: list[str] = []

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(statement.encode())

    def fresh(self) -> str:
        """The URL of a new, empty database."""
        name = f"kravtui_bench_{os.getpid()}_{len(self.made)}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
        self.made.append(name)
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        return make_conninfo(**{**conninfo_to_dict(self.url), "dbname": name})

    def drop_all(self) -> None:
        for name in self.made:
            with contextlib.suppress(Exception):
                self._admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def server(explicit: str | None) -> Iterator[Databases]:
    """The server to measure on: `explicit`, or a throwaway cluster of our own."""
    if explicit is not None:
        databases = Databases(explicit)
        try:
            yield databases
        finally:
            databases.drop_all()
        return
    from tests.postgres_cluster import start_cluster

    cluster = start_cluster()
    try:
        yield Databases(cluster.url())
    finally:
        cluster.stop()


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


def import_in_process(url: str, source: Path) -> tuple[float, float, float | None]:
    """`import_catalogue` of `source` into a new catalogue at `url`: its seconds, this
    process's CPU seconds, and the server's (None when unknown)."""
    conn = create_catalogue(PostgresLocation(url))
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


def measure(n: int, folder: Path, databases: Databases) -> dict[str, float | int | str]:
    """Import a catalogue of `n` requirements into PostgreSQL, three ways, and export it."""
    source = folder / f"catalogue-{n}.toml"
    source.write_bytes(dump_catalogue(synthetic_catalogue(n)).encode("utf-8"))

    url = databases.fresh()
    create_catalogue(PostgresLocation(url)).close()
    environment = {**os.environ, "PYTHONPATH": str(_ROOT)}
    imported = run_kravtui(["--lang", "en", "--db", url, "import", str(source)], env=environment)
    if imported.returncode != 0:
        raise RuntimeError(f"kravtui import failed: {imported.stderr}")
    conn = open_catalogue(PostgresLocation(url))
    exported = folder / f"export-{n}.toml"
    started = time.perf_counter()
    count = export_catalogue(conn, exported)
    export_s = time.perf_counter() - started
    conn.close()
    assert count == n

    copy_s, copy_cpu_s, copy_server_cpu_s = import_in_process(databases.fresh(), source)
    with by_executemany():
        executemany_s, _, executemany_server_cpu_s = import_in_process(databases.fresh(), source)
    return {
        "size": n,
        "file_mb": round(source.stat().st_size / 1e6, 1),
        "import_s": round(imported.seconds, 3),
        "import_cpu_s": round(imported.cpu_s, 2),
        "copy_s": round(copy_s, 3),
        "copy_cpu_s": round(copy_cpu_s, 2),
        "copy_server_cpu_s": copy_server_cpu_s if copy_server_cpu_s is not None else "unknown",
        "executemany_s": round(executemany_s, 3),
        "executemany_server_cpu_s": (
            executemany_server_cpu_s if executemany_server_cpu_s is not None else "unknown"
        ),
        "export_s": round(export_s, 3),
        "roundtrip": "identical" if exported.read_bytes() == source.read_bytes() else "DIFFERENT",
        "load_1min": round(os.getloadavg()[0], 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    explicit = None
    if "--db" in arguments:
        at = arguments.index("--db")
        explicit = arguments[at + 1]
        del arguments[at : at + 2]
    sizes = [int(arg) for arg in arguments] or list(SIZES)
    with (
        tempfile.TemporaryDirectory(prefix="kravtui-pg-bench-") as folder,
        server(explicit) as databases,
    ):
        for n in sizes:
            figures = measure(n, Path(folder), databases)
            print(" ".join(f"{name}={value}" for name, value in figures.items()), flush=True)
            for line in check(n, figures, TARGETS):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
