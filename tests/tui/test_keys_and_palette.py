"""Help screen, command palette, remapped keys from the config file, and the remembered theme."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.command import CommandPalette

from kravtui.config import load_settings
from kravtui.i18n import t
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.keys import LIST_KEYS, MAIN_KEYS, all_specs
from kravtui.tui.screens.help import HelpScreen
from kravtui.tui.textual_internals import FooterKey
from tests.tui.answer_helpers import answered_selection
from tests.tui.helpers import (
    main_screen,
    notifications,
    screen_text,
    settle,
    type_text,
    wait_until,
)

MakeApp = Callable[..., KravApp]


async def test_question_mark_and_f1_open_a_help_screen_with_every_key(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text").render()
        plain = str(text)
        for spec in all_specs():
            assert f"({spec.id})" in plain, spec.id
            assert t(spec.description_key) in plain, spec.id
        for key in ("/", "esc", "⏎", "j", "k", "g", "G", "?", "f1", "^p", "tab", "q"):
            assert key in plain, key
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_the_command_palette_offers_every_action(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for spec in (*MAIN_KEYS, *LIST_KEYS):
            assert t(spec.description_key) in titles, spec.id
        assert {"Quit", "Help", "Clear all filters", "Theme"} <= titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "facets")
        await wait_until(pilot, lambda: "Facets" in screen_text(app))
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).facet_panel.display


async def test_palette_clear_all_filters(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await type_text(pilot, "clear all")
        await wait_until(pilot, lambda: "Clear all filters" in screen_text(app))
        await pilot.press("enter")
        await settle(pilot)
        assert main_screen(app).filter_bar.value == ""
        assert "10 shown of 10" in screen_text(app)


async def test_keys_are_remapped_from_the_config_file(catalogue: Path, config_dir: Path) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(
        '[keys]\nfacets = "ctrl+f"\ncursor-down = "n"\nquit = "ctrl+q"\n', encoding="utf-8"
    )
    app = create_app(catalogue)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("f")
        assert not screen.facet_panel.display
        await pilot.press("ctrl+f")
        assert screen.facet_panel.display
        await pilot.press("ctrl+f")
        await pilot.press("n")
        row = screen.requirement_list.current
        assert row is not None and row.uid == "ARK-2"
        await pilot.press("q")
        assert app.is_running
        await pilot.press("question_mark")
        assert "^f" in str(app.screen.query_one("#help-text").render())
        await pilot.press("escape")
        await pilot.press("ctrl+q")
    assert not app.is_running


async def test_unknown_binding_ids_are_reported(catalogue: Path, config_dir: Path) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[keys]\nfacetz = "x"\n', encoding="utf-8")
    app = create_app(catalogue)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("facetz" in str(n.message) for n in app._notifications)


async def test_a_broken_config_file_is_reported_not_fatal(
    catalogue: Path, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text("[keys\n", encoding="utf-8")
    app = create_app(catalogue)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "10 shown of 10" in screen_text(app)
        assert any("config.toml" in str(n.message) for n in app._notifications)


async def test_the_theme_choice_is_remembered(catalogue: Path, config_dir: Path) -> None:
    app = create_app(catalogue)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert load_settings().theme == "nord"
    again = create_app(catalogue)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert again.theme == "nord"


async def test_choosing_a_theme_keeps_the_rest_of_the_settings_file(
    catalogue: Path, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    users = '# mine\nlanguage = "en"  # work\n\n[keys]\nquit = "ctrl+x"  # muscle memory\n'
    (config_dir / "config.toml").write_text(users, encoding="utf-8")
    app = create_app(catalogue)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    written = (config_dir / "config.toml").read_text(encoding="utf-8")
    assert written == users.replace('"en"  # work\n', '"en"  # work\ntheme = "nord"\n')


async def test_a_theme_is_not_saved_over_a_settings_file_with_a_typo(
    catalogue: Path, config_dir: Path
) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    broken = b'language = "en"\n[keys]\nquit = "ctrl+x\n# a comment\n'
    (config_dir / "config.toml").write_bytes(broken)
    app = create_app(catalogue)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
        refusals = [n for n in notifications(app) if n.startswith("Theme not saved")]
        assert len(refusals) == 1 and "\n" not in refusals[0]
        assert "does not parse, so it was left as it is" in refusals[0]
    assert (config_dir / "config.toml").read_bytes() == broken


async def test_q_quits(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
    assert not app.is_running


async def test_every_facet_can_be_set_from_the_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Priority: Minimum", "Category: SIK Sikkerhed", "Tags: Cloud"} <= titles
        await pilot.press("ctrl+p")
        await type_text(pilot, "priority minimum")
        await wait_until(pilot, lambda: "Priority: Minimum" in screen_text(app))
        await pilot.press("enter")
        await settle(pilot)
        assert "2 shown of 10 · Priority: Minimum" in screen_text(app)


async def test_the_footer_at_80_columns_keeps_help_and_the_task_keys_in_view(
    make_app: MakeApp,
) -> None:
    for language in ("da", "en"):
        app = make_app(language)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            main_screen(app).set_state(main_screen(app).state.with_text("krypt"))
            await settle(pilot)
            shown = {
                key.key_display: key.region.right
                for key in app.screen.query(FooterKey)
                if key.region.width
            }
            assert "esc" in shown  # a filter is set, so clearing it applies now
            # the palette (^p) gives way to the task's keys at 80 columns; help lists it
            for essential in ("?", "/", "␣", "a", "v", "x", "s"):
                assert 0 < shown[essential] <= 80, (language, essential, shown)


async def test_help_opens_on_the_keys_of_the_screen_it_was_asked_from(
    make_app: MakeApp, catalogue: Path
) -> None:
    answered_selection(catalogue)
    app = make_app("da")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        lines = str(app.screen.query_one("#help-text").render()).splitlines()
        assert lines[2] == t("tui.help.group.app")  # on the main screen, the usual order
        assert "denne skærm" not in "\n".join(lines)
        await pilot.press("escape", "b")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AnswersScreen")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = str(app.screen.query_one("#help-text").render()).splitlines()
        assert lines[2] == f"{t('tui.help.group.answers')} · denne skærm"
        assert "(answers-vendor-next)" in lines[3]  # its first key right under its heading
        await settle(pilot)
        text = screen_text(app)
        assert "Besvarelser · denne skærm" in text, text  # in view without scrolling
        assert "Næste leverandør" in text
        assert sum(1 for line in lines if "denne skærm" in line) == 1
        for spec in all_specs():  # every key is still there
            assert f"({spec.id})" in "\n".join(lines), spec.id
