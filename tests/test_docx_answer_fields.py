"""The DOCX's answer fields can be read back: every field is a content control tagged with its
item and field, and the document records the selection and each item as sent, with the content
hash the XLSX answer sheet records too; the same selection still gives the same bytes."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from test_docx_support import custom_properties, small_selection

from kravtui.answers.records import CHOICE_ORDER
from kravtui.answers.sent import content_hash, sent_selection
from kravtui.interchange.answer_sheet import answer_sheet_bytes
from kravtui.interchange.docx.export import export_selection_docx
from kravtui.interchange.docx.model import ExportOptions
from tests.answers_helpers import UIDS, dialogue_catalogue

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def q(name: str, namespace: str = W) -> str:
    return f"{{{namespace}}}{name}"


@pytest.fixture
def dialogue(tmp_path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    conn, selection_id = dialogue_catalogue(tmp_path / "c.db")
    yield conn, selection_id
    conn.close()


def export(conn: sqlite3.Connection, selection_id: int, path: Path, **options: bool) -> Path:
    export_selection_docx(conn, selection_id, path, ExportOptions(**options))
    return path


def controls(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    found = {}
    for sdt in root.iter(q("sdt")):
        tag = sdt.find(f"{q('sdtPr')}/{q('tag')}")
        if tag is not None:
            found[tag.get(q("val"))] = sdt
    return found


def properties(path: Path) -> dict[str, str]:
    lines = custom_properties(path)
    return dict(line.removeprefix("[property] ").split(" = ", 1) for line in lines)


def test_every_answer_field_is_a_tagged_content_control(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    found = controls(export(*dialogue, tmp_path / "spec.docx"))
    assert list(found) == [
        tag
        for uid in UIDS
        for tag in (
            *(f"kravtui/{uid}/choice/{choice.value}" for choice in CHOICE_ORDER),
            f"kravtui/{uid}/elaboration",
            f"kravtui/{uid}/price",
        )
    ]
    box = found["kravtui/LOG-1/choice/yes_addon"]
    properties_ = box.find(q("sdtPr"))
    assert properties_.find(q("alias")).get(q("val")) == "LOG-1: Ja, som tilkøb"
    assert properties_.find(q("lock")).get(q("val")) == "sdtLocked"
    assert properties_.find(f"{q('checkbox', W14)}/{q('checked', W14)}").get(q("val", W14)) == "0"
    elaboration = found["kravtui/LOG-1/elaboration"]
    assert elaboration.getparent().getparent().tag == q("tc")  # in the cell's paragraph
    assert elaboration.find(f"{q('sdtPr')}/{q('alias')}").get(q("val")) == "LOG-1: Uddybning"
    assert elaboration.find(f"{q('sdtContent')}/{q('r')}/{q('t')}") is not None
    price = found["kravtui/LOG-1/price"]
    assert price.find(f"{q('sdtPr')}/{q('alias')}").get(q("val")) == "LOG-1: Pris (kr. ekskl. moms)"


def test_the_document_records_the_selection_and_each_item_as_the_answer_sheet_does(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    conn, selection_id = dialogue
    found = properties(export(conn, selection_id, tmp_path / "spec.docx"))
    sent = sent_selection(conn, selection_id)
    assert found["kravtui.format"] == "kravtui-answers-docx/1"
    assert found["kravtui.selection"] == str(sent.selection_id)
    assert found["kravtui.created"] == sent.created_at
    assert found["kravtui.version"] == str(sent.version)
    assert (found["kravtui.language"], found["kravtui.prices"]) == ("da", "1")
    assert found["kravtui.items"] == "4"
    items = [found[f"kravtui.item.{index:06d}"].split(" ") for index in range(1, 5)]
    assert [(uid, digest, flag) for uid, digest, _, flag in items] == [
        (item.uid, content_hash(item), "1" if item.needs_elaboration else "0")
        for item in sent.items
    ]
    assert [flag for *_, flag in items] == ["0", "1", "0", "0"]  # SIK-2 needs an elaboration
    sheet = load_workbook(io.BytesIO(answer_sheet_bytes(sent)))["kravtui"]
    hashes = {row[0].value: row[1].value for row in sheet.iter_rows(min_row=8) if row[0].value}
    assert {uid: digest for uid, digest, _, _ in items} == hashes
    assert all(len(value) < 255 for value in found.values())  # what Word edits in a property


def test_the_same_selection_gives_the_same_bytes_with_the_properties_last(
    tmp_path: Path,
) -> None:
    conn, selection_id = small_selection(tmp_path / "c.db")
    first = export(conn, selection_id, tmp_path / "a.docx").read_bytes()
    second = export(conn, selection_id, tmp_path / "b.docx").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        names = package.namelist()
        assert names[0] == "[Content_Types].xml" and names[-1] == "docProps/custom.xml"
        assert "custom-properties" in package.read("_rels/.rels").decode()
        types = package.read("[Content_Types].xml").decode()
        assert 'PartName="/docProps/custom.xml"' in types
    conn.close()


def test_a_document_without_answer_fields_has_no_controls_or_properties(
    dialogue: tuple[sqlite3.Connection, int], tmp_path: Path
) -> None:
    path = export(*dialogue, tmp_path / "plain.docx", answer_fields=False)
    assert controls(path) == {}
    with zipfile.ZipFile(path) as package:
        assert "docProps/custom.xml" not in package.namelist()
        assert "custom-properties" not in package.read("_rels/.rels").decode()
