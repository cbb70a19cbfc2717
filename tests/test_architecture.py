"""The shape of the code: only kravtui/tui imports Textual, layers go one way, small modules."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kravtui"
MAX_MODULE_LINES = 500


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_the_tui_package_imports_textual() -> None:
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in _modules()
        if "tui" not in path.relative_to(PACKAGE).parts[:1] and "textual" in _imported_roots(path)
    ]
    assert offenders == []


def test_headless_commands_do_not_load_textual_or_docx(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from kravtui.cli import main\n"
        f"main(['--db', {str(tmp_path / 'c.db')!r}, 'list', '--json'], standalone_mode=False)\n"
        "loaded = sorted(m for m in ('textual', 'docx') if m in sys.modules)\n"
        "print('LOADED', loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stdout


@pytest.mark.skipif(
    shutil.which("lint-imports") is None and not os.environ.get("CI"),
    reason="import-linter not installed (CI installs it and never skips this test)",
)
def test_import_layers_hold() -> None:
    result = subprocess.run(
        ["lint-imports"], cwd=PACKAGE.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small_and_say_what_they_are_for(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES
    if text.strip():
        assert ast.get_docstring(ast.parse(text)), f"{path.name} has no module docstring"


def test_the_import_graph_has_no_circle() -> None:
    """No module imports, directly or through others, a module that imports it: a child
    screen never imports its parent, and two halves of one idea share a third module instead
    (imports inside functions and under TYPE_CHECKING count too)."""
    import grimp

    graph = grimp.build_graph("kravtui")
    circles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in graph.modules
            for imported in graph.find_modules_directly_imported_by(module)
            if graph.chain_exists(imported, module)
        }
    )
    assert not circles, f"import circles: {circles}"
