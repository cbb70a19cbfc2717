"""Every export of a selection's vendor answers in one table, for the CLI and the TUI alike.

`export_answers(conn, selection_id, path, format_name, language)` checks the target with
`check_target` (the same refusals as every export: the open catalogue, a database, a folder, a
FIFO or device, a read-only file or folder), then runs the writer of the format's entry in
`ANSWER_FORMATS`; `answer_format_for(path)` picks the entry by the file's suffix. Every failure
is an `ExportError` with a one-line message, and any existing file is left as it was (the
writers write a temporary file and rename it).

- `toml`: the answers as TOML (`kind = "answers"`, docs/toml-format.md), line-local for git
  and `kravtui diff`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kravtui.application.export import ExportError, check_target
from kravtui.catalogue.db import CatalogueError
from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget

# (connection, selection id, checked target, language of headers and words) -> answers written
AnswerWriter = Callable[[sqlite3.Connection, int, ExportTarget, str], int]


@dataclass(frozen=True, slots=True)
class AnswerFormat:
    """One way to export a selection's answers."""

    name: str  # the `--format` value
    label_key: str  # the i18n key of its name
    write: AnswerWriter
    suffix: str  # the suffix of the files it writes (".toml")


def _write_toml(
    conn: sqlite3.Connection, selection_id: int, target: ExportTarget, _language: str
) -> int:
    """Every vendor's answers, files and verdicts as TOML (the file has no language)."""
    from kravtui.interchange.answers_toml import export_answers_toml

    return export_answers_toml(conn, selection_id, target)


ANSWER_FORMATS: dict[str, AnswerFormat] = {
    entry.name: entry
    for entry in (AnswerFormat("toml", "answers.export.toml", _write_toml, ".toml"),)
}


def answer_format_for(path: Path) -> str:
    """The name of the format whose suffix `path` has; `ExportError` when none has it."""
    suffix = path.suffix.lower()
    for entry in ANSWER_FORMATS.values():
        if entry.suffix == suffix:
            return entry.name
    known = ", ".join(entry.suffix for entry in ANSWER_FORMATS.values())
    raise ExportError(t("answers.export.unknown_suffix", path=path, known=known))


def export_answers(
    conn: sqlite3.Connection, selection_id: int, path: Path, format_name: str, language: str
) -> int:
    """Write the selection's answers to `path` in `format_name`; the number of answers written.

    Raises `ExportError` (one line, nothing written) when the target is refused or the write
    fails, or the selection is gone.
    """
    target = check_target(conn, path, create_folder=False)
    try:
        return ANSWER_FORMATS[format_name].write(conn, selection_id, target, language)
    except (CatalogueError, InterchangeError, OSError, sqlite3.Error) as error:
        raise ExportError(str(error)) from None
