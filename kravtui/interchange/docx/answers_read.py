"""Reading a returned DOCX answer document into a `ReturnedFile`, trusting nothing in it.

Refused, each in one line naming the file (and the requirement where there is one), before
anything is stored: a file that is no regular file or is larger than `FILE_LIMIT`; a
macro-enabled document (.docm, or macros inside a .docx); a damaged zip, a zip bomb (parts
declaring more than `PART_LIMIT`), an XML part with a document type
(`ooxml_zip.checked_package`, and again after parsing, so a declaration hidden behind a long
prologue is found too); a package that is no Word document; a Word document that is not a
kravtui answer document (no kravtui properties in the `answer_marks` layout, or ones that do
not parse); a text holding a character the text rule refuses (`catalogue.text_rules`). XML is
parsed without entities, DTDs or the network.

What is read: the selection's identity and each item as sent from the custom properties; then
the body once, a paragraph or table at a time, so memory does not grow with the document. A
requirement starts at a heading of the third level whose text begins with the uid of an item
sent (after the number, when the template writes numbers as text). Its answer table is the
table whose content controls are tagged with its uid (`answer_fields.read_tag`: what Word
keeps) or, when the tags are gone (LibreOffice drops them), the first table after the heading
that holds check boxes. In the table a field is read from its tagged control's cell, or by its
place: the check boxes in the first row, the elaboration in the second, the price in the third
(a document of a selection that asks for no prices has no third row, and reads as no price).
A check box is a ``w14:checkbox`` control (its ticked state), an old form check box, or a
☐/☒/☑ character; a box without a tag is the choice its label names. Two boxes ticked are read
as both, which `kravtui.answers.judge` reports as ambiguous.

Whether the vendor changed the requirement is decided here: the words the requirement shows
from its heading to its answer table, as the document shows them (`answer_marks.read_digest`:
a bidi control or an invisible character the writer showed as an escape is compared as that
escape), are compared with
the digest the document records (`answer_marks.shown_digest`); a table found by its tags whose
heading is gone counts as changed. Which selection the file answers, and everything else in
the report, is judged by `kravtui.answers.judge`.

lxml is imported when a document is read, not when kravtui starts.
"""

from __future__ import annotations

import hashlib
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from kravtui.answers.records import (
    Choice,
    ReturnedFile,
    ReturnedIdentity,
    ReturnedRow,
    SentRecord,
    SourceKind,
)
from kravtui.answers.words import choice_label, read_choice
from kravtui.catalogue.text_rules import refusal_reason, refused_character
from kravtui.i18n import t
from kravtui.i18n.visible_text import restore_from_documents
from kravtui.input_file import read_input_file
from kravtui.interchange.docx import answer_fields as fields
from kravtui.interchange.docx import answer_marks as marks_layout
from kravtui.interchange.docx.answer_fields import FieldTag, read_tag
from kravtui.interchange.docx.answer_marks import SentMark, read_digest
from kravtui.interchange.docx.properties import CUSTOM_PART
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.ooxml_zip import checked_package

FILE_LIMIT = 64 * 1024 * 1024
"""The largest answer document read (5,000 answered requirements take a few MB)."""
PART_LIMIT = 256 * 1024 * 1024
"""The largest part read, inflated: the body is read a block at a time, so its size costs time,
not memory (5,000 requirements take 34 MB as kravtui writes them, twice that as LibreOffice
saves them again; a quarter of a gigabyte is read in seconds)."""
TOTAL_LIMIT = 512 * 1024 * 1024
"""All parts read together, inflated."""
PARSED_LIMIT = 64 * 1024 * 1024
"""The largest part read whole (the properties, the styles, relationships): the properties of
100,000 requirements take 25 MB."""
ITEM_LIMIT = 200_000
"""The most items the properties may list (a catalogue of 100,000 fits twice)."""
EXTRA_TABLES = 10_000
"""How many answer tables beyond the items sent a document may have before it is refused."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_MAIN_REL = _OFFICE + "officeDocument"
_CUSTOM_REL = _OFFICE + "custom-properties"
_STYLES_REL = _OFFICE + "styles"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"

_P, _TBL, _TR, _TC = f"{{{W}}}p", f"{{{W}}}tbl", f"{{{W}}}tr", f"{{{W}}}tc"
_SDT, _SDT_PR, _SDT_CONTENT = f"{{{W}}}sdt", f"{{{W}}}sdtPr", f"{{{W}}}sdtContent"
_T, _TAB, _BR, _CR = f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"
_VAL = f"{{{W}}}val"
_TAG = f"{{{W}}}tag"
_CHECKBOX = f"{{{W14}}}checkbox"
_CHECKED_14 = f"{{{W14}}}checked"
_VAL_14 = f"{{{W14}}}val"
_FORM_CHECKBOX = f"{{{W}}}checkBox"
_FALLBACK = f"{{{MC}}}Fallback"
_BODY = f"{{{W}}}body"

_TICKED = frozenset("\u2612\u2611")  # ☒ ☑
_UNTICKED = frozenset("\u2610")  # ☐
_TRUE = frozenset({"1", "true", "on"})
_HEADING_LEVEL = 2  # outline levels count from 0: a requirement is a Heading 3
_STYLE_DEPTH = 20  # how far a style's basedOn chain is followed


def read_answer_document(path: Path) -> ReturnedFile:
    """The answer document at `path`, read (see the module's docstring); `InterchangeError`."""
    source = str(path)
    if path.suffix.lower() in {".docm", ".dotm"}:
        raise InterchangeError(source, t("interchange.package.macros"))
    try:
        data = read_input_file(path, limit=FILE_LIMIT)
    except OSError as error:
        raise InterchangeError(source, str(error.strerror or error)) from None
    return read_answer_document_bytes(data, path.name, source)


def read_answer_document_bytes(data: bytes, name: str, source: str) -> ReturnedFile:
    """`read_answer_document` of bytes: `name` is the file's name as stored, `source` as shown."""
    digest = hashlib.sha256(data).hexdigest()
    with checked_package(data, source, part_limit=PART_LIMIT, total_limit=TOTAL_LIMIT) as package:
        reader = _Package(package, source)
        main = reader.main_part()
        identity, marks = _read_properties(reader, source)
        headings = _HeadingStyles(reader, main)
        body = _Body(source, identity.language, marks, headings)
        try:
            with package.open(main) as stream:
                for element in _blocks(stream, source, main):
                    body.take(element)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise InterchangeError(source, t("interchange.package.damaged")) from None
    sent = tuple(SentRecord(m.uid, m.content_hash, m.needs_elaboration) for m in marks.values())
    return ReturnedFile(
        source_name=name,
        sha256=digest,
        kind=SourceKind.DOCX,
        identity=identity,
        sent=sent,
        rows=tuple(body.rows()),
    )


# -- the package -----------------------------------------------------------------------------


def _etree() -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    return etree


_SAFE = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


@dataclass
class _Package:
    """The checked zip: its parts parsed safely, and where its relationships point."""

    package: zipfile.ZipFile
    source: str
    names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.names = frozenset(self.package.namelist())

    def parse(self, part: str) -> Any:
        """The part's root element; `InterchangeError` for damaged XML, a document type or a
        part larger than `PARSED_LIMIT`."""
        etree = _etree()
        if self.package.getinfo(part).file_size > PARSED_LIMIT:
            limit = PARSED_LIMIT // (1024 * 1024)
            raise InterchangeError(self.source, t("interchange.package.too_large", limit=limit))
        try:
            with self.package.open(part) as stream:
                tree = etree.parse(stream, etree.XMLParser(**_SAFE, remove_comments=True))
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise InterchangeError(self.source, t("interchange.package.damaged")) from None
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            raise InterchangeError(self.source, t("interchange.package.doctype", part=part))
        return tree.getroot()

    def has(self, part: str) -> bool:
        return part in self.names

    def related(self, rels: str, kind: str, base: str) -> str | None:
        """The part the relationship of type `kind` in the `rels` part points at (a target
        relative to the folder `base`), if it is in the package."""
        if not self.has(rels):
            return None
        for relation in self.parse(rels).iter(f"{{{_RELS}}}Relationship"):
            if relation.get("Type") != kind or relation.get("TargetMode") == "External":
                continue
            target = str(relation.get("Target") or "")
            joined = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"
            part = posixpath.normpath(joined).lstrip("/")
            if self.has(part):
                return part
        return None

    def main_part(self) -> str:
        """The main document part; `InterchangeError` when the package is no Word document."""
        main = self.related("_rels/.rels", _MAIN_REL, "")
        if main is None or not main.endswith(".xml") or self.has("xl/workbook.xml"):
            raise InterchangeError(self.source, t("answers.docx.not_a_document"))
        return main


def _read_properties(reader: _Package, source: str) -> tuple[ReturnedIdentity, dict[str, SentMark]]:
    """The identity the document claims and each item as sent, in document order."""
    part = reader.related("_rels/.rels", _CUSTOM_REL, "") or (
        CUSTOM_PART if reader.has(CUSTOM_PART) else None
    )
    if part is None:
        raise InterchangeError(source, t("answers.docx.not_ours"))
    values: dict[str, str] = {}
    for prop in reader.parse(part).iter(f"{{{_CUSTOM}}}property"):
        name = str(prop.get("name") or "")
        if not name.startswith(marks_layout.PREFIX):
            continue
        if len(values) > ITEM_LIMIT + 20 or name in values:
            raise InterchangeError(source, t("answers.docx.not_ours"))
        value = "".join(prop.itertext())
        _check_text(value, f"{source}:{part}", name)
        values[name] = value
    identity = _identity(values, source)
    marks: dict[str, SentMark] = {}
    try:
        count = int(values.get(marks_layout.KEY_ITEMS, ""))
    except ValueError:
        raise InterchangeError(source, t("answers.docx.not_ours")) from None
    if not 0 <= count <= ITEM_LIMIT:
        raise InterchangeError(source, t("answers.docx.not_ours"))
    for index in range(1, count + 1):
        mark = marks_layout.read_item_value(values.get(marks_layout.item_key(index), ""))
        if mark is None or mark.uid in marks:
            raise InterchangeError(source, t("answers.docx.not_ours"))
        marks[mark.uid] = mark
    return identity, marks


def _identity(values: dict[str, str], source: str) -> ReturnedIdentity:
    found = values.get(marks_layout.KEY_FORMAT, "")
    if found != marks_layout.FORMAT:
        key = (
            "answers.docx.newer"
            if found.startswith(marks_layout.FORMAT_FAMILY)
            else "answers.docx.not_ours"
        )
        raise InterchangeError(source, t(key, format=found))
    try:
        return ReturnedIdentity(
            selection_id=int(values[marks_layout.KEY_SELECTION]),
            created_at=values[marks_layout.KEY_CREATED],
            version=int(values[marks_layout.KEY_VERSION]),
            language=values.get(marks_layout.KEY_LANGUAGE, "da"),
            prices_requested=values.get(marks_layout.KEY_PRICES, "1") != "0",
        )
    except (KeyError, ValueError):
        raise InterchangeError(source, t("answers.docx.not_ours")) from None


def _check_text(text: str, place: str, what: str) -> None:
    refused = refused_character(text)
    if refused is not None:
        raise InterchangeError(place, refusal_reason(refused, one_line=False), key=what)


class _HeadingStyles:
    """Which paragraph styles are headings, and of which outline level (from 0), followed
    through the styles they are based on."""

    def __init__(self, reader: _Package, main: str) -> None:
        folder = posixpath.dirname(main)
        rels = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
        part = reader.related(rels, _STYLES_REL, folder)
        self.levels: dict[str, int | None] = {}
        if part is None:
            return
        based: dict[str, str] = {}
        own: dict[str, int] = {}
        for style in reader.parse(part).iter(f"{{{W}}}style"):
            if style.get(f"{{{W}}}type") not in (None, "paragraph"):
                continue
            style_id = str(style.get(f"{{{W}}}styleId") or "")
            parent = style.find(f"{{{W}}}basedOn")
            if parent is not None:
                based[style_id] = str(parent.get(_VAL) or "")
            level = _outline_level(style.find(f"{{{W}}}pPr"))
            name = style.find(f"{{{W}}}name")
            named = str(name.get(_VAL) or "").casefold() if name is not None else ""
            if level is None and named.startswith("heading ") and named[8:].isdigit():
                level = int(named[8:]) - 1
            if level is not None:
                own[style_id] = level
        for style_id in {*based, *own}:
            current: str | None = style_id
            for _ in range(_STYLE_DEPTH):
                if current is None or current in own:
                    break
                current = based.get(current)
            self.levels[style_id] = own.get(current) if current is not None else None

    def level(self, paragraph: Any) -> int | None:
        """The paragraph's outline level, None when it is no heading."""
        properties = paragraph.find(f"{{{W}}}pPr")
        direct = _outline_level(properties)
        if direct is not None:
            return direct
        style = properties.find(f"{{{W}}}pStyle") if properties is not None else None
        if style is None:
            return None
        return self.levels.get(str(style.get(_VAL) or ""))


def _outline_level(properties: Any) -> int | None:
    if properties is None:
        return None
    outline = properties.find(f"{{{W}}}outlineLvl")
    value = str(outline.get(_VAL) or "") if outline is not None else ""
    return int(value) if value.isdigit() and int(value) < 9 else None


def _blocks(stream: Any, source: str, part: str) -> Iterator[Any]:
    """The body's paragraphs and tables in order, not those inside another; each is freed
    once the caller took it, so memory holds one at a time."""
    etree = _etree()
    events = etree.iterparse(stream, events=("end",), tag=(_P, _TBL), remove_comments=True, **_SAFE)
    checked = False
    try:
        for _, element in events:
            if not checked:
                info = element.getroottree().docinfo
                if info.doctype or info.internalDTD is not None:
                    raise InterchangeError(source, t("interchange.package.doctype", part=part))
                checked = True
            if not _top_level(element):
                continue
            yield element
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError:
        raise InterchangeError(source, t("interchange.package.damaged")) from None


def _top_level(element: Any) -> bool:
    """Whether the paragraph or table stands in the body (or a control there), not in a
    table, a text box or another paragraph."""
    parent = element.getparent()
    while parent is not None and parent.tag != _BODY:
        if parent.tag in (_P, _TBL):
            return False
        parent = parent.getparent()
    return parent is not None


# -- reading text and boxes ------------------------------------------------------------------


_MARKS = {_TAB: "\t", _BR: "\n", _CR: "\n"}


def _text(element: Any) -> str:
    """The text an element shows: its paragraphs on lines of their own, tabs and breaks kept."""
    if element.find(f".//{_FALLBACK}") is None:  # no content given twice: read it directly
        paragraphs = list(element.iter(_P))
        if not paragraphs:
            return _plain(element)
        if all(paragraph.find(f".//{_P}") is None for paragraph in paragraphs):
            return "\n".join(_plain(paragraph) for paragraph in paragraphs)
    lines: list[str] = []
    current: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag == _FALLBACK:
                continue  # the same content again, for older readers
            if tag == _T:
                current.append(child.text or "")
            elif tag in _MARKS:
                current.append(_MARKS[tag])
            elif tag == _P:
                if current:
                    lines.append("".join(current))
                    current.clear()
                walk(child)
                lines.append("".join(current))
                current.clear()
            elif isinstance(tag, str):
                walk(child)

    walk(element)
    if current:
        lines.append("".join(current))
    return _lines("\n".join(lines))


def _plain(element: Any) -> str:
    """The text of an element that holds no paragraph within a paragraph."""
    pieces = element.iter(_T, _TAB, _BR, _CR)
    return _lines(
        "".join((node.text or "") if node.tag == _T else _MARKS[node.tag] for node in pieces)
    )


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True, slots=True)
class _Box:
    ticked: bool
    label: str = ""
    choice: Choice | None = None  # from its tag


def _boxes(cell: Any) -> list[_Box]:
    """The check boxes of a cell in order, each with the text that follows it as its label."""
    found: list[tuple[bool, Choice | None]] = []
    labels: list[list[str]] = [[]]
    controls: list[Any] = []  # the check-box controls met: their own text is no label

    def box(ticked: bool, choice: Choice | None = None) -> None:
        found.append((ticked, choice))
        labels.append([])

    for node in cell.iter(_SDT, _FORM_CHECKBOX, _T, _TAB, _BR, _CR, _FALLBACK):
        tag = node.tag
        if tag == _FALLBACK or _within(node, controls, cell):
            continue
        if tag == _SDT:
            if _is_checkbox(node):
                controls.append(node)
                tagged = _tag(node)
                box(_checkbox_ticked(node), tagged.choice if tagged is not None else None)
        elif tag == _FORM_CHECKBOX:
            box(_form_ticked(node))
        elif tag == _T:
            for character in node.text or "":
                if character in _TICKED or character in _UNTICKED:
                    box(character in _TICKED)
                else:
                    labels[-1].append(character)
        else:
            labels[-1].append(" ")
    return [
        _Box(ticked, "".join(label).strip(" \u00a0\t"), choice)
        for (ticked, choice), label in zip(found, labels[1:], strict=True)
    ]


def _within(node: Any, skipped: list[Any], top: Any) -> bool:
    """Whether `node` stands inside one of the `skipped` elements or an ``mc:Fallback``."""
    parent = node.getparent()
    while parent is not None and parent is not top:
        if parent.tag == _FALLBACK or (parent.tag == _SDT and parent in skipped):
            return True
        parent = parent.getparent()
    return False


def _is_checkbox(sdt: Any) -> bool:
    properties = sdt.find(_SDT_PR)
    return properties is not None and properties.find(_CHECKBOX) is not None


def _checkbox_ticked(sdt: Any) -> bool:
    state = sdt.find(f"{_SDT_PR}/{_CHECKBOX}/{_CHECKED_14}")
    if state is not None:
        return str(state.get(_VAL_14) or "").lower() in _TRUE
    shown = _text(sdt.find(_SDT_CONTENT) if sdt.find(_SDT_CONTENT) is not None else sdt)
    return any(character in _TICKED for character in shown)


def _form_ticked(box: Any) -> bool:
    """An old form check box (``FORMCHECKBOX``): its state, else its default."""
    for name in ("checked", "default"):
        found = box.find(f"{{{W}}}{name}")
        if found is not None:
            return str(found.get(_VAL) or "1").lower() in _TRUE
    return False


def _tag(sdt: Any) -> FieldTag | None:
    tag = sdt.find(f"{_SDT_PR}/{{{W}}}tag")
    return read_tag(str(tag.get(_VAL) or "")) if tag is not None else None


@cache
def _label_choices() -> dict[str, Choice]:
    """The check boxes' labels in both languages (the document's own words for them)."""
    labels: dict[str, Choice] = {}
    for language in ("da", "en"):
        for name, choice in fields.BOX_CHOICES:
            labels[" ".join(t(f"docx.choice.{name}", language).casefold().split())] = choice
    return labels


def _box_choice(box: _Box, index: int, count: int) -> Choice | None:
    """The choice a box stands for: its tag, else its label, else its place among five."""
    if box.choice is not None:
        return box.choice
    label = " ".join(box.label.casefold().split())
    found = _label_choices().get(label) or read_choice(box.label).choice
    if found is None and count == len(fields.BOX_CHOICES):
        found = fields.BOX_CHOICES[index][1]
    return found


# -- the body --------------------------------------------------------------------------------


@dataclass
class _Requirement:
    """A requirement heading and what follows it up to its answer table; once that is read,
    only the digest of what it shows (`answer_marks.read_digest`) is kept."""

    uid: str
    heading: str
    texts: list[str] = field(default_factory=list)
    answered: bool = False  # its answer table was read
    shown: str = ""

    def close(self) -> None:
        if not self.shown:
            self.shown = read_digest([self.heading, *self.texts])
            self.texts = []


@dataclass
class _Table:
    """An answer table read: the cells of its fields, as text and boxes."""

    uid: str
    boxes: list[_Box]
    elaboration: str
    price: str


class _Body:
    """Reads the body block by block into answer rows (see the module's docstring)."""

    def __init__(
        self, source: str, language: str, marks: dict[str, SentMark], headings: _HeadingStyles
    ) -> None:
        self.source = source
        self.language = language
        self.marks = marks
        self.headings = headings
        self.current: _Requirement | None = None
        self.seen: dict[str, _Requirement] = {}
        self.tables: list[_Table] = []
        self.limit = len(marks) + EXTRA_TABLES

    def take(self, element: Any) -> None:
        if element.tag == _P:
            self._paragraph(element)
        else:
            self._table(element)

    def _paragraph(self, paragraph: Any) -> None:
        level = self.headings.level(paragraph)
        text = _text(paragraph)
        if level is not None:
            if self.current is not None:
                self.current.close()
            uid = self._uid(text) if level == _HEADING_LEVEL else None
            self.current = _Requirement(uid, text) if uid is not None else None
            if self.current is not None:
                self.seen.setdefault(self.current.uid, self.current)
            return
        if self.current is not None and not self.current.answered:
            self.current.texts.append(text)

    def _uid(self, heading: str) -> str | None:
        """The uid of an item sent that the heading begins with (after its number)."""
        words = heading.split(maxsplit=2)[:2]
        for word in words:
            # the heading shows a uid's hidden characters as escapes (`visible_in_documents`)
            for uid in (word, restore_from_documents(word)):
                if uid in self.marks:
                    return uid
        return None

    def _table(self, table: Any) -> None:
        tagged = self._tagged(table)
        current = self.current
        if tagged:
            for uid, controls in tagged.items():
                self._add(self._read(table, uid, controls))
                if current is not None and current.uid == uid:
                    current.answered = True
                    current.close()
            return
        if current is None or current.answered:
            return
        read = self._read(table, current.uid, {})
        if read.boxes:
            current.answered = True
            current.close()
            self._add(read)
        else:  # a table of the vendor's own inside the requirement: part of what it shows
            current.texts.append(_text(table))

    def _add(self, table: _Table) -> None:
        self.tables.append(table)
        if len(self.tables) > self.limit:
            raise InterchangeError(self.source, t("answers.docx.too_many_tables", limit=self.limit))

    def _tagged(self, table: Any) -> dict[str, dict[str, list[tuple[Any, FieldTag]]]]:
        """The table's kravtui controls: uid -> field -> (control, tag), in document order."""
        found: dict[str, dict[str, list[tuple[Any, FieldTag]]]] = {}
        for element in table.iter(_TAG):
            properties = element.getparent()
            sdt = properties.getparent() if properties.tag == _SDT_PR else None
            if sdt is None or sdt.tag != _SDT:
                continue
            tag = read_tag(str(element.get(_VAL) or ""))
            if tag is not None:
                found.setdefault(tag.uid, {}).setdefault(tag.field, []).append((sdt, tag))
        return found

    def _read(
        self, table: Any, uid: str, controls: dict[str, list[tuple[Any, FieldTag]]]
    ) -> _Table:
        """The table's fields for `uid`: from its tagged controls, else by their places."""
        rows = [_cells(row) for row in _rows(table)]
        by_place = [row[-1] if row else None for row in rows[:3]]
        by_place += [None] * (3 - len(by_place))
        boxed = controls.get(fields.CHOICE_FIELD)
        if boxed:
            boxes = [
                _Box(_checkbox_ticked(sdt), choice=tag.choice)
                for sdt, tag in boxed
                if _is_checkbox(sdt)
            ]
        else:
            boxes = _boxes(by_place[0]) if by_place[0] is not None else []
        texts = []
        for place, name in ((1, fields.ELABORATION_FIELD), (2, fields.PRICE_FIELD)):
            tagged = controls.get(name)
            cell = _cell_of(tagged[0][0]) if tagged else by_place[place]
            texts.append(_text(cell) if cell is not None else "")
        return _Table(uid, boxes, texts[0], texts[1])

    def rows(self) -> Iterator[ReturnedRow]:
        if self.current is not None:
            self.current.close()
        for table in self.tables:
            yield self._row(table)

    def _row(self, table: _Table) -> ReturnedRow:
        uid = table.uid
        place = f"{self.source}:{uid}"
        ticked = [
            _box_choice(box, index, len(table.boxes)) for index, box in enumerate(table.boxes)
        ]
        chosen = [
            (choice_label(choice, self.language) if choice is not None else box.label)
            for box, choice in zip(table.boxes, ticked, strict=True)
            if box.ticked
        ]
        choice_text = " + ".join(chosen)
        for text, key in (
            (uid, "answers.column.uid"),
            (choice_text, "answers.column.choice"),
            (table.elaboration, "answers.column.elaboration"),
            (table.price, "answers.column.price"),
        ):
            _check_text(text, place, t(key))
        requirement = self.seen.get(uid)
        mark = self.marks.get(uid)
        if requirement is None:
            changed = True  # the heading is gone, or no longer names the requirement
            title = ""
        else:
            changed = mark is None or requirement.shown != mark.shown
            title = requirement.heading.split(uid, 1)[-1].strip()
        return ReturnedRow(
            place=uid,
            uid=uid,
            title=title,
            description="",  # compared by its digest above; not kept
            priority=None,
            priority_text="",
            choice_text=choice_text,
            elaboration=table.elaboration,
            price=table.price,
            text_changed=changed,
        )


def _rows(table: Any) -> list[Any]:
    """A table's rows, also those inside a content control."""
    return [row for row in table.iter(_TR) if _owner(row, _TBL) is table]


def _cells(row: Any) -> list[Any]:
    return [cell for cell in row.iter(_TC) if _owner(cell, _TR) is row]


def _owner(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _cell_of(control: Any) -> Any:
    """The table cell a control stands in (the control itself when it is in none)."""
    cell = _owner(control, _TC)
    return cell if cell is not None else control
