"""The benchmark scripts run and print their figures, and judge them against the targets."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.postgres_cluster import Cluster

ROOT = Path(__file__).resolve().parent.parent


def _load_targets() -> object:
    """benchmarks/targets.py, loaded by path: benchmarks/ on sys.path would hide python-docx
    behind benchmarks/docx.py."""
    path = ROOT / "benchmarks" / "targets.py"
    spec = importlib.util.spec_from_file_location("bench_targets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check = _load_targets().check  # type: ignore[attr-defined]


def test_targets_are_judged_met_missed_or_not_measured() -> None:
    targets = {100: {"search_p95_ms": 15, "import_s": 30, "export_s": 5}}
    assert check(100, {"search_p95_ms": 14.25, "import_s": 31.5}, targets) == [
        "target size=100 search_p95_ms=14.25 <= 15 met",
        "target size=100 import_s=31.5 <= 30 MISSED",
        "target size=100 export_s <= 5 not measured",
    ]
    assert check(7, {"search_p95_ms": 99}, targets) == []


def test_the_catalogue_benchmark_prints_one_line_of_figures_per_size() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "catalogue.py"), "300"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    (line,) = result.stdout.splitlines()
    figures = dict(item.split("=") for item in line.split())
    assert figures["size"] == "300"
    assert figures["roundtrip"] == "identical"
    for name in ("import_s", "export_s", "search_p50_ms", "search_p95_ms"):
        assert float(figures[name]) >= 0


def test_the_docx_benchmark_prints_time_and_peak_memory_with_their_targets() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "docx.py"), "1000"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    line, *targets = result.stdout.splitlines()
    figures = dict(item.split("=") for item in line.split())
    assert figures["size"] == "1000"
    for name in ("export_s", "export_cpu_s", "peak_mb", "file_mb"):
        assert float(figures[name]) > 0
    assert len(targets) == 2
    for target, name, limit in zip(targets, ("export_s", "peak_mb"), ("0.3", "300"), strict=True):
        assert target.startswith(f"target size=1000 {name}={float(figures[name]):g} <= {limit} ")
        assert target.endswith((" met", " MISSED"))


def test_the_answers_benchmark_prints_its_figures_beside_the_targets() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "answers.py"), "40"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    (line,) = result.stdout.splitlines()
    figures = dict(item.split("=") for item in line.split())
    assert figures["size"] == "40"
    assert float(figures["export_s"]) >= 0 and float(figures["import_s"]) >= 0


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_answers_benchmark_times_a_file_libreoffice_saved_again() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "answers.py"), "--libreoffice", "30"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    (line,) = result.stdout.splitlines()
    figures = dict(item.split("=") for item in line.split())
    # the benchmark itself checks that every answer of the resaved file came through
    assert float(figures["docx_lo_import_s"]) > 0 and float(figures["docx_lo_import_cpu_s"]) > 0


def test_the_answers_benchmark_prints_the_reports_time_and_peak_memory() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "answers.py"), "report", "30", "2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    (line,) = result.stdout.splitlines()  # no targets at this size
    figures = dict(item.split("=") for item in line.split())
    assert (figures["vendors"], figures["size"]) == ("2", "30")
    for name in ("report_docx_2x30_s", "report_xlsx_2x30_s"):
        assert float(figures[name]) > 0
    for name in ("report_docx_peak_mb", "report_xlsx_peak_mb"):
        assert float(figures[name]) > 0


def test_the_batch_benchmark_times_every_command_in_its_own_process() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "batch.py"), "300"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    *per_command, summary = result.stdout.splitlines()
    figures = dict(item.split("=") for item in summary.split())
    assert figures["size"] == "300"
    names = ["list_file", "list_json", "list_jsonl", "list_search", "list_head"]
    names += ["export_catalogue", "export_selection_toml", "diff"]
    assert [line.split("_s=")[0] for line in per_command] == names
    for name in names:
        for suffix in ("_s", "_mb", "_cpu_s"):
            assert float(figures[name + suffix]) >= 0


def test_the_answers_screen_benchmark_prints_its_figures(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "answers_tui.py"), "300", "2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, "KRAVTUI_CONFIG_DIR": str(tmp_path)},
    )
    (line,) = result.stdout.splitlines()  # no targets at this size
    figures = dict(item.split("=") for item in line.split())
    assert (figures["vendors"], figures["size"]) == ("2", "300")
    for name in ("load_ms", "open_ms", "cursor_step_ms", "cursor_step_p95_ms", "vendor_step_ms"):
        assert float(figures[name]) > 0


def test_the_xlsx_benchmark_prints_time_memory_and_a_roundtrip() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "xlsx.py"), "200"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    (line,) = result.stdout.splitlines()  # no targets are set for 200
    figures = dict(item.split("=") for item in line.split())
    assert figures["size"] == "200" and figures["roundtrip"] == "identical"
    for name in ("export_s", "export_cpu_s", "export_peak_mb", "import_s", "import_peak_mb"):
        assert float(figures[name]) > 0


def test_the_connection_wrapper_benchmark_prints_both_paths_and_its_target() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "connection_wrapper.py"), "300"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures_line, target_line = result.stdout.splitlines()
    figures = dict(item.split("=") for item in figures_line.split())
    assert figures["size"] == "300"
    for path in ("plain", "wrapped"):
        assert float(figures[f"search_p95_ms.{path}"]) > 0
        assert float(figures[f"execute_us.{path}"]) > 0
    assert float(figures["translate_us"]) > 0 and int(figures["search_statements"]) > 0
    assert float(figures["peak_mb"]) > 0
    assert target_line.startswith("target search_p95_ms.wrapped=")


@pytest.mark.parametrize(
    ("script", "args", "names"),
    [
        ("tick.py", ["200"], ("tick_one_ms", "tick_all_s", "untick_all_cpu_s")),
        ("answers_toml.py", ["100", "2"], ("export_s", "diff_s", "textconv_s")),
    ],
)
def test_the_smaller_benchmarks_print_their_time_with_peak_memory(
    script: str, args: list[str], names: tuple[str, ...]
) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures = dict(item.split("=") for item in result.stdout.split())
    for name in (*names, "peak_mb"):
        assert float(figures[name]) > 0, name


def _postgres_bench(*arguments: str) -> dict[str, tuple[dict[str, str], list[str]]]:
    """Run benchmarks/postgres.py; each mode's figures and target lines, by mode."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "postgres.py"), *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    modes: dict[str, tuple[dict[str, str], list[str]]] = {}
    targets: list[str] = []
    for line in result.stdout.splitlines():
        if line.startswith("target "):
            targets.append(line)  # the targets of the mode whose figures came last
            continue
        figures = dict(item.split("=", 1) for item in line.split())
        assert figures["mode"] not in modes, result.stdout
        targets = []
        modes[figures["mode"]] = (figures, targets)
    return modes


def _databases(cluster: Cluster) -> list[str]:
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        return [row[0] for row in conn.execute("SELECT datname FROM pg_database")]


def test_every_postgres_benchmark_prints_its_figures_time_and_memory(
    postgres_cluster: Cluster,
) -> None:
    """``--all`` runs every mode on the server named, each at the size given, and leaves no
    database of its own behind."""
    before = _databases(postgres_cluster)
    modes = _postgres_bench(
        "--all", "200", "--editors", "3", "--seconds", "2", "--db", postgres_cluster.url()
    )
    assert list(modes) == ["search", "tui", "import", "copy", "load"]
    for figures, _ in modes.values():
        assert figures["size"] == "200" and float(figures["load_1min"]) >= 0
        assert figures["shared_buffers"] == "128MB"  # the server's own, as named by --db

    search, _ = modes["search"]
    for name in ("load_s", "page_p95_ms", "count_p95_ms", "search_p95_ms", "search_p95_ms.LOG-1"):
        assert float(search[name]) >= 0
    assert float(search["peak_mb"]) > 0

    tui, _ = modes["tui"]
    assert int(tui["keystrokes"]) == 50
    for name in ("first_frame_ms", "keystroke_p95_ms", "cursor_step_ms", "rss_mb"):
        assert float(tui[name]) > 0

    imported, _ = modes["import"]
    assert imported["roundtrip"] == "identical"
    for name in ("import_s", "import_peak_mb", "copy_s", "executemany_s", "export_s", "peak_mb"):
        assert float(imported[name]) > 0

    copied, _ = modes["copy"]
    assert int(copied["rows"]) > 200
    for name in ("to_postgres_s", "to_postgres_peak_mb", "back_s", "back_peak_mb"):
        assert float(copied[name]) > 0

    load, targets = modes["load"]
    assert load["editors"] == "3" and float(load["editor_peak_mb"]) > 0
    assert int(load["save_count"]) + int(load["tick_count"]) > 0
    assert load["lost_updates"] == load["lost_ticks"] == load["errors"] == "0"
    assert [t.split()[2].split("=")[0] for t in targets] == ["lost_updates", "lost_ticks", "errors"]
    assert all(t.endswith(" met") for t in targets)

    assert _databases(postgres_cluster) == before


def test_the_postgres_benchmark_runs_the_modes_asked_for_at_each_size(
    postgres_cluster: Cluster,
) -> None:
    modes = _postgres_bench("--import", "--copy", "60", "--db", postgres_cluster.url())
    assert list(modes) == ["import", "copy"]  # each at 60, no targets at that size
    assert all(figures["size"] == "60" and not targets for figures, targets in modes.values())


def test_the_postgres_benchmark_prints_the_targets_of_issue_16_beside_its_figures() -> None:
    saved = list(sys.path)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import postgres
    finally:
        sys.path[:] = saved
    figures = {"keystroke_p95_ms": 61.0, "first_frame_ms": 450.0}
    assert check(100_000, figures, postgres.TUI_TARGETS) == [
        "target size=100000 keystroke_p95_ms=61 <= 60 MISSED",
        "target size=100000 first_frame_ms=450 <= 500 met",
    ]
    assert check(10_000, {"import_s": 9.5}, postgres.IMPORT_TARGETS)[0].endswith(" met")
    assert check(100_000, {}, postgres.COPY_TARGETS) == [
        "target size=100000 to_postgres_s <= 60 not measured"
    ]
    assert postgres.SEARCH_TARGETS[100_000]["search_p95_ms"] == 20


def test_the_postgres_benchmark_sizes_its_own_server_s_buffer_pool() -> None:
    """The throwaway cluster gets the buffer pool asked for; a server named by --db keeps its
    own, and asking to change it there is refused in one line."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import postgres
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    with postgres.server(None, shared_buffers="48MB") as databases:
        assert databases.setting("shared_buffers") == "48MB"
    bench = [sys.executable, str(ROOT / "benchmarks" / "postgres.py"), "--search"]
    refused = subprocess.run(
        [*bench, "--db", "postgresql:///x", "--shared-buffers", "1GB"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert refused.stderr.splitlines()[-1].endswith("--db names a server's own")


def test_the_load_test_counts_a_save_the_server_does_not_hold_as_lost() -> None:
    """The checker itself: an editor told of a save the catalogue does not show is a loss."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import postgres_load
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    told = postgres_load.EditorReport()
    told.saves["SIK-1"] = 2
    unchanged = {"SIK-1": (5, 3, 4)}
    assert postgres_load.lost_saves(["SIK-1"], unchanged, unchanged, [told]) == 6
    saved_twice = {"SIK-1": (7, 5, 6)}
    assert postgres_load.lost_saves(["SIK-1"], unchanged, saved_twice, [told]) == 0
    assert postgres_load.with_counter("text [load 4]", 5) == "text [load 5]"
    assert postgres_load.counter_of("no counter") == 0
