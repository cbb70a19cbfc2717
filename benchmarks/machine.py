"""How fast this machine is right now: a fixed reference workload, timed, for the benchmarks.

The machine the benchmarks run on is a shared virtual machine whose speed drifts by half or
more over a day (the same search measured 7.3 ms p95 at one hour and 13 ms at another, nothing
else running). Each benchmark prints ``machine_ref_ms`` beside its figures, so that a figure can
be read against how fast the machine was when it was measured: the best of `ROUNDS` runs of a
fixed piece of work shaped like kravtui's own (Python string building, SQLite inserts into a
trigram full-text index, and substring searches through it). Two runs of a benchmark compare
only beside their ``machine_ref_ms``: a figure measured beside a larger one is slower partly or
wholly because the machine was (126 ms on 6 December 2026 at 22:35 UTC, quiet, when the
benchmarks ran 20-50% slower than in the afternoon).

    python benchmarks/machine.py     # prints machine_ref_ms=...
"""

from __future__ import annotations

import random
import sqlite3
import time

ROUNDS = 5
ROWS = 3_000
WORDS = ("data", "kryptering", "adgang", "styring", "backup", "log", "økonomi", "sikkerhed")


def _work() -> None:
    """The reference workload: the same work every time (a fixed seed)."""
    pick = random.Random(7).choice
    texts = [" ".join(pick(WORDS) + pick(WORDS) for _ in range(40)) for _ in range(ROWS)]
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
    conn.executemany("INSERT INTO t (text) VALUES (?)", ((text,) for text in texts))
    for word in WORDS:
        conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (f'"{word}"',)).fetchone()
    conn.close()


def machine_ref_ms() -> float:
    """The best time of `ROUNDS` runs of the reference workload, in ms (rounded to 0.1)."""
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        _work()
        best = min(best, time.perf_counter() - started)
    return round(best * 1000, 1)


if __name__ == "__main__":
    print(f"machine_ref_ms={machine_ref_ms()}")
