"""The catalogue TOML format: golden layout, determinism, round trips, import by uid, refusals.

The catalogue's tests run on both engines (the `catalogue_location` fixture); those of what is
not ported to PostgreSQL yet (editing through `write_contents`, SQLite's own lock) on SQLite.

The golden file is regenerated (after a deliberate format change, then reviewed in git diff) by:

    python -m tests.test_catalogue_toml      # from the repository root
"""

from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import CatalogueError, create_catalogue, transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.history import Action, list_revisions
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.catalogue.records import (
    CatalogueContent,
    Category,
    Classifications,
    Domain,
    Principle,
    RequirementContent,
    Tag,
)
from kravtui.catalogue.requirements import load_contents, write_contents
from kravtui.catalogue.sources import set_sources
from kravtui.catalogue.text_rules import refused_character
from kravtui.catalogue.vocabulary import Importance
from kravtui.interchange import catalogue_reader, catalogue_stream, catalogue_toml
from kravtui.interchange import sample as sample_module
from kravtui.interchange.catalogue_toml import (
    catalogue_content,
    dump_catalogue,
    export_catalogue,
    import_catalogue,
    parse_catalogue,
)
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.sample import create_from_sample, sample_catalogue_path
from tests.catalogue_factory import make_catalogue

GOLDEN = Path(__file__).parent / "golden" / "catalogue-small.toml"

LONG_PARAGRAPH = " ".join(
    f"Punkt {n}: leverandøren skal dokumentere, hvordan data beskyttes i drift." for n in range(15)
)

SMALL = CatalogueContent(
    Classifications(
        categories=(
            Category(
                "SIK",
                "Sikkerhed og adgangsstyring",
                "Adgang, kryptering og styring af informationssikkerhed.",
                ("Adgangsstyring", "Kryptering"),
            ),
            Category("LOG", "Logning og sporbarhed"),
        ),
        domains=(Domain("Økonomi"), Domain("Børn og unge"), Domain("Teknik og miljø")),
        tags=(
            Tag("Persondata", "Skal systemet behandle personoplysninger?"),
            Tag("Cloud", 'Skal systemet leveres som "cloud"-løsning?'),
        ),
        principles=(Principle("Data genbruges", "Fællesoffentlig arkitekturprincip 5"),),
    ),
    (
        RequirementContent(
            uid="SIK-10",
            title="Kryptering af data under transport",
            importance=Importance.HIGH,
            category="SIK",
            subcategory="Kryptering",
            tags=("Persondata",),
            all_domains=True,
            description=LONG_PARAGRAPH,
            rationale='Data kan aflyttes; "TLS" er\tstandard.\nSe også \\\\server\\share.',
            help_text="Svar med versioner.\n\n  - TLS 1.2\n  - TLS 1.3\n",
        ),
        RequirementContent(
            uid="SIK-2",
            title="To-faktor-login for administratorer",
            importance=Importance.ABSOLUTE,
            category="SIK",
            subcategory="Adgangsstyring",
            domains=("Økonomi", "Børn og unge"),
            principles=("Data genbruges",),
            info_requirement=True,
            favourite=True,
            relevant_on_premise=False,
            stakeholders="IT-sikkerhed",
            description='Administratorer skal logge ind med to faktorer ("MFA").',
            notes="Tjek med DPO'en \ufeff før udsendelse",
        ),
        RequirementContent(
            uid="LOG-1",
            title="Gammelt logkrav",
            importance=Importance.OPTIONAL,
            category="LOG",
            domains=("Teknik og miljø",),
            deleted=True,
        ),
    ),
    sources={"SIK-2": "os2kravmotor:1234"},
)


def write_catalogue(path: Path, content: CatalogueContent) -> sqlite3.Connection:
    """A new catalogue at `path` holding `content`, written straight through the catalogue API."""
    conn = create_catalogue(path)
    with transaction(conn):
        merge_classifications(conn, content.classifications)
        write_contents(conn, content.requirements)
        set_sources(conn, content.sources)
    return conn


def built_catalogue(location: CatalogueLocation, content: CatalogueContent) -> Any:
    """`content` as a new catalogue at `location`: through the catalogue API on SQLite, by the
    test factory's plain INSERTs on PostgreSQL (whose editing services are ported elsewhere)."""
    if isinstance(location, SqliteLocation):
        return write_catalogue(location.path, content)
    known = content.classifications
    conn = make_catalogue(
        location,
        content.requirements,
        categories=known.categories,
        domains=known.domains,
        tags=known.tags,
        principles=known.principles,
    )
    for uid, source in content.sources.items():
        system, reference = source.split(":", 1)
        conn.execute(
            "INSERT INTO requirement_source (system, reference, requirement_id)"
            " SELECT ?, ?, id FROM requirement WHERE uid = ?",
            (system, reference, uid),
        )
    return conn


@pytest.fixture
def small(catalogue_location: CatalogueLocation) -> Iterator[Any]:
    """The small catalogue, on each engine in turn."""
    conn = built_catalogue(catalogue_location, SMALL)
    yield conn
    conn.close()


@pytest.fixture
def small_file(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """The small catalogue in a SQLite file (``small.db``)."""
    conn = write_catalogue(tmp_path / "small.db", SMALL)
    yield conn
    conn.close()


def dump_db(conn: Connection) -> str:
    return dump_catalogue(catalogue_content(conn))


def test_dump_matches_the_golden_file() -> None:
    assert dump_catalogue(SMALL).encode("utf-8") == GOLDEN.read_bytes()


def test_golden_file_is_valid_toml_in_the_documented_order() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    assert list(data) == ["format", "kind", "category", "domain", "tag", "principle", "requirement"]
    assert list(data["requirement"]) == ["LOG-1", "SIK-2", "SIK-10"]
    assert list(data["requirement"]["SIK-2"]) == [
        "title",
        "importance",
        "category",
        "subcategory",
        "domains",
        "tags",
        "principles",
        "info_requirement",
        "favourite",
        "all_domains",
        "all_tags",
        "relevant_saas",
        "relevant_on_premise",
        "deleted",
        "stakeholders",
        "description",
        "rationale",
        "help_text",
        "notes",
        "source",  # only where the requirement came from another system
    ]
    written = set(data["requirement"]["SIK-2"]) - {"source"}
    assert written == {f.name for f in dataclasses.fields(RequirementContent)} - {"uid"}
    assert "source" not in data["requirement"]["SIK-10"]
    assert "\n\n\n" not in text and text.endswith('notes = ""\n')


def test_export_of_the_small_catalogue_is_the_golden_file(
    small: Connection, tmp_path: Path
) -> None:
    assert export_catalogue(small, tmp_path / "out.toml") == 3
    assert (tmp_path / "out.toml").read_bytes() == GOLDEN.read_bytes()


def test_export_twice_gives_identical_bytes(small: Connection, tmp_path: Path) -> None:
    export_catalogue(small, tmp_path / "a.toml")
    export_catalogue(small, tmp_path / "b.toml")
    assert (tmp_path / "a.toml").read_bytes() == (tmp_path / "b.toml").read_bytes()


def test_parse_gives_back_the_content() -> None:
    parsed = parse_catalogue(GOLDEN.read_text(encoding="utf-8"), "golden.toml")
    assert parsed.classifications == SMALL.classifications
    assert sorted(parsed.requirements, key=lambda r: r.uid) == sorted(
        SMALL.requirements, key=lambda r: r.uid
    )


def test_import_into_an_empty_catalogue_and_export_again(
    catalogue_location: CatalogueLocation, tmp_path: Path
) -> None:
    conn = create_catalogue(catalogue_location)
    report = import_catalogue(conn, GOLDEN)
    assert sorted(report.created) == ["LOG-1", "SIK-10", "SIK-2"]
    assert report.updated == () and report.unchanged == 0
    export_catalogue(conn, tmp_path / "again.toml")
    assert (tmp_path / "again.toml").read_bytes() == GOLDEN.read_bytes()
    assert [r.action for r in list_revisions(conn, "SIK-2")] == [Action.IMPORT]


def test_import_adds_and_updates_by_uid_and_records_one_revision_per_change(
    small_file: sqlite3.Connection, tmp_path: Path
) -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    changed = text.replace(
        'title = "To-faktor-login for administratorer"',
        'title = "To-faktor-login for alle administratorer"',
    )
    changed += '\n[requirement.LOG-2]\ntitle = "Ny"\ncategory = "LOG"\nall_domains = true\n'
    path = tmp_path / "changed.toml"
    path.write_text(changed, encoding="utf-8")

    report = import_catalogue(small_file, path)
    assert report.created == ("LOG-2",)
    assert report.updated == ("SIK-2",)
    assert sorted(report.unchanged_uids) == ["LOG-1", "SIK-10"] and report.unchanged == 2
    uids = [row[0] for row in small_file.execute("SELECT uid FROM requirement ORDER BY uid")]
    assert uids == ["LOG-1", "LOG-2", "SIK-10", "SIK-2"]
    assert [r.action for r in list_revisions(small_file, "SIK-2")] == [Action.CREATE, Action.IMPORT]
    assert list_revisions(small_file, "SIK-2")[-1].content.title.endswith("alle administratorer")
    assert [r.action for r in list_revisions(small_file, "SIK-10")] == [Action.CREATE]
    assert [r.action for r in list_revisions(small_file, "LOG-2")] == [Action.IMPORT]

    again = import_catalogue(small_file, path)
    assert again.created == () and again.updated == () and again.unchanged == 4
    assert small_file.execute("SELECT count(*) FROM revision").fetchone()[0] == 5


def test_references_may_point_into_the_target_catalogue(
    small_file: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "bare.toml"
    path.write_text(
        'format = "kravtui/1"\nkind = "catalogue"\n\n'
        "[requirement.SIK-99]\n"
        'title = "Håndskrevet"\ncategory = "SIK"\nsubcategory = "Kryptering"\n'
        'domains = ["Økonomi"]\ntags = ["Cloud"]\n',
        encoding="utf-8",
    )
    assert import_catalogue(small_file, path).created == ("SIK-99",)
    stored = load_contents(small_file, uids=["SIK-99"])[0]
    assert stored.importance is Importance.NORMAL and stored.relevant_saas is True
    assert stored.tags == ("Cloud",) and stored.description == ""
    with pytest.raises(InterchangeError, match="unknown category"):
        parse_catalogue(path.read_text(encoding="utf-8"), "bare.toml")


# Each case: (name, edit of the golden text, line of the error, fragment of the reason).
def _replace(old: str, new: str, count: int = 1) -> tuple[str, str, int]:
    return old, new, count


REFUSALS = [
    ("syntax", _replace('title = "Gammelt logkrav"', "title = Gammelt logkrav"), "syntax error"),
    ("wrong type", _replace("favourite = true", 'favourite = "ja"'), "expected true or false"),
    ("wrong type list", _replace('tags = [\n    "Persondata",\n]', "tags = 3"), "array of str"),
    ("unknown field", _replace("all_tags = false", "alle_tags = false"), 'unknown field "alle_'),
    ("unknown priority", _replace('importance = "high"', 'importance = "urgent"'), '"urgent"'),
    ("missing title", _replace('title = "Gammelt logkrav"\n', ""), "missing title"),
    ("empty title", _replace('title = "Gammelt logkrav"', 'title = "  "'), "title is empty"),
    ("unknown category", _replace('category = "LOG"', 'category = "NOPE"'), 'category "NOPE"'),
    ("unknown domain", _replace('    "Teknik og miljø",\n]\nt', '    "Skole",\n]\nt'), '"Skole"'),
    ("unknown subcategory", _replace('y = "Kryptering"', 'y = "Krypto"'), "subcategory"),
    ("unknown tag", _replace('    "Persondata",\n]', '    "Ukendt",\n]'), 'tag "Ukendt"'),
    ("no domains", _replace("all_domains = true", "all_domains = false"), "no domains"),
    ("format version", _replace('"kravtui/1"', '"kravtui/2"'), "unknown format version"),
    ("format missing", _replace('format = "kravtui/1"\n', ""), "no format key"),
    ("kind", _replace('kind = "catalogue"', 'kind = "selection"'), "not a catalogue"),
    ("malformed uid", _replace("[requirement.LOG-1]", "[requirement.log-1]"), "malformed uid"),
    ("duplicate prefix", _replace('prefix = "LOG"', 'prefix = "SIK"'), "duplicate"),
    ("duplicate domain", _replace('name = "Børn og unge"', 'name = "Økonomi"'), "duplicate"),
]


def _error_line(base: str, text: str, case: str) -> int:
    """The line the error should name: where the edit was made (or for removals, the table)."""
    expected = {
        "missing title": "[requirement.LOG-1]",
        "format missing": "# kravtui",
        "unknown domain": '    "Skole",',
        "unknown tag": '    "Ukendt",',
        "no domains": "domains = []",
    }
    marker = expected.get(case)
    lines = text.split("\n")
    if marker is not None:
        return next(i for i, line in enumerate(lines, 1) if line.startswith(marker))
    original = base.split("\n")
    return next(i for i, (a, b) in enumerate(zip(original, lines, strict=False), 1) if a != b)


@pytest.mark.parametrize(("case", "edit", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_bad_file_is_refused_whole_with_file_line_and_reason(
    small: Connection, tmp_path: Path, case: str, edit: tuple[str, str, int], reason: str
) -> None:
    old, new, count = edit
    # The file would otherwise change something: a requirement's stakeholders.
    base = GOLDEN.read_text(encoding="utf-8").replace("IT-sikkerhed", "IT-sikkerhed og drift")
    assert old in base
    text = base.replace(old, new, count)
    path = tmp_path / "bad catalogue.toml"
    path.write_text(text, encoding="utf-8")
    before = dump_db(small)
    revisions = small.execute("SELECT count(*) FROM revision").fetchone()[0]

    with pytest.raises(InterchangeError) as caught:
        import_catalogue(small, path)

    error = caught.value
    line = _error_line(base, text, case)
    assert str(error).startswith(f"{path}:{line}: "), (str(error), line)
    assert reason in str(error)
    assert error.source == str(path) and error.line == line and reason in error.reason
    assert dump_db(small) == before
    assert small.execute("SELECT count(*) FROM revision").fetchone()[0] == revisions


def test_duplicate_uid_is_named_with_its_line(small: Connection, tmp_path: Path) -> None:
    golden = GOLDEN.read_text(encoding="utf-8")
    start = golden.index("[requirement.SIK-2]")
    end = golden.index("[requirement.SIK-10]")
    text = golden + "\n" + golden[start:end].replace("To-faktor", "Tre-faktor")
    path = tmp_path / "dup.toml"
    path.write_text(text, encoding="utf-8")
    before = dump_db(small)
    with pytest.raises(InterchangeError) as caught:
        import_catalogue(small, path)
    line = golden.count("\n") + 2
    assert str(caught.value) == (
        f"{path}:{line}: requirement.SIK-2: duplicate uid SIK-2: the file defines it twice"
    )
    assert dump_db(small) == before


def test_unreadable_files_are_refused_cleanly(small: Connection, tmp_path: Path) -> None:
    before = dump_db(small)
    with pytest.raises(InterchangeError, match="no such file") as missing:
        import_catalogue(small, tmp_path / "nowhere.toml")
    assert str(missing.value) == f"{tmp_path / 'nowhere.toml'}: no such file"
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('format = "kravtui/1"\n# Økonomi\n'.encode("latin-1"))
    with pytest.raises(InterchangeError, match=r"latin1.toml:2: not UTF-8"):
        import_catalogue(small, latin1)
    with pytest.raises(InterchangeError, match="cannot read"):
        import_catalogue(small, tmp_path)
    assert dump_db(small) == before


def test_a_failure_while_writing_rolls_back_the_classifications_too(
    small: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = GOLDEN.read_text(encoding="utf-8").replace(
        'name = "Økonomi"', 'name = "Økonomi"\n\n[[domain]]\nname = "Ny"', 1
    )
    path = tmp_path / "new-domain.toml"
    path.write_text(text, encoding="utf-8")
    before = dump_db(small)

    def explode(*args: object, **kwargs: object) -> None:
        raise sqlite3.IntegrityError("simulated failure")

    monkeypatch.setattr(catalogue_toml, "write_contents", explode)
    with pytest.raises(InterchangeError, match="nothing was changed"):
        import_catalogue(small, path)
    assert dump_db(small) == before


def test_a_category_name_owned_by_another_prefix_is_refused(
    small: Connection, tmp_path: Path
) -> None:
    text = GOLDEN.read_text(encoding="utf-8").replace('prefix = "LOG"', 'prefix = "LOGNING"')
    text = text.replace('category = "LOG"', 'category = "LOGNING"')
    path = tmp_path / "renamed.toml"
    path.write_text(text, encoding="utf-8")
    before = dump_db(small)
    with pytest.raises(InterchangeError, match="already belongs to category LOG"):
        import_catalogue(small, path)
    assert dump_db(small) == before


def test_a_locked_catalogue_refuses_the_import_cleanly(
    small_file: sqlite3.Connection, tmp_path: Path
) -> None:
    before = dump_db(small_file)
    other = sqlite3.connect(tmp_path / "small.db", isolation_level=None)
    small_file.execute("PRAGMA busy_timeout = 50")
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(InterchangeError, match="nothing was changed: database is locked"):
            import_catalogue(small_file, GOLDEN)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert dump_db(small_file) == before


def test_export_is_atomic(
    small: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "export.toml"
    target.write_text("the previous good export\n", encoding="utf-8")

    def broken_replace(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(InterchangeError, match="No space left"):
        export_catalogue(small, target)
    assert target.read_text(encoding="utf-8") == "the previous good export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.undo()
    export_catalogue(small, target)
    assert target.read_bytes() == GOLDEN.read_bytes()


def test_export_into_a_missing_folder_is_a_clean_error(small: Connection, tmp_path: Path) -> None:
    with pytest.raises(InterchangeError, match="there is no folder"):
        export_catalogue(small, tmp_path / "no" / "such" / "folder.toml")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_one_word_edit_is_one_changed_line_in_git_diff(
    small_file: sqlite3.Connection, tmp_path: Path
) -> None:
    export_catalogue(small_file, tmp_path / "before.toml")
    [requirement] = load_contents(small_file, uids=["SIK-10"])
    edited = requirement.description.replace("Punkt 7: leverandøren", "Punkt 7: kunden", 1)
    assert edited != requirement.description
    with transaction(small_file):
        write_contents(small_file, [requirement.with_changes(description=edited)])
    export_catalogue(small_file, tmp_path / "after.toml")
    result = subprocess.run(
        ["git", "diff", "--no-index", "--numstat", "before.toml", "after.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.split("\t")[:2] == ["1", "1"]


def test_the_sample_catalogue_imports_cleanly_and_round_trips_byte_identically(
    catalogue_location: CatalogueLocation, tmp_path: Path
) -> None:
    sample = sample_catalogue_path()
    conn = create_from_sample(catalogue_location)
    count = export_catalogue(conn, tmp_path / "sample.toml")
    assert count == sample.read_text(encoding="utf-8").count("\n[requirement.") >= 80
    assert (tmp_path / "sample.toml").read_bytes() == sample.read_bytes()
    assert {a for (a,) in conn.execute("SELECT DISTINCT action FROM revision")} == {"import"}
    conn.close()


def test_a_big_import_read_in_a_process_of_its_own_writes_the_same_on_postgresql(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Path] = []

    class Counted(catalogue_reader.Worker):
        def __init__(self, path: Path) -> None:
            super().__init__(path)
            started.append(path)

    monkeypatch.setattr(catalogue_stream, "IN_WORKER", 1)
    monkeypatch.setattr(catalogue_reader, "BATCH", 20)
    monkeypatch.setattr(catalogue_stream, "Worker", Counted)
    conn = create_catalogue(PostgresLocation(postgres_url))
    report = import_catalogue(conn, sample_catalogue_path())
    assert started == [sample_catalogue_path()] and len(report.created) == 113
    export_catalogue(conn, tmp_path / "again.toml")
    assert (tmp_path / "again.toml").read_bytes() == sample_catalogue_path().read_bytes()
    conn.close()


def test_create_from_sample_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "taken.db"
    target.write_bytes(b"not mine")
    with pytest.raises(CatalogueError, match="already exists"):
        create_from_sample(target)
    assert target.read_bytes() == b"not mine"


def test_a_failed_sample_import_leaves_no_half_made_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken-sample.toml"
    broken.write_text('format = "kravtui/9"\n', encoding="utf-8")
    monkeypatch.setattr(sample_module, "sample_catalogue_path", lambda: broken)
    with pytest.raises(InterchangeError, match="unknown format version"):
        create_from_sample(tmp_path / "new.db")
    assert list(tmp_path.iterdir()) == [broken]


def test_a_failed_sample_import_leaves_the_database_empty(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken-sample.toml"
    broken.write_text('format = "kravtui/9"\n', encoding="utf-8")
    monkeypatch.setattr(sample_module, "sample_catalogue_path", lambda: broken)
    location = PostgresLocation(postgres_url)
    with pytest.raises(InterchangeError, match="unknown format version"):
        create_from_sample(location)
    assert _schema_objects(postgres_url) == []
    monkeypatch.undo()  # nothing left to refuse the next attempt
    conn = create_from_sample(location)
    assert conn.execute("SELECT count(*) FROM selection").fetchone()[0] == 1
    conn.close()


def test_create_from_sample_refuses_a_database_that_is_not_empty(postgres_url: str) -> None:
    _run(postgres_url, "CREATE TABLE theirs (x integer)")
    with pytest.raises(CatalogueError, match="already holds tables"):
        create_from_sample(PostgresLocation(postgres_url))
    assert _schema_objects(postgres_url) == ["theirs"]


def _run(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement.encode())


def _schema_objects(url: str) -> list[str]:
    """The tables and functions in the database's public schema."""
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' UNION ALL"
            " SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
            " AND proname LIKE 'kravtui%%'"
        ).fetchall()
    return sorted(str(row[0]) for row in rows)


HOSTILE = st.sampled_from(
    [
        '"',
        '""',
        '"""',
        "\\",
        "\t",
        "\r\n",
        "\r",
        "\n",
        " ",
        "æøå",
        "ÆØÅ",
        "😀",
        "\u202e",
        "\u2066",
        "\ufeff",
        "\u200b",
        ". ",
    ]
)


def _allowed(text: str, *, one_line: bool = False) -> str:
    """`text` without the characters `text_rules` refuses (those have tests of their own)."""
    return "".join(c for c in text if refused_character(c, one_line=one_line) is None)


TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(HOSTILE, st.text(max_size=10)), max_size=30).map("".join),
).map(_allowed)
LONG_TEXT = (
    st.lists(st.one_of(HOSTILE, st.text(min_size=1, max_size=20)), min_size=1, max_size=20)
    .map("".join)
    .map(lambda piece: (piece * (20_000 // len(piece) + 1))[:20_000])
    .map(_allowed)
)
NAME = TEXT.map(lambda text: _allowed(text, one_line=True)).filter(lambda text: text.strip() != "")
PREFIX = st.from_regex(r"[A-Z][A-Z0-9]{0,3}", fullmatch=True)


@st.composite
def catalogues(draw: st.DrawFn) -> CatalogueContent:
    """Small catalogues whose every text holds hostile characters, some 20,000 long; some
    requirements with an OS2kravmotor number as their source."""
    prefixes = draw(st.lists(PREFIX, min_size=1, max_size=3, unique=True))
    names = draw(st.lists(NAME, min_size=len(prefixes), max_size=len(prefixes), unique=True))
    categories = tuple(
        Category(prefix, name, draw(TEXT), tuple(draw(st.lists(NAME, max_size=3, unique=True))))
        for prefix, name in zip(prefixes, names, strict=True)
    )
    domains = tuple(Domain(n) for n in draw(st.lists(NAME, min_size=1, max_size=3, unique=True)))
    tags = tuple(Tag(name, draw(TEXT)) for name in draw(st.lists(NAME, max_size=3, unique=True)))
    principles = tuple(
        Principle(name, draw(TEXT)) for name in draw(st.lists(NAME, max_size=2, unique=True))
    )
    requirements: dict[str, RequirementContent] = {}
    for _ in range(draw(st.integers(1, 4))):
        category = draw(st.sampled_from(categories))
        uid = f"{category.prefix}-{draw(st.integers(0, 999_999))}"
        chosen_domains = draw(st.lists(st.sampled_from([d.name for d in domains]), unique=True))
        requirements[uid] = RequirementContent(
            uid=uid,
            title=draw(NAME),
            importance=draw(st.sampled_from(list(Importance))),
            category=category.prefix,
            subcategory=draw(st.sampled_from(("", *category.subcategories))),
            domains=tuple(chosen_domains),
            tags=tuple(draw(st.lists(st.sampled_from([t.name for t in tags]), unique=True)))
            if tags
            else (),
            principles=tuple(
                draw(st.lists(st.sampled_from([p.name for p in principles]), unique=True))
            )
            if principles
            else (),
            info_requirement=draw(st.booleans()),
            favourite=draw(st.booleans()),
            all_domains=draw(st.booleans()) or not chosen_domains,
            all_tags=draw(st.booleans()),
            relevant_saas=draw(st.booleans()),
            relevant_on_premise=draw(st.booleans()),
            deleted=draw(st.booleans()),
            stakeholders=draw(TEXT),
            description=draw(st.one_of(TEXT, TEXT, LONG_TEXT)),
            rationale=draw(TEXT),
            help_text=draw(TEXT),
            notes=draw(TEXT),
        )
    numbers = draw(st.lists(st.integers(0, 10**18 - 1), max_size=len(requirements), unique=True))
    sources = {uid: f"os2kravmotor:{n}" for uid, n in zip(requirements, numbers, strict=False)}
    return CatalogueContent(
        Classifications(categories, domains, tags, principles),
        tuple(requirements.values()),
        sources,
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogues())
def test_export_import_export_gives_identical_bytes(content: CatalogueContent) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        first = write_catalogue(root / "first.db", content)
        export_catalogue(first, root / "a.toml")
        second = create_catalogue(root / "second.db")
        report = import_catalogue(second, root / "a.toml")
        export_catalogue(second, root / "b.toml")
        assert (root / "a.toml").read_bytes() == (root / "b.toml").read_bytes()
        assert len(report.created) == len(content.requirements)
        assert load_contents(second) == load_contents(first)
        assert catalogue_content(second) == catalogue_content(first)
        first.close()
        second.close()


def regenerate_golden() -> None:
    """Rewrite the golden file from `SMALL` (see the module docstring)."""
    GOLDEN.parent.mkdir(parents=True, exist_ok=True)
    GOLDEN.write_bytes(dump_catalogue(SMALL).encode("utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        conn = write_catalogue(Path(folder) / "c.db", SMALL)
        assert dump_db(conn) == GOLDEN.read_text(encoding="utf-8")
        conn.close()
    print(f"wrote {GOLDEN}", file=sys.stderr)


if __name__ == "__main__":
    regenerate_golden()
