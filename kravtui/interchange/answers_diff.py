"""What changed between two answers files (`kind = "answers"`), as a `Diff` like the other kinds.

Three sections, in this order:

- `selection`: the selection's identity, its version and the chosen vendor (`winner`);
- `vendor`, per vendor by name: its current answer file (`file`, `sha256`, `kind`,
  `selection_version`, `imported_at`, `imported_by`) and how many files it has sent
  (`answer_sets`): a corrected file imported since shows here;
- `vendor_answer`, per vendor and uid (the vendor in `Change.vendor`, the uid as the key):
  the answer (`choice`, `unclear_choice`, `elaboration`, `price`, `price_amount`,
  `text_changed`) and the officer's current verdict (`status`, `comment`). New and removed
  answers are added and removed changes.

The history of verdicts is compared only where the current answer and verdict are the same
(a verdict given again on a corrected file): then it is the one field listed, `history`, one
entry per verdict. Each vendor's changes follow its `vendor` change, answers in uid order.
Values are as the file writes them (a choice as its code, an amount as `"12500.00"`).
"""

from __future__ import annotations

from collections.abc import Iterator

from kravtui.answers.export_content import AnswersContent, ItemAnswer, VendorAnswers, Verdict
from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.interchange.answers_toml import amount_word, choice_word
from kravtui.interchange.diff import (
    Change,
    ChangeStatus,
    Diff,
    Entry,
    FieldDiff,
    Fields,
    compare_entries,
)
from kravtui.interchange.document import ANSWERS_KIND


def head_entry(content: AnswersContent) -> Entry:
    """The `[selection]` table as one entry (titled by the selection's title)."""
    fields: Fields = {
        "id": content.selection_id,
        "created_at": content.created_at,
        "title": content.title,
        "version": content.version,
        "winner": content.winner,
    }
    return content.title, fields


def vendor_fields(vendor: VendorAnswers) -> Fields:
    """A vendor's current answer file (the newest when none is marked current) and its count."""
    fields: Fields = {}
    current = [f for f in vendor.answer_sets if f.current] or list(vendor.answer_sets[-1:])
    if current:
        shown = current[-1]
        fields = {
            "file": shown.file,
            "sha256": shown.sha256,
            "kind": shown.kind.value,
            "selection_version": shown.selection_version,
            "imported_at": shown.imported_at,
            "imported_by": shown.imported_by,
        }
    fields["answer_sets"] = len(vendor.answer_sets)
    return fields


def answer_fields(item: ItemAnswer) -> Fields:
    """An answer's fields as the file writes them (the verdict history aside)."""
    return {
        "choice": choice_word(item),
        "unclear_choice": item.unclear_choice,
        "elaboration": item.elaboration,
        "price": item.price,
        "price_amount": amount_word(item.price_amount),
        "text_changed": item.text_changed,
        "status": item.status.value,
        "comment": item.comment,
    }


def verdict_line(verdict: Verdict) -> str:
    """One verdict as one entry: when, who, the status, the file number and the comment."""
    line = f"{verdict.at} {verdict.author}: {verdict.status.value} (#{verdict.answer_set})"
    return f"{line} {verdict.comment}" if verdict.comment else line


def _answer_changes(
    vendor: str, old: dict[str, ItemAnswer], new: dict[str, ItemAnswer]
) -> Iterator[Change]:
    for uid in sorted(old.keys() | new.keys(), key=uid_sort_key):
        before, after = old.get(uid), new.get(uid)
        if before == after:
            continue
        old_side = {} if before is None else {uid: ("", answer_fields(before))}
        new_side = {} if after is None else {uid: ("", answer_fields(after))}
        changes = compare_entries("vendor_answer", old_side, new_side)
        if not changes and before is not None and after is not None:
            history = FieldDiff(
                "history",
                tuple(map(verdict_line, before.history)),
                tuple(map(verdict_line, after.history)),
            )
            changes = [Change("vendor_answer", uid, ChangeStatus.CHANGED, "", (history,))]
        for change in changes:
            yield Change(
                change.section, change.key, change.status, "", change.fields, vendor=vendor
            )


def _vendors(content: AnswersContent | None) -> dict[str, VendorAnswers]:
    return {vendor.name: vendor for vendor in content.vendors} if content is not None else {}


def diff_answers(old: AnswersContent | None, new: AnswersContent | None) -> Diff:
    """The changes between two answers files (None: no file), in the module's order."""
    changes: list[Change] = []
    old_head = {"": head_entry(old)} if old is not None else {}
    new_head = {"": head_entry(new)} if new is not None else {}
    changes.extend(compare_entries("selection", old_head, new_head))
    old_vendors, new_vendors = _vendors(old), _vendors(new)
    for name in sorted(old_vendors.keys() | new_vendors.keys()):
        before, after = old_vendors.get(name), new_vendors.get(name)
        if before == after:
            continue
        old_side = {} if before is None else {name: (name, vendor_fields(before))}
        new_side = {} if after is None else {name: (name, vendor_fields(after))}
        changes.extend(compare_entries("vendor", old_side, new_side))
        old_items = {item.uid: item for item in before.items} if before else {}
        new_items = {item.uid: item for item in after.items} if after else {}
        changes.extend(_answer_changes(name, old_items, new_items))
    return Diff(ANSWERS_KIND, tuple(changes))
