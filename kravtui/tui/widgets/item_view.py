"""How a selection's items read on screen: one line per item under category and subcategory
headings, and the full item with why it was proposed.

Marks are glyphs as well as colours: `✎` edited in the selection, `⚠` changed in the catalogue
since it was ticked, `✗` gone from the catalogue, `+` a free-text requirement. All text goes into
`Text` objects, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from kravtui.catalogue.records import Classifications
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.selection.questionnaire import describe_reason
from kravtui.selection.records import SelectionItem
from kravtui.tui.widgets.row_painter import plain

EDITED_GLYPH = "✎"
CHANGED_GLYPH = "⚠"
MISSING_GLYPH = "✗"
FREE_TEXT_GLYPH = "+"
PART_META = "kravtui.part"  # what a span is ("uid", or a priority level); ItemList colours it


def part_mark(part: str) -> Style:
    """The style of a uid (`"uid"`) or a priority label (its level): only what it is, which the
    list turns into a readable colour for the theme and the line's background when it draws."""
    return Style(meta={PART_META: part})


def marks(item: SelectionItem) -> str:
    """Two cells: edited, then drift (or free text)."""
    first = EDITED_GLYPH if item.edited else " "
    if item.catalogue_missing:
        second = MISSING_GLYPH
    elif item.catalogue_changed:
        second = CHANGED_GLYPH
    elif item.is_free_text:
        second = FREE_TEXT_GLYPH
    else:
        second = " "
    return first + second


def legend() -> Text:
    """What the marks mean, for the line above the list."""
    text = Text(style="dim")
    for glyph, key in (
        (EDITED_GLYPH, "tui.item.legend_edited"),
        (CHANGED_GLYPH, "tui.item.legend_changed"),
        (MISSING_GLYPH, "tui.item.legend_missing"),
        (FREE_TEXT_GLYPH, "tui.item.legend_free"),
    ):
        text.append(f"{glyph} {t(key)}  ")
    return text


def category_names(classifications: Classifications) -> dict[str, str]:
    """Category prefix -> "PREFIX Name"."""
    return {c.prefix: f"{c.prefix} {c.name}" for c in classifications.categories}


def grouped_lines(
    items: list[SelectionItem], names: Mapping[str, str], *, priority: bool
) -> Iterator[tuple[Text, SelectionItem | None]]:
    """Heading lines (with None) and item lines, in the items' (catalogue) order."""
    uid_width = max((cell_len(item.uid) for item in items), default=7)
    label_width = max(cell_len(t(level.label_key)) for level in IMPORTANCE_ORDER)
    category = subcategory = None
    for item in items:
        snap = item.snapshot
        if snap.category != category:
            category, subcategory = snap.category, None
            yield Text(plain(names.get(snap.category, snap.category)), style="bold underline"), None
        if snap.subcategory != subcategory:
            subcategory = snap.subcategory
            if subcategory:
                yield Text(f" {plain(subcategory)}", style="bold"), None
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f"  {marks(item)} ", "bold")
        line.append(plain(item.uid).ljust(uid_width) + " ", part_mark("uid"))
        if priority:
            label = t(snap.importance.label_key).ljust(label_width) + " "
            line.append(label, part_mark(snap.importance.value))
        line.append(plain(snap.title))
        yield line, item


def item_text(item: SelectionItem, names: Mapping[str, str], *, priority: bool) -> Text:
    """The whole item: marks explained, why proposed, classification, the texts."""
    snap = item.snapshot
    text = Text(no_wrap=False)
    text.append(f"{plain(item.uid)}  ", "bold")
    text.append(plain(snap.title) + "\n", "bold")
    notes = []
    if item.edited:
        notes.append(f"{EDITED_GLYPH} {t('tui.item.note_edited')}")
    if item.catalogue_missing:
        notes.append(f"{MISSING_GLYPH} {t('tui.item.note_missing')}")
    elif item.catalogue_changed:
        notes.append(f"{CHANGED_GLYPH} {t('tui.item.note_changed')}")
    if item.is_free_text:
        notes.append(f"{FREE_TEXT_GLYPH} {t('tui.item.note_free')}")
    for note in notes:
        text.append(note + "\n", "bold")
    why = "; ".join(describe_reason(reason) for reason in item.why) or "—"
    rows = [("tui.item.why", why), ("field.category", names.get(snap.category, snap.category))]
    if snap.subcategory:
        rows.append(("field.subcategory", snap.subcategory))
    if priority:
        rows.append(("field.importance", t(snap.importance.label_key)))
    for key, value in rows:
        text.append(f"{t(key)}: ", "bold")
        text.append(plain(value) + "\n")
    for key, value in (
        ("field.description", snap.description),
        ("field.rationale", snap.rationale),
        ("field.help_text", snap.help_text),
    ):
        if value.strip():
            text.append(f"\n{t(key)}\n", "bold underline")
            text.append(visible(value.rstrip(), multi_line=True) + "\n")
    return text
