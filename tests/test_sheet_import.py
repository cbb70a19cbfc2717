"""Bringing spreadsheets in: OS2kravmotor's files recognised by their headers (its numbers kept
and mapped to the same requirements on every import), any sheet through a column map, kravtui's
own sheets back to the same catalogue or selection, and rows as the user sees them (merged
cells, numbers stored as text, empty rows)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from kravtui.application.export import check_target, export_catalogue, export_selection
from kravtui.application.sheets import SheetChoices, import_sheet, plan_sheet
from kravtui.catalogue.db import create_catalogue
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.sources import OS2KRAVMOTOR, reference_of, requirements_by_reference
from kravtui.interchange.catalogue_sheet_import import CataloguePlan, SheetImportReport
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.sheet_words import new_prefix
from kravtui.selection.store import find_selection
from kravtui.selection.transfer import TransferReport, selection_content
from tests.selection_builder import build_catalogue, build_selection
from tests.sheet_files import catalogue_text, kravbank, purchase, write_sheet
from tests.test_selection_toml import fresh_catalogue

pytest.importorskip("python_calamine")


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Iterator[Any]:
    """`selection_builder.CATALOGUE`, on each engine in turn."""
    connection = fresh_catalogue(catalogue_location)
    yield connection
    connection.close()


@pytest.fixture
def sqlite_conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """`selection_builder.CATALOGUE` in a SQLite file: for the imports that update stored
    requirements or tick items, through services another piece ports to PostgreSQL."""
    connection = build_catalogue(tmp_path / "c.db")
    yield connection
    connection.close()


def catalogue_import(conn: Any, path: Path, **choices: object) -> SheetImportReport:
    report = import_sheet(conn, path, SheetChoices(**choices))  # type: ignore[arg-type]
    assert isinstance(report, SheetImportReport)
    return report


# OS2kravmotor's files


def test_the_kravbank_download_comes_in_with_its_numbers(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    report = catalogue_import(
        sqlite_conn, kravbank(tmp_path / "kravbank.xlsx"), add_categories=True
    )
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert report.references == 3
    assert report.ignored == ("Type", "Lokal Beskrivelse", "Bilag", "Sidst ændret")
    assert [(c.name, c.prefix) for c in report.added_categories] == [
        ("Backup / restore", "BAC"),
    ]
    numbers = requirements_by_reference(sqlite_conn, OS2KRAVMOTOR)
    # "Sikkerhed" and "Logning" are the catalogue's categories SIK and LOG: numbered in their
    # series after the highest number they ever used
    assert numbers == {"101": "SIK-011", "102": "LOG-002", "205": "BAC-001"}
    sso = get_requirement(sqlite_conn, "SIK-011")
    assert sso is not None
    content = sso.content
    assert content.title == "Single sign-on"
    assert content.importance.value == "high"  # "Vigtigt krav"
    assert content.help_text.startswith("Svar ja") and content.stakeholders == "IT-afdelingen"
    assert content.notes == "Fra OS2kravmotor" and content.all_domains


def test_importing_the_same_file_again_changes_nothing(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = kravbank(tmp_path / "kravbank.xlsx")
    catalogue_import(sqlite_conn, path, add_categories=True)
    before = catalogue_text(sqlite_conn)
    again = catalogue_import(sqlite_conn, path, add_categories=True)
    assert (again.created, again.updated, again.unchanged, again.references) == (0, 0, 3, 0)
    assert again.added_categories == ()
    assert catalogue_text(sqlite_conn) == before


def test_a_later_download_updates_the_same_requirements_and_keeps_kravtuis_own_fields(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    catalogue_import(sqlite_conn, kravbank(tmp_path / "v1.xlsx"), add_categories=True)
    uid = requirements_by_reference(sqlite_conn, OS2KRAVMOTOR)["102"]
    sqlite_conn.execute(
        "INSERT INTO requirement_tag (requirement_id, tag_id) SELECT r.id, t.id "
        "FROM requirement r, tag t WHERE r.uid = ? AND t.name = 'Persondata'",
        (uid,),
    )
    sqlite_conn.commit()
    rows = [list(row) for row in KRAVBANK_V2]
    report = catalogue_import(
        sqlite_conn, kravbank(tmp_path / "v2.xlsx", rows), add_categories=True
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    updated = get_requirement(sqlite_conn, uid)
    assert updated is not None
    assert updated.content.description == "Alle opslag og ændringer logges."
    assert updated.content.tags == ("Persondata",)  # not in OS2kravmotor's file: kept


KRAVBANK_V2 = [
    [101, "Single sign-on", "", "Systemet skal understøtte single sign-on.", None,
     "Svar ja, hvis systemet kan bruge kommunens identitetsudbyder.", "IT-afdelingen",
     "Sikkerhed", "Vigtigt krav", "Færre adgangskoder.", None, "2019-03-01", "Fra OS2kravmotor"],
    ["102", "Logning af opslag", "", "Alle opslag og ændringer logges.", None, None, None,
     "Logning", "Mindstekrav", "Sporbarhed.", None, "2020-01-01", None],
    [205.0, "Daglig backup", "", "Data tages i backup hver nat.", None, None, None,
     "Backup / restore", "Krav", None, None, "2019-03-03", None],
]  # fmt: skip


def test_the_purchase_krav_xls_becomes_a_selection(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    catalogue_import(sqlite_conn, kravbank(tmp_path / "kravbank.xlsx"), add_categories=True)
    rows = [
        [101, "Single sign-on", "Systemet skal kunne bruge SSO.", "Færre adgangskoder.",
         "Sikkerhed", "Mindstekrav", "Svar ja."],
        [205, "Daglig backup", "Data tages i backup hver nat.", None, "Backup / restore",
         "Krav", None],
        [9001, "Fritekstkrav", "Noget kun dette udbud har.", None, "Logning", "Option", None],
    ]  # fmt: skip
    path = purchase(tmp_path / "krav.xlsx", rows)
    report = import_sheet(sqlite_conn, path, SheetChoices(selection="ESDH 2026"))
    assert isinstance(report, TransferReport)
    content = selection_content(sqlite_conn, find_selection(sqlite_conn, "ESDH 2026").id)
    items = {item.uid: item for item in content.items}
    sso = items["SIK-011"]
    assert sso.edited and sso.snapshot.description == "Systemet skal kunne bruge SSO."
    assert sso.snapshot.importance.value == "absolute"
    assert not items["BAC-001"].edited
    free = items["FRI-001"]
    assert free.is_free_text and free.snapshot.category == "LOG"
    assert content.info.priority_enabled and content.info.language == "da"


def test_an_own_list_as_a_selection_takes_the_default_category(conn: Any, tmp_path: Path) -> None:
    """`--selection` with `--category`: free-text rows without a category get it (the refusal
    said "a Kategori column, or --category", and --category was ignored)."""
    path = write_sheet(tmp_path / "liste.xlsx", ["Krav", "Tekst"], [["Backup", "Hver nat"]])
    choices = SheetChoices(mapping="Krav=title,Tekst=description", selection="Eget", category="LOG")
    assert isinstance(import_sheet(conn, path, choices), TransferReport)
    content = selection_content(conn, find_selection(conn, "Eget").id)
    assert [(item.snapshot.title, item.snapshot.category) for item in content.items] == [
        ("Backup", "LOG")
    ]
    with pytest.raises(InterchangeError, match=r"--category: no category 'Nope'.*ARK, LOG, SIK"):
        plan_sheet(conn, path, replace(choices, category="Nope"))


def test_numbers_stored_as_text_and_merged_categories_read_as_the_user_sees_them(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Krav"
    sheet.append(["Krav id", "Navn", "Beskrivelse", "Kategori", "Prioritet"])
    sheet.append(["301", "Første", "a", "Logning", "Krav"])
    sheet.append([302.0, "Anden", "b", None, "krav"])
    sheet.append([])
    sheet.append([303, "Tredje", "c", None, "KRAV"])
    sheet.merge_cells("D2:D5")
    path = tmp_path / "flettet.xlsx"
    workbook.save(path)
    report = catalogue_import(sqlite_conn, path)
    assert report.created == 3
    numbers = requirements_by_reference(sqlite_conn, OS2KRAVMOTOR)
    assert sorted(numbers) == ["301", "302", "303"]
    assert {uid.split("-")[0] for uid in numbers.values()} == {"LOG"}


def test_a_new_category_gets_a_prefix_from_its_name() -> None:
    taken = {"SIK", "LOG"}
    assert new_prefix("Miljøer", taken) == "MIL"
    assert new_prefix("Sikkerhed og brugerstyring", taken) == "SOB"
    assert new_prefix("Logning", taken) == "LOGN"
    assert new_prefix("Æbler", taken) == "AEB"
    assert new_prefix("123", taken) == "K12"
    assert new_prefix("Sik", {"SIK", "SIKK"} | taken) == "SIK2"


# Any other sheet


def test_an_own_list_comes_in_through_a_map(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = write_sheet(
        tmp_path / "liste.xlsx",
        ["Nr.", "Krav", "Hvad", "Hvorfor", "Vigtighed", "Område"],
        [
            [1, "Kryptering i hvile", "Data krypteres.", "Tyveri.", "Vigtigt krav", ""],
            [2, "Adgangslog", "Al adgang logges.", "", "", "Logning"],
        ],
        title="Mine krav",
    )
    mapping = "Krav=title,Hvad=description,Hvorfor=rationale,Vigtighed=priority,Område=category"
    report = catalogue_import(sqlite_conn, path, mapping=mapping, category="Sikkerhed")
    assert (report.created, report.ignored) == (2, ("Nr.",))
    titles = {
        uid: title
        for uid, title in sqlite_conn.execute("SELECT uid, title FROM requirement WHERE uid IN "
                                        "('SIK-011', 'LOG-002')")
    }  # fmt: skip
    assert titles == {"SIK-011": "Kryptering i hvile", "LOG-002": "Adgangslog"}
    again = catalogue_import(sqlite_conn, path, mapping=mapping, category="Sikkerhed")
    assert (again.created, again.unchanged) == (0, 2)  # matched by category and title


def test_the_plan_says_which_rows_would_be_refused_before_anything_is_written(
    conn: Any, tmp_path: Path
) -> None:
    before = catalogue_text(conn)
    rows = [
        ["SIK-50", "God", "x", "Sikkerhed", "Krav"],
        ["SIK-51", "", "x", "Sikkerhed", "Krav"],
        ["SIK-52", "Dårlig kategori", "x", "Findes ikke", "Krav"],
    ]
    header = ["Krav id", "Navn", "Beskrivelse", "Kategori", "Prioritet"]
    plan = plan_sheet(conn, write_sheet(tmp_path / "p.xlsx", header, rows), SheetChoices())
    assert isinstance(plan, CataloguePlan)
    assert [row.content.uid for row in plan.rows] == ["SIK-50"]
    assert [(r.place, r.reason) for r in plan.refusals] == [
        ("Krav!B3", "the name is empty"),
        ("Krav!D4", "no category 'Findes ikke' in the catalogue (by name or prefix)"),
    ]
    assert catalogue_text(conn) == before


# kravtui's own sheets, back in


def test_the_catalogue_sheet_reimports_to_the_same_catalogue(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    sqlite_conn.execute("UPDATE requirement SET deleted = 1 WHERE uid = 'ARK-1'")
    sqlite_conn.commit()
    path = tmp_path / "katalog.xlsx"
    export_catalogue(sqlite_conn, path, "xlsx")
    before = catalogue_text(sqlite_conn)
    same = catalogue_import(sqlite_conn, path)
    assert (same.created, same.updated, same.unchanged) == (0, 0, 4)
    assert catalogue_text(sqlite_conn) == before
    empty = create_catalogue(tmp_path / "tom.db")
    fresh = catalogue_import(empty, path)
    assert fresh.created == 4
    assert catalogue_text(empty) == before
    empty.close()


def test_the_english_catalogue_sheet_reimports_too(conn: Any, tmp_path: Path) -> None:
    path = tmp_path / "catalogue.xlsx"
    export_catalogue(conn, path, "xlsx", "en")
    empty = create_catalogue(tmp_path / "tom.db")
    catalogue_import(empty, path)
    assert catalogue_text(empty) == catalogue_text(conn)
    empty.close()


def test_the_selection_sheet_reimports_to_the_same_selection(
    sqlite_conn: sqlite3.Connection, tmp_path: Path
) -> None:
    selection_id = build_selection(sqlite_conn)
    path = tmp_path / "udbud.xlsx"
    export_selection(
        sqlite_conn, selection_id, check_target(sqlite_conn, path, create_folder=False), "xlsx"
    )
    report = import_sheet(sqlite_conn, path, SheetChoices())
    assert isinstance(report, TransferReport)
    original = selection_content(sqlite_conn, selection_id)
    copy = selection_content(sqlite_conn, report.selection_id)
    ticked = tuple(replace(item, why=()) for item in original.items if item.ticked)
    assert copy.info == original.info
    assert copy.answers == original.answers and copy.status == original.status
    assert copy.items == ticked  # the unticked item and the reasons are not in the sheet


def test_a_sheet_of_a_newer_kravtui_is_refused(conn: Any, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "ny.xlsx", ["Krav id", "Navn"], [["SIK-1", "x"]])
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    meta = workbook["Metadata"]
    meta.append(["Format", "kravtui-catalogue-sheet/9"])
    workbook.save(path)
    with pytest.raises(InterchangeError, match="newer kravtui"):
        plan_sheet(conn, path, SheetChoices())
    assert reference_of(conn, "SIK-1", OS2KRAVMOTOR) == ""
