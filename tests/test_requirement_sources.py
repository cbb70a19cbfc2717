"""Requirements' numbers in other systems (schema v8, `kravtui.catalogue.sources`): a number
names one requirement, a requirement has one number per system, and setting the same pairs
again changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.sources import (
    OS2KRAVMOTOR,
    reference_of,
    requirements_by_reference,
    set_references,
)
from tests.catalogue_factory import make_catalogue


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return make_catalogue(
        tmp_path / "c.db",
        [
            RequirementContent("SIK-1", "Kryptering", category="SIK", all_domains=True),
            RequirementContent("SIK-2", "Logning", category="SIK", all_domains=True),
        ],
    )


def test_a_number_moved_to_another_requirement_leaves_the_first(conn: sqlite3.Connection) -> None:
    assert set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17")]) == 1
    assert set_references(conn, OS2KRAVMOTOR, [("SIK-2", "17")]) == 1
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {"17": "SIK-2"}
    assert reference_of(conn, "SIK-1", OS2KRAVMOTOR) == ""


def test_a_requirement_keeps_one_number_per_system(conn: sqlite3.Connection) -> None:
    set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17")])
    set_references(conn, OS2KRAVMOTOR, [("SIK-1", "18")])
    set_references(conn, "other", [("SIK-1", "17")])
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {"18": "SIK-1"}
    assert requirements_by_reference(conn, "other") == {"17": "SIK-1"}


def test_setting_the_same_pairs_again_changes_nothing(conn: sqlite3.Connection) -> None:
    pairs = [("SIK-1", "17"), ("SIK-2", "18"), ("SIK-404", "19")]
    assert set_references(conn, OS2KRAVMOTOR, pairs) == 2  # an unknown uid is skipped
    assert set_references(conn, OS2KRAVMOTOR, pairs) == 0


def test_deleting_a_requirement_for_good_deletes_its_numbers(conn: sqlite3.Connection) -> None:
    set_references(conn, OS2KRAVMOTOR, [("SIK-1", "17")])
    conn.execute("DELETE FROM requirement WHERE uid = 'SIK-1'")
    assert requirements_by_reference(conn, OS2KRAVMOTOR) == {}
