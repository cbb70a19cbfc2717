"""The sample ships the whole market dialogue: a new catalogue holds the example selection
"Eksempel ESDH", `kravtui answers sample FOLDER` copies two vendors' answered files (a DOCX and
an XLSX answer sheet), and the commands it prints import them with the report the example is
made to show. The files are made by `scripts/make_sample_answers.py`: running it again gives
them byte for byte.

`answers sample` refuses, in one line with nothing copied, a folder that is not one (missing, a
file, a FIFO, the catalogue itself), a read-only folder, and in the folder a FIFO, a read-only
file, the catalogue or another file of the same name (`--force` replaces the last only).
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.vocabulary import Importance
from kravtui.cli import main
from kravtui.interchange.sample import (
    SAMPLE_ANSWERS,
    SAMPLE_SELECTION_TIME,
    SAMPLE_SELECTION_TITLE,
    create_from_sample,
    sample_answers_folder,
)
from kravtui.selection.items import list_items
from kravtui.selection.store import find_selection

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "data" / "sample-answers"
NAMES = [answer.file_name for answer in SAMPLE_ANSWERS]


def run(db: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, "--db", str(db), *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "katalog" / "c.db"
    path.parent.mkdir()
    assert run(path, "init").exit_code == 0
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "svar"
    folder.mkdir()
    return folder


def refused(result: Result, text: str) -> None:
    assert result.exit_code == 1, result.output
    assert text in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- the target folder, hostile first ---------------------------------------------------------


def test_a_path_that_is_no_folder_is_refused(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    plain = tmp_path / "notes.txt"
    plain.write_text("mine\n")
    for path, text in (
        (tmp_path / "missing", "there is no folder"),
        (plain, "not a folder"),
        (fifo, "not a folder"),
        (db, "not a folder"),  # the catalogue itself
    ):
        refused(run(db, "answers", "sample", str(path)), text)
    assert plain.read_text() == "mine\n"
    hostile = run(db, "answers", "sample", str(tmp_path / "ny\x1b[2J\u202emappe"))
    refused(hostile, "there is no folder")
    assert "\x1b" not in hostile.output and "\u202e" not in hostile.output


def test_a_read_only_folder_is_refused(db: Path, out: Path) -> None:
    out.chmod(0o555)
    try:
        refused(run(db, "answers", "sample", str(out)), "is read-only")
        assert contents(out) == {}
    finally:
        out.chmod(0o755)


def test_what_the_folder_holds_under_the_names_is_never_replaced_silently(
    db: Path, out: Path
) -> None:
    (out / NAMES[1]).write_bytes(b"my own sheet")
    refused(run(db, "answers", "sample", str(out)), "holds something else; nothing was copied")
    assert contents(out) == {NAMES[1]: b"my own sheet"}  # the first file was not copied either
    assert "--force replaces it" in run(db, "answers", "sample", str(out)).stderr
    replaced = run(db, "answers", "sample", str(out), "--force")
    assert replaced.exit_code == 0, replaced.output
    assert "(copied)" in replaced.stdout and "(replaced)" in replaced.stdout
    assert contents(out) == {name: (SHIPPED / name).read_bytes() for name in NAMES}
    again = run(db, "answers", "sample", str(out))
    assert again.exit_code == 0 and again.stdout.count("(already there)") == 2


@pytest.mark.parametrize("kind", ["fifo", "read-only file", "the catalogue", "a database"])
def test_a_name_in_the_folder_that_must_not_be_written_is_refused_even_with_force(
    db: Path, out: Path, kind: str
) -> None:
    target = out / NAMES[1]
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "read-only file":
        target.write_bytes(b"x")
        target.chmod(0o444)
    elif kind == "the catalogue":
        target.symlink_to(db)
    else:
        target.write_bytes(db.read_bytes())
    before = db.read_bytes()
    result = run(db, "answers", "sample", str(out), "--force")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.output
    assert not (out / NAMES[0]).exists()  # nothing copied
    assert db.read_bytes() == before


# --- the files --------------------------------------------------------------------------------


def test_regenerating_the_example_files_gives_the_shipped_bytes(tmp_path: Path) -> None:
    made = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_answers.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert made.returncode == 0, made.stderr
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), (
            f"{name} differs: run python3 scripts/make_sample_answers.py and commit data/"
        )
    assert sorted(p.name for p in sample_answers_folder().iterdir()) == sorted(NAMES)


def test_a_new_catalogue_holds_the_example_selection(tmp_path: Path) -> None:
    conn = create_from_sample(tmp_path / "c.db")
    try:
        selection = find_selection(conn, SAMPLE_SELECTION_TITLE)
        assert (selection.id, selection.version) == (1, 1)
        assert selection.created_at == selection.updated_at == SAMPLE_SELECTION_TIME
        assert selection.info.prices_requested and selection.info.priority_enabled
        items = list_items(conn, selection.id)
        minimum = [item.uid for item in items if item.snapshot.importance is Importance.ABSOLUTE]
        others = {item.snapshot.importance for item in items} - {Importance.ABSOLUTE}
        assert len(minimum) >= 3 and others == {
            Importance.HIGH,
            Importance.NORMAL,
            Importance.OPTIONAL,
        }
        info = conn.execute(
            "SELECT count(*) FROM selection_item i JOIN requirement r ON r.id = i.requirement_id "
            "WHERE i.selection_id = ? AND r.info_requirement = 1",
            (selection.id,),
        ).fetchone()[0]
        assert info >= 1
    finally:
        conn.close()


def test_the_printed_commands_import_both_files_with_the_example_report(
    db: Path, out: Path
) -> None:
    copied = run(db, "answers", "sample", str(out))
    assert copied.exit_code == 0, copied.output
    commands = [shlex.split(line) for line in copied.stdout.splitlines() if line.startswith("  ")]
    assert [words[:4] for words in commands] == [
        ["kravtui", "answers", "import", SAMPLE_SELECTION_TITLE]
    ] * 2
    reports = []
    for words in commands:
        result = run(db, *words[1:])
        assert result.exit_code == 0, result.output
        reports.append(result.stdout.splitlines())
    assert reports[0] == [
        "Imported leverandor-a.docx for Leverandør A: answered 16 of 16",
        "Every requirement is answered, with the elaborations and prices it needs",
    ]
    assert reports[1] == [
        "Imported leverandor-b.xlsx for Leverandør B: answered 16 of 16",
        "Elaboration missing (1): DATA-005",
        "Price missing for an add-on (1): LOG-002",
    ]
    listed = json.loads(run(db, "answers", "list", SAMPLE_SELECTION_TITLE, "--json").stdout)
    assert [(v["vendor"], v["fails_minimum"]) for v in listed] == [
        ("Leverandør A", ["SIK-002"]),
        ("Leverandør B", []),
    ]
    shown = run(db, "answers", "show", SAMPLE_SELECTION_TITLE, "Leverandør A", "--json")
    answers = {a["uid"]: a for a in json.loads(shown.stdout)["answers"]}
    assert answers["SIK-002"]["choice"] == "no"
    partial = answers["ARK-001"]
    assert partial["choice"] == "yes_partial" and partial["elaboration"]
    assert (answers["BRU-004"]["choice"], answers["BRU-004"]["price"]) == (
        "yes_addon",
        "45.000 kr.",
    )
    differs = run(
        db, "answers", "show", SAMPLE_SELECTION_TITLE, "Leverandør B", "--filter", "different"
    )
    assert differs.exit_code == 0 and "SIK-002" in differs.stdout


def test_a_catalogue_without_the_example_selection_is_told_so(tmp_path: Path, out: Path) -> None:
    db = tmp_path / "empty.db"
    assert run(db, "init", "--empty").exit_code == 0
    result = run(db, "answers", "sample", str(out), lang="da")
    assert result.exit_code == 0, result.output
    assert "Kataloget har ingen kravspecifikation 'Eksempel ESDH'" in result.stdout
    assert "kravtui answers import" not in result.stdout
    assert sorted(contents(out)) == sorted(NAMES)
