"""`kravtui answers sample FOLDER`: copy the sample's two example answered files into a folder,
and say how to import them into the example selection a new catalogue starts with.

The copying and its checks are `kravtui.interchange.sample_answers`'s; the command prints the
files, then the `answers import` command for each with its path, quoted for the shell.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import click

from kravtui.cli.common import State, common_options, echo, echo_json, fail, open_for_command
from kravtui.cli.help import command
from kravtui.i18n import t
from kravtui.interchange.sample import SAMPLE_SELECTION_TITLE
from kravtui.interchange.sample_answers import (
    CopiedAnswer,
    SampleFileExistsError,
    copy_sample_answers,
)
from kravtui.selection.store import SelectionError, find_selection


@command(name="sample")
@common_options
@click.argument("folder", type=str)
@click.option("--force", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sample_command(
    state: State, db: str | None, lang: str | None, folder: str, force: bool, as_json: bool
) -> None:
    """Copy the example answered files (a DOCX and an XLSX) into FOLDER."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        try:
            copied = copy_sample_answers(conn, Path(folder), replace=force)
        except SampleFileExistsError as error:
            fail(f"{error}; {t('answers.sample.force_hint')}")
        try:
            find_selection(conn, SAMPLE_SELECTION_TITLE)
            present = True
        except SelectionError:
            present = False
    if as_json:
        echo_json(
            {
                "selection": SAMPLE_SELECTION_TITLE,
                "selection_in_catalogue": present,
                "files": [
                    {"vendor": c.answer.vendor, "path": str(c.path), "state": c.state.value}
                    for c in copied
                ],
            }
        )
        return
    _print(copied, present)


def _print(copied: list[CopiedAnswer], present: bool) -> None:
    for done in copied:
        state = t(f"answers.sample.{done.state.value}")
        echo(t("answers.sample.file", path=done.path, vendor=done.answer.vendor, state=state))
    if not present:
        echo(t("answers.sample.no_selection", title=SAMPLE_SELECTION_TITLE))
        return
    echo(t("answers.sample.next"))
    for done in copied:
        words = ("kravtui", "answers", "import", SAMPLE_SELECTION_TITLE, done.answer.vendor)
        echo("  " + shlex.join([*words, str(done.path)]))
