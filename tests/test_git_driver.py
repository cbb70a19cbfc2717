"""kravtui as a git diff driver, configured as the README says, in a real temporary repository."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_catalogue_toml import GOLDEN as CATALOGUE_GOLDEN

SELECTION_GOLDEN = Path(__file__).parent / "golden" / "selection-small.toml"
ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "repo"
    folder.mkdir()
    kravtui = f"{shlex.quote(sys.executable)} -m kravtui"
    _git(folder, "init", "-q")
    # The README's two lines of git config and the .gitattributes line.
    _git(folder, "config", "diff.kravtui.command", f"{kravtui} diff --git")
    _git(folder, "config", "diff.kravtui.textconv", f"{kravtui} diff --textconv")
    (folder / ".gitattributes").write_text("exports/*.toml diff=kravtui\n", encoding="utf-8")
    (folder / "exports").mkdir()
    shutil.copy(SELECTION_GOLDEN, folder / "exports" / "esdh.toml")
    (folder / "exports" / "notes.toml").write_text('title = "not ours"\n', encoding="utf-8")
    _git(folder, "add", ".")
    _git(folder, "commit", "-q", "-m", "first export")
    return folder


def _git(repo: Path, *args: str, status: int = 0) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KRAVTUI_LANG": "en",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo.parent),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    env.pop("NO_COLOR", None)
    env.pop("GIT_PAGER_IN_USE", None)
    result = subprocess.run(
        ["git", "--no-pager", *args], cwd=repo, env=env, capture_output=True, text=True
    )
    assert result.returncode == status, result.stderr
    return result.stdout


def _edit(repo: Path) -> None:
    path = repo / "exports" / "esdh.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("Punkt 3: leverandøren", "Punkt 3: kommunen")
    text = text.replace(
        'importance = "high"\ncategory = "SIK"', 'importance = "absolute"\ncategory = "SIK"'
    )
    path.write_text(text, encoding="utf-8")


def test_git_diff_shows_the_semantic_diff(repo: Path) -> None:
    _edit(repo)
    out = _git(repo, "diff")
    assert "diff --kravtui a/exports/esdh.toml b/exports/esdh.toml" in out
    assert "~ requirement SIK-10: Kryptering under transport" in out
    assert "    importance: [-high-]{+absolute+}" in out
    assert "Punkt 3: [-leverandøren-]{+kommunen+} skal" in out
    assert "requirements: 1 changed" in out
    assert "@@" not in out  # no line diff for the export


def test_git_log_shows_it_too(repo: Path) -> None:
    _edit(repo)
    _git(repo, "commit", "-q", "-am", "raise SIK-10")
    ext = _git(repo, "log", "-p", "--ext-diff", "-1")
    assert "    importance: [-high-]{+absolute+}" in ext
    assert "requirements: 1 changed" in ext
    # Plain `git log -p` cannot run a command; it diffs the textconv form, field by field.
    plain = _git(repo, "log", "-p", "-1")
    assert "-item SIK-10 importance: high\n+item SIK-10 importance: absolute\n" in plain
    assert "+item SIK-10 description: Punkt 3: kommunen skal dokumentere" in plain
    shown = _git(repo, "show", "--ext-diff", "HEAD")
    assert "~ requirement SIK-10: Kryptering under transport" in shown


def test_added_and_deleted_files_and_files_that_are_not_ours(repo: Path) -> None:
    shutil.copy(CATALOGUE_GOLDEN, repo / "exports" / "catalogue.toml")
    (repo / "exports" / "notes.toml").write_text('title = "still not ours"\n', encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "catalogue")
    out = _git(repo, "log", "-p", "--ext-diff", "-1")
    assert "--- /dev/null\n+++ b/exports/catalogue.toml" in out
    assert "+ requirement SIK-2: To-faktor-login for administratorer" in out
    assert "+ category SIK: Sikkerhed og adgangsstyring" in out
    assert '-title = "not ours"\n+title = "still not ours"' in out  # a plain line diff
    _git(repo, "rm", "-q", "exports/esdh.toml")
    _git(repo, "commit", "-q", "-m", "remove")
    gone = _git(repo, "log", "-p", "--ext-diff", "-1")
    assert "- requirement SIK-10: Kryptering under transport" in gone
    assert "+++ /dev/null" in gone


def _set_importance(repo: Path, importance: str) -> None:
    """SIK-10's priority and the organisation: two conflicts far apart when both sides do it."""
    path = repo / "exports" / "esdh.toml"
    text = path.read_text(encoding="utf-8")
    old = 'importance = "high"\ncategory = "SIK"'
    assert old in text and 'organisation = "Eksempel Kommune"' in text
    text = text.replace(old, f'importance = "{importance}"\ncategory = "SIK"')
    text = text.replace('"Eksempel Kommune"', f'"{importance.title()} Kommune"')
    path.write_text(text, "utf-8")


@pytest.mark.parametrize("style", ["merge", "diff3", "zdiff3"])
def test_a_merge_conflict_shows_only_the_conflict(repo: Path, style: str) -> None:
    _git(repo, "checkout", "-q", "-b", "theirs")
    _set_importance(repo, "absolute")
    _git(repo, "commit", "-q", "-am", "absolute")
    _git(repo, "checkout", "-q", "-")
    _set_importance(repo, "optional")
    _git(repo, "commit", "-q", "-am", "optional")
    _git(repo, "-c", f"merge.conflictStyle={style}", "merge", "-q", "theirs", status=1)
    assert "<<<<<<< HEAD" in (repo / "exports" / "esdh.toml").read_text(encoding="utf-8")
    out = _git(repo, "diff")
    assert "diff --cc exports/esdh.toml" in out
    # Both versions between the markers, field by field; the rest of the file is not there.
    assert "++<<<<<<< HEAD\n +item SIK-10 importance: optional\n++=======\n" in out
    assert "+ item SIK-10 importance: absolute\n++>>>>>>> theirs\n" in out
    assert " +selection organisation: Optional Kommune\n++=======\n" in out
    assert "+ selection organisation: Absolute Kommune\n++>>>>>>> theirs\n" in out
    assert 'format = "kravtui/1"' not in out
    assert len(out.splitlines()) < 35, out


def test_textconv_of_a_conflict_it_cannot_split_is_the_file_escaped(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kravtui.cli import main

    broken = tmp_path / "notes.toml"
    broken.write_text(
        'title = "ours"\n<<<<<<< HEAD\nkey = "\x1b[2J"\n=======\nkey = 1\n', encoding="utf-8"
    )  # the conflict is never closed
    result = CliRunner().invoke(main, ["diff", "--textconv", str(broken)])
    assert result.exit_code == 0
    assert result.output == 'title = "ours"\n<<<<<<< HEAD\nkey = "\\x1b[2J"\n=======\nkey = 1\n'
