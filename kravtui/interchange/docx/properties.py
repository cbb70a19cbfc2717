"""The DOCX document properties (`docProps/core.xml` and `docProps/app.xml`): title, author,
organisation and dates, the dates taken from the selection, never the clock, so the same
selection gives the same bytes."""

from __future__ import annotations

from dataclasses import dataclass

from kravtui.interchange.docx.ooxml import esc

CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"

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
