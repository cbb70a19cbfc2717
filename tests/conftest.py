"""Fixtures for every test: each test has the machine to itself, whatever ran before it and
whatever runs beside it (the suite runs in parallel with pytest-xdist).

- Every per-user folder kravtui reads or writes by default is under the test's `tmp_path`:
  settings, state (the export dialog's memory), data (the default catalogue) and documents (an
  export without `-o` goes to `<documents>/kravtui`); no test reaches the real ones or another
  test's.
- Nothing of the developer's shell leaks in: no KRAVTUI_DB, KRAVTUI_LANG or Danish locale, and
  local time is UTC unless a test sets TZ, so shown times do not depend on the machine.
- The language is English at the start of every test and put back afterwards: `set_language`
  is process-wide, and a test that switches to Danish must not change the next test's words.
- A test that takes `postgres_url` gets a fresh database of its own on a throwaway PostgreSQL
  cluster (`tests/postgres_cluster.py`: started once per test process, on a Unix socket only,
  removed at the end); without PostgreSQL it is skipped, except under CI=true, where it fails.
- A test that takes `catalogue_location` runs once per engine (`engine`: "sqlite", then
  "postgresql"), with a new catalogue's place: a file under `tmp_path`, or a fresh database;
  `create_catalogue` or `tests.catalogue_factory.make_catalogue` makes the catalogue there.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, SqliteLocation
from kravtui.i18n import DEFAULT_LANGUAGE, set_language
from tests.postgres_cluster import postgres_cluster, postgres_url

__all__ = ["postgres_cluster", "postgres_url"]  # fixtures for every test module


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest) -> str:
    """The engine a test runs on, each in turn."""
    return str(request.param)


@pytest.fixture
def catalogue_location(
    engine: str, tmp_path: Path, request: pytest.FixtureRequest
) -> CatalogueLocation:
    """Where a new catalogue goes on `engine`: a file, or a fresh PostgreSQL database."""
    if engine == "sqlite":
        return SqliteLocation(tmp_path / "catalogue.db")
    return PostgresLocation(str(request.getfixturevalue("postgres_url")))


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The state, data and documents folders under `tmp_path`; returns the default exports
    folder (`<documents>/kravtui`)."""
    monkeypatch.setenv("KRAVTUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))  # no user-dirs.dirs
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))  # the default catalogue
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Documents"))
    return tmp_path / "Documents" / "kravtui"


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings in a temporary folder, so no test reads or writes the user's."""
    folder = tmp_path / "config"
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_shell_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue and language come from the test, not from the shell that started pytest
    (a subprocess inherits what is left here)."""
    for name in ("KRAVTUI_DB", "KRAVTUI_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC unless a test sets TZ, so shown times do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests run in English unless they switch, and the next test does too."""
    set_language(DEFAULT_LANGUAGE)
    yield
    set_language(DEFAULT_LANGUAGE)
