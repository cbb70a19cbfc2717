"""The change watcher on both engines: other sessions' commits are news once, the watched
connection's own commits and rolled-back writes are not; on PostgreSQL a change to another
schema's catalogue is not either, and a lost server is `EngineGoneError` until it is back."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from kravtui.catalogue.db import open_catalogue, transaction
from kravtui.catalogue.engine_errors import EngineGoneError
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.watch import ChangeWatcher, change_watcher
from tests.catalogue_factory import make_catalogue
from tests.postgres_cluster import Cluster

REQUIREMENT = RequirementContent(uid="SIK-1", title="Start", category="SIK", all_domains=True)


def _retitle(conn: Any, title: str) -> None:
    with transaction(conn):
        conn.execute("UPDATE requirement SET title = ? WHERE uid = 'SIK-1'", (title,))


def eventually(watcher: ChangeWatcher, seconds: float = 2.0) -> bool:
    """Whether `changed()` turns True within `seconds` (a notification takes a moment to
    arrive; data_version answers at once)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if watcher.changed():
            return True
        time.sleep(0.01)
    return False


def quiet(watcher: ChangeWatcher, seconds: float = 0.3) -> bool:
    """Whether `changed()` stays False for `seconds`."""
    return not eventually(watcher, seconds)


@pytest.fixture
def opened(catalogue_location: CatalogueLocation) -> Iterator[Callable[[], Any]]:
    """A catalogue with one requirement, and a way to open more connections to it."""
    make_catalogue(catalogue_location, requirements=[REQUIREMENT]).close()
    conns: list[Any] = []

    def connection() -> Any:
        conns.append(open_catalogue(catalogue_location))
        return conns[-1]

    yield connection
    for conn in conns:
        conn.close()


def test_another_sessions_commit_is_news_once(opened: Callable[[], Any]) -> None:
    mine, other = opened(), opened()
    watcher = change_watcher(mine)
    try:
        assert not watcher.changed()
        _retitle(other, "Ændret")
        assert eventually(watcher)
        assert quiet(watcher)
        _retitle(other, "Igen")
        assert eventually(watcher)
        assert quiet(watcher)
    finally:
        watcher.close()


def test_own_commits_and_rolled_back_writes_are_not_news(opened: Callable[[], Any]) -> None:
    mine, other = opened(), opened()
    watcher = change_watcher(mine)
    try:
        _retitle(mine, "Min egen")
        assert quiet(watcher)
        with contextlib.suppress(RuntimeError), transaction(other):
            other.execute("UPDATE requirement SET title = 'Fortrudt' WHERE uid = 'SIK-1'")
            raise RuntimeError("changed my mind")
        assert quiet(watcher)
        assert mine.execute("SELECT title FROM requirement").fetchone()[0] == "Min egen"
    finally:
        watcher.close()


def test_a_catalogue_in_another_schema_is_not_news(
    postgres_url: str, postgres_cluster: Cluster
) -> None:
    mine_place = PostgresLocation(postgres_url)
    make_catalogue(mine_place, requirements=[REQUIREMENT]).close()
    dbname = postgres_url.split("@/")[1].split("?")[0]
    postgres_cluster.admin("CREATE SCHEMA other", dbname=dbname)
    other_place = PostgresLocation(f"{postgres_url}&options=-csearch_path%3Dother")
    other = make_catalogue(other_place, requirements=[REQUIREMENT])
    mine = open_catalogue(mine_place)
    watcher = change_watcher(mine)
    try:
        _retitle(other, "I et andet katalog")
        assert quiet(watcher)
        assert mine.execute("SELECT title FROM requirement").fetchone()[0] == "Start"
    finally:
        watcher.close()
        mine.close()
        other.close()


@contextlib.contextmanager
def server_down(cluster: Cluster) -> Iterator[None]:
    """The server shut down for the block, started again after it whatever happens."""
    cluster.pause()
    try:
        yield
    finally:
        cluster.resume()


def test_a_lost_server_is_engine_gone_until_it_is_back(
    postgres_url: str, postgres_cluster: Cluster
) -> None:
    place = PostgresLocation(postgres_url)
    make_catalogue(place, requirements=[REQUIREMENT]).close()
    mine = open_catalogue(place)
    watcher = change_watcher(mine)
    try:
        with server_down(postgres_cluster):
            with pytest.raises(EngineGoneError) as lost:  # told at once, or at the next look
                watcher.changed()
                watcher.changed()
            assert "\n" not in str(lost.value)
            with pytest.raises(EngineGoneError):
                watcher.changed()  # it tried to listen again: still gone
        assert watcher.changed()  # back: what changed meanwhile is unknown, so "changed"
        assert quiet(watcher)
        other = open_catalogue(place)
        try:
            _retitle(other, "Efter genstart")
            assert eventually(watcher)  # listening again
        finally:
            other.close()
    finally:
        watcher.close()
        mine.close()
