"""The DOCX export streams: the body is zipped as it is written, so memory does not grow with the
selection, and the bytes are those of the document built whole (issue 17, bounded memory)."""

from __future__ import annotations

import io
import os
import sqlite3
import threading
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from catalogue_factory import add_selection, make_catalogue
from test_docx_support import sample_selection, small_selection

from kravtui.catalogue.records import Category, RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.interchange.docx import package
from kravtui.interchange.docx.export import (
    ExportCancelledError,
    export_selection_docx,
    render_docx,
)
from kravtui.interchange.docx.model import ExportOptions, build_document, streamed_document

TEXT = (
    "Leverandøren skal sikre, at løsningen logger enhver adgang til personoplysninger med "
    "tidspunkt, bruger og formål, og at loggen kan udtrækkes af kunden uden ekstra betaling. "
)


def grown_selection(path: Path, size: int) -> tuple[sqlite3.Connection, int]:
    """`size` requirements of about 700 characters in three categories, all ticked."""
    categories = [
        Category("SIK", "Sikkerhed", "", ("Adgang", "Kryptering")),
        Category("LOG", "Logning"),
        Category("DRF", "Drift", "", ("Overvågning",)),
    ]
    subcategories = {"SIK": ("", "Adgang", "Kryptering"), "LOG": ("",), "DRF": ("Overvågning",)}
    requirements = []
    for n in range(size):
        prefix = ("SIK", "LOG", "DRF")[n % 3]
        requirements.append(
            RequirementContent(
                uid=f"{prefix}-{n + 1}",
                title=f"Krav nummer {n + 1}",
                category=prefix,
                subcategory=subcategories[prefix][(n // 3) % len(subcategories[prefix])],
                description=TEXT * 3 + str(n),
                rationale=TEXT,
                help_text=TEXT,
                importance=Importance.HIGH,
            )
        )
    conn = make_catalogue(path, requirements, categories=categories)
    selection_id = add_selection(conn, [r.uid for r in requirements])
    return conn, selection_id


def _zip_whole(data: bytes, level: int) -> bytes:
    """The same parts zipped from memory the way the exporter always did."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return package.zip_parts(parts, compresslevel=level)


@pytest.mark.parametrize("maker", [sample_selection, small_selection])
def test_the_streamed_export_is_the_document_built_whole_byte_for_byte(
    tmp_path: Path, maker: object
) -> None:
    conn, selection_id = maker(tmp_path / "c.db")  # type: ignore[operator]
    for options in (None, ExportOptions(answer_fields=False, rationale=False)):
        target = tmp_path / "streamed.docx"
        export_selection_docx(conn, selection_id, target, options)
        whole = render_docx(build_document(conn, selection_id, options))
        assert target.read_bytes() == whole
        assert _zip_whole(whole, 6) == whole
    conn.close()


def test_a_body_past_the_hold_back_is_streamed_at_the_fast_level_with_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, selection_id = grown_selection(tmp_path / "c.db", 60)
    monkeypatch.setattr(package, "STREAM_LEVEL_AFTER", 50_000)
    target = tmp_path / "large.docx"
    export_selection_docx(conn, selection_id, target)
    data = target.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo("word/document.xml").file_size > 50_000 * 4
        assert archive.testzip() is None
    assert data == _zip_whole(data, 1)  # every part at the large document's level, as before
    assert data == render_docx(build_document(conn, selection_id))
    conn.close()


def test_a_streamed_document_holds_its_outline_not_its_requirements(tmp_path: Path) -> None:
    conn, selection_id = grown_selection(tmp_path / "c.db", 30)
    whole = build_document(conn, selection_id)
    with streamed_document(conn, selection_id) as streamed:
        assert streamed.requirement_count == whole.requirement_count == 30
        assert [s.requirements for c in streamed.chapters for s in c.sections] == [()] * 5
        assert [(s.number, s.title, s.size) for c in streamed.chapters for s in c.sections] == [
            (s.number, s.title, s.size) for c in whole.chapters for s in c.sections
        ]
        assert list(streamed.requirements()) == list(whole.requirements())
        light = list(streamed.requirements(texts=False))
        assert [(b.number, b.uid, b.title) for b in light] == [
            (b.number, b.uid, b.title) for b in whole.requirements()
        ]
    assert not conn.in_transaction  # the read transaction ended with the block
    conn.close()


def _body_size(path: Path) -> int:
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo("word/document.xml").file_size


def _peak_bytes(conn: sqlite3.Connection, selection_id: int, target: Path) -> int:
    tracemalloc.start()
    try:
        export_selection_docx(conn, selection_id, target)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_does_not_grow_with_the_selection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four times the requirements, the same peak (the old exporter held about 40 KB of
    XML per requirement, so 600 more would have added some 24 MB)."""
    monkeypatch.setattr(package, "STREAM_LEVEL_AFTER", 200_000)
    small, small_id = grown_selection(tmp_path / "small.db", 200)
    large, large_id = grown_selection(tmp_path / "large.db", 800)
    _peak_bytes(small, small_id, tmp_path / "warm.docx")  # imports and caches
    small_peak = _peak_bytes(small, small_id, tmp_path / "small.docx")
    large_peak = _peak_bytes(large, large_id, tmp_path / "large.docx")
    assert _body_size(tmp_path / "large.docx") > 3 * _body_size(tmp_path / "small.docx")
    assert large_peak - small_peak < 1_500_000, (small_peak, large_peak)
    small.close()
    large.close()


def test_cancelling_midway_leaves_the_old_file_and_no_temporary_one(tmp_path: Path) -> None:
    conn, selection_id = grown_selection(tmp_path / "c.db", 600)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "spec.docx"
    target.write_bytes(b"the export the officer sent yesterday")
    seen: list[int] = []
    with pytest.raises(ExportCancelledError):
        export_selection_docx(
            conn,
            selection_id,
            target,
            progress=lambda done, total: seen.append(done),
            cancelled=lambda: bool(seen) and seen[-1] >= 250,
        )
    assert seen == [0, 250]
    assert target.read_bytes() == b"the export the officer sent yesterday"
    assert os.listdir(folder) == ["spec.docx"]
    assert not conn.in_transaction
    conn.close()


class _BrokenEntry(io.BytesIO):
    """A zip entry whose disk fills up after `room` writes."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.room == 0:
            raise OSError(28, "No space left on device")
        self.room -= 1
        return super().write(data)


def test_the_second_thread_writes_every_piece_in_order() -> None:
    entry = io.BytesIO()
    package._write_behind(entry, (f"{n};".encode() for n in range(1000)))
    assert entry.getvalue() == b"".join(f"{n};".encode() for n in range(1000))


def test_a_failed_write_in_the_second_thread_stops_the_maker_and_is_raised() -> None:
    made: list[int] = []

    def pieces() -> Iterator[bytes]:
        for n in range(10_000):
            made.append(n)
            yield b"x"

    with pytest.raises(OSError, match="No space left"):
        package._write_behind(_BrokenEntry(room=3), pieces())
    assert len(made) < 100  # it stopped making pieces soon after, instead of making them all


def test_a_failure_while_making_pieces_is_raised_and_the_second_thread_ends() -> None:
    def pieces() -> Iterator[bytes]:
        yield b"a"
        raise ValueError("the catalogue went away")

    before = threading.active_count()
    entry = io.BytesIO()
    with pytest.raises(ValueError, match="went away"):
        package._write_behind(entry, pieces())
    assert threading.active_count() == before
    assert entry.getvalue() == b"a"
