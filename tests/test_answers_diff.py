"""`kravtui diff OLD NEW` of two answers files (`kind = "answers"`): per vendor and uid what
changed, like the other kinds; damaged, duplicated, huge and wrong-kind files refused in one
line with exit status 2; `--textconv` one line per field for git."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.answers.export_content import AnswersContent, ItemAnswer, VendorAnswers, Verdict
from kravtui.answers.records import Choice, Status
from kravtui.cli import main
from kravtui.interchange.answers_toml import dump_answers
from kravtui.interchange.kinds import parse_text
from tests.test_answers_toml import GOLDEN, HOSTILE

GOLDEN_TEXT = GOLDEN.read_text(encoding="utf-8")
DIALOGUE = parse_text(GOLDEN_TEXT, "golden")
assert isinstance(DIALOGUE, AnswersContent)
CATALOGUE_GOLDEN = Path(__file__).parent / "golden" / "catalogue-small.toml"
SELECTION_GOLDEN = Path(__file__).parent / "golden" / "selection-small.toml"


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_PAGER_IN_USE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


def _run(*args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, "diff", *args])


def _write(path: Path, content: AnswersContent | str) -> Path:
    text = content if isinstance(content, str) else dump_answers(content)
    path.write_text(text, encoding="utf-8")
    return path


def _diff(tmp_path: Path, old: AnswersContent, new: AnswersContent, *options: str) -> Result:
    return _run(
        *options, str(_write(tmp_path / "old.toml", old)), str(_write(tmp_path / "new.toml", new))
    )


def _vendor(content: AnswersContent, name: str) -> VendorAnswers:
    return next(vendor for vendor in content.vendors if vendor.name == name)


def _with_vendor(content: AnswersContent, vendor: VendorAnswers) -> AnswersContent:
    others = [v for v in content.vendors if v.name != vendor.name]
    return replace(content, vendors=tuple(sorted([*others, vendor], key=lambda v: v.name)))


def _answer(content: AnswersContent, name: str, uid: str, **changes: object) -> AnswersContent:
    vendor = _vendor(content, name)
    items = tuple(
        replace(item, **changes) if item.uid == uid else item  # type: ignore[arg-type]
        for item in vendor.items
    )
    return _with_vendor(content, replace(vendor, items=items))


# --- refused in one line, exit status 2 -------------------------------------------------------


def _refused(result: Result, *expected: str) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


def test_an_answers_file_is_not_compared_with_a_catalogue_or_a_selection(tmp_path: Path) -> None:
    answers = str(_write(tmp_path / "svar.toml", DIALOGUE))
    _refused(
        _run(answers, str(CATALOGUE_GOLDEN)),
        "cannot compare a vendor answers file with a catalogue file",
    )
    _refused(
        _run(str(CATALOGUE_GOLDEN), answers),
        "cannot compare a catalogue file with a vendor answers file",
    )
    _refused(
        _run(str(SELECTION_GOLDEN), answers, lang="da"),
        "en selection-fil kan ikke sammenlignes med en leverandørsvar-fil",
    )


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("damage", "needle", "message"),
    [
        ('price_amount = "9999.50"', 'price_amount = "9999.50', "TOML syntax error"),
        ('price_amount = "9999.50"', "price_amount = 9999.5", "expected a string, found a decimal"),
        ('price_amount = "9999.50"', 'price_amount = "9.999,50"', "not an exact amount"),
        ('choice = "yes_addon"', 'choice = "maybe"', 'unknown value "maybe"; use yes, '),
        ('status = "accepted_with_comment"', 'status = "fine"', 'unknown value "fine"'),
        ("answer_set = 2", "answer_set = 7", "no answer file number 7 (it has 2)"),
        ("answer_set = 2", "answer_set = -1", "answer_set must be 0 or more"),
        ("text_changed = false", 'text_changed = "no"', "expected true or false"),
        ('kind = "xlsx"', 'kind = "xlsm"', 'unknown value "xlsm"; use xlsx, docx'),
        ('sha256 = "e46b', 'sha256 = "E46B', "not a SHA-256 hash"),
        ('comment = "Pris inkl. drift."', 'remark = "Pris inkl. drift."', 'unknown field "remark"'),
        ('elaboration = "Logning som modul."', 'elaboration = "a\x00b"', "TOML syntax error"),
        ('kind = "answers"', 'kind = "report"', 'unknown kind "report"'),
    ],
)
def test_a_damaged_answers_file_is_refused_naming_its_line(
    tmp_path: Path, damage: str, needle: str, message: str
) -> None:
    assert damage in GOLDEN_TEXT
    text = GOLDEN_TEXT.replace(damage, needle, 1)
    bad = _write(tmp_path / "bad.toml", text)
    line = _refused(_run(str(bad), str(GOLDEN)), message)
    assert line.startswith(f"kravtui: error: {bad}:{_line_of(text, needle)}: "), line
    assert "\x00" not in line


def test_a_file_with_a_table_or_key_twice_is_refused_naming_the_line(tmp_path: Path) -> None:
    block = '[vendor."Firma A/S".item.SIK-2]\nchoice = "yes_partial"\n'
    twice = GOLDEN_TEXT + "\n" + block
    bad = _write(tmp_path / "twice.toml", twice)
    line = _refused(_run(str(GOLDEN), str(bad)), "is declared twice")
    assert f"{bad}:{twice.count(chr(10)) - 1}: " in line and 'vendor."Firma A/S".item.SIK-2' in line
    key_twice = GOLDEN_TEXT.replace('winner = "Firma A/S"\n', 'winner = "Firma A/S"\nwinner = ""\n')
    bad = _write(tmp_path / "key.toml", key_twice)
    at = _line_of(key_twice, 'winner = ""')
    _refused(_run(str(GOLDEN), str(bad)), f"{bad}:{at}: ", "TOML syntax error")


def test_odd_uids_in_a_file_are_compared_not_a_traceback(tmp_path: Path) -> None:
    long = "X-" + "9" * 5000  # more digits than Python turns into a number
    odd = GOLDEN_TEXT.replace("item.SIK-2]", 'item."X-\u00b2"]').replace(
        "item.ARK-1]", f"item.{long}]"
    )
    result = _run(str(GOLDEN), str(_write(tmp_path / "odd.toml", odd)))
    assert result.exit_code == 1, result.output
    assert "+ answer X-² (Firma A/S)" in result.output
    assert f"+ answer {long} (Beta ApS)" in result.output


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as handle:  # sparse: no disk is used
        handle.write(GOLDEN.read_bytes())
        handle.truncate(1024 * 1024 * 1024 + 1)
    _refused(_run(str(GOLDEN), str(huge)), f"{huge}: cannot read the file: larger than")
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    _refused(_run(str(fifo), str(GOLDEN)), "not a regular file")


# --- what changed ----------------------------------------------------------------------------


def test_identical_files_exit_0(tmp_path: Path) -> None:
    result = _diff(tmp_path, DIALOGUE, DIALOGUE)
    assert result.exit_code == 0 and result.output.splitlines()[-1] == "no differences"


def test_choice_price_status_comment_and_winner_per_vendor_and_uid(tmp_path: Path) -> None:
    new = _answer(DIALOGUE, "Beta ApS", "LOG-1", price="11.000 kr.", price_amount=1_100_000)
    new = _answer(new, "Beta ApS", "SIK-1", choice=Choice.YES, elaboration="Med MitID.")
    new = _answer(new, "Firma A/S", "SIK-1", status=Status.ACCEPTED, comment="")
    new = replace(new, winner="Beta ApS")
    result = _diff(tmp_path, DIALOGUE, new)
    assert result.exit_code == 1
    assert result.output.splitlines()[2:] == [
        "~ selection: Nyt ESDH",
        "    winner: [-Firma A/S-]{+Beta ApS+}",
        "~ answer LOG-1 (Beta ApS)",
        "    price: [-9.999,50-]{+11.000+} kr.",
        "    price_amount: [-9999.50-]{+11000.00+}",
        "~ answer SIK-1 (Beta ApS)",
        "    choice: [-no-]{+yes+}",
        "    elaboration: [-Kun adgangskode.-]{+Med MitID.+}",
        "~ answer SIK-1 (Firma A/S)",
        "    status: [-elaboration_needed-]{+accepted+}",
        "    comment: [-Hvilke faktorer?-]",
        "selection details: 1 changed; answers: 3 changed",
    ]
    da = _run(str(tmp_path / "old.toml"), str(tmp_path / "new.toml"), lang="da")
    assert "~ svar SIK-1 (Firma A/S)" in da.output
    assert da.output.splitlines()[-1] == "stamdata: 1 ændret; svar: 3 ændret"


def test_new_and_removed_answers_and_vendors_and_a_corrected_file(tmp_path: Path) -> None:
    beta = _vendor(DIALOGUE, "Beta ApS")
    fewer = replace(beta, items=tuple(i for i in beta.items if i.uid != "ARK-1"))
    old = _with_vendor(DIALOGUE, fewer)
    gamma = VendorAnswers("Gamma \u202eA/S", beta.answer_sets[:1], (ItemAnswer("SIK-1"),))
    corrected = replace(
        _vendor(DIALOGUE, "Firma A/S"),
        answer_sets=(
            replace(_vendor(DIALOGUE, "Firma A/S").answer_sets[0], current=False),
            replace(beta.answer_sets[1], file="firma-rettet.docx"),
        ),
    )
    new = _with_vendor(_with_vendor(DIALOGUE, gamma), corrected)
    result = _diff(tmp_path, old, new)
    out = result.output.splitlines()
    assert "+ answer ARK-1 (Beta ApS)" in out
    assert "    choice: yes_partial" in out and "    price: Inkluderet" in out
    assert "~ vendor Firma A/S" in out
    assert "    file: [-firma.docx-]{+firma-rettet.docx+}" in out
    assert "    kind: [-docx-]{+xlsx+}" in out and "    answer_sets: [-1-]{+2+}" in out
    assert "+ vendor Gamma \\u202eA/S" in out  # never raw
    assert "+ answer SIK-1 (Gamma \\u202eA/S)" in out
    assert out[-1] == "vendors: 1 added, 1 changed; answers: 2 added"
    back = _run(str(tmp_path / "new.toml"), str(tmp_path / "old.toml")).output.splitlines()
    assert "- vendor Gamma \\u202eA/S" in back and "- answer ARK-1 (Beta ApS)" in back
    assert back[-1] == "vendors: 1 removed, 1 changed; answers: 2 removed"


def test_a_verdict_given_again_shows_as_history(tmp_path: Path) -> None:
    firma = _vendor(DIALOGUE, "Firma A/S")
    sik1 = next(item for item in firma.items if item.uid == "SIK-1")
    again = Verdict(Status.ELABORATION_NEEDED, "Hvilke faktorer?", "indkob", "2025-04-01", 1)
    new = _answer(DIALOGUE, "Firma A/S", "SIK-1", history=(*sik1.history, again))
    out = _diff(tmp_path, DIALOGUE, new).output.splitlines()
    assert out[2] == "~ answer SIK-1 (Firma A/S)"
    assert out[3].startswith("    history: 2025-03-01T10:00:00Z indkob: accepted (#1), ")
    assert out[3].endswith(", {+2025-04-01 indkob: elaboration_needed (#1) Hvilke faktorer?+}")
    assert out[-1] == "answers: 1 changed"


def test_hostile_values_never_reach_the_terminal_and_json_keeps_them(tmp_path: Path) -> None:
    new = _answer(DIALOGUE, "Beta ApS", "SIK-2", elaboration=HOSTILE, comment=HOSTILE)
    result = _diff(tmp_path, DIALOGUE, new)
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "\x00" not in result.output and "\\x1b]0;PWNED" in result.output
    data = json.loads(_diff(tmp_path, DIALOGUE, new, "--json").output)
    (change,) = data["changes"]
    assert (change["section"], change["key"], change["vendor"]) == (
        "vendor_answer",
        "SIK-2",
        "Beta ApS",
    )
    assert {f["field"]: f["after"] for f in change["fields"]}["comment"] == HOSTILE


def test_json_and_stat(tmp_path: Path) -> None:
    new = _answer(DIALOGUE, "Firma A/S", "LOG-1", choice=None, unclear_choice="Ja / Nej")
    data = json.loads(_diff(tmp_path, DIALOGUE, new, "--json").output)
    assert data["kind"] == "answers" and data["equal"] is False
    assert data["summary"] == {"vendor_answer": {"added": 0, "removed": 0, "changed": 1}}
    assert data["changes"][0]["fields"] == [
        {"field": "choice", "before": "yes_addon", "after": "none"},
        {"field": "unclear_choice", "before": "", "after": "Ja / Nej"},
    ]
    stat = _diff(tmp_path, DIALOGUE, new, "--stat")
    assert stat.exit_code == 1 and stat.output == "answers: 0 added, 0 removed, 1 changed\n"


def test_dev_null_stands_for_a_file_that_does_not_exist(tmp_path: Path) -> None:
    added = _run("/dev/null", str(GOLDEN))
    assert added.exit_code == 1
    assert "+ selection: Nyt ESDH" in added.output
    assert added.output.splitlines()[-1] == (
        "selection details: 1 added; vendors: 2 added; answers: 8 added"
    )
    gone = _run(str(GOLDEN), "/dev/null")
    assert "- answer SIK-2 (Firma A/S)" in gone.output


def test_a_huge_elaboration_is_compared_and_shortened(tmp_path: Path) -> None:
    long = "Afsnit om drift. " * 200_000  # 3.4 MB
    old = _answer(DIALOGUE, "Firma A/S", "SIK-2", elaboration=long + "Slut.")
    new = _answer(DIALOGUE, "Firma A/S", "SIK-2", elaboration=long + "Ende.")
    result = _diff(tmp_path, old, new)
    assert result.exit_code == 1
    assert len(result.output) < 2_000
    assert "[-Slut.-]{+Ende.+}" in result.output
    # Two huge texts of a few words repeated, unlike throughout: compared, not hours of search.
    old = _answer(DIALOGUE, "Firma A/S", "SIK-2", elaboration="a b c " * 100_000)
    new = _answer(DIALOGUE, "Firma A/S", "SIK-2", elaboration="c b a " * 100_000)
    result = _diff(tmp_path, old, new)
    assert result.exit_code == 1 and result.output.endswith("\nanswers: 1 changed\n")


def test_textconv_writes_every_field_on_a_line_naming_vendor_and_uid() -> None:
    result = _run("--textconv", str(GOLDEN))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "selection winner: Firma A/S" in lines
    assert "vendor Beta ApS answer_set[2] file: beta-rettet.xlsx" in lines
    assert "answer Firma A/S SIK-1 status: elaboration_needed" in lines
    assert "answer Beta ApS ARK-1 elaboration: Leveres årligt." in lines
    assert (
        "answer Firma A/S SIK-1 history: 2025-03-02T10:00:00Z indkob: elaboration_needed (#1) "
        "Hvilke faktorer?"
    ) in lines


def test_the_benchmark_prints_its_figures() -> None:
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, str(root / "benchmarks" / "answers_toml.py"), "30", "2"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    (line,) = result.stdout.splitlines()
    figures = dict(item.split("=") for item in line.split())
    assert (figures["vendors"], figures["size"], figures["answers"]) == ("2", "30", "60")
    for name in ("export_s", "file_mb", "diff_s", "textconv_s"):
        assert float(figures[name]) >= 0
