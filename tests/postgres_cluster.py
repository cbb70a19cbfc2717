"""A throwaway PostgreSQL cluster for the tests: started once per test process, a fresh database
for each test that asks, stopped and removed at the end whatever happened.

The server listens on a Unix socket in its own temporary folder and on no TCP address at all
(``listen_addresses = ''``), so nothing outside this machine, and nothing else on it, can reach
it or be reached. Every connection is trusted (the socket's folder is the only way in); tests of
roles create their roles inside their own database's cluster.

PostgreSQL refuses to run as root. As root (CI), the cluster is made and run by the ``postgres``
user through ``runuser``, in a folder that user owns; otherwise as the current user.

The binaries are found on PATH (``initdb``, ``pg_ctl``) or in Debian's
``/usr/lib/postgresql/<version>/bin`` (the highest version). Without them, or without psycopg, a
test that needs the cluster is skipped with the reason, except under ``CI=true``, where it fails:
CI installs PostgreSQL (`.ci/run`) and must not pass by skipping.

Under pytest-xdist each worker has a cluster of its own (one ``initdb`` each, about a second).
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

SERVER_USER = "postgres"
"""Who runs the server when the tests run as root (Debian's packages make this user)."""

SUPERUSER = "postgres"
"""The cluster's superuser role, whoever runs the server."""

_DEBIAN_BIN = Path("/usr/lib/postgresql")


def find_binaries() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    on_path = shutil.which("pg_ctl")
    if on_path and shutil.which("initdb"):
        folder = Path(on_path).resolve().parent
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    versions = []
    if _DEBIAN_BIN.is_dir():
        for entry in _DEBIAN_BIN.iterdir():
            if entry.name.isdigit() and (entry / "bin" / "pg_ctl").exists():
                versions.append((int(entry.name), entry / "bin"))
    return max(versions)[1] if versions else None


def missing_reason() -> str | None:
    """Why the cluster cannot be started here (no binaries, no psycopg), or None."""
    if find_binaries() is None:
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and there is no {SERVER_USER!r} user to run the server"
        if shutil.which("runuser") is None:
            return "running as root and runuser is not installed"
    return None


def require_postgres() -> None:
    """Skip the calling test when PostgreSQL cannot run here; fail instead under CI=true."""
    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass
class Cluster:
    """A running cluster: its folder (data, socket, log) and how to reach it."""

    folder: Path
    binaries: Path
    as_user: str | None  # run the server programs as this user (None: as ourselves)
    settings: tuple[tuple[str, str], ...] = ()  # further server settings (name, value)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def url(self, dbname: str = "postgres", user: str = SUPERUSER, password: str = "") -> str:
        """A ``postgresql://`` URL for `dbname` over the cluster's socket."""
        secret = f":{quote(password, safe='')}" if password else ""
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://{quote(user, safe='')}{secret}@/{quote(dbname, safe='')}?host={host}"

    def keywords(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """The same as a libpq keyword string (``host=... dbname=...``)."""
        return f"host={self.socket_dir} dbname={dbname} user={user}"

    def _run(self, *command: str) -> subprocess.CompletedProcess[str]:
        args = [str(self.binaries / command[0]), *command[1:]]
        if self.as_user is not None:
            args = ["runuser", "-u", self.as_user, "--", *args]
        return subprocess.run(
            args, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
        )

    def start(self) -> None:
        made = self._run(
            "initdb",
            "-D",
            str(self.data),
            "--auth=trust",
            f"--username={SUPERUSER}",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{made.stdout}{made.stderr}")
        self.resume()

    def resume(self) -> None:
        """Start the server on the cluster's data (after `start` made it, or after `pause`)."""
        options = " ".join(
            (
                "-c listen_addresses=''",  # no TCP: the socket below is the only way in
                f"-c unix_socket_directories='{self.socket_dir}'",
                "-c fsync=off",  # a throwaway cluster: speed over durability
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=60",
                *(f"-c {name}={value}" for name, value in self.settings),
            )
        )
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"
        )
        if started.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed:\n{started.stdout}{started.stderr}\n{log}")

    def pause(self) -> None:
        """Shut the server down as an administrator would (clients are told and cut off),
        keeping its data: `resume` starts it again on the same socket."""
        stopped = self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        if stopped.returncode != 0:
            raise RuntimeError(f"pg_ctl stop failed:\n{stopped.stdout}{stopped.stderr}")

    def stop(self) -> None:
        """Stop the server at once (its data is thrown away) and remove the folder."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def admin(self, *statements: str, dbname: str = "postgres") -> None:
        """Run `statements` as the superuser, each in its own transaction (autocommit)."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement.encode())


def start_cluster(settings: tuple[tuple[str, str], ...] = ()) -> Cluster:
    """Make and start a cluster in a new temporary folder, with `settings` beside the usual ones;
    on failure nothing is left behind."""
    binaries = find_binaries()
    assert binaries is not None
    as_root = os.geteuid() == 0
    # Not under pytest's tmp_path: as root, that is a folder the server's user cannot enter.
    folder = Path(tempfile.mkdtemp(prefix="kravtui-pg-"))
    if as_root:
        account = pwd.getpwnam(SERVER_USER)
        os.chown(folder, account.pw_uid, account.pw_gid)
    cluster = Cluster(folder, binaries, SERVER_USER if as_root else None, settings)
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    # Should the interpreter exit without the fixture's teardown having run (an error in
    # another session fixture, a KeyboardInterrupt at the wrong moment), stop the server anyway.
    atexit.register(cluster.stop)
    return cluster


_SAFE_NAME = re.compile(r"[^a-z0-9_]+")
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """The test process's PostgreSQL cluster, started on first use (skips without one)."""
    require_postgres()
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()
        atexit.unregister(cluster.stop)


@pytest.fixture
def postgres_url(postgres_cluster: Cluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database of its own for this test, as a ``postgresql://`` URL (with
    pg_trgm installable, not installed); dropped afterwards."""
    stem = _SAFE_NAME.sub("_", request.node.name.lower())[:40]
    name = f"t{next(_numbers)}_{stem}"
    postgres_cluster.admin(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    try:
        yield postgres_cluster.url(name)
    finally:
        with contextlib.suppress(Exception):
            postgres_cluster.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
