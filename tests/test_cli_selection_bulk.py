"""Bulk selection from the shell (issue 17): `selection add` and `selection remove` take uids on
standard input (``-``) and `list`'s search and facet filters, so ticking what a filter shows
needs no xargs.

Hostile input first: standard input that is a terminal, too large, not UTF-8 or full of control
characters; a filter naming a category the catalogue lacks; nothing named at all; a final
selection. Each is one line, and the selection is unchanged.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.db import open_catalogue, transaction
from kravtui.catalogue.requirements import get_requirement, write_contents
from kravtui.cli import main, requirement_choice


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert CliRunner().invoke(main, ["init", "--db", str(path)]).exit_code == 0
    assert run(path, "selection", "new", "ESDH").exit_code == 0
    return path


def run(db: Path, *args: str, stdin: str | bytes | None = None, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, *args, "--db", str(db)], input=stdin)


def listed(db: Path, *args: str) -> list[str]:
    result = run(db, "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return [row["uid"] for row in json.loads(result.stdout)]


def ticked(db: Path) -> list[str]:
    return listed(db, "--ticked", "ESDH")


def assert_refused(result: Result, text: str) -> None:
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert text in lines[0]
    assert "\x1b" not in result.output
    assert "Traceback" not in result.output


# --- hostile input ------------------------------------------------------------------------------


def test_nothing_named_is_a_usage_error_and_ticks_nothing(db: Path) -> None:
    result = run(db, "selection", "add", "ESDH")
    assert result.exit_code == 2
    assert "--search" in result.output and "standard input" in result.output
    assert ticked(db) == []


def test_blank_search_words_are_no_filter(db: Path) -> None:
    assert run(db, "selection", "add", "ESDH", "--search", "   ").exit_code == 2
    assert ticked(db) == []


def test_standard_input_that_is_a_terminal_is_refused_before_waiting_on_it(db: Path) -> None:
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(SystemExit):
        requirement_choice.typed_uids(["-"], Terminal(b"SIK-001\n"))


def test_too_much_on_standard_input_is_refused(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(requirement_choice, "STDIN_LIMIT_BYTES", 100)
    result = run(db, "selection", "add", "ESDH", "-", stdin="SIK-001\n" * 20)
    assert_refused(result, "larger than")
    assert ticked(db) == []


def test_standard_input_that_is_not_utf8_is_refused(db: Path) -> None:
    result = run(db, "selection", "add", "ESDH", "-", stdin=b"SIK-001\n\xff\xfeSIK-002\n")
    assert_refused(result, "not UTF-8")
    assert ticked(db) == []


def test_control_and_bidi_characters_on_standard_input_never_reach_the_terminal(db: Path) -> None:
    result = run(db, "selection", "add", "ESDH", "-", stdin="SIK-001\n\x1b[2J\u202eEVIL\n")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\\x1b" in result.output
    assert ticked(db) == ["SIK-001"]  # the known one is ticked, as with uids typed


def test_an_unknown_category_is_one_line_and_ticks_nothing(db: Path) -> None:
    result = run(db, "selection", "add", "ESDH", "SIK-001", "--category", "NOPE\x1b")
    assert_refused(result, "unknown category")
    assert ticked(db) == []


def test_a_final_selection_is_not_changed_by_a_filter(db: Path) -> None:
    assert run(db, "selection", "add", "ESDH", "SIK-001").exit_code == 0
    assert run(db, "selection", "finalise", "ESDH").exit_code == 0
    result = run(db, "selection", "add", "ESDH", "--category", "LOG")
    assert result.exit_code != 0
    assert ticked(db) == ["SIK-001"]


def test_many_unknown_uids_are_counted_not_all_named(db: Path) -> None:
    unknown = "\n".join(f"NOPE-{n}" for n in range(500))
    result = run(db, "selection", "add", "ESDH", "-", stdin=unknown)
    assert result.exit_code == 1
    assert "and 490 more" in result.output
    assert len(result.output) < 400


# --- what it does -------------------------------------------------------------------------------


def test_a_filter_ticks_exactly_what_list_shows_with_it(db: Path) -> None:
    expected = listed(db, "--search", "log", "--category", "SIK")
    assert expected  # the sample has some
    result = run(db, "selection", "add", "ESDH", "--search", "log", "--category", "SIK")
    assert result.exit_code == 0, result.output
    assert f"Ticked {len(expected)}" in result.output
    assert ticked(db) == expected


def test_facets_combine_as_in_list(db: Path) -> None:
    args = ("--category", "sikkerhed og adgangsstyring", "--priority", "Mindstekrav")
    expected = listed(db, *args)
    assert run(db, "selection", "add", "ESDH", *args).exit_code == 0
    assert ticked(db) == expected
    assert set(expected) < set(listed(db, "--category", "SIK"))


def test_list_piped_into_add_ticks_its_lines(db: Path) -> None:
    lines = subprocess.run(
        [sys.executable, "-m", "kravtui", "--db", str(db), "list", "--search", "adgang"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "\t" in lines  # tab-separated lines, as into any pipe
    assert run(db, "selection", "add", "ESDH", "-", stdin=lines).exit_code == 0
    assert ticked(db) == listed(db, "--search", "adgang")


def test_uids_on_standard_input_in_any_layout(db: Path) -> None:
    stdin = "\ufeffsik-001 SIK-002\r\n\n  LOG-001\t(anything after a tab)\nSIK-001\n"
    result = run(db, "selection", "add", "ESDH", "ARK-001", "-", stdin=stdin)
    assert result.exit_code == 0, result.output
    assert "Ticked 4" in result.output
    assert set(ticked(db)) == {"ARK-001", "SIK-001", "SIK-002", "LOG-001"}


def test_a_filter_never_ticks_a_deleted_requirement(db: Path) -> None:
    with open_catalogue(db) as conn, transaction(conn):
        current = get_requirement(conn, "SIK-001")
        assert current is not None
        write_contents(conn, [current.content.with_changes(deleted=True)])
    assert run(db, "selection", "add", "ESDH", "--category", "SIK").exit_code == 0
    assert "SIK-001" not in ticked(db)
    assert ticked(db) == listed(db, "--category", "SIK")


def test_remove_takes_a_filter_and_standard_input(db: Path) -> None:
    assert (
        run(db, "selection", "add", "ESDH", "--category", "SIK", "--category", "LOG").exit_code == 0
    )
    assert run(db, "selection", "remove", "ESDH", "--category", "LOG").exit_code == 0
    assert ticked(db) == listed(db, "--category", "SIK")
    assert run(db, "selection", "remove", "ESDH", "-", stdin="SIK-001\nSIK-002\n").exit_code == 0
    assert ticked(db) == [
        uid for uid in listed(db, "--category", "SIK") if uid not in {"SIK-001", "SIK-002"}
    ]


def test_danish_messages(db: Path) -> None:
    result = run(db, "selection", "add", "ESDH", lang="da")
    assert "standard input" in result.output and "filter" in result.output
    result = run(db, "selection", "add", "ESDH", "--category", "SIK", lang="da")
    assert f"Valgte {len(listed(db, '--category', 'SIK'))} krav" in result.output
