"""An exported DOCX filled in the way a vendor fills it in Word, and the same document as other
clients leave it.

`fill_docx(source, target, answers)` ticks the check boxes (the ``w14:checked`` state and the
☒ Word shows) and types the elaboration and the price into their content controls, found by
their tags, as Word does when the vendor clicks and types (a second line as a paragraph of its
own in the same cell). `strip_tags` takes the tags and
aliases away (LibreOffice 7.4 keeps the controls but drops both); `boxes_as_text` turns the
check-box controls into their characters alone (what a client without content controls
keeps). `edit_main` changes the main document part's XML as text, `repack` any part.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from lxml import etree

from kravtui.answers.records import Choice
from kravtui.i18n.visible_text import restore_from_documents

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MAIN = "word/document.xml"

# uid -> (the boxes to tick, elaboration, price); a line break starts a new paragraph.
DocxAnswers = Mapping[str, tuple[Sequence[Choice], str, str]]


def _q(name: str, namespace: str = W) -> str:
    return f"{{{namespace}}}{name}"


def repack(data: bytes, changes: Mapping[str, bytes | None]) -> bytes:
    """The package `data` with parts replaced, added or (None) removed."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for name in source.namelist():
            if name not in changes:
                target.writestr(name, source.read(name))
        for name, content in changes.items():
            if content is not None:
                target.writestr(name, content)
    return output.getvalue()


def part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(name)


def _rewrite(source: Path, target: Path, change: Callable[[etree._Element], None]) -> Path:
    root = etree.fromstring(part(source, MAIN))
    change(root)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    target.write_bytes(repack(source.read_bytes(), {MAIN: xml}))
    return target


def _tag(sdt: etree._Element) -> list[str]:
    tag = sdt.find(f"{_q('sdtPr')}/{_q('tag')}")
    value = tag.get(_q("val")) if tag is not None else None
    return value.split("/") if value and value.startswith("kravtui/") else []


def tick_box(sdt: etree._Element) -> None:
    """Tick a check-box control as Word does: its state and the character it shows."""
    sdt.find(f"{_q('sdtPr')}/{_q('checkbox', W14)}/{_q('checked', W14)}").set(_q("val", W14), "1")
    sdt.find(f".//{_q('t')}").text = "\u2612"


def type_into(sdt: etree._Element, text: str) -> None:
    """Type `text` into a text control; a line break starts a new paragraph, which Word and
    LibreOffice put after the control's paragraph, in the same cell."""
    first, *more = text.split("\n")
    run = sdt.find(f"{_q('sdtContent')}/{_q('r')}")
    run.find(_q("t")).text = first
    paragraph = sdt.getparent()
    for line in more:
        new = etree.Element(_q("p"))
        properties = paragraph.find(_q("pPr"))
        if properties is not None:
            new.append(etree.fromstring(etree.tostring(properties)))
        new_run = etree.SubElement(new, _q("r"))
        text_element = etree.SubElement(new_run, _q("t"))
        text_element.text = line
        text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        paragraph.addnext(new)
        paragraph = new


def fill_docx(source: Path, target: Path, answers: DocxAnswers) -> Path:
    """`source` with `answers` filled in (see the module)."""

    def fill(root: etree._Element) -> None:
        for sdt in list(root.iter(_q("sdt"))):
            tag = _tag(sdt)
            # a vendor answers by the headings they read; the tags show a uid as the text does
            uid = restore_from_documents(tag[1]) if tag else ""
            if uid not in answers:
                continue
            choices, elaboration, price = answers[uid]
            if tag[2] == "choice" and Choice(tag[3]) in choices:
                tick_box(sdt)
            elif tag[2] == "elaboration" and elaboration:
                type_into(sdt, elaboration)
            elif tag[2] == "price" and price:
                type_into(sdt, price)

    return _rewrite(source, target, fill)


def strip_tags(source: Path, target: Path) -> Path:
    """`source` without the controls' tags and aliases."""

    def strip(root: etree._Element) -> None:
        for properties in root.iter(_q("sdtPr")):
            for name in ("tag", "alias"):
                for found in properties.findall(_q(name)):
                    properties.remove(found)

    return _rewrite(source, target, strip)


def boxes_as_text(source: Path, target: Path) -> Path:
    """`source` with every check-box control replaced by the runs it shows (☐ or ☒)."""

    def flatten(root: etree._Element) -> None:
        for sdt in list(root.iter(_q("sdt"))):
            if sdt.find(f"{_q('sdtPr')}/{_q('checkbox', W14)}") is None:
                continue
            parent = sdt.getparent()
            index = parent.index(sdt)
            for offset, run in enumerate(sdt.find(_q("sdtContent"))):
                parent.insert(index + offset, run)
            parent.remove(sdt)

    return _rewrite(source, target, flatten)


def edit_main(source: Path, target: Path, old: str, new: str) -> Path:
    """`source` with `old` replaced by `new` in the main part's XML (which must hold it)."""
    xml = part(source, MAIN).decode("utf-8")
    assert old in xml, old
    target.write_bytes(repack(source.read_bytes(), {MAIN: xml.replace(old, new).encode()}))
    return target
