"""Export a selection as a DOCX requirement specification: the one service the CLI and TUI call.

    result = export_selection_docx(conn, selection_id, Path("/home/me/Documents/x.docx"),
                                   progress=lambda done, total: ..., cancelled=lambda: False,
                                   page_numbers=True)

The selection is read as the document is written (`streamed_document`): its outline first, then
the body a requirement at a time, zipped deterministically straight into a temporary file beside
the target that is renamed over it at the end. So memory does not grow with the selection, and a
failed or cancelled export leaves any existing file untouched. `progress(done, total)` is called
every few hundred requirements and `cancelled()` is checked as often. A TUI that must not touch
the connection from a worker thread can call `build_document` itself (every requirement in
memory) and hand the record to `write_docx`.

The contents' page numbers (`page_numbers=True`; both faces ask for them unless told not to, for
a document short enough to lay out in seconds: `kravtui.application.export.PAGE_NUMBERS_MOST`):
the DOCX is first written to a private temporary folder and laid out once by LibreOffice, whose
PDF says on which page each heading landed (`kravtui.interchange.docx.pdf_destinations`). The
DOCX the user gets is the same document with those numbers as the stored results of the
contents' PAGEREF fields, so Word shows them without asking to update fields; the body is the
same, so no page moves. That costs a LibreOffice run (seconds for an ordinary document).
Without LibreOffice, or when it fails, the DOCX is written as without the option and
`ExportResult.notice` says in one line where the numbers appear.

`export_selection_pdf` / `write_pdf` lay the document out the same way and keep the PDF (officers
send both); without LibreOffice they refuse in one line before doing any work.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from kravtui.catalogue.dbapi import Connection
from kravtui.i18n import t
from kravtui.interchange.docx import answer_marks as marks
from kravtui.interchange.docx.answer_marks import SentMark
from kravtui.interchange.docx.model import ExportOptions, SpecificationDocument, streamed_document
from kravtui.interchange.docx.properties import (
    CUSTOM_PART,
    CUSTOM_TAIL,
    FIRST_PID,
    custom_head,
    custom_property,
)
from kravtui.interchange.docx.styles import StyleIds
from kravtui.interchange.export_target import ExportTarget, export_target

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]
Tick = Callable[[int], None]

CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
APP_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
MARKS_IN_MEMORY = 1 << 20  # bytes of the answer document's item properties held before a file
SPOOL_READ = 1 << 18  # bytes of the spooled item properties read and compressed at a time


class DocxExportError(Exception):
    """The export failed; the message is for the user. Nothing was written."""


class ExportCancelledError(DocxExportError):
    """The user cancelled the export; nothing was written."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote; `notice` is one line for the user when the file lacks something
    they should know about (the contents' page numbers), else empty."""

    path: Path
    requirements: int
    size: int
    notice: str = ""


@dataclass(frozen=True, slots=True)
class _Package:
    """The template's parts and the document properties: everything but the body."""

    parts: dict[str, bytes]
    styles: StyleIds
    numbered_headings: bool
    section_properties: str


def export_selection_docx(
    conn: Connection,
    selection_id: int,
    path: Path,
    options: ExportOptions | None = None,
    *,
    template: Path | None = None,
    create_folder: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    converting: Callable[[], None] | None = None,
    page_numbers: bool = False,
) -> ExportResult:
    """Write the selection's requirement specification to `path` (atomically).

    The target is checked first (`export_target`, which raises `InterchangeError` when it is
    refused; `create_folder` for the default folder). See `write_docx` for `page_numbers`.
    """
    target = export_target(conn, path, create_folder=create_folder)
    with streamed_document(conn, selection_id, options) as document:
        return write_docx(
            document,
            target,
            template=template,
            progress=progress,
            cancelled=cancelled,
            converting=converting,
            page_numbers=page_numbers,
        )


def export_selection_pdf(
    conn: Connection,
    selection_id: int,
    path: Path,
    options: ExportOptions | None = None,
    *,
    template: Path | None = None,
    create_folder: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    converting: Callable[[], None] | None = None,
) -> ExportResult:
    """`export_selection_docx`, but the PDF that LibreOffice lays out from the DOCX (see
    `kravtui.interchange.docx.pdf`); without LibreOffice it raises `DocxExportError` saying so,
    before any work."""
    target = export_target(conn, path, create_folder=create_folder)
    with streamed_document(conn, selection_id, options) as document:
        return write_pdf(
            document,
            target,
            template=template,
            progress=progress,
            cancelled=cancelled,
            converting=converting,
        )


def write_pdf(
    document: SpecificationDocument,
    target: ExportTarget,
    *,
    template: Path | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    converting: Callable[[], None] | None = None,
) -> ExportResult:
    """Render `document`, have LibreOffice make the PDF, replace the checked `target` with it.

    `converting()` is called when the DOCX is rendered and LibreOffice starts (which takes
    seconds without any progress to report), so a face can say what it is waiting for. The
    conversion is the one a DOCX export makes for its page numbers.
    """
    from kravtui.interchange.docx import pdf

    if pdf.find_libreoffice() is None:
        raise DocxExportError(t("docx.pdf.no_libreoffice"))
    package = _prepare(document, template)
    tick = _ticker(document.requirement_count, progress, cancelled)
    try:
        with pdf.converted(
            lambda handle: _write_package(handle, document, package, tick),
            cancelled=cancelled,
            starting=converting,
        ) as laid_out:
            size = _write(target, lambda handle: _copy(laid_out, handle))
    except pdf.ConversionCancelledError as error:
        raise ExportCancelledError(str(error)) from error
    except pdf.PdfConversionError as error:
        raise DocxExportError(str(error)) from error
    return _finished(target, document.requirement_count, size, progress)


def write_docx(
    document: SpecificationDocument,
    target: ExportTarget,
    *,
    template: Path | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    converting: Callable[[], None] | None = None,
    page_numbers: bool = False,
) -> ExportResult:
    """Render `document` and replace the checked `target` with it.

    With `page_numbers`, LibreOffice lays the document out first (`converting()` is called as
    it starts) and the contents carry the pages it found; the result's `notice` says so when
    that could not be done. Raises `DocxExportError`, or `InterchangeError` when the target is
    refused at writing time.
    """
    package = _prepare(document, template)
    total = document.requirement_count
    pages: Mapping[str, int] = {}
    notice = ""
    if page_numbers:
        pages, notice = _page_numbers(document, package, progress, cancelled, converting)
        progress_now = None if pages else progress  # laid out: the final pass is quick
    else:
        progress_now = progress
    tick = _ticker(total, progress_now, cancelled)
    size = _write(target, lambda handle: _write_package(handle, document, package, tick, pages))
    return _finished(target, total, size, progress, notice)


def _page_numbers(
    document: SpecificationDocument,
    package: _Package,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
    converting: Callable[[], None] | None,
) -> tuple[dict[str, int], str]:
    """Heading anchor -> page, as LibreOffice lays the document out; or no pages and a notice
    (LibreOffice missing or failing is no reason to refuse the DOCX)."""
    from kravtui.interchange.docx import pdf
    from kravtui.interchange.docx.body import BodyWriter
    from kravtui.interchange.docx.pdf_destinations import PdfLayoutError, destination_pages

    if pdf.find_libreoffice() is None:
        return {}, t("docx.pages.no_libreoffice")
    writer = BodyWriter(document, package.styles, package.numbered_headings)
    anchors = [heading.anchor for heading in writer.headings()]
    tick = _ticker(document.requirement_count, progress, cancelled)
    try:
        with pdf.converted(
            lambda handle: _write_package(handle, document, package, tick),
            cancelled=cancelled,
            starting=converting,
        ) as laid_out:
            return destination_pages(laid_out, anchors), ""
    except pdf.ConversionCancelledError as error:
        raise ExportCancelledError(str(error)) from error
    except pdf.PdfConversionError as error:
        return {}, t("docx.pages.failed", reason=error.reason)
    except PdfLayoutError as error:
        return {}, t("docx.pages.failed", reason=str(error))


def render_docx(
    document: SpecificationDocument,
    *,
    template: Path | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    pages: Mapping[str, int] | None = None,
) -> bytes:
    """The DOCX bytes for `document` (in memory); the same document gives the same bytes."""
    package = _prepare(document, template)
    buffer = io.BytesIO()
    tick = _ticker(document.requirement_count, progress, cancelled)
    _write_package(buffer, document, package, tick, pages)
    return buffer.getvalue()


def _ticker(total: int, progress: ProgressCallback | None, cancelled: CancelCheck | None) -> Tick:
    """`tick(done)`: raise `ExportCancelledError` when cancelled, else report progress."""

    def tick(done: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelledError(t("docx.cancelled"))
        if progress is not None:
            progress(done, total)

    return tick


def _prepare(document: SpecificationDocument, template: Path | None) -> _Package:
    """The template read and adapted, and the document properties; raises `DocxExportError`."""
    from kravtui.interchange.docx.properties import (
        APP_PART,
        CORE_PART,
        CoreProperties,
        app_xml,
        core_xml,
    )
    from kravtui.interchange.docx.template import MAIN_PART, TemplateError, prepare_template

    try:
        prepared = prepare_template(template, title=document.title, language=document.language)
    except TemplateError as error:
        raise DocxExportError(t("docx.bad_template", reason=str(error))) from error
    parts = {name: data for name, data in prepared.parts.items() if name != MAIN_PART}
    kind = t("docx.document_kind", document.language)
    parts[CORE_PART] = core_xml(
        CoreProperties(
            title=document.title,
            subject=kind,
            creator=document.organisation or "kravtui",
            keywords=kind,
            description=document.description[:2000],
            language="da-DK" if document.language == "da" else "en-GB",
            created=document.created_at,
            modified=document.updated_at,
            revision=document.version,
        )
    )
    parts[APP_PART] = app_xml(document.organisation)
    answers = document.options.answer_fields
    if answers:
        parts.pop(CUSTOM_PART, None)  # the answer document's own, made as the body is written
    ensure_property_parts(parts, custom=answers)
    return _Package(parts, prepared.styles, prepared.numbered_headings, prepared.section_properties)


def _write_package(
    handle: BinaryIO,
    document: SpecificationDocument,
    package: _Package,
    tick: Tick,
    pages: Mapping[str, int] | None = None,
) -> None:
    """The DOCX, zipped into `handle` as the body is made (see `package.write_zip`)."""
    from kravtui.interchange.docx import ooxml
    from kravtui.interchange.docx.body import BodyWriter
    from kravtui.interchange.docx.package import encoded, write_zip
    from kravtui.interchange.docx.template import MAIN_PART

    tick(0)
    with tempfile.SpooledTemporaryFile(MARKS_IN_MEMORY) as marks:
        properties = _AnswerProperties(document, marks)
        writer = BodyWriter(
            document,
            package.styles,
            package.numbered_headings,
            tick,
            dict(pages or {}),
            properties.add,
        )

        def main_part() -> Iterator[str]:
            yield from ooxml.document_pieces(writer.pieces(), package.section_properties)
            tick(document.requirement_count)

        trailing = (CUSTOM_PART, properties.pieces) if document.options.answer_fields else None
        write_zip(handle, package.parts, MAIN_PART, encoded(main_part()), trailing)


class _AnswerProperties:
    """An answer document's custom properties (`answer_marks`): the selection's identity, then
    one property per requirement, kept in `spool` as the body is written."""

    def __init__(self, document: SpecificationDocument, spool: IO[bytes]) -> None:
        self.identity = (
            (marks.KEY_FORMAT, marks.FORMAT),
            (marks.KEY_SELECTION, str(document.selection_id)),
            (marks.KEY_CREATED, document.created_at),
            (marks.KEY_VERSION, str(document.version)),
            (marks.KEY_LANGUAGE, document.language),
            (marks.KEY_PRICES, "1" if document.prices_requested else "0"),
            (marks.KEY_ITEMS, str(document.requirement_count)),
        )
        self.spool = spool
        self.count = 0
        self.first_item_pid = FIRST_PID + len(self.identity)

    def add(self, mark: SentMark) -> None:
        self.count += 1
        pid = self.first_item_pid + self.count - 1
        xml = custom_property(pid, marks.item_key(self.count), marks.item_value(mark))
        self.spool.write(xml.encode("utf-8"))

    def pieces(self) -> Iterator[bytes]:
        """`docProps/custom.xml`, once every requirement was written."""
        head = [custom_head()]
        head += [
            custom_property(pid, name, value)
            for pid, (name, value) in enumerate(self.identity, FIRST_PID)
        ]
        yield "".join(head).encode("utf-8")
        self.spool.seek(0)
        while chunk := self.spool.read(SPOOL_READ):
            yield chunk
        yield CUSTOM_TAIL.encode("utf-8")


def _copy(source: Path, handle: BinaryIO) -> None:
    with source.open("rb") as data:
        shutil.copyfileobj(data, handle, 1 << 20)


def _write(target: ExportTarget, fill: Callable[[BinaryIO], object]) -> int:
    """Replace the target with what `fill(handle)` writes; the size written."""
    try:
        with target.writer() as handle:
            fill(handle)
            size = handle.tell()
    except OSError as error:
        reason = error.strerror or str(error)
        raise DocxExportError(t("docx.write_failed", path=target.path, reason=reason)) from error
    return size


def _finished(
    target: ExportTarget,
    total: int,
    size: int,
    progress: ProgressCallback | None,
    notice: str = "",
) -> ExportResult:
    """The result; the last progress call says all done."""
    if progress is not None:
        progress(total, total)
    return ExportResult(target.path, total, size, notice)


def ensure_property_parts(parts: dict[str, bytes], *, custom: bool) -> None:
    """Make sure the package points at core.xml and app.xml (a bare template may not), and with
    `custom` at custom.xml."""
    rels = parts.get("_rels/.rels", b"").decode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    wanted = [
        ("docProps/core.xml", CORE_REL, CORE_TYPE),
        ("docProps/app.xml", APP_REL, APP_TYPE),
    ]
    if custom:
        wanted.append(("docProps/custom.xml", CUSTOM_REL, CUSTOM_TYPE))
    for target, rel_type, content_type in wanted:
        if rel_type not in rels:
            rel = f'<Relationship Id="rIdKravtui{len(rels)}" Type="{rel_type}" Target="{target}"/>'
            rels = rels.replace("</Relationships>", rel + "</Relationships>")
        if f'PartName="/{target}"' not in types:
            override = f'<Override PartName="/{target}" ContentType="{content_type}"/>'
            types = types.replace("</Types>", override + "</Types>")
    parts["_rels/.rels"] = rels.encode("utf-8")
    parts["[Content_Types].xml"] = types.encode("utf-8")


def resolve_template(explicit: str | Path | None = None) -> Path | None:
    """The template to use: `explicit`, else `template` in config.toml, else None (bundled)."""
    from kravtui.config import SettingsError, load_settings

    if explicit:
        return Path(explicit).expanduser()
    try:
        configured = load_settings().template
    except SettingsError as error:
        raise DocxExportError(t("docx.bad_template", reason=str(error))) from error
    return Path(configured).expanduser() if configured else None


# Anything but letters, digits, `_`, `.` and `-` (spaces too: a name to type in a shell).
_UNSAFE_FILENAME = re.compile(r"[^\w.\-]+")


def default_export_path(title: str, folder: Path, suffix: str = ".docx") -> Path:
    """`<folder>/<title>.docx` (or `suffix`), the title made safe: every run of spaces and other
    characters unsafe in a file name becomes one `-` ("ESDH 2026" -> `ESDH-2026.docx`).

    The CLI's default `-o` and the TUI's export dialog both suggest this, in the configured
    exports folder (`kravtui.config.exports_folder`).
    """
    stem = _UNSAFE_FILENAME.sub("-", title)[:80].strip("-._") or "kravspecifikation"
    return folder / f"{stem}{suffix}"
