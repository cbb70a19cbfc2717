"""Importing a catalogue file in the canonical layout as it is read, in bounded memory.

The whole-file import (`catalogue_toml.import_catalogue_data`) holds the file's text, the parsed
document and every requirement at once: about 1 GB for 100,000 requirements. A file in the
layout kravtui writes (`toml_fast`: the header, the classifications, then one table per
requirement) can be taken a table at a time instead (`catalogue_reader`): the classifications
are checked and merged when the first requirement comes, and requirements are checked and
written in batches inside one transaction, with keys, indexes and the word list done in bulk
(`kravtui.catalogue.bulk_load`).

A big load into a catalogue without requirements (`IN_WORKER` or more, by the file's size) is
read and checked in a process of its own (`catalogue_reader.Worker`), which hands over rows
ready to insert; this process only writes them, and indexes their text a part at a time
(`INDEX_EVERY`) while the other reads on. Reading and checking took about as long as writing,
so on a machine with two cores the import takes about as long as the writing alone.

`import_streamed` decides nothing on its own that the whole-file import would decide otherwise:
at anything it is not sure of (a file it cannot read, bytes that are not UTF-8, a statement
outside the canonical layout, a table out of the usual order, a duplicate uid, or any value the
checks refuse) it rolls back whatever it wrote and returns None, and the caller runs the
whole-file import, which accepts or refuses the file with its usual message. So a bad file still
changes nothing, and every refusal reads as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kravtui.catalogue.bulk_load import BulkLoad, bulk_load
from kravtui.catalogue.classifications import (
    classification_ids,
    load_classifications,
    merge_classifications,
)
from kravtui.catalogue.db import (
    WRITE_CACHE_KIB,
    CatalogueError,
    current_user,
    journal_aside,
    now_iso,
    page_cache,
    transaction,
)
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.history import Action
from kravtui.catalogue.records import Classifications, RequirementContent
from kravtui.catalogue.requirements import NewRows, WriteReport, insert_new_rows
from kravtui.catalogue.sources import set_sources
from kravtui.input_file import input_chunks
from kravtui.interchange.catalogue_checks import check_classifications, check_requirement
from kravtui.interchange.catalogue_reader import (
    BATCH,
    BatchSources,
    Head,
    StreamChecker,
    Undecided,
    Worker,
    read_catalogue,
    read_root,
    table_reader,
)
from kravtui.interchange.errors import import_refusals
from kravtui.interchange.field_checks import Checker, References
from kravtui.interchange.toml_fast import NotCanonical, TableReader

Writer = Callable[..., WriteReport]
"""`requirements.write_contents`, as the caller names it (tests stand a failing one in)."""

BYTES_PER_REQUIREMENT = 1_000
"""About what one requirement takes in a file (a guess at the count from the size)."""

IN_WORKER = 20_000
"""A load of about this many requirements or more into a catalogue without any is read in a
process of its own: below it, starting one (a fresh interpreter) costs more than it saves."""

INDEX_EVERY = 12_500
"""While the reading process reads on, the requirements written so far have their text indexed
whenever this many have come: a few big index segments, written while the rest is read."""

Outcome = tuple[list[str], list[str], list[str]]
"""The uids created, updated and already identical, each in the file's order."""


def import_streamed(conn: Connection, path: Path, write: Writer) -> Outcome | None:
    """Import the canonical catalogue file at `path` as it is read (see the module docstring);
    None, with nothing changed, when the whole-file import must decide. `write` writes a batch.
    """
    try:
        with input_chunks(path) as chunks:
            reader = table_reader(chunks)
            checker = StreamChecker("", str(path))
            root = read_root(reader, checker)
            expected = path.stat().st_size // BYTES_PER_REQUIREMENT
            if expected < IN_WORKER or _has_requirements(conn):
                return _import(conn, reader, checker, root, write, expected)
        return _import_in_worker(conn, path, expected)
    except (Undecided, NotCanonical, OSError, UnicodeDecodeError):
        return None


def _has_requirements(conn: Connection) -> bool:
    return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM requirement)").fetchone()[0])


def _import(
    conn: Connection,
    reader: TableReader,
    checker: Checker,
    root: dict[str, Any],
    write: Writer,
    expected: int,
) -> Outcome:
    outcome: Outcome = ([], [], [])
    with import_refusals(checker.source), transaction(conn):
        _write_all(conn, read_catalogue(reader, root), checker, write, outcome, expected)
    return outcome


def _write_all(
    conn: Connection,
    items: Iterator[Head | tuple[str, dict[str, Any]]],
    checker: Checker,
    write: Writer,
    outcome: Outcome,
    expected: int,
) -> None:
    """Inside the import's transaction: classifications first, then requirements in batches."""
    known = load_classifications(conn)
    references: References | None = None
    batch: list[RequirementContent] = []
    sources = BatchSources()
    with bulk_load(conn, expected) as bulk:
        for item in items:
            if isinstance(item, Head):
                references = _merged(conn, checker, item.document, known)
                continue
            assert references is not None
            batch.append(check_requirement(checker, *item, references, sources.batch))
            if len(batch) >= BATCH:
                _write_batch(conn, batch, bulk, write, outcome)
                set_sources(conn, sources.take())
        _write_batch(conn, batch, bulk, write, outcome)
        set_sources(conn, sources.take())


def _merged(
    conn: Connection,
    checker: Checker,
    document: dict[str, Any],
    known: Classifications,
) -> References:
    """Check the file's classifications, merge them in, and return what requirements may name."""
    classifications = check_classifications(checker, document, known)
    merge_classifications(conn, classifications)
    return References(classifications, known)


def _write_batch(
    conn: Connection,
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


def _import_in_worker(conn: Connection, path: Path, expected: int) -> Outcome:
    """`_import` with the reading and checking done by a `Worker`: every requirement is new."""
    worker = Worker(path)
    created: list[str] = []
    try:
        with (
            import_refusals(str(path)),
            journal_aside(conn),
            page_cache(conn, WRITE_CACHE_KIB),
            transaction(conn),
        ):
            worker.start(load_classifications(conn))
            with bulk_load(conn, expected) as bulk:
                if bulk.had_requirements:  # written by someone else since the look
                    raise Undecided
                _write_from(conn, worker, bulk, created)
    finally:
        worker.close()
    return created, [], []


def _write_from(conn: Connection, worker: Worker, bulk: BulkLoad, created: list[str]) -> None:
    """Write what the worker sends, inside `bulk`'s transaction."""
    author, at = current_user(), now_iso()
    indexed = 0
    for message in worker.messages():
        kind = message[0]
        if kind == "classifications":
            merge_classifications(conn, message[1])
            worker.reply(classification_ids(conn))
        elif kind == "rows":
            rows: NewRows = message[1]
            insert_new_rows(
                conn,
                rows,
                bulk,
                action=Action.IMPORT,
                author=author,
                at=at,
            )
            set_sources(conn, message[2])
            created.extend(rows.uids)
            if len(created) - indexed >= INDEX_EVERY:
                bulk.index_so_far()
                indexed = len(created)
        elif kind == "refused":
            raise CatalogueError(message[1])
        elif kind != "end":
            raise Undecided
