"""A file name that names another export format than the one chosen is refused, in both faces.

`kravtui export selection NAME --format toml -o x.docx` used to write TOML into `x.docx`, which a
vendor's Word cannot open. Now every export (a selection, the catalogue, the answers' report)
refuses a name that ends in another export format's suffix (.docx, .pdf, .toml, .xlsx, in any
letter case, a name that is only `.docx` and `a.toml.docx` included) in one line that names
both, writes nothing and leaves a file already there as it was. A name that ends in no export
format's suffix (`.txt`, none) is written as asked. Without `--format` the format is the one the
name ends in, else the command's default. The dialog's side is
`tests/tui/test_export_name_format.py`.
"""

from __future__ import annotations

import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.application.answer_export import check_answers_name
from kravtui.application.export import (
    ExportError,
    catalogue_format_for,
    check_selection_name,
    check_target,
    export_catalogue,
    export_selection,
    selection_format_for,
)
from kravtui.catalogue.db import open_catalogue
from kravtui.cli import main
from kravtui.interchange.sample import SAMPLE_SELECTION_TITLE
from kravtui.selection.store import find_selection

TOML_START = b"# kravtui "


def run(lang: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", lang, *args])


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "k.db"
    assert run("en", "init", "--db", str(path)).exit_code == 0
    return path


@pytest.fixture
def db(sample_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the sample catalogue (with its answered selection)."""
    path = tmp_path / "k.db"
    path.write_bytes(sample_db.read_bytes())
    return path


def export_selection_cli(lang: str, db: Path, *args: str) -> Result:
    return run(lang, "--db", str(db), "export", "selection", SAMPLE_SELECTION_TITLE, *args)


def refused_for_the_name(result: Result, suffix: str, format_label: str, lang: str) -> None:
    """One line on stderr that names the suffix typed and the format; no traceback."""
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()
    assert "Traceback" not in result.output
    if lang == "en":
        expected = f"ends in {suffix}, but the format is {format_label}: change the name"
    else:
        expected = f"ender på {suffix}, men formatet er {format_label}: ret navnet"
    assert expected in line, line


def kind_of(path: Path) -> str:
    """What the file holds, by its bytes: "docx", "xlsx" or "toml"."""
    data = path.read_bytes()
    if data.startswith(TOML_START):
        return "toml"
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
    return "docx" if "word/document.xml" in names else "xlsx"


# --- hostile names first ----------------------------------------------------------------------

MISMATCHED = [
    ("toml", "mismatch.docx", ".docx"),  # the walk's case
    ("toml", "pw.xlsx", ".xlsx"),
    ("toml", "LOUD.DOCX", ".DOCX"),
    ("toml", "a.toml.docx", ".docx"),  # a double extension: the last one counts
    ("toml", ".docx", ".docx"),  # only the suffix: Path.suffix says "" here
    ("docx", "spec.toml", ".toml"),
    ("docx", "spec.Pdf", ".Pdf"),
    ("xlsx", "list.toml", ".toml"),
    ("answer-sheet", "svar.docx", ".docx"),
    ("pdf", "spec.docx", ".docx"),  # refused for its name even without LibreOffice
]


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize(("format_name", "name", "suffix"), MISMATCHED)
def test_a_selection_to_a_name_of_another_format_is_refused_and_nothing_is_written(
    db: Path, tmp_path: Path, lang: str, format_name: str, name: str, suffix: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    result = export_selection_cli(lang, db, "--format", format_name, "-o", str(target))
    refused_for_the_name(result, suffix, format_name.upper(), lang)
    assert list(out.iterdir()) == []  # no file, no temporary left behind


def test_a_file_already_there_under_such_a_name_is_left_as_it_was(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "vendor-copy.docx"
    target.write_bytes(b"the officer's document")
    result = export_selection_cli("en", db, "--format", "toml", "-o", str(target))
    refused_for_the_name(result, ".docx", "TOML", "en")
    assert target.read_bytes() == b"the officer's document"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k.db", "vendor-copy.docx"]


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize(
    ("args", "suffix", "format_label"),
    [
        (("--format", "toml", "-o", "cat.xlsx"), ".xlsx", "TOML"),
        (("--format", "xlsx", "-o", "cat.TOML"), ".TOML", "XLSX"),
        (("-o", "cat.docx"), ".docx", "TOML"),  # no catalogue format writes it: TOML's default
        (("-o", "cat.pdf"), ".pdf", "TOML"),
    ],
)
def test_the_catalogue_to_a_name_of_another_format_is_refused(
    db: Path, tmp_path: Path, lang: str, args: tuple[str, ...], suffix: str, format_label: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    named = [str(out / arg) if arg.startswith("cat.") else arg for arg in args]
    result = run(lang, "--db", str(db), "export", "catalogue", *named)
    refused_for_the_name(result, suffix, format_label, lang)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize(
    ("format_name", "name", "suffix"),
    [("toml", "report.docx", ".docx"), ("docx", "report.XLSX", ".XLSX"), ("xlsx", "r.pdf", ".pdf")],
)
def test_the_answers_report_to_a_name_of_another_format_is_refused(
    db: Path, tmp_path: Path, lang: str, format_name: str, name: str, suffix: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = ("answers", "report", SAMPLE_SELECTION_TITLE, str(out / name), "--format", format_name)
    result = run(lang, "--db", str(db), *args)
    refused_for_the_name(result, suffix, format_name.upper(), lang)
    assert list(out.iterdir()) == []


def test_the_rule_lives_below_the_faces(db: Path, tmp_path: Path) -> None:
    """The use cases refuse such a name whoever calls them; the checks the faces make first
    are the same rule."""
    target_path = tmp_path / "mismatch.docx"
    with closing(open_catalogue(db)) as conn:
        selection = find_selection(conn, SAMPLE_SELECTION_TITLE)
        target = check_target(conn, target_path, create_folder=False)  # the place is fine
        with pytest.raises(ExportError, match=r"ends in \.docx, but the format is TOML"):
            export_selection(conn, selection.id, target, "toml")
        with pytest.raises(ExportError, match=r"ends in \.docx, but the format is XLSX"):
            export_catalogue(conn, target_path, "xlsx")
    assert not target_path.exists()
    with pytest.raises(ExportError):
        check_selection_name(Path("x.Toml"), "answer-sheet")
    with pytest.raises(ExportError):
        check_answers_name(Path("x.pdf"), "docx")
    check_selection_name(Path("x.XLSX"), "answer-sheet")  # its files are .xlsx too
    check_answers_name(Path("notes.txt"), "toml")


# --- then what is still written ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("format_name", "name", "kind"),
    [
        ("toml", "spec.toml", "toml"),
        ("toml", "SPEC.TOML", "toml"),
        ("toml", "a.docx.toml", "toml"),  # the last suffix is the toml one
        ("toml", "spec.txt", "toml"),  # no export format writes .txt: as asked, as before
        ("toml", "spec", "toml"),
        ("docx", ".docx", "docx"),
        ("docx", "spec.DOCX", "docx"),
        ("answer-sheet", "svar.xlsx", "xlsx"),
        ("xlsx", "list.xlsx", "xlsx"),
    ],
)
def test_a_name_that_fits_the_format_or_names_none_is_written(
    db: Path, tmp_path: Path, format_name: str, name: str, kind: str
) -> None:
    target = tmp_path / name
    result = export_selection_cli("en", db, "--format", format_name, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert kind_of(target) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [("spec.toml", "toml"), ("spec.XLSX", "xlsx"), ("spec.docx", "docx"), ("spec.txt", "docx")],
)
def test_without_format_a_selection_takes_the_one_its_name_ends_in_else_docx(
    db: Path, tmp_path: Path, name: str, kind: str
) -> None:
    target = tmp_path / name
    result = export_selection_cli("en", db, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert kind_of(target) == kind


def test_without_format_xlsx_is_the_requirement_list_not_the_answer_sheet(
    db: Path, tmp_path: Path
) -> None:
    guessed, named = tmp_path / "guessed.xlsx", tmp_path / "named.xlsx"
    assert export_selection_cli("en", db, "-o", str(guessed)).exit_code == 0
    assert export_selection_cli("en", db, "--format", "xlsx", "-o", str(named)).exit_code == 0
    assert guessed.read_bytes() == named.read_bytes()
    assert selection_format_for(Path("x.xlsx"), None) == "xlsx"
    assert selection_format_for(None, None) == "docx"
    assert selection_format_for(Path("x.xlsx"), "answer-sheet") == "answer-sheet"


@pytest.mark.parametrize(
    ("name", "kind"), [("cat.toml", "toml"), ("cat.Xlsx", "xlsx"), ("cat.txt", "toml")]
)
def test_without_format_the_catalogue_takes_the_one_its_name_ends_in_else_toml(
    db: Path, tmp_path: Path, name: str, kind: str
) -> None:
    target = tmp_path / name
    result = run("en", "--db", str(db), "export", "catalogue", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert kind_of(target) == kind
    assert catalogue_format_for(Path(name), None) == ("xlsx" if kind == "xlsx" else "toml")


def test_the_answers_report_with_a_fitting_or_neutral_name_is_written(
    db: Path, tmp_path: Path
) -> None:
    for args in (("r.DOCX",), ("r.txt", "--format", "toml")):
        target = tmp_path / args[0]
        named = (str(target), *args[1:])
        result = run("en", "--db", str(db), "answers", "report", SAMPLE_SELECTION_TITLE, *named)
        assert result.exit_code == 0, result.output
        assert target.is_file()
