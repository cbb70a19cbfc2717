"""How the TUI benchmarks measure the real app on a catalogue, whichever engine holds it.

Shared by ``benchmarks/tui.py`` (catalogue files) and ``benchmarks/postgres.py --tui`` (a
PostgreSQL database). The catalogue is named as ``kravtui --db`` takes it: a file's path or a
PostgreSQL conninfo. `measure_tui` returns, for one catalogue:

- ``first_frame_ms``: process start to the first painted list. ``python -m kravtui --db TARGET``
  runs in a pseudo-terminal of 80x24; the clock stops when the cursor row's glyph arrives on
  the terminal. Median of `FIRST_FRAME_RUNS` starts, after one that warms the caches (the page
  cache, or the server's, and the bytecode cache, as an installed kravtui has it: the child
  writes its bytecode under the benchmark's folder, ``PYTHONPYCACHEPREFIX``, even where
  ``PYTHONDONTWRITEBYTECODE`` is set, which otherwise made every start compile kravtui's
  sources, ~100 ms).
- ``keystroke_p50_ms`` / ``keystroke_p95_ms``: in a separate process that drives the app headless
  (`App.run_test`, 120x40, detail pane visible), each key of several phrases (50 keys) is typed
  into the filter, one at a time; the clock runs from the key event until the list has drawn
  the new result (search in the worker thread, list and status redrawn, detail pane updated).
  ``keystrokes``: how many were timed. ``keystroke_cpu_p50_ms`` / ``keystroke_cpu_p95_ms``: the
  driving process's CPU time (every thread: the search's too) over the same span, which a
  machine busy with other work inflates far less than the wall-clock figures.
- ``cursor_step_ms`` / ``cursor_step_p95_ms``: ``j`` pressed `CURSOR_STEPS` times (page
  boundaries included; on a shorter list, to the row before the last), then ``G`` and ``g``;
  from the key event until the list has drawn the moved cursor and the detail pane shows its
  requirement; ``cursor_step_cpu_ms`` the median CPU time of one.
- ``rss_mb``: peak resident memory of the driving process, the app's alone: a fresh interpreter,
  and its ``VmHWM`` (`measured.process_peak_mb`), not ``ru_maxrss``, which a child keeps from
  the big benchmark process it was forked from (a benchmark that built a catalogue of 100,000
  in process made the app look 90 MB bigger on PostgreSQL).

Keys arrive at least `KEY_GAP` (50 ms) apart, as from a fast typist or a held key's auto-repeat.
Both latencies include Textual's frame pacing: a screen update waits until 1/60 s has passed
since the previous one, so keys sent back to back within one frame would each add up to 17 ms.

Run as a script (``tui_measure.py --drive TARGET``) it is the driving process: it prints the
headless figures as ``name=value`` lines. With ``KRAVTUI_BENCH_KEYS=1`` in its environment it
also prints each timed key to stderr, as ``key PREFIX MS CPU_MS`` (the filter's text after the
key, quoted), so the slow keys behind a p95 can be named; ``measure_tui`` passes those lines on.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from measured import process_peak_mb  # type: ignore[import-not-found]  # noqa: E402

PHRASES: tuple[str, ...] = ("datakryptering", "adgang log", "backup af data", "sikkerhed it")
CURSOR_STEPS = 200
KEY_GAP = 0.05  # seconds between keys: a fast typist, or a held key's auto-repeat
FIRST_FRAME_RUNS = 5
CURSOR_GLYPH = "▶".encode()
KEYS_VARIABLE = "KRAVTUI_BENCH_KEYS"  # "1": each timed key to stderr (the module docstring)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of `samples` (fraction in 0..1)."""
    ordered = sorted(samples)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return ordered[min(rank, len(ordered)) - 1]


def _environment(folder: Path) -> dict[str, str]:
    """The child's environment: its config and bytecode under the benchmark's `folder`."""
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env["KRAVTUI_CONFIG_DIR"] = str(folder / "config")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed kravtui has its bytecode
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    return env


# First frame, in a pseudo-terminal


def first_frame_ms(target: str, folder: Path, timeout: float = 20.0) -> float:
    """Milliseconds from spawning `kravtui --db target` until the list's cursor row is on screen."""
    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = _environment(folder)
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kravtui", "--db", target, "--lang", "da"],
        stdin=child_fd,
        stdout=child_fd,
        stderr=child_fd,
        env=env,
        cwd=_ROOT,
        start_new_session=True,
    )
    os.close(child_fd)
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([main_fd], [], [], 0.05)
            if not ready:
                continue
            seen += os.read(main_fd, 65536)
            if CURSOR_GLYPH in seen:
                return (time.perf_counter() - start) * 1000
        raise RuntimeError(f"no list within {timeout} s; output: {seen[-400:]!r}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
        os.close(main_fd)


# Keystrokes and cursor steps, headless in the driving process


async def _wait(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.0005)


async def drive(target: str) -> dict[str, float]:
    """Type into the filter and step the cursor of the app on `target`; the figures."""
    from textual import events
    from textual.strip import Strip

    from kravtui.catalogue.location import locate
    from kravtui.config import Settings
    from kravtui.tui.app import create_app
    from kravtui.tui.screens.main import MainScreen
    from kravtui.tui.widgets.requirement_list import RequirementList

    app = create_app(locate(target), settings=Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        listing = screen.query_one(RequirementList)
        await _wait(lambda: listing.painted_generation == screen.generation)
        await pilot.pause(0.2)
        driver = app._driver
        assert driver is not None
        painted_cpu = [0.0]  # process CPU time (every thread) when the list last drew a line
        render_line = listing.render_line

        def timed_render_line(y: int) -> Strip:
            strip = render_line(y)
            painted_cpu[0] = time.process_time()
            return strip

        listing.render_line = timed_render_line  # type: ignore[method-assign]

        def send(key: str, character: str | None) -> tuple[float, float]:
            event = events.Key(key, character)
            event.set_sender(app)
            started, started_cpu = time.perf_counter(), time.process_time()
            driver.send_message(event)
            return started, started_cpu

        await pilot.press("slash")
        keystrokes: list[float] = []
        keystrokes_cpu: list[float] = []
        per_key = os.environ.get(KEYS_VARIABLE) == "1"
        for phrase in PHRASES:
            for typed, character in enumerate(phrase, 1):
                expected = screen.generation + 1
                key = "space" if character == " " else character
                started, started_cpu = send(key, character)
                await _wait(lambda e=expected: listing.painted_generation >= e)  # type: ignore[misc]
                keystrokes.append((listing.painted_at - started) * 1000)
                keystrokes_cpu.append((painted_cpu[0] - started_cpu) * 1000)
                if per_key:
                    print(
                        f"key {phrase[:typed]!r} {keystrokes[-1]:.1f} {keystrokes_cpu[-1]:.1f}",
                        file=sys.stderr,
                        flush=True,
                    )
                await asyncio.sleep(KEY_GAP)
            for _ in phrase:
                await pilot.press("backspace")
            await _wait(lambda: listing.painted_generation == screen.generation)
        await pilot.press("enter")
        await pilot.pause(0.1)

        steps: list[float] = []
        steps_cpu: list[float] = []
        down = min(CURSOR_STEPS, listing.total - 2 - listing.cursor)  # each key moves, G too
        for key, character in [("j", "j")] * down + [("G", "G"), ("g", "g")]:
            before = listing.painted_at
            started, started_cpu = send(key, character)
            await _wait(lambda b=before: listing.painted_at > b)  # type: ignore[misc]
            steps.append((listing.painted_at - started) * 1000)
            steps_cpu.append((painted_cpu[0] - started_cpu) * 1000)
            await asyncio.sleep(KEY_GAP)
        await pilot.press("q")
    return {
        "keystroke_p50_ms": statistics.median(keystrokes),
        "keystroke_p95_ms": percentile(keystrokes, 0.95),
        "keystroke_cpu_p50_ms": statistics.median(keystrokes_cpu),
        "keystroke_cpu_p95_ms": percentile(keystrokes_cpu, 0.95),
        "keystrokes": len(keystrokes),
        "cursor_step_ms": statistics.median(steps),
        "cursor_step_p95_ms": percentile(steps, 0.95),
        "cursor_step_cpu_ms": statistics.median(steps_cpu),
        "rss_mb": process_peak_mb(),
    }


def drive_in_subprocess(target: str, folder: Path) -> dict[str, float]:
    """Run `drive` in a fresh interpreter so its memory is the app's alone."""
    result = subprocess.run(
        [sys.executable, __file__, "--drive", target],
        capture_output=True,
        text=True,
        cwd=_ROOT,
        env={**os.environ, "KRAVTUI_CONFIG_DIR": str(folder / "config")},
    )
    if result.returncode != 0:
        raise RuntimeError(f"driving the app failed: {result.stderr[-2000:]}")
    if os.environ.get(KEYS_VARIABLE) == "1":
        for line in result.stderr.splitlines():
            if line.startswith("key "):
                print(line, file=sys.stderr, flush=True)
    figures: dict[str, float] = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        if value:
            figures[name] = float(value)
    return figures


def measure_tui(target: str, folder: Path) -> dict[str, float]:
    """The figures of the module docstring for the catalogue `target` names, rounded;
    `folder` holds the children's config and bytecode."""
    first_frame_ms(target, folder)  # warm the caches
    first = statistics.median(first_frame_ms(target, folder) for _ in range(FIRST_FRAME_RUNS))
    figures = {"first_frame_ms": first, **drive_in_subprocess(target, folder)}
    keystrokes = int(figures.pop("keystrokes"))
    return {"keystrokes": keystrokes, **{name: round(v, 1) for name, v in figures.items()}}


def main(argv: Sequence[str]) -> int:
    if argv[:1] != ["--drive"] or len(argv) != 2:
        print("usage: tui_measure.py --drive TARGET", file=sys.stderr)
        return 2
    for name, value in asyncio.run(drive(argv[1])).items():
        print(f"{name}={value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
