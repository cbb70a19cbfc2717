"""A response deadline before today: `judge_deadline` with an injected clock, the services
(saved with a warning, refused at finalise unless allowed), and the CLI as the officer meets it
(`selection new|edit --deadline` warn on stderr and save; `finalise` refuses in one line unless
`--allow-past-deadline`), through CliRunner and one real process.

"Today" is 2026-06-15 in every test here (the module's `today` is replaced), except in the
subprocess test, which uses dates far from any real today.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.cli import main
from kravtui.selection import deadline as deadline_module
from kravtui.selection.deadline import DeadlineState, judge_deadline, parse_deadline
from kravtui.selection.records import SelectionInfo, Status
from kravtui.selection.store import (
    DeadlinePassedError,
    SelectionError,
    create_selection,
    finalise,
    get_selection,
    update_info,
)

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setattr(deadline_module, "today", lambda: TODAY)
    return TODAY


# --- the rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "state", "stored"),
    [
        ("", DeadlineState.NONE, ""),
        ("   ", DeadlineState.NONE, ""),
        ("2026-06-15", DeadlineState.OK, "2026-06-15"),  # today is not past
        ("2026-06-14", DeadlineState.PAST, "2026-06-14"),
        ("2027-03-01", DeadlineState.OK, "2027-03-01"),
        (" 2027-03-01 ", DeadlineState.OK, "2027-03-01"),
        ("01-03-2027", DeadlineState.OK, "2027-03-01"),  # Danish, day first
        ("01.03.2027", DeadlineState.OK, "2027-03-01"),
        ("1.3.2027", DeadlineState.OK, "2027-03-01"),
        ("14.06.2026", DeadlineState.PAST, "2026-06-14"),
        ("2027-3-1", DeadlineState.INVALID, "2027-3-1"),
        ("20270301", DeadlineState.INVALID, "20270301"),  # fromisoformat takes it; we do not
        ("2027-W09-1", DeadlineState.INVALID, "2027-W09-1"),
        ("01/03/2027", DeadlineState.INVALID, "01/03/2027"),
        ("01.03-2027", DeadlineState.INVALID, "01.03-2027"),  # mixed separators
        ("2027-02-30", DeadlineState.INVALID, "2027-02-30"),
        ("31.13.2027", DeadlineState.INVALID, "31.13.2027"),
        ("tomorrow", DeadlineState.INVALID, "tomorrow"),
        ("２０２７-03-01", DeadlineState.INVALID, "２０２７-03-01"),  # fullwidth digits
    ],
)
def test_judge_deadline(text: str, state: DeadlineState, stored: str) -> None:
    judgement = judge_deadline(text)
    assert judgement.state is state
    assert judgement.stored == stored


def test_judge_deadline_on_another_day() -> None:
    assert judge_deadline("2026-06-14", on=date(2026, 6, 1)).state is DeadlineState.OK
    assert parse_deadline("29.02.2028") == date(2028, 2, 29)
    assert parse_deadline("29.02.2027") is None


# --- the services -----------------------------------------------------------------------------


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    """A new catalogue on each engine in turn."""
    connection = create_catalogue(catalogue_location)
    yield connection
    connection.close()


def test_a_past_deadline_is_saved_and_refused_at_finalise(conn: Connection) -> None:
    created = create_selection(conn, SelectionInfo("Udbud", deadline="1.3.2026"))
    assert created.info.deadline == "2026-03-01"
    with pytest.raises(DeadlinePassedError, match="2026-03-01 is before today"):
        finalise(conn, created.id)
    assert get_selection(conn, created.id).status is Status.DRAFT
    done = finalise(conn, created.id, allow_past_deadline=True)
    assert done.status is Status.FINAL


def test_a_deadline_that_is_not_a_date_is_refused_and_nothing_changes(
    conn: Connection,
) -> None:
    with pytest.raises(SelectionError, match="'next week' is not a date"):
        create_selection(conn, SelectionInfo("Udbud", deadline="next week"))
    assert conn.execute("SELECT count(*) FROM selection").fetchone()[0] == 0
    created = create_selection(conn, SelectionInfo("Udbud", deadline="2027-01-31"))
    with pytest.raises(SelectionError, match="not a date"):
        update_info(conn, created.id, SelectionInfo("Udbud", deadline="31-31-2027"))
    assert get_selection(conn, created.id).info.deadline == "2027-01-31"


def test_a_stored_deadline_that_is_not_a_date_is_refused_at_finalise(
    conn: Connection,
) -> None:
    created = create_selection(conn, SelectionInfo("Udbud"))
    conn.execute("UPDATE selection SET deadline = 'snart' WHERE id = ?", (created.id,))
    for allowed in (False, True):
        with pytest.raises(SelectionError, match="'snart' is not a date") as refused:
            finalise(conn, created.id, allow_past_deadline=allowed)
        assert not isinstance(refused.value, DeadlinePassedError)  # no hint to allow it
    assert get_selection(conn, created.id).status is Status.DRAFT


def test_no_deadline_and_today_finalise(conn: Connection) -> None:
    for deadline in ("", "2026-06-15"):
        created = create_selection(conn, SelectionInfo(f"Udbud {deadline}", deadline=deadline))
        assert finalise(conn, created.id).status is Status.FINAL


# --- the CLI ----------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert CliRunner().invoke(main, ["init", "--db", str(path)]).exit_code == 0
    return path


def run(db: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, *args, "--db", str(db)])


def _shown(db: Path, name: str) -> dict[str, object]:
    result = run(db, "selection", "show", name, "--json")
    assert result.exit_code == 0, result.output
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def test_the_officers_day_with_a_past_deadline(db: Path) -> None:
    created = run(db, "selection", "new", "ESDH", "--deadline", "2026-06-01")
    assert created.exit_code == 0, created.output
    assert created.stdout == "Created selection 2: ESDH\n"  # 1 is the sample's example
    assert created.stderr.count("\n") == 1
    assert created.stderr.startswith("kravtui: warning: the response deadline 2026-06-01")
    assert _shown(db, "ESDH")["deadline"] == "2026-06-01"
    assert _shown(db, "ESDH")["deadline_state"] == "past"

    refused = run(db, "selection", "finalise", "ESDH")
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1
    assert "2026-06-01 is before today" in refused.stderr
    assert "--allow-past-deadline" in refused.stderr
    assert _shown(db, "ESDH")["status"] == "draft"

    edited = run(db, "selection", "edit", "ESDH", "--deadline", "01.07.2026")
    assert edited.exit_code == 0, edited.output
    assert edited.stderr == ""
    assert _shown(db, "ESDH")["deadline"] == "2026-07-01"
    finalised = run(db, "selection", "finalise", "ESDH")
    assert finalised.exit_code == 0, finalised.output
    assert _shown(db, "ESDH")["status"] == "final"


def test_finalise_with_allow_past_deadline(db: Path) -> None:
    run(db, "selection", "new", "ESDH", "--deadline", "2020-01-01")
    done = run(db, "selection", "finalise", "ESDH", "--allow-past-deadline")
    assert done.exit_code == 0, done.output
    assert _shown(db, "ESDH")["status"] == "final"


def test_edit_to_a_past_deadline_warns_and_saves(db: Path) -> None:
    run(db, "selection", "new", "ESDH")
    edited = run(db, "selection", "edit", "ESDH", "--deadline", "14-06-2026", lang="da")
    assert edited.exit_code == 0, edited.output
    assert edited.stderr.startswith("kravtui: advarsel: svarfristen 2026-06-14 er før i dag")
    shown = run(db, "selection", "show", "ESDH", lang="da").stdout
    assert "Svarfrist: 2026-06-14 (før i dag)" in shown


@pytest.mark.parametrize("command", ["new", "edit"])
@pytest.mark.parametrize("value", ["tomorrow", "2026-02-30", "2026-06-01\x1b[2J"])
def test_a_deadline_that_is_not_a_date_is_one_line_and_changes_nothing(
    db: Path, command: str, value: str
) -> None:
    if command == "edit":
        run(db, "selection", "new", "ESDH", "--deadline", "2027-01-01")
    before = db.read_bytes()
    args = ["new", "Andet"] if command == "new" else ["edit", "ESDH"]
    result = run(db, "selection", *args, "--deadline", value)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("kravtui: error: ")
    assert "\x1b" not in result.stderr
    assert db.read_bytes() == before


def test_a_past_deadline_from_the_shell(tmp_path: Path) -> None:
    """The real program: warning on stderr at entry, one-line refusal at finalise."""
    path = tmp_path / "c.db"

    def kravtui(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kravtui", "--lang", "da", *args, "--db", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    assert kravtui("init").returncode == 0
    created = kravtui("selection", "new", "ESDH", "--deadline", "01.03.2001")
    assert created.returncode == 0, created.stderr
    assert created.stderr.startswith("kravtui: advarsel: svarfristen 2001-03-01 er før i dag")
    refused = kravtui("selection", "finalise", "ESDH")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
    assert "svarfristen 2001-03-01 er før i dag" in refused.stderr
    assert kravtui("selection", "edit", "ESDH", "--deadline", "2999-12-31").returncode == 0
    done = kravtui("selection", "finalise", "ESDH")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ESDH er endelig\n"
