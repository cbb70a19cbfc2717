"""Noticing that another process changed the catalogue, cheaply.

SQLite's `PRAGMA data_version` changes when another connection commits to the same file; polling
it costs microseconds, so the TUI can refresh its list and detail pane only when needed.
"""

from __future__ import annotations

import sqlite3


class ChangeWatcher:
    """Polls one connection's `data_version`; `changed()` is True once per outside commit."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._seen = self._read()

    def _read(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether another connection committed since the last call."""
        current = self._read()
        if current == self._seen:
            return False
        self._seen = current
        return True
