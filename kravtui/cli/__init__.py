"""The `kravtui` command: headless sub-commands, and the TUI when none is given.

This package never imports Textual at import time; only running `kravtui` without a sub-command
imports `kravtui.tui`. Errors are one clear line on stderr with exit status 1; usage errors exit 2;
ctrl+c before the TUI has the terminal (or during a command) says so in one line and exits 130.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from kravtui import __version__
from kravtui.catalogue.location import PostgresLocation
from kravtui.cli.common import (
    State,
    connect_for_command,
    echo,
    fail,
    password_on_command_line,
    set_command_language,
)
from kravtui.cli.help import HelpGroup, choose_language, usage_message
from kravtui.i18n import t

# Sub-command -> "module:attribute"; a module is imported only when its command runs, so that
# starting the TUI does not pay for importing every exporter and the diff engine.
COMMANDS: dict[str, str] = {
    "init": "kravtui.cli.catalogue_commands:init",
    "list": "kravtui.cli.catalogue_commands:list_command",
    "show": "kravtui.cli.catalogue_commands:show",
    "history": "kravtui.cli.catalogue_commands:history",
    "export": "kravtui.cli.export_commands:export",
    "import": "kravtui.cli.catalogue_commands:import_command",
    "diff": "kravtui.cli.diff_commands:diff_command",
    "config": "kravtui.cli.catalogue_commands:config",
    "selection": "kravtui.cli.selection_commands:selection",
    "answers": "kravtui.cli.answers_commands:answers",
    "db": "kravtui.cli.db_commands:db",
}


_ASKED_LANGUAGE = "kravtui.lang"
INTERRUPTED = 130
"""The exit status after ctrl+c, as a shell gives a program that SIGINT ended (128 + 2)."""


class OneLineUsageError(click.UsageError):
    """A usage error shown as kravtui shows every error: one line, and where help is."""

    def show(self, file: Any = None) -> None:
        command = self.ctx.command_path if self.ctx is not None else "kravtui"
        hint = t("cli.usage_hint", command=command)
        echo(f"kravtui: {t('cli.error')}: {self.format_message()} ({hint})", err=True)


@contextmanager
def _one_line_usage_errors() -> Iterator[None]:
    try:
        yield
    except OneLineUsageError:
        raise
    except click.UsageError as error:
        raise OneLineUsageError(" ".join(usage_message(error).split()), error.ctx) from error


class LazyGroup(HelpGroup):
    """A click group whose sub-commands are imported on first use (see `COMMANDS`).

    Usage errors, from this group's options or any sub-command's, are shown on one line; help
    is in the language `--lang` anywhere on the command line asks for (see `kravtui.cli.help`).
    """

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        asked = choose_language(args) if parent is None else None
        with _one_line_usage_errors():
            ctx = super().make_context(info_name, args, parent, **extra)
        if parent is None:
            ctx.meta[_ASKED_LANGUAGE] = asked  # a sub-command's --lang, read before its --help
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with _one_line_usage_errors():
                return super().invoke(ctx)
        except KeyboardInterrupt:
            if ctx.parent is not None:
                raise  # said once, by the whole command's group
            echo("", err=True)  # past the terminal's "^C"
            echo(f"kravtui: {t('cli.interrupted')}", err=True)
            sys.exit(INTERRUPTED)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: Any = getattr(importlib.import_module(module), attribute)
        return command if isinstance(command, click.Command) else None


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="kravtui", message="%(prog)s %(version)s")
@click.option("--db", type=click.Path(dir_okay=False), default=None, metavar="CATALOGUE")
@click.option("--lang", type=click.Choice(["da", "en"]), default=None)
@click.option("--read-only", is_flag=True)
@click.option("--no-mouse", is_flag=True)
@click.pass_context
def main(
    ctx: click.Context, db: str | None, lang: str | None, read_only: bool, no_mouse: bool
) -> None:
    """kravtui: browse, edit and select requirements from a local catalogue."""
    state = State(db, lang, read_only)
    ctx.obj = state
    set_command_language(lang or ctx.meta.get(_ASKED_LANGUAGE))
    if ctx.invoked_subcommand is None:
        _launch_tui(state, mouse=not no_mouse)


def _launch_tui(state: State, *, mouse: bool) -> None:
    problem = _terminal_problem()
    if problem:
        fail(problem, status=2)
    location = state.location
    if isinstance(location, PostgresLocation):
        # checked, and upgraded if older, here: a refusal is one line before the screen opens;
        # there is no sample to create on a server (`kravtui init` makes a catalogue there)
        connect_for_command(state, announce=False).close()
        gc.disable()  # as below: the app turns the collector back on after the first frame
        from kravtui.tui.app import run

        run(
            location, read_only=state.read_only, mouse=mouse, notice=password_on_command_line(state)
        )
        return
    path = location.path
    first_use = not path.exists()
    asked_read_only = state.read_only  # the TUI says itself why an unwritable one is read-only
    connect_for_command(state, announce=False).close()  # creates it from the sample on first use
    # Importing and composing the TUI makes many objects and no garbage: the collector would
    # only walk them again and again (a tenth of the first frame). The app turns it back on
    # once the first frame is drawn.
    gc.disable()
    from kravtui.tui.app import run

    # said inside the TUI: a line on stderr would stay hidden behind the screen until quitting
    notice = t("cli.created_from_sample", path=path) if first_use else ""
    run(path, read_only=asked_read_only, mouse=mouse, notice=notice)


def _terminal_problem() -> str | None:
    """Why the terminal UI cannot run here (no terminal on stdin or stdout, or a dumb one)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return t("cli.no_terminal")
    if os.environ.get("TERM", "") in {"dumb", "unknown"}:
        return t("cli.dumb_terminal", term=os.environ["TERM"])
    return None
