"""A small catalogue and a selection built through the selection services, for TOML tests.

`build_catalogue(path)` writes `CATALOGUE` (three categories, a tag whose name needs quoting,
long and multi-line texts); `build_selection(conn)` then makes "Nyt ESDH-system": metadata with
a multi-line description, answers, ticked items (one edited, one re-prioritised), a free-text
requirement and an edited item that was unticked (kept for its edit), and returns its id.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.records import (
    CatalogueContent,
    Category,
    Classifications,
    Domain,
    RequirementContent,
    Tag,
)
from kravtui.catalogue.requirements import write_contents
from kravtui.catalogue.vocabulary import Importance
from kravtui.selection.items import add_free_text, edit_item, get_item, tick, untick
from kravtui.selection.records import Answer, SelectionInfo, Snapshot
from kravtui.selection.store import create_selection, set_answers

LONG = " ".join(
    f"Punkt {n}: leverandøren skal dokumentere, hvordan data beskyttes i drift." for n in range(8)
)

CATALOGUE = CatalogueContent(
    Classifications(
        categories=(
            Category("SIK", "Sikkerhed", "Adgang og kryptering.", ("Adgang", "Kryptering")),
            Category("LOG", "Logning"),
            Category("ARK", "Arkivering"),
        ),
        domains=(Domain("Økonomi"), Domain("Børn og unge")),
        tags=(Tag("Persondata", "Persondata?"), Tag("Følsomme data", "Følsomme data?")),
    ),
    (
        RequirementContent(
            uid="SIK-2",
            title="To-faktor-login",
            importance=Importance.ABSOLUTE,
            category="SIK",
            subcategory="Adgang",
            domains=("Økonomi",),
            tags=("Persondata",),
            description="Administratorer skal logge ind med to faktorer.",
            rationale="Stjålne adgangskoder.",
            help_text="Beskriv løsningen.",
        ),
        RequirementContent(
            uid="SIK-10",
            title="Kryptering under transport",
            importance=Importance.HIGH,
            category="SIK",
            subcategory="Kryptering",
            all_domains=True,
            tags=("Følsomme data",),
            description=LONG,
            rationale='Data kan aflyttes; "TLS" er standard.\nSe også bilag 3.',
            help_text="Svar med versioner.\n\n  - TLS 1.2\n  - TLS 1.3\n",
        ),
        RequirementContent(
            uid="LOG-1",
            title="Logning af opslag",
            category="LOG",
            domains=("Børn og unge",),
            tags=("Persondata",),
            description="Alle opslag i persondata logges.",
        ),
        RequirementContent(
            uid="ARK-1",
            title="Arkiveringsversion",
            category="ARK",
            domains=("Økonomi",),
            tags=("Persondata",),
            description="Systemet kan aflevere en arkiveringsversion.",
        ),
    ),
)

TITLE = "Nyt ESDH-system"


def build_catalogue(path: Path) -> sqlite3.Connection:
    """A new catalogue at `path` holding `CATALOGUE`."""
    conn = create_catalogue(path)
    with transaction(conn):
        merge_classifications(conn, CATALOGUE.classifications)
        write_contents(conn, CATALOGUE.requirements)
    return conn


def build_selection(conn: sqlite3.Connection, title: str = TITLE) -> int:
    """The selection described in the module docstring; returns its id."""
    info = SelectionInfo(
        title=title,
        description="Anskaffelse af ESDH.\nFase 1: sagsbehandling.",
        organisation="Eksempel Kommune",
        contact="Indkøb <indkob@example.dk>",
        deadline="2025-03-01",
        domains=("Økonomi", "Børn og unge"),
        priority_enabled=True,
        language="da",
    )
    selection_id = create_selection(conn, info).id
    set_answers(conn, selection_id, {"Persondata": Answer.YES, "Følsomme data": Answer.UNKNOWN})
    tick(
        conn,
        selection_id,
        ["SIK-2", "SIK-10", "LOG-1", "ARK-1"],
        {"SIK-2": ("domain:Økonomi", "tag:Persondata=yes"), "SIK-10": ("all_domains",)},
    )
    edited = get_item(conn, selection_id, "SIK-2").snapshot
    edit_item(conn, selection_id, "SIK-2", replace(edited, title="To-faktor-login for alle"))
    high = replace(get_item(conn, selection_id, "LOG-1").snapshot, importance=Importance.HIGH)
    edit_item(conn, selection_id, "LOG-1", high)
    archive = get_item(conn, selection_id, "ARK-1").snapshot
    edit_item(conn, selection_id, "ARK-1", replace(archive, rationale="Arkivloven."))
    untick(conn, selection_id, ["ARK-1"])
    add_free_text(
        conn,
        selection_id,
        Snapshot(
            uid="",
            title="Integration til lønsystem",
            description="Systemet skal kunne sende data til kommunens lønsystem.",
            category="LOG",
            importance=Importance.OPTIONAL,
        ),
    )
    return selection_id
