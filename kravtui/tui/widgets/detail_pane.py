"""The detail pane: one requirement in full, as plain text (never parsed as markup).

`requirement_text` lays out every field a reader needs (uid, title, priority, category and
subcategory, domains, tags, principles, flags, the four texts, and when and by whom it was last
changed), control and bidi characters written as visible escapes; `DetailPane` is a focusable,
scrollable view of it, used beside the list on wide terminals and inside the detail modal on
narrow ones.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from kravtui.catalogue.records import Classifications, Requirement, RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import human_time, t
from kravtui.i18n.visible_text import visible
from kravtui.tui.contrast import readable
from kravtui.tui.keys import DETAIL_KEYS, install

SHOWN_FLAGS: tuple[str, ...] = ("favourite", "info_requirement", "all_domains", "all_tags")
YES_NO_FLAGS: tuple[str, ...] = ("relevant_saas", "relevant_on_premise")
TEXTS: tuple[str, ...] = ("description", "rationale", "help_text", "notes", "stakeholders")


def _category(content: RequirementContent, classifications: Classifications) -> str:
    category = classifications.category(content.category)
    name = f"{content.category} {category.name}" if category else content.category
    return f"{name} / {content.subcategory}" if content.subcategory else name


def _facts(
    requirement: Requirement, classifications: Classifications, priority: str
) -> list[tuple[str, str]]:
    content, meta = requirement.content, requirement.meta
    flags = [t(f"field.{flag}") for flag in SHOWN_FLAGS if getattr(content, flag)]
    facts = [
        (t("field.importance"), priority),
        (t("field.category"), _category(content, classifications)),
        (
            t("field.domains"),
            t("value.all_domains") if content.all_domains else ", ".join(content.domains),
        ),
        (t("field.tags"), ", ".join(content.tags)),
        (t("field.principles"), ", ".join(content.principles)),
        (t("tui.field.flags"), ", ".join(flags)),
        *(
            (t(f"field.{flag}"), t("answer.yes" if getattr(content, flag) else "answer.no"))
            for flag in YES_NO_FLAGS
        ),
        (
            t("field.changed"),
            t("field.changed_by", when=human_time(meta.updated_at), who=meta.updated_by),
        ),
    ]
    if content.deleted:
        facts.insert(0, (t("field.status"), t("value.deleted")))
    return facts


def requirement_text(
    requirement: Requirement,
    classifications: Classifications,
    priority_style: Style | None = None,
    heading_style: Style | str = "bold",
) -> Text:
    """The whole requirement as styled plain text; the priority word in `priority_style`, the
    uid and title in `heading_style`."""
    content = requirement.content
    priority = t(content.importance.label_key)
    text = Text(no_wrap=False, overflow="fold")
    text.append(visible(content.uid), heading_style)
    text.append("  ")
    text.append(visible(content.title), heading_style)
    text.append("\n\n")
    for label, value in _facts(requirement, classifications, priority):
        text.append(f"{label}: ", "bold")
        text.append(visible(value) or "–", priority_style if value is priority else None)
        text.append("\n")
    for name in TEXTS:
        value = getattr(content, name)
        if value:
            text.append("\n")
            text.append(t(f"field.{name}"), "bold underline")
            text.append("\n")
            text.append(visible(value, multi_line=True))
            text.append("\n")
    text.rstrip()
    return text


class DetailPane(VerticalScroll):
    """A scrollable view of one requirement; Esc asks to go back to the list."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"detail-pane--absolute", "detail-pane--high"}

    class Back(Message):
        """The user pressed Esc in the pane."""

    def __init__(self, *, id: str | None = None, back_key: bool = True) -> None:
        super().__init__(id=id)
        if back_key:
            install(self, DETAIL_KEYS)
        self.text = Text(t("tui.detail.empty"))
        self._body = Static(self.text, classes="detail-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, requirement: Requirement | None, classifications: Classifications) -> None:
        """Show a requirement (None: nothing is selected) from its top."""
        if requirement is None:
            self.text = Text(t("tui.detail.empty"))
        else:
            level = requirement.content.importance
            heading = self._readable(Style(color=self._body.rich_style.color, bold=True))
            self.text = requirement_text(
                requirement, classifications, self._priority_style(level), heading
            )
        self._body.update(self.text)
        self.scroll_home(animate=False)

    def _priority_style(self, level: Importance) -> Style:
        """Bold, in the list's colour for a Mindstekrav or Vigtigt krav, readable here."""
        base = self._body.rich_style
        accent = Style(color=base.color)
        if level in (Importance.ABSOLUTE, Importance.HIGH):
            accent = self.get_component_rich_style(f"detail-pane--{level.value}", partial=True)
        return self._readable(accent + Style(bold=True))

    def _readable(self, accent: Style) -> Style:
        return readable(accent, self._body.rich_style, monochrome=self.app.no_color)

    def action_back(self) -> None:
        self.post_message(self.Back())
