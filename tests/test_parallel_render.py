"""Rendering an export's chunks in a helper process gives the very text rendering them here gives.

`kravtui.interchange.parallel_render.rendered` is tried with tiny chunks and the helper forced
on (`PARALLEL_FROM = 0`): the texts come in order whatever process made them, an error in any
chunk is raised after exactly the chunks before it, a helper that dies mid-way costs nothing
but time, a reader that stops early leaves no process behind, and the catalogue and selection
TOML exports and the DOCX (with and without answer fields) are byte for byte the same with and
without the helper.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from kravtui.catalogue.db import open_catalogue
from kravtui.catalogue.dbapi import Connection
from kravtui.interchange import parallel_render
from kravtui.interchange.catalogue_toml import export_catalogue
from kravtui.interchange.docx import body
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.interchange.docx.model import ExportOptions
from kravtui.interchange.parallel_render import rendered
from kravtui.interchange.sample import create_from_sample
from kravtui.interchange.selection_toml import export_selection_toml
from kravtui.selection.items import tick
from kravtui.selection.records import SelectionInfo
from kravtui.selection.store import create_selection

FAIL = -1  # a record that makes `numbers` fail
DIE = -2  # a record that ends the helper process (and only the helper) on the spot
SHOUT = -3  # a record the helper (and only the helper) prints to both its outputs


def numbers(chunk: list[int]) -> str:
    """A chunk's text: its records, with the process that is not the test's marked apart."""
    if FAIL in chunk:
        raise ValueError(f"cannot render {FAIL} (chunk from {chunk[0]})")
    if DIE in chunk and multiprocessing.parent_process() is not None:
        os._exit(3)
    if SHOUT in chunk and multiprocessing.parent_process() is not None:
        print("\x1b[2J shouted on stdout", flush=True)
        os.write(2, b"\x1b[2J shouted on stderr\n")
    return "".join(f"{number};" for number in chunk)


@pytest.fixture
def helper_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_render, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_render, "cores", lambda: 2)


def test_a_helper_is_started_only_for_a_long_export(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[object] = []
    monkeypatch.setattr(parallel_render, "ProcessPoolExecutor", lambda **_: started.append(1))
    monkeypatch.setattr(parallel_render, "cores", lambda: 2)
    records = list(range(100))
    text = "".join(rendered(numbers, records, parallel_render.PARALLEL_FROM - 1, chunk=7))
    assert text == numbers(records)
    assert started == []
    monkeypatch.setattr(parallel_render, "cores", lambda: 1)
    text = "".join(rendered(numbers, records, parallel_render.PARALLEL_FROM, chunk=7))
    assert text == numbers(records)
    assert started == []


@pytest.mark.usefixtures("helper_always")
@pytest.mark.parametrize("size", [0, 1, 6, 7, 8, 1_000])
def test_the_texts_come_in_order_whichever_process_made_them(size: int) -> None:
    records = list(range(size))
    pieces = list(rendered(numbers, records, size, chunk=7))
    assert "".join(pieces) == numbers(records)
    assert pieces == [numbers(records[i : i + 7]) for i in range(0, size, 7)]
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("helper_always")
@pytest.mark.parametrize("bad_chunk", [0, 1, 2, 3, 30, 141])
def test_an_error_is_raised_after_exactly_the_chunks_before_it(bad_chunk: int) -> None:
    records = list(range(1_000))
    records[bad_chunk * 7 + 3] = FAIL
    pieces: list[str] = []
    with pytest.raises(ValueError, match=f"chunk from {bad_chunk * 7}"):
        for piece in rendered(numbers, records, len(records), chunk=7):
            pieces.append(piece)
    assert pieces == [numbers(records[i : i + 7]) for i in range(0, bad_chunk * 7, 7)]
    assert multiprocessing.active_children() == []


@pytest.mark.usefixtures("helper_always")
def test_a_helper_that_dies_costs_nothing_but_time() -> None:
    records = list(range(2_000))
    for start in range(700, 2_000, 7):  # every chunk from the 100th on ends the helper
        records[start] = DIE
    assert "".join(rendered(numbers, records, len(records), chunk=7)) == numbers(records)
    assert multiprocessing.active_children() == []


class _Unstartable:
    """A helper pool whose process cannot be started (no processes left, no /dev/shm...)."""

    def __init__(self, **_: object) -> None:
        self.shut = False

    def submit(self, *_: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    def shutdown(self, **_: object) -> None:
        self.shut = True


@pytest.mark.usefixtures("helper_always")
def test_a_helper_that_cannot_start_costs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel_render, "ProcessPoolExecutor", _Unstartable)
    records = list(range(100))
    assert "".join(rendered(numbers, records, len(records), chunk=7)) == numbers(records)


@pytest.mark.usefixtures("helper_always")
def test_nothing_the_helper_prints_reaches_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    """The helper shares the terminal a TUI draws on: its outputs go nowhere."""
    records = [SHOUT if number % 7 == 0 else number for number in range(1_000)]
    assert "".join(rendered(numbers, records, len(records), chunk=7)) == numbers(records)
    captured = capfd.readouterr()
    assert "shouted" not in captured.out + captured.err


@pytest.mark.usefixtures("helper_always")
def test_a_reader_that_stops_early_leaves_no_process_behind() -> None:
    pieces = rendered(numbers, range(10_000), 10_000, chunk=7)
    assert next(pieces) == numbers(list(range(7)))
    pieces.close()
    assert multiprocessing.active_children() == []


@pytest.fixture
def sample_with_selection(tmp_path: Path) -> tuple[Connection, int]:
    """The sample catalogue and a selection ticking every other requirement, priorities on."""
    conn = create_from_sample(tmp_path / "c.db")
    conn.close()
    conn = open_catalogue(tmp_path / "c.db")
    chosen = create_selection(conn, SelectionInfo(title="Alle", priority_enabled=True))
    uids = [uid for (uid,) in conn.execute("SELECT uid FROM requirement WHERE deleted = 0")]
    tick(conn, chosen.id, uids[::2])
    assert len(uids) > 20
    return conn, chosen.id


def _exports(conn: Connection, selection: int, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    export_catalogue(conn, folder / "catalogue.toml")
    export_selection_toml(conn, selection, folder / "selection.toml")
    export_selection_docx(conn, selection, folder / "selection.docx")
    plain = ExportOptions(answer_fields=False, rationale=False, interpretation=False)
    export_selection_docx(conn, selection, folder / "plain.docx", plain)
    return {path.name: path.read_bytes() for path in folder.iterdir()}


def test_the_exports_are_the_same_with_the_helper(
    sample_with_selection: tuple[Connection, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn, selection = sample_with_selection
    alone = _exports(conn, selection, tmp_path / "alone")
    assert _exports(conn, selection, tmp_path / "again") == alone  # nothing varies by itself
    monkeypatch.setattr(parallel_render, "PARALLEL_FROM", 0)
    monkeypatch.setattr(parallel_render, "cores", lambda: 2)
    monkeypatch.setattr(parallel_render, "CHUNK", 3)
    monkeypatch.setattr(body, "BLOCK_CHUNK", 3)
    started: list[object] = []
    real_executor = ProcessPoolExecutor

    def counted(**options: Any) -> ProcessPoolExecutor:
        started.append(options)
        return real_executor(**options)

    monkeypatch.setattr(parallel_render, "ProcessPoolExecutor", counted)
    shared = _exports(conn, selection, tmp_path / "shared")
    assert len(started) == 6  # one per TOML; two per DOCX: its blocks, its appendix B
    assert shared.keys() == alone.keys()
    for name, content in shared.items():
        assert content == alone[name], name
