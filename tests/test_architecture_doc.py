"""docs/architecture.md stays true: every module, package and test file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"


def _named_paths(text: str) -> set[str]:
    """The repository paths in backticks (`kravtui/...`, `tests/...`, `docs/...`)."""
    return {found.group(1) for found in re.finditer(r"`((?:kravtui|tests|docs)/[\w./-]*)`", text)}


def test_the_document_names_modules_that_exist() -> None:
    text = DOC.read_text(encoding="utf-8")
    named = _named_paths(text)
    assert len(named) > 30  # the document really walks through the code
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"docs/architecture.md names what is not there: {missing}"


def test_the_bare_file_names_it_uses_exist_in_their_package() -> None:
    """`package.py`, `toml_writer.py` and the like, named right after their package's modules."""
    text = DOC.read_text(encoding="utf-8")
    bare = set(re.findall(r"`(\w+\.py)`", text))
    files = {path.name for path in (ROOT / "kravtui").rglob("*.py")}
    assert not sorted(bare - files)
