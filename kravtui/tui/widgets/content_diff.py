"""Two versions of a requirement, field by field, with word-level marks in long text.

Used by the history screen (one revision against another) and the conflict screen (theirs
against yours). Removed words are struck through and wrapped in `[-…-]`, added ones underlined
and wrapped in `{+…+}` (the markers of `git diff --word-diff=plain`), so the difference reads
the same without colour, under `NO_COLOR` and in a plain-text screen capture.
"""

from __future__ import annotations

from rich.text import Text

from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import t
from kravtui.i18n.visible_text import visible
from kravtui.interchange.diff import FieldDiff, Value
from kravtui.interchange.diff_render import Role, field_segments

DELETE_STYLE = "strike red"
INSERT_STYLE = "underline green"


def _value(name: str, value: object) -> Value:
    """A field's value as the reader sees it: translated priority and yes/no."""
    if isinstance(value, Importance):
        return t(value.label_key)
    if isinstance(value, bool):
        return t("answer.yes" if value else "answer.no")
    if isinstance(value, tuple):
        return tuple(str(item) for item in value)
    return str(value)


def legend(key: str) -> str:
    """A legend message with the two markers filled in."""
    return t(key, removed="[-…-]", added="{+…+}")


def append_segments(text: Text, field: FieldDiff) -> None:
    """One field's change as marked runs."""
    for segment, role in field_segments(field):
        piece = visible(segment, multi_line=True)
        if role is Role.DELETE:
            text.append(f"[-{piece}-]", DELETE_STYLE)
        elif role is Role.INSERT:
            text.append(f"{{+{piece}+}}", INSERT_STYLE)
        else:
            text.append(piece)


def content_diff(before: RequirementContent, after: RequirementContent) -> Text:
    """Every changed field: its label, then the change (empty Text when nothing differs)."""
    text = Text(no_wrap=False, overflow="fold")
    for number, name in enumerate(before.differences(after)):
        if number:
            text.append("\n\n")
        text.append(t(f"field.{name}"), "bold")
        text.append("\n")
        old, new = _value(name, getattr(before, name)), _value(name, getattr(after, name))
        append_segments(text, FieldDiff(name, old, new))
    return text
