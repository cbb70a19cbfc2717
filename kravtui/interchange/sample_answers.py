"""Copying the sample's example answered files into a folder the user names, so a new user can
import them (`kravtui answers sample FOLDER`).

Everything is checked before anything is written, and a refusal is one line with nothing
copied: a path that does not exist or is no folder (a file, a FIFO, the catalogue itself), a
read-only folder, and in the folder a name that holds a folder, a FIFO or device, a database,
the open catalogue or a read-only file (`export_target`'s checks). A file that already holds
the example's bytes is left as it is; one that holds anything else is never replaced unless
asked (`replace`), and then atomically.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kravtui.catalogue.dbapi import Connection
from kravtui.i18n import t
from kravtui.input_file import read_input_file
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.export_target import ExportTarget, catalogue_files
from kravtui.interchange.sample import SAMPLE_ANSWERS, SampleAnswer, sample_answers_folder


class SampleFileExistsError(InterchangeError):
    """A file of the example's name holds something else; nothing was copied."""


class CopyState(StrEnum):
    """What happened to one example file."""

    COPIED = "copied"
    UNCHANGED = "unchanged"  # the folder already held the very same bytes
    REPLACED = "replaced"


@dataclass(frozen=True, slots=True)
class CopiedAnswer:
    """One example answered file as it now is in the folder."""

    answer: SampleAnswer
    path: Path
    state: CopyState


def copy_sample_answers(
    conn: Connection, folder: Path, *, replace: bool = False
) -> list[CopiedAnswer]:
    """Copy the example answered files into `folder` (see the module); `InterchangeError`
    (`SampleFileExistsError` for a file that holds something else) when refused."""
    _check_folder(folder)
    source = sample_answers_folder()
    protected = catalogue_files(conn)
    planned: list[tuple[SampleAnswer, ExportTarget, bytes, CopyState]] = []
    for answer in SAMPLE_ANSWERS:
        data = read_input_file(source / answer.file_name)
        target = ExportTarget(folder / answer.file_name, protected)
        target.check()
        state = CopyState.COPIED
        if target.exists():
            if _holds(target.path, data):
                state = CopyState.UNCHANGED
            elif not replace:
                raise SampleFileExistsError(str(target.path), t("answers.sample.exists"))
            else:
                state = CopyState.REPLACED
        planned.append((answer, target, data, state))
    for _, target, data, state in planned:
        if state is not CopyState.UNCHANGED:
            try:
                target.write(data)
            except OSError as error:
                reason = error.strerror or str(error)
                raise InterchangeError(
                    str(target.path), t("interchange.write_failed", error=reason)
                ) from None
    return [CopiedAnswer(answer, target.path, state) for answer, target, _, state in planned]


def _check_folder(folder: Path) -> None:
    shown = str(folder)
    try:
        status = os.stat(folder)
    except (FileNotFoundError, NotADirectoryError):
        raise InterchangeError(shown, t("interchange.target.no_folder", folder=shown)) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise InterchangeError(shown, t("interchange.write_failed", error=reason)) from None
    if not stat.S_ISDIR(status.st_mode):
        raise InterchangeError(shown, t("answers.sample.not_a_folder"))


def _holds(path: Path, data: bytes) -> bool:
    """Whether the regular file at `path` holds exactly `data` (read no further than that)."""
    try:
        return read_input_file(path, limit=len(data)) == data
    except OSError:  # larger than the example, or unreadable: it holds something else
        return False
