"""Editing one text in the user's own editor ($VISUAL, else $EDITOR, else vi).

The text goes to a temporary file, the app suspends (the editor gets the terminal), and the
file is read back when the editor exits. An editor that exits with an error status changes
nothing. Where the app cannot suspend (tests, the web) the editor simply runs.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual.app import App, SuspendNotSupported

from kravtui.catalogue.requirements import normalise_text


class EditorError(Exception):
    """The editor could not run (`status` None) or exited with an error `status`."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def editor_command() -> list[str]:
    """The user's editor as an argument list."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return shlex.split(editor)


def edit_externally(app: App[Any], text: str, *, name: str) -> str:
    """`text` after the user edited it in their editor; raises `EditorError` on failure."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in name) or "text"
    with tempfile.TemporaryDirectory(prefix="kravtui-") as folder:
        path = Path(folder) / f"{safe}.txt"
        path.write_text(text, encoding="utf-8")
        command = [*editor_command(), str(path)]
        try:
            try:
                with app.suspend():
                    status = subprocess.run(command, check=False).returncode
            except SuspendNotSupported:
                status = subprocess.run(command, check=False, stdin=subprocess.DEVNULL).returncode
        except OSError as error:
            raise EditorError(str(error)) from error
        if status != 0:
            raise EditorError(f"exit status {status}", status)
        edited = normalise_text(path.read_text(encoding="utf-8"))
    if edited.endswith("\n") and not text.endswith("\n"):
        edited = edited[:-1]  # editors add a final newline; the field had none
    return edited
