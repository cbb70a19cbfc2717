"""A file as one line per field, each line naming its thing and field: git's `textconv` form.

`git log -p` and `git show` run an external diff command only with `--ext-diff`; without it they
diff the output of the driver's `textconv` instead. `flatten` writes that output so that every
line of such a diff says where it belongs, e.g.::

    requirement SIK-014 importance: high
    requirement SIK-014 description: Leverandøren skal sikre, at alle data krypteres under
    requirement SIK-014 description: transport med TLS 1.2 eller nyere.

Text keeps its own line breaks and long lines are cut where the TOML writer wraps them, so a
one-word edit still changes one short line; list fields give one line per entry. Control and bidi
characters are written as visible escapes (`kravtui.i18n.visible_text`).

`textconv` is what `kravtui diff --textconv` prints for any file git hands it. A file with git's
conflict markers (a merge that changed the same field on both sides) does not parse; printed
as it is, git's combined diff would compare every line of it with the field-by-field form of
the two sides. Instead each side is taken out of the markers, read and flattened on its own, and
the two flat forms are printed once, with the markers around the lines where they differ: the
combined diff then shows only the conflict, both versions, in the field-by-field form. A file
that is not kravtui's (or whose sides do not parse) is printed as it is, escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from kravtui.answers.export_content import AnswersContent
from kravtui.catalogue.records import CatalogueContent
from kravtui.i18n.visible_text import visible
from kravtui.interchange.answers_diff import answer_fields, head_entry, verdict_line
from kravtui.interchange.diff import (
    Entry,
    Value,
    classification_entries,
    item_fields,
    requirement_fields,
    selection_entries,
)
from kravtui.interchange.diff_render import show_value
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.kinds import parse_text
from kravtui.interchange.toml_writer import wrap_line
from kravtui.selection.transfer import SelectionContent


def _value_lines(value: Value) -> Iterator[str]:
    if isinstance(value, tuple):
        yield from value or ("",)
        return
    if not isinstance(value, str):
        yield show_value(value)
        return
    for line in value.split("\n"):
        yield from wrap_line(line)


def _entry_lines(section: str, key: str, fields: Mapping[str, Value]) -> Iterator[str]:
    name = f"{section} {key}".rstrip()
    for field, value in fields.items():
        label = name if field == section else f"{name} {field}"  # "answer Persondata: yes"
        for piece in _value_lines(value):
            yield visible(f"{label}: {piece}".rstrip())


def _answers_sections(content: AnswersContent) -> Iterator[tuple[str, str, Entry]]:
    """The selection, every answer file of every vendor, and every answer with its verdicts:
    `answer Firma A/S SIK-1 status: accepted`."""
    yield "selection", "", head_entry(content)
    for vendor in content.vendors:
        for number, answer_file in enumerate(vendor.answer_sets, start=1):
            fields: dict[str, Value] = {
                "file": answer_file.file,
                "sha256": answer_file.sha256,
                "kind": answer_file.kind.value,
                "selection_version": answer_file.selection_version,
                "imported_at": answer_file.imported_at,
                "imported_by": answer_file.imported_by,
                "current": answer_file.current,
            }
            yield "vendor", f"{vendor.name} answer_set[{number}]", (vendor.name, fields)
        for item in vendor.items:
            fields = {**answer_fields(item), "history": tuple(map(verdict_line, item.history))}
            yield "answer", f"{vendor.name} {item.uid}", ("", fields)


Flattened = CatalogueContent | SelectionContent | AnswersContent


def _sections(content: Flattened) -> Iterator[tuple[str, str, Entry]]:
    if isinstance(content, AnswersContent):
        yield from _answers_sections(content)
        return
    if isinstance(content, CatalogueContent):
        for section, entries in classification_entries(content.classifications).items():
            for key, entry in entries.items():
                yield section, key, entry
        for requirement in content.requirements:
            source = content.sources.get(requirement.uid, "")
            entry = (requirement.title, requirement_fields(requirement, source))
            yield "requirement", requirement.uid, entry
        return
    for section, entries in selection_entries(content).items():
        for key, entry in entries.items():
            yield section, key, entry
    for item in content.items:
        yield "item", item.uid, (item.snapshot.title, item_fields(item))


def flatten(content: Flattened) -> str:
    """Every thing of the file, field by field, one blank line between things."""
    blocks = []
    for section, key, (_, fields) in _sections(content):
        lines = list(_entry_lines(section, key, fields))
        blocks.append("\n".join(lines) if lines else visible(f"{section} {key}"))
    return "\n\n".join(blocks) + "\n"


# git's conflict markers (the default size, 7): ours from <<<<<<<, the merge base (diff3 style)
# from |||||||, theirs from =======, the end at >>>>>>>.
_MARKER = re.compile(r"(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?\r?\n?", re.DOTALL)
_OURS, _BASE, _THEIRS, _END = "<" * 7, "|" * 7, "=" * 7, ">" * 7


@dataclass(slots=True)
class ConflictSides:
    """The two versions a file with conflict markers stands for, and the markers' own lines."""

    ours: list[str]
    theirs: list[str]
    ours_marker: str = _OURS
    theirs_marker: str = _END


def conflict_sides(text: str) -> ConflictSides | None:
    """Our and their version of a file with git's conflict markers; None when it has none or
    they do not nest as git writes them."""
    sides = ConflictSides(ours=[], theirs=[])
    state = None  # None outside a conflict, else the marker of the part being read
    found = False
    for line in text.splitlines(keepends=True):
        match = _MARKER.fullmatch(line)
        marker = match.group(1) if match else None
        if marker == _OURS and state is None:
            state, found = _OURS, True
            sides.ours_marker = line.rstrip("\r\n")
        elif marker == _BASE and state == _OURS:
            state = _BASE
        elif marker == _THEIRS and state in (_OURS, _BASE):
            state = _THEIRS
        elif marker == _END and state == _THEIRS:
            state = None
            sides.theirs_marker = line.rstrip("\r\n")
        elif marker in (_OURS, _END):
            return None
        else:
            if state in (None, _OURS):
                sides.ours.append(line)
            if state in (None, _THEIRS):
                sides.theirs.append(line)
    return sides if found and state is None else None


def _with_markers(ours: str, theirs: str, sides: ConflictSides) -> str:
    """Two flat forms as one: shared lines once, differing runs between conflict markers.

    The shared head and tail are cut off before matching, and lines that occur very often (the
    blank lines between things) only extend matches, so a conflict or two in a big file costs
    about one pass over it.
    """
    ours_lines = ours.splitlines(keepends=True)
    theirs_lines = theirs.splitlines(keepends=True)
    head = 0
    shortest = min(len(ours_lines), len(theirs_lines))
    while head < shortest and ours_lines[head] == theirs_lines[head]:
        head += 1
    tail = 0
    while tail < shortest - head and ours_lines[-1 - tail] == theirs_lines[-1 - tail]:
        tail += 1
    ours_middle = ours_lines[head : len(ours_lines) - tail]
    theirs_middle = theirs_lines[head : len(theirs_lines) - tail]
    out = ours_lines[:head]
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=ours_middle, b=theirs_middle).get_opcodes():
        if tag == "equal":
            out.extend(ours_middle[i1:i2])
            continue
        out.append(visible(sides.ours_marker) + "\n")
        out.extend(ours_middle[i1:i2])
        out.append(_THEIRS + "\n")
        out.extend(theirs_middle[j1:j2])
        out.append(visible(sides.theirs_marker) + "\n")
    out.extend(ours_lines[len(ours_lines) - tail :])
    return "".join(out)


def textconv(text: str, source: str) -> str:
    """What `kravtui diff --textconv` prints for a file's text (see the module docstring)."""
    try:
        return flatten(parse_text(text, source))
    except InterchangeError:
        pass
    sides = conflict_sides(text)
    if sides is not None:
        try:
            ours = flatten(parse_text("".join(sides.ours), source))
            theirs = flatten(parse_text("".join(sides.theirs), source))
        except InterchangeError:
            pass
        else:
            return _with_markers(ours, theirs, sides)
    return visible(text, multi_line=True)
