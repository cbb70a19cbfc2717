"""Importing a vendor's returned answers: refused files change nothing; the report says answered
N of M, unanswered, ambiguous, missing elaboration and price, requirement text the vendor
changed, rows not sent, and what changed in the selection since the file was sent; a corrected
file keeps the earlier answers as history."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

import pytest

from kravtui.answers.errors import AnswersError
from kravtui.answers.judge import Ambiguous
from kravtui.answers.records import Choice, ReturnedRow, SentSelection
from kravtui.answers.sent import sent_selection
from kravtui.answers.store import (
    VENDOR_NAME_LIMIT,
    answer_sets,
    answers_of_set,
    find_vendor,
    import_answers,
    vendors_of,
)
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.vocabulary import Importance
from kravtui.selection.items import edit_item, get_item, untick
from tests.answers_helpers import ALL_YES, UIDS, dialogue_catalogue, returned_file, with_row


@pytest.fixture
def dialogue(catalogue_location: CatalogueLocation) -> Iterator[tuple[Connection, int]]:
    conn, selection_id = dialogue_catalogue(catalogue_location)
    yield conn, selection_id
    conn.close()


def _stored(conn: Connection) -> tuple[int, ...]:
    return tuple(
        conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("vendor", "answer_set", "vendor_answer")
    )


def _sent(dialogue: tuple[Connection, int]) -> SentSelection:
    return sent_selection(*dialogue)


# --- refused, nothing stored ------------------------------------------------------------------


def test_a_file_for_another_selection_is_refused(dialogue: tuple[Connection, int]) -> None:
    conn, selection_id = dialogue
    other = replace(_sent(dialogue), selection_id=selection_id + 1)
    with pytest.raises(AnswersError, match="answers another selection, not 'Nyt ESDH'"):
        import_answers(conn, selection_id, "Firma A/S", returned_file(other, ALL_YES))
    assert _stored(conn) == (0, 0, 0)


def test_a_selection_of_the_same_id_in_another_catalogue_is_refused(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    other = replace(_sent(dialogue), created_at="2020-01-01T00:00:00Z")
    with pytest.raises(AnswersError, match="another selection"):
        import_answers(conn, selection_id, "Firma A/S", returned_file(other, ALL_YES))
    assert _stored(conn) == (0, 0, 0)


def test_a_version_the_selection_never_had_is_refused(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    later = replace(_sent(dialogue), version=_sent(dialogue).version + 5)
    with pytest.raises(AnswersError, match="from another catalogue"):
        import_answers(conn, selection_id, "Firma A/S", returned_file(later, ALL_YES))
    assert _stored(conn) == (0, 0, 0)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("elaboration", "Se \x1b[31mbilag\x1b[0m"),
        ("price", "100\x00"),
        ("choice_text", "Ja\x07"),
        ("elaboration", "\x85NEL"),
        ("uid", "SIK-9\x1b]0;title\x07"),
    ],
)
def test_control_characters_refuse_the_whole_file_naming_the_cell(
    dialogue: tuple[Connection, int], field: str, text: str
) -> None:
    conn, selection_id = dialogue
    returned = with_row(returned_file(_sent(dialogue), ALL_YES), "LOG-1", **{field: text})
    with pytest.raises(AnswersError) as refused:
        import_answers(conn, selection_id, "Firma A/S", returned)
    assert str(refused.value).startswith("svar.xlsx:Besvarelse!A4: the character U+00")
    assert _stored(conn) == (0, 0, 0)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("Firma\nA/S", "U+000A"),
        ("Firma \x1b[2J", "U+001B"),
        ("F" * (VENDOR_NAME_LIMIT + 1), f"at most {VENDOR_NAME_LIMIT}"),
        ("F" * 10_000, f"at most {VENDOR_NAME_LIMIT}"),  # past PostgreSQL's unique index
        ("Firma\x00", "U+0000"),  # PostgreSQL's text holds no NUL
        ("Firma \udcff", "U+DCFF"),  # a byte that was not UTF-8
    ],
    ids=["empty", "blank", "two-lines", "escape", "too-long", "10-kB", "nul", "not-utf-8"],
)
def test_a_bad_vendor_name_is_refused(
    dialogue: tuple[Connection, int], name: str, message: str
) -> None:
    conn, selection_id = dialogue
    with pytest.raises(AnswersError, match=re.escape(message)):
        import_answers(conn, selection_id, name, returned_file(_sent(dialogue), ALL_YES))
    assert _stored(conn) == (0, 0, 0)


def test_the_longest_vendor_name_in_four_byte_characters_is_kept(
    dialogue: tuple[Connection, int],
) -> None:
    """The limit in characters keeps a name well inside what PostgreSQL's unique index of
    vendor names can hold (about 2,700 bytes), however many bytes its characters take."""
    conn, selection_id = dialogue
    name = "\U0001d504" * VENDOR_NAME_LIMIT  # 𝔄, four bytes in UTF-8
    import_answers(conn, selection_id, name, returned_file(_sent(dialogue), ALL_YES))
    assert find_vendor(conn, name).name == name
    assert [vendor.name for vendor in vendors_of(conn, selection_id)] == [name]


def test_bidi_characters_are_kept_as_written(dialogue: tuple[Connection, int]) -> None:
    conn, selection_id = dialogue
    elaboration = "Se \u202ebilag\u202c 3"
    returned = with_row(returned_file(_sent(dialogue), ALL_YES), "SIK-2", elaboration=elaboration)
    result = import_answers(conn, selection_id, "Firma A/S", returned)
    assert answers_of_set(conn, result.answer_set.id)["SIK-2"].elaboration == elaboration


# --- the report -------------------------------------------------------------------------------


def test_a_complete_file_is_stored_and_reported_complete(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    result = import_answers(
        conn, selection_id, "Firma A/S", returned_file(_sent(dialogue), ALL_YES)
    )
    report = result.report
    assert (report.answered, report.sent) == (4, 4)
    assert report.complete and not report.selection_changed
    assert result.new_vendor and not result.replaced
    stored = answers_of_set(conn, result.answer_set.id)
    assert [stored[uid].choice for uid in UIDS] == [
        Choice.YES,
        Choice.YES_PARTIAL,
        Choice.YES_ADDON,
        Choice.NOT_RELEVANT,
    ]
    assert stored["LOG-1"].price == "12.500 kr."
    assert stored["LOG-1"].price_amount == 1_250_000
    assert result.answer_set.selection_version == _sent(dialogue).version
    assert result.answer_set.source_name == "svar.xlsx"
    assert [vendor.name for vendor in vendors_of(conn, selection_id)] == ["Firma A/S"]


def test_the_report_names_every_gap(dialogue: tuple[Connection, int]) -> None:
    conn, selection_id = dialogue
    answers = {
        "SIK-1": ("Ja / Nej", "", ""),  # two choices
        "SIK-2": ("ja", "", ""),  # an info requirement without an elaboration
        "LOG-1": ("JA SOM ET TILKØB", "", ""),  # OS2kravmotor's words, no price
    }  # ARK-1 unanswered
    result = import_answers(
        conn, selection_id, "Firma A/S", returned_file(_sent(dialogue), answers)
    )
    report = result.report
    assert (report.answered, report.sent) == (2, 4)
    assert report.ambiguous == (Ambiguous("SIK-1", "Ja / Nej"),)
    assert report.unanswered == ("ARK-1",)
    assert report.missing_elaboration == ("SIK-2",)
    assert report.missing_price == ("LOG-1",)
    assert not report.complete
    stored = answers_of_set(conn, result.answer_set.id)
    assert stored["SIK-1"].choice is None and stored["SIK-1"].unclear_choice == "Ja / Nej"
    assert stored["LOG-1"].choice is Choice.YES_ADDON


def test_partly_yes_needs_an_elaboration(dialogue: tuple[Connection, int]) -> None:
    conn, selection_id = dialogue
    answers = dict(ALL_YES, **{"LOG-1": ("Yes, partially", "  ", "")})
    result = import_answers(conn, selection_id, "A", returned_file(_sent(dialogue), answers))
    assert result.report.missing_elaboration == ("LOG-1",)


def test_requirement_text_or_priority_the_vendor_changed_is_flagged_never_taken(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    returned = returned_file(_sent(dialogue), ALL_YES)
    returned = with_row(returned, "SIK-1", description="Administratorer logger ind.")
    returned = with_row(returned, "LOG-1", priority=Importance.OPTIONAL)
    returned = with_row(returned, "ARK-1", priority=None, priority_text="Ligegyldigt")
    result = import_answers(conn, selection_id, "A", returned)
    assert result.report.text_changed == ("SIK-1", "LOG-1", "ARK-1")
    stored = answers_of_set(conn, result.answer_set.id)
    assert [uid for uid in UIDS if stored[uid].text_changed] == ["SIK-1", "LOG-1", "ARK-1"]
    item = get_item(conn, selection_id, "SIK-1")
    assert item.snapshot.description == "Administratorer logger ind med to faktorer."


def test_rows_that_were_not_sent_are_reported_and_not_stored(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    returned = returned_file(_sent(dialogue), ALL_YES)
    extra = ReturnedRow("Besvarelse!A9", "SIK-99", "Eget krav", "", None, "", "Ja", "", "")
    blank = ReturnedRow("Besvarelse!A10", "", "", "", None, "", "", "", "")
    returned = replace(returned, rows=(*returned.rows, extra, blank))
    result = import_answers(conn, selection_id, "A", returned)
    assert result.report.not_in_selection == ("SIK-99",)
    assert "SIK-99" not in answers_of_set(conn, result.answer_set.id)


def test_two_rows_for_one_requirement_are_ambiguous(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    returned = returned_file(_sent(dialogue), ALL_YES)
    second = replace(returned.rows[0], place="Besvarelse!A9", choice_text="Nej")
    result = import_answers(
        conn, selection_id, "A", replace(returned, rows=(*returned.rows, second))
    )
    assert [item.uid for item in result.report.ambiguous] == ["SIK-1"]


def test_a_row_the_vendor_deleted_is_unanswered(dialogue: tuple[Connection, int]) -> None:
    conn, selection_id = dialogue
    returned = returned_file(_sent(dialogue), ALL_YES)
    result = import_answers(conn, selection_id, "A", replace(returned, rows=returned.rows[1:]))
    assert result.report.unanswered == ("SIK-1",)
    assert (result.report.answered, result.report.sent) == (3, 4)


def test_answers_to_a_selection_changed_since_it_was_sent_say_what_changed(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    returned = returned_file(_sent(dialogue), ALL_YES)
    item = get_item(conn, selection_id, "LOG-1")
    edit_item(conn, selection_id, "LOG-1", replace(item.snapshot, title="Logning af alle opslag"))
    untick(conn, selection_id, ["ARK-1"])
    result = import_answers(conn, selection_id, "A", returned)
    report = result.report
    assert report.selection_changed and report.version_now > report.version_sent
    assert report.changed_since_sent == ("LOG-1",)
    assert report.removed_since_sent == ("ARK-1",)
    assert report.added_since_sent == ()
    assert result.answer_set.selection_version == report.version_sent  # the version answered
    assert len(answers_of_set(conn, result.answer_set.id)) == 4  # answers to what was sent


# --- a corrected file -------------------------------------------------------------------------


def test_a_corrected_file_becomes_current_and_the_earlier_answers_stay_as_history(
    dialogue: tuple[Connection, int],
) -> None:
    conn, selection_id = dialogue
    first = returned_file(_sent(dialogue), {"SIK-1": ("Nej", "", "")}, name="svar-1.xlsx")
    earlier = import_answers(conn, selection_id, "Firma A/S", first)
    corrected = returned_file(_sent(dialogue), ALL_YES, name="svar-2.xlsx")
    later = import_answers(conn, selection_id, "firma a/s", corrected)  # the same vendor
    assert later.replaced and not later.new_vendor
    vendor = find_vendor(conn, "FIRMA A/S")
    sets = answer_sets(conn, selection_id, vendor)
    assert [(s.source_name, s.current) for s in sets] == [
        ("svar-2.xlsx", True),
        ("svar-1.xlsx", False),
    ]
    assert answers_of_set(conn, earlier.answer_set.id)["SIK-1"].choice is Choice.NO
    assert answers_of_set(conn, later.answer_set.id)["SIK-1"].choice is Choice.YES
    again = import_answers(conn, selection_id, "Firma A/S", corrected)
    assert again.unchanged
    assert len(answer_sets(conn, selection_id, vendor)) == 2


def test_vendors_answer_independently(dialogue: tuple[Connection, int]) -> None:
    conn, selection_id = dialogue
    import_answers(conn, selection_id, "Beta", returned_file(_sent(dialogue), ALL_YES))
    import_answers(conn, selection_id, "Alfa", returned_file(_sent(dialogue), {}))
    assert [vendor.name for vendor in vendors_of(conn, selection_id)] == ["Alfa", "Beta"]
    assert [s.current for s in answer_sets(conn, selection_id)] == [True, True]
