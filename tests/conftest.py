"""Fixtures for every test: the per-user folders kravtui writes to by default are temporary.

An export without `-o` goes to the documents folder's `kravtui` (platformdirs), and the export
dialog remembers formats in the per-user state folder; no test may reach the real ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The state folder and the documents folder under `tmp_path`; returns the default exports
    folder (`<documents>/kravtui`)."""
    monkeypatch.setenv("KRAVTUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # no user-dirs.dirs
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Documents"))
    return tmp_path / "Documents" / "kravtui"
