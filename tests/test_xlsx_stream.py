"""The XLSX row reader: the plain form read by patterns (`xlsx_plain`) gives exactly what lxml
gives (`XlsxBook.parsed_rows`) for the same sheet, hands over to lxml at anything outside the
form, and both refuse the same damaged and far-reaching sheets."""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import pytest

from kravtui.application.export import check_target, export_catalogue, export_selection
from kravtui.interchange.xlsx_cells import SheetTooLarge
from kravtui.interchange.xlsx_plain import PlainRows
from kravtui.interchange.xlsx_stream import XlsxBook, parse_error
from tests.selection_builder import build_catalogue, build_selection

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/>'
    "</cellXfs></styleSheet>"
)
STRINGS = f'<sst xmlns="{MAIN}"><si><t>delt</t></si><si><r><t>ri</t></r><r><t>g</t></r></si></sst>'


def package(sheet: str | bytes) -> zipfile.ZipFile:
    """A workbook of one sheet whose part is `sheet`."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as book:
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Krav" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>',
        )
        book.writestr("xl/styles.xml", STYLES)
        book.writestr("xl/sharedStrings.xml", STRINGS)
        book.writestr("xl/worksheets/sheet1.xml", sheet)
    return zipfile.ZipFile(io.BytesIO(data.getvalue()))


def read(sheet: str | bytes) -> tuple[list[tuple[int, dict[int, object]]], bool]:
    """The rows as `rows` gives them (checked to be lxml's), and whether patterns handed over."""
    book = XlsxBook(package(sheet))
    part = book.sheets[0]
    rows = list(book.rows(part))
    assert rows == list(book.parsed_rows(part))
    with book.package.open(part.part) as stream:
        plain = PlainRows(stream, book.strings, book.dates)
        list(plain)
    return rows, plain.handed_over


def sheet(rows: str, head: str = HEAD, tail: str = "") -> str:
    return f"{head}<sheetData>{rows}</sheetData>{tail}</worksheet>"


PLAIN = {
    "inline, shared, number, boolean, error": (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Navn</t></is></c><c r="B1" t="s"><v>0</v></c>'
        '<c r="C1"><v>417.0</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c>'
        '<c r="F1" t="s"><v>1</v></c></row>',
        [(1, {0: "Navn", 1: "delt", 2: 417, 3: True, 4: "#N/A", 5: "rig"})],
    ),
    "a date style, a formula's cached text": (
        '<row r="2"><c r="A2" s="1"><v>45293</v></c><c r="B2" t="str"><f>A1&amp;"x"</f>'
        '<v>tekst</v></c><c r="C2"><f t="shared" si="0"/><v>3</v></c></row>',
        [(2, {0: datetime.datetime(2024, 1, 2), 1: "tekst", 2: 3})],
    ),
    "entities, escapes, line ends": (
        '<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve">a &amp; b &lt;c&gt; '
        "&#230;&#xF8;&#x1F600; &quot;&apos;</t></is></c>"
        '<c r="B3" t="inlineStr"><is><t>en_x000D_to\r\ntre\rfire&#13;</t></is></c></row>',
        [(3, {0: "a & b <c> æø😀 \"'", 1: "en\rto\ntre\nfire\r"})],
    ),
    "places left out, gaps, empty cells and rows": (
        '<row><c t="inlineStr"><is><t>a</t></is></c><c/><c t="inlineStr"><is><t/></is></c>'
        '<c r="E1"><v></v></c><c t="inlineStr"><is><t>f</t></is></c></row><row r="7"/>'
        '<row spans="1:2"><c r="B8" s="0" t="inlineStr"><is><t>b</t></is></c></row>',
        [(1, {0: "a", 5: "f"}), (8, {1: "b"})],
    ),
    "pretty printed, with other writers' attributes": (
        '\n  <row r="1" spans="1:2" x14ac:dyDescent="0.25">\n    <c r="A1" s="0" t="s">\n'
        "      <v>0</v>\n    </c>\n  </row>\n",
        [(1, {0: "delt"})],
    ),
}


@pytest.mark.parametrize("name", PLAIN)
def test_plain_rows_are_read_by_patterns_as_lxml_reads_them(name: str) -> None:
    rows, expected = PLAIN[name]
    head = HEAD[: HEAD.index("<worksheet")] + (
        f'<worksheet xmlns="{MAIN}" '
        'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
    )
    assert read(sheet(rows, head)) == (expected, False)


OUTSIDE = {
    "a comment between rows": '<row r="1"><c r="A1"><v>1</v></c></row><!-- x --><row r="2">'
    '<c r="A2"><v>2</v></c></row>',
    "a CDATA text": '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" '
    't="inlineStr"><is><t><![CDATA[<b>]]></t></is></c></row>',
    "rich inline text": '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" '
    't="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>',
    "single quotes": '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r=\'A2\'><v>2</v>'
    "</c></row>",
    "an empty value element": '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2">'
    "<v/></c></row>",
    "text between cells": '<row r="1"><c r="A1"><v>1</v></c>x<c r="B1"><v>2</v></c></row>',
    "a namespace declared on a row": '<row r="1"><c r="A1"><v>1</v></c></row>'
    f'<row r="2" xmlns="{MAIN}"><c r="A2"><v>2</v></c></row>',
    "a row in another namespace": '<row r="1"><c r="A1"><v>1</v></c></row>'
    '<row r="2" xmlns="urn:x"><c r="A2"><v>2</v></c></row>',
}


@pytest.mark.parametrize("name", OUTSIDE)
def test_lxml_reads_on_from_the_first_row_outside_the_plain_form(name: str) -> None:
    rows, handed_over = read(sheet(OUTSIDE[name]))
    assert handed_over
    assert rows[0][0] == 1 and rows[0][1][0] == 1


def test_a_row_after_the_sheet_data_is_read_as_lxml_reads_it() -> None:
    tail = '<extLst><row r="9"><c r="A9"><v>9</v></c></row></extLst>'
    rows, handed_over = read(sheet('<row r="1"><c r="A1"><v>1</v></c></row>', tail=tail))
    assert handed_over and rows == [(1, {0: 1}), (9, {0: 9})]


@pytest.mark.parametrize(
    "head",
    [
        f'<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns="{MAIN}">',
        f'<worksheet xmlns="{MAIN}"><!-- <sheetData> -->',
        f'<worksheet xmlns="{MAIN}"><sheetPr><sheetData><row r="5"><c r="A5"><v>5</v></c>'
        "</row></sheetData></sheetPr>",
        '<worksheet xmlns="urn:other">',
        f'<x:worksheet xmlns:x="{MAIN}">',
    ],
)
def test_a_head_outside_the_plain_form_is_read_by_lxml(head: str) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    text = sheet(rows, head=head)
    if head.startswith("<x:"):
        text = text.replace("</worksheet>", "</x:worksheet>")
    data = text.encode("latin-1" if "8859" in head else "utf-8")
    found, handed_over = read(data)
    assert handed_over
    assert found == list(XlsxBook(package(data)).parsed_rows(XlsxBook(package(data)).sheets[0]))


@pytest.mark.parametrize(
    "damage",
    [
        "</worksheet>",  # cut off after the rows
        "<worksheet>",  # cut off inside them
    ],
)
def test_a_damaged_sheet_is_refused_both_ways(damage: str) -> None:
    whole = sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>')
    cut = whole[: whole.index("</worksheet>")] if damage == "</worksheet>" else whole[:150]
    book = XlsxBook(package(cut))
    with pytest.raises(parse_error()):
        list(book.rows(book.sheets[0]))
    with pytest.raises(parse_error()):
        list(book.parsed_rows(book.sheets[0]))


@pytest.mark.parametrize(
    "text",
    ["a &foo; b", "a & b", "&#1;", "tegn \x01 her"],
)
def test_text_xml_does_not_allow_is_refused_as_lxml_refuses_it(text: str) -> None:
    rows = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>'
    book = XlsxBook(package(sheet(rows)))
    with pytest.raises(parse_error()):
        list(book.rows(book.sheets[0]))


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ('<row r="300000"><c r="A300000"><v>1</v></c></row>', (300000, 1)),
        ('<row r="1"><c r="A1"><v>1</v></c><c r="A1048576"><v>1</v></c></row>', (1048576, 1)),
        ('<row r="1"><c r="TA1"><v>1</v></c></row>', (1, 521)),
        ('<row r="99999999999999999999"/>', (99999999999999999999, 1)),
    ],
)
def test_a_cell_too_far_stops_the_reading_both_ways(rows: str, where: tuple[int, int]) -> None:
    book = XlsxBook(package(sheet(rows)))
    for reading in (book.rows, book.parsed_rows):
        with pytest.raises(SheetTooLarge) as raised:
            list(reading(book.sheets[0]))
        assert (raised.value.row, raised.value.column) == where


def test_kravtuis_own_sheets_are_read_by_patterns(tmp_path: Path) -> None:
    """The exports write the plain form, so importing one takes the fast path."""
    conn = build_catalogue(tmp_path / "c.db")
    selection_id = build_selection(conn)
    paths = [tmp_path / "katalog.xlsx", tmp_path / "udvalg.xlsx"]
    export_catalogue(conn, paths[0], "xlsx")
    export_selection(conn, selection_id, check_target(conn, paths[1], create_folder=False), "xlsx")
    conn.close()
    for path in paths:
        book = XlsxBook(zipfile.ZipFile(path))
        for part in book.sheets:
            with book.package.open(part.part) as stream:
                plain = PlainRows(stream, book.strings, book.dates)
                rows = list(plain)
            assert not plain.handed_over and rows == list(book.parsed_rows(part))
            assert plain.given > 1
