"""Catalogue files as other kravtui versions and other programs leave them, and a way to run
kravtui as a process that cannot write where its permission bits say so.

Tests run as root in CI, and root writes anywhere: `as_unprivileged` drops the capabilities that
let root ignore permission bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER) from the
child's bounding set before it starts, so a folder with mode 0555 is as unwritable for it as for
any user, and SQLite meets the real EACCES. Not root: the bits apply already.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from kravtui.catalogue.schema import MIGRATIONS

_PR_CAPBSET_DROP = 24
_CAPABILITIES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
STAMP = "2026-01-01T00:00:00Z"


def old_schema_catalogue(path: Path, version: int) -> Path:
    """A catalogue as the kravtui of schema `version` (1-4) wrote it: WAL mode, one requirement."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS[:version]:
        conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("INSERT INTO category (prefix, name, position) VALUES ('SIK', 'Sikkerhed', 0)")
    conn.execute(
        "INSERT INTO requirement (uid, title, category_id, created_at, updated_at) "
        f"VALUES ('SIK-001', 'Kryptering', 1, '{STAMP}', '{STAMP}')"
    )
    conn.close()
    return path


def folder_state(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in `folder` with its bytes and modification time."""
    return {
        entry.name: (entry.read_bytes(), entry.stat().st_mtime_ns)
        for entry in sorted(folder.iterdir())
        if entry.is_file()
    }


def _drop_capabilities() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in _CAPABILITIES:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def unprivileged() -> Callable[[], None] | None:
    """A `preexec_fn` that makes a root child obey permission bits (None when not root)."""
    return _drop_capabilities if os.geteuid() == 0 else None


def run_kravtui(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m kravtui --lang en ARGS` as a process bound by permission bits."""
    return subprocess.run(
        [sys.executable, "-m", "kravtui", "--lang", "en", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        preexec_fn=unprivileged(),
        timeout=120,
        check=False,
    )
