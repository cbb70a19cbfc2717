"""A whole catalogue as TOML (`format = "kravtui/1"`, `kind = "catalogue"`): dump, parse, files.

- `dump_catalogue` writes the exact layout of docs/toml-format.md: a header comment, `format`,
  `kind`, the classifications as arrays of tables in display order, then one
  `[requirement.UID]` table per requirement sorted by uid, every field in a fixed order, and
  last a `source` line for a requirement that came from another system. The same content always
  gives the same bytes.
- `parse_catalogue` reads and validates a whole file (see `catalogue_checks`), raising
  `InterchangeError` with the file, line, key and reason.
- `export_catalogue` writes a catalogue to a file atomically; `import_catalogue` validates a file
  first, then merges its classifications and adds or updates its requirements by uid in one
  transaction, recording a revision per change, and gives each requirement the source the file
  names (one without a `source` line keeps the one it has). Any error rolls everything back.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from kravtui.catalogue.classifications import load_classifications, merge_classifications
from kravtui.catalogue.db import read_snapshot, transaction
from kravtui.catalogue.dbapi import Connection, engine
from kravtui.catalogue.history import Action
from kravtui.catalogue.records import CatalogueContent, Classifications, RequirementContent
from kravtui.catalogue.requirements import (
    ContentRecord,
    content_records,
    load_contents,
    write_contents,
)
from kravtui.catalogue.sources import set_sources, sources_by_uid
from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.i18n import t
from kravtui.input_file import read_input_file
from kravtui.interchange.catalogue_checks import SOURCE, check_catalogue
from kravtui.interchange.catalogue_stream import import_streamed
from kravtui.interchange.document import CATALOGUE_KIND, entry_count, load_toml
from kravtui.interchange.errors import InterchangeError, import_refusals
from kravtui.interchange.export_target import export_target
from kravtui.interchange.field_checks import FORMAT, Checker
from kravtui.interchange.toml_writer import TomlWriter, key, string, string_array

HEADER_COMMENT = "kravtui catalogue; format described in docs/toml-format.md"


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: uids created and updated, and how many were already identical."""

    created: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged_uids: tuple[str, ...] = ()

    @property
    def unchanged(self) -> int:
        """How many requirements in the file matched the catalogue already."""
        return len(self.unchanged_uids)


_BOOL = {True: "true", False: "false"}


class _Memo(dict[Any, str]):
    """Written forms of values that repeat across requirements (codes, names, name lists)."""

    def __init__(self, render: Callable[[Any], str]) -> None:
        super().__init__()
        self.render = render

    def __missing__(self, item: Any) -> str:
        written = self[item] = self.render(item)
        return written


def _requirement_blocks(
    records: Iterable[ContentRecord], sources: Mapping[str, str]
) -> Iterator[str]:
    """One `[requirement.UID]` table each, every field in the documented order, then the
    requirement's source where it has one (the hot path)."""
    short = _Memo(string)
    names = _Memo(string_array)
    flag = _BOOL
    for (
        uid,
        title,
        importance,
        category,
        subcategory,
        domains,
        tags,
        principles,
        info_requirement,
        favourite,
        all_domains,
        all_tags,
        relevant_saas,
        relevant_on_premise,
        deleted,
        stakeholders,
        description,
        rationale,
        help_text,
        notes,
    ) in records:
        block = (
            f"\n[requirement.{key(uid)}]\n"
            f"title = {string(title)}\n"
            f"importance = {short[importance]}\n"
            f"category = {short[category]}\n"
            f"subcategory = {short[subcategory]}\n"
            f"domains = {names[domains]}\n"
            f"tags = {names[tags]}\n"
            f"principles = {names[principles]}\n"
            f"info_requirement = {flag[info_requirement]}\n"
            f"favourite = {flag[favourite]}\n"
            f"all_domains = {flag[all_domains]}\n"
            f"all_tags = {flag[all_tags]}\n"
            f"relevant_saas = {flag[relevant_saas]}\n"
            f"relevant_on_premise = {flag[relevant_on_premise]}\n"
            f"deleted = {flag[deleted]}\n"
            f"stakeholders = {short[stakeholders]}\n"
            f"description = {string(description)}\n"
            f"rationale = {string(rationale)}\n"
            f"help_text = {string(help_text)}\n"
            f"notes = {string(notes)}\n"
        )
        if sources and uid in sources:
            block += f"{SOURCE} = {string(sources[uid])}\n"
        yield block


def _record(r: RequirementContent) -> ContentRecord:
    """A requirement's content as the `ContentRecord` the catalogue reads for an export."""
    return (
        r.uid,
        r.title,
        r.importance.value,
        r.category,
        r.subcategory,
        r.domains,
        r.tags,
        r.principles,
        r.info_requirement,
        r.favourite,
        r.all_domains,
        r.all_tags,
        r.relevant_saas,
        r.relevant_on_premise,
        r.deleted,
        r.stakeholders,
        r.description,
        r.rationale,
        r.help_text,
        r.notes,
    )


def _head(classifications: Classifications) -> str:
    """Everything before the requirements: the header, `format`, `kind`, the classifications."""
    writer = TomlWriter()
    writer.comment(HEADER_COMMENT)
    writer.pair("format", FORMAT)
    writer.pair("kind", CATALOGUE_KIND)
    for category in classifications.categories:
        writer.array_table(("category",))
        writer.pair("prefix", category.prefix)
        writer.pair("name", category.name)
        writer.pair("description", category.description)
        writer.pair("subcategories", category.subcategories)
    for domain in classifications.domains:
        writer.array_table(("domain",))
        writer.pair("name", domain.name)
    for tag in classifications.tags:
        writer.array_table(("tag",))
        writer.pair("name", tag.name)
        writer.pair("question", tag.question)
    for principle in classifications.principles:
        writer.array_table(("principle",))
        writer.pair("name", principle.name)
        writer.pair("reference", principle.reference)
    return writer.text()


def dump_catalogue(content: CatalogueContent) -> str:
    """The catalogue as TOML text in the documented layout; same content, same text."""
    ordered = sorted(content.requirements, key=lambda r: uid_sort_key(r.uid))
    blocks = _requirement_blocks(map(_record, ordered), content.sources)
    return _head(content.classifications) + "".join(blocks)


def parse_catalogue(
    text: str, source: str, known: Classifications | None = None
) -> CatalogueContent:
    """Parse and validate a catalogue file's text; `source` names it in errors.

    Requirements may refer to classifications defined in the file or in `known` (those of the
    catalogue the file is imported into). Raises `InterchangeError` for anything refused. Files
    in the canonical layout are read by `toml_fast`, anything else by `tomllib`.
    """
    checker, data = load_toml(text, source)
    return check_catalogue(checker, data, known)


def read_text(path: Path) -> str:
    """A file's text as UTF-8 (a leading byte-order mark is dropped); clean errors otherwise."""
    source = str(path)
    try:
        data = read_input_file(path)
    except FileNotFoundError:
        raise InterchangeError(source, t("interchange.not_found")) from None
    except OSError as error:
        raise InterchangeError(
            source, t("interchange.read_failed", error=error.strerror or error)
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InterchangeError(
            source, t("interchange.not_utf8", offset=error.start), line=line
        ) from None
    return text.removeprefix("\ufeff")


# A big import gets a bigger page cache (KiB, negative as SQLite wants it) for its transaction, so
# the full-text index and revisions do not spill half-written pages to the WAL over and over.
BULK_CACHE_KIB = 256 * 1024
BULK_THRESHOLD = 5_000


@contextmanager
def bulk_work(conn: Connection, size: int) -> Iterator[None]:
    """Run a big import or export with the cyclic GC paused and, if large, a bigger page cache
    (SQLite's: a PostgreSQL server keeps its own).

    Parsing and writing allocate millions of small objects that never form cycles; the GC's
    repeated full scans of them made a 100,000-requirement import three times slower.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    previous_cache = None
    if size >= BULK_THRESHOLD and engine(conn) == "sqlite":
        previous_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        if previous_cache is not None:
            conn.execute(f"PRAGMA cache_size = {int(previous_cache)}")
        if was_enabled:
            gc.enable()


def catalogue_content(conn: Connection) -> CatalogueContent:
    """Everything the catalogue holds that a catalogue file carries, deleted requirements too."""
    with read_snapshot(conn):
        classifications = load_classifications(conn)
        requirements = load_contents(conn, include_deleted=True)
        sources = sources_by_uid(conn)
    return CatalogueContent(classifications, tuple(requirements), sources)


class NotInFileOrder(Exception):
    """Things read in the catalogue's list order are not in a file's uid order (`in_file_order`)."""


T = TypeVar("T")


def in_file_order(things: Iterable[T], uid: Callable[[T], str]) -> Iterator[T]:
    """`things` read in the catalogue's list order of uids, checked to be in a file's order
    (`uid_sort_key`) too.

    The two orders agree for every uid of the form PREFIX-NUMBER; for odd ones (``SIK-014``
    beside ``SIK-14``, which the list order ties) they may not, and `NotInFileOrder` is raised
    at the first such uid, before it is yielded: the caller starts again, sorting by uid."""
    previous: tuple[str, int, str] | None = None
    for thing in things:
        order = uid_sort_key(uid(thing))
        if previous is not None and order <= previous:
            raise NotInFileOrder
        previous = order
        yield thing


def _sorted_records(conn: Connection, batch: int = 1_000) -> Iterator[ContentRecord]:
    """Every requirement in the file's uid order, whatever the uids: all uids sorted first,
    then read a batch at a time (slower than `content_records`, for odd uids)."""
    cursor = conn.cursor()
    cursor.row_factory = None
    uids = [uid for (uid,) in cursor.execute("SELECT uid FROM requirement")]
    uids.sort(key=uid_sort_key)
    for start in range(0, len(uids), batch):
        chunk = uids[start : start + batch]
        found = {r.uid: r for r in load_contents(conn, uids=chunk)}
        yield from (_record(found[uid]) for uid in chunk)


def _catalogue_text(
    conn: Connection, records: Iterable[ContentRecord], counted: list[int]
) -> Iterator[str]:
    """The catalogue's file as `dump_catalogue(catalogue_content(conn))` writes it, in pieces
    made as `records` are read; `counted` gets the number of requirements at the end."""
    yield _head(load_classifications(conn))
    number = 0
    for block in _requirement_blocks(records, sources_by_uid(conn)):
        number += 1
        yield block
    counted.append(number)


def export_catalogue(conn: Connection, path: Path) -> int:
    """Write the whole catalogue to `path` (atomically); returns the number of requirements.

    The file is written as the requirements are read (`content_records`, in one read
    snapshot), so memory does not grow with the catalogue; it replaces `path` only once
    complete. A refused target (the catalogue itself, a database, a folder, ...) raises
    `InterchangeError` before anything is read or written.
    """
    target = export_target(conn, path)
    counted: list[int] = []
    try:
        with bulk_work(conn, 0), read_snapshot(conn):
            try:
                records = in_file_order(content_records(conn), itemgetter(0))
                target.write_parts(_catalogue_text(conn, records, counted))
            except NotInFileOrder:  # odd uids: the temporary file is gone, write it again
                target.write_parts(_catalogue_text(conn, _sorted_records(conn), counted))
    except OSError as error:
        raise InterchangeError(
            str(path), t("interchange.write_failed", error=error.strerror or error)
        ) from None
    return counted[-1]


def import_catalogue(conn: Connection, path: Path) -> ImportReport:
    """Validate `path` whole, then merge it into the catalogue in one transaction.

    Classifications are added or updated; requirements are added or updated by uid (never
    duplicated), with one revision (action "import") per changed requirement. Nothing is written
    unless everything is accepted: after a refused import the catalogue is exactly as it was.
    A file in kravtui's own layout is imported as it is read (`import_catalogue_streamed`).
    """
    streamed = import_catalogue_streamed(conn, path)
    if streamed is not None:
        return streamed
    text = read_text(path)
    with bulk_work(conn, entry_count(text)):
        checker, data = load_toml(text, str(path))
        del text
        return import_catalogue_data(conn, checker, data)


def import_catalogue_data(conn: Connection, checker: Checker, data: dict[str, Any]) -> ImportReport:
    """`import_catalogue` for a file already parsed by `document.load_toml`."""
    source = checker.source
    content = check_catalogue(checker, data, load_classifications(conn))
    del data
    with import_refusals(source), transaction(conn):
        merge_classifications(conn, content.classifications)
        report = write_contents(conn, content.requirements, action=Action.IMPORT)
        set_sources(conn, content.sources)
    touched = set(report.created) | set(report.updated)
    unchanged = tuple(r.uid for r in content.requirements if r.uid not in touched)
    return ImportReport(report.created, report.updated, unchanged)


def import_catalogue_streamed(conn: Connection, path: Path) -> ImportReport | None:
    """`import_catalogue` of a file in the canonical layout, a table at a time in bounded memory
    (`catalogue_stream`); None, with nothing changed, for any file it leaves to the whole-file
    import (another layout, another kind, or anything it would refuse)."""
    with bulk_work(conn, 0):
        outcome = import_streamed(conn, path, write_contents)
    if outcome is None:
        return None
    created, updated, unchanged = outcome
    return ImportReport(tuple(created), tuple(updated), tuple(unchanged))
