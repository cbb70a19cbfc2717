"""The headless CLI: init, list, show, export/import, selection commands, errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui import __version__
from kravtui.cli import main


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    result = CliRunner().invoke(main, ["init", "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def test_version_and_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kravtui", "--version"], capture_output=True, text=True, check=True
    )
    assert __version__ in result.stdout


def test_init_refuses_to_overwrite(db: Path) -> None:
    before = db.read_bytes()
    result = run("init", "--db", str(db))
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert db.read_bytes() == before


def test_init_empty_has_no_requirements(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    assert run("init", "--empty", "--db", str(path)).exit_code == 0
    listed = run("list", "--json", "--db", str(path))
    assert json.loads(listed.output) == []


def test_a_missing_catalogue_is_created_from_the_sample(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "first.db"
    result = run("--db", str(path), "list", "--json")
    assert result.exit_code == 0
    assert path.exists()
    assert len(json.loads(result.stdout)) >= 80


def test_db_from_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAVTUI_DB", str(db))
    result = run("show", "SIK-001", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["uid"] == "SIK-001"


def test_list_finds_substrings_and_filters(db: Path) -> None:
    found = json.loads(run("list", "--db", str(db), "--search", "krypt", "--json").output)
    uids = {row["uid"] for row in found}
    assert {"SIK-007", "SIK-008"} <= uids  # "Kryptering af data under transport / i hvile"
    assert "ARK-001" not in uids
    for uid in uids:  # every hit has the word somewhere in its searchable text
        shown = json.loads(run("show", uid, "--db", str(db), "--json").output)
        text = " ".join(shown[f] for f in ("title", "description", "rationale", "help_text"))
        assert "krypt" in text.lower()
    absolute = json.loads(
        run("list", "--db", str(db), "--priority", "Mindstekrav", "--json").output
    )
    assert absolute and {row["priority"] for row in absolute} == {"absolute"}
    security = json.loads(run("list", "--db", str(db), "--category", "SIK", "--json").output)
    assert security and {row["category"] for row in security} == {"SIK"}
    piped = run("list", "--db", str(db), "--category", "SIK").output.splitlines()
    assert [line.split("\t")[0] for line in piped] == [row["uid"] for row in security]


def test_show_prints_every_text_field(db: Path) -> None:
    data = json.loads(run("show", "SIK-001", "--db", str(db), "--json").output)
    result = run("show", "sik-001", "--db", str(db))
    assert result.exit_code == 0
    for field in ("title", "description", "rationale"):
        assert data[field].split()[0] in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "NOPE-999"), "no requirement NOPE-999"),
        (("list", "--category", "Nope"), "unknown category"),
    ],
)
def test_errors_are_one_line_with_exit_1(db: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--db", str(db))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_usage_errors_exit_2(db: Path) -> None:
    assert run("list", "--priority", "urgent", "--db", str(db)).exit_code == 2
    assert run("frobnicate").exit_code == 2


def test_not_a_catalogue_is_a_clean_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello")
    result = run("list", "--db", str(bogus))
    assert result.exit_code == 1
    assert "not a kravtui catalogue" in result.output


def test_export_import_round_trip_and_refused_import(db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "katalog.toml"
    assert run("export", "catalogue", "-o", str(exported), "--db", str(db)).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    assert text.startswith("# kravtui catalogue")
    again = run("import", str(exported), "--db", str(db))
    assert again.exit_code == 0
    assert "0 new, 0 changed" in again.output
    broken = tmp_path / "broken.toml"
    broken.write_text(text.replace('importance = "high"', 'importance = "urgent"', 1))
    refused = run("import", str(broken), "--db", str(db))
    assert refused.exit_code == 1
    assert "broken.toml:" in refused.output and "urgent" in refused.output
    second = tmp_path / "second.toml"
    run("export", "catalogue", "-o", str(second), "--db", str(db))
    assert second.read_bytes() == exported.read_bytes()


def test_read_only_refuses_import(db: Path, tmp_path: Path) -> None:
    exported = tmp_path / "k.toml"
    run("export", "catalogue", "-o", str(exported), "--db", str(db))
    result = CliRunner().invoke(main, ["--read-only", "import", str(exported), "--db", str(db)])
    assert result.exit_code == 1


def test_config_path_honours_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    result = run("config", "path")
    assert result.output.strip() == str(tmp_path / "cfg" / "config.toml")


def test_danish_output(db: Path) -> None:
    result = CliRunner().invoke(main, ["--lang", "da", "show", "NOPE-1", "--db", str(db)])
    assert "intet krav med nummeret NOPE-1" in result.output


def test_selection_workflow(db: Path) -> None:
    new = run("selection", "new", "Nyt ESDH", "--domain", "Økonomi", "--db", str(db))
    assert new.exit_code == 0, new.output
    assert run("selection", "add", "nyt esdh", "SIK-001", "SIK-002", "--db", str(db)).exit_code == 0
    answered = run("selection", "answer", "Nyt ESDH", "Persondata=yes", "--db", str(db))
    assert answered.exit_code == 0, answered.output
    assert " proposed" in answered.output
    shown = json.loads(run("selection", "show", "Nyt ESDH", "--json", "--db", str(db)).output)
    uids = [item["uid"] for item in shown["items"]]
    assert {"SIK-001", "SIK-002"} <= set(uids)
    assert shown["answers"] == {"Persondata": "yes"}
    assert all(item["why"] for item in shown["items"])
    assert run("selection", "remove", "Nyt ESDH", "SIK-002", "--db", str(db)).exit_code == 0
    by_id = str(shown["id"])  # the sample's example selection is 1
    shown = json.loads(run("selection", "show", by_id, "--json", "--db", str(db)).output)
    assert "SIK-002" not in [item["uid"] for item in shown["items"]]
    listed = json.loads(run("selection", "list", "--json", "--db", str(db)).output)
    assert listed[0]["title"] == "Nyt ESDH" and listed[0]["ticked"] == len(shown["items"])
    assert run("selection", "finalise", "Nyt ESDH", "--db", str(db)).exit_code == 0
    refused = run("selection", "add", "Nyt ESDH", "SIK-003", "--db", str(db))
    assert refused.exit_code == 1 and "final" in refused.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("selection", "show", "Ukendt"), 1),
        (("selection", "answer", "X", "Persondata"), 2),
        (("selection", "new", "X", "--domain", "Ukendt"), 1),
    ],
)
def test_selection_errors(db: Path, args: tuple[str, ...], code: int) -> None:
    result = run(*args, "--db", str(db))
    assert result.exit_code == code
    assert "Traceback" not in result.output
