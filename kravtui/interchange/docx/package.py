"""The DOCX package as a deterministic zip, and its document properties.

A `.docx` file is a zip of XML parts. To make the same selection give the same bytes, every entry
gets the same fixed timestamp and attributes, entries are written in a fixed order
(`[Content_Types].xml` first, as Word writes it, then the rest sorted by name) and the core
properties carry dates taken from the selection, never the clock.

`write_zip` streams: one part may be given as pieces, compressed as they come, so a document of
100,000 requirements is never held whole. Small documents are compressed harder than large ones
(`compresslevel`); the first `STREAM_LEVEL_AFTER` bytes of the streamed part are held back until
it is known which, so a streamed part gives the very bytes it would give whole.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from kravtui.interchange.docx.ooxml import esc

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
STREAM_LEVEL_AFTER = 8_000_000  # bytes of a part: from here on, speed before size

_CORE_NAMESPACES = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
)


@dataclass(frozen=True, slots=True)
class CoreProperties:
    """What File > Properties shows; dates are ISO timestamps from the selection."""

    title: str
    subject: str
    creator: str
    keywords: str
    description: str
    language: str
    created: str
    modified: str
    revision: int


def zip_parts(parts: Mapping[str, bytes], *, compresslevel: int = 6) -> bytes:
    """The parts as zip bytes: fixed order, fixed timestamps, fixed attributes."""
    names = sorted(parts, key=lambda name: (name != CONTENT_TYPES, name))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(_entry(name), parts[name], compresslevel=compresslevel)
    return buffer.getvalue()


def compresslevel(size: int) -> int:
    """Smaller files for ordinary documents, speed for very large ones."""
    return 6 if size < STREAM_LEVEL_AFTER else 1


def write_zip(
    handle: BinaryIO, parts: Mapping[str, bytes], streamed: str, pieces: Iterable[bytes]
) -> None:
    """Write the parts and the part named `streamed` (made of `pieces`) as one zip to the
    seekable `handle`: the bytes `zip_parts` gives for them at the level the streamed part's
    size calls for (`compresslevel`), which is known once `STREAM_LEVEL_AFTER` bytes of it are
    read or it ends; only those are held back."""
    chunks = iter(pieces)
    held: list[bytes] = []
    size = 0
    for chunk in chunks:
        held.append(chunk)
        size += len(chunk)
        if size >= STREAM_LEVEL_AFTER:
            break
    level = compresslevel(size)
    names = sorted([*parts, streamed], key=lambda name: (name != CONTENT_TYPES, name))
    with zipfile.ZipFile(handle, "w") as archive:
        for name in names:
            if name != streamed:
                archive.writestr(_entry(name), parts[name], compresslevel=level)
            elif size < STREAM_LEVEL_AFTER:  # the whole part is here: as `zip_parts` writes it
                archive.writestr(_entry(name), b"".join(held), compresslevel=level)
            else:
                info = _entry(name)
                _set_level(info, level)
                with archive.open(info, "w") as entry:
                    for chunk in held:
                        entry.write(chunk)
                    held.clear()
                    for chunk in chunks:
                        entry.write(chunk)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


def _set_level(info: zipfile.ZipInfo, level: int) -> None:
    """What `writestr(..., compresslevel=level)` sets on its entry (renamed in Python 3.13)."""
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", level)


def read_parts(data: bytes) -> dict[str, bytes]:
    """Every entry of a zip, by name (raises `zipfile.BadZipFile` on a non-zip)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()
        }


def w3cdtf(timestamp: str) -> str:
    """An ISO timestamp such as `2025-03-01T10:20:30.123+00:00` as `2025-03-01T10:20:30Z`."""
    text = timestamp.strip()
    if len(text) < 19 or text[4] != "-" or text[10] not in "T ":
        return "2000-01-01T00:00:00Z"
    return f"{text[:10]}T{text[11:19]}Z"


def core_xml(properties: CoreProperties) -> bytes:
    """`docProps/core.xml` for the properties."""
    p = properties
    body = (
        f"<dc:title>{esc(p.title)}</dc:title>"
        f"<dc:subject>{esc(p.subject)}</dc:subject>"
        f"<dc:creator>{esc(p.creator)}</dc:creator>"
        f"<cp:keywords>{esc(p.keywords)}</cp:keywords>"
        f"<dc:description>{esc(p.description)}</dc:description>"
        f"<dc:language>{esc(p.language)}</dc:language>"
        f"<cp:lastModifiedBy>{esc(p.creator)}</cp:lastModifiedBy>"
        f"<cp:revision>{int(p.revision)}</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{w3cdtf(p.created)}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{w3cdtf(p.modified)}</dcterms:modified>'
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<cp:coreProperties {_CORE_NAMESPACES}>{body}</cp:coreProperties>"
    ).encode()


def app_xml(company: str) -> bytes:
    """`docProps/app.xml`: the application and the organisation, nothing that changes."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes">'
        f"<Application>kravtui</Application><Company>{esc(company)}</Company>"
        "</Properties>"
    ).encode()
