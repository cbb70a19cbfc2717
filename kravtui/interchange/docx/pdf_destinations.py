"""Which page of a PDF each named destination points at: the contents' page numbers, read back.

A DOCX export learns on which page each heading lands by having LibreOffice lay the document out
once (`kravtui.interchange.docx.pdf`): asked to, LibreOffice exports every bookmark as a named
destination, `/5FToc000000001 [12 0 R /XYZ 65 747 0]`, in the catalogue's `/Dests` dictionary
(it spells a name's other characters as bare hex: `_` is `5F`). This module reads just that
much of a PDF, the way LibreOffice writes it: the cross-reference table at `startxref`, the
trailer's catalogue, the page tree (pages numbered from 1 in its order) and the `/Dests`
dictionary. Anything else (a cross-reference stream, objects packed into object streams, a name
tree instead of the dictionary, a destination not found) raises `PdfLayoutError`, and the
export goes on without page numbers rather than with wrong ones.

The file is mapped, not read, so a PDF of thousands of pages costs no memory of its own.
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterable
from pathlib import Path

from kravtui.i18n import t

_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_XREF_SUBSECTION = re.compile(rb"\s*(\d+)\s+(\d+)\s*\r?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_OBJECT_END = re.compile(rb"endobj|(?<![A-Za-z])stream(?![A-Za-z])")
_REFERENCE = re.compile(rb"(\d+)\s+\d+\s+R(?![A-Za-z])")
_DESTINATION = re.compile(
    rb"/([^\s/\[\]<>()%{}]+)\s*(?:\[\s*(\d+)\s+\d+\s+R|<<\s*/D\s*\[\s*(\d+)\s+\d+\s+R)"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PAGE_TREE_LIMIT = 10_000_000  # nodes: more is no page tree LibreOffice wrote


class PdfLayoutError(Exception):
    """The PDF does not say (in a way read here) where the destinations are."""

    def __init__(self, detail: str) -> None:
        super().__init__(t("docx.layout.unreadable"))
        self.detail = detail


def destination_pages(path: Path, anchors: Iterable[str]) -> dict[str, int]:
    """The page (counted from 1) each of `anchors` points at in the PDF at `path`.

    Raises `PdfLayoutError` unless every anchor is found.
    """
    try:
        with (
            path.open("rb") as handle,
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
        ):
            reader = _Reader(data)
            destinations = reader.destinations()
            pages = reader.page_numbers()
    except (OSError, ValueError) as error:
        raise PdfLayoutError(str(error)) from error
    found: dict[str, int] = {}
    for anchor in anchors:
        page_object = next(
            (destinations[name] for name in spellings(anchor) if name in destinations), None
        )
        if page_object is None or page_object not in pages:
            raise PdfLayoutError(f"no destination {anchor}")
        found[anchor] = pages[page_object]
    return found


def spellings(anchor: str) -> tuple[str, ...]:
    """The names `anchor` may have in the PDF: as it is, and as LibreOffice writes it."""
    libreoffice = "".join(
        c if c.isascii() and (c.isalnum() or c == "-") else _hex(ord(c)) for c in anchor
    )
    return (anchor, libreoffice)


def _hex(code: int) -> str:
    return f"{code >> 8:02X}{code & 255:02X}" if code > 255 else f"{code:02X}"


class _Reader:
    """The few objects of one PDF that say where its destinations are."""

    def __init__(self, data: mmap.mmap) -> None:
        self.data = data
        self.offsets: dict[int, int] = {}
        self.trailer = b""
        self._read_xref()

    def _read_xref(self) -> None:
        tail = self.data[max(0, len(self.data) - 4096) :]
        found = list(_STARTXREF.finditer(tail))
        if not found:
            raise PdfLayoutError("no startxref")
        position = int(found[-1].group(1))
        seen: set[int] = set()
        while position not in seen:
            seen.add(position)
            trailer = self._read_section(position)
            if not self.trailer:
                self.trailer = trailer
            previous = re.search(rb"/Prev\s+(\d+)", trailer)
            if previous is None:
                return
            position = int(previous.group(1))

    def _read_section(self, position: int) -> bytes:
        """One cross-reference section at `position` (newer entries win); its trailer."""
        if self.data[position : position + 4] != b"xref":
            raise PdfLayoutError("not a cross-reference table")
        position += 4
        while True:
            subsection = _XREF_SUBSECTION.match(self.data, position)
            if subsection is None:
                break
            first, count = int(subsection.group(1)), int(subsection.group(2))
            position = subsection.end()
            for number in range(first, first + count):
                entry = _XREF_ENTRY.match(self.data, position)
                if entry is None:
                    raise PdfLayoutError("a broken cross-reference entry")
                position = entry.end()
                while self.data[position : position + 1] in (b" ", b"\r", b"\n"):
                    position += 1
                if entry.group(3) == b"n":
                    self.offsets.setdefault(number, int(entry.group(1)))
        end = self.data.find(b"startxref", position)
        return self.data[position : end if end >= 0 else position + 4096]

    def object(self, number: int) -> bytes:
        """The object's text up to `endobj` (or to its stream)."""
        offset = self.offsets.get(number)
        if offset is None:
            raise PdfLayoutError(f"no object {number}")
        header = re.compile(rb"\s*%d\s+\d+\s+obj" % number).match(self.data, offset)
        if header is None:
            raise PdfLayoutError(f"object {number} is not where the table says")
        end = _OBJECT_END.search(self.data, header.end())
        if end is None:
            raise PdfLayoutError(f"object {number} does not end")
        return self.data[header.end() : end.start()]

    def _reference(self, text: bytes, key: bytes) -> int:
        found = re.search(rb"/" + key + rb"\s+(\d+)\s+\d+\s+R", text)
        if found is None:
            raise PdfLayoutError(f"no /{key.decode()}")
        return int(found.group(1))

    def _catalog(self) -> bytes:
        return self.object(self._reference(self.trailer, b"Root"))

    def destinations(self) -> dict[str, int]:
        """Name -> page object, from the catalogue's `/Dests` dictionary."""
        text = self.object(self._reference(self._catalog(), b"Dests"))
        found: dict[str, int] = {}
        for match in _DESTINATION.finditer(text):
            name = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
            found[name.decode("utf-8", "replace")] = int(match.group(2) or match.group(3))
        return found

    def page_numbers(self) -> dict[int, int]:
        """Page object -> its page number, walking the page tree in order."""
        numbers: dict[int, int] = {}
        stack = [self._reference(self._catalog(), b"Pages")]
        seen: set[int] = set()
        while stack:
            number = stack.pop()
            if number in seen or len(seen) > PAGE_TREE_LIMIT:
                raise PdfLayoutError("the page tree loops")
            seen.add(number)
            node = self.object(number)
            kids = re.search(rb"/Kids\s*\[([^\]]*)\]", node)
            if kids is None:
                numbers.setdefault(number, len(numbers) + 1)
                continue
            references = [int(m.group(1)) for m in _REFERENCE.finditer(kids.group(1))]
            stack.extend(reversed(references))
        return numbers
