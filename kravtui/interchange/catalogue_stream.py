"""Importing a catalogue file in the canonical layout as it is read, in bounded memory.

The whole-file import (`catalogue_toml.import_catalogue_data`) holds the file's text, the parsed
document and every requirement at once: about 1 GB for 100,000 requirements. A file in the
layout kravtui writes (`toml_fast`: the header, the classifications, then one table per
requirement) can be taken a table at a time instead: the classifications are checked and merged
when the first requirement comes, and requirements are checked and written in batches inside
one transaction, with keys, indexes and the word list done in bulk
(`kravtui.catalogue.bulk_load`).

`import_streamed` decides nothing on its own that the whole-file import would decide otherwise:
at anything it is not sure of (a file it cannot read, bytes that are not UTF-8, a statement
outside the canonical layout, a table out of the usual order, a duplicate uid, or any value the
checks refuse) it rolls back whatever it wrote and returns None, and the caller runs the
whole-file import, which accepts or refuses the file with its usual message. So a bad file still
changes nothing, and every refusal reads as before.
"""

from __future__ import annotations

import codecs
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn

from kravtui.catalogue.bulk_load import BulkLoad, bulk_load
from kravtui.catalogue.classifications import load_classifications, merge_classifications
from kravtui.catalogue.db import CatalogueError, transaction
from kravtui.catalogue.history import Action
from kravtui.catalogue.records import Classifications, RequirementContent
from kravtui.catalogue.requirements import WriteReport
from kravtui.catalogue.vocabulary import FLAGS, TEXT_FIELDS
from kravtui.i18n import t
from kravtui.input_file import input_chunks
from kravtui.interchange.catalogue_checks import check_classifications, check_requirement
from kravtui.interchange.document import CATALOGUE_KIND
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.field_checks import Checker, References, check_format_and_kind
from kravtui.interchange.toml_fast import Block, NotCanonical, TableReader
from kravtui.interchange.toml_lines import KeyPath

Writer = Callable[..., WriteReport]
"""`requirements.write_contents`, as the caller names it (tests stand a failing one in)."""

BYTES_PER_REQUIREMENT = 1_000
"""About what one requirement takes in a file (a guess at the count from the size)."""

BATCH = 2_000
"""Requirements checked and written together: enough to make each statement worth it."""

CLASSIFICATIONS = ("category", "domain", "tag", "principle")

REQUIREMENT_BLOCK = Block(
    (
        ("title", "str"),
        ("importance", "str"),
        ("category", "str"),
        ("subcategory", "str"),
        ("domains", "strs"),
        ("tags", "strs"),
        ("principles", "strs"),
        *((flag, "bool") for flag in FLAGS),
        *((field, "str") for field in TEXT_FIELDS),
    )
)
"""A requirement's fields as `catalogue_toml.dump_catalogue` writes them, read at one go."""

Outcome = tuple[list[str], list[str], list[str]]
"""The uids created, updated and already identical, each in the file's order."""


class _Undecided(Exception):
    """The streamed import leaves this file to the whole-file import."""


class _StreamChecker(Checker):
    """The usual checks, but a refusal hands the file over instead of finding its line."""

    def fail(
        self, path: KeyPath, message: str, *, item: str | None = None, **values: object
    ) -> NoReturn:
        raise _Undecided


def import_streamed(conn: sqlite3.Connection, path: Path, write: Writer) -> Outcome | None:
    """Import the canonical catalogue file at `path` as it is read (see the module docstring);
    None, with nothing changed, when the whole-file import must decide. `write` writes a batch.
    """
    try:
        with input_chunks(path) as chunks:
            reader = TableReader(_decoded(chunks), {"requirement": REQUIREMENT_BLOCK})
            expected = path.stat().st_size // BYTES_PER_REQUIREMENT
            return _import(conn, reader, str(path), write, expected)
    except (_Undecided, NotCanonical, OSError, UnicodeDecodeError):
        return None


def _decoded(chunks: Iterator[bytes]) -> Iterator[str]:
    """UTF-8 text of the chunks, a leading byte-order mark dropped."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    for chunk in chunks:
        text = decoder.decode(chunk)
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        yield text
    yield decoder.decode(b"", final=True)


def _import(
    conn: sqlite3.Connection, reader: TableReader, source: str, write: Writer, expected: int
) -> Outcome:
    checker = _StreamChecker("", source)
    root = reader.root()
    if set(root) - {"format", "kind"}:
        raise _Undecided
    check_format_and_kind(checker, root, (CATALOGUE_KIND,))
    outcome: Outcome = ([], [], [])
    try:
        with transaction(conn):
            _write_all(conn, reader, checker, root, write, outcome, expected)
    except (CatalogueError, sqlite3.IntegrityError, sqlite3.OperationalError) as error:
        raise InterchangeError(source, t("interchange.import_refused", error=error)) from error
    return outcome


def _write_all(
    conn: sqlite3.Connection,
    reader: TableReader,
    checker: Checker,
    root: dict[str, Any],
    write: Writer,
    outcome: Outcome,
    expected: int,
) -> None:
    """Inside the import's transaction: classifications first, then requirements in batches."""
    known = load_classifications(conn)
    document: dict[str, Any] = dict(root)
    references: References | None = None
    seen: set[str] = set()
    batch: list[RequirementContent] = []
    with bulk_load(conn, expected) as bulk:
        for (kind, name, sub), table in reader.tables():
            if kind == "array" and name in CLASSIFICATIONS and references is None:
                document.setdefault(name, []).append(table)
                continue
            if kind != "table" or name != "requirement" or sub is None or sub in seen:
                raise _Undecided
            if references is None:
                references = _merged(conn, checker, document, known)
            seen.add(sub)
            batch.append(check_requirement(checker, sub, table, references))
            if len(batch) >= BATCH:
                _write_batch(conn, batch, bulk, write, outcome)
        if references is None:
            _merged(conn, checker, document, known)
        _write_batch(conn, batch, bulk, write, outcome)


def _merged(
    conn: sqlite3.Connection,
    checker: Checker,
    document: dict[str, Any],
    known: Classifications,
) -> References:
    """Check the file's classifications, merge them in, and return what requirements may name."""
    classifications = check_classifications(checker, document, known)
    merge_classifications(conn, classifications)
    return References(classifications, known)


def _write_batch(
    conn: sqlite3.Connection,
    batch: list[RequirementContent],
    bulk: BulkLoad,
    write: Writer,
    outcome: Outcome,
) -> None:
    if not batch:
        return
    report = write(conn, batch, action=Action.IMPORT, bulk=bulk)
    created, updated, unchanged = outcome
    created.extend(report.created)
    updated.extend(report.updated)
    touched = set(report.created) | set(report.updated)
    unchanged.extend(r.uid for r in batch if r.uid not in touched)
    batch.clear()
