"""The bundled sample that a new catalogue starts from: the catalogue, its example selection, and
two vendors' answers to that selection.

In the repository the files are in `data/`: `sample-catalogue.toml`, `sample-selection.toml`
(the example selection, "Eksempel ESDH", in the selection TOML format) and `sample-answers/`
(one answered DOCX and one answered XLSX answer sheet, made by
`scripts/make_sample_answers.py`). The wheel carries copies under `kravtui/_bundled/` (hatch
force-include in pyproject.toml); the installed copy is looked for first, then the
repository's.

A catalogue made from the sample holds the example selection with a fixed creation time
(`SAMPLE_SELECTION_TIME`), so its identity (its id, 1, and when it was made) and the version
sent are the ones the answered files record, and they import into it as they are.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import kravtui
from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import CatalogueError, create_catalogue, discard_new_catalogue
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.engine_errors import DB_ERRORS
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.interchange.catalogue_toml import import_catalogue, read_text
from kravtui.interchange.selection_toml import parse_selection
from kravtui.selection.transfer import recreate_selection

SAMPLE_NAME = "sample-catalogue.toml"
SAMPLE_SELECTION_NAME = "sample-selection.toml"
SAMPLE_ANSWERS_FOLDER = "sample-answers"

SAMPLE_SELECTION_TITLE = "Eksempel ESDH"
SAMPLE_SELECTION_TIME = "2026-01-15T09:00:00Z"
"""When the example selection counts as made and last changed: fixed, so the document and sheet
sent for it are the same bytes wherever they are made."""


@dataclass(frozen=True, slots=True)
class SampleAnswer:
    """One example answered file: the vendor who answered and the file's name."""

    vendor: str
    file_name: str


SAMPLE_ANSWERS: tuple[SampleAnswer, ...] = (
    SampleAnswer("Leverandør A", "leverandor-a.docx"),
    SampleAnswer("Leverandør B", "leverandor-b.xlsx"),
)


def _bundled(name: str) -> Path:
    """Where the bundled `name` is (a file or a folder); `CatalogueError` when this
    installation lacks it."""
    package = Path(kravtui.__file__).resolve().parent
    candidates = (package / "_bundled" / name, package.parent / "data" / name)
    for candidate in candidates:
        if candidate.exists():
            return candidate
    raise CatalogueError(f"the bundled sample is missing (looked for {candidates[0]})")


def sample_catalogue_path() -> Path:
    """Where the bundled sample catalogue is; raises `CatalogueError` if it is missing."""
    return _bundled(SAMPLE_NAME)


def sample_selection_path() -> Path:
    """Where the bundled example selection is; raises `CatalogueError` if it is missing."""
    return _bundled(SAMPLE_SELECTION_NAME)


def sample_answers_folder() -> Path:
    """The folder of the example answered files; raises `CatalogueError` if it is missing."""
    return _bundled(SAMPLE_ANSWERS_FOLDER)


def add_sample_selection(conn: Connection) -> int:
    """Add the example selection to the catalogue on `conn` (which must hold the sample's
    classifications and requirements), made at `SAMPLE_SELECTION_TIME`; its id."""
    path = sample_selection_path()
    content = parse_selection(read_text(path), str(path), load_classifications(conn))
    return recreate_selection(conn, content, at=SAMPLE_SELECTION_TIME).selection_id


@overload
def create_from_sample(path: Path | str | SqliteLocation) -> sqlite3.Connection: ...


@overload
def create_from_sample(path: PostgresLocation) -> Connection: ...


def create_from_sample(path: Path | str | CatalogueLocation) -> sqlite3.Connection | Connection:
    """Create a new catalogue at `path` holding the sample and its example selection; refuses
    an existing file (or, for a `PostgresLocation`, a schema that is not empty).

    If the sample cannot be imported, what was made is removed again (the half-made file; on
    PostgreSQL the tables and functions the new catalogue made, pg_trgm stays) so that a later
    attempt is not refused for a catalogue that exists.
    """
    if isinstance(path, PostgresLocation):
        return _create_in_database(path)
    target = path.path if isinstance(path, SqliteLocation) else Path(path)
    sample = sample_catalogue_path()
    conn = create_catalogue(target)
    try:
        import_catalogue(conn, sample)
        add_sample_selection(conn)
    except BaseException:
        conn.close()
        discard_new_catalogue(target)
        raise
    return conn


_MADE_BY_KRAVTUI = r"""
SELECT 'TABLE ' || format('%I', tablename) FROM pg_tables WHERE schemaname = current_schema()
UNION ALL
SELECT 'FUNCTION ' || p.oid::regprocedure::text FROM pg_proc p
 WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'kravtui\_%'
"""
"""What a new PostgreSQL catalogue made in its schema (found empty of tables at its creation)."""


def _create_in_database(location: PostgresLocation) -> Connection:
    sample = sample_catalogue_path()
    conn = create_catalogue(location)
    try:
        import_catalogue(conn, sample)
        add_sample_selection(conn)
    except BaseException:
        with contextlib.suppress(*DB_ERRORS):
            _discard_in_database(conn)
        conn.close()
        raise
    return conn


def _discard_in_database(conn: Connection) -> None:
    """Drop what the new catalogue on `conn` made, in one transaction."""
    if conn.in_transaction:
        conn.execute("ROLLBACK")
    conn.execute("BEGIN IMMEDIATE")
    try:
        made = [row[0] for row in conn.execute(_MADE_BY_KRAVTUI, ())]
        for thing in made:
            conn.execute(f"DROP {thing} CASCADE")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
