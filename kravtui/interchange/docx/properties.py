"""The DOCX document properties: `docProps/core.xml` and `docProps/app.xml` (title, author,
organisation and dates, the dates taken from the selection, never the clock, so the same
selection gives the same bytes), and the custom properties of `docProps/custom.xml`, which
carry what an answer document records of its selection (`answer_fields`).

Custom properties are written as text (``vt:lpwstr``) whatever they hold: a number typed as a
number comes back from LibreOffice as a floating-point value."""

from __future__ import annotations

from dataclasses import dataclass

from kravtui.interchange.docx.ooxml import esc

CORE_PART = "docProps/core.xml"
APP_PART = "docProps/app.xml"
CUSTOM_PART = "docProps/custom.xml"
CUSTOM_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NAMESPACE = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_USER_DEFINED = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id of user properties

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


def custom_head() -> str:
    """`docProps/custom.xml` up to its first property."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{CUSTOM_NAMESPACE}" xmlns:vt="{VT_NAMESPACE}">'
    )


CUSTOM_TAIL = "</Properties>"
FIRST_PID = 2  # 0 and 1 are reserved


def custom_property(pid: int, name: str, value: str) -> str:
    """One text property; `pid` counts from `FIRST_PID` in the order they are written."""
    return (
        f'<property fmtid="{_USER_DEFINED}" pid="{pid}" name="{esc(name)}">'
        f"<vt:lpwstr>{esc(value)}</vt:lpwstr></property>"
    )
