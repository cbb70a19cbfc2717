"""Answers files in git, with kravtui as the diff driver as the README configures it, in a real
temporary repository: one changed verdict is one changed line, shown by meaning."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kravtui.answers.assessments import assess, choose_winner
from kravtui.answers.records import Status
from kravtui.answers.store import find_vendor
from kravtui.cli import main
from tests.answers_dialogue import answered_dialogue, pin_times
from tests.test_git_driver import _git, pytestmark  # noqa: F401  (needs git)
from tests.test_git_driver import repo as repo  # the README's configuration


@pytest.fixture
def dialogue(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection, int]]:
    path = tmp_path / "c.db"
    conn, selection_id = answered_dialogue(path)
    yield path, conn, selection_id
    conn.close()


def _export(db: Path, target: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(db), "answers", "report", "1", str(target)])
    assert result.exit_code == 0, result.output


def _committed(repo: Path, db: Path) -> Path:
    target = repo / "exports" / "svar.toml"
    _export(db, target)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "answers")
    return target


def test_a_changed_status_is_one_changed_line_and_one_field_in_git(
    repo: Path, dialogue: tuple[Path, sqlite3.Connection, int]
) -> None:
    db, conn, selection_id = dialogue
    target = _committed(repo, db)
    assess(conn, selection_id, find_vendor(conn, "Beta ApS"), ["SIK-1"], Status.REJECTED)
    pin_times(conn)
    _export(db, target)
    # The file itself: the status line changed, the new verdict appended.
    lines = _git(repo, "diff", "--no-ext-diff", "--no-textconv", "-U0").splitlines()
    assert [line for line in lines if line.startswith("-") and not line.startswith("---")] == [
        '-status = "none"'
    ]
    assert '+status = "rejected"' in lines
    assert '+[[vendor."Beta ApS".item.SIK-1.assessment]]' in lines
    # By meaning, through the driver: one answer, one field.
    out = _git(repo, "diff")
    assert "diff --kravtui a/exports/svar.toml b/exports/svar.toml" in out
    assert "~ answer SIK-1 (Beta ApS)\n    status: [-none-]{+rejected+}\nanswers: 1 changed" in out
    assert "@@" not in out
    # Plain `git log -p` diffs the textconv form: the lines name the vendor and the uid.
    _git(repo, "commit", "-q", "-am", "reject")
    plain = _git(repo, "log", "-p", "-1")
    assert "-answer Beta ApS SIK-1 status: none\n+answer Beta ApS SIK-1 status: rejected\n" in plain
    assert "+answer Beta ApS SIK-1 history: 2025-03-04T10:00:00Z indkob: rejected (#2)" in plain
    ext = _git(repo, "show", "--ext-diff", "HEAD")
    assert "    status: [-none-]{+rejected+}" in ext


def test_a_new_winner_and_an_added_file_in_git(
    repo: Path, dialogue: tuple[Path, sqlite3.Connection, int]
) -> None:
    db, conn, selection_id = dialogue
    target = _committed(repo, db)
    added = _git(repo, "log", "-p", "--ext-diff", "-1")
    assert "--- /dev/null\n+++ b/exports/svar.toml" in added
    assert "+ answer SIK-1 (Firma A/S)" in added
    choose_winner(conn, selection_id, find_vendor(conn, "Beta ApS"))
    _export(db, target)
    lines = _git(repo, "diff", "--no-ext-diff", "--no-textconv", "-U0").splitlines()
    assert [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")] == [
        '-winner = "Firma A/S"',
        '+winner = "Beta ApS"',
    ]
    assert "    winner: [-Firma A/S-]{+Beta ApS+}" in _git(repo, "diff")
