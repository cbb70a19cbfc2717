"""Exports written as they are read: the catalogue and a selection as TOML, through the atomic
writer, with the same bytes as the whole-text dumps, bounded memory, cancellation and progress.

The catalogue's export runs on both engines (`catalogue_location`); the selection's needs
ticked items, which the selection services (ported in another piece) make, so on SQLite.
"""

from __future__ import annotations

import sqlite3
import stat
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from kravtui.atomic_file import atomic_writer
from kravtui.catalogue.location import CatalogueLocation
from kravtui.catalogue.records import CONTENT_FIELDS, RequirementContent
from kravtui.catalogue.requirements import content_records, load_contents
from kravtui.catalogue.vocabulary import Importance
from kravtui.interchange.catalogue_toml import catalogue_content, dump_catalogue, export_catalogue
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.selection_toml import (
    ExportCancelledError,
    dump_selection,
    export_selection_toml,
)
from kravtui.selection.items import tick, untick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection
from kravtui.selection.transfer import selection_content
from tests.catalogue_factory import make_catalogue

TEXT = "Leverandøren skal dokumentere, hvordan data beskyttes i drift og under transport. " * 8
DOMAINS = ("Økonomi", "Skole", "Social", "Teknik")
TAGS = ("Persondata", "Cloud", "Mobil")


def requirement(prefix: str, number: str, index: int) -> RequirementContent:
    return RequirementContent(
        uid=f"{prefix}-{number}",
        title=f"Krav {index} om {prefix.lower()}",
        importance=list(Importance)[index % 4],
        category=prefix,
        subcategory="Drift" if index % 3 else "",
        domains=DOMAINS[index % 3 : index % 3 + 2],
        tags=TAGS[: index % 4],
        principles=("Åbenhed",) if index % 5 == 0 else (),
        favourite=index % 7 == 0,
        deleted=index % 11 == 0,
        description=f"{index}: {TEXT}",
        rationale=TEXT[: 40 + index % 200],
        help_text="Se bilag.\nAnden linje." if index % 2 else "",
    )


def catalogue(
    path: Path | CatalogueLocation, size: int, uids: list[tuple[str, str]] | None = None
) -> Any:
    pairs = uids or [(("SIK", "LOG", "ARK")[i % 3], str(i // 3 + 1)) for i in range(size)]
    conn = make_catalogue(
        path,
        [requirement(prefix, number, index) for index, (prefix, number) in enumerate(pairs)],
        domains=DOMAINS,
        tags=TAGS,
    )
    # display order differs from id order, as after a reordering in the TUI
    conn.execute("UPDATE domain SET position = 10 - position")
    conn.execute("UPDATE tag SET position = 10 - position WHERE name != 'Cloud'")
    return conn


def as_record(content: RequirementContent) -> tuple[object, ...]:
    values = [getattr(content, name) for name in CONTENT_FIELDS]
    values[CONTENT_FIELDS.index("importance")] = content.importance.value
    return tuple(values)


def test_content_records_are_the_contents_in_list_order(
    catalogue_location: CatalogueLocation,
) -> None:
    conn = catalogue(catalogue_location, 60)
    contents = load_contents(conn)
    assert list(content_records(conn)) == [as_record(content) for content in contents]
    assert contents[0].domains != tuple(sorted(contents[0].domains, key=DOMAINS.index))
    conn.close()


@pytest.mark.parametrize(
    "uids",
    [
        [("SIK", "2"), ("SIK", "10"), ("LOG", "1"), ("SIK", "1")],
        # the list order ties these (SIK-0000000014) and breaks the tie by insertion; the file
        # sorts SIK-014 before SIK-14: the export notices and sorts
        [("SIK", "14"), ("SIK", "014"), ("SIK", "0014"), ("SIK", "2"), ("LOG", "014")],
    ],
)
def test_export_writes_the_bytes_the_whole_text_dump_writes(
    catalogue_location: CatalogueLocation, tmp_path: Path, uids: list[tuple[str, str]]
) -> None:
    conn = catalogue(catalogue_location, 0, uids)
    target = tmp_path / "out" / "out.toml"
    target.parent.mkdir()
    assert export_catalogue(conn, target) == len(uids)
    assert target.read_bytes() == dump_catalogue(catalogue_content(conn)).encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.toml"]
    conn.close()


def peak_memory(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_the_catalogue(tmp_path: Path) -> None:
    """The whole-text export held the file's text, its bytes and every requirement at once."""
    conn = catalogue(tmp_path / "c.db", 3_000)
    target = tmp_path / "out.toml"
    file_size = len(dump_catalogue(catalogue_content(conn)).encode("utf-8"))
    peak = peak_memory(lambda: export_catalogue(conn, target))
    assert target.stat().st_size == file_size > 3_000_000
    assert peak < file_size / 2, (peak, file_size)
    conn.close()


@pytest.fixture
def selection(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn = catalogue(tmp_path / "c.db", 3_000)
    selection_id = create_selection(conn, SelectionInfo(title="Stor")).id
    live = [content.uid for content in load_contents(conn) if not content.deleted]
    tick(conn, selection_id, live)
    untick(conn, selection_id, live[::9])
    yield conn, selection_id
    conn.close()


def test_selection_export_writes_the_whole_text_dumps_bytes_with_progress(
    selection: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = selection
    content = selection_content(conn, selection_id)
    target = tmp_path / "s.toml"
    calls: list[tuple[int, int]] = []
    ticked = export_selection_toml(
        conn, selection_id, target, progress=lambda done, total: calls.append((done, total))
    )
    assert target.read_bytes() == dump_selection(content).encode("utf-8")
    assert ticked == sum(1 for item in content.items if item.ticked)
    total = len(content.items)
    assert total > 2_500
    assert calls == [(done, total) for done in range(0, total, 500)] + [(total, total)]
    peak = peak_memory(lambda: export_selection_toml(conn, selection_id, target))
    assert peak < target.stat().st_size / 2, peak


def test_a_cancelled_selection_export_leaves_the_old_file(
    selection: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = selection
    target = tmp_path / "out" / "s.toml"
    target.parent.mkdir()
    target.write_text("the earlier export\n", encoding="utf-8")
    asked: list[int] = []

    def cancelled() -> bool:  # the user cancels after the first few hundred items
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ExportCancelledError):
        export_selection_toml(conn, selection_id, target, cancelled=cancelled)
    assert target.read_text(encoding="utf-8") == "the earlier export\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["s.toml"]


def test_a_write_that_fails_midway_leaves_the_old_file(
    catalogue_location: CatalogueLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = catalogue(catalogue_location, 300)
    target = tmp_path / "out" / "k.toml"
    target.parent.mkdir()
    target.write_text("the earlier export\n", encoding="utf-8")
    target.chmod(0o640)
    writes: list[int] = []

    class FillingDisk:
        def __init__(self, handle: BinaryIO) -> None:
            self.handle = handle

        def write(self, data: bytes) -> int:
            writes.append(len(data))
            if len(writes) == 3:
                raise OSError(28, "No space left on device")
            return self.handle.write(data)

    @contextmanager
    def filling_writer(path: Path) -> Iterator[FillingDisk]:
        with atomic_writer(path) as handle:
            yield FillingDisk(handle)

    monkeypatch.setattr("kravtui.interchange.export_target.atomic_writer", filling_writer)
    with pytest.raises(InterchangeError, match="No space left on device"):
        export_catalogue(conn, target)
    monkeypatch.undo()
    assert len(writes) == 3  # two parts were written before the disk was full
    assert target.read_text(encoding="utf-8") == "the earlier export\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["k.toml"]
    export_catalogue(conn, target)
    assert target.read_bytes() == dump_catalogue(catalogue_content(conn)).encode("utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the mode is kept
    conn.close()


def test_the_atomic_writer_replaces_the_file_only_when_the_block_ends(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    with pytest.raises(KeyboardInterrupt), atomic_writer(link) as handle:
        handle.write(b"half of the new")
        assert target.read_bytes() == b"old"
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.txt", "link.txt"]
    with atomic_writer(link) as handle:
        handle.write(b"new ")
        handle.write(b"content")
    assert target.read_bytes() == b"new content"
    assert link.is_symlink()


def test_a_selection_of_odd_uids_is_exported_in_the_files_order(tmp_path: Path) -> None:
    uids = [("ARK", "1"), ("SIK", "14"), ("SIK", "014"), ("SIK", "2"), ("LOG", "014"), ("LOG", "1")]
    conn = catalogue(tmp_path / "c.db", 0, uids)
    selection_id = create_selection(conn, SelectionInfo(title="Lige")).id
    tick(conn, selection_id, [f"{prefix}-{number}" for prefix, number in uids])
    # another program wrote a uid that the list order puts first of the LOG ones
    conn.execute("UPDATE selection_item SET uid = 'LOG-X-3' WHERE uid = 'LOG-014'")
    target = tmp_path / "s.toml"
    export_selection_toml(conn, selection_id, target)
    content = selection_content(conn, selection_id)
    assert target.read_bytes() == dump_selection(content).encode("utf-8")
    assert [item.uid for item in content.items] == [
        "LOG-1",
        "LOG-X-3",
        "SIK-2",
        "SIK-014",
        "SIK-14",
    ]
    conn.close()
