"""Office Open XML packages (the zip inside .xlsx and .docx) that someone sent, read warily.

(Writing one reproducibly is `fixed_zip`'s work.) `checked_package` opens the bytes as a zip and
refuses, each in one line and before a part is parsed: what is no zip or a damaged one; a
package whose parts *declare* more than `PART_LIMIT` each or `TOTAL_LIMIT` together (a zip bomb
is refused by its directory, before anything is inflated; the zip reader then stops every part
at its declared size; a reader that streams its parts may allow larger ones), or more than
`PARTS_LIMIT` parts; a macro-enabled package (a ``vbaProject.bin`` part or a macro-enabled
content type); and an XML part with a document type declaration (no Office file has one;
entity expansion attacks need one).
"""

from __future__ import annotations

import io
import zipfile

from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError

PART_LIMIT = 64 * 1024 * 1024
"""The largest part of a package read, inflated (5,000 answered requirements: a few MB)."""
TOTAL_LIMIT = 256 * 1024 * 1024
"""All parts of a package read together, inflated."""
PARTS_LIMIT = 2_000
"""The most parts a package read may have."""

_MACRO_MARKS = (b"macroEnabled", b"vbaProject")
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


def checked_package(
    data: bytes, source: str, *, part_limit: int = PART_LIMIT, total_limit: int = TOTAL_LIMIT
) -> zipfile.ZipFile:
    """`data` opened as a zip after the checks in the module's docstring; `InterchangeError`
    (with `source` as the file) when it is refused. A caller that reads larger files (a
    spreadsheet of 100,000 requirements) gives larger limits."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        entries = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise InterchangeError(source, t("interchange.package.damaged")) from None
    try:
        _check_entries(package, entries, source, part_limit, total_limit)
    except BaseException:
        package.close()
        raise
    return package


def _check_entries(
    package: zipfile.ZipFile,
    entries: list[zipfile.ZipInfo],
    source: str,
    part_limit: int,
    total_limit: int,
) -> None:
    if len(entries) > PARTS_LIMIT:
        raise InterchangeError(source, t("interchange.package.too_many_parts", limit=PARTS_LIMIT))
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > part_limit or total > total_limit:
            limit = part_limit if entry.file_size > part_limit else total_limit
            raise InterchangeError(
                source, t("interchange.package.too_large", limit=limit // (1024 * 1024))
            )
        if entry.flag_bits & 0x1:
            raise InterchangeError(source, t("interchange.package.encrypted"))
        if entry.filename.lower().endswith("vbaproject.bin"):
            raise InterchangeError(source, t("interchange.package.macros"))
    for entry in entries:
        if not entry.filename.lower().endswith((".xml", ".rels")):
            continue
        head = _read(package, entry, source)
        if entry.filename == "[Content_Types].xml" and any(m in head for m in _MACRO_MARKS):
            raise InterchangeError(source, t("interchange.package.macros"))
        if any(mark in head for mark in _DECLARATIONS):
            raise InterchangeError(source, t("interchange.package.doctype", part=entry.filename))


def _read(package: zipfile.ZipFile, entry: zipfile.ZipInfo, source: str) -> bytes:
    """The part's bytes (a declaration can only stand before the root element, but a content
    type list can be long: the whole of a small part, the first 64 KiB of a large one)."""
    try:
        with package.open(entry) as part:
            return part.read(64 * 1024)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InterchangeError(source, t("interchange.package.damaged")) from None
