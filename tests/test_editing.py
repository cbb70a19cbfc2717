"""Editing services: validation, uids, versioned saves, delete/restore, classifications; on
either engine (the `catalogue_location` fixture: SQLite, then PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kravtui.catalogue import classification_admin as admin
from kravtui.catalogue.classifications import load_classifications, merge_classifications
from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.editing import (
    ValidationError,
    next_uid,
    restore_version,
    save_requirement,
    set_deleted,
    validate,
)
from kravtui.catalogue.history import Action, list_revisions
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import Category, Classifications, Domain, RequirementContent, Tag
from kravtui.catalogue.requirements import ConflictError, get_requirement
from tests.catalogue_factory import add_selection


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Connection]:
    connection = create_catalogue(catalogue_location)
    with transaction(connection):
        merge_classifications(
            connection,
            Classifications(
                categories=(Category("SIK", "Sikkerhed", "", ("Adgang",)), Category("LOG", "Log")),
                domains=(Domain("Økonomi"), Domain("Skole")),
                tags=(Tag("Persondata", "Persondata?"),),
            ),
        )
    yield connection
    connection.close()


def _new(uid: str = "SIK-001", **changes: object) -> RequirementContent:
    return RequirementContent(
        uid=uid, title="Kryptering", category="SIK", domains=("Økonomi",)
    ).with_changes(**changes)


def _fields(conn: Connection, content: RequirementContent) -> dict[str, str]:
    return {error.field: error.key for error in validate(conn, content)}


def test_validation_reports_each_field(conn: Connection) -> None:
    assert _fields(conn, _new()) == {}
    bad = _new(uid="sik 1", title=" ", category="XXX", domains=(), notes="bell\x07")
    assert _fields(conn, bad) == {
        "uid": "edit.error.uid_format",
        "title": "edit.error.title_required",
        "category": "edit.error.category_required",
        "domains": "edit.error.domains_required",
        "notes": "text.refused",
    }
    assert _fields(conn, _new(subcategory="Kryptering")) == {
        "subcategory": "edit.error.subcategory_mismatch"
    }
    assert _fields(conn, _new(all_domains=True, domains=())) == {}


def test_next_uid_follows_the_highest_number(conn: Connection) -> None:
    assert next_uid(conn, "SIK") == "SIK-001"
    save_requirement(conn, _new("SIK-009"), expected_version=None)
    save_requirement(conn, _new("SIK-010"), expected_version=None)
    assert next_uid(conn, "SIK") == "SIK-011"
    assert next_uid(conn, "LOG") == "LOG-001"


def test_create_refuses_a_taken_uid(conn: Connection) -> None:
    save_requirement(conn, _new(), expected_version=None)
    with pytest.raises(ValidationError) as caught:
        save_requirement(conn, _new(title="Andet"), expected_version=None)
    assert caught.value.errors[0].key == "edit.error.uid_taken"


def test_two_editors_same_requirement_second_save_conflicts(conn: Connection) -> None:
    created = save_requirement(conn, _new(), expected_version=None)
    opened_by_anna = created.meta.version
    opened_by_bo = created.meta.version
    save_requirement(conn, _new(title="Annas titel"), expected_version=opened_by_anna)
    with pytest.raises(ConflictError) as caught:
        save_requirement(conn, _new(title="Bos titel"), expected_version=opened_by_bo)
    assert caught.value.theirs is not None and caught.value.theirs.content.title == "Annas titel"
    stored = get_requirement(conn, "SIK-001")
    assert stored is not None and stored.content.title == "Annas titel"


def test_delete_restore_and_restore_an_old_version(conn: Connection) -> None:
    save_requirement(conn, _new(), expected_version=None)
    save_requirement(conn, _new(title="Anden titel"), expected_version=1)
    set_deleted(conn, "SIK-001", True)
    set_deleted(conn, "SIK-001", False)
    restored = restore_version(conn, "SIK-001", 1)
    assert restored.content.title == "Kryptering"
    actions = [revision.action for revision in list_revisions(conn, "SIK-001")]
    assert actions == [
        Action.CREATE,
        Action.EDIT,
        Action.DELETE,
        Action.RESTORE,
        Action.RESTORE,
    ]


def test_rename_shows_everywhere_and_in_use_deletes_are_refused(conn: Connection) -> None:
    save_requirement(conn, _new(tags=("Persondata",)), expected_version=None)
    # a selection for the domain Skole that answers Persondata (raw SQL: either engine)
    selection = add_selection(conn, title="Køb")
    conn.execute(
        "INSERT INTO selection_domain (selection_id, domain_id)"
        " SELECT ?, id FROM domain WHERE name = 'Skole'",
        (selection,),
    )
    conn.execute(
        "INSERT INTO selection_answer (selection_id, tag_id, answer)"
        " SELECT ?, id, 'yes' FROM tag WHERE name = 'Persondata'",
        (selection,),
    )
    admin.update_named(conn, admin.DOMAIN, "Økonomi", "Økonomi og løn")
    admin.update_category(conn, "SIK", "Informationssikkerhed")
    stored = get_requirement(conn, "SIK-001")
    assert stored is not None and stored.content.domains == ("Økonomi og løn",)
    with pytest.raises(admin.InUseError) as caught:
        admin.delete_named(conn, admin.TAG, "Persondata")
    assert (caught.value.requirements, caught.value.selections) == (1, 1)
    assert "is used by 1 requirement and 1 selection;" in str(caught.value)
    with pytest.raises(admin.InUseError):
        admin.delete_category(conn, "SIK")
    with pytest.raises(admin.InUseError):
        admin.delete_named(conn, admin.DOMAIN, "Skole")
    admin.delete_category(conn, "LOG")
    assert [c.prefix for c in load_classifications(conn).categories] == ["SIK"]


def test_add_move_and_refuse_duplicates(conn: Connection) -> None:
    admin.add_named(conn, admin.TAG, "Cloud", "Skal det køre i skyen?")
    admin.move_named(conn, admin.TAG, "Cloud", -1)
    admin.add_category(conn, "ark", "Arkivering")
    admin.move_category(conn, "ARK", -5)
    admin.add_subcategory(conn, "SIK", "Kryptering")
    admin.move_subcategory(conn, "SIK", "Kryptering", -1)
    admin.rename_subcategory(conn, "SIK", "Adgang", "Adgangsstyring")
    loaded = load_classifications(conn)
    assert [tag.name for tag in loaded.tags] == ["Cloud", "Persondata"]
    assert loaded.tags[0].question == "Skal det køre i skyen?"
    assert [c.prefix for c in loaded.categories] == ["ARK", "SIK", "LOG"]
    assert loaded.category("SIK") == Category(
        "SIK", "Sikkerhed", "", ("Kryptering", "Adgangsstyring")
    )
    with pytest.raises(admin.ClassificationError, match="already exists"):
        admin.add_named(conn, admin.TAG, "Cloud")
    with pytest.raises(admin.ClassificationError, match="prefix"):
        admin.add_category(conn, "1X", "Forkert")
    with pytest.raises(admin.ClassificationError, match="name"):
        admin.add_named(conn, admin.DOMAIN, "   ")
    admin.delete_subcategory(conn, "SIK", "Kryptering")
    assert load_classifications(conn).category("SIK") == Category(
        "SIK", "Sikkerhed", "", ("Adgangsstyring",)
    )
