"""What every sub-command shares: options, language, opening the catalogue, output, error exits.

Every human-readable line a command prints goes through `echo` or `fail`, which escape control
and bidi characters (`kravtui.i18n.visible_text`), and every `--json` document through
`echo_json`, which keeps them as JSON escapes: no text from a catalogue or a file reaches the
terminal raw.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from kravtui.catalogue.conninfo_secrets import masked_conninfo
from kravtui.catalogue.db import CatalogueError, open_catalogue, read_only_reason
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.engine_errors import EngineError
from kravtui.catalogue.location import CatalogueLocation, PostgresLocation, resolve_location
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.config import SettingsError, load_settings
from kravtui.i18n import UnknownLanguageError, resolve_language, set_language, t
from kravtui.i18n.visible_text import json_text, visible
from kravtui.interchange.errors import InterchangeError

F = TypeVar("F", bound=Callable[..., Any])


def echo(text: str, *, err: bool = False, multi_line: bool = False, nl: bool = True) -> None:
    """Print human-readable output with control and bidi characters escaped; one line unless
    `multi_line` (then line feeds and tabs are kept)."""
    click.echo(visible(text, multi_line=multi_line), err=err, nl=nl)


def echo_json(data: object) -> None:
    """Print `data` as indented JSON, every control and bidi character as a JSON escape."""
    click.echo(json_text(data))


@contextmanager
def guarded_output() -> Iterator[None]:
    """Output for a reader that may stop early (``kravtui list | head``): when it closes the
    pipe, the command ends at once with status 0 and says nothing, as `cat` would. Output that
    cannot be written (a full disk) is one error line and status 1, not a traceback.

    What is still buffered for the closed pipe is dropped (standard output is pointed at the
    null device), so Python's final flush cannot complain about it either.
    """
    try:
        yield
    except BrokenPipeError:
        _drop_standard_output()
        sys.exit(0)
    except OSError as error:
        _drop_standard_output()
        fail(t("cli.output_failed", error=error.strerror or error))


def _drop_standard_output() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)


def fail(message: str, *, status: int = 1) -> NoReturn:
    """Print one error line (whatever `message` holds) and exit with `status`."""
    echo(f"kravtui: {t('cli.error')}: {message}", err=True)
    sys.exit(status)


def parse_priority(value: str) -> Importance:
    """A priority by its code (absolute, high, normal, optional) or its Danish or English label
    (Mindstekrav, Vigtigt krav, ...), in any letter case; a usage error otherwise."""
    wanted = value.strip().lower()
    for importance in IMPORTANCE_ORDER:
        labels = {importance.value, t(importance.label_key, "da"), t(importance.label_key, "en")}
        if wanted in {label.lower() for label in labels}:
            return importance
    raise click.BadParameter(t("cli.bad_priority", value=value))  # one escaped line: cli.main


def common_options(function: F) -> F:
    """`--db` and `--lang` on every sub-command (they override the group's)."""
    function = click.option(
        "--db", "db", type=click.Path(dir_okay=False), default=None, metavar="CATALOGUE"
    )(function)
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
    def location(self) -> CatalogueLocation:
        """The catalogue asked for: a file, or a database on a PostgreSQL server."""
        return resolve_location(self.db)


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


def password_on_command_line(state: State) -> str:
    """One line saying where to keep the password instead, when `--db` itself holds one
    (anyone on the machine reads a command line in ``ps``); else empty. It is never shown."""
    given = state.db
    if given and isinstance(state.location, PostgresLocation) and masked_conninfo(given) != given:
        return t("cli.password_on_command_line")
    return ""


def connect_for_command(state: State, *, announce: bool = True) -> Connection:
    """Open the catalogue, creating it from the bundled sample on first use.

    A catalogue this process cannot write is opened read-only (`state.read_only` becomes True)
    and, when `announce`, says so once on stderr; so is a new one made from the sample (the
    TUI says that on screen instead). A catalogue on a PostgreSQL server is checked and opened
    there; there is no sample to create on a server (`kravtui init` makes a catalogue there).
    """
    location = state.location
    if isinstance(location, PostgresLocation):
        try:
            opened = open_catalogue(location, read_only=state.read_only)
        except CatalogueError as error:
            fail(str(error))  # one line: a refused opening says nothing else
        warning = password_on_command_line(state)
        if announce and warning:
            echo(f"kravtui: {t('cli.warning')}: {warning}", err=True)
        return opened
    path = location.path
    try:
        if path.exists():
            reason = None if state.read_only else read_only_reason(path)
            conn = open_catalogue(path, read_only=state.read_only or reason is not None)
            if reason is not None:
                state.read_only = True
                if announce:
                    message = t("catalogue.opened_read_only", path=path, reason=reason)
                    echo(f"kravtui: {message}", err=True)
            return conn
        if state.read_only:
            fail(t("cli.no_catalogue", path=path))
        from kravtui.interchange.sample import create_from_sample  # only on first use

        conn = create_from_sample(path)
    except (CatalogueError, InterchangeError) as error:
        fail(str(error))
    if announce:
        echo(t("cli.created_from_sample", path=path), err=True)
    return conn


def refuse_writes(state: State) -> None:
    """Exit with one line, before the catalogue is opened, when it must not or cannot change."""
    if state.read_only:
        fail(t("cli.read_only"))
    if isinstance(state.location, PostgresLocation):
        return  # the server's roles decide; connecting checks the rest
    path = state.location.path
    reason = read_only_reason(path) if path.exists() else None
    if reason is not None:
        fail(t("catalogue.cannot_change", path=path, reason=reason))


@contextmanager
def open_for_command(state: State, *, writes: bool = False) -> Iterator[Connection]:
    """The catalogue for one command, on either engine; a refused action becomes one error line
    and exit 1.

    A command that `writes` is refused under `--read-only` or on a catalogue this process cannot
    write, before anything is opened; on a PostgreSQL server the database role decides, and a
    refusal names it (the error's text: `kravtui.catalogue.postgres_refusal`).
    """
    if writes:
        refuse_writes(state)
    conn = connect_for_command(state)
    try:
        yield conn
    except (CatalogueError, InterchangeError, EngineError) as error:
        fail(str(error))  # an EngineError's text is one line, its passwords scrubbed
    finally:
        conn.close()
