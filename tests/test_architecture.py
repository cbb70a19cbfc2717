"""The shape of the code: only kravtui/tui imports Textual, layers go one way, no import circles,
and every module says what it holds and holds one idea, whatever its length."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kravtui"


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


def test_headless_commands_do_not_load_textual_docx_or_psycopg(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from kravtui.cli import main\n"
        f"main(['--db', {str(tmp_path / 'c.db')!r}, 'list', '--json'], standalone_mode=False)\n"
        "loaded = sorted(m for m in ('textual', 'docx', 'psycopg') if m in sys.modules)\n"
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


# A module holds one idea, whatever its length. Its top-level definitions (functions, classes,
# constants) are linked when one names another, when both name the same thing imported from
# elsewhere in kravtui (a shared concept such as `SearchQuery` or `Checker`), or when they are
# parallel tables with the same keys (a language pair). A linked group of at least IDEA_LINES
# lines is an idea; smaller groups (a constant, a short entry point) stand beside it. What most
# modules import (`t`) is everyday vocabulary and links nothing.
IDEA_LINES = 20
EVERYDAY_SHARE = 4  # imported by more than 1 module in 4

# Modules the measure splits that hold one idea all the same, and why.
ONE_IDEA_BY_DESIGN = {
    "answers/records.py": (
        "the answers layer's plain records and its closed vocabularies (choices, statuses), as "
        "selection/records.py is the selection's: frozen dataclasses with nothing to call"
    ),
    "selection/records.py": (
        "the selection layer's plain records, as catalogue/records.py is the catalogue's: a "
        "selection and its items are separate frozen dataclasses with nothing to call in common"
    ),
}


def _defined(node: ast.stmt) -> list[str]:
    """The names a top-level statement defines."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [target.id for target in node.targets if isinstance(target, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _project_imports(tree: ast.Module) -> dict[str, str]:
    """Local name -> what it is, for every name imported from kravtui (anywhere in the module)."""
    return {
        alias.asname or alias.name: f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kravtui")
        for alias in node.names
    }


@cache
def _everyday_imports() -> frozenset[str]:
    modules = _modules()
    counts = Counter(
        imported
        for path in modules
        for imported in set(_project_imports(ast.parse(path.read_text(encoding="utf-8"))).values())
    )
    return frozenset(
        name for name, count in counts.items() if count * EVERYDAY_SHARE > len(modules)
    )


def _table_keys(node: ast.stmt) -> frozenset[object] | None:
    value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
    keys = value.keys if isinstance(value, ast.Dict) else []
    if keys and all(isinstance(key, ast.Constant) for key in keys):
        return frozenset(key.value for key in keys if isinstance(key, ast.Constant))
    return None


def ideas(source: str) -> list[list[str]]:
    """The ideas of a module: its linked groups of definitions of at least IDEA_LINES lines."""
    tree = ast.parse(source)
    nodes = [(name, node) for node in tree.body for name in _defined(node) if name != "__all__"]
    everyday = _everyday_imports()
    imported = {k: v for k, v in _project_imports(tree).items() if v not in everyday}
    group = {name: name for name, _ in nodes} | {v: v for v in imported.values()}

    def root(name: str) -> str:
        while group[name] != name:
            name = group[name]
        return name

    def link(a: str, b: str) -> None:
        group[root(a)] = root(b)

    tables: dict[frozenset[object], str] = {}
    for name, node in nodes:
        keys = _table_keys(node)
        if keys is not None:
            link(tables.setdefault(keys, name), name)
        for part in ast.walk(node):
            used = part.id if isinstance(part, ast.Name) else None
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                used = part.value  # a quoted annotation
            if used in imported:
                link(imported[used], name)
            elif used is not None and used in group and used != name:
                link(used, name)
    lines: Counter[str] = Counter()
    members: dict[str, set[str]] = {}
    for name, node in nodes:
        lines[root(name)] += (node.end_lineno or node.lineno) - node.lineno + 1
        members.setdefault(root(name), set()).add(name)
    return sorted(sorted(members[r]) for r in members if lines[r] >= IDEA_LINES)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_opens_saying_what_it_holds(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text), clean=False)
    assert docstring, f"{path.name} has no module docstring"
    first = docstring.split("\n")[0]
    assert len(first.split()) >= 2, f"{path.name}: the docstring's first line says what it holds"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_holds_one_idea(path: Path) -> None:
    name = path.relative_to(PACKAGE).as_posix()
    found = ideas(path.read_text(encoding="utf-8"))
    if name in ONE_IDEA_BY_DESIGN:
        assert len(found) > 1, f"{name} is one group now: take it off ONE_IDEA_BY_DESIGN"
    else:
        assert len(found) <= 1, f"{name} holds {len(found)} ideas, cut it at the seam: {found}"


# A fixture module in parts: two ideas (durations, colours) and what may join them.
_DURATIONS = """
_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_duration(text: str) -> int:
    \"\"\"Seconds in a duration such as `1h30m`.\"\"\"
    total = 0
    number = ""
    for character in text:
        if character.isdigit():
            number += character
            continue
        if character not in _UNITS or not number:
            raise ValueError(text)
        total += int(number) * _UNITS[character]
        number = ""
    if number:
        raise ValueError(text)
    return total


def format_duration(seconds: int) -> str:
    \"\"\"`1h30m` for 5400 seconds.\"\"\"
    hours, rest = divmod(seconds, _UNITS["h"])
    minutes = rest // _UNITS["m"]
    return f"{hours}h{minutes}m" if hours else f"{minutes}m"
"""

_COLOURS = """
def _channel(text: str, index: int) -> int:
    return int(text[1 + 2 * index : 3 + 2 * index], 16)


def mix(first: str, second: str, share: float) -> str:
    \"\"\"The colour `share` of the way from `first` to `second` (`#rrggbb`).\"\"\"
    channels = []
    for index in range(3):
        a = _channel(first, index)
        b = _channel(second, index)
        value = round(a + (b - a) * share)
        if not 0 <= value <= 255:
            raise ValueError(share)
        channels.append(value)
    red, green, blue = channels
    return f"#{red:02x}{green:02x}{blue:02x}"


def darker(colour: str) -> str:
    \"\"\"A darker shade.\"\"\"
    return mix(colour, "#000000", 0.2)


def lighter(colour: str) -> str:
    \"\"\"A lighter shade.\"\"\"
    return mix(colour, "#ffffff", 0.2)
"""

_FADE = """
def fade(colour: str, duration: str) -> list[str]:
    return [darker(colour)] * parse_duration(duration)
"""

_BY_QUERY = """
from kravtui.catalogue.search_query import SearchQuery


def duration_of(query: SearchQuery) -> int:
    return parse_duration(query.text)


def colour_of(query: SearchQuery) -> str:
    return darker(query.text)
"""

_BY_WORD = """
from kravtui.i18n import t


def duration_of() -> int:
    return parse_duration(t("some.key"))


def colour_of() -> str:
    return darker(t("other.key"))
"""

_HELPER = """
def seconds_in_a_day() -> int:
    return 86400
"""


def _module(*parts: str) -> str:
    return '"""A fixture module."""\n' + "\n\n".join(parts)


def test_the_measure_refuses_a_module_that_holds_two_ideas() -> None:
    assert ideas(_module(_DURATIONS)) == [["_UNITS", "format_duration", "parse_duration"]]
    assert ideas(_module(_COLOURS)) == [["_channel", "darker", "lighter", "mix"]]
    assert ideas(_module(_DURATIONS, _COLOURS)) == [
        ["_UNITS", "format_duration", "parse_duration"],
        ["_channel", "darker", "lighter", "mix"],
    ]
    assert len(ideas(_module(_DURATIONS, _COLOURS, _BY_WORD))) == 2  # `t` joins nothing


def test_the_measure_joins_what_uses_both_halves_or_one_concept() -> None:
    assert len(ideas(_module(_DURATIONS, _COLOURS, _FADE))) == 1
    assert len(ideas(_module(_DURATIONS, _COLOURS, _BY_QUERY))) == 1
    assert len(ideas(_module(_DURATIONS, _HELPER))) == 1  # a short helper is no second idea


def test_the_measure_takes_a_language_pair_for_one_idea() -> None:
    english, danish = (
        f"{lang}: dict[str, str] = {{\n"
        + "".join(f'    "key.{i}": "{lang} {i}",\n' for i in range(30))
        + "}\n"
        for lang in ("EN", "DA")
    )
    assert ideas(_module(english, danish)) == [["DA", "EN"]]
    assert len(ideas(_module(english, danish.replace('"key.3"', '"key.three"')))) == 2


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
