"""Batch commands at 100,000 requirements (issue 17): each one run as `kravtui` in a subprocess.

It builds once, in a folder (a temporary one, or ``--folder DIR``, kept and reused by later runs),
the synthetic catalogue of ``benchmarks/catalogue.py`` imported into a catalogue file, a
selection ticking every live requirement, and two catalogue files for the diff: the catalogue
and a copy with 1% of the requirements edited (``benchmarks/toml.py``'s `edited_catalogue`).
Then it runs each command in its own process and prints its wall time and the process's peak
memory (its own high-water mark, `measured.run_kravtui`: ``ru_maxrss`` counted the memory the
child shared with this process, 500 MB after a build):

- ``list_file``: `kravtui list` with its output to a file (every row, plain tab-separated);
- ``list_json`` / ``list_jsonl``: the same with `--json` and `--jsonl`;
- ``list_search``: `kravtui list --search krypt` to a file (a broad word, about a third of all);
- ``list_head``: `kravtui list | head -n 5`, until `kravtui` has exited;
- ``export_catalogue``: `kravtui export catalogue -o FILE`;
- ``export_selection_toml``: `kravtui export selection NAME --format toml -o FILE`;
- ``diff``: `kravtui diff OLD NEW` of the two catalogue files, output to a file.

Each figure prints as ``NAME_s=`` (wall time), ``NAME_mb=`` (peak memory) and ``NAME_cpu_s=``
(the process's user and system CPU time, which a busy machine inflates less than the wall
time), then the targets of issue 17 beside them (`targets.check`). The machine may be shared:
the figures are indicative, the best of ``--runs`` runs (default 1).

    python3 benchmarks/batch.py                          # 100,000, in a temporary folder
    python3 benchmarks/batch.py 10000 --folder /tmp/b    # another size, the data kept
    python3 benchmarks/batch.py --only list_file,diff    # some commands only
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
for _path in (str(_ROOT), str(_ROOT / "benchmarks")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from machine import machine_ref_ms  # type: ignore[import-not-found]  # noqa: E402
from measured import run_kravtui  # type: ignore[import-not-found]  # noqa: E402
from targets import check  # type: ignore[import-not-found]  # noqa: E402

SELECTION = "Benchmark"
TARGETS: dict[int, dict[str, float]] = {  # issue 17
    100_000: {
        "list_file_s": 2,
        "export_catalogue_s": 3,
        "export_catalogue_mb": 200,
        "export_selection_toml_s": 3,
        "export_selection_toml_mb": 200,
        "diff_s": 4,
        "diff_mb": 400,
    },
}


@dataclass(frozen=True, slots=True)
class Run:
    """One command: its arguments after `kravtui --db DB`, and where its output goes."""

    name: str
    arguments: tuple[str, ...]
    output: str | None = None  # a file name in the folder; None: a pipe into `head`


def runs(folder: Path) -> tuple[Run, ...]:
    return (
        Run("list_file", ("list",), "list.txt"),
        Run("list_json", ("list", "--json"), "list.json"),
        Run("list_jsonl", ("list", "--jsonl"), "list.jsonl"),
        Run("list_search", ("list", "--search", "krypt"), "search.txt"),
        Run("list_head", ("list",)),
        Run("export_catalogue", ("export", "catalogue", "-o", str(folder / "export.toml")), "-"),
        Run(
            "export_selection_toml",
            ("export", "selection", SELECTION, "--format", "toml", "-o", str(folder / "sel.toml")),
            "-",
        ),
        Run("diff", ("diff", str(folder / "old.toml"), str(folder / "new.toml")), "diff.txt"),
    )


def build(folder: Path, size: int) -> Path:
    """The catalogue file and the two catalogue TOML files in `folder`, made when missing."""
    database = folder / f"catalogue-{size}.db"
    if database.exists():
        return database
    from catalogue import synthetic_catalogue  # type: ignore[import-not-found]
    from toml import edited_catalogue  # type: ignore[import-not-found]

    from kravtui.catalogue.db import create_catalogue
    from kravtui.interchange.catalogue_toml import dump_catalogue, import_catalogue
    from kravtui.selection.items import tick
    from kravtui.selection.records import SelectionInfo
    from kravtui.selection.store import create_selection

    started = time.perf_counter()
    content = synthetic_catalogue(size)
    (folder / "old.toml").write_text(dump_catalogue(content), encoding="utf-8")
    (folder / "new.toml").write_text(dump_catalogue(edited_catalogue(content)), encoding="utf-8")
    building = folder / "building.db"
    conn = create_catalogue(building)
    import_catalogue(conn, folder / "old.toml")
    domains = tuple(domain.name for domain in content.classifications.domains)
    selection = create_selection(conn, SelectionInfo(title=SELECTION, domains=domains))
    tick(conn, selection.id, [r.uid for r in content.requirements if not r.deleted])
    conn.close()
    building.rename(database)
    print(f"built size={size} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return database


def _environment(folder: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(_ROOT)
    environment["XDG_CONFIG_HOME"] = str(folder / "config")  # no settings file of the user's
    environment["KRAVTUI_LANG"] = "en"
    return environment


def run_once(run: Run, database: Path, folder: Path) -> tuple[float, float, float]:
    """(seconds, peak MB, CPU seconds) of one run of `run` (`measured.run_kravtui`)."""
    arguments = ["--db", str(database), *run.arguments]
    environment = _environment(folder)
    if run.output is None:
        head = subprocess.Popen(
            ["head", "-n", "5"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        assert head.stdin is not None
        try:
            result = run_kravtui(arguments, stdout=head.stdin, env=environment)
        finally:
            head.stdin.close()
            head.wait()
    elif run.output == "-":
        result = run_kravtui(arguments, env=environment)
    else:
        with (folder / run.output).open("wb") as sink:
            result = run_kravtui(arguments, stdout=sink, env=environment)
    if result.returncode not in (0, 1):  # diff exits 1 when the files differ
        raise SystemExit(f"{run.name}: kravtui exited {result.returncode}: {result.stderr}")
    return result.seconds, result.peak_mb, result.cpu_s


def measure(size: int, root: Path, only: set[str], rounds: int) -> dict[str, float | int]:
    folder = root / str(size)
    folder.mkdir(exist_ok=True)
    database = build(folder, size)
    figures: dict[str, float | int] = {"size": size}
    for run in runs(folder):
        if only and run.name not in only:
            continue
        best = min((run_once(run, database, folder) for _ in range(rounds)), key=lambda f: f[0])
        seconds, megabytes, cpu = best
        shown = {"_s": round(seconds, 2), "_mb": round(megabytes), "_cpu_s": round(cpu, 2)}
        figures.update({f"{run.name}{suffix}": value for suffix, value in shown.items()})
        print(
            " ".join(f"{run.name}{suffix}={value}" for suffix, value in shown.items()), flush=True
        )
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Batch commands of kravtui, timed.")
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000])
    parser.add_argument("--folder", type=Path, help="keep the built data here and reuse it")
    parser.add_argument("--only", default="", help="comma-separated run names")
    parser.add_argument("--runs", type=int, default=1)
    arguments = parser.parse_args(argv)
    only = {name for name in arguments.only.split(",") if name}
    for size in arguments.sizes:
        if arguments.folder is not None:
            arguments.folder.mkdir(parents=True, exist_ok=True)
            figures = measure(size, arguments.folder, only, arguments.runs)
        else:
            with tempfile.TemporaryDirectory(prefix="kravtui-batch-") as name:
                figures = measure(size, Path(name), only, arguments.runs)
        figures["machine_ref_ms"] = machine_ref_ms()
        print(" ".join(f"{name}={value}" for name, value in figures.items()), flush=True)
        for line in check(size, figures, TARGETS):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
