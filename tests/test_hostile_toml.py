"""Hostile TOML files: import, `diff` and `diff --textconv` either work or refuse in one line.

Each file is refused with `FILE:LINE: reason` and exit 1 (import) or 2 (diff), the catalogue
unchanged, or it is read as it is; never a traceback. The cases are what `tomllib` itself cannot
take (arrays and inline tables nested 1,000 and 100,000 deep: `RecursionError`; an integer of
5,000 digits: Python's digit limit) and what it takes but the format refuses or must hold (a
float of 1e99999, very many keys, a 10 MB line, a 20 MB text).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.text_rules import TITLE_LIMIT
from kravtui.cli import main

CATALOGUE_HEAD = """\
format = "kravtui/1"
kind = "catalogue"

[[category]]
prefix = "SIK"
name = "Sikkerhed"

[requirement.SIK-1]
title = "Kryptering"
category = "SIK"
all_domains = true
"""

SELECTION_HEAD = """\
format = "kravtui/1"
kind = "selection"

[selection]
title = "Udbud"

[item.SIK-1]
title = "Kryptering"
category = "SIK"
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def dump(db: Path) -> list[str]:
    """The schema and every table's rows (full-text index storage included), to show that
    nothing changed."""
    conn = sqlite3.connect(db)
    try:
        tables = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        rows = [repr(table) for table in tables]
        for name, sql in tables:
            if not sql.upper().startswith("CREATE VIRTUAL"):
                rows.extend(sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{name}"')))
        return rows
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert run("init", "--empty", "--db", str(path)).exit_code == 0
    base = tmp_path / "base.toml"
    base.write_text(CATALOGUE_HEAD, encoding="utf-8")
    assert run("--db", str(path), "import", str(base)).exit_code == 0
    return path


def nested(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return "{a = " * depth + "1" + "}" * depth


def hostile_file(tmp_path: Path, file_kind: str, value: str) -> tuple[Path, int]:
    """A file of `file_kind` whose description is `value`; returns it and that line's number."""
    head = CATALOGUE_HEAD if file_kind == "catalogue" else SELECTION_HEAD
    path = tmp_path / f"hostile-{file_kind}.toml"
    path.write_text(f"{head}description = {value}\n", encoding="utf-8")
    return path, head.count("\n") + 1


def assert_one_line_refusal(result: Result, path: Path, line: int, exit_code: int) -> None:
    assert result.exit_code == exit_code, result.output
    lines = [text for text in result.output.splitlines() if text]
    assert len(lines) == 1, result.output[:2000]
    assert f"{path}:{line}: " in lines[0]
    assert "Traceback" not in result.output


DEEP = [
    pytest.param(depth, kind, id=f"{kind}-{depth}")
    for depth in (100, 1_000, 100_000)
    for kind in ("array", "inline-table")
]


@pytest.mark.parametrize("file_kind", ["catalogue", "selection"])
@pytest.mark.parametrize(("depth", "kind"), DEEP)
def test_values_nested_deep_are_refused_with_file_and_line(
    db: Path, tmp_path: Path, file_kind: str, depth: int, kind: str
) -> None:
    path, line = hostile_file(tmp_path, file_kind, nested(depth, kind))
    before = dump(db)
    result = run("--db", str(db), "import", str(path))
    assert_one_line_refusal(result, path, line, 1)
    if depth > 100:
        assert "nested too deep" in result.output
    else:  # tomllib reads it; the format refuses a list or table as a description
        assert "expected a string" in result.output
    assert dump(db) == before


@pytest.mark.parametrize("file_kind", ["catalogue", "selection"])
@pytest.mark.parametrize(("depth", "kind"), DEEP)
def test_diff_of_values_nested_deep_exits_2_with_one_line(
    tmp_path: Path, file_kind: str, depth: int, kind: str
) -> None:
    path, line = hostile_file(tmp_path, file_kind, nested(depth, kind))
    good = tmp_path / "good.toml"
    good.write_text(CATALOGUE_HEAD if file_kind == "catalogue" else SELECTION_HEAD)
    assert_one_line_refusal(run("diff", str(good), str(path)), path, line, 2)
    textconv = run("diff", "--textconv", str(path))  # not a kravtui file: shown as it is
    assert textconv.exit_code == 0
    assert textconv.output == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("file_kind", ["catalogue", "selection"])
def test_an_integer_of_5000_digits_is_refused_with_file_and_line(
    db: Path, tmp_path: Path, file_kind: str
) -> None:
    path, line = hostile_file(tmp_path, file_kind, "9" * 5_000)
    before = dump(db)
    result = run("--db", str(db), "import", str(path))
    assert_one_line_refusal(result, path, line, 1)
    assert "an integer with more than" in result.output
    assert dump(db) == before
    assert_one_line_refusal(run("diff", str(path), str(path)), path, line, 2)
    assert run("diff", "--textconv", str(path)).exit_code == 0


def test_digits_inside_strings_and_comments_do_not_point_at_the_wrong_line(
    db: Path, tmp_path: Path
) -> None:
    long_digits = "1" * 5_000
    path = tmp_path / "digits.toml"
    text = f'# {long_digits}\n{CATALOGUE_HEAD}rationale = "{long_digits}"\nnotes = 7{long_digits}\n'
    path.write_text(text, encoding="utf-8")
    result = run("--db", str(db), "import", str(path))
    assert_one_line_refusal(result, path, text.count("\n"), 1)


@pytest.mark.parametrize("file_kind", ["catalogue", "selection"])
@pytest.mark.parametrize("number", ["1e99999", "-1e99999", "inf", "nan", "1.5"])
def test_floats_huge_or_not_are_refused_as_the_wrong_type(
    db: Path, tmp_path: Path, file_kind: str, number: str
) -> None:
    path, line = hostile_file(tmp_path, file_kind, number)
    before = dump(db)
    result = run("--db", str(db), "import", str(path))
    assert_one_line_refusal(result, path, line, 1)
    assert "expected a string, found a decimal number" in result.output
    assert dump(db) == before


def test_very_many_keys_are_refused_at_the_first_unknown_one(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(CATALOGUE_HEAD + "".join(f"k{i} = 1\n" for i in range(100_000)))
    before = dump(db)
    result = run("--db", str(db), "import", str(path))
    assert_one_line_refusal(result, path, CATALOGUE_HEAD.count("\n") + 1, 1)
    assert 'unknown field "k0"' in result.output
    assert dump(db) == before


def test_a_10_mb_title_line_is_refused_in_one_line(db: Path, tmp_path: Path) -> None:
    """A title is at most `TITLE_LIMIT` characters: the huge line is read, then refused."""
    before = dump(db)
    path = tmp_path / "big.toml"
    title = "Kryptering " + "x" * 10_000_000
    path.write_text(
        CATALOGUE_HEAD.replace('title = "Kryptering"', f'title = "{title}"'), encoding="utf-8"
    )
    result = run("--db", str(db), "import", str(path))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1
    assert f"title: at most {TITLE_LIMIT} characters, not {len(title)}" in result.output
    assert dump(db) == before


def test_a_title_at_the_limit_and_a_20_mb_text_import_and_export_unchanged(
    db: Path, tmp_path: Path
) -> None:
    # 50 MB works the same (about 4 s and 900 MB of memory): too heavy for every test run
    title = "Kryptering " + "x" * (TITLE_LIMIT - 11)
    description = "ord " * 5_000_000
    path = tmp_path / "big.toml"
    path.write_text(
        CATALOGUE_HEAD.replace('title = "Kryptering"', f'title = "{title}"')
        + f'description = "{description}"\n',
        encoding="utf-8",
    )
    assert run("--db", str(db), "import", str(path)).exit_code == 0
    exported = tmp_path / "out.toml"
    assert run("--db", str(db), "export", "catalogue", "-o", str(exported)).exit_code == 0
    diff = run("diff", "--stat", str(path), str(exported))
    assert diff.exit_code == 0, diff.output
