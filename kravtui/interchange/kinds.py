"""Files of every kind: `kravtui import` and `kravtui diff` read the kind from the file.

`import_file` parses a file once, reads its `kind` and hands it to the catalogue import (merge
by uid) or the selection import (recreate as a new selection); an answers file is refused (it
records a dialogue, it does not move one). `parse_file` returns the checked content of any kind
without a catalogue, and `diff_files` compares two files of one kind (two catalogue files a
requirement block at a time, `catalogue_blocks`; two answers files with `answers_diff`).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kravtui.answers.export_content import AnswersContent
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.records import CatalogueContent
from kravtui.i18n import t
from kravtui.input_file import read_file_start
from kravtui.interchange.answers_checks import check_answers
from kravtui.interchange.answers_diff import diff_answers
from kravtui.interchange.answers_fast import loads_answers
from kravtui.interchange.catalogue_blocks import diff_catalogue_files
from kravtui.interchange.catalogue_checks import check_catalogue
from kravtui.interchange.catalogue_toml import (
    ImportReport,
    bulk_work,
    import_catalogue_data,
    import_catalogue_streamed,
    read_text,
)
from kravtui.interchange.diff import Diff, diff_contents
from kravtui.interchange.document import (
    ANSWERS_KIND,
    CATALOGUE_KIND,
    SELECTION_KIND,
    entry_count,
    load_toml,
    read_kind,
)
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.field_checks import Checker
from kravtui.interchange.selection_checks import check_selection
from kravtui.interchange.selection_toml import import_selection_data
from kravtui.selection.transfer import SelectionContent, TransferReport

Content = CatalogueContent | SelectionContent | AnswersContent  # what a file of each kind holds
# An answers file says so in its head, where the answers' own fast reader is tried first.
_ANSWERS_HEAD = f'\nkind = "{ANSWERS_KIND}"\n'
_HEAD_SIZE = 200


def import_file(conn: Connection, path: Path) -> ImportReport | TransferReport:
    """Import a catalogue or selection file, all or nothing; raises `InterchangeError`.

    A catalogue in kravtui's own layout is imported as it is read; any other file is parsed
    whole first.
    """
    streamed = import_catalogue_streamed(conn, path)
    if streamed is not None:
        return streamed
    text = read_text(path)
    with bulk_work(conn, entry_count(text)):
        checker, data = load_toml(text, str(path))
        del text
        kind = read_kind(checker, data)
        if kind == CATALOGUE_KIND:
            return import_catalogue_data(conn, checker, data)
        if kind == ANSWERS_KIND:
            checker.fail(("kind",), "interchange.answers.not_importable")
        return import_selection_data(conn, checker, data)


def parse_text(text: str, source: str) -> Content:
    """The checked content of a file's text, of whichever kind it declares."""
    fast = loads_answers(text) if _ANSWERS_HEAD in text[:_HEAD_SIZE] else None
    checker, data = (Checker(text, source), fast) if fast is not None else load_toml(text, source)
    kind = read_kind(checker, data)
    if kind == CATALOGUE_KIND:
        return check_catalogue(checker, data)
    if kind == ANSWERS_KIND:
        return check_answers(checker, data)
    return check_selection(checker, data)


def parse_file(path: Path) -> Content:
    """`parse_text` of a file (read as UTF-8, a byte-order mark dropped)."""
    return parse_text(read_text(path), str(path))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Parsing big files allocates millions of objects that form no cycles: skip the GC scans."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def diff_files(old: Path | None, new: Path | None) -> Diff:
    """The semantic diff of two files of one kind; None (or /dev/null) is a file that does not
    exist, as git passes for an added or deleted file. Raises `InterchangeError`."""
    with paused_gc():
        if old is not None and new is not None and os.devnull not in (str(old), str(new)):
            found = _catalogue_blocks(old, new)  # a block at a time; None: read them whole
            if found is not None:
                return found
        before = None if old is None or str(old) == os.devnull else parse_file(old)
        after = None if new is None or str(new) == os.devnull else parse_file(new)
    kinds_differ = InterchangeError(
        str(new), t("diff.kinds_differ", old=_kind_of(before), new=_kind_of(after))
    )
    if isinstance(before, AnswersContent) or isinstance(after, AnswersContent):
        if isinstance(before, AnswersContent | None) and isinstance(after, AnswersContent | None):
            return diff_answers(before, after)
        raise kinds_differ
    try:
        return diff_contents(before, after)
    except TypeError:
        raise kinds_differ from None


def _catalogue_blocks(old: Path, new: Path) -> Diff | None:
    """`diff_catalogue_files`, except for an answers file, which that reading would parse whole
    only to find it is none (10 s at 100,000 answers)."""
    if _says_answers(old) or _says_answers(new):
        return None
    return diff_catalogue_files(old, new)


def _says_answers(path: Path) -> bool:
    """Whether the file's head says it is an answers file."""
    try:
        head = read_file_start(path, _HEAD_SIZE)
    except OSError:
        return False  # the whole reading says why
    return _ANSWERS_HEAD.encode() in head.removeprefix(b"\xef\xbb\xbf")


def _kind_of(content: Content | None) -> str:
    if content is None:
        return t("diff.no_file")
    if isinstance(content, AnswersContent):
        return t("diff.kind.answers")  # "a vendor answers file", not "a answers file"
    return CATALOGUE_KIND if isinstance(content, CatalogueContent) else SELECTION_KIND
