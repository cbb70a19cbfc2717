"""`kravtui` with no terminal (ssh without -t, a script, a redirect, TERM=dumb) says so, exits 2.

Before, the TUI started anyway: it wrote escape sequences into the file or pipe and waited
forever for keys that could never come.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

KRAVTUI = [sys.executable, "-m", "kravtui"]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "KRAVTUI_LANG": "en", **extra}


@pytest.mark.parametrize("lang", ["en", "da"])
def test_no_terminal_on_stdin_says_so_and_creates_nothing(tmp_path: Path, lang: str) -> None:
    db = tmp_path / "k.db"
    result = subprocess.run(
        [*KRAVTUI, "--lang", lang, "--db", str(db)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(),
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "ssh -t" in result.stderr and "kravtui list" in result.stderr
    assert "\x1b" not in result.stderr
    assert not db.exists()


def test_output_to_a_file_gets_no_escape_sequences(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    primary, secondary = pty.openpty()
    try:
        with out.open("wb") as handle:
            result = subprocess.run(
                [*KRAVTUI, "--db", str(tmp_path / "k.db")],
                stdin=secondary,
                stdout=handle,
                stderr=subprocess.PIPE,
                timeout=60,
                env=_env(),
            )
    finally:
        os.close(primary)
        os.close(secondary)
    assert result.returncode == 2
    assert out.read_bytes() == b""
    assert b"ssh -t" in result.stderr


def _run_in_pty(args: list[str], env: dict[str, str], wait_for: bytes, seconds: float) -> bytes:
    """Run `args` on a pseudo-terminal; the screen bytes seen until `wait_for` or exit."""
    pid, descriptor = pty.fork()
    if pid == 0:  # the child: an 80x24 terminal, then the program itself
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execvpe(args[0], args, env)
    seen = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline and wait_for not in seen:
            ready, _, _ = select.select([descriptor], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(descriptor, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(descriptor)
    return seen


def test_a_dumb_terminal_is_refused_in_one_line(tmp_path: Path) -> None:
    seen = _run_in_pty(
        [*KRAVTUI, "--db", str(tmp_path / "k.db")], _env(TERM="dumb"), b"kravtui list", 60
    )
    assert b"'dumb'" in seen and b"TERM" in seen
    assert b"\x1b[" not in seen


def test_a_real_terminal_still_starts_the_app(tmp_path: Path) -> None:
    seen = _run_in_pty(
        [*KRAVTUI, "--db", str(tmp_path / "k.db")],
        _env(TERM="xterm-256color"),
        b"Filter",
        60,
    )
    assert b"\x1b[?1049h" in seen  # the alternate screen: the app took the terminal
    assert b"Filter" in seen
