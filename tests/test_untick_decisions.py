"""A requirement unticked by hand is a decision: re-applying the questionnaire leaves it unticked
and says so, `--retick` / `--retick-all` choose it again, a hand tick restores it with its edits
and reasons, and a TOML export/import keeps the decision. Services first, then the CLI (through
CliRunner on the bundled sample catalogue, as an officer meets it)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.dbapi import Connection
from kravtui.cli import main
from kravtui.i18n import set_language, t, t_count, uid_list
from kravtui.interchange.selection_toml import dump_selection, parse_selection
from kravtui.selection.items import (
    edit_item,
    get_item,
    list_items,
    remove_item,
    tick,
    ticked_uids,
    untick,
    unticked_uids,
)
from kravtui.selection.proposals import apply_questionnaire, proposed_again
from kravtui.selection.records import Answer
from kravtui.selection.store import SelectionError, get_selection, set_answers
from kravtui.selection.transfer import recreate_selection, selection_content
from tests.test_selection import _edit_catalogue, _selection, conn  # noqa: F401  (the fixture)

# The small catalogue of tests/test_selection.py: domain Økonomi with Persondata=yes proposes
# SIK-1 (Økonomi, Persondata), SIK-10 (favourite); Cloud=yes adds LOG-1 (all domains, Cloud).


def _answered(conn: Connection, **answers: Answer) -> int:  # noqa: F811
    selection_id = _selection(conn)
    set_answers(conn, selection_id, answers or {"Persondata": Answer.YES})
    apply_questionnaire(conn, selection_id)
    return selection_id


def test_reapplying_leaves_a_hand_untick_unticked_and_names_it(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn)
    assert ticked_uids(conn, selection_id) == {"SIK-1", "SIK-10"}
    untick(conn, selection_id, ["SIK-1"])
    report = apply_questionnaire(conn, selection_id)
    assert ticked_uids(conn, selection_id) == {"SIK-10"}
    assert report.held_back == ("SIK-1",)
    assert report.added == report.reticked == report.newly_ticked == ()
    assert [item.uid for item in proposed_again(conn, selection_id)] == ["SIK-1"]


def test_reapplying_with_changed_answers_still_respects_unticks(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn)
    untick(conn, selection_id, ["SIK-1"])
    report = apply_questionnaire(conn, selection_id, answers={"Cloud": Answer.UNKNOWN})
    assert report.added == ("LOG-1",) and report.newly_ticked == ("LOG-1",)
    assert report.held_back == ("SIK-1",)
    assert ticked_uids(conn, selection_id) == {"SIK-10", "LOG-1"}
    assert get_selection(conn, selection_id).answers["Cloud"] is Answer.UNKNOWN


def test_retick_ticks_exactly_the_named_ones(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn, Persondata=Answer.YES, Cloud=Answer.YES)
    untick(conn, selection_id, ["SIK-1", "LOG-1", "SIK-10"])
    report = apply_questionnaire(conn, selection_id, retick=["LOG-1"])
    assert report.reticked == ("LOG-1",) and report.newly_ticked == ("LOG-1",)
    assert report.held_back == ("SIK-1", "SIK-10")
    assert ticked_uids(conn, selection_id) == {"LOG-1"}
    everything = apply_questionnaire(conn, selection_id, retick_all=True)
    assert everything.reticked == ("SIK-1", "SIK-10") and everything.held_back == ()
    assert ticked_uids(conn, selection_id) == {"SIK-1", "SIK-10", "LOG-1"}


def test_retick_of_one_not_held_back_changes_nothing(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn)
    untick(conn, selection_id, ["SIK-1"])
    before = get_selection(conn, selection_id)
    for stray in (["SIK-10"], ["SIK-2"], ["NOPE-1"], ["SIK-1", "SIK-2"]):
        with pytest.raises(SelectionError, match="not among"):
            apply_questionnaire(conn, selection_id, answers={"Cloud": Answer.YES}, retick=stray)
    assert get_selection(conn, selection_id) == before  # answers and version untouched
    assert ticked_uids(conn, selection_id) == {"SIK-10"}


def test_a_hand_tick_restores_edits_and_why(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn)
    item = get_item(conn, selection_id, "SIK-1")
    edit_item(conn, selection_id, "SIK-1", replace(item.snapshot, title="Rettet titel"))
    untick(conn, selection_id, ["SIK-1", "SIK-10"])
    assert unticked_uids(conn, selection_id) == {"SIK-1", "SIK-10"}
    report = tick(conn, selection_id, ["SIK-1", "SIK-10"])
    assert report.restored_edited == ("SIK-1",) and report.restored == ("SIK-10",)
    back = get_item(conn, selection_id, "SIK-1")
    assert back.ticked and back.edited and back.snapshot.title == "Rettet titel"
    assert back.why == ("domain:Økonomi", "tag:Persondata=yes")
    assert get_item(conn, selection_id, "SIK-10").why == ("favourite",)
    assert unticked_uids(conn, selection_id) == set()
    assert apply_questionnaire(conn, selection_id).held_back == ()


def test_a_deleted_requirement_unticked_by_hand_is_never_ticked_again(
    conn: Connection,  # noqa: F811
) -> None:
    """Tick, untick, delete in the catalogue, tick again: refused as unknown or deleted, edited
    or not (the TUI's Deleted view let Space and `+` tick it again). The catalogue is changed
    with plain SQL, as an editor's delete and restore leave it, so this runs on either engine."""

    def set_deleted(conn: Connection, uid: str, deleted: bool) -> None:
        _edit_catalogue(conn, uid, deleted=deleted)

    selection_id = _answered(conn)
    item = get_item(conn, selection_id, "SIK-1")
    edit_item(conn, selection_id, "SIK-1", replace(item.snapshot, title="Rettet titel"))
    untick(conn, selection_id, ["SIK-1", "SIK-10"])
    set_deleted(conn, "SIK-1", True)
    set_deleted(conn, "SIK-10", True)
    report = tick(conn, selection_id, ["SIK-1", "SIK-10"])
    assert report.unknown == ("SIK-1", "SIK-10")
    assert report.restored == report.restored_edited == report.added == ()
    assert ticked_uids(conn, selection_id) == set()
    assert unticked_uids(conn, selection_id) == {"SIK-1", "SIK-10"}  # still the decisions
    set_deleted(conn, "SIK-1", False)  # restored in the catalogue: it can come back
    assert tick(conn, selection_id, ["SIK-1"]).restored_edited == ("SIK-1",)


def test_retick_through_the_questionnaire_keeps_the_edit(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn)
    item = get_item(conn, selection_id, "SIK-1")
    edit_item(conn, selection_id, "SIK-1", replace(item.snapshot, title="Rettet titel"))
    untick(conn, selection_id, ["SIK-1"])
    report = apply_questionnaire(conn, selection_id, retick=["SIK-1"])
    assert report.restored_edited == ("SIK-1",)
    assert get_item(conn, selection_id, "SIK-1").snapshot.title == "Rettet titel"


def test_removing_an_item_is_remembered_too(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn)
    item = get_item(conn, selection_id, "SIK-1")
    edit_item(conn, selection_id, "SIK-1", replace(item.snapshot, title="Rettet titel"))
    remove_item(conn, selection_id, "SIK-1")
    assert "SIK-1" not in {i.uid for i in list_items(conn, selection_id)}
    assert apply_questionnaire(conn, selection_id).held_back == ("SIK-1",)
    tick(conn, selection_id, ["SIK-1"])
    back = get_item(conn, selection_id, "SIK-1")
    assert back.snapshot.title == "Titel SIK-1" and not back.edited  # "edits and all"


def test_the_decision_survives_toml_export_and_import(conn: Connection) -> None:  # noqa: F811
    selection_id = _answered(conn)
    untick(conn, selection_id, ["SIK-1"])
    text = dump_selection(selection_content(conn, selection_id))
    block = text[text.index("[item.SIK-1]") :].split("\n\n")[0]
    assert "ticked = false" in block  # a reviewer sees the decision
    copy = recreate_selection(conn, parse_selection(text, "s.toml")).selection_id
    assert unticked_uids(conn, copy) == {"SIK-1"}
    assert dump_selection(selection_content(conn, copy)) == text
    assert apply_questionnaire(conn, copy).held_back == ("SIK-1",)


def test_danish_counts_read_naturally() -> None:
    set_language("da")
    try:
        assert t_count("selection.applied_new", 1, uids="BRU-007") == "Valgte 1 nyt krav: BRU-007"
        assert t_count("selection.applied_new", 2, uids="A, B").startswith("Valgte 2 nye krav")
        assert t_count("selection.applied_new", 0, uids="") == "Ingen nye krav at vælge"
        assert uid_list([f"X-{n}" for n in range(12)]) == (
            "X-0, X-1, X-2, X-3, X-4, X-5, X-6, X-7, X-8, X-9 …og 2 flere"
        )
    finally:
        set_language("en")


# The CLI, on the bundled sample catalogue (BRU-007 is all-domains, all-tags).


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert CliRunner().invoke(main, ["init", "--db", str(path)]).exit_code == 0
    return path


def cli(db: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, *args, "--db", str(db)])


def _ticked(db: Path) -> set[str]:
    shown = json.loads(cli(db, "selection", "show", "S", "--json").output)
    return {item["uid"] for item in shown["items"]}


@pytest.mark.parametrize("lang", ["en", "da"])
def test_cli_answer_again_does_not_retick_a_removed_one(db: Path, lang: str) -> None:
    assert cli(db, "selection", "new", "S", "--domain", "Økonomi").exit_code == 0
    first = cli(db, "selection", "answer", "S", "Persondata=yes", lang=lang)
    assert first.exit_code == 0 and "BRU-007" in first.output
    proposed = _ticked(db)
    assert "BRU-007" in proposed
    assert cli(db, "selection", "remove", "S", "BRU-007").exit_code == 0
    again = cli(db, "selection", "answer", "S", "Persondata=yes", lang=lang)
    assert again.exit_code == 0, again.output
    assert _ticked(db) == proposed - {"BRU-007"}
    lines = again.output.splitlines()
    if lang == "da":
        assert lines[1] == "Ingen nye krav at vælge"
        assert lines[2] == (
            "1 krav, du selv har fravalgt, er foreslået igen og forbliver fravalgt: BRU-007"
        )
        assert "--retick" in lines[3]
    else:
        assert lines[1] == "Nothing new to tick"
        assert lines[2] == (
            "1 requirement you unticked by hand is proposed again and stays unticked: BRU-007"
        )
    shown = json.loads(cli(db, "selection", "show", "S", "--json").output)
    assert shown["unticked_by_hand"] == ["BRU-007"]


def test_cli_retick_ticks_exactly_the_listed_and_names_the_new(db: Path) -> None:
    cli(db, "selection", "new", "S", "--domain", "Økonomi")
    cli(db, "selection", "answer", "S", "Persondata=yes")
    proposed = _ticked(db)
    assert cli(db, "selection", "remove", "S", "BRU-007", "BRU-001", "ARK-003").exit_code == 0
    refused = cli(db, "selection", "answer", "S", "Persondata=yes", "--retick", "BRU-007,SIK-999")
    assert refused.exit_code == 1
    assert "SIK-999: not among the proposed requirements you unticked by hand" in refused.output
    assert _ticked(db) == proposed - {"BRU-007", "BRU-001", "ARK-003"}
    done = cli(db, "selection", "answer", "S", "Persondata=yes", "--retick", "bru-007,ARK-003")
    assert done.exit_code == 0, done.output
    assert "Ticked 2 new requirements: ARK-003, BRU-007" in done.output
    assert "1 requirement you unticked by hand is proposed again" in done.output
    assert "BRU-001" in done.output
    assert _ticked(db) == proposed - {"BRU-001"}
    everything = cli(db, "selection", "answer", "S", "Persondata=yes", "--retick-all")
    assert "Ticked 1 new requirement: BRU-001" in everything.output
    assert _ticked(db) == proposed


def test_cli_names_the_first_new_ones_and_how_many_more(db: Path) -> None:
    cli(db, "selection", "new", "S", "--domain", "Økonomi")
    answered = cli(db, "selection", "answer", "S", "Persondata=yes")
    count = len(_ticked(db))
    assert count > 10
    assert f"Ticked {count} new requirements: " in answered.output
    assert f"… and {count - 10} more" in answered.output


def test_cli_hand_tick_restores_the_why(db: Path) -> None:
    cli(db, "selection", "new", "S", "--domain", "Økonomi")
    cli(db, "selection", "answer", "S", "Persondata=yes")
    cli(db, "selection", "remove", "S", "BRU-007")
    assert cli(db, "selection", "add", "S", "BRU-007").exit_code == 0
    shown = json.loads(cli(db, "selection", "show", "S", "--json").output)
    why = {item["uid"]: item["why"] for item in shown["items"]}
    assert why["BRU-007"] == ["all_domains", "all_tags"]
    assert shown["unticked_by_hand"] == []


@pytest.mark.parametrize("lang", ["en", "da"])
def test_cli_add_refuses_a_deleted_requirement_unticked_before(db: Path, lang: str) -> None:
    from kravtui.catalogue.db import connect
    from kravtui.catalogue.editing import set_deleted

    cli(db, "selection", "new", "S", "--domain", "Økonomi")
    assert cli(db, "selection", "add", "S", "BRU-007", "BRU-001").exit_code == 0
    assert cli(db, "selection", "remove", "S", "BRU-007").exit_code == 0
    connection = connect(db)
    try:
        set_deleted(connection, "BRU-007", True)
    finally:
        connection.close()
    again = cli(db, "selection", "add", "S", "BRU-007", lang=lang)
    assert again.exit_code == 1
    set_language(lang)
    try:
        assert t("selection.not_ticked", uids="BRU-007") in again.output
    finally:
        set_language("en")
    assert _ticked(db) == {"BRU-001"}


@pytest.mark.parametrize("format_name", ["toml", "docx"])
def test_an_export_counts_the_ticked_not_the_decisions(
    db: Path, tmp_path: Path, format_name: str
) -> None:
    cli(db, "selection", "new", "S", "--domain", "Økonomi")
    cli(db, "selection", "answer", "S", "Persondata=yes")
    assert cli(db, "selection", "remove", "S", "BRU-007").exit_code == 0
    ticked = len(_ticked(db))
    target = tmp_path / f"s.{format_name}"
    result = cli(db, "export", "selection", "S", "--format", format_name, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f": {ticked} requirements\n"), result.output
