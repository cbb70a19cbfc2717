"""Showing a `Diff` to people and machines: marked plain text, Rich styles, counts, JSON.

`diff_lines` lays a diff out once as lines of (text, role) segments: a `--- OLD` / `+++ NEW`
head, one line per added (`+`), removed (`-`), changed or reordered (`~`) thing, the changed
fields below it with word-level differences, and a summary line. Two back ends draw the same
lines, so meaning never rests on colour alone:

- `render_plain`: no escape codes; deleted words as `[-...-]`, inserted ones as `{+...+}` (the
  markers of `git diff --word-diff=plain`), for pipes, files and `NO_COLOR`;
- `render_rich`: deleted words struck through (and red), inserted ones underlined (and green).

Long unchanged stretches of text are shortened to their ends around the change. `stat_lines`
and `diff_json` give the counts and the structured diff. Both back ends write control and bidi
characters of the compared files as visible escapes (`kravtui.i18n.visible_text`), and the JSON
keeps them as JSON escapes, so a hostile title cannot steer the reader's terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from difflib import SequenceMatcher
from enum import StrEnum
from typing import IO, Any

from kravtui.catalogue.textdiff import Mark, word_diff
from kravtui.i18n import t
from kravtui.i18n.visible_text import json_text, visible
from kravtui.interchange.diff import Change, ChangeStatus, Diff, FieldDiff, Value

# An unchanged stretch longer than this is shortened to CONTEXT characters at each end.
CONTEXT = 40
_ELIDE_OVER = 2 * CONTEXT + 20
ELLIPSIS = " … "


class Role(StrEnum):
    """What a piece of output is, for the back ends to draw."""

    TEXT = "text"
    HEAD = "head"
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    FIELD = "field"
    VALUE = "value"  # a field of an added or removed thing
    DELETE = "delete"
    INSERT = "insert"
    SUMMARY = "summary"


Segment = tuple[str, Role]
Line = list[Segment]

STYLES: dict[Role, str] = {
    Role.HEAD: "bold",
    Role.ADDED: "bold green",
    Role.REMOVED: "bold red",
    Role.CHANGED: "bold yellow",
    Role.FIELD: "cyan",
    Role.DELETE: "red strike",
    Role.INSERT: "green underline",
    Role.SUMMARY: "bold",
}
_SIGNS = {
    ChangeStatus.ADDED: ("+", Role.ADDED),
    ChangeStatus.REMOVED: ("-", Role.REMOVED),
    ChangeStatus.CHANGED: ("~", Role.CHANGED),
    ChangeStatus.MOVED: ("~", Role.CHANGED),
}
_INLINE_SECTIONS = ("answer", "domain")


def show_value(value: Value | None) -> str:
    """A field value as the reader sees it: lists comma-separated, booleans true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def _shorten(text: str, *, first: bool, last: bool) -> str:
    """An unchanged stretch cut to the ends that touch a change (whole words kept)."""
    if len(text) <= _ELIDE_OVER or (first and last):
        return text
    head = text[:CONTEXT].rsplit(" ", 1)[0]
    tail = text[-CONTEXT:].split(" ", 1)[-1]
    if first:
        return "…" + ELLIPSIS[-1] + tail
    if last:
        return head + ELLIPSIS[:-1]
    return head + ELLIPSIS + tail


_PIECES = re.compile(r"\S+|\s+")


def _refine(runs: list[tuple[Mark, str]]) -> list[tuple[Mark, str]]:
    """Replacements without the words both sides share at their ends: `word_diff` keeps each
    word's trailing space, so "navn" at the end of a text does not match "navn " before more."""
    refined: list[tuple[Mark, str]] = []

    def add(mark: Mark, text: str) -> None:
        if not text:
            return
        if refined and refined[-1][0] is mark:
            refined[-1] = (mark, refined[-1][1] + text)
        else:
            refined.append((mark, text))

    index = 0
    while index < len(runs):
        mark, text = runs[index]
        following = runs[index + 1] if index + 1 < len(runs) else None
        if mark is Mark.DELETE and following is not None and following[0] is Mark.INSERT:
            old, new = _PIECES.findall(text), _PIECES.findall(following[1])
            start = 0
            while start < min(len(old), len(new)) and old[start] == new[start]:
                start += 1
            end = 0
            while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
                end += 1
            add(Mark.EQUAL, "".join(old[:start]))
            add(Mark.DELETE, "".join(old[start : len(old) - end]))
            add(Mark.INSERT, "".join(new[start : len(new) - end]))
            add(Mark.EQUAL, "".join(old[len(old) - end :]))
            index += 2
            continue
        add(mark, text)
        index += 1
    return refined


def _tidy(runs: list[tuple[Mark, str]]) -> Iterator[Segment]:
    """Word runs as segments, trailing spaces moved out of the markers where they are shared."""
    roles = {Mark.EQUAL: Role.TEXT, Mark.DELETE: Role.DELETE, Mark.INSERT: Role.INSERT}
    index = 0
    while index < len(runs):
        mark, text = runs[index]
        if mark is Mark.EQUAL:
            first, last = index == 0, index == len(runs) - 1
            yield _shorten(text, first=first, last=last), Role.TEXT
            index += 1
            continue
        following = runs[index + 1] if index + 1 < len(runs) else None
        if mark is Mark.DELETE and following is not None and following[0] is Mark.INSERT:
            space, other = _trailing(text), _trailing(following[1])
            if space == other:
                yield text[: len(text) - len(space)], Role.DELETE
                yield following[1][: len(following[1]) - len(space)], Role.INSERT
                if space:
                    yield space, Role.TEXT
                index += 2
                continue
        space = _trailing(text)
        if space and space != text:
            yield text[: len(text) - len(space)], roles[mark]
            yield space, Role.TEXT
        else:
            yield text, roles[mark]
        index += 1


def _trailing(text: str) -> str:
    return text[len(text.rstrip()) :]


def _list_segments(before: tuple[str, ...], after: tuple[str, ...]) -> list[Segment]:
    """Two lists as one: kept items plain, removed ones deleted, new ones inserted."""
    pieces: list[Segment] = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.extend((item, Role.TEXT) for item in before[i1:i2])
            continue
        pieces.extend((item, Role.DELETE) for item in before[i1:i2] if tag != "insert")
        pieces.extend((item, Role.INSERT) for item in after[j1:j2] if tag != "delete")
    segments: list[Segment] = []
    for number, piece in enumerate(pieces):
        if number:
            segments.append((", ", Role.TEXT))
        segments.append(piece)
    return segments


def field_segments(field: FieldDiff) -> list[Segment]:
    """The change of one field: a word diff for text, item by item for lists."""
    before, after = field.before, field.after
    if isinstance(before, str) and isinstance(after, str):
        runs = [(run.mark, run.text) for run in word_diff(before, after)]
        return list(_tidy(_refine(runs)))
    if isinstance(before, tuple) and isinstance(after, tuple):
        return _list_segments(before, after)
    segments: list[Segment] = []
    if before is not None:
        segments.append((show_value(before), Role.DELETE))
    if after is not None:
        segments.append((show_value(after), Role.INSERT))
    return segments


def _split_lines(segments: list[Segment]) -> list[Line]:
    """Segments broken at the text's own line breaks."""
    lines: list[Line] = [[]]
    for text, role in segments:
        parts = text.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append([])
            if part:
                lines[-1].append((part, role))
    return lines


def _field_lines(field: FieldDiff, status: ChangeStatus) -> list[Line]:
    if status is ChangeStatus.CHANGED or status is ChangeStatus.MOVED:
        segments = field_segments(field)
    else:
        segments = [(show_value(field.after if field.before is None else field.before), Role.VALUE)]
    body = _split_lines(segments)
    label: Line = [("    ", Role.TEXT), (field.name, Role.FIELD), (":", Role.TEXT)]
    if len(body) == 1:
        return [[*label, (" ", Role.TEXT), *body[0]]]
    return [label, *([("      ", Role.TEXT), *line] for line in body)]


def change_lines(change: Change) -> list[Line]:
    """The head line of one change and, below it, its fields."""
    sign, role = _SIGNS[change.status]
    name = t(f"diff.section.{change.section}")
    if change.status is ChangeStatus.MOVED:
        words = f"{sign} {name}: {t('diff.order')}"
    else:
        words = " ".join(part for part in (sign, name, change.key) if part)
        if change.vendor:  # an answer: "~ answer SIK-1 (Firma A/S)"
            words += f" ({change.vendor})"
        if change.title and change.title != change.key:
            words += f": {change.title}"
    head: Line = [(words, role)]
    if change.section in _INLINE_SECTIONS:
        if change.status is ChangeStatus.REMOVED or not change.fields:
            return [head]
        field = change.fields[0]
        if change.status is ChangeStatus.ADDED:
            return [[*head, (": ", Role.TEXT), (show_value(field.after), Role.VALUE)]]
        return [[*head, (": ", Role.TEXT), *field_segments(field)]]
    if change.status is ChangeStatus.REMOVED:
        return [head]
    lines = [head]
    for field in change.fields:
        if field.name == "title" and field.after == change.title and field.before is None:
            continue  # an added thing's title is in its head line already
        lines.extend(_field_lines(field, change.status))
    return lines


def summary_text(diff: Diff) -> str:
    """One line: per section, how many things were added, removed and changed."""
    if diff.equal:
        return t("diff.no_differences")
    parts = []
    for section, counts in diff.counts().items():
        numbers = ", ".join(
            t(f"diff.count.{status}", count=count) for status, count in counts.items() if count
        )
        parts.append(f"{t(f'diff.sections.{section}')}: {numbers}")
    return "; ".join(parts)


def stat_lines(diff: Diff) -> list[str]:
    """Counts only: one line per section with changes (or that there are none)."""
    if diff.equal:
        return [t("diff.no_differences")]
    return [
        f"{t(f'diff.sections.{section}')}: "
        + ", ".join(t(f"diff.count.{status}", count=count) for status, count in counts.items())
        for section, counts in diff.counts().items()
    ]


def diff_lines(diff: Diff, old_name: str, new_name: str) -> list[Line]:
    """The whole diff laid out: head, every change, summary."""
    lines: list[Line] = [[(f"--- {old_name}", Role.HEAD)], [(f"+++ {new_name}", Role.HEAD)]]
    for change in diff.changes:
        lines.extend(change_lines(change))
    lines.append([(summary_text(diff), Role.SUMMARY)])
    return lines


def render_plain(lines: list[Line]) -> str:
    """The lines as text with `[-deleted-]` and `{+inserted+}` markers, no escape codes."""
    out = []
    for line in lines:
        parts = []
        for text, role in line:
            shown = visible(text)
            if role is Role.DELETE:
                parts.append(f"[-{shown}-]")
            elif role is Role.INSERT:
                parts.append(f"{{+{shown}+}}")
            else:
                parts.append(shown)
        out.append("".join(parts))
    return "\n".join(out) + "\n"


def render_rich(lines: list[Line], file: IO[str], *, color: bool = True) -> None:
    """The lines with terminal styles (strike, underline, bold; colours unless `color` is off)."""
    from rich.console import Console
    from rich.text import Text

    console = Console(
        file=file,
        force_terminal=True,
        color_system="standard",
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    for line in lines:
        text = Text()
        previous = Role.TEXT
        for piece, role in line:
            if previous is Role.DELETE and role is Role.INSERT:
                text.append(" ")  # struck and underlined words must not run together
            text.append(visible(piece), STYLES.get(role, ""))
            previous = role
        console.print(text)


def _change_json(change: Change) -> dict[str, Any]:
    """One change for machines; an answer's also names its `vendor`."""
    data: dict[str, Any] = {
        "section": change.section,
        "key": change.key,
        "status": change.status.value,
        "title": change.title,
    }
    if change.vendor:
        data["vendor"] = change.vendor
    data["fields"] = [
        {"field": field.name, "before": field.before, "after": field.after}
        for field in change.fields
    ]
    return data


def diff_json(diff: Diff, old_name: str, new_name: str, *, stat: bool = False) -> str:
    """The diff for machines: kind, names, equal, counts and (unless `stat`) every change."""
    data: dict[str, Any] = {
        "kind": diff.kind,
        "old": old_name,
        "new": new_name,
        "equal": diff.equal,
        "summary": diff.counts(),
    }
    if not stat:
        data["changes"] = [_change_json(change) for change in diff.changes]
    return json_text(data) + "\n"
