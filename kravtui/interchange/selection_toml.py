"""A selection as TOML (`format = "kravtui/1"`, `kind = "selection"`): dump, parse, files.

- `dump_selection` writes the layout of docs/toml-format.md: a header comment, `format`, `kind`,
  the `[selection]` metadata table and its `[selection.answers]`, then one `[item.UID]` table
  per item sorted by uid, every field in a fixed order. No ids, no timestamps: the same selection
  always gives the same bytes, and changing one field changes only that field's lines.
- `parse_selection` reads and validates a whole file (see `selection_checks`).
- `export_selection_toml` is the one service the CLI and the TUI call to write a selection; it
  reads the items a batch at a time as it writes them. `write_selection_toml` writes content
  already read (for a worker thread).
- `import_selection` validates a file first, then recreates the selection as a new one in one
  transaction (`selection.transfer`), reporting items that show as drift.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.db import read_snapshot
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.records import Classifications
from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.i18n import t
from kravtui.interchange.catalogue_toml import (
    NotInFileOrder,
    bulk_work,
    in_file_order,
    read_text,
)
from kravtui.interchange.document import SELECTION_KIND, entry_count, load_toml
from kravtui.interchange.errors import InterchangeError, import_refusals
from kravtui.interchange.export_target import ExportTarget, export_target
from kravtui.interchange.field_checks import FORMAT, Checker
from kravtui.interchange.selection_checks import check_selection
from kravtui.interchange.toml_writer import TomlWriter, key, string, string_array
from kravtui.selection.transfer import (
    ItemContent,
    SelectionContent,
    TransferReport,
    item_count,
    item_order,
    items_in_list_order,
    read_items,
    recreate_selection,
    selection_head,
)

HEADER_COMMENT = "kravtui selection; format described in docs/toml-format.md"

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
# Items written between two progress calls.
PROGRESS_STEP = 500

_BOOL = {True: "true", False: "false"}


class ExportCancelledError(InterchangeError):
    """The user cancelled the export; nothing was written."""


def _lf(text: str) -> str:
    """Line breaks as LF: tomllib reads a raw CR back as nothing, so CRLF never reaches a file."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _item_blocks(items: Iterable[ItemContent]) -> Iterator[str]:
    """One `[item.UID]` table each, every field in the documented order."""
    short: dict[str, str] = {}
    flag = _BOOL
    for item in items:
        s = item.snapshot
        category = short.get(s.category) or short.setdefault(s.category, string(s.category))
        yield (
            f"\n[item.{key(s.uid)}]\n"
            f"title = {string(_lf(s.title))}\n"
            f'importance = "{s.importance.value}"\n'
            f"category = {category}\n"
            f"subcategory = {string(s.subcategory)}\n"
            f"ticked = {flag[item.ticked]}\n"
            f"edited = {flag[item.edited]}\n"
            f"free_text = {flag[item.is_free_text]}\n"
            f"catalogue_version = {item.catalogue_version or 0}\n"
            f"why = {string_array(item.why)}\n"
            f"description = {string(_lf(s.description))}\n"
            f"rationale = {string(_lf(s.rationale))}\n"
            f"help_text = {string(_lf(s.help_text))}\n"
        )


def _head(content: SelectionContent) -> str:
    info = content.info
    writer = TomlWriter()
    writer.comment(HEADER_COMMENT)
    writer.pair("format", FORMAT)
    writer.pair("kind", SELECTION_KIND)
    writer.table(("selection",))
    writer.pair("title", _lf(info.title))
    for name in ("description", "organisation", "contact", "deadline"):
        writer.pair(name, _lf(getattr(info, name)))
    writer.pair("domains", info.domains)
    writer.pair("priority_enabled", info.priority_enabled)
    writer.pair("prices_requested", info.prices_requested)
    writer.pair("language", info.language)
    writer.pair("status", content.status.value)
    writer.table(("selection", "answers"))
    for tag, answer in content.answers.items():
        writer.pair(tag, answer.value)
    return writer.text()


def _render(content: SelectionContent) -> str:
    items = sorted(content.items, key=lambda item: uid_sort_key(item.uid))
    return _head(content) + "".join(_item_blocks(items))


def _pieces(
    head: SelectionContent,
    items: Iterable[ItemContent],
    total: int,
    tick: Callable[[int], None],
    ticked: list[int],
) -> Iterator[str]:
    """The file in pieces, `items` (in file order) formatted as they come; `tick(done)` before
    every `PROGRESS_STEP` items and at the end, `ticked` gets the number of ticked items."""
    yield _head(head)
    counted = 0

    def watched() -> Iterator[ItemContent]:
        nonlocal counted
        for done, item in enumerate(items):
            if done % PROGRESS_STEP == 0:
                tick(done)
            counted += item.ticked
            yield item

    yield from _item_blocks(watched())
    tick(total)
    ticked.append(counted)


def dump_selection(content: SelectionContent) -> str:
    """The selection as TOML text in the documented layout; same content, same text."""
    return _render(content)


def parse_selection(
    text: str, source: str, known: Classifications | None = None
) -> SelectionContent:
    """Parse and validate a selection file's text; `source` names it in errors.

    With `known` (the target catalogue's classifications) the file's categories, subcategories,
    domains and tags must exist there. Raises `InterchangeError` for anything refused.
    """
    checker, data = load_toml(text, source)
    return check_selection(checker, data, known)


def _write(
    target: ExportTarget,
    head: SelectionContent,
    items: Iterable[ItemContent],
    total: int,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> int:
    """Write the file to `target` atomically as `items` come; returns the ticked count."""

    def tick(done: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelledError(str(target.path), t("interchange.cancelled"))
        if progress is not None:
            progress(done, total)

    ticked: list[int] = []
    try:
        target.write_parts(_pieces(head, items, total, tick, ticked))
    except OSError as error:
        reason = error.strerror or str(error)
        raise InterchangeError(
            str(target.path), t("interchange.write_failed", error=reason)
        ) from None
    return ticked[0]


def write_selection_toml(
    content: SelectionContent,
    target: ExportTarget,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write `content` to the checked `target` atomically; returns the number of ticked
    requirements (the file also keeps the ones unticked by hand, as decisions)."""
    items = sorted(content.items, key=lambda item: uid_sort_key(item.uid))
    return _write(target, content, items, len(items), progress, cancelled)


def export_selection_toml(
    conn: Connection,
    selection_id: int,
    path: Path,
    *,
    create_folder: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write one selection as a TOML file (atomically); returns the number of ticked items.

    The target is checked first (`export_target`; `create_folder` for the default folder).
    The items are read as the file is written (one statement, one read snapshot), so memory
    does not grow with the selection. `progress(done, total)` is called every few hundred items
    and `cancelled()` as often; a cancelled export raises `ExportCancelledError` and leaves any
    existing file untouched.
    """
    target = export_target(conn, path, create_folder=create_folder)
    return stream_selection_toml(conn, selection_id, target, progress=progress, cancelled=cancelled)


def stream_selection_toml(
    conn: Connection,
    selection_id: int,
    target: ExportTarget,
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """`export_selection_toml` to a target already checked: the items are read from `conn` as
    the file is written; returns the number of ticked items."""
    with bulk_work(conn, 0), read_snapshot(conn):
        head = selection_head(conn, selection_id)
        total = item_count(conn, selection_id)
        try:
            items = in_file_order(items_in_list_order(conn, selection_id), _uid)
            return _write(target, head, items, total, progress, cancelled)
        except NotInFileOrder:  # odd uids: the temporary file is gone, write it again
            items = read_items(
                conn,
                item_order(conn, selection_id),
                batch=PROGRESS_STEP,
            )
            return _write(target, head, items, total, progress, cancelled)


def _uid(item: ItemContent) -> str:
    return item.snapshot.uid


def import_selection_data(
    conn: Connection, checker: Checker, data: dict[str, Any]
) -> TransferReport:
    """Validate a parsed selection file against the catalogue, then recreate it as a new one."""
    content = check_selection(checker, data, load_classifications(conn))
    with import_refusals(checker.source):
        return recreate_selection(conn, content)


def import_selection(conn: Connection, path: Path) -> TransferReport:
    """Validate `path` whole, then recreate its selection in one transaction (all or nothing)."""
    text = read_text(path)
    with bulk_work(conn, entry_count(text)):
        checker, data = load_toml(text, str(path))
        return import_selection_data(conn, checker, data)
