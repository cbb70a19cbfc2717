"""The state file that remembers the export format per selection (`kravtui.user_state`) and the
`exports_folder` setting: other keys kept, the oldest entries dropped, a file that is not ours
never written over, a setting of the wrong type refused in one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kravtui import user_state
from kravtui.config import Settings, SettingsError, exports_folder, load_settings
from kravtui.user_state import (
    StateError,
    remember_export_format,
    remembered_export,
    remembered_export_format,
)


def test_formats_are_kept_per_catalogue_and_selection_and_other_keys_survive(
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.json"
    state.write_text('{"future": {"kept": true}, "export_formats": {}}')
    one, other = str(tmp_path / "one.db"), str(tmp_path / "other.db")
    remember_export_format(one, 1, "pdf", state)
    remember_export_format(other, 1, "toml", state)
    remember_export_format(one, 2, "docx", state)
    assert remembered_export_format(one, 1, state) == "pdf"
    assert remembered_export_format(other, 1, state) == "toml"
    assert remembered_export_format(one, 2, state) == "docx"
    assert remembered_export_format(one, 3, state) is None
    assert json.loads(state.read_text())["future"] == {"kept": True}
    assert list(tmp_path.glob(".state.json.*.tmp")) == []


def test_the_oldest_entries_are_dropped_beyond_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(user_state, "REMEMBERED_LIMIT", 3)
    state, catalogue = tmp_path / "state.json", str(tmp_path / "c.db")
    for selection_id in range(1, 5):
        remember_export_format(catalogue, selection_id, "pdf", state)
    remember_export_format(catalogue, 2, "toml", state)  # used again: newest
    assert remembered_export_format(catalogue, 1, state) is None
    assert [remembered_export_format(catalogue, n, state) for n in (2, 3, 4)] == [
        "toml",
        "pdf",
        "pdf",
    ]


@pytest.mark.parametrize("content", [b"\xff\xfe", b"{", b"[]", b'{"export_formats": []}'])
def test_a_file_that_is_not_ours_is_refused_and_never_written_over(
    tmp_path: Path, content: bytes
) -> None:
    state = tmp_path / "state.json"
    state.write_bytes(content)
    with pytest.raises(StateError) as read:
        remembered_export_format(str(tmp_path / "c.db"), 1, state)
    with pytest.raises(StateError):
        remember_export_format(str(tmp_path / "c.db"), 1, "pdf", state)
    assert str(state) in str(read.value) and "\n" not in str(read.value)
    assert state.read_bytes() == content


def test_the_exports_folder_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert exports_folder(Settings(exports_folder="/srv/udbud")) == Path("/srv/udbud")
    assert exports_folder(Settings(exports_folder="~/udbud")) == tmp_path / "udbud"
    assert exports_folder(Settings(exports_folder="udbud")) == tmp_path / "udbud"
    config = tmp_path / "config.toml"
    config.write_text("exports_folder = 3\n")
    with pytest.raises(SettingsError, match="exports_folder must be a string"):
        load_settings(config)


@pytest.mark.parametrize(
    "folder",
    [
        None,  # never remembered
        "gone",  # removed since (made below, then deleted)
        "a-file",  # a file now, not a folder
        "nul\x00byte",
        "x" * 5000,  # too long a name for this system
        17,  # not a text: someone else's edit
    ],
)
def test_a_remembered_folder_that_is_no_folder_now_is_not_offered(
    tmp_path: Path, folder: object
) -> None:
    state, catalogue = tmp_path / "state.json", str(tmp_path / "c.db")
    remember_export_format(catalogue, 1, "pdf", state)
    content = json.loads(state.read_text())
    if folder is not None:
        if folder == "gone":
            (tmp_path / "gone").mkdir()
            (tmp_path / "gone").rmdir()
        if folder == "a-file":
            (tmp_path / "a-file").write_text("x")
        named = str(tmp_path / folder) if isinstance(folder, str) else folder
        content["export_folders"] = {f"{catalogue}#1": named}
        state.write_text(json.dumps(content))
    assert remembered_export(catalogue, 1, state)[1] is None
    assert remembered_export_format(catalogue, 1, state) == "pdf"  # the rest still read


def test_a_folders_table_that_is_not_ours_makes_the_file_not_ours(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text('{"export_folders": ["/tmp"]}')
    with pytest.raises(StateError):
        remembered_export(str(tmp_path / "c.db")[1], 1, state)


def test_the_folder_is_remembered_with_the_format_per_selection(tmp_path: Path) -> None:
    state, catalogue = tmp_path / "state.json", str(tmp_path / "c.db")
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    remember_export_format(catalogue, 1, "pdf", state, folder=first)
    remember_export_format(catalogue, 2, "toml", state, folder=second)
    remember_export_format(catalogue, 3, "docx", state)  # no folder: none remembered
    assert remembered_export(catalogue, 1, state)[1] == first
    assert remembered_export(catalogue, 2, state)[1] == second
    assert remembered_export(catalogue, 3, state)[1] is None
    assert remembered_export_format(catalogue, 2, state) == "toml"
