"""What the officer reads says it plainly, in Danish and in English: when and by whom a
requirement was last changed, as a local date; how many requirements an export wrote; that a
new catalogue was made from the sample, inside the TUI at once; whether priorities are shown."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kravtui.catalogue.db import transaction
from kravtui.config import Settings
from kravtui.i18n import set_language, t, t_count
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.widgets.detail_pane import DetailPane
from tests.tui.helpers import listed_uids, main_screen, notifications, opened, screen_text, settle
from tests.tui.selection_helpers import make_selection, press

MakeApp = Callable[..., KravApp]


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("da", "Sidst ændret: 6. dec. 2026 05:27 af root"),
        ("en", "Last changed: 6 Dec 2026 05:27 by root"),
    ],
)
async def test_the_detail_says_when_in_local_time_and_who(
    make_app: MakeApp,
    catalogue: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    shown: str,
) -> None:
    monkeypatch.setenv("TZ", "Europe/Copenhagen")
    time.tzset()
    with opened(catalogue) as conn, transaction(conn):
        conn.execute(
            "UPDATE requirement SET updated_at = '2026-12-06T04:27:24Z', updated_by = 'root' "
            "WHERE uid = 'SIK-1'"
        )
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main_screen(app).requirement_list.move_to(listed_uids(app).index("SIK-1"))
        await press(pilot, "enter")
        assert isinstance(app.screen, DetailScreen)
        text = app.screen.query_one(DetailPane).text.plain
        assert shown in text, text
        assert "2026-12-06T04:27:24Z" not in text


@pytest.mark.parametrize("language", ["da", "en"])
async def test_the_export_notification_gives_the_count_and_the_path(
    make_app: MakeApp, catalogue: Path, tmp_path: Path, language: str
) -> None:
    make_selection(catalogue, "Udbud 2025", ["ARK-1", "SIK-1", "SIK-2"])
    target = tmp_path / "udbud.toml"
    app = make_app(language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-format").value = "toml"  # type: ignore[attr-defined]
        screen.query_one("#export-path").value = str(target)  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        for _ in range(100):
            if target.exists() and not isinstance(app.screen, ExportScreen):
                break
            await pilot.pause(0.05)
        said = t_count("tui.export.done", 3, path=str(target.resolve()))
        assert said in notifications(app), notifications(app)
        assert "3" in said and str(target.resolve()) in said


@pytest.mark.parametrize("language", ["da", "en"])
async def test_a_new_catalogue_is_announced_inside_the_tui(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """`kravtui` on a new file makes it from the sample and says so on screen at once; the line
    on stderr stays for commands, where nobody's screen hides it."""
    import kravtui.cli as cli
    import kravtui.tui.app as tui_app

    started: dict[str, object] = {}

    def run(db_path: Path, **options: object) -> None:
        started.update(options, db_path=db_path)

    monkeypatch.setattr(cli, "_terminal_problem", lambda: None)
    monkeypatch.setattr(tui_app, "run", run)
    path = tmp_path / "new.db"
    result = CliRunner().invoke(cli.main, ["--lang", language, "--db", str(path)])
    assert result.exit_code == 0, result.output
    notice = t("cli.created_from_sample", path=path)
    assert started["notice"] == notice
    assert notice not in result.output  # not printed behind the screen
    again = CliRunner().invoke(cli.main, ["--lang", language, "--db", str(path)])
    assert again.exit_code == 0 and started["notice"] == ""  # only on first use

    set_language(language)
    app = create_app(path, settings=Settings(), notice=notice)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert notice in notifications(app)
        assert str(path) in screen_text(app).replace("\n", "") or notice in notifications(app)

    command = CliRunner().invoke(
        cli.main, ["--lang", language, "list", "--db", str(tmp_path / "b.db")]
    )
    assert t("cli.created_from_sample", path=tmp_path / "b.db") in command.output


async def test_the_selections_screen_says_whether_vendors_see_priorities(
    make_app: MakeApp, catalogue: Path
) -> None:
    make_selection(catalogue, "Udbud 2025", ["ARK-1"])
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        text = screen_text(app)
        assert "Prioritet: vises for leverandøren" in text, text
        assert "Prioritet: til" not in text


# "+" / "-" over the whole list (10 live requirements), with none or some ticked before.
RESTS = {
    ("da", "+", ()): "Vælg de 10 viste krav i 'Udbud 2025'?",
    (
        "da",
        "+",
        ("ARK-1", "SIK-2"),
    ): "Vælg 8 krav i 'Udbud 2025'? (10 vist; resten er allerede valgt)",
    ("da", "-", ("ARK-1",)): "Fravælg 1 krav i 'Udbud 2025'? (10 vist; resten er ikke valgt)",
    ("en", "+", ()): "Tick the 10 requirements shown in 'Udbud 2025'?",
    (
        "en",
        "+",
        ("ARK-1",),
    ): "Tick 9 requirements in 'Udbud 2025'? (10 shown; the rest are ticked already)",
    (
        "en",
        "-",
        ("ARK-1", "SIK-2"),
    ): "Untick 2 requirements in 'Udbud 2025'? (10 shown; the rest are not ticked)",
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize(("language", "key", "ticked"), list(RESTS))
async def test_tick_all_shown_speaks_of_the_rest_only_when_there_is_one(
    make_app: MakeApp,
    catalogue: Path,
    size: tuple[int, int],
    language: str,
    key: str,
    ticked: tuple[str, ...],
) -> None:
    """The walk: "Vælg 7 krav … (7 vist; resten er allerede valgt)" with no rest at all."""
    make_selection(catalogue, ticked=list(ticked))
    app = make_app(language)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "plus" if key == "+" else "minus")
        screen = app.screen
        assert isinstance(screen, ConfirmScreen)
        assert str(screen.detail) == RESTS[language, key, ticked]
        all_ticked = ticked == () and key == "-"
        assert all_ticked or ("rest" in str(screen.detail)) == (len(ticked) > 0)
