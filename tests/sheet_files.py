"""Spreadsheets for the import tests: laid out as OS2kravmotor writes them, or any other way,
and the same sheets converted by LibreOffice into the formats it writes (.xls, .ods, .csv).

OS2kravmotor's layouts follow its XlsView classes and its messages: the purchase's ``krav.xls``
(Krav id, Navn, Beskrivelse, Rationale, Kategori, [Prioritet], [Fortolkning]; the Krav id a
number) and "Download kravbank" (Krav id, Navn, Type, Beskrivelse, Lokal Beskrivelse,
Fortolkning, Interessenter, Kategori, Prioritet, Rationale, Bilag, Sidst ændret, Noter), each
beside a Metadata sheet with "Udtræk foretaget".
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from kravtui.interchange.catalogue_toml import catalogue_content, dump_catalogue

KRAVBANK_HEADER = [
    "Krav id",
    "Navn",
    "Type",
    "Beskrivelse",
    "Lokal Beskrivelse",
    "Fortolkning",
    "Interessenter",
    "Kategori",
    "Prioritet",
    "Rationale",
    "Bilag",
    "Sidst ændret",
    "Noter",
]

KRAVBANK_ROWS: list[list[object]] = [
    [
        101,
        "Single sign-on",
        "Tværkommunalt krav",
        "Systemet skal understøtte single sign-on.",
        None,
        "Svar ja, hvis systemet kan bruge kommunens identitetsudbyder.",
        "IT-afdelingen",
        "Sikkerhed",
        "Vigtigt krav",
        "Færre adgangskoder.",
        None,
        "2019-03-01",
        "Fra OS2kravmotor",
    ],
    [
        102,
        "Logning af opslag",
        "Tværkommunalt krav",
        "Alle opslag i personoplysninger logges.",
        None,
        None,
        None,
        "Logning",
        "Mindstekrav",
        "Sporbarhed.",
        "https://example.dk/bilag.pdf",
        "2019-03-02",
        None,
    ],
    [
        205,
        "Daglig backup",
        "Lokalt krav",
        "Data tages i backup hver nat.",
        "Kun i Aarhus",
        None,
        None,
        "Backup / restore",
        "Krav",
        None,
        None,
        "2019-03-03",
        None,
    ],
]


def write_sheet(
    path: Path, header: Sequence[object], rows: Sequence[Sequence[object]], title: str = "Krav"
) -> Path:
    """A one-sheet workbook (plus OS2kravmotor's Metadata sheet) with `header` and `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    meta = workbook.create_sheet("Metadata")
    meta.append(["Udtræk foretaget"])
    meta.append(["2019/05/02 - 10:11"])
    workbook.save(path)
    return path


def kravbank(path: Path, rows: Sequence[Sequence[object]] = KRAVBANK_ROWS) -> Path:
    """OS2kravmotor's "Download kravbank" file."""
    return write_sheet(path, KRAVBANK_HEADER, rows)


def purchase(path: Path, rows: Sequence[Sequence[object]], *, priority: bool = True) -> Path:
    """OS2kravmotor's purchase ``krav.xls``: Krav id, Navn, Beskrivelse, Rationale, Kategori,
    Prioritet (when the purchase shows priorities), Fortolkning."""
    header = ["Krav id", "Navn", "Beskrivelse", "Rationale", "Kategori"]
    if priority:
        header.append("Prioritet")
    header.append("Fortolkning")
    return write_sheet(path, header, [row[: len(header)] for row in rows])


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, kind: str, folder: Path) -> Path:
    """`path` converted by LibreOffice to `kind` (xls, ods, csv, ...) in `folder`; the file
    it wrote (a CSV of every sheet writes one file per sheet, NAME-SHEET.csv, instead)."""
    program = soffice()
    assert program is not None
    subprocess.run(
        [
            program,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            kind,
            "--outdir",
            str(folder),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = folder / f"{path.stem}.{kind.split(':')[0]}"
    assert converted.exists() or list(folder.glob(f"{path.stem}-*")), converted
    return converted


def sheet_values(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as python-calamine reads it (the reader kravtui uses, and as
    Excel shows the cells), as texts."""
    import python_calamine as calamine

    with calamine.CalamineWorkbook.from_path(str(path)) as workbook:
        return {
            name: [
                ["" if value is None else str(value) for value in row]
                for row in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            ]
            for name in workbook.sheet_names
        }


def catalogue_text(conn: sqlite3.Connection) -> str:
    """The whole catalogue as its TOML text: equal texts, equal catalogues."""
    return dump_catalogue(catalogue_content(conn))
