"""Export a selection as a DOCX requirement specification: the one service the CLI and TUI call.

    result = export_selection_docx(conn, selection_id, Path("/home/me/Documents/x.docx"),
                                   progress=lambda done, total: ..., cancelled=lambda: False)

The selection is read first (`build_document`, one quick query per kind), then the body is built
in one pass, poured into the template and zipped deterministically; `progress(done, total)` is
called every few hundred requirements and `cancelled()` is checked as often. The file is written
to a temporary name beside the target and renamed, so a failed or cancelled export leaves any
existing file untouched. A TUI that must not touch the connection from a worker thread can call
`build_document` itself and hand the record to `write_docx`.

`export_selection_pdf` / `write_pdf` do the same and then have LibreOffice turn the DOCX into a
PDF (officers send both); without LibreOffice they refuse in one line before doing any work.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kravtui.i18n import t
from kravtui.interchange.docx.model import ExportOptions, SpecificationDocument, build_document
from kravtui.interchange.export_target import ExportTarget, export_target

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

CORE_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
APP_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
APP_TYPE = "application/vnd.openxmlformats-officedocument.extended-properties+xml"


class DocxExportError(Exception):
    """The export failed; the message is for the user. Nothing was written."""


class ExportCancelledError(DocxExportError):
    """The user cancelled the export; nothing was written."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    requirements: int
    size: int


def export_selection_docx(
    conn: sqlite3.Connection,
    selection_id: int,
    path: Path,
    options: ExportOptions | None = None,
    *,
    template: Path | None = None,
    create_folder: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Write the selection's requirement specification to `path` (atomically).

    The target is checked first (`export_target`, which raises `InterchangeError` when it is
    refused; `create_folder` for the default folder).
    """
    target = export_target(conn, path, create_folder=create_folder)
    document = build_document(conn, selection_id, options)
    return write_docx(document, target, template=template, progress=progress, cancelled=cancelled)


def export_selection_pdf(
    conn: sqlite3.Connection,
    selection_id: int,
    path: Path,
    options: ExportOptions | None = None,
    *,
    template: Path | None = None,
    create_folder: bool = False,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """`export_selection_docx`, but the PDF that LibreOffice lays out from the DOCX (see
    `kravtui.interchange.docx.pdf`); without LibreOffice it raises `DocxExportError` saying so,
    before any work."""
    target = export_target(conn, path, create_folder=create_folder)
    document = build_document(conn, selection_id, options)
    return write_pdf(document, target, template=template, progress=progress, cancelled=cancelled)


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
    seconds without any progress to report), so a face can say what it is waiting for.
    """
    from kravtui.interchange.docx import pdf

    if pdf.find_libreoffice() is None:
        raise DocxExportError(t("docx.pdf.no_libreoffice"))
    data = render_docx(document, template=template, progress=progress, cancelled=cancelled)
    if converting is not None:
        converting()
    try:
        converted = pdf.docx_to_pdf(data, cancelled=cancelled)
    except pdf.ConversionCancelledError as error:
        raise ExportCancelledError(str(error)) from error
    except pdf.PdfConversionError as error:
        raise DocxExportError(str(error)) from error
    return _write_file(target, converted, document.requirement_count, progress, cancelled)


def write_docx(
    document: SpecificationDocument,
    target: ExportTarget,
    *,
    template: Path | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> ExportResult:
    """Render `document` and replace the checked `target` with it.

    Raises `DocxExportError`, or `InterchangeError` when the target is refused at writing time.
    """
    data = render_docx(document, template=template, progress=progress, cancelled=cancelled)
    return _write_file(target, data, document.requirement_count, progress, cancelled)


def _write_file(
    target: ExportTarget,
    data: bytes,
    total: int,
    progress: ProgressCallback | None,
    cancelled: CancelCheck | None,
) -> ExportResult:
    """Replace the target with `data` unless cancelled; the last progress call says all done."""
    if cancelled is not None and cancelled():
        raise ExportCancelledError(t("docx.cancelled"))
    try:
        target.write(data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise DocxExportError(t("docx.write_failed", path=target.path, reason=reason)) from error
    if progress is not None:
        progress(total, total)
    return ExportResult(target.path, total, len(data))


def render_docx(
    document: SpecificationDocument,
    *,
    template: Path | None = None,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> bytes:
    """The DOCX bytes for `document`; the same document gives the same bytes."""
    from kravtui.interchange.docx import ooxml
    from kravtui.interchange.docx.body import BodyWriter
    from kravtui.interchange.docx.package import (
        APP_PART,
        CORE_PART,
        CoreProperties,
        app_xml,
        core_xml,
        zip_parts,
    )
    from kravtui.interchange.docx.template import MAIN_PART, TemplateError, prepare_template

    total = document.requirement_count

    def tick(done: int) -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelledError(t("docx.cancelled"))
        if progress is not None:
            progress(done, total)

    tick(0)
    try:
        prepared = prepare_template(template, title=document.title, language=document.language)
    except TemplateError as error:
        raise DocxExportError(t("docx.bad_template", reason=str(error))) from error
    writer = BodyWriter(document, prepared.styles, prepared.numbered_headings, tick)
    parts = dict(prepared.parts)
    parts[MAIN_PART] = ooxml.document_xml(writer.build(), prepared.section_properties)
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
    _ensure_property_parts(parts)
    tick(total)
    return zip_parts(parts, compresslevel=_compresslevel(len(parts[MAIN_PART])))


def _compresslevel(size: int) -> int:
    """Smaller files for ordinary documents, speed for very large ones."""
    return 6 if size < 8_000_000 else 1


def _ensure_property_parts(parts: dict[str, bytes]) -> None:
    """Make sure the package points at core.xml and app.xml (a bare template may not)."""
    rels = parts.get("_rels/.rels", b"").decode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    for target, rel_type, content_type in (
        ("docProps/core.xml", CORE_REL, CORE_TYPE),
        ("docProps/app.xml", APP_REL, APP_TYPE),
    ):
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
