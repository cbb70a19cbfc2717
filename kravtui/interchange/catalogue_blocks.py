"""Two catalogue files compared a requirement block at a time: how `kravtui diff` reads them.

A catalogue file is a head (`format`, `kind`, the classifications) and then one block of lines
per requirement, each opening with ``[requirement.UID]`` at the start of a line.
`diff_catalogue_files` cuts both files there, as bytes, and then:

- reads and checks both heads (`check_catalogue`, which also checks the format and the kind);
- checks every block of the old file: nothing is taken on trust. A block that is the same,
  byte for byte, in the new file is first put to `BlockCheck` (one expression, against both
  files' classifications); every other block, and any such block it does not vouch for, is
  checked a batch at a time with the checks of a whole file (`load_toml`,
  `check_requirements`), and one that is the same in the new file has the classifications it
  names looked up again among the new file's;
- checks in the new file only the blocks that differ from the old file's block of the same uid;
- keeps the requirements whose blocks differ, or that only one file has, and compares those
  (`diff_requirements`, with the sources their blocks name); every other requirement is
  unchanged.

A source (``source = "os2kravmotor:1234"``, a block's last line) may name one requirement only:
each file's source lines are found with one expression over its bytes first, and a file naming
one twice is left to the whole reading, which refuses it with its line.

So it holds the two files' bytes and one batch of requirements, never every requirement of both
files (those took 700 MB for two files of 100,000 requirements), and parses only what changed
(and what `BlockCheck` leaves to the full checks). When anything is out of the ordinary (not a
catalogue file, a header it does not know, a uid twice, a block that is not exactly one
requirement, any refusal) it returns None, and the caller reads both files whole, which also
words the refusal with its line.

Cutting at a line that starts with ``[requirement.`` goes wrong only where such a line is inside
a multi-line string. Then the block before it ends inside that string, so it neither parses nor
matches `BlockCheck`'s expression (which ends with a closed string and blank lines): every block
of the old file is parsed or matched, and a block of the new file is either parsed or the same
as an old block that was, so the cut is never trusted wrongly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kravtui.catalogue.records import Classifications, RequirementContent
from kravtui.input_file import read_input_file
from kravtui.interchange.block_check import BlockCheck
from kravtui.interchange.catalogue_checks import check_catalogue, check_requirements
from kravtui.interchange.diff import Diff, diff_classifications, diff_requirements
from kravtui.interchange.document import CATALOGUE_KIND, load_toml, read_kind
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.field_checks import References

# Requirements parsed and checked at once (a text of a few hundred kilobytes at a time).
BATCH = 200
_OPENING = re.compile(rb"\n\[requirement\.")
_HEADER = re.compile(rb"\[requirement\.([A-Za-z0-9_-]+)\]\n")
_BOM = b"\xef\xbb\xbf"
_SOURCE_LINE = re.compile(rb'\nsource = "([^"\n]*)"\n')


class _Unusual(Exception):
    """Something this reading does not handle: the caller reads the files whole."""


@dataclass(frozen=True, slots=True)
class _Cut:
    """One file: its head (decoded) and where each requirement's block is in its bytes."""

    source: str
    data: bytes
    head: str
    blocks: dict[str, tuple[int, int]]

    def block(self, uid: str) -> bytes:
        start, end = self.blocks[uid]
        return self.data[start:end]


def _cut(path: Path) -> _Cut:
    try:
        data = read_input_file(path)
        data = data.removeprefix(_BOM)
        starts = [found.start() + 1 for found in _OPENING.finditer(data)]
        if data.startswith(b"[requirement."):
            raise _Unusual
        head = data[: starts[0] if starts else len(data)].decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise _Unusual from None
    sources = _SOURCE_LINE.findall(data)
    if len(set(sources)) != len(sources):
        raise _Unusual  # two requirements from one source: the whole reading words it
    blocks: dict[str, tuple[int, int]] = {}
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(data)
        header = _HEADER.match(data, start)
        if header is None:
            raise _Unusual
        uid = header.group(1).decode("ascii")
        if uid in blocks:
            raise _Unusual
        blocks[uid] = (start, end)
    return _Cut(str(path), data, head, blocks)


def _classifications(cut: _Cut) -> Classifications:
    checker, data = load_toml(cut.head, cut.source)
    if read_kind(checker, data) != CATALOGUE_KIND or "requirement" in data:
        raise _Unusual
    return check_catalogue(checker, data).classifications


def _checked(
    cut: _Cut, uids: Sequence[str], references: References, sources: dict[str, str]
) -> Iterator[RequirementContent]:
    """The requirements of the blocks `uids` (in file order), parsed and checked a batch at a
    time as a file holding only them; their sources go to `sources`."""
    for start in range(0, len(uids), BATCH):
        chunk = uids[start : start + BATCH]
        try:
            text = b"".join(cut.block(uid) for uid in chunk).decode("utf-8")
        except UnicodeDecodeError:
            raise _Unusual from None
        checker, data = load_toml(text, cut.source)
        tables = data.get("requirement")
        if len(data) != 1 or type(tables) is not dict or list(tables) != list(chunk):
            raise _Unusual  # a block that is not exactly its requirement's table
        yield from check_requirements(checker, data, references, sources)


def _names_known(requirement: RequirementContent, references: References) -> bool:
    """Whether every classification `requirement` names is among `references` (the part of
    `check_requirements` that depends on the file's classifications)."""
    subcategories = references.subcategories.get(requirement.category)
    if subcategories is None:
        return False
    if requirement.subcategory and requirement.subcategory not in subcategories:
        return False
    return (
        references.domains.issuperset(requirement.domains)
        and references.tags.issuperset(requirement.tags)
        and references.principles.issuperset(requirement.principles)
    )


def _unchanged(before: _Cut, after: _Cut, quick: BlockCheck) -> tuple[set[str], list[str]]:
    """The uids whose blocks are the same in both files, and (in file order) the old file's
    blocks that still need the full checks: every changed or removed one, and any unchanged one
    `quick` does not vouch for against both files' classifications."""
    same: set[str] = set()
    unchecked: list[str] = []
    for uid, (start, end) in before.blocks.items():
        block = before.data[start:end]
        other = after.blocks.get(uid)
        if other is None or after.data[other[0] : other[1]] != block:
            unchecked.append(uid)
            continue
        same.add(uid)
        try:
            if not quick(block.decode("utf-8")):
                unchecked.append(uid)
        except UnicodeDecodeError:
            raise _Unusual from None
    return same, unchecked


def diff_catalogue_files(old: Path, new: Path) -> Diff | None:
    """The diff of two catalogue files, read as the module says; None when the caller must
    read them whole (a selection file, an unusual layout, anything refused)."""
    try:
        before, after = _cut(old), _cut(new)
        old_classifications = _classifications(before)
        new_classifications = _classifications(after)
        old_references = References(old_classifications, Classifications())
        new_references = References(new_classifications, Classifications())
        same, unchecked = _unchanged(before, after, BlockCheck(old_references, new_references))
        old_sources: dict[str, str] = {}
        new_sources: dict[str, str] = {}
        removed_or_changed: dict[str, RequirementContent] = {}
        for requirement in _checked(before, unchecked, old_references, old_sources):
            if requirement.uid not in same:
                removed_or_changed[requirement.uid] = requirement
            elif not _names_known(requirement, new_references):
                raise _Unusual  # the new file no longer defines what it names
        new_uids = [uid for uid in after.blocks if uid not in same]
        checked = _checked(after, new_uids, new_references, new_sources)
        added_or_changed = {r.uid: r for r in checked}
    except (_Unusual, InterchangeError):
        return None
    changes = diff_classifications(old_classifications, new_classifications)
    changes.extend(
        diff_requirements(removed_or_changed, added_or_changed, old_sources, new_sources)
    )
    return Diff("catalogue", tuple(changes))
