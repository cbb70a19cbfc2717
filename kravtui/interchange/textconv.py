"""A file as one line per field, each line naming its thing and field: git's `textconv` form.

`git log -p` and `git show` run an external diff command only with `--ext-diff`; without it they
diff the output of the driver's `textconv` instead. `flatten` writes that output so that every
line of such a diff says where it belongs, e.g.::

    requirement SIK-014 importance: high
    requirement SIK-014 description: Leverandøren skal sikre, at alle data krypteres under
    requirement SIK-014 description: transport med TLS 1.2 eller nyere.

Text keeps its own line breaks and long lines are cut where the TOML writer wraps them, so a
one-word edit still changes one short line; list fields give one line per entry.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from kravtui.catalogue.records import CatalogueContent
from kravtui.interchange.diff import (
    Entry,
    Value,
    classification_entries,
    item_fields,
    requirement_fields,
    selection_entries,
)
from kravtui.interchange.diff_render import show_value
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
            yield f"{label}: {piece}".rstrip()


def _sections(content: CatalogueContent | SelectionContent) -> Iterator[tuple[str, str, Entry]]:
    if isinstance(content, CatalogueContent):
        for section, entries in classification_entries(content.classifications).items():
            for key, entry in entries.items():
                yield section, key, entry
        for requirement in content.requirements:
            entry = (requirement.title, requirement_fields(requirement))
            yield "requirement", requirement.uid, entry
        return
    for section, entries in selection_entries(content).items():
        for key, entry in entries.items():
            yield section, key, entry
    for item in content.items:
        yield "item", item.uid, (item.snapshot.title, item_fields(item))


def flatten(content: CatalogueContent | SelectionContent) -> str:
    """Every thing of the file, field by field, one blank line between things."""
    blocks = []
    for section, key, (_, fields) in _sections(content):
        lines = list(_entry_lines(section, key, fields))
        blocks.append("\n".join(lines) if lines else f"{section} {key}")
    return "\n\n".join(blocks) + "\n"
