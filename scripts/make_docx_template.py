"""Generate kravtui's bundled DOCX template: `kravtui/interchange/docx/template.docx`.

Run from the repository root: `python3 scripts/make_docx_template.py [OUTPUT]`. The template
owns the look of every exported requirement specification: the styles (Title, Heading 1-3, TOC,
the kravtui paragraph and table styles), the multilevel heading numbering 1 / 1.2 / 1.2.3
(numbering.xml, linked to the heading styles), A4 pages, the header (the document title through
a TITLE field) and the footer ("Side X af Y" through PAGE and NUMPAGES fields; English exports
say "Page X of Y"). The exporter replaces the body and keeps everything else.

The output is deterministic: running the script twice gives the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor, Twips

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kravtui.interchange.docx.package import read_parts, zip_parts  # noqa: E402

OUTPUT = ROOT / "kravtui" / "interchange" / "docx" / "template.docx"

FONT = "Calibri"
INK = "262626"
NAVY = "1F3864"
GREY = "595959"
RULE = "A6B4C8"
FILL = "E8EDF4"
HEADING_NUM_ID = 20
TEXT_WIDTH = 11906 - 2 * 1304  # A4 width minus the left and right margins, in twips
# Hanging indents (twips) that hold the widest heading numbers, "99", "99.99" and "99.99.99",
# plus a gap, in bold DejaVu Sans (what LibreOffice falls back to without Calibri; wider than
# Calibri): a number wider than its indent runs into the text in LibreOffice ("10.1.1SLA-001").
HEADING_NUMBER_WIDTHS = (567, 964, 1191)
TOC1_NUMBER, TOC2_NUMBER = 567, 794  # the contents' number columns: "99" and "99.99"

KEEP_STYLES = {
    "Normal",
    "Default Paragraph Font",
    "Normal Table",
    "No List",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "TOC Heading",
    "Header",
    "Footer",
    "Hyperlink",
}


def main(output: Path = OUTPUT) -> None:
    document = docx.Document()
    _page_setup(document)
    _prune_styles(document)
    _base_styles(document)
    _heading_styles(document)
    _toc_styles(document)
    _kravtui_styles(document)
    _numbering(document)
    _header_footer(document)
    _drop_extra_parts(document)
    _tidy_styles(document)
    _modern_layout(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.insert(0, parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="Title"/></w:pPr></w:p>'))
    core = document.core_properties
    core.author = "kravtui"
    core.comments = ""
    core.title = "Kravspecifikation"
    temporary = output.with_suffix(".tmp")
    document.save(str(temporary))
    parts = read_parts(temporary.read_bytes())
    temporary.unlink()
    output.write_bytes(zip_parts(parts))
    print(f"wrote {output} ({output.stat().st_size} bytes)")


def _page_setup(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width = Twips(11906)
    section.page_height = Twips(16838)
    section.left_margin = section.right_margin = Twips(1304)
    section.top_margin = Twips(1418)
    section.bottom_margin = Twips(1304)
    section.header_distance = Twips(624)
    section.footer_distance = Twips(567)
    section.different_first_page_header_footer = True


def _prune_styles(document: docx.document.Document) -> None:
    for style in list(document.styles):
        if style.name not in KEEP_STYLES:
            style.delete()
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    rpr.append(
        parse_xml(
            f'<w:rFonts {nsdecls("w")} w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" '
            f'w:cs="{FONT}"/>'
        )
    )
    rpr.append(parse_xml(f'<w:sz {nsdecls("w")} w:val="21"/>'))
    rpr.append(parse_xml(f'<w:szCs {nsdecls("w")} w:val="21"/>'))
    rpr.append(
        parse_xml(f'<w:lang {nsdecls("w")} w:val="da-DK" w:eastAsia="en-US" w:bidi="ar-SA"/>')
    )
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(ppr):
        ppr.remove(child)
    ppr.append(
        parse_xml(f'<w:spacing {nsdecls("w")} w:after="120" w:line="269" w:lineRule="auto"/>')
    )


def _paragraph_style(
    document: docx.document.Document, name: str, based_on: str | None = "Normal"
) -> docx.styles.style.ParagraphStyle:
    styles = document.styles
    style = styles[name] if name in [s.name for s in styles] else None
    if style is None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    element = style.element
    for tag in ("w:pPr", "w:rPr"):
        found = element.find(qn(tag))
        if found is not None:
            element.remove(found)
    style.base_style = styles[based_on] if based_on else None
    style.quick_style = True
    style.hidden = False
    style.unhide_when_used = False
    return style


def _font(
    style: docx.styles.style.ParagraphStyle, size: float, colour: str, *, bold: bool = False
) -> None:
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor.from_string(colour)
    style.font.bold = True if bold else None


def _spacing(style: docx.styles.style.ParagraphStyle, before: float, after: float) -> None:
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)


def _ppr_append(style: docx.styles.style.ParagraphStyle, xml: str) -> None:
    """Append pPr children in schema order (callers pass them in order)."""
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(xml))


def _base_styles(document: docx.document.Document) -> None:
    normal = document.styles["Normal"]
    normal.font.color.rgb = RGBColor.from_string(INK)
    normal.paragraph_format.widow_control = True
    title = _paragraph_style(document, "Title")
    _font(title, 28, NAVY, bold=True)
    _spacing(title, 0, 12)
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.line_spacing = 1.0
    _ppr_append(
        title,
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="12" w:space="10" '
        f'w:color="{NAVY}"/></w:pBdr>',
    )
    subtitle = _paragraph_style(document, "Subtitle")
    _font(subtitle, 13, GREY)
    _spacing(subtitle, 0, 4)
    subtitle.font.all_caps = True
    subtitle.element.get_or_add_rPr().append(parse_xml(f'<w:spacing {nsdecls("w")} w:val="20"/>'))
    header = _paragraph_style(document, "Header")
    _font(header, 8.5, GREY)
    _spacing(header, 0, 0)
    _ppr_append(
        header,
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="4" '
        f'w:color="{RULE}"/></w:pBdr>',
    )
    footer = _paragraph_style(document, "Footer")
    _font(footer, 8.5, GREY)
    _spacing(footer, 0, 0)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _heading_styles(document: docx.document.Document) -> None:
    specs = (
        ("Heading 1", 16.0, NAVY, 24.0, 8.0, 0),
        ("Heading 2", 13.0, NAVY, 16.0, 6.0, 1),
        ("Heading 3", 11.0, INK, 14.0, 4.0, 2),
    )
    for name, size, colour, before, after, level in specs:
        style = _paragraph_style(document, name)
        style.next_paragraph_style = document.styles["Normal"]
        _font(style, size, colour, bold=True)
        _spacing(style, before, after)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.keep_together = True
        numbering = f'<w:ilvl w:val="{level}"/>' if level else ""
        _ppr_append(
            style,
            f'<w:numPr {nsdecls("w")}>{numbering}<w:numId w:val="{HEADING_NUM_ID}"/></w:numPr>',
        )
        if level == 0:
            _ppr_append(
                style,
                f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="3" '
                f'w:color="{RULE}"/></w:pBdr>',
            )
        if level == 2:
            _ppr_append(
                style, f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{FILL}"/>'
            )
        _ppr_append(style, f'<w:outlineLvl {nsdecls("w")} w:val="{level}"/>')


def _toc_styles(document: docx.document.Document) -> None:
    heading = _paragraph_style(document, "TOC Heading")
    heading.next_paragraph_style = document.styles["Normal"]
    _font(heading, 16, NAVY, bold=True)
    _spacing(heading, 0, 12)
    heading.paragraph_format.keep_with_next = True
    _ppr_append(heading, f'<w:outlineLvl {nsdecls("w")} w:val="9"/>')
    # The number column fits "99" and "99.99" with a gap even in a wide fallback font; the right
    # tab for the page number is at the text edge and there is no right indent: LibreOffice
    # drops text after a tab that lies beyond the right indent (Word lets it hang over).
    levels = (
        (TOC1_NUMBER, TOC1_NUMBER, 6, True),
        (TOC1_NUMBER + TOC2_NUMBER, TOC2_NUMBER, 0, False),
    )
    for level, (left, hanging, before, bold) in enumerate(levels, 1):
        style = _paragraph_style(document, f"toc {level}")
        _font(style, 10.5, INK, bold=bold)
        _spacing(style, before, 2)
        _ppr_append(
            style,
            f'<w:tabs {nsdecls("w")}><w:tab w:val="left" w:pos="{left}"/>'
            f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>',
        )
        _ppr_append(
            style, f'<w:ind {nsdecls("w")} w:left="{left}" w:right="0" w:hanging="{hanging}"/>'
        )
        style.unhide_when_used = True


def _kravtui_styles(document: docx.document.Document) -> None:
    label = _paragraph_style(document, "Kravtui Label")
    _font(label, 9, NAVY, bold=True)
    _spacing(label, 6, 1)
    label.paragraph_format.keep_with_next = True
    meta = _paragraph_style(document, "Kravtui Meta")
    _font(meta, 9, GREY)
    _spacing(meta, 0, 4)
    meta.paragraph_format.keep_with_next = True
    intro = _paragraph_style(document, "Kravtui Intro")
    _font(intro, 10.5, GREY)
    intro.font.italic = True
    cell = _paragraph_style(document, "Kravtui Table Text")
    _font(cell, 9.5, INK)
    _spacing(cell, 1, 1)
    cell.paragraph_format.line_spacing = 1.0
    head = _paragraph_style(document, "Kravtui Table Heading", "Kravtui Table Text")
    _font(head, 9.5, NAVY, bold=True)
    fact = _paragraph_style(document, "Kravtui Fact", "Kravtui Table Text")
    _font(fact, 10.5, INK)
    _spacing(fact, 3, 3)
    _table_style(document, "Kravtui Table", RULE)
    _table_style(document, "Kravtui Plain Table", None)


def _table_style(document: docx.document.Document, name: str, border: str | None) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    style.base_style = document.styles["Normal Table"]
    style.quick_style = True
    edges = "".join(
        f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="{border}"/>'
        if border
        else f'<w:{edge} w:val="nil"/>'
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    style.element.append(
        parse_xml(f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0"/></w:pPr>')
    )
    style.element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:tblBorders>{edges}</w:tblBorders>"
            '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
            "</w:tblPr>"
        )
    )
    if border:
        style.element.append(
            parse_xml(
                f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr>'
                f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{FILL}"/></w:tcPr>'
                "</w:tblStylePr>"
            )
        )


def _numbering(document: docx.document.Document) -> None:
    numbering = document.part.numbering_part.element
    formats = ["%1", "%1.%2", "%1.%2.%3"] + [
        ".".join(f"%{i}" for i in range(1, level + 2)) for level in range(3, 9)
    ]
    indents = [(width, width) for width in HEADING_NUMBER_WIDTHS] + [(1191, 1191)] * 6
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        + (f'<w:pStyle w:val="Heading{level + 1}"/>' if level < 3 else "")
        + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        for level, (text, (left, hanging)) in enumerate(zip(formats, indents, strict=True))
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{HEADING_NUM_ID}">'
        '<w:nsid w:val="4B524156"/><w:multiLevelType w:val="multilevel"/>'
        f'<w:tmpl w:val="4B525456"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(qn("w:num"))
    first_num.addprevious(abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{HEADING_NUM_ID}">'
            f'<w:abstractNumId w:val="{HEADING_NUM_ID}"/></w:num>'
        )
    )


def _field(paragraph: docx.text.paragraph.Paragraph, instruction: str, shown: str) -> None:
    element = paragraph._p
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r><w:t>{shown}</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        element.append(parse_xml(xml.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))


def _header_footer(document: docx.document.Document) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.style = document.styles["Header"]
    _field(header, "TITLE \\* MERGEFORMAT", "Kravspecifikation")
    footer = section.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.add_run("Side ")
    _field(footer, "PAGE", "1")
    footer.add_run(" af ")
    _field(footer, "NUMPAGES", "1")
    section.first_page_header.paragraphs[0].style = document.styles["Normal"]
    section.first_page_footer.paragraphs[0].style = document.styles["Footer"]


def _names(text: str) -> list[str]:
    return text.split()


PPR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
    "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
RPR_ORDER = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)


def _tidy_styles(document: docx.document.Document) -> None:
    """Property children in schema order, TOC styles as Word's built-ins, no dangling links."""
    styles = document.styles.element
    for tag, order in (("w:pPr", PPR_ORDER), ("w:rPr", RPR_ORDER)):
        for props in styles.iter(qn(tag)):
            children = list(props)
            for child in children:
                props.remove(child)
            children.sort(key=lambda c, o=order: o.index(c.tag.rpartition("}")[2]))
            props.extend(children)
    known = {s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))}
    for style in styles.iter(qn("w:style")):
        for link in style.findall(qn("w:link")) + style.findall(qn("w:rsid")):
            if link.tag == qn("w:rsid") or link.get(qn("w:val")) not in known:
                style.remove(link)
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name.startswith("toc "):
            style.set(qn("w:styleId"), "TOC" + name[4:])
            style.attrib.pop(qn("w:customStyle"), None)


def _modern_layout(document: docx.document.Document) -> None:
    """Word 2013+ layout (compatibility mode 15, table borders on the margins); no thumbnail."""
    settings = document.settings.element
    for preview in settings.findall(qn("w:savePreviewPicture")):
        settings.remove(preview)
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _drop_extra_parts(document: docx.document.Document) -> None:
    """No thumbnail, no custom XML, no stylesWithEffects: only what the document uses."""
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            del package_rels[rel_id]
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype.endswith(("/customXml", "/stylesWithEffects")):
            del document.part.rels[rel_id]


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
