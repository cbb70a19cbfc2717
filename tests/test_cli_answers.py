"""`kravtui answers import|list|show|assess|winner`: bad input is one line with nothing changed
and nothing a vendor wrote printed raw; the report, the comparison, one vendor's answers, the
assessments and the winner, in words and as JSON."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from kravtui.cli import main
from tests.answers_helpers import dialogue_catalogue

SELECTION = "Nyt ESDH"


def run(db: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, "--db", str(db), *args])


def one_line_error(result: Result, text: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and text in result.stderr, result.stderr
    assert "Traceback" not in result.output


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    conn, _ = dialogue_catalogue(path)
    conn.close()
    return path


@pytest.fixture
def sheet(db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "svar.xlsx"
    result = run(db, "export", "selection", SELECTION, "--format", "answer-sheet", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def filled(sheet: Path, out: Path, answers: dict[int, tuple[object, object, object]]) -> Path:
    workbook = load_workbook(sheet)
    for row, values in answers.items():
        for column, value in zip((5, 6, 7), values, strict=True):
            workbook.worksheets[0].cell(row=row, column=column).value = value
    workbook.save(out)
    return out


HOSTILE = "Se\u202e bilag\nlinje to"
ROWS: dict[int, tuple[object, object, object]] = {
    2: ("Nej", None, None),  # SIK-1, a minimum requirement
    3: ("Ja, delvist", HOSTILE, None),  # SIK-2
    4: ("Ja, som tilkøb", None, "12.500 kr."),  # LOG-1
    5: ("Ja", None, None),  # ARK-1
}


def stored(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM answer_set").fetchone()[0])
    finally:
        conn.close()


# --- bad input --------------------------------------------------------------------------------


def _comments(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT uid, status, comment FROM answer_assessment ORDER BY id")
        return [(str(uid), str(status), str(comment)) for uid, status, comment in rows]
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("Se\x1b[2J her", "U+001B"),
        ("x" * 10_001, "at most 10000"),
        ("", "'Accepted with comment' needs a comment"),
        ("  \n ", "'Accepted with comment' needs a comment"),
    ],
)
def test_a_bad_comment_is_one_line_and_nothing_changes(
    db: Path, sheet: Path, comment: str, message: str
) -> None:
    assert run(db, "answers", "import", SELECTION, "Firma", str(sheet)).exit_code == 0
    args = ("answers", "assess", SELECTION, "Firma", "accepted_with_comment", "SIK-1")
    result = run(db, *args, "--comment", comment)
    one_line_error(result, message)
    assert "\x1b" not in result.output and _comments(db) == []


def test_assess_without_comment_keeps_it_and_an_empty_comment_clears_it(
    db: Path, sheet: Path
) -> None:
    assert run(db, "answers", "import", SELECTION, "Firma", str(sheet)).exit_code == 0
    assess = ("answers", "assess", SELECTION, "Firma")
    assert run(db, *assess, "rejected", "SIK-1", "--comment", "Hvorfor?").exit_code == 0
    assert run(db, *assess, "elaboration_needed", "SIK-1").exit_code == 0
    assert _comments(db)[-1] == ("SIK-1", "elaboration_needed", "Hvorfor?")
    assert run(db, *assess, "accepted_with_comment", "SIK-1").exit_code == 0  # it has one
    assert _comments(db)[-1] == ("SIK-1", "accepted_with_comment", "Hvorfor?")
    assert run(db, *assess, "accepted", "SIK-1", "--comment", "").exit_code == 0
    assert _comments(db)[-1] == ("SIK-1", "accepted", "")
    shown = json.loads(run(db, "answers", "show", SELECTION, "Firma", "SIK-1", "--json").stdout)
    assert [entry["comment"] for entry in shown["history"]] == [
        "",
        "Hvorfor?",
        "Hvorfor?",
        "Hvorfor?",
    ]


def test_a_hostile_vendor_name_is_one_escaped_line(db: Path, sheet: Path) -> None:
    result = run(db, "answers", "import", SELECTION, "Firma\x1b[2J\u202e", str(sheet))
    one_line_error(result, "U+001B")
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert stored(db) == 0


@pytest.mark.parametrize(
    ("name", "content", "text"),
    [
        ("svar.docx", b"PK\x03\x04", "not an XLSX or DOCX file, or a damaged one"),
        ("svar.docm", b"PK\x03\x04", "holds macros"),
        ("svar.xlsm", b"PK\x03\x04", "holds macros"),
        ("svar.xlsx", b"PK\x03\x04 broken", "not an XLSX or DOCX file, or a damaged one"),
        ("svar.csv", b"SIK-1;Ja\n", "answers are read from a .docx requirement specification"),
        ("line\nbreak\u202e.xlsx", b"x", "line\\nbreak\\u202e.xlsx"),
    ],
)
def test_a_file_that_is_no_answer_sheet_is_one_line(
    db: Path, tmp_path: Path, name: str, content: bytes, text: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    one_line_error(run(db, "answers", "import", SELECTION, "Firma", str(path)), text)
    assert stored(db) == 0


def test_the_catalogue_a_fifo_and_a_missing_file_are_one_line(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "catalogue.xlsx"
    link.symlink_to(db)
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    before = db.read_bytes()
    one_line_error(run(db, "answers", "import", SELECTION, "F", str(link)), "not an XLSX")
    one_line_error(run(db, "answers", "import", SELECTION, "F", str(fifo)), "not a regular file")
    one_line_error(
        run(db, "answers", "import", SELECTION, "F", str(tmp_path / "no.xlsx")), "No such"
    )
    assert stored(db) == 0
    assert db.read_bytes() == before


def test_unknown_vendor_status_and_uid_are_one_line(db: Path, sheet: Path) -> None:
    assert run(db, "answers", "import", SELECTION, "Firma", str(sheet)).exit_code == 0
    one_line_error(run(db, "answers", "show", SELECTION, "Ukendt"), "no vendor 'Ukendt'")
    one_line_error(
        run(db, "answers", "assess", SELECTION, "Firma", "maybe", "SIK-1"),
        "unknown assessment 'maybe'",
    )
    one_line_error(
        run(db, "answers", "assess", SELECTION, "Firma", "rejected", "SIK-404"),
        "do not hold SIK-404",
    )
    one_line_error(run(db, "answers", "winner", SELECTION, "Ukendt"), "no vendor")
    result = run(db, "answers", "winner", SELECTION, "Firma", "--clear")
    assert result.exit_code == 2 and "not both" in result.stderr


# --- the dialogue -----------------------------------------------------------------------------


def test_import_reports_in_words_and_as_json(db: Path, sheet: Path, tmp_path: Path) -> None:
    answered = filled(sheet, tmp_path / "udfyldt.xlsx", {2: ("Ja / Nej", None, None)})
    result = run(db, "answers", "import", SELECTION, "Firma A/S", str(answered))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Imported udfyldt.xlsx for Firma A/S: answered 0 of 4",
        "Unanswered (3): SIK-2, LOG-1, ARK-1",
        "Ambiguous, no single answer (1): SIK-1 ('Ja / Nej')",
    ]
    again = run(db, "answers", "import", SELECTION, "firma a/s", str(answered), "--json")
    data = json.loads(again.stdout)
    assert data["unchanged"] and data["answer_set"]["vendor"] == "Firma A/S"
    assert data["report"]["ambiguous"] == [{"uid": "SIK-1", "written": "Ja / Nej"}]


def test_danish_report_names_gaps_and_history(db: Path, sheet: Path, tmp_path: Path) -> None:
    run(db, "answers", "import", SELECTION, "Firma", str(sheet))
    rows = {**ROWS, 4: ("Ja, som tilkøb", None, None)}
    answered = filled(sheet, tmp_path / "rettet.xlsx", rows)
    result = run(db, "answers", "import", SELECTION, "Firma", str(answered), lang="da")
    assert result.stdout.splitlines() == [
        "Importerede rettet.xlsx for Firma: 4 af 4 besvaret",
        "Den tidligere besvarelse er gemt som historik",
        "Pris mangler for et tilkøb (1): LOG-1",
    ]


def test_list_show_assess_and_winner(db: Path, sheet: Path, tmp_path: Path) -> None:
    answered = filled(sheet, tmp_path / "udfyldt.xlsx", ROWS)
    assert run(db, "answers", "import", SELECTION, "Firma", str(answered)).exit_code == 0
    assert run(db, "answers", "import", SELECTION, "Anden", str(sheet)).exit_code == 0
    listed = run(db, "answers", "list", SELECTION, lang="da").stdout
    assert "FAILS" not in listed and "OPFYLDER IKKE mindstekrav: SIK-1" in listed
    assert "Sum af priser: 12.500,00 (1 med pris)" in listed
    assert "Mindstekrav: ✗ Nej 1" in listed
    data = json.loads(run(db, "answers", "list", SELECTION, "--json").stdout)
    assert [vendor["vendor"] for vendor in data] == ["Anden", "Firma"]
    assert data[1]["price_total"] == 12500.0 and data[1]["fails_minimum"] == ["SIK-1"]
    shown = run(db, "answers", "show", SELECTION, "Firma")
    assert shown.exit_code == 0
    assert "\u202e" not in shown.stdout  # the vendor's bidi override is shown escaped
    assessed = run(
        db, "answers", "assess", SELECTION, "Firma", "Uddybning nødvendig", "SIK-2",
        "--comment", "Hvilke\u202e versioner?",
    )  # fmt: skip
    assert assessed.stdout == "Assessed 1 answer as Elaboration needed\n"
    one = run(db, "answers", "show", SELECTION, "Firma", "SIK-2")
    assert "Se\\u202e bilag" in one.stdout and "linje to" in one.stdout
    assert "Elaboration needed: Hvilke\\u202e versioner?" in one.stdout
    assert "\u202e" not in one.stdout
    as_json = json.loads(run(db, "answers", "show", SELECTION, "Firma", "SIK-2", "--json").stdout)
    assert as_json["answers"][0]["elaboration"] == HOSTILE
    assert as_json["history"][0]["status"] == "elaboration_needed"
    assert run(db, "answers", "winner", SELECTION).stdout == "No vendor is chosen for 'Nyt ESDH'\n"
    chosen = run(db, "answers", "winner", SELECTION, "firma", "--json")
    assert json.loads(chosen.stdout) == {"selection": 1, "winner": "Firma"}
    assert "[Chosen vendor]" in run(db, "answers", "list", SELECTION).stdout
    cleared = run(db, "answers", "winner", SELECTION, "--clear")
    assert cleared.stdout == "No vendor is chosen for 'Nyt ESDH'\n"


def test_no_vendors_yet(db: Path) -> None:
    result = run(db, "answers", "list", SELECTION)
    assert result.stdout == "No vendor has answered 'Nyt ESDH' yet (kravtui answers import)\n"
    assert json.loads(run(db, "answers", "list", SELECTION, "--json").stdout) == []
