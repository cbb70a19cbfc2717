"""The template a document is poured into: the bundled one or an organisation's own.

A template is any `.docx` or `.dotx`. Its styles, numbering, theme, page setup, header and footer
are kept; its body is replaced. The header's TITLE field gets the selection's title as its shown
value (Word and LibreOffice also recompute it from the core properties), and for an English
document the bundled footer's "Side X af Y" becomes "Page X of Y". A template's `w:updateFields` is
dropped: it makes Word ask the vendor on opening whether to update fields, and nothing needs it
(the contents' page numbers are PAGEREF fields, see `body.BodyWriter._contents`). A thumbnail,
if the template has one, is dropped: it would show the template, not this document.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kravtui.input_file import read_input_file
from kravtui.interchange.docx.package import CONTENT_TYPES, read_parts
from kravtui.interchange.docx.styles import StyleIds, headings_numbered, resolve_styles
from kravtui.interchange.docx.styles import set_language as set_styles_language

BUNDLED_TEMPLATE = Path(__file__).with_name("template.docx")
MAIN_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
SETTINGS_PART = "word/settings.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
FOOTER_WORDS = {"en": {"Side": "Page", "af": "of"}}
_HEADER_FOOTER = re.compile(r"\Aword/(header|footer)\d*\.xml\Z")


TEMPLATE_LIMIT_BYTES = 256 * 1024 * 1024  # a Word template with its images


class TemplateError(Exception):
    """The template cannot be used; the message says why."""


@dataclass(frozen=True, slots=True)
class PreparedTemplate:
    """The template's parts ready for a body, and what the body needs to know about them."""

    parts: dict[str, bytes]
    styles: StyleIds
    numbered_headings: bool
    section_properties: str


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _etree() -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    return etree


def prepare_template(path: Path | None, *, title: str, language: str) -> PreparedTemplate:
    """Read and adapt the template at `path` (the bundled one when None)."""
    source = Path(path) if path is not None else BUNDLED_TEMPLATE
    try:
        parts = read_parts(read_input_file(source, limit=TEMPLATE_LIMIT_BYTES))
    except FileNotFoundError as error:
        raise TemplateError(f"{source}: no such file") from error
    except (OSError, zipfile.BadZipFile) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise TemplateError(f"{source}: not a Word document ({reason})") from error
    for needed in (MAIN_PART, STYLES_PART, CONTENT_TYPES):
        if needed not in parts:
            raise TemplateError(f"{source}: not a Word document (no {needed})")
    etree = _etree()
    try:
        return _prepare(etree, parts, title=title, language=language)
    except etree.XMLSyntaxError as error:
        raise TemplateError(f"{source}: damaged XML ({error})") from error


def _prepare(etree: Any, parts: dict[str, bytes], *, title: str, language: str) -> PreparedTemplate:
    styles_root = etree.fromstring(parts[STYLES_PART])
    bundled_root = etree.fromstring(read_parts(BUNDLED_TEMPLATE.read_bytes())[STYLES_PART])
    ids = resolve_styles(styles_root, bundled_root)
    numbered = headings_numbered(styles_root, ids) and "word/numbering.xml" in parts
    set_styles_language(styles_root, language)
    parts[STYLES_PART] = _serialise(etree, styles_root)
    if SETTINGS_PART in parts:
        parts[SETTINGS_PART] = _without_update_prompt(etree, parts[SETTINGS_PART])
    for name in sorted(parts):
        if _HEADER_FOOTER.fullmatch(name):
            parts[name] = _fill_header_footer(etree, parts[name], title, language)
    section = _section_properties(etree, parts[MAIN_PART])
    _drop_thumbnail(etree, parts)
    parts[CONTENT_TYPES] = _main_as_document(etree, parts[CONTENT_TYPES])
    return PreparedTemplate(parts, ids, numbered, section)


def _serialise(etree: Any, root: Any) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


def _without_update_prompt(etree: Any, data: bytes) -> bytes:
    """settings.xml without `w:updateFields` (Word's "update the fields?" question on opening)."""
    root = etree.fromstring(data)
    for element in root.findall(_q("updateFields")):
        root.remove(element)
    return _serialise(etree, root)


def _fill_header_footer(etree: Any, data: bytes, title: str, language: str) -> bytes:
    """Shown value of TITLE fields = the title; footer words in the document's language."""
    from kravtui.interchange.docx.ooxml import clean

    root = etree.fromstring(data)
    shown = clean(title)
    for simple in root.iter(_q("fldSimple")):
        if "TITLE" in str(simple.get(_q("instr"), "")).upper().split():
            _set_texts(list(simple.iter(_q("t"))), shown)
    for texts in _complex_results(root, "TITLE"):
        _set_texts(texts, shown)
    words = FOOTER_WORDS.get(language, {})
    for text in root.iter(_q("t")):
        value = text.text or ""
        if value.strip() in words:
            text.text = value.replace(value.strip(), words[value.strip()])
    return _serialise(etree, root)


def _set_texts(texts: list[Any], value: str) -> None:
    for index, text in enumerate(texts):
        text.text = value if index == 0 else ""


def _complex_results(root: Any, name: str) -> list[list[Any]]:
    """The w:t elements shown by each complex field whose instruction is `name`."""
    results: list[list[Any]] = []
    state, instruction = "", ""
    shown: list[Any] = []
    for element in root.iter(_q("fldChar"), _q("instrText"), _q("t")):
        if element.tag == _q("fldChar"):
            kind = element.get(_q("fldCharType"))
            if kind == "begin":
                state, instruction, shown = "instr", "", []
            elif kind == "separate":
                state = "result"
            elif kind == "end":
                if name in instruction.upper().split():
                    results.append(shown)
                state = ""
        elif element.tag == _q("instrText") and state == "instr":
            instruction += element.text or ""
        elif element.tag == _q("t") and state == "result":
            shown.append(element)
    return results


def _section_properties(etree: Any, data: bytes) -> str:
    root = etree.fromstring(data)
    body = root.find(_q("body"))
    section = body.find(_q("sectPr")) if body is not None else None
    if section is None:
        return (
            '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1304" '
            'w:bottom="1304" w:left="1304" w:header="624" w:footer="567" w:gutter="0"/></w:sectPr>'
        )
    text: str = etree.tostring(section, encoding="unicode")
    return text


def _drop_thumbnail(etree: Any, parts: dict[str, bytes]) -> None:
    rels_name = "_rels/.rels"
    if rels_name not in parts:
        return
    root = etree.fromstring(parts[rels_name])
    for rel in list(root):
        if str(rel.get("Type", "")).endswith("/thumbnail"):
            target = str(rel.get("Target", "")).lstrip("/")
            parts.pop(target, None)
            root.remove(rel)
    parts[rels_name] = _serialise(etree, root)


def _main_as_document(etree: Any, data: bytes) -> bytes:
    """A .dotx template's main part has the template content type; a document needs its own."""
    root = etree.fromstring(data)
    for override in root:
        if override.get("PartName") == f"/{MAIN_PART}":
            override.set("ContentType", DOCUMENT_TYPE)
    return _serialise(etree, root)
