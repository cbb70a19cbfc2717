"""Finding the template's styles by name, and lending it the ones it lacks.

Word stores a style's display name (`heading 1`) and an id that Danish Word localises
(`Overskrift1`), so styles are looked up by name. A style the organisation's template does not
have is copied from the bundled template (without heading numbering, which would point at the
bundled numbering part); its id is renamed when the organisation already uses that id for
something else. The template's headings are numbered when Heading 1-3 carry a numbering
reference, directly or through the style they are based on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


# Logical name -> the style's display name in styles.xml (compared case-insensitively).
STYLE_NAMES: dict[str, str] = {
    "normal": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "heading1": "heading 1",
    "heading2": "heading 2",
    "heading3": "heading 3",
    "toc_heading": "TOC Heading",
    "toc1": "toc 1",
    "toc2": "toc 2",
    "label": "Kravtui Label",
    "meta": "Kravtui Meta",
    "intro": "Kravtui Intro",
    "table_text": "Kravtui Table Text",
    "table_heading": "Kravtui Table Heading",
    "fact": "Kravtui Fact",
    "table": "Kravtui Table",
    "plain_table": "Kravtui Plain Table",
}


@dataclass(frozen=True, slots=True)
class StyleIds:
    """The style ids the body refers to, resolved against one template."""

    normal: str
    title: str
    subtitle: str
    heading1: str
    heading2: str
    heading3: str
    toc_heading: str
    toc1: str
    toc2: str
    label: str
    meta: str
    intro: str
    table_text: str
    table_heading: str
    fact: str
    table: str
    plain_table: str

    def heading(self, level: int) -> str:
        return (self.heading1, self.heading2, self.heading3)[level - 1]

    def toc(self, level: int) -> str:
        return self.toc1 if level <= 1 else self.toc2


def _by_name(root: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for style in root.iter(_q("style")):
        name = style.find(_q("name"))
        if name is not None:
            found.setdefault(str(name.get(_q("val"), "")).lower(), style)
    return found


def _ids(root: Any) -> dict[str, Any]:
    return {str(style.get(_q("styleId"))): style for style in root.iter(_q("style"))}


def resolve_styles(root: Any, bundled: Any) -> StyleIds:
    """Ids for every logical style, copying missing ones from `bundled` into `root` (lxml)."""
    names = _by_name(root)
    bundled_names = _by_name(bundled)
    bundled_ids = {str(style.get(_q("styleId"))): name for name, style in bundled_names.items()}
    resolved: dict[str, str] = {}
    for key, display in STYLE_NAMES.items():
        style = names.get(display.lower())
        if style is None:
            style = _lend(root, bundled_names[display.lower()], names, bundled_ids)
            names[display.lower()] = style
        resolved[key] = str(style.get(_q("styleId")))
    return StyleIds(**resolved)


def _lend(root: Any, source: Any, names: dict[str, Any], bundled_ids: dict[str, str]) -> Any:
    """Copy one bundled style into `root`, re-pointing its references by name."""
    from copy import deepcopy

    style = deepcopy(source)
    for numbering in list(style.iter(_q("numPr"))):
        numbering.getparent().remove(numbering)
    for tag in ("link", "rsid"):
        for child in style.findall(_q(tag)):
            style.remove(child)
    for tag in ("basedOn", "next"):
        reference = style.find(_q(tag))
        if reference is None:
            continue
        target = names.get(bundled_ids.get(str(reference.get(_q("val"))), ""))
        if target is None:
            style.remove(reference)
        else:
            reference.set(_q("val"), str(target.get(_q("styleId"))))
    taken = _ids(root)
    style_id = str(style.get(_q("styleId")))
    while style_id in taken:
        style_id = "Kravtui" + style_id
    style.set(_q("styleId"), style_id)
    root.append(style)
    return style


def headings_numbered(root: Any, ids: StyleIds) -> bool:
    """Whether Heading 1, 2 and 3 all carry list numbering in this styles part."""
    by_id = _ids(root)
    return all(_has_numbering(by_id, ids.heading(level)) for level in (1, 2, 3))


def _has_numbering(by_id: dict[str, Any], style_id: str) -> bool:
    seen: set[str] = set()
    current = by_id.get(style_id)
    while current is not None and style_id not in seen:
        seen.add(style_id)
        number = current.find(f"{_q('pPr')}/{_q('numPr')}/{_q('numId')}")
        if number is not None:
            return str(number.get(_q("val"))) != "0"
        based = current.find(_q("basedOn"))
        if based is None:
            return False
        style_id = str(based.get(_q("val")))
        current = by_id.get(style_id)
    return False


def set_language(root: Any, language: str) -> None:
    """Make the document's default proofing language the selection's (da-DK or en-GB)."""
    tag = "da-DK" if language == "da" else "en-GB"
    defaults = root.find(_q("docDefaults"))
    if defaults is None:
        defaults = root.makeelement(_q("docDefaults"), {})
        root.insert(0, defaults)
    rpr_default = defaults.find(_q("rPrDefault"))
    if rpr_default is None:
        rpr_default = defaults.makeelement(_q("rPrDefault"), {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(_q("rPr"))
    if rpr is None:
        rpr = rpr_default.makeelement(_q("rPr"), {})
        rpr_default.append(rpr)
    lang = rpr.find(_q("lang"))
    if lang is None:
        lang = rpr.makeelement(_q("lang"), {})
        after = [rpr.find(_q(name)) for name in ("eastAsianLayout", "specVanish", "oMath")]
        following = next((element for element in after if element is not None), None)
        if following is None:
            rpr.append(lang)
        else:
            following.addprevious(lang)
    lang.set(_q("val"), tag)
