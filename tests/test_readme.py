"""README.md opens with the two commands, and CI runs the second one exactly."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _first_code_block() -> list[str]:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("```sh") + 1
    end = lines.index("```", start)
    return lines[start:end]


def test_readme_opens_with_install_and_test_commands() -> None:
    install, test = _first_code_block()
    assert install == "python3 -m pip install . && kravtui"
    assert test.endswith("python3 -m pytest")


def test_ci_runs_the_readmes_test_command() -> None:
    test = _first_code_block()[1]
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines
