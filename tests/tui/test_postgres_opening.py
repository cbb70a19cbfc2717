"""`kravtui --db postgresql://...` opens the TUI on the server: an empty database is refused in
one line and left empty (no sample is made on a server), a catalogue opens with its list, and a
session that may only read shows `[read-only]`, saying why when it was not asked to be."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import kravtui.cli as cli
import kravtui.tui.app as tui_app
from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import Category, RequirementContent
from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.tui.app import create_app
from tests.catalogue_factory import make_catalogue
from tests.postgres_cluster import Cluster
from tests.tui.helpers import listed_uids, notifications, screen_text, settle

REQUIREMENTS = [
    RequirementContent(uid=f"ARK-{n}", title=f"Arkivkrav {n}", category="ARK", all_domains=True)
    for n in range(1, 4)
]


def _catalogue(url: str) -> PostgresLocation:
    place = PostgresLocation(url)
    make_catalogue(
        place, requirements=REQUIREMENTS, categories=[Category("ARK", "Arkivering")]
    ).close()
    return place


def _launched(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What `kravtui` without a sub-command would start the TUI on (nothing runs)."""
    started: dict[str, object] = {}

    def run(place: object, **options: object) -> None:
        started.update(options, place=place)

    monkeypatch.setattr(cli, "_terminal_problem", lambda: None)
    monkeypatch.setattr(tui_app, "run", run)
    return started


def test_an_empty_database_is_refused_in_one_line_and_gets_no_sample(
    postgres_url: str, postgres_cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _launched(monkeypatch)
    result = CliRunner().invoke(cli.main, ["--lang", "en", "--db", postgres_url])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output
    assert started == {}
    dbname = postgres_url.split("@/")[1].split("?")[0]
    import psycopg

    with psycopg.connect(postgres_cluster.url(dbname)) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public'"
        ).fetchone()
    assert tables is not None and tables[0] == 0


def test_kravtui_on_a_postgres_catalogue_starts_the_tui_there(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = _catalogue(postgres_url)
    started = _launched(monkeypatch)
    result = CliRunner().invoke(cli.main, ["--db", postgres_url, "--read-only"])
    assert result.exit_code == 0, result.output
    assert started["place"] == place
    assert started["read_only"] is True


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_list_shows_and_read_only_is_marked(
    postgres_url: str, size: tuple[int, int]
) -> None:
    place = _catalogue(postgres_url)
    set_language("en")
    app = create_app(place, read_only=True, settings=Settings())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert listed_uids(app) == ["ARK-1", "ARK-2", "ARK-3"]
        assert "[read-only]" in screen_text(app)
        assert not any("opened read-only" in line for line in notifications(app))  # asked


async def test_a_role_that_may_only_read_opens_read_only_and_says_why(
    postgres_url: str, postgres_cluster: Cluster
) -> None:
    _catalogue(postgres_url)
    dbname = postgres_url.split("@/")[1].split("?")[0]
    postgres_cluster.admin(
        "DROP ROLE IF EXISTS reader",
        "CREATE ROLE reader LOGIN",
        f'GRANT CONNECT ON DATABASE "{dbname}" TO reader',
    )
    postgres_cluster.admin(
        "GRANT USAGE ON SCHEMA public TO reader",
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader",
        dbname=dbname,
    )
    reader = PostgresLocation(postgres_cluster.url(dbname, user="reader"))
    set_language("en")
    app = create_app(reader, settings=Settings())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert listed_uids(app) == ["ARK-1", "ARK-2", "ARK-3"]
            assert "[read-only]" in screen_text(app)
            said = [line for line in notifications(app) if "opened read-only" in line]
            assert len(said) == 1 and "your database role may only read" in said[0]
            assert "n New" not in screen_text(app)  # the writing keys left the footer
    finally:
        postgres_cluster.admin("DROP OWNED BY reader", dbname=dbname)
        postgres_cluster.admin(
            f'REVOKE CONNECT ON DATABASE "{dbname}" FROM reader', "DROP ROLE reader"
        )
