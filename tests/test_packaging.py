"""The sample (catalogue, example selection, example answered files) ships inside the installed
package (a non-editable install works)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# One worker builds the wheel once for both tests (pytest-xdist, --dist loadgroup).
pytestmark = pytest.mark.xdist_group("wheel")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("kravtui-*.whl"))


def test_wheel_contains_the_sample_and_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "kravtui/_bundled/sample-catalogue.toml" in names
    assert "kravtui/_bundled/sample-selection.toml" in names
    with zipfile.ZipFile(wheel) as package:
        for name in ("leverandor-a.docx", "leverandor-b.xlsx"):
            shipped = package.read(f"kravtui/_bundled/sample-answers/{name}")
            assert shipped == (ROOT / "data" / "sample-answers" / name).read_bytes()
    assert any(name.endswith(".tcss") for name in names)


def test_installed_copy_initialises_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "KRAVTUI_LANG": "en"}
    script = (
        "import kravtui, sys; from kravtui.cli import main; "
        "print('FROM', kravtui.__file__); main(sys.argv[1:])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "init", "--db", "new.db"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout  # the installed copy, not the source tree
    listed = subprocess.run(
        [sys.executable, "-c", script, "list", "--json", "--db", "new.db"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.count('"uid"') >= 80
    copied = subprocess.run(  # the example answers come from the installed copy too
        [sys.executable, "-c", script, "answers", "sample", ".", "--db", "new.db", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"selection_in_catalogue": true' in copied.stdout
    for name in ("leverandor-a.docx", "leverandor-b.xlsx"):
        assert (elsewhere / name).read_bytes() == (
            ROOT / "data" / "sample-answers" / name
        ).read_bytes()
