"""Import and export on a PostgreSQL catalogue, end to end through the CLI.

`kravtui init --db postgresql://...` loads the sample there as it does into a file, and every
export from it (the catalogue; a selection in every format; the answers' report) is what the
same commands write from a SQLite catalogue made the same way: the same bytes for TOML, the same
parts for the zip packages (DOCX, XLSX). An import adds to the catalogue there, and a refused
one changes nothing (it is one transaction).
"""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.application.export import SELECTION_FORMATS
from kravtui.cli import main
from kravtui.interchange.sample import SAMPLE_SELECTION_TITLE, sample_catalogue_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def catalogues(postgres_url: str, tmp_path: Path) -> dict[str, str]:
    """The sample loaded by `kravtui init` into a file and into a PostgreSQL database."""
    made = {"sqlite": str(tmp_path / "catalogue.db"), "postgresql": postgres_url}
    for db in made.values():
        ok("init", "--db", db)
    return made


def same_content(first: Path, second: Path) -> None:
    """The two files hold the same bytes, or (zip packages) the same parts."""
    if not zipfile.is_zipfile(first):
        assert first.read_bytes() == second.read_bytes()
        return
    with zipfile.ZipFile(first) as one, zipfile.ZipFile(second) as other:
        assert one.namelist() == other.namelist()
        for name in one.namelist():
            assert one.read(name) == other.read(name), name


def test_init_loads_the_sample_and_the_catalogue_exports_byte_identically(
    catalogues: dict[str, str], tmp_path: Path
) -> None:
    for engine, db in catalogues.items():
        ok("export", "catalogue", "--db", db, "-o", str(tmp_path / f"{engine}.toml"))
        ok("export", "catalogue", "--db", db, "--format", "xlsx", "-o", str(tmp_path / engine))
    exported = (tmp_path / "postgresql.toml").read_bytes()
    assert (
        exported == (tmp_path / "sqlite.toml").read_bytes() == sample_catalogue_path().read_bytes()
    )
    same_content(tmp_path / "postgresql", tmp_path / "sqlite")


@pytest.mark.parametrize("format_name", [name for name in SELECTION_FORMATS if name != "pdf"])
def test_a_selection_exports_the_same_from_either_engine(
    catalogues: dict[str, str], tmp_path: Path, format_name: str
) -> None:
    for engine, db in catalogues.items():
        output = str(tmp_path / f"{engine}.out")
        args = ("--format", format_name, "-o", output)
        result = ok("export", "selection", "--db", db, SAMPLE_SELECTION_TITLE, *args)
        assert "16 requirements" in result.output
    same_content(tmp_path / "postgresql.out", tmp_path / "sqlite.out")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx", ".toml"])
def test_the_answers_report_is_the_same_from_either_engine(
    catalogues: dict[str, str], tmp_path: Path, suffix: str
) -> None:
    for engine, db in catalogues.items():
        ok(
            "answers",
            "report",
            "--db",
            db,
            SAMPLE_SELECTION_TITLE,
            str(tmp_path / f"{engine}{suffix}"),
        )
    same_content(tmp_path / f"postgresql{suffix}", tmp_path / f"sqlite{suffix}")


@pytest.mark.parametrize(
    ("args", "refusal"),
    [
        (
            ("export", "selection", SAMPLE_SELECTION_TITLE, "--format", "toml", "-o", "x.docx"),
            "ends in .docx, but the format is TOML",
        ),
        (("export", "catalogue", "-o", "x.PDF"), "ends in .PDF, but the format is TOML"),
        (
            ("answers", "report", SAMPLE_SELECTION_TITLE, "x.xlsx", "--format", "docx"),
            "ends in .xlsx, but the format is DOCX",
        ),
    ],
    ids=["selection", "catalogue", "answers"],
)
def test_a_file_name_of_another_format_is_refused_on_either_engine(
    catalogues: dict[str, str], tmp_path: Path, args: tuple[str, ...], refusal: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    named = [str(out / arg) if arg.startswith("x.") else arg for arg in args]
    for db in catalogues.values():
        result = run(named[0], named[1], "--db", db, *named[2:])
        assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
        assert refusal in result.output and "Traceback" not in result.output
    assert list(out.iterdir()) == []


def test_an_import_adds_there_and_a_refused_one_changes_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    ok("init", "--db", postgres_url)
    added = tmp_path / "added.toml"
    added.write_text(
        sample_catalogue_path().read_text(encoding="utf-8")
        + '\n[requirement.SIK-900]\ntitle = "Nyt krav"\ncategory = "SIK"\nall_domains = true\n',
        encoding="utf-8",
    )
    assert (
        "1 new, 0 changed, 113 unchanged" in ok("import", "--db", postgres_url, str(added)).output
    )
    before = tmp_path / "before.toml"
    ok("export", "catalogue", "--db", postgres_url, "-o", str(before))
    assert "[requirement.SIK-900]" in before.read_text(encoding="utf-8")

    bad = tmp_path / "bad.toml"
    bad.write_text(
        added.read_text(encoding="utf-8").replace('title = "Nyt krav"', 'title = "Andet"')
        + '\n[requirement.SIK-901]\ntitle = "Ukendt"\ncategory = "NOPE"\nall_domains = true\n',
        encoding="utf-8",
    )
    refused = run("import", "--db", postgres_url, str(bad))
    assert refused.exit_code == 1 and refused.output.count("\n") == 1
    assert "NOPE" in refused.output and "Traceback" not in refused.output
    after = tmp_path / "after.toml"
    ok("export", "catalogue", "--db", postgres_url, "-o", str(after))
    assert after.read_bytes() == before.read_bytes()


def test_a_sqlite_file_is_still_refused_as_an_export_target(
    catalogues: dict[str, str], tmp_path: Path
) -> None:
    target = catalogues["sqlite"]
    result = run("export", "catalogue", "--db", catalogues["postgresql"], "-o", target)
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "database" in result.output


def test_the_readmes_market_dialogue_reads_the_same_on_either_engine(
    catalogues: dict[str, str], tmp_path: Path
) -> None:
    """README's dialogue on the sample: the answered files copied, both imported, then listed."""
    outputs: dict[str, list[str]] = {}
    for engine, db in catalogues.items():
        folder = tmp_path / engine
        folder.mkdir()
        ok("answers", "sample", "--db", db, str(folder))
        steps = [
            ok(
                "answers",
                "import",
                "--db",
                db,
                SAMPLE_SELECTION_TITLE,
                "Leverandør A",
                str(folder / "leverandor-a.docx"),
            ),
            ok(
                "answers",
                "import",
                "--db",
                db,
                SAMPLE_SELECTION_TITLE,
                "Leverandør B",
                str(folder / "leverandor-b.xlsx"),
            ),
            ok("answers", "list", "--db", db, SAMPLE_SELECTION_TITLE),
        ]
        outputs[engine] = [step.output for step in steps]
    assert outputs["postgresql"] == outputs["sqlite"]
    assert "16 of 16" in outputs["postgresql"][0] and "DATA-005" in outputs["postgresql"][1]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "the password in --db can be read by anyone on this machine (ps)"),
        ("da", "adgangskoden i --db kan læses af alle på maskinen (ps)"),
    ],
)
def test_a_password_in_db_is_warned_about_once_and_never_shown(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, language: str, words: str
) -> None:
    """A password written in --db is seen by every user of the machine in ``ps``: the command
    works (the server may not even ask) and one line on stderr says where to keep it. In
    $KRAVTUI_DB, or without a password, nothing is said."""
    ok("init", "--empty", "--db", postgres_url)
    secret = "hemmelig-kode-42"
    with_password = postgres_url.replace("postgres@", f"postgres:{secret}@", 1)
    assert with_password != postgres_url
    warned = CliRunner().invoke(main, ["--lang", language, "--db", with_password, "list"])
    assert warned.exit_code == 0, warned.output
    lines = warned.stderr.splitlines()
    assert len(lines) == 1 and words in lines[0] and lines[0].startswith("kravtui: ")
    assert secret not in warned.output
    assert CliRunner().invoke(main, ["--db", postgres_url, "list"]).stderr == ""
    monkeypatch.setenv("KRAVTUI_DB", with_password)
    assert CliRunner().invoke(main, ["list"]).stderr == ""


@pytest.mark.parametrize("size", [3, 4])
def test_a_big_load_leaves_the_planner_its_statistics(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    """Until autovacuum gets round to a new table, the planner knows nothing of the rows just
    loaded and a one-letter search was five times slower: a load of `ANALYZE_AFTER` or more
    requirements ends with ANALYZE, a smaller one leaves it to autovacuum."""
    from kravtui.catalogue import bulk_load
    from kravtui.catalogue.db import open_catalogue
    from kravtui.catalogue.location import PostgresLocation
    from kravtui.interchange.catalogue_toml import catalogue_content, dump_catalogue

    monkeypatch.setattr(bulk_load, "ANALYZE_AFTER", 4)
    ok("init", "--empty", "--db", postgres_url)
    ok("init", "--db", str(tmp_path / "sample.db"))
    conn = open_catalogue(tmp_path / "sample.db")
    content = catalogue_content(conn)
    conn.close()
    wanted = [r for r in content.requirements if not r.deleted][:size]
    assert len(wanted) == size
    path = tmp_path / "few.toml"
    path.write_text(dump_catalogue(replace(content, requirements=tuple(wanted))), "utf-8")
    ok("import", "--db", postgres_url, str(path))
    server = open_catalogue(PostgresLocation(postgres_url))
    analysed = server.execute(
        "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'requirement'"
    ).fetchone()[0]
    server.close()
    assert analysed is (size >= 4)
