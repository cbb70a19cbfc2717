"""Ctrl+c in the middle of a command: one line, exit status 130, and nothing half-written.

A terminal sends SIGINT to the whole foreground process group, so the test does the same: a big
import (read by a second process, written in one transaction) is interrupted while it writes.
Click's own answer was "Aborted!" in English with status 1, whatever the language.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kravtui.catalogue.db import create_catalogue
from kravtui.cli import INTERRUPTED, main
from kravtui.interchange.catalogue_toml import dump_catalogue
from tests.test_bulk_import import synthetic

ROOT = Path(__file__).resolve().parent.parent


def _wait_for(path: Path, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def test_ctrl_c_during_a_big_import_rolls_it_back_and_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    source = tmp_path / "big.toml"
    source.write_text(dump_catalogue(synthetic(25_000)), encoding="utf-8")
    database = tmp_path / "c.db"
    create_catalogue(database).close()
    command = [sys.executable, "-m", "kravtui", "--lang", "da", "--db", str(database)]
    process = subprocess.Popen(
        [*command, "import", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    _wait_for(tmp_path / "c.db-journal", process)  # the write transaction has begun
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == INTERRUPTED
    assert err.decode().strip() == "kravtui: stoppet med ctrl+c" and out == b""
    with pytest.raises(ProcessLookupError):  # the reading process is gone too
        os.killpg(process.pid, 0)
    conn = sqlite3.connect(database)
    assert conn.execute("SELECT count(*) FROM requirement").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'bulk_load'").fetchone() == (0,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


@pytest.mark.parametrize(("lang", "said"), [("en", "stopped by ctrl+c"), ("da", "stoppet med")])
def test_ctrl_c_in_any_command_is_one_line_in_the_user_s_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    from kravtui.cli import list_output

    def interrupted(*arguments: object, **options: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(list_output, "write_tsv", interrupted)
    database = tmp_path / "c.db"
    create_catalogue(database).close()
    result = CliRunner().invoke(main, ["--lang", lang, "--db", str(database), "list"])
    assert result.exit_code == INTERRUPTED
    assert result.stderr.strip().startswith(f"kravtui: {said}")
    assert "Aborted" not in result.output and "Traceback" not in result.output
