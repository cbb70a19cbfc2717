"""The widgets of the requirement form, and reading a `RequirementContent` back from them.

Every field of the model has a widget: text inputs for uid and title, `Select`s for priority,
category and subcategory, `SelectionList`s for domains, tags and principles, check boxes for the
flags, and soft-wrapping `TextArea`s for the long texts. Each row has a label and a line under the
widget where validation messages appear. Names are shown as plain text, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea

from kravtui.catalogue.records import Classifications, RequirementContent
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, TEXT_FIELDS, Importance
from kravtui.i18n import t
from kravtui.tui.widgets.field_input import FieldInput
from kravtui.tui.widgets.field_row import FieldRow
from kravtui.tui.widgets.marked_select import MarkedSelect
from kravtui.tui.widgets.marked_toggles import MarkedCheckbox, MarkedSelectionList

FLAG_FIELDS: tuple[str, ...] = (
    "info_requirement",
    "favourite",
    "relevant_saas",
    "relevant_on_premise",
)
# The field a validation message names -> the widget that gets the focus.
FOCUS_OF: dict[str, str] = {"domains": "f-all_domains", "tags": "f-all_tags"}


def row(name: str, *widgets: Widget, label: str | None = None) -> FieldRow:
    """One labelled row: the label, the widgets, and a hidden line for messages about `name`."""
    column = Vertical(
        *widgets, Static("", id=f"error-{name}", classes="form-error"), classes="form-field"
    )
    return FieldRow(
        Label(Text(label or t(f"field.{name}")), classes="form-label"),
        column,
        classes="form-row",
        id=f"row-{name}",
    )


def _selection_list(name: str, names: Sequence[str], chosen: Iterable[str]) -> SelectionList[str]:
    picked = set(chosen)
    return MarkedSelectionList(
        *((Content(item), item, item in picked) for item in names), id=f"f-{name}", compact=True
    )


def subcategory_options(classifications: Classifications, prefix: str) -> list[tuple[Text, str]]:
    """The subcategories of one category, as `Select` options."""
    category = classifications.category(prefix)
    return [(Text(name), name) for name in (category.subcategories if category else ())]


def form_rows(
    content: RequirementContent, classifications: Classifications, *, uid_editable: bool
) -> ComposeResult:
    """Every row of the form, filled from `content`."""
    yield row("uid", FieldInput(content.uid, id="f-uid", compact=True, disabled=not uid_editable))
    yield row("title", FieldInput(content.title, id="f-title", compact=True))
    importance = MarkedSelect[Importance](
        [(Text(t(level.label_key)), level) for level in reversed(IMPORTANCE_ORDER)],
        value=content.importance,
        allow_blank=False,
        id="f-importance",
        compact=True,
    )
    yield row("importance", importance)
    prefixes = [c.prefix for c in classifications.categories]
    category = MarkedSelect[str](
        [(Text(f"{c.prefix} {c.name}"), c.prefix) for c in classifications.categories],
        value=content.category if content.category in prefixes else Select.NULL,
        prompt=t("tui.form.choose"),
        id="f-category",
        compact=True,
    )
    yield row("category", category)
    subcategories = subcategory_options(classifications, content.category)
    subcategory = MarkedSelect[str](
        subcategories,
        value=content.subcategory
        if content.subcategory in {value for _, value in subcategories}
        else Select.NULL,
        prompt=t("tui.form.no_subcategory"),
        id="f-subcategory",
        compact=True,
    )
    yield row("subcategory", subcategory)
    domains = [d.name for d in classifications.domains]
    yield row(
        "domains",
        MarkedCheckbox(
            t("field.all_domains"), content.all_domains, id="f-all_domains", compact=True
        ),
        _selection_list("domains", domains, content.domains),
    )
    tags = [g.name for g in classifications.tags]
    yield row(
        "tags",
        MarkedCheckbox(t("field.all_tags"), content.all_tags, id="f-all_tags", compact=True),
        _selection_list("tags", tags, content.tags),
    )
    principles = [p.name for p in classifications.principles]
    yield row("principles", _selection_list("principles", principles, content.principles))
    yield row(
        "flags",
        *(
            MarkedCheckbox(t(f"field.{flag}"), getattr(content, flag), id=f"f-{flag}", compact=True)
            for flag in FLAG_FIELDS
        ),
        label=t("tui.form.flags"),
    )
    for name in TEXT_FIELDS:
        area = TextArea(
            getattr(content, name),
            id=f"f-{name}",
            soft_wrap=True,
            compact=True,
            tab_behavior="focus",
        )
        area.add_class("short" if name == "stakeholders" else "long")
        yield row(name, area)


def _select_value(select: Select[str]) -> str:
    value = select.value
    return value if isinstance(value, str) else ""


def read_content(
    root: DOMNode, base: RequirementContent, classifications: Classifications
) -> RequirementContent:
    """What the form's widgets say now, on top of `base` (which keeps `deleted`)."""

    def text(widget_id: str) -> str:
        return root.query_one(f"#{widget_id}", Input).value.strip()

    def flag(name: str) -> bool:
        return root.query_one(f"#f-{name}", Checkbox).value

    def chosen(name: str, order: Sequence[str]) -> tuple[str, ...]:
        selected = set(root.query_one(f"#f-{name}", SelectionList).selected)
        return tuple(item for item in order if item in selected)

    importance = root.query_one("#f-importance", Select).value
    return base.with_changes(
        uid=text("f-uid"),
        title=text("f-title"),
        importance=importance if isinstance(importance, Importance) else base.importance,
        category=_select_value(root.query_one("#f-category", Select)),
        subcategory=_select_value(root.query_one("#f-subcategory", Select)),
        domains=chosen("domains", [d.name for d in classifications.domains]),
        tags=chosen("tags", [g.name for g in classifications.tags]),
        principles=chosen("principles", [p.name for p in classifications.principles]),
        all_domains=flag("all_domains"),
        all_tags=flag("all_tags"),
        **{name: flag(name) for name in FLAG_FIELDS},
        **{name: root.query_one(f"#f-{name}", TextArea).text for name in TEXT_FIELDS},
    )
