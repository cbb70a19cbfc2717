"""WordprocessingML as strings: runs, paragraphs, tables, fields, check boxes, bookmarks.

The document body is built in one pass by joining strings; python-docx's object model is far too
slow for ten thousand requirements (its add_paragraph/add_table are quadratic). Every piece of
user text goes through `clean` (in `esc`, `run`, `text_paragraphs`), which drops the characters
XML 1.0 forbids and writes the bidi controls and the invisible characters as the escapes kravtui
shows them by (`kravtui.i18n.visible_text.visible_in_documents`: Word shows no reversed text
that read otherwise in kravtui, and no character its reader cannot see), and markup is escaped,
so any text gives a well-formed part that reads as reviewed. The zero-width spaces the writer
adds itself (`breakable`, `run`'s `break_after`) go in after the cleaning, so they stay break
opportunities.
Property children are emitted in the order the schema wants (Word refuses some out-of-order
documents), which is why the helpers take keyword options instead of raw property XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from kravtui.i18n.visible_text import visible_in_documents

W_NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'mc:Ignorable="w14"'
)

# Characters XML 1.0 does not allow, lone surrogates included.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NEWLINES = re.compile(r"\r\n?")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
# A run of this many characters without a break opportunity gets invisible ones (see `breakable`).
LONG_WORD = 40
# Anchored at a word's start, so a failed try costs one step, not a word's length (same matches).
_LONG_WORD = re.compile(rf"(?<![^\s\u200b])[^\s\u200b]{{{LONG_WORD},}}")
_AFTER_PUNCTUATION = re.compile(r"([/\\?&=_.,;:|#@+-]+)(?=[^\s])")
_ZWSP = "\u200b"


def clean(text: str) -> str:
    """`text` without the characters XML forbids, its bidi controls and invisible characters
    written as visible escapes (`visible_in_documents`), with newlines normalised to `\\n`."""
    # A printable text holds no character XML forbids (isprintable is false for every C0
    # control, surrogate and noncharacter), no line break to normalise, nor a bidi control or
    # most invisible ones (a variation selector is printable): `visible_in_documents` tells
    # quickly whether it needs more. A test is cheaper than a rewrite, which is rare.
    if text.isprintable():
        return visible_in_documents(text)
    if _FORBIDDEN.search(text) is not None:
        text = _FORBIDDEN.sub("", text)
    text = visible_in_documents(text)
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def esc(text: str) -> str:
    """`text` cleaned and escaped for XML character data and attribute values."""
    return _escape_markup(clean(text))


def _escape_markup(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def breakable(text: str) -> str:
    """Give very long words (URLs, hashes) places to wrap so they never overflow a line or cell.

    A zero-width space goes after URL punctuation and, failing that, every `LONG_WORD`
    characters; ordinary words are left alone.
    """
    # Splitting at spaces first is faster than the search; a zero-width space inside a word
    # only makes the word look longer here, and the substitution below decides.
    if len(text) < LONG_WORD or max(map(len, text.split()), default=0) < LONG_WORD:
        return text
    return _LONG_WORD.sub(_break_word, text)


def _break_word(match: re.Match[str]) -> str:
    word = _AFTER_PUNCTUATION.sub(lambda m: m.group(1) + _ZWSP, match.group(0))
    pieces: list[str] = []
    for part in word.split(_ZWSP):
        pieces.extend(part[i : i + LONG_WORD] for i in range(0, len(part), LONG_WORD))
    return _ZWSP.join(pieces)


def run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    colour: str = "",
    break_after: str = "",
) -> str:
    """One run of text; tabs and newlines become <w:tab/> and <w:br/>. A line may break after
    each character of `break_after` ("/": "Spørgsmål/kommentar" wraps at the slash)."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    if colour:
        props += f'<w:color w:val="{colour}"/>'
    # Cleaned before the break opportunities go in, as `text_paragraphs` does: `clean` would
    # show the writer's own zero-width spaces as escapes, as it shows a text's.
    cleaned = clean(text)
    for character in break_after:
        cleaned = cleaned.replace(character, character + _ZWSP)
    return _run(_escape_markup(breakable(cleaned)), props)


def _run(body: str, props: str = "") -> str:
    """A run around text already cleaned and escaped."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    if "\n" in body or "\t" in body:
        body = body.replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">').replace(
            "\n", '</w:t><w:br/><w:t xml:space="preserve">'
        )
    return f'<w:r>{rpr}<w:t xml:space="preserve">{body}</w:t></w:r>'


def paragraph(
    style: str,
    content: str = "",
    *,
    keep_next: bool = False,
    page_break_before: bool = False,
    no_numbering: bool = False,
    space_before: int | None = None,
    align: str = "",
) -> str:
    """A paragraph in `style` holding already-built run XML `content`."""
    props = f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        props += "<w:keepNext/>"
    if page_break_before:
        props += "<w:pageBreakBefore/>"
    if no_numbering:
        props += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
    if space_before is not None:
        props += f'<w:spacing w:before="{space_before}"/>'
    if align:
        props += f'<w:jc w:val="{align}"/>'
    return f"<w:p><w:pPr>{props}</w:pPr>{content}</w:p>"


def keep_with_next(paragraph_xml: str) -> str:
    """The paragraph (as built by `paragraph`) kept on the same page as what follows it."""
    head, marker, tail = paragraph_xml.partition('"/>')  # the end of <w:pStyle .../>
    if not marker or "<w:keepNext/>" in paragraph_xml[:200]:
        return paragraph_xml
    return head + marker + "<w:keepNext/>" + tail


def text_paragraphs(style: str, text: str) -> list[str]:
    """`text` as paragraphs: a blank line starts a new paragraph, a single newline breaks."""
    blocks = [block.strip() for block in _BLANK_LINES.split(clean(text).strip())]
    # Cleaned once here: `breakable` only adds zero-width spaces, so `run` would clean nothing.
    return [paragraph(style, _run(_escape_markup(breakable(b)))) for b in blocks if b]


def bookmark(number: int, name: str, content: str) -> str:
    """`content` (runs) wrapped in a bookmark, as a TOC entry's target."""
    return (
        f'<w:bookmarkStart w:id="{number}" w:name="{name}"/>{content}'
        f'<w:bookmarkEnd w:id="{number}"/>'
    )


def field_begin(instruction: str) -> str:
    """The runs that open a complex field up to its shown result."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {esc(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def field(instruction: str, shown: str) -> str:
    """A whole complex field with `shown` as its cached result."""
    return field_begin(instruction) + run(shown) + FIELD_END


def hyperlink_to(anchor: str, content: str) -> str:
    """Runs that jump to a bookmark when clicked."""
    return f'<w:hyperlink w:anchor="{anchor}" w:history="1">{content}</w:hyperlink>'


_BOX_FONT = "MS Gothic"


def checkbox(tag: str, alias: str) -> str:
    """An unticked Word 2010 check box: a content control named by `tag` and `alias` that the
    vendor cannot delete by mistake (its ticked state is `w14:checked`)."""
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{esc(alias)}"/><w:tag w:val="{esc(tag)}"/>'
        '<w:lock w:val="sdtLocked"/><w14:checkbox><w14:checked w14:val="0"/>'
        f'<w14:checkedState w14:val="2612" w14:font="{_BOX_FONT}"/>'
        f'<w14:uncheckedState w14:val="2610" w14:font="{_BOX_FONT}"/></w14:checkbox></w:sdtPr>'
        f'<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="{_BOX_FONT}" w:eastAsia="{_BOX_FONT}" '
        f'w:hAnsi="{_BOX_FONT}" w:hint="eastAsia"/></w:rPr><w:t>\u2610</w:t></w:r></w:sdtContent>'
        "</w:sdt>"
    )


def text_control(tag: str, alias: str) -> str:
    """An empty rich-text content control named by `tag` and `alias`, for a paragraph the
    vendor writes in; it cannot be deleted by mistake. Inline, not around the paragraph:
    LibreOffice keeps an inline control whole, while it writes one around a paragraph back as
    a control per piece of text, each repeating the text."""
    return (
        f'<w:sdt><w:sdtPr><w:alias w:val="{esc(alias)}"/><w:tag w:val="{esc(tag)}"/>'
        '<w:lock w:val="sdtLocked"/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve">'
        "</w:t></w:r></w:sdtContent></w:sdt>"
    )


def cell(width: int, content: str, *, fill: str = "", span: int = 1) -> str:
    """A table cell `width` twips wide holding paragraph XML (an empty one when none)."""
    props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if fill:
        props += f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>'
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content or '<w:p/>'}</w:tc>"


def row(cells: Iterable[str], *, header: bool = False, height: int = 0) -> str:
    """A table row that never splits across pages; a header row repeats on every page."""
    props = "<w:cantSplit/>"
    if height:
        props += f'<w:trHeight w:val="{height}"/>'
    if header:
        props += "<w:tblHeader/>"
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def table(style: str, widths: Sequence[int], rows: Iterable[str], *, header: bool = True) -> str:
    """A fixed-layout table (long words wrap instead of widening it)."""
    look = (
        f'<w:tblLook w:val="{"04A0" if header else "0400"}" w:firstRow="{int(header)}" '
        'w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return (
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" '
        f'w:type="dxa"/><w:tblLayout w:type="fixed"/>{look}</w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"
    )


def document_xml(body: str, section_properties: str) -> bytes:
    """The whole main document part around an already-built body."""
    return "".join(document_pieces([body], section_properties)).encode()


def document_pieces(body: Iterable[str], section_properties: str) -> Iterator[str]:
    """The main document part piece by piece, around a body given piece by piece."""
    yield "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    yield f"<w:document {W_NAMESPACES}><w:body>"
    yield from body
    yield f"{section_properties}</w:body></w:document>"
