"""Selections: snapshots on every path, untick/re-tick keeps edits, drift, final status."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from kravtui.catalogue.db import transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import Category, Domain, RequirementContent, Tag
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.vocabulary import Importance
from kravtui.selection.drift import compare, drifted, keep_snapshot, take_catalogue
from kravtui.selection.items import (
    add_free_text,
    edit_item,
    get_item,
    list_items,
    remove_item,
    set_item_importance,
    tick,
    ticked_uids,
    untick,
)
from kravtui.selection.proposals import apply_questionnaire, preview
from kravtui.selection.records import Answer, SelectionInfo, Snapshot
from kravtui.selection.store import (
    SelectionError,
    SelectionFinalError,
    create_selection,
    delete_selection,
    duplicate_selection,
    finalise,
    find_selection,
    list_selections,
    rename_selection,
    set_answers,
)
from tests.catalogue_factory import make_catalogue


def _content(uid: str, **changes: object) -> RequirementContent:
    prefix = uid.split("-")[0]
    return RequirementContent(
        uid=uid,
        title=f"Titel {uid}",
        importance=Importance.NORMAL,
        category=prefix,
        subcategory="Adgang" if prefix == "SIK" else "",
        domains=("Økonomi",),
        tags=("Persondata",),
        description=f"Beskrivelse {uid}",
        rationale=f"Rationale {uid}",
        help_text=f"Fortolkning {uid}",
        notes="kun for redaktører",
    ).with_changes(**changes)


CATEGORIES = (Category("SIK", "Sikkerhed", "", ("Adgang",)), Category("LOG", "Log"))


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    """The catalogue on each engine in turn (built with plain INSERTs, so on either)."""
    connection = make_catalogue(
        catalogue_location,
        categories=CATEGORIES,
        domains=(Domain("Økonomi"), Domain("Skole")),
        tags=(Tag("Persondata", "Persondata?"), Tag("Cloud", "Cloud?")),
        requirements=[
            _content("SIK-1", importance=Importance.ABSOLUTE),
            _content("SIK-2", domains=("Skole",)),
            _content("SIK-10", favourite=True, domains=("Skole",), tags=()),
            _content("LOG-1", all_domains=True, domains=(), tags=("Cloud",)),
            _content("LOG-2", deleted=True),
        ],
    )
    yield connection
    connection.close()


def _selection(conn: Connection, **info: object) -> int:
    defaults: dict[str, object] = {"title": "Nyt ESDH", "domains": ("Økonomi",)}
    defaults.update(info)
    return create_selection(conn, SelectionInfo(**defaults)).id  # type: ignore[arg-type]


def _edit_catalogue(conn: Connection, uid: str, **changes: object) -> None:
    """A new version of the requirement in the catalogue, as an editor's save makes one."""
    assignments = ", ".join(f"{name} = ?" for name in changes)
    values = [int(value) if isinstance(value, bool) else value for value in changes.values()]
    with transaction(conn):
        conn.execute(
            f"UPDATE requirement SET {assignments}, version = version + 1 WHERE uid = ?",
            (*values, uid),
        )


def test_tick_copies_every_snapshot_field(conn: Connection) -> None:
    selection_id = _selection(conn)
    report = tick(conn, selection_id, ["SIK-1", "NOPE-1", "LOG-2"])
    assert report.added == ("SIK-1",)
    assert report.unknown == ("LOG-2", "NOPE-1")  # deleted and unknown are not ticked
    item = get_item(conn, selection_id, "SIK-1")
    assert item.snapshot == Snapshot(
        uid="SIK-1",
        title="Titel SIK-1",
        description="Beskrivelse SIK-1",
        rationale="Rationale SIK-1",
        help_text="Fortolkning SIK-1",
        category="SIK",
        subcategory="Adgang",
        importance=Importance.ABSOLUTE,
    )
    assert item.catalogue_version == 1 and item.why == ("manual",)
    assert ticked_uids(conn, selection_id) == {"SIK-1"}


def test_edit_changes_the_snapshot_not_the_catalogue(conn: Connection) -> None:
    selection_id = _selection(conn)
    tick(conn, selection_id, ["SIK-1"])
    item = get_item(conn, selection_id, "SIK-1")
    edited = edit_item(
        conn, selection_id, "SIK-1", Snapshot(**{**_as_dict(item.snapshot), "title": "Vores"})
    )
    assert edited.edited and edited.snapshot.title == "Vores"
    catalogue = get_requirement(conn, "SIK-1")
    assert catalogue is not None and catalogue.content.title == "Titel SIK-1"


def test_an_item_changed_by_someone_else_meanwhile_is_not_written_over(
    conn: Connection,
) -> None:
    """Two officers edit one item of a selection: the second save, made on the item as it was
    opened, is refused in one line and the first one's text stays; on the text as it is now
    it goes through."""
    selection_id = _selection(conn)
    tick(conn, selection_id, ["SIK-1"])
    opened = get_item(conn, selection_id, "SIK-1").snapshot  # both open the form
    first = replace(opened, title="PER-EDIT")
    second = replace(opened, title="IDA-EDIT")
    edit_item(conn, selection_id, "SIK-1", first, expected=opened)
    with pytest.raises(SelectionError) as refused:
        edit_item(conn, selection_id, "SIK-1", second, expected=opened)
    assert "SIK-1" in str(refused.value) and "\n" not in str(refused.value)
    assert get_item(conn, selection_id, "SIK-1").snapshot == first
    assert edit_item(conn, selection_id, "SIK-1", first, expected=opened).snapshot == first
    now = get_item(conn, selection_id, "SIK-1").snapshot
    assert edit_item(conn, selection_id, "SIK-1", second, expected=now).snapshot == second


def _as_dict(snapshot: Snapshot) -> dict[str, object]:
    return {name: getattr(snapshot, name) for name in Snapshot.__dataclass_fields__}


def test_untick_then_retick_keeps_an_edit(conn: Connection) -> None:
    selection_id = _selection(conn)
    tick(conn, selection_id, ["SIK-1", "SIK-2"])
    item = get_item(conn, selection_id, "SIK-1")
    edit_item(conn, selection_id, "SIK-1", Snapshot(**{**_as_dict(item.snapshot), "title": "X"}))
    report = untick(conn, selection_id, ["SIK-1", "SIK-2"])
    assert report.kept_edited == ("SIK-1",) and report.removed == ("SIK-2",)
    assert ticked_uids(conn, selection_id) == set()
    again = tick(conn, selection_id, ["SIK-1", "SIK-2"])
    assert again.restored_edited == ("SIK-1",) and again.restored == ("SIK-2",)
    assert get_item(conn, selection_id, "SIK-1").snapshot.title == "X"


def test_drift_is_marked_compared_and_resolved(conn: Connection) -> None:
    selection_id = _selection(conn)
    tick(conn, selection_id, ["SIK-1", "SIK-2", "LOG-1"])
    _edit_catalogue(conn, "SIK-1", description="Ny beskrivelse", rationale="Ny rationale")
    _edit_catalogue(conn, "SIK-2", title="Ny titel")
    _edit_catalogue(conn, "LOG-1", deleted=True)
    assert [item.uid for item in drifted(conn, selection_id)] == ["SIK-1", "SIK-2", "LOG-1"]
    comparison = compare(conn, selection_id, "SIK-1")
    assert comparison.fields == ("description", "rationale")
    assert compare(conn, selection_id, "LOG-1").catalogue is None
    take_catalogue(conn, selection_id, ["SIK-1"])
    keep_snapshot(conn, selection_id, ["SIK-2"])
    assert get_item(conn, selection_id, "SIK-1").snapshot.description == "Ny beskrivelse"
    assert get_item(conn, selection_id, "SIK-2").snapshot.title == "Titel SIK-2"
    assert [item.uid for item in drifted(conn, selection_id)] == ["LOG-1"]


def test_questionnaire_ticks_proposals_with_reasons(conn: Connection) -> None:
    selection_id = _selection(conn)
    set_answers(conn, selection_id, {"Persondata": Answer.YES, "Cloud": Answer.UNKNOWN})
    proposal = preview(conn, selection_id)
    assert (proposal.count, proposal.considered) == (3, 4)
    report = apply_questionnaire(conn, selection_id)
    assert set(report.added) == {"SIK-1", "SIK-10", "LOG-1"}
    why = {item.uid: item.why for item in list_items(conn, selection_id)}
    assert why["SIK-10"] == ("favourite",)
    assert why["LOG-1"] == ("all_domains", "tag:Cloud=unknown")
    assert why["SIK-1"] == ("domain:Økonomi", "tag:Persondata=yes")


def test_items_are_listed_in_catalogue_order(conn: Connection) -> None:
    selection_id = _selection(conn)
    tick(conn, selection_id, ["LOG-1", "SIK-10", "SIK-2", "SIK-1"])
    assert [item.uid for item in list_items(conn, selection_id)] == [
        "SIK-1",
        "SIK-2",
        "SIK-10",
        "LOG-1",
    ]


def test_free_text_and_priority_and_remove(conn: Connection) -> None:
    selection_id = _selection(conn)
    free = add_free_text(conn, selection_id, Snapshot(uid="", title="Eget krav", category="LOG"))
    second = add_free_text(conn, selection_id, Snapshot(uid="", title="Endnu et", category="SIK"))
    assert (free.uid, second.uid) == ("FRI-001", "FRI-002")
    assert free.is_free_text and not free.drifted
    changed = set_item_importance(conn, selection_id, "FRI-001", Importance.HIGH)
    assert changed.snapshot.importance is Importance.HIGH
    remove_item(conn, selection_id, "FRI-001")
    assert [item.uid for item in list_items(conn, selection_id)] == ["FRI-002"]


def test_priority_cannot_change_when_switched_off(conn: Connection) -> None:
    selection_id = _selection(conn, priority_enabled=False)
    tick(conn, selection_id, ["SIK-1"])
    with pytest.raises(SelectionError, match="priority"):
        set_item_importance(conn, selection_id, "SIK-1", Importance.OPTIONAL)


def test_final_selection_refuses_every_change(conn: Connection) -> None:
    selection_id = _selection(conn)
    tick(conn, selection_id, ["SIK-1"])
    finalise(conn, selection_id)
    snapshot = get_item(conn, selection_id, "SIK-1").snapshot
    attempts = [
        lambda: tick(conn, selection_id, ["SIK-2"]),
        lambda: untick(conn, selection_id, ["SIK-1"]),
        lambda: edit_item(conn, selection_id, "SIK-1", replace(snapshot, title="x")),
        lambda: add_free_text(conn, selection_id, Snapshot(uid="", title="x", category="SIK")),
        lambda: remove_item(conn, selection_id, "SIK-1"),
        lambda: set_answers(conn, selection_id, {"Cloud": Answer.YES}),
        lambda: rename_selection(conn, selection_id, "Nyt navn"),
        lambda: apply_questionnaire(conn, selection_id),
        lambda: take_catalogue(conn, selection_id, ["SIK-1"]),
        lambda: finalise(conn, selection_id),
    ]  # fmt: skip
    for attempt in attempts:
        with pytest.raises(SelectionFinalError):
            attempt()
    assert [item.uid for item in list_items(conn, selection_id)] == ["SIK-1"]
    copy = duplicate_selection(conn, selection_id)
    assert copy.status.value == "draft" and copy.title == "Copy of Nyt ESDH"
    assert [item.uid for item in list_items(conn, copy.id)] == ["SIK-1"]
    tick(conn, copy.id, ["SIK-2"])


def test_find_list_rename_delete(conn: Connection) -> None:
    first = _selection(conn, title="Skole")
    _selection(conn, title="Økonomi")
    assert find_selection(conn, "skole").id == first
    assert find_selection(conn, str(first)).id == first
    with pytest.raises(SelectionError, match="no selection"):
        find_selection(conn, "ukendt")
    rename_selection(conn, first, "Skole 2027")
    assert {s.title for s in list_selections(conn)} == {"Skole 2027", "Økonomi"}
    delete_selection(conn, first)
    assert [s.title for s in list_selections(conn)] == ["Økonomi"]


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("ærø skole", None),  # æ/ø are not Æ/Ø to SQLite's lower(), nor here on PostgreSQL
        ("ÆRØ SKOLE", None),  # Ø is not ø either
        ("ÆRø SKOLE", "Ærø Skole"),  # only the ASCII letters are folded
        ("école", None),
        ("ÉCOLE", "École"),
    ],
)
def test_a_title_is_found_with_sqlite_s_case_folding_on_both_engines(
    conn: Connection, typed: str, found: str | None
) -> None:
    ids = {title: _selection(conn, title=title) for title in ("Ærø Skole", "École")}
    if found is not None:
        assert find_selection(conn, typed).id == ids[found]
    else:
        with pytest.raises(SelectionError, match="no selection"):
            find_selection(conn, typed)


@pytest.mark.parametrize(
    ("info", "message"),
    [
        ({"title": "  "}, "title"),
        ({"domains": ("Ukendt",)}, "unknown domain"),
        ({"language": "fr"}, "language"),
    ],
)
def test_bad_selection_info_is_refused(
    conn: Connection, info: dict[str, object], message: str
) -> None:
    with pytest.raises(SelectionError, match=message):
        _selection(conn, **info)
    assert list_selections(conn) == []
