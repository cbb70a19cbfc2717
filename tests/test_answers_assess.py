"""The officer's verdicts with their history, the chosen vendor, and each vendor's counts by
priority and choice, sum of prices and failed minimum requirements."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kravtui.answers.assessments import (
    COMMENT_LIMIT,
    assess,
    assessment_history,
    choose_winner,
    clear_winner,
    current_assessments,
    winner,
)
from kravtui.answers.errors import AnswersError
from kravtui.answers.records import Choice, Status, Vendor
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import find_vendor, import_answers, vendors_of
from kravtui.answers.summary import answer_lines, summarise
from kravtui.catalogue.db import open_catalogue
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.vocabulary import Importance
from tests.answers_helpers import ALL_YES, dialogue_catalogue, returned_file
from tests.catalogue_files import old_schema_catalogue


@pytest.fixture
def answered(catalogue_location: CatalogueLocation) -> Iterator[tuple[Connection, int, Vendor]]:
    conn, selection_id = dialogue_catalogue(catalogue_location)
    import_answers(
        conn, selection_id, "Firma A/S", returned_file(sent_selection(conn, selection_id), ALL_YES)
    )
    yield conn, selection_id, find_vendor(conn, "Firma A/S")
    conn.close()


def _verdicts(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM answer_assessment").fetchone()[0])


# --- refused, nothing written -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("uids", "status", "comment", "message"),
    [
        (["SIK-1"], Status.ACCEPTED, "ok \x1b[31m", "U+001B"),
        (["SIK-1"], Status.ACCEPTED, "x" * (COMMENT_LIMIT + 1), f"at most {COMMENT_LIMIT}"),
        (["SIK-1"], Status.ACCEPTED_WITH_COMMENT, "  ", "'Accepted with comment' needs a comment"),
        (["SIK-1", "SIK-404"], Status.REJECTED, "", "do not hold SIK-404"),
        ([], Status.REJECTED, "", "at least one requirement"),
    ],
)
def test_a_bad_verdict_is_refused_whole(
    answered: tuple[Connection, int, Vendor],
    uids: list[str],
    status: Status,
    comment: str,
    message: str,
) -> None:
    conn, selection_id, vendor = answered
    with pytest.raises(AnswersError, match=re.escape(message)):
        assess(conn, selection_id, vendor, uids, status, comment)
    assert _verdicts(conn) == 0


def test_a_vendor_without_answers_can_be_neither_assessed_nor_chosen(
    answered: tuple[Connection, int, Vendor],
) -> None:
    conn, selection_id, _ = answered
    stranger = Vendor(999, "Ukendt ApS")
    with pytest.raises(AnswersError, match="has no answers"):
        assess(conn, selection_id, stranger, ["SIK-1"], Status.ACCEPTED)
    with pytest.raises(AnswersError, match="has no answers"):
        choose_winner(conn, selection_id, stranger)
    assert winner(conn, selection_id) is None


# --- verdicts and their history ---------------------------------------------------------------


def test_verdicts_keep_their_history_and_the_latest_is_current(
    answered: tuple[Connection, int, Vendor],
) -> None:
    conn, selection_id, vendor = answered
    assert assess(conn, selection_id, vendor, ["SIK-2"], Status.ELABORATION_NEEDED, "Hvilke?") == (
        "SIK-2",
    )
    assert assess(conn, selection_id, vendor, ["SIK-2", "LOG-1"], Status.ACCEPTED) == (
        "SIK-2",
        "LOG-1",
    )
    assert assess(conn, selection_id, vendor, ["LOG-1"], Status.ACCEPTED) == ()  # no change
    now = current_assessments(conn, selection_id, vendor)
    assert {uid: verdict.status for uid, verdict in now.items()} == {
        "SIK-2": Status.ACCEPTED,
        "LOG-1": Status.ACCEPTED,
    }
    history = assessment_history(conn, selection_id, vendor, "SIK-2")
    assert [(v.status, v.comment) for v in history] == [
        (Status.ACCEPTED, "Hvilke?"),  # a new status without a comment keeps the comment
        (Status.ELABORATION_NEEDED, "Hvilke?"),
    ]
    assert history[0].answer_set_id is not None


def _comments(conn: Connection, selection_id: int, vendor: Vendor) -> dict[str, object]:
    now = current_assessments(conn, selection_id, vendor)
    return {uid: (verdict.status.value, verdict.comment) for uid, verdict in now.items()}


def test_a_status_without_a_comment_keeps_each_answers_comment_and_an_empty_one_clears_it(
    answered: tuple[Connection, int, Vendor],
) -> None:
    conn, selection_id, vendor = answered
    assess(conn, selection_id, vendor, ["SIK-1"], Status.REJECTED, "Hvorfor ikke?")
    assess(conn, selection_id, vendor, ["SIK-2"], Status.ELABORATION_NEEDED, "Hvilke?")
    assert assess(conn, selection_id, vendor, ["SIK-1", "SIK-2", "LOG-1"], Status.ACCEPTED) == (
        "SIK-1",
        "SIK-2",
        "LOG-1",
    )
    assert _comments(conn, selection_id, vendor) == {
        "SIK-1": ("accepted", "Hvorfor ikke?"),
        "SIK-2": ("accepted", "Hvilke?"),
        "LOG-1": ("accepted", ""),
    }
    assert assess(conn, selection_id, vendor, ["SIK-1"], Status.ACCEPTED, "") == ("SIK-1",)
    assert _comments(conn, selection_id, vendor)["SIK-1"] == ("accepted", "")
    assert assess(conn, selection_id, vendor, ["SIK-1"], Status.ACCEPTED, "") == ()


def test_accepted_with_comment_takes_the_comment_an_answer_has(
    answered: tuple[Connection, int, Vendor],
) -> None:
    conn, selection_id, vendor = answered
    assess(conn, selection_id, vendor, ["SIK-2"], Status.ELABORATION_NEEDED, "Hvilke?")
    before = _verdicts(conn)
    with pytest.raises(AnswersError, match="needs a comment"):  # LOG-1 has none: nothing written
        assess(conn, selection_id, vendor, ["SIK-2", "LOG-1"], Status.ACCEPTED_WITH_COMMENT)
    with pytest.raises(AnswersError, match="needs a comment"):  # cleared explicitly
        assess(conn, selection_id, vendor, ["SIK-2"], Status.ACCEPTED_WITH_COMMENT, " ")
    assert _verdicts(conn) == before
    assess(conn, selection_id, vendor, ["SIK-2"], Status.ACCEPTED_WITH_COMMENT)
    assert _comments(conn, selection_id, vendor)["SIK-2"] == ("accepted_with_comment", "Hvilke?")


def test_a_winner_is_chosen_replaced_and_cleared(catalogue_location: CatalogueLocation) -> None:
    conn, selection_id = dialogue_catalogue(catalogue_location)
    sent = sent_selection(conn, selection_id)
    for name in ("Alfa", "Beta"):
        import_answers(conn, selection_id, name, returned_file(sent, ALL_YES, name=f"{name}.xlsx"))
    choose_winner(conn, selection_id, find_vendor(conn, "Alfa"))
    choose_winner(conn, selection_id, find_vendor(conn, "beta"))
    chosen = winner(conn, selection_id)
    assert chosen is not None and chosen.name == "Beta"
    assert clear_winner(conn, selection_id)
    assert winner(conn, selection_id) is None
    assert not clear_winner(conn, selection_id)


# --- comparing vendors ------------------------------------------------------------------------


def test_counts_by_priority_and_choice_prices_and_failed_minimum_requirements(
    catalogue_location: CatalogueLocation,
) -> None:
    conn, selection_id = dialogue_catalogue(catalogue_location)
    sent = sent_selection(conn, selection_id)
    failing = {
        "SIK-1": ("Nej", "", ""),
        "SIK-2": ("Ja", "Se bilag", "1.000,50"),
        "LOG-1": ("Ja, som tilkøb", "", "kr. 2.000"),
        "ARK-1": ("Ja, som tilkøb", "", "efter aftale"),
    }
    import_answers(conn, selection_id, "Alfa", returned_file(sent, failing, name="a.xlsx"))
    import_answers(conn, selection_id, "Beta", returned_file(sent, {}, name="b.xlsx"))
    choose_winner(conn, selection_id, find_vendor(conn, "Alfa"))
    alfa, beta = summarise(conn, selection_id)
    assert alfa.vendor.name == "Alfa" and alfa.chosen and not beta.chosen
    assert (alfa.answered, alfa.items) == (4, 4)
    absolute = alfa.by_priority[0]
    assert absolute.importance is Importance.ABSOLUTE and absolute.count(Choice.NO) == 1
    optional = next(c for c in alfa.by_priority if c.importance is Importance.OPTIONAL)
    assert optional.count(Choice.YES_ADDON) == 1
    assert alfa.price_total == 100_050 + 200_000 and alfa.priced == 2
    assert alfa.unpriced == ("ARK-1",)
    assert alfa.fails_minimum == ("SIK-1",)
    assert (beta.answered, beta.fails_minimum) == (0, ())
    assert sum(c.unanswered for c in beta.by_priority) == 4
    lines = answer_lines(conn, selection_id, find_vendor(conn, "Alfa"))
    assert [line.uid for line in lines if line.fails_minimum] == ["SIK-1"]


def test_a_read_only_catalogue_from_before_answers_has_none(tmp_path: Path) -> None:
    path = old_schema_catalogue(tmp_path / "v5.db", 5)
    conn = open_catalogue(path, read_only=True)
    try:
        assert vendors_of(conn, 1) == []
        assert winner(conn, 1) is None
        with pytest.raises(AnswersError, match="no vendor"):
            find_vendor(conn, "Alfa")
    finally:
        conn.close()
