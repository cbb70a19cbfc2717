"""The DOCX's answer fields as content controls, named so that a reader finds them again; shared
by the writer (`body`) and the reader (`answers_read`).

Every answer field is a content control (``w:sdt``) whose tag names the item and the field
(`field_tag`): ``kravtui/SIK-014/choice/yes_addon`` for each of the five check boxes (a Word 2010
``w14:checkbox``), ``kravtui/SIK-014/elaboration`` and ``kravtui/SIK-014/price`` for the rich-text
controls in the elaboration's and the price's cell (no price field when the selection asks for
no prices). The alias (what Word shows on the control)
says the same in the document's language. Word keeps tags; LibreOffice 7.4 keeps the controls,
through ODT too, but drops their tags and aliases, so the reader also finds each answer table by
its place under its requirement heading, and reads a text field as its whole cell (what a vendor
types beside the control counts too). What the document records of its selection is in
`answer_marks`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kravtui.answers.records import CHOICE_ORDER, Choice
from kravtui.i18n.visible_text import restore_from_documents

TAG_PREFIX = "kravtui/"
CHOICE_FIELD = "choice"
ELABORATION_FIELD = "elaboration"
PRICE_FIELD = "price"
TEXT_FIELDS = (ELABORATION_FIELD, PRICE_FIELD)

# The body's names of the five check boxes (their label keys `docx.choice.NAME`), in the order
# the answer table shows them, beside the choice each one stands for.
BOX_CHOICES: tuple[tuple[str, Choice], ...] = tuple(
    zip(("yes", "yes_extra", "partly", "no", "not_relevant"), CHOICE_ORDER, strict=True)
)


def field_tag(uid: str, field: str, choice: Choice | None = None) -> str:
    """The tag of an answer field's content control: ``kravtui/UID/FIELD[/CHOICE]``."""
    tag = f"{TAG_PREFIX}{uid}/{field}"
    return f"{tag}/{choice.value}" if choice is not None else tag


@dataclass(frozen=True, slots=True)
class FieldTag:
    """A tag read back: the item, the field, and for a check box the choice it stands for."""

    uid: str
    field: str
    choice: Choice | None = None


def read_tag(tag: str) -> FieldTag | None:
    """The field a tag names, or None when it is no kravtui answer field's tag."""
    if not tag.startswith(TAG_PREFIX):
        return None
    # the document's text escapes a uid's hidden characters (`visible_in_documents`)
    parts = [restore_from_documents(part) for part in tag[len(TAG_PREFIX) :].split("/")]
    if len(parts) == 2 and parts[1] in TEXT_FIELDS and parts[0]:
        return FieldTag(parts[0], parts[1])
    if len(parts) == 3 and parts[1] == CHOICE_FIELD and parts[0]:
        try:
            return FieldTag(parts[0], CHOICE_FIELD, Choice(parts[2]))
        except ValueError:
            return None
    return None
