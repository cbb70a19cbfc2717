"""The `kravtui` command: headless sub-commands, and the TUI when none is given.

This package never imports Textual at import time; only running `kravtui` without a sub-command
imports `kravtui.tui`. Errors are one clear line on stderr with exit status 1; usage errors exit 2.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from kravtui import __version__
from kravtui.cli.common import State, connect_for_command, set_command_language

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
}


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported on first use (see `COMMANDS`)."""

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
@click.version_option(__version__, prog_name="kravtui")
@click.option("--db", type=click.Path(dir_okay=False), default=None, help="Catalogue file.")
@click.option("--lang", type=click.Choice(["da", "en"]), default=None, help="Language.")
@click.option("--read-only", is_flag=True, help="Open the catalogue so that nothing can change.")
@click.option("--no-mouse", is_flag=True, help="Leave the terminal's own text selection alone.")
@click.pass_context
def main(
    ctx: click.Context, db: str | None, lang: str | None, read_only: bool, no_mouse: bool
) -> None:
    """kravtui: browse, edit and select requirements from a local catalogue."""
    state = State(db, lang, read_only)
    ctx.obj = state
    set_command_language(lang)
    if ctx.invoked_subcommand is None:
        _launch_tui(state, mouse=not no_mouse)


def _launch_tui(state: State, *, mouse: bool) -> None:
    asked_read_only = state.read_only  # the TUI says itself why an unwritable one is read-only
    connect_for_command(state, announce=False).close()  # creates the sample on first use
    from kravtui.tui.app import run

    run(state.db_path, read_only=asked_read_only, mouse=mouse)
