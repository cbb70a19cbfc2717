"""`kravtui diff OLD NEW`: what changed between two TOML files of one kind, like diff(1).

Exit status 0 when the files hold the same content, 1 when they differ, 2 on an error (a file
that cannot be read or is refused, with FILE:LINE: KEY: reason; files of different kinds).
No catalogue is opened.

As a git diff driver (see README, "Reviewing exports in git"):

- `--git` takes git's external-diff arguments, `PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX
  NEW-MODE` (two more after a rename), with /dev/null for an added or deleted file. It exits 0
  whether or not the files differ, because git stops at the first driver that exits otherwise;
  a file that is not a kravtui file gets an ordinary line diff instead.
- `--textconv FILE` prints a file as one line per field, for `git log -p` without `--ext-diff`.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from kravtui.cli.common import State, echo, fail
from kravtui.cli.help import command
from kravtui.i18n import t
from kravtui.input_file import read_input_file
from kravtui.interchange.diff import Diff
from kravtui.interchange.errors import InterchangeError

EXIT_SAME, EXIT_DIFFERENT, EXIT_TROUBLE = 0, 1, 2
GIT_ARGUMENTS = (7, 9)


def _trouble(message: str) -> NoReturn:
    fail(message, status=EXIT_TROUBLE)


def _styled(color: str) -> tuple[bool, bool]:
    """(use terminal styles, use colour) for `--color` and the environment."""
    no_color = bool(os.environ.get("NO_COLOR"))
    if color == "never":
        return False, False
    if color == "always":
        return True, not no_color
    interactive = sys.stdout.isatty() or bool(os.environ.get("GIT_PAGER_IN_USE"))
    return interactive and not no_color, True


def _side(path: str) -> Path | None:
    return None if path == os.devnull else Path(path)


def _show(diff: Diff, names: tuple[str, str], *, stat: bool, as_json: bool, color: str) -> None:
    from kravtui.interchange import diff_render

    old_name, new_name = names
    if as_json:
        click.echo(diff_render.diff_json(diff, old_name, new_name, stat=stat), nl=False)
        return
    if stat:
        click.echo("\n".join(diff_render.stat_lines(diff)))
        return
    lines = diff_render.diff_lines(diff, old_name, new_name)
    styled, colored = _styled(color)
    if styled:
        diff_render.render_rich(lines, sys.stdout, color=colored)
    else:
        click.echo(diff_render.render_plain(lines), nl=False)


def _git_names(files: tuple[str, ...]) -> tuple[str, str]:
    path = files[0]
    new_path = files[7] if len(files) == 9 else path
    old_name = os.devnull if files[1] == os.devnull else f"a/{path}"
    new_name = os.devnull if files[4] == os.devnull else f"b/{new_path}"
    return old_name, new_name


def _line_diff(old_file: str, new_file: str, names: tuple[str, str]) -> None:
    """An ordinary unified diff, for files kravtui cannot read as its own."""
    texts = []
    for path in (old_file, new_file):
        try:
            texts.append(read_input_file(path).decode("utf-8", errors="replace"))
        except OSError as error:
            _trouble(f"{path}: {error.strerror or error}")
    lines = difflib.unified_diff(
        texts[0].splitlines(keepends=True),
        texts[1].splitlines(keepends=True),
        fromfile=names[0],
        tofile=names[1],
    )
    for line in lines:
        echo(line.removesuffix("\n"))


def _run_git(files: tuple[str, ...], *, stat: bool, as_json: bool, color: str) -> NoReturn:
    from kravtui.interchange.kinds import diff_files

    if len(files) not in GIT_ARGUMENTS:
        raise click.UsageError(t("diff.git_arguments", count=len(files)))
    names = _git_names(files)
    old_file, new_file = files[1], files[4]
    echo(f"diff --kravtui {names[0]} {names[1]}")
    try:
        diff = diff_files(_side(old_file), _side(new_file))
    except InterchangeError as error:
        echo(t("diff.not_ours", error=error.message), err=True)
        _line_diff(old_file, new_file, names)
        sys.exit(EXIT_SAME)
    _show(diff, names, stat=stat, as_json=as_json, color=color)
    sys.exit(EXIT_SAME)


def _run_textconv(files: tuple[str, ...]) -> NoReturn:
    from kravtui.interchange.catalogue_toml import read_text
    from kravtui.interchange.textconv import textconv

    if len(files) != 1:
        raise click.UsageError(t("diff.textconv_arguments"))
    path = Path(files[0])
    try:
        text = read_text(path)
    except InterchangeError as error:
        _trouble(error.message)
    click.echo(textconv(text, str(path)), nl=False)
    sys.exit(EXIT_SAME)


@command(name="diff")
@click.argument("files", nargs=-1, metavar="OLD NEW")
@click.option("--stat", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
)
@click.option("--git", "git_mode", is_flag=True)
@click.option("--textconv", is_flag=True)
@click.option("--lang", type=click.Choice(["da", "en"]), default=None)
@click.pass_obj
def diff_command(
    state: State,
    files: tuple[str, ...],
    stat: bool,
    as_json: bool,
    color: str,
    git_mode: bool,
    textconv: bool,
    lang: str | None,
) -> None:
    """Compare two TOML exports of one kind (catalogue or selection): OLD NEW.

    Exit status 0 when equal, 1 when different, 2 on error.
    """
    from kravtui.interchange.kinds import diff_files

    state.apply(None, lang)
    if textconv:
        _run_textconv(files)
    if git_mode:
        _run_git(files, stat=stat, as_json=as_json, color=color)
    if len(files) != 2:
        raise click.UsageError(t("diff.two_files"))
    try:
        diff = diff_files(_side(files[0]), _side(files[1]))
    except InterchangeError as error:
        _trouble(error.message)
    _show(diff, (files[0], files[1]), stat=stat, as_json=as_json, color=color)
    sys.exit(EXIT_SAME if diff.equal else EXIT_DIFFERENT)
