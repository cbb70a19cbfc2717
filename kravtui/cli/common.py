"""What every sub-command shares: options, language, opening the catalogue, error exits."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from kravtui.catalogue.db import CatalogueError, open_catalogue
from kravtui.config import SettingsError, load_settings, resolve_db_path
from kravtui.i18n import UnknownLanguageError, resolve_language, set_language, t
from kravtui.interchange.errors import InterchangeError

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> NoReturn:
    """Print one error line and exit 1."""
    click.echo(f"kravtui: {t('cli.error')}: {message}", err=True)
    sys.exit(1)


def common_options(function: F) -> F:
    """`--db` and `--lang` on every sub-command (they override the group's)."""
    function = click.option("--db", "db", type=click.Path(dir_okay=False), default=None)(function)
    function = click.option("--lang", "lang", type=click.Choice(["da", "en"]), default=None)(
        function
    )
    return function


class State:
    """Options gathered from the group and the sub-command."""

    def __init__(self, db: str | None, lang: str | None, read_only: bool) -> None:
        self.db = db
        self.lang = lang
        self.read_only = read_only

    def apply(self, db: str | None, lang: str | None) -> None:
        self.db = db or self.db
        if lang:
            self.lang = lang
        set_command_language(self.lang)

    @property
    def db_path(self) -> Path:
        return resolve_db_path(self.db)


def command_language(explicit: str | None) -> str:
    """`explicit` (from --lang), else KRAVTUI_LANG, else the settings file's, else the locale's.

    Raises UnknownLanguageError or SettingsError."""
    settings_language = None if explicit else load_settings().language
    return resolve_language(explicit or settings_language)


def set_command_language(explicit: str | None) -> None:
    try:
        set_language(command_language(explicit))
    except (UnknownLanguageError, SettingsError) as error:
        fail(str(error))


def connect_for_command(state: State, *, announce: bool = True) -> sqlite3.Connection:
    """Open the catalogue, creating it from the bundled sample on first use (and saying so on
    stderr, unless not `announce`: the TUI says it on screen)."""
    path = state.db_path
    try:
        if path.exists():
            return open_catalogue(path, read_only=state.read_only)
        if state.read_only:
            fail(t("cli.no_catalogue", path=path))
        from kravtui.interchange.sample import create_from_sample  # only on first use

        conn = create_from_sample(path)
    except (CatalogueError, InterchangeError) as error:
        fail(str(error))
    if announce:
        click.echo(t("cli.created_from_sample", path=path), err=True)
    return conn


@contextmanager
def open_for_command(state: State) -> Iterator[sqlite3.Connection]:
    """The catalogue for one command; a refused action becomes one error line and exit 1."""
    conn = connect_for_command(state)
    try:
        yield conn
    except (CatalogueError, InterchangeError) as error:
        fail(str(error))
    finally:
        conn.close()
