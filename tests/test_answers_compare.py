"""Every vendor's answers side by side (`kravtui.answers.compare`): the same counts as
`summarise`, the four filters (an item is shown when one vendor's answer matches, and every
vendor's answer to it is there, a failing vendor included), one vendor's verdicts read again,
one answer in full; and `kravtui answers show --filter` picking the same items."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kravtui.answers.assessments import assess, choose_winner
from kravtui.answers.compare import AnswerFilter, load_comparison, reload_verdicts
from kravtui.answers.records import Choice, Status
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import find_vendor, import_answers
from kravtui.answers.summary import summarise
from kravtui.application.answers import answer_detail, compare_vendors, filtered_uids
from kravtui.catalogue.db import open_catalogue
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.cli import main
from kravtui.selection.items import untick
from tests.answers_helpers import db_argument, dialogue_catalogue, returned_file
from tests.catalogue_files import old_schema_catalogue

# SIK-1 Mindstekrav, SIK-2 an info requirement (Vigtigt krav), LOG-1 Krav, ARK-1 Option.
ALFA = {
    "SIK-1": ("Nej", "", ""),  # fails the minimum requirement
    "SIK-2": ("Ja, delvist", "TLS 1.3 overalt.", ""),
    "LOG-1": ("Ja, som tilkøb", "", "12.500 kr."),
    "ARK-1": ("Ja, som tilkøb", "", "efter aftale"),
}
BETA = {
    "SIK-1": ("Ja", "", ""),
    "SIK-2": ("Ja", "Se bilag 2.", ""),
    "LOG-1": ("Ja, som tilkøb", "", "1.000,50"),
    # ARK-1 unanswered
}


@pytest.fixture
def compared(catalogue_location: CatalogueLocation) -> Iterator[tuple[Connection, int]]:
    conn, selection_id = dialogue_catalogue(catalogue_location)
    sent = sent_selection(conn, selection_id)
    import_answers(conn, selection_id, "Alfa", returned_file(sent, ALFA, name="a.xlsx"))
    import_answers(conn, selection_id, "Beta", returned_file(sent, BETA, name="b.xlsx"))
    yield conn, selection_id
    conn.close()


def _uids(conn: Connection, selection_id: int, answer_filter: AnswerFilter) -> list[str]:
    comparison = load_comparison(conn, selection_id)
    return [comparison.items[row].uid for row in comparison.matching(answer_filter)]


def test_the_counts_are_those_of_summarise(compared: tuple[Connection, int]) -> None:
    conn, selection_id = compared
    alfa = find_vendor(conn, "Alfa")
    assess(conn, selection_id, alfa, ["SIK-1", "LOG-1"], Status.REJECTED, "Nej tak")
    assess(conn, selection_id, alfa, ["LOG-1"], Status.ACCEPTED)
    choose_winner(conn, selection_id, find_vendor(conn, "Beta"))
    untick(conn, selection_id, ["ARK-1"])  # answered, then gone from the selection
    comparison = load_comparison(conn, selection_id)
    assert comparison.summaries == summarise(conn, selection_id)
    assert compare_vendors(conn, selection_id) == summarise(conn, selection_id)
    assert [item.uid for item in comparison.items][-1] == "ARK-1"  # after the selection's
    assert comparison.items[-1].importance is None
    first = comparison.summaries[0]
    assert first.fails_minimum == ("SIK-1",) and first.unpriced == ("ARK-1",)
    assert dict(first.statuses)[Status.REJECTED] == 1
    assert dict(first.statuses)[Status.ACCEPTED] == 1
    assert comparison.winner is not None and comparison.winner.name == "Beta"


def test_each_cell_is_the_vendors_answer(compared: tuple[Connection, int]) -> None:
    conn, selection_id = compared
    comparison = load_comparison(conn, selection_id)
    row = comparison.index_of("SIK-1")
    assert row is not None
    alfa, beta = comparison.cell(row, 0), comparison.cell(row, 1)
    assert (alfa.choice, alfa.fails_minimum) == (Choice.NO, True)
    assert (beta.choice, beta.fails_minimum) == (Choice.YES, False)
    log = comparison.index_of("LOG-1")
    assert log is not None
    assert comparison.cell(log, 0).price == 1_250_000 and comparison.cell(log, 1).price == 100_050
    ark = comparison.index_of("ARK-1")
    assert ark is not None
    assert comparison.cell(ark, 0).price == "efter aftale"
    assert not comparison.cell(ark, 1).answered and comparison.cell(ark, 1).price is None
    sik2 = comparison.index_of("SIK-2")
    assert sik2 is not None and comparison.cell(sik2, 0).elaborated


def test_the_filters_pick_items_and_keep_every_vendor(
    compared: tuple[Connection, int],
) -> None:
    conn, selection_id = compared
    assert _uids(conn, selection_id, AnswerFilter.ALL) == ["SIK-1", "SIK-2", "LOG-1", "ARK-1"]
    assert _uids(conn, selection_id, AnswerFilter.UNANSWERED) == ["ARK-1"]
    assert _uids(conn, selection_id, AnswerFilter.ELABORATION) == ["SIK-2"]  # info + partly
    assert _uids(conn, selection_id, AnswerFilter.DIFFERENT) == ["SIK-1", "SIK-2", "ARK-1"]
    assert _uids(conn, selection_id, AnswerFilter.FAILS_MINIMUM) == ["SIK-1"]
    comparison = load_comparison(conn, selection_id)
    assert [column.vendor.name for column in comparison.vendors] == ["Alfa", "Beta"]
    # asked for an elaboration by the officer counts too
    assess(conn, selection_id, find_vendor(conn, "Beta"), ["LOG-1"], Status.ELABORATION_NEEDED)
    assert _uids(conn, selection_id, AnswerFilter.ELABORATION) == ["SIK-2", "LOG-1"]
    assert filtered_uids(conn, selection_id, AnswerFilter.FAILS_MINIMUM) == ["SIK-1"]


def test_one_vendor_answers_nothing_differently(catalogue_location: CatalogueLocation) -> None:
    conn, selection_id = dialogue_catalogue(catalogue_location)
    sent = sent_selection(conn, selection_id)
    import_answers(conn, selection_id, "Alfa", returned_file(sent, ALFA))
    assert _uids(conn, selection_id, AnswerFilter.DIFFERENT) == []
    conn.close()


def test_no_vendor_yet_and_an_old_read_only_catalogue(
    tmp_path: Path, catalogue_location: CatalogueLocation
) -> None:
    conn, selection_id = dialogue_catalogue(catalogue_location)
    comparison = load_comparison(conn, selection_id)
    assert comparison.vendors == () and len(comparison.items) == 4
    assert comparison.matching(AnswerFilter.UNANSWERED) == []
    conn.close()
    path = old_schema_catalogue(tmp_path / "v5.db", 5)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("INSERT INTO selection (title, created_at, updated_at) VALUES ('Gammel', 'x', 'x')")
    raw.close()
    old = open_catalogue(path, read_only=True)
    try:
        assert load_comparison(old, 1).vendors == ()
    finally:
        old.close()


def test_one_vendors_verdicts_are_read_again(compared: tuple[Connection, int]) -> None:
    conn, selection_id = compared
    comparison = load_comparison(conn, selection_id)
    assess(conn, selection_id, find_vendor(conn, "Beta"), ["SIK-2"], Status.ACCEPTED, "Fint")
    fresh = reload_verdicts(conn, comparison, 1)
    row = fresh.index_of("SIK-2")
    assert row is not None
    assert (fresh.cell(row, 1).status, fresh.cell(row, 1).commented) == (Status.ACCEPTED, True)
    assert comparison.cell(row, 1).status is Status.NONE  # the old one is left as it was
    assert fresh.summaries == summarise(conn, selection_id)


def test_one_answer_in_full(compared: tuple[Connection, int]) -> None:
    conn, selection_id = compared
    assess(conn, selection_id, find_vendor(conn, "Alfa"), ["SIK-2"], Status.REJECTED, "Hvorfor?")
    comparison = load_comparison(conn, selection_id)
    row = comparison.index_of("SIK-2")
    assert row is not None
    detail = answer_detail(conn, comparison, row, 0)
    assert detail.answer is not None and detail.answer.elaboration == "TLS 1.3 overalt."
    assert [(v.status, v.comment) for v in detail.history] == [(Status.REJECTED, "Hvorfor?")]
    assert detail.description.startswith("Al trafik krypteres.")


# --- the CLI ----------------------------------------------------------------------------------


def _show(db: str, *args: str) -> list[str]:
    result = CliRunner().invoke(
        main, ["--db", db, "answers", "show", "Nyt ESDH", "Beta", *args, "--json"]
    )
    assert result.exit_code == 0, result.output
    return [answer["uid"] for answer in json.loads(result.stdout)["answers"]]


def test_answers_show_filter_picks_the_same_items(
    compared: tuple[Connection, int], catalogue_location: CatalogueLocation
) -> None:
    db = db_argument(catalogue_location)
    assert _show(db, "--filter", "fails-minimum") == ["SIK-1"]  # Beta passes it: shown all the same
    assert _show(db, "--filter", "unanswered") == ["ARK-1"]
    assert _show(db, "--filter", "DIFFERENT") == ["SIK-1", "SIK-2", "ARK-1"]
    assert _show(db, "--filter", "all") == _show(db)


def test_an_unknown_filter_is_one_line(
    compared: tuple[Connection, int], catalogue_location: CatalogueLocation
) -> None:
    db = db_argument(catalogue_location)
    result = CliRunner().invoke(
        main, ["--db", db, "answers", "show", "Nyt ESDH", "Beta", "--filter", "x\x1b"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "unknown filter" in result.stderr
    assert "\x1b" not in result.output
