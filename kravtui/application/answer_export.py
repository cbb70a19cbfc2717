"""Every export of a selection's answers in one table, for the CLI and the TUI alike.

`ANSWER_FORMATS` holds one `AnswerFormat(name, label_key, write, suffix)` per format:

- `toml`: every vendor's answers, the files they came from and the officer's verdicts with their
  history, as TOML (`kind = "answers"`, docs/toml-format.md), line-local for git and
  `kravtui diff` (`kravtui.interchange.answers_toml`).

`export_answers(conn, selection_id, path, format_name, language)` checks the path with the one
check every export goes through (`export.check_target`: not the open catalogue, a database, a
folder, a FIFO or another file that is not a regular one, a read-only file or folder), then
writes, atomically, reading the answers on `conn` in one read transaction; `answer_format_for`
picks the format by the file's suffix. Every failure is an `ExportError` whose message is one
line, and any existing file is left as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kravtui.application.export import ExportError, ExportHooks, check_target
from kravtui.catalogue.db import CatalogueError
from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget


@dataclass(frozen=True, slots=True)
class AnswersExported:
    """What an answer export wrote: how many requirements and how many vendors."""

    requirements: int
    vendors: int


# (connection, selection id, checked target, language, hooks) -> what was written
AnswerWriter = Callable[[sqlite3.Connection, int, ExportTarget, str, ExportHooks], AnswersExported]


@dataclass(frozen=True, slots=True)
class AnswerFormat:
    """One way to export a selection's answers."""

    name: str  # the `--format` value
    label_key: str  # the i18n key of its name
    write: AnswerWriter
    suffix: str  # the suffix of the files it writes (".toml")


def _write_answers_toml(
    conn: sqlite3.Connection,
    selection_id: int,
    target: ExportTarget,
    _language: str,
    _hooks: ExportHooks,
) -> AnswersExported:
    """Every vendor's answers, files and verdicts as TOML (the file has no language; it is
    written at once, so there is no progress to show)."""
    from kravtui.answers.export_content import read_answers_content
    from kravtui.interchange.answers_toml import write_answers_toml

    content = read_answers_content(conn, selection_id)
    write_answers_toml(content, target)
    uids = {item.uid for vendor in content.vendors for item in vendor.items}
    return AnswersExported(len(uids), len(content.vendors))


ANSWER_FORMATS: dict[str, AnswerFormat] = {
    format.name: format
    for format in (AnswerFormat("toml", "answer_report.format.toml", _write_answers_toml, ".toml"),)
}


def answer_format_for(path: Path, format_name: str | None = None) -> str:
    """The format to write `path` in: `format_name` when given, else the one whose suffix the
    path ends in; `ExportError` when it ends in none of them."""
    if format_name is not None:
        return format_name
    suffix = path.suffix.lower()
    for chosen in ANSWER_FORMATS.values():
        if chosen.suffix == suffix:
            return chosen.name
    suffixes = ", ".join(chosen.suffix for chosen in ANSWER_FORMATS.values())
    raise ExportError(t("answers.export.unknown_suffix", path=path, known=suffixes))


def export_answers(
    conn: sqlite3.Connection,
    selection_id: int,
    path: Path,
    format_name: str,
    language: str = "da",
    *,
    create_folder: bool = False,
    hooks: ExportHooks | None = None,
) -> AnswersExported:
    """Write the selection's answers to `path` in `format_name`, its words in `language`.

    The target is checked before anything is read (`check_target`; `create_folder` lets the
    exports folder be made). Raises `ExportError` (refused or failed: the target, the selection
    gone, a text no file can hold, a write error).
    """
    chosen = ANSWER_FORMATS[format_name]
    target = check_target(conn, path, create_folder=create_folder)
    try:
        return chosen.write(conn, selection_id, target, language, hooks or ExportHooks())
    except (CatalogueError, InterchangeError, OSError, sqlite3.Error) as error:
        raise ExportError(str(error)) from None
