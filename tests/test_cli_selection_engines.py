"""The selection, questionnaire and answers commands through ``--db`` on either engine: the same
session of an officer gives the same output on a SQLite file and on a PostgreSQL database.

Each test runs on SQLite, then on PostgreSQL (`catalogue_location`); the catalogue is built with
plain INSERTs (`make_catalogue`), small and the same on both. Hostile uids, names and facet
values (NUL, bytes that are not UTF-8, control characters) are one line, or list nothing, and
change nothing on both.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.answers.sent import sent_selection
from kravtui.answers.store import import_answers
from kravtui.catalogue.db import open_catalogue
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import Category, RequirementContent, Tag
from kravtui.catalogue.vocabulary import Importance
from kravtui.cli import main
from kravtui.interchange.answer_sheet import answer_sheet_bytes
from kravtui.selection.store import find_selection
from tests.answers_helpers import ALL_YES, db_argument, returned_file
from tests.catalogue_factory import make_catalogue

REQUIREMENTS = [
    RequirementContent(
        uid="SIK-1",
        title="To-faktor-login",
        importance=Importance.ABSOLUTE,
        category="SIK",
        subcategory="Adgang",
        domains=("Økonomi",),
        tags=("Persondata",),
    ),
    RequirementContent(uid="SIK-2", title="Kryptering", category="SIK", subcategory="Adgang"),
    RequirementContent(uid="SIK-10", title="Nøgler", category="SIK", favourite=True),
    RequirementContent(uid="LOG-1", title="Logning", category="LOG", all_domains=True),
    RequirementContent(uid="LOG-2", title="Slettet", category="LOG", deleted=True),
]


@pytest.fixture
def db(catalogue_location: CatalogueLocation) -> Iterator[str]:
    """`--db` for a small catalogue on each engine in turn."""
    conn = make_catalogue(
        catalogue_location,
        requirements=REQUIREMENTS,
        categories=(Category("SIK", "Sikkerhed", "", ("Adgang",)), Category("LOG", "Logning")),
        tags=(Tag("Persondata", "Behandles persondata?"),),
    )
    conn.close()
    return db_argument(catalogue_location)


def _run(db: str, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args, "--db", db], input=stdin)


def _ok(db: str, *args: str, stdin: str | None = None) -> str:
    result = _run(db, *args, stdin=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def _refused(db: str, *args: str) -> str:
    """The one line a refused command prints (exit status 1)."""
    result = _run(db, *args)
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    return result.stderr


def _items(db: str, name: str = "Udbud") -> list[tuple[str, bool]]:
    """The selection's items in order with whether each is ticked (those unticked by hand,
    kept as decisions, after the ticked ones)."""
    shown = json.loads(_ok(db, "selection", "show", name, "--json"))
    ticked = [(item["uid"], True) for item in shown["items"]]
    return ticked + [(uid, False) for uid in shown["unticked_by_hand"]]


def test_an_officer_session_from_the_shell(db: str, catalogue_location: CatalogueLocation) -> None:
    location = catalogue_location
    assert _ok(db, "selection", "new", "Udbud", "--domain", "Økonomi") == (
        "Created selection 1: Udbud\n"
    )
    assert _ok(db, "selection", "add", "Udbud", "SIK-10", "log-1", "SIK-2") == "Ticked 3\n"
    assert _ok(db, "selection", "add", "udbud", "-", stdin="SIK-1\tTo-faktor-login\n") == (
        "Ticked 1\n"
    )
    assert _items(db) == [
        ("SIK-10", True),
        ("SIK-1", True),
        ("SIK-2", True),
        ("LOG-1", True),
    ]  # the catalogue's order: category, subcategory (none first), then the uid's number
    assert _ok(db, "selection", "remove", "Udbud", "SIK-2") == "Unticked 1\n"
    assert _ok(db, "selection", "priority", "Udbud", "LOG-1", "high").startswith("LOG-1")
    free = _ok(db, "selection", "free-text", "Udbud", "--title", "Eget krav", "--category", "LOG")
    assert "FRI-001" in free
    assert ("FRI-001", True) in _items(db)
    listed = json.loads(_ok(db, "selection", "list", "--json"))
    assert listed == [{"id": 1, "title": "Udbud", "status": "draft", "ticked": 4}]
    answered = _ok(db, "selection", "answer", "Udbud", "persondata=yes")
    assert "proposed" in answered
    assert ("SIK-2", False) in _items(db)  # unticked by hand: a decision the answer keeps
    questions = json.loads(_ok(db, "selection", "questions", "Udbud", "--json"))
    assert questions == [
        {"tag": "Persondata", "question": "Behandles persondata?", "answer": "yes"}
    ]
    _ok(db, "selection", "edit-item", "Udbud", "LOG-1", "--title", "Vores logning")
    _ok(db, "selection", "edit", "Udbud", "--organisation", "Kommunen")
    catalogue = open_catalogue(location)
    try:  # an editor changes SIK-1 in the catalogue meanwhile
        catalogue.execute("UPDATE requirement SET title = 'Ny', version = 2 WHERE uid = 'SIK-1'")
    finally:
        catalogue.close()
    assert "SIK-1" in _ok(db, "selection", "changes", "Udbud")
    _ok(db, "selection", "refresh", "Udbud", "--all")
    shown = json.loads(_ok(db, "selection", "show", "Udbud", "--json"))
    titles = {item["uid"]: item["title"] for item in shown["items"]}
    assert (titles["SIK-1"], titles["LOG-1"]) == ("Ny", "Vores logning")
    assert shown["organisation"] == "Kommunen"
    _ok(db, "selection", "use", "Udbud")
    _ok(db, "selection", "duplicate", "Udbud", "--title", "Kopi")
    assert _items(db, "Kopi") == _items(db)
    _ok(db, "selection", "delete", "Kopi", "--yes")
    _ok(db, "selection", "finalise", "Udbud")
    assert "final" in _refused(db, "selection", "add", "Udbud", "SIK-2")


def test_the_vendors_answers_from_the_shell(
    db: str, catalogue_location: CatalogueLocation, tmp_path: Path
) -> None:
    _ok(db, "selection", "new", "Udbud")
    _ok(db, "selection", "add", "Udbud", "SIK-1", "SIK-2", "LOG-1")
    conn = open_catalogue(catalogue_location)
    try:
        selection_id = find_selection(conn, "Udbud").id
        sent = sent_selection(conn, selection_id)
        import_answers(conn, selection_id, "Firma A/S", returned_file(sent, ALL_YES))
    finally:
        conn.close()
    sheet = tmp_path / "svar.xlsx"  # the answer sheet as sent, returned unanswered
    sheet.write_bytes(answer_sheet_bytes(sent))
    imported = _ok(db, "answers", "import", "Udbud", "Beta ApS", str(sheet), "--json")
    assert json.loads(imported)["answer_set"]["vendor"] == "Beta ApS"
    listed = json.loads(_ok(db, "answers", "list", "Udbud", "--json"))
    assert [(vendor["vendor"], vendor["answered"]) for vendor in listed] == [
        ("Beta ApS", 0),
        ("Firma A/S", 3),
    ]
    shown = json.loads(_ok(db, "answers", "show", "Udbud", "firma a/s", "--json"))
    assert [answer["uid"] for answer in shown["answers"]] == ["SIK-1", "SIK-2", "LOG-1"]
    _ok(db, "answers", "assess", "Udbud", "Firma A/S", "accepted", "SIK-1")
    _ok(db, "answers", "winner", "Udbud", "Firma A/S")
    assert "Firma A/S" in _ok(db, "answers", "winner", "Udbud")
    assert "no vendor" in _refused(db, "answers", "show", "Udbud", "Firma\x00")


@pytest.mark.parametrize(
    "uid",
    ["SIK-\x00", "SIK-\udcff", "SIK-\x1b[31m", "SIK-" + "9" * 10_000],
    ids=["nul", "not-utf-8", "escape", "10-kB"],
)
def test_a_hostile_uid_is_one_line_and_changes_nothing(db: str, uid: str) -> None:
    _ok(db, "selection", "new", "Udbud")
    _ok(db, "selection", "add", "Udbud", "SIK-1")
    before = _items(db)
    refused = _refused(db, "selection", "add", "Udbud", uid)
    assert "not ticked" in refused and "\x1b" not in refused and "\x00" not in refused
    assert _ok(db, "selection", "remove", "Udbud", uid) == "Unticked 0\n"
    assert "no requirement" in _refused(db, "selection", "priority", "Udbud", uid, "high")
    assert _items(db) == before


@pytest.mark.parametrize(
    "name", ["Udbud\x00", "\udcff", "9" * 30, "²"], ids=["nul", "not-utf-8", "huge-id", "digit"]
)
def test_a_hostile_selection_name_is_one_line(db: str, name: str) -> None:
    _ok(db, "selection", "new", "Udbud")
    assert "no selection" in _refused(db, "selection", "show", name)
    assert "no selection" in _refused(db, "selection", "add", name, "SIK-1")
    assert _items(db) == []


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (("--tag", "Per\x00sondata"), ""),
        (("--tag", "Persondata\udcff"), ""),  # bytes that were not UTF-8
        (("--tag", "Persondata", "--tag", "x\x00"), "SIK-1\tTo-faktor-login\tSIK\tMinimum\n"),
        (("--domain", "Øk\x00onomi"), "LOG-1\tLogning\tLOG\tNormal\n"),  # every domain's
        (("--domain", "\udcff"), "LOG-1\tLogning\tLOG\tNormal\n"),
    ],
    ids=["tag-nul", "tag-not-utf-8", "tag-or-nul", "domain-nul", "domain-not-utf-8"],
)
def test_a_filter_value_no_catalogue_holds_lists_what_sqlite_lists(
    db: str, args: tuple[str, ...], listed: str
) -> None:
    """A name no stored name can hold names nothing, on both engines alike: no engine error
    line (PostgreSQL cannot be sent a NUL), no traceback (neither can be sent a surrogate)."""
    result = _run(db, "list", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (0, listed, "")
    _ok(db, "selection", "new", "Udbud")
    assert _run(db, "selection", "add", "Udbud", *args).exit_code == 0
    assert [uid for uid, _ in _items(db)] == [line.split("\t")[0] for line in listed.splitlines()]


@pytest.mark.parametrize("category", ["S\x00IK", "SIK\udcff"], ids=["nul", "not-utf-8"])
def test_a_category_no_catalogue_holds_is_unknown_in_one_line(db: str, category: str) -> None:
    refused = _refused(db, "list", "--category", category)
    assert refused.startswith("kravtui: error: unknown category 'S")
    assert "\x00" not in refused and "\udcff" not in refused


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("sikkerhed", "SIK"),  # ASCII letters apart from case
        ("LOGNING", "LOG"),
        ("ØKONOMI", "OKO"),  # Ø itself as stored: only the ASCII letters are folded
        ("økonomi", None),  # SQLite's lower() leaves Ø/ø apart, and so does PostgreSQL here
        ("ÉTAT", None),
        ("état", "ETA"),
    ],
)
def test_a_category_name_is_folded_as_sqlite_folds_it(
    catalogue_location: CatalogueLocation, typed: str, found: str | None
) -> None:
    conn = make_catalogue(
        catalogue_location,
        requirements=[
            RequirementContent(uid=f"{prefix}-1", title=name, category=prefix, all_domains=True)
            for prefix, name in (
                ("SIK", "Sikkerhed"),
                ("OKO", "Økonomi"),
                ("ETA", "état"),
                ("LOG", "Logning"),
            )
        ],
        categories=(
            Category("SIK", "Sikkerhed"),
            Category("OKO", "Økonomi"),
            Category("ETA", "état"),
            Category("LOG", "Logning"),
        ),
    )
    conn.close()
    result = _run(db_argument(catalogue_location), "list", "--category", typed)
    if found is None:
        assert result.exit_code == 1 and "unknown category" in result.stderr
    else:
        assert (result.exit_code, result.stdout.split("\t")[0]) == (0, f"{found}-1"), result.output


def test_a_filter_ticks_what_the_list_shows_on_either_engine(db: str) -> None:
    _ok(db, "selection", "new", "Udbud")
    result = _run(db, "selection", "add", "Udbud", "--category", "LOG")
    assert result.exit_code == 0 and result.stdout == "Ticked 1\n"
    assert len(_items(db)) == 1
