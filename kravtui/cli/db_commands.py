"""`kravtui db ...`: whole catalogues. `db copy SRC DST` copies a catalogue between a file and a
PostgreSQL database (either way, or file to file); the work is `kravtui.application.db_copy`'s.

SRC and DST are read as ``--db`` is (`kravtui.catalogue.location.locate`): a ``postgresql://``
URL or a libpq keyword string names a database, anything else a file. A conninfo is only ever
shown masked. A big copy tells its progress on stderr, a line a second at most.
"""

from __future__ import annotations

import time

import click

from kravtui.application.db_copy import CopyError, Progress, copy_catalogue
from kravtui.catalogue.location import locate
from kravtui.cli.common import State, echo, fail
from kravtui.cli.help import group
from kravtui.i18n import t

PROGRESS_FROM = 20_000
"""A table of at least this many rows has its progress told."""

PROGRESS_EVERY_S = 1.0


@group()
def db() -> None:
    """Whole catalogues: copy one between a file and a PostgreSQL database."""


@db.command(name="copy")
@click.argument("source", metavar="SRC")
@click.argument("target", metavar="DST")
@click.option("--lang", "lang", type=click.Choice(["da", "en"]), default=None)
@click.pass_obj
def copy_command(state: State, source: str, target: str, lang: str | None) -> None:
    """Copy the catalogue SRC to DST, a new file or an empty PostgreSQL database."""
    state.apply(None, lang)
    origin, copy = locate(source), locate(target)
    try:
        report = copy_catalogue(origin, copy, progress=_progress())
    except CopyError as error:
        fail(str(error))
    echo(
        t(
            "cli.db_copied",
            source=origin.display,
            target=copy.display,
            requirements=report.requirements,
            selections=report.selections,
            rows=report.total,
        )
    )


def _progress() -> Progress:
    """A progress line on stderr for a big table: at most one a second, and at its end."""
    last = time.monotonic()

    def told(table: str, done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if total < PROGRESS_FROM or (done < total and now - last < PROGRESS_EVERY_S):
            return
        last = now
        echo(f"kravtui: {t('cli.db_copy_progress', table=table, done=done, total=total)}", err=True)

    return told
