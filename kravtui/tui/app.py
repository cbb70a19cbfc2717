"""The Textual application: settings, key map and theme, and the screens it shows.

`create_app` is the one factory the CLI and the tests share; `run` is what `kravtui` without a
sub-command calls. The app itself only composes screens; the work happens in the screens and
widgets, which call the catalogue's services through `CatalogueSession`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rich.console import RenderableType
from textual import events
from textual.app import App, SystemCommand
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme, ThemeProvider
from textual.widget import Widget

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.catalogue.location import CatalogueLocation
from kravtui.config import Settings, SettingsError, load_settings, save_setting
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.tui.answers_palette import answers_commands
from kravtui.tui.commands import commands, extra, facet_commands
from kravtui.tui.editing_palette import editing_commands
from kravtui.tui.keys import APP_KEYS, LIST_KEYS, MAIN_KEYS, install, unknown_ids
from kravtui.tui.quiet_collector import QUIET_SECONDS, QuietCollector
from kravtui.tui.screens.confirm import QuitQuestion
from kravtui.tui.screens.help import HelpScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.selection_palette import selection_commands
from kravtui.tui.textual_words import Palette, localise_drop_downs, translated_system_command
from kravtui.tui.type_ahead import TypeAhead
from kravtui.tui.visible_filter import VisibleTextFilter
from kravtui.tui.widgets.field_input import FieldInput


class KravApp(App[None]):
    """kravtui's terminal UI."""

    CSS_PATH = "app.tcss"
    TITLE = "kravtui"
    SUSPENDED_SCREEN_CLASS = "-suspended"  # a screen under another: its toasts are old copies

    def __init__(
        self, session: CatalogueSession, settings: Settings, *, warning: str = "", notice: str = ""
    ) -> None:
        super().__init__()
        localise_drop_downs()
        install(self, APP_KEYS)
        self.session = session
        self.settings = settings
        self._warning = warning
        self._notice = notice
        self.keymap: dict[str, str] = dict(settings.keys)
        self.set_keymap(self.keymap)
        if settings.theme and settings.theme in self.available_themes:
            self.theme = settings.theme
        self._visible_text = VisibleTextFilter()
        self.quitting = False  # set by `exit`: input after it is dropped (`on_event`)
        self.collector = QuietCollector()  # full collections when the user pauses
        self.type_ahead = TypeAhead(self, self._route_input)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters and the one that escapes control and bidi characters everywhere."""
        return [*super().get_line_filters(), self._visible_text]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification of one line with control and bidi characters escaped, always plain
        text (`markup` is ignored: messages quote names, and a name may hold brackets); every
        screen's and widget's `notify` comes here."""
        shown, heading = visible(message), visible(title)
        super().notify(shown, title=heading, severity=severity, timeout=timeout, markup=False)

    @property
    def available_themes(self) -> dict[str, Theme]:
        """The themes the palette offers. Under NO_COLOR Textual greys every colour, and the
        ANSI themes' terminal colours all become black (black text on black), so those are
        left out there."""
        themes = super().available_themes
        if getattr(self, "no_color", False):  # set part-way through App.__init__
            return {name: theme for name, theme in themes.items() if not name.startswith("ansi-")}
        return themes

    def get_default_screen(self) -> Screen[None]:
        return MainScreen(self.session, space_moves_down=self.settings.space_moves_down)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.screen_change_signal.subscribe(self, self.type_ahead.screen_changed)
        unknown = unknown_ids(self.keymap)
        if unknown:
            self.notify(t("tui.keys.unknown", ids=", ".join(unknown)), severity="warning")
        if self._notice:
            self.notify(self._notice, timeout=10)
        if self._warning:
            self.notify(self._warning, severity="error", timeout=10)
        reason = self.session.unwritable_reason
        if reason is not None:
            where = self.session.location.display
            self.notify(t("catalogue.opened_read_only", path=where, reason=reason), timeout=10)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        """What starting made stays out of every later collection; the collector is on again
        (`kravtui` starts the TUI with it off: its imports make objects, no garbage), and
        collects in full when the user pauses (`QuietCollector`)."""
        self.collector.started()
        self.set_interval(QUIET_SECONDS, self.collector.tick, name="quiet-collector")

    def _remember_theme(self, theme: Theme) -> None:
        try:
            save_setting("theme", theme.name)
        except SettingsError as error:
            self.notify(t("tui.settings.not_saved", error=error), severity="error", timeout=10)

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        """End the app; from now on input is dropped (see `on_event`), and so is the input
        held for a screen that was opening."""
        self.quitting = True
        self.type_ahead.drop()
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        """Keys, clicks and pastes that arrive after `q` decided to quit (`qe` typed in one
        burst, pasted, or over a slow link) are dropped: they would open screens in an app
        that is shutting down, whose widgets are never made (it ended in `NoMatches`). Every
        other one tells the collector the user is not pausing, and goes through `type_ahead`:
        keys typed ahead of a screen that is opening wait for it and then go to it."""
        if isinstance(event, events.InputEvent | events.Paste):
            if self.quitting:
                return
            self.collector.touched()
            await self.type_ahead.arrived(event)
            return
        await super().on_event(event)

    async def _route_input(self, event: events.Event) -> None:
        """Textual's own handling of an input event that reached the app."""
        await super().on_event(event)

    async def action_quit(self) -> None:
        """Quit (`q`, `ctrl+q`); with unsaved changes in an open form, ask first."""
        if isinstance(self.screen, QuitQuestion):
            return  # asked already
        if not any(_unsaved(screen) for screen in self.screen_stack):
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        question = QuitQuestion(
            t("tui.quit.unsaved"), yes=t("tui.quit.unsaved_yes"), no=t("tui.quit.unsaved_no")
        )
        self.push_screen(question, answered)

    def action_help_quit(self) -> None:
        """Ctrl+C (which copies in a text field) says how to quit, in the user's language:
        Textual's own note is English with markup, which `notify` shows as typed."""
        self.notify(t("tui.quit.how"), title=t("tui.quit.how_title"))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            active = {shown.binding.id for shown in self.active_bindings.values()}
            self.push_screen(HelpScreen(self.keymap, {i for i in active if i}))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if isinstance(screen, MainScreen):
            targets = (
                (screen, MAIN_KEYS),
                (screen.requirement_list, LIST_KEYS),
                (self, APP_KEYS),
            )
            yield from commands(self, targets, self.keymap, self.get_key_display)
            yield extra("tui.cmd.clear_all", "tui.cmd.clear_all.help", screen.action_clear_all)
            facets = screen.facet_panel.named_facets()
            yield from facet_commands(facets, screen.state, screen.toggle_facet)
        yield from editing_commands(self, screen, self.keymap, self.get_key_display)
        yield from selection_commands(self, screen, self.keymap, self.get_key_display)
        yield from answers_commands(self, screen, self.keymap, self.get_key_display)
        for command in super().get_system_commands(screen):
            if not (command.title == "Quit" and isinstance(screen, MainScreen)):
                yield translated_system_command(command)

    def action_command_palette(self) -> None:
        """The command palette (`ctrl+p`), in the user's language."""
        if self.use_command_palette and not Palette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        """The theme list (Farvetema in the palette), in the user's language."""
        self.push_screen(Palette(providers=[ThemeProvider], themes=True))

    def action_focus_next(self) -> None:
        """Tab: the next field; a form field reached by Tab has its text selected."""
        _select_field_text(self.screen.focus_next())

    def action_focus_previous(self) -> None:
        """Shift+Tab: the previous field; a form field reached so has its text selected."""
        _select_field_text(self.screen.focus_previous())

    def on_resize(self, event: events.Resize) -> None:
        # Dialogs up to 76 columns wide would leave slivers of the screen behind them,
        # cut-off words beside their borders: below 90 columns they take the full width.
        self.set_class(event.size.width < NARROW_DIALOG_WIDTH, "-narrow-terminal")

    def on_unmount(self) -> None:
        self.collector.stopped()
        self.session.close()


NARROW_DIALOG_WIDTH = 90


def _select_field_text(widget: Widget | None) -> None:
    """Keyboard focus on a filled form field selects its text, so typing replaces it (as in a
    browser); opening a form or clicking into a field keeps the text and puts the cursor there."""
    if isinstance(widget, FieldInput) and widget.value:
        widget.select_all()


def _unsaved(screen: Screen[object]) -> bool:
    """Whether `screen` holds work that quitting would lose (forms say so themselves)."""
    unsaved_changes = getattr(screen, "unsaved_changes", None)
    return bool(unsaved_changes()) if callable(unsaved_changes) else False


def create_app(
    db_path: Path | CatalogueLocation,
    *,
    read_only: bool = False,
    settings: Settings | None = None,
    notice: str = "",
) -> KravApp:
    """The app on an existing catalogue (a file, or a database on a PostgreSQL server);
    settings from the config file unless given; `notice` is shown when it starts (the
    catalogue was just created)."""
    warning = ""
    if settings is None:
        try:
            settings = load_settings()
        except SettingsError as error:
            settings, warning = Settings(), str(error)
    session = CatalogueSession(db_path, read_only=read_only)
    return KravApp(session, settings, warning=warning, notice=notice)


def run(
    db_path: Path | CatalogueLocation,
    *,
    read_only: bool = False,
    mouse: bool = True,
    notice: str = "",
) -> None:
    """Run the TUI until the user quits; `notice` is shown when it starts."""
    create_app(db_path, read_only=read_only, notice=notice).run(mouse=mouse)
