"""The answers TOML (`kind = "answers"`): `kravtui answers report SELECTION FILE.toml`.

Hostile cases first (text a vendor or another program put in the catalogue, targets that must
never be written), then the layout: read back with `tomllib` it is exactly the dialogue's data,
the same dialogue gives the same bytes (the golden file), and one changed verdict is one changed
line in the file.

The golden file is regenerated (after a deliberate format change, then reviewed in git diff) by
`python -m tests.test_answers_toml`.
"""

from __future__ import annotations

import difflib
import os
import sqlite3
import stat
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kravtui.answers.assessments import assess
from kravtui.answers.export_content import AnswersContent, ItemAnswer, read_answers_content
from kravtui.answers.records import Status
from kravtui.answers.store import find_vendor
from kravtui.application.answer_export import (
    ANSWER_FORMATS,
    AnswerFormat,
    answer_format_for,
    export_answers,
)
from kravtui.application.export import ExportError
from kravtui.cli import main
from kravtui.i18n.visible_text import DANGEROUS
from kravtui.interchange.answers_fast import loads_answers
from kravtui.interchange.answers_toml import dump_answers
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.kinds import parse_text
from tests.answers_dialogue import answered_dialogue, pin_times

GOLDEN = Path(__file__).parent / "golden" / "answers-small.toml"
ROOT = Path(__file__).resolve().parents[1]
KRAVTUI = (sys.executable, "-m", "kravtui", "--lang", "en")

# What another program may have written into the answers (the import refuses most of it).
HOSTILE = (
    "esc \x1b]0;PWNED\x07\x1b[2J nul \x00 del \x7f c1 \x85\x9b "
    "bidi \u202eevil\u202c \u2066iso\u2069 \u200f lsep \u2028 bom \ufeff zwsp \u200b "
    'tag \U000e0041 quote """ back \\ end\n[selection]\nid = 2'
)


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", "--db", str(db), *args])


@pytest.fixture
def dialogue(tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection, int]]:
    path = tmp_path / "c.db"
    conn, selection_id = answered_dialogue(path)
    yield path, conn, selection_id
    conn.close()


def _raw_dangerous(text: str) -> list[str]:
    """Characters that would reach a terminal raw from `cat` (line feeds are the file's own)."""
    return sorted({f"U+{ord(c):04X}" for c in DANGEROUS.findall(text) if c != "\n"})


# --- hostile text: written escaped, read back exactly ------------------------------------------


def _poison(conn: sqlite3.Connection) -> None:
    """Hostile text everywhere a vendor's or an officer's words are, as another program could
    write it; and a huge elaboration."""
    with conn:
        conn.execute(
            "UPDATE vendor_answer SET elaboration = ?, unclear_choice = ?, price = ? "
            "WHERE uid = 'SIK-2'",
            (HOSTILE, HOSTILE, HOSTILE),
        )
        conn.execute(
            "UPDATE vendor_answer SET elaboration = ? WHERE uid = 'LOG-1'",
            ("Afsnit. " * 250_000 + HOSTILE,),
        )
        conn.execute("UPDATE answer_assessment SET comment = ?, author = ?", (HOSTILE, HOSTILE))
        conn.execute("UPDATE answer_set SET source_name = ?", (HOSTILE,))
        conn.execute("UPDATE vendor SET name = 'Beta \u202eSpA' WHERE name = 'Beta ApS'")
        conn.execute("UPDATE selection SET title = ?", ("Nyt \u202eESDH",))


def test_hostile_text_is_written_escaped_and_read_back_exactly(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db, conn, selection_id = dialogue
    _poison(conn)
    out = tmp_path / "svar.toml"
    result = run(db, "answers", "report", "1", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert _raw_dangerous(text) == []  # cat, less and a plain git diff show nothing raw
    assert "\\u202E" in text and "\\u0000" in text and "\\U000E0041" in text
    assert "\n\\u005Bselection]\n" in text and "\n[selection]\n" not in text.split("[[", 1)[1]
    assert max(map(len, text.splitlines())) < 200  # the huge elaboration is wrapped
    data = tomllib.loads(text)
    beta = data["vendor"]["Beta \u202eSpA"]
    assert beta["item"]["SIK-2"]["elaboration"] == HOSTILE
    assert beta["item"]["SIK-2"]["price"] == HOSTILE
    assert beta["item"]["LOG-1"]["comment"] == HOSTILE
    assert beta["item"]["LOG-1"]["elaboration"].endswith(HOSTILE)
    assert beta["answer_set"][0]["file"] == HOSTILE
    assert data["selection"]["title"] == "Nyt \u202eESDH"
    assert parse_text(text, str(out)) == read_answers_content(conn, selection_id)
    assert loads_answers(text) == data  # a line of text never starts like a table header


def test_a_text_no_file_can_hold_refuses_the_export_naming_its_key(tmp_path: Path) -> None:
    content = AnswersContent(
        1,
        "2025-01-06T08:00:00Z",
        "Nyt ESDH",
        2,
        vendors=(_vendor("Firma A/S", ItemAnswer("SIK-1", elaboration="half \ud800 a pair")),),
    )
    with pytest.raises(InterchangeError) as caught:
        dump_answers(content, "svar.toml")
    assert caught.value.key == 'vendor."Firma A/S".item.SIK-1'
    assert "lone surrogate" in caught.value.message and "\ud800" not in caught.value.message


def _vendor(name: str, *items: ItemAnswer) -> Any:
    from kravtui.answers.export_content import VendorAnswers

    return VendorAnswers(name, (), items)


# --- targets that are never written -----------------------------------------------------------


def _refused(result: Result, reason: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1 and reason in lines[0], result.output
    assert "Traceback" not in result.output


def test_the_catalogue_itself_and_its_journal_are_refused(
    dialogue: tuple[Path, sqlite3.Connection, int],
) -> None:
    db, conn, _ = dialogue
    conn.close()
    before = db.read_bytes()
    _refused(run(db, "answers", "report", "1", str(db), "--format", "toml"), "open catalogue")
    _refused(run(db, "answers", "report", "1", f"{db}-wal", "--format", "toml"), "open catalogue")
    link = db.parent / "svar.toml"
    link.symlink_to(db)
    _refused(run(db, "answers", "report", "1", str(link)), "open catalogue")
    assert db.read_bytes() == before and link.is_symlink()


def test_a_fifo_is_refused_without_blocking(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db = dialogue[0]
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    # A subprocess with a timeout: opening a FIFO with no reader would block forever.
    done = subprocess.run(
        [*KRAVTUI, "--db", str(db), "answers", "report", "1", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and "not an ordinary file" in done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_read_only_folder_a_read_only_file_and_a_folder_are_refused(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db = dialogue[0]
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        _refused(run(db, "answers", "report", "1", str(locked / "svar.toml")), "is read-only")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)
    kept = tmp_path / "kept.toml"
    kept.write_text("kept\n")
    kept.chmod(0o444)
    _refused(run(db, "answers", "report", "1", str(kept)), "the file is read-only")
    assert kept.read_text() == "kept\n"
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    _refused(run(db, "answers", "report", "1", str(folder)), "this is a folder")


def test_an_unknown_suffix_an_unknown_selection_and_another_database_are_refused(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db = dialogue[0]
    unknown = run(db, "answers", "report", "1", str(tmp_path / "svar.txt"))
    assert unknown.exit_code == 2, unknown.output  # a usage error: the command cannot start
    assert len(unknown.output.splitlines()) == 1 and "--format" in unknown.output
    assert not (tmp_path / "svar.txt").exists()
    _refused(run(db, "answers", "report", "Ingen \x1b[2J", str(tmp_path / "s.toml")), "Ingen \\x1b")
    other = tmp_path / "other.toml"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = other.read_bytes()
    _refused(run(db, "answers", "report", "1", str(other)), "SQLite database")
    assert other.read_bytes() == before


def test_an_existing_file_is_left_whole_when_the_export_is_refused(tmp_path: Path) -> None:
    from kravtui.interchange.answers_toml import write_answers_toml
    from kravtui.interchange.export_target import ExportTarget

    target = tmp_path / "svar.toml"
    target.write_text("the earlier export\n")
    content = AnswersContent(
        1, "x", "y", 1, vendors=(_vendor("A", ItemAnswer("SIK-1", comment="\udfff")),)
    )
    with pytest.raises(InterchangeError):
        write_answers_toml(content, ExportTarget(target, ()))
    assert target.read_text() == "the earlier export\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["svar.toml"]


def test_a_read_only_catalogue_is_reported_and_left_as_it_was(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db, conn, _ = dialogue
    conn.close()
    folder = db.parent / "catalogue"
    folder.mkdir()
    shared = folder / "c.db"
    db.rename(shared)
    before = shared.read_bytes()
    target = tmp_path / "svar \x1b]0;PWNED\x07.toml"
    result = CliRunner().invoke(
        main, ["--read-only", "--db", str(shared), "answers", "report", "1", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == GOLDEN.read_bytes()
    assert "\x1b" not in result.output and "svar \\x1b]0;PWNED\\x07.toml" in result.output
    assert shared.read_bytes() == before
    assert not (folder / "c.db-wal").exists() or not (folder / "c.db-wal").read_bytes()


def test_an_answers_file_is_not_imported(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db, conn, _ = dialogue
    count = conn.execute("SELECT count(*) FROM selection").fetchone()[0]
    result = run(db, "import", str(GOLDEN))
    _refused(result, 'kind: an answers file (kind = "answers")')
    assert f"{GOLDEN}:3: kind:" in result.output
    assert conn.execute("SELECT count(*) FROM selection").fetchone()[0] == count


# --- what the file holds ----------------------------------------------------------------------


def _expected(conn: sqlite3.Connection, selection_id: int) -> dict[str, Any]:
    """The dialogue as `tomllib` should read the file, built from the tables by hand."""
    selection = conn.execute(
        "SELECT id, created_at, title, version FROM selection WHERE id = ?", (selection_id,)
    ).fetchone()
    chosen = conn.execute(
        "SELECT v.name FROM selection_winner w JOIN vendor v ON v.id = w.vendor_id"
    ).fetchone()
    vendors: dict[str, Any] = {}
    for vendor_id, name in conn.execute("SELECT id, name FROM vendor"):
        sets = conn.execute(
            "SELECT id, source_name, source_sha256, source_kind, selection_version, imported_at,"
            " imported_by, current FROM answer_set WHERE vendor_id = ? ORDER BY id",
            (vendor_id,),
        ).fetchall()
        numbers = {row[0]: number for number, row in enumerate(sets, start=1)}
        current = next(row[0] for row in sets if row[7])
        items: dict[str, Any] = {}
        for uid, choice, unclear, elaboration, price, amount, changed in conn.execute(
            "SELECT uid, choice, unclear_choice, elaboration, price, price_amount, text_changed "
            "FROM vendor_answer WHERE answer_set_id = ?",
            (current,),
        ):
            verdicts = [
                {
                    "status": status,
                    "comment": comment,
                    "author": author,
                    "at": at,
                    "answer_set": numbers[set_id],
                }
                for status, comment, author, at, set_id in conn.execute(
                    "SELECT status, comment, author, at, answer_set_id FROM answer_assessment "
                    "WHERE vendor_id = ? AND uid = ? ORDER BY id",
                    (vendor_id, uid),
                )
            ]
            item: dict[str, Any] = {
                "choice": choice or "none",
                "unclear_choice": unclear,
                "elaboration": elaboration,
                "price": price,
                "price_amount": "" if amount is None else f"{amount // 100}.{amount % 100:02d}",
                "text_changed": bool(changed),
                "status": verdicts[-1]["status"] if verdicts else "none",
                "comment": verdicts[-1]["comment"] if verdicts else "",
            }
            if verdicts:
                item["assessment"] = verdicts
            items[uid] = item
        vendors[name] = {
            "answer_set": [
                {
                    "file": row[1],
                    "sha256": row[2],
                    "kind": row[3],
                    "selection_version": row[4],
                    "imported_at": row[5],
                    "imported_by": row[6],
                    "current": bool(row[7]),
                }
                for row in sets
            ],
            "item": items,
        }
    return {
        "format": "kravtui/1",
        "kind": "answers",
        "selection": {
            "id": selection[0],
            "created_at": selection[1],
            "title": selection[2],
            "version": selection[3],
            "winner": chosen[0] if chosen else "",
        },
        "vendor": vendors,
    }


def _no_floats(text: str) -> float:
    raise AssertionError(f"a float in the file: {text}")


def test_tomllib_reads_back_exactly_the_dialogue_and_no_float(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db, conn, selection_id = dialogue
    _poison(conn)
    out = tmp_path / "svar.toml"
    assert run(db, "answers", "report", "Nyt \u202eESDH", str(out)).exit_code == 0
    data = tomllib.loads(out.read_text(encoding="utf-8"), parse_float=_no_floats)
    assert data == _expected(conn, selection_id)


def test_the_export_matches_the_golden_file_and_is_the_same_every_time(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db = dialogue[0]
    first, second = tmp_path / "a.toml", tmp_path / "b.toml"
    result = run(db, "answers", "report", "Nyt ESDH", str(first))
    assert result.output == f"Wrote the vendors' answers to {first} (vendors: 2, requirements: 4)\n"
    assert run(db, "answers", "report", "1", str(second), "--format", "toml").exit_code == 0
    assert first.read_bytes() == GOLDEN.read_bytes() == second.read_bytes()


def test_the_golden_file_keeps_every_value_on_a_line_of_its_own() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    assert text.startswith(
        "# kravtui answers; format described in docs/toml-format.md\n"
        'format = "kravtui/1"\nkind = "answers"\n\n[selection]\nid = 1\n'
    )
    assert '\n[[vendor."Beta ApS".answer_set]]\nfile = "beta.xlsx"\n' in text
    assert '\n[vendor."Firma A/S".item.SIK-1]\nchoice = "yes"\n' in text
    assert '\n[[vendor."Firma A/S".item.SIK-1.assessment]]\nstatus = "accepted"\n' in text
    assert 'price = "9.999,50 kr."\nprice_amount = "9999.50"\n' in text
    for line in text.splitlines():
        assert line.count(" = ") <= 1 and "{" not in line, line  # no inline tables
    vendors = tomllib.loads(text)["vendor"]
    assert list(vendors) == ["Beta ApS", "Firma A/S"]
    assert list(vendors["Firma A/S"]["item"]) == ["ARK-1", "LOG-1", "SIK-1", "SIK-2"]


def test_one_changed_verdict_is_one_changed_line_and_its_history_only_adds(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    db, conn, selection_id = dialogue
    before = tmp_path / "before.toml"
    assert run(db, "answers", "report", "1", str(before)).exit_code == 0
    assess(conn, selection_id, find_vendor(conn, "Firma A/S"), ["SIK-2"], Status.REJECTED)
    pin_times(conn)
    after = tmp_path / "after.toml"
    assert run(db, "answers", "report", "1", str(after)).exit_code == 0
    diff = list(
        difflib.unified_diff(
            before.read_text().splitlines(), after.read_text().splitlines(), n=0, lineterm=""
        )
    )
    removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff if line.startswith("+") and not line.startswith("+++")]
    assert removed == ['-status = "none"']
    assert added == [
        '+status = "rejected"',
        "+",
        '+[[vendor."Firma A/S".item.SIK-2.assessment]]',
        '+status = "rejected"',
        '+comment = ""',
        '+author = "indkob"',
        '+at = "2025-03-04T10:00:00Z"',
        "+answer_set = 1",
    ]


def test_a_selection_without_answers_is_its_head_alone(tmp_path: Path) -> None:
    from tests.answers_helpers import dialogue_catalogue

    conn, _ = dialogue_catalogue(tmp_path / "c.db")
    conn.close()
    out = tmp_path / "svar.toml"
    result = run(tmp_path / "c.db", "answers", "report", "Nyt ESDH", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert '"vendors": 0' in result.output and '"format": "toml"' in result.output
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert set(data) == {"format", "kind", "selection"} and data["selection"]["winner"] == ""
    result = run(tmp_path / "c.db", "answers", "report", "Nyt ESDH", str(out))
    assert result.output == f"Wrote the vendors' answers to {out} (vendors: 0, requirements: 0)\n"


def test_the_answer_formats_table_and_its_use_case(
    dialogue: tuple[Path, sqlite3.Connection, int], tmp_path: Path
) -> None:
    _, conn, selection_id = dialogue
    entry = ANSWER_FORMATS["toml"]
    assert isinstance(entry, AnswerFormat) and entry.suffix == ".toml"
    assert answer_format_for(Path("x/Svar.TOML")) == "toml"
    assert answer_format_for(Path("svar.txt"), "toml") == "toml"
    with pytest.raises(ExportError, match=r"name the format with --format"):
        answer_format_for(Path("svar.docm"))
    written = export_answers(conn, selection_id, tmp_path / "s.toml", "toml", "da")
    assert (written.requirements, written.vendors) == (4, 2)
    assert (tmp_path / "s.toml").read_bytes() == GOLDEN.read_bytes()
    with pytest.raises(ExportError, match=r"404"):
        export_answers(conn, 404, tmp_path / "t.toml", "toml", "da")
    assert not (tmp_path / "t.toml").exists()


def regenerate_golden() -> None:
    """Write the golden file from the dialogue (run as `python -m tests.test_answers_toml`)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        conn, selection_id = answered_dialogue(Path(folder) / "c.db")
        GOLDEN.write_text(dump_answers(read_answers_content(conn, selection_id)), "utf-8")
        conn.close()
    print(f"wrote {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    regenerate_golden()
