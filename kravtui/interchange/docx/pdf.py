"""Turning the requirement specification's DOCX into a PDF with LibreOffice (`soffice`).

Officers send the vendor both files, and LibreOffice is what makes the PDF on a server. The DOCX
is written to a private temporary folder, `soffice --headless --convert-to pdf` turns it into a
PDF there, and the caller reads the PDF there (`converted`) or gets its bytes (`docx_to_pdf`) and
writes them atomically. LibreOffice lays out the contents' PAGEREF fields itself, so the PDF's
contents carry the real page numbers; it also exports every bookmark as a named destination, so
the PDF says on which page each heading landed (`kravtui.interchange.docx.pdf_destinations`),
which is how a DOCX export learns its contents' page numbers from the same conversion.

Each conversion runs with its own throw-away LibreOffice profile: a profile in use by the
user's own LibreOffice window (or by a second export at the same time) would make `soffice`
hand the job to that instance or fail. The conversion can be cancelled and has a time limit;
either way LibreOffice is stopped and nothing is returned. The PDF is not byte-for-byte
reproducible (LibreOffice stamps its creation time), unlike the DOCX.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from kravtui.i18n import t

LIBREOFFICE_PROGRAMS = ("soffice", "libreoffice")
DEFAULT_TIMEOUT = 1800.0  # seconds: a 10,000-requirement document takes minutes
POLL_SECONDS = 0.2
REASON_LIMIT = 200
# Bookmarks as named destinations (`_Toc000000001` -> its page); a JSON filter option, which
# LibreOffice reads since 7.4 (an older one ignores it and the PDF simply has none).
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)


class PdfConversionError(Exception):
    """LibreOffice is missing or failed; the message is one line for the user.

    `reason` says what went wrong without saying what that means for the export (for a
    message of its own, such as the DOCX's contents going without page numbers).
    """

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class ConversionCancelledError(PdfConversionError):
    """The user cancelled while LibreOffice was working."""


def find_libreoffice() -> str | None:
    """The path of LibreOffice's `soffice` (or `libreoffice`) on PATH, else None."""
    for name in LIBREOFFICE_PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def docx_to_pdf(
    data: bytes,
    *,
    cancelled: Callable[[], bool] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """The PDF of the DOCX `data`, as LibreOffice lays it out; raises `PdfConversionError`.

    Raises `ConversionCancelledError` when `cancelled()` turns true while LibreOffice works.
    """
    with converted(lambda handle: handle.write(data), cancelled=cancelled, timeout=timeout) as pdf:
        return pdf.read_bytes()


@contextmanager
def converted(
    fill: Callable[[BinaryIO], object],
    *,
    cancelled: Callable[[], bool] | None = None,
    timeout: float | None = None,
    starting: Callable[[], None] | None = None,
) -> Iterator[Path]:
    """The PDF LibreOffice makes of the DOCX that `fill(handle)` writes, as a file in a private
    temporary folder that is removed when the `with` block ends; raises `PdfConversionError`
    (`ConversionCancelledError` on cancel). `starting()` is called when LibreOffice starts;
    `timeout` is in seconds (`DEFAULT_TIMEOUT` when None)."""
    program = find_libreoffice()
    if program is None:
        raise PdfConversionError(t("docx.pdf.no_libreoffice"))
    with tempfile.TemporaryDirectory(prefix="kravtui-pdf-") as name:
        folder = Path(name)
        source = folder / "document.docx"
        with source.open("wb") as handle:
            fill(handle)
        output = folder / "out"
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck",
            "--convert-to", PDF_FILTER, "--outdir", str(output), str(source),
        ]  # fmt: skip
        if starting is not None:
            starting()
        log = folder / "soffice.log"
        with log.open("wb") as sink:
            limit = DEFAULT_TIMEOUT if timeout is None else timeout
            code = _run(command, sink, cancelled=cancelled, timeout=limit)
        pdf = output / "document.pdf"
        if code != 0 or not pdf.is_file():
            reason = _last_line(log)
            if not reason:
                raise PdfConversionError(
                    t("docx.pdf.no_output", code=code), t("docx.layout.no_output", code=code)
                )
            raise PdfConversionError(t("docx.pdf.failed", reason=reason), reason)
        yield pdf


def _run(
    command: list[str],
    sink: BinaryIO,
    *,
    cancelled: Callable[[], bool] | None,
    timeout: float,
) -> int:
    """Run LibreOffice to the end, stopping it (and its children) on cancel or timeout."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as error:
        reason = str(error.strerror or error)
        raise PdfConversionError(t("docx.pdf.failed", reason=reason), reason) from error
    deadline = time.monotonic() + timeout
    while True:
        try:
            return process.wait(timeout=POLL_SECONDS)
        except subprocess.TimeoutExpired:
            pass
        if cancelled is not None and cancelled():
            _stop(process)
            raise ConversionCancelledError(t("docx.cancelled"))
        if time.monotonic() > deadline:
            _stop(process)
            minutes = max(1, round(timeout / 60))
            raise PdfConversionError(
                t("docx.pdf.timeout", minutes=minutes), t("docx.layout.timeout", minutes=minutes)
            )


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice's whole process group (soffice starts soffice.bin) and reap it."""
    killpg = getattr(os, "killpg", None)
    with contextlib.suppress(OSError):
        if killpg is not None:
            killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        else:
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def _last_line(log: Path) -> str:
    """LibreOffice's last line of output, printable and short, for the error message."""
    lines = log.read_bytes().decode("utf-8", "replace").splitlines()
    text = next((line.strip() for line in reversed(lines) if line.strip()), "")
    printable = "".join(c if c.isprintable() else "?" for c in text)
    return printable[:REASON_LIMIT]
