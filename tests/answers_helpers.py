"""A catalogue with one selection for the market dialogue's tests, and returned files made by
hand from what the selection sends (no spreadsheet needed).

`dialogue_catalogue(location)` makes, on either engine, four requirements in three categories:
SIK-1 a minimum requirement, SIK-2 an info requirement (the vendor must elaborate), LOG-1 and
ARK-1 plain; and the selection "Nyt ESDH" with all four ticked. `returned_file(sent, answers)` is
the file a vendor sends back with `answers` (uid -> choice text, elaboration, price) filled in.
`db_argument(location)` is what `--db` takes for the catalogue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from kravtui.answers.records import (
    ReturnedFile,
    ReturnedIdentity,
    ReturnedRow,
    SentRecord,
    SentSelection,
    SourceKind,
)
from kravtui.answers.sent import content_hash
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.location import CatalogueLocation, SqliteLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.selection.items import tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from tests.catalogue_factory import make_catalogue

REQUIREMENTS = (
    RequirementContent(
        uid="SIK-1",
        title="To-faktor-login",
        importance=Importance.ABSOLUTE,
        category="SIK",
        description="Administratorer logger ind med to faktorer.",
    ),
    RequirementContent(
        uid="SIK-2",
        title="Kryptering under transport",
        importance=Importance.HIGH,
        category="SIK",
        info_requirement=True,
        description="Al trafik krypteres.\nBeskriv protokollerne.",
    ),
    RequirementContent(
        uid="LOG-1", title="Logning af opslag", category="LOG", description="Opslag logges."
    ),
    RequirementContent(
        uid="ARK-1",
        title="Arkiveringsversion",
        importance=Importance.OPTIONAL,
        category="ARK",
        description="Data kan afleveres til arkiv.",
    ),
)
UIDS = ("SIK-1", "SIK-2", "LOG-1", "ARK-1")

Answers = Mapping[str, tuple[str, str, str]]

ALL_YES: dict[str, tuple[str, str, str]] = {
    "SIK-1": ("Ja", "", ""),
    "SIK-2": ("Ja, delvist", "TLS 1.3 overalt undtagen i arkivet.", ""),
    "LOG-1": ("Ja, som tilkøb", "", "12.500 kr."),
    "ARK-1": ("Ikke relevant", "", ""),
}


def dialogue_catalogue(path: Path | CatalogueLocation) -> tuple[Connection, int]:
    """A catalogue with the four requirements and the selection, all ticked; (conn, id)."""
    conn = make_catalogue(path, requirements=REQUIREMENTS)
    selection = create_selection(conn, SelectionInfo(title="Nyt ESDH", organisation="Kommunen"))
    tick(conn, selection.id, list(UIDS))
    return conn, selection.id


def db_argument(location: CatalogueLocation) -> str:
    """What `--db` takes for `location`: the file's path, or the database's conninfo."""
    return str(location.path) if isinstance(location, SqliteLocation) else location.conninfo


def returned_file(
    sent: SentSelection,
    answers: Answers,
    *,
    name: str = "svar.xlsx",
    content: bytes | None = None,
    rows: tuple[ReturnedRow, ...] | None = None,
) -> ReturnedFile:
    """The file a vendor returns for `sent` with `answers` filled in (rows as sent, in order)."""
    made = tuple(
        ReturnedRow(
            place=f"Besvarelse!A{index}",
            uid=item.uid,
            title=item.title,
            description=item.description,
            priority=item.importance,
            priority_text="",
            choice_text=answers.get(item.uid, ("", "", ""))[0],
            elaboration=answers.get(item.uid, ("", "", ""))[1],
            price=answers.get(item.uid, ("", "", ""))[2],
        )
        for index, item in enumerate(sent.items, start=2)
    )
    made_of = content if content is not None else repr((name, sorted(answers.items()))).encode()
    digest = hashlib.sha256(made_of).hexdigest()
    return ReturnedFile(
        source_name=name,
        sha256=digest,
        kind=SourceKind.XLSX,
        identity=ReturnedIdentity(
            selection_id=sent.selection_id,
            created_at=sent.created_at,
            version=sent.version,
            language=sent.language,
            prices_requested=sent.prices_requested,
        ),
        sent=tuple(
            SentRecord(item.uid, content_hash(item), item.needs_elaboration) for item in sent.items
        ),
        rows=made if rows is None else rows,
    )


def with_row(returned: ReturnedFile, which: str, **changes: object) -> ReturnedFile:
    """`returned` with the row of the uid `which` changed."""
    rows = tuple(replace(row, **changes) if row.uid == which else row for row in returned.rows)  # type: ignore[arg-type]
    return replace(returned, rows=rows)
