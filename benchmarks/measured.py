"""Running `kravtui` as a process of its own and reading what it cost, for the benchmarks.

`run_kravtui` runs the CLI through a small wrapper that, when the command is done, reports the
process's own peak memory (``VmHWM``) and the peak of its largest child (a big import reads its
file in a second process), with the CPU time of both. ``ru_maxrss`` as the benchmark sees it is
not used for memory: a child started from a big benchmark process counts the memory it shares
with it until it starts Python.

- ``seconds``: wall time, start to exit;
- ``cpu_s``: user and system CPU time of the command and of the processes it waited for (a busy
  machine inflates it less than the wall time);
- ``peak_mb``: the command's own peak plus its largest child's, an upper bound on what they held
  at once.

The command runs as an installed kravtui does: with its bytecode. ``pip install .`` compiles the
package, but this machine sets ``PYTHONDONTWRITEBYTECODE``, so a checkout's sources were compiled
anew by every run (0.3-0.5 s of a 3 s export, in both processes of an import). The package is
compiled once before the first run (`compiled`), and the child may write what else it compiles.

`process_peak_mb` is the peak of the benchmark's own process, for benchmarks that measure in
process (their building of test data included, so it is an upper bound).
"""

from __future__ import annotations

import compileall
import functools
import os
import resource
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO

_WRAPPER = """
import resource, sys
from kravtui.cli import main
try:
    main(sys.argv[1:])
except SystemExit as stop:
    code = stop.code or 0
else:
    code = 0
with open("/proc/self/status") as status:
    peak = next((line.split()[1] for line in status if line.startswith("VmHWM")), "0")
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"kravtui-measured peak_kib={peak} children_kib={children}", file=sys.stderr)
sys.exit(code)
"""
_MARK = "kravtui-measured "


def process_peak_mb() -> float:
    """This process's peak resident memory in MB (VmHWM; ru_maxrss where there is no /proc)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass(frozen=True, slots=True)
class Measured:
    """What one run of the command cost, and how it ended."""

    seconds: float
    cpu_s: float
    peak_mb: float
    returncode: int
    stderr: str


@functools.cache
def compiled() -> None:
    """kravtui's modules compiled to bytecode beside their sources, as ``pip install`` leaves
    them (once per benchmark process)."""
    import kravtui

    compileall.compile_dir(os.path.dirname(kravtui.__file__), quiet=1)


def installed_environment(env: Mapping[str, str] | None) -> dict[str, str]:
    """`env` (else this process's) for a kravtui that reads and writes its bytecode."""
    compiled()
    environment = dict(os.environ if env is None else env)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def run_kravtui(
    arguments: Sequence[str],
    *,
    stdout: int | IO[bytes] | None = subprocess.DEVNULL,
    env: Mapping[str, str] | None = None,
) -> Measured:
    """Run ``kravtui ARGUMENTS`` with its output to `stdout`, and measure it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, *arguments],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=installed_environment(env),
    )
    assert process.stderr is not None
    errors = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    lines = errors.splitlines()
    report = next((line for line in reversed(lines) if line.startswith(_MARK)), "")
    figures = dict(item.split("=") for item in report.removeprefix(_MARK).split())
    peak_kib = int(figures.get("peak_kib", 0)) + int(figures.get("children_kib", 0))
    return Measured(
        seconds=seconds,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_mb=peak_kib / 1024,
        returncode=process.returncode,
        stderr="\n".join(line for line in lines if not line.startswith(_MARK)),
    )
