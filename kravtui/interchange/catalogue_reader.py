"""Reading a catalogue file in the canonical layout a table at a time, for the streamed import.

`catalogue_stream` imports such a file as it is read; this module is its reading half. A file
that leaves the canonical layout anywhere (a statement `toml_fast` does not read, a table out of
the usual order, a uid twice) or whose checks refuse anything raises `Undecided`: the streamed
import then leaves the file to the whole-file import, which accepts or refuses it with its usual
message.

`read_catalogue` gives the file's classifications (once, before its first requirement) and then
each requirement's table. `read_in_worker` is the same reading in a process of its own, for a
big load into a catalogue without requirements: it checks every requirement and makes it ready
to insert (`kravtui.catalogue.requirements.new_rows`), so that the importing process only
writes, and the two share the machine's cores (see `Worker`).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import pickle
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

from kravtui.catalogue.classifications import ClassificationIds
from kravtui.catalogue.db import CatalogueError
from kravtui.catalogue.records import Classifications, RequirementContent
from kravtui.catalogue.requirements import new_rows
from kravtui.catalogue.vocabulary import FLAGS, TEXT_FIELDS
from kravtui.input_file import input_chunks
from kravtui.interchange.catalogue_checks import check_classifications, check_requirement
from kravtui.interchange.document import CATALOGUE_KIND
from kravtui.interchange.field_checks import Checker, References, check_format_and_kind
from kravtui.interchange.toml_fast import Block, TableReader
from kravtui.interchange.toml_lines import KeyPath

CLASSIFICATIONS = ("category", "domain", "tag", "principle")

REQUIREMENT_BLOCK = Block(
    (
        ("title", "str"),
        ("importance", "str"),
        ("category", "str"),
        ("subcategory", "str"),
        ("domains", "strs"),
        ("tags", "strs"),
        ("principles", "strs"),
        *((flag, "bool") for flag in FLAGS),
        *((field, "str") for field in TEXT_FIELDS),
    )
)
"""A requirement's fields as `catalogue_toml.dump_catalogue` writes them, read at one go."""

BATCH = 2_000
"""Requirements checked and written together: enough to make each statement worth it."""


class Undecided(Exception):
    """The streamed import leaves this file to the whole-file import."""


class StreamChecker(Checker):
    """The usual checks, but a refusal hands the file over instead of finding its line."""

    def fail(
        self, path: KeyPath, message: str, *, item: str | None = None, **values: object
    ) -> NoReturn:
        raise Undecided


class BatchSources:
    """The OS2kravmotor numbers (``source``) of one batch's requirements, by uid, for the batch's
    writer to set once its rows are in; a number given to a second requirement of the file
    raises `Undecided`, so the whole-file import words the refusal."""

    def __init__(self) -> None:
        self.batch: dict[str, str] = {}
        self._owner: dict[str, str] = {}  # every source so far -> its uid

    def take(self) -> dict[str, str]:
        """The batch's sources (checked against the file's so far), and an empty batch."""
        for uid, source in self.batch.items():
            if self._owner.setdefault(source, uid) != uid:
                raise Undecided
        taken, self.batch = self.batch, {}
        return taken


@dataclass(frozen=True, slots=True)
class Head:
    """The file's head: its format and kind, and its classification tables (unchecked)."""

    document: dict[str, Any]


def decoded(chunks: Iterator[bytes]) -> Iterator[str]:
    """UTF-8 text of the chunks, a leading byte-order mark dropped."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    for chunk in chunks:
        text = decoder.decode(chunk)
        if first and text:
            text = text.removeprefix("\ufeff")
            first = False
        yield text
    yield decoder.decode(b"", final=True)


def table_reader(chunks: Iterator[bytes]) -> TableReader:
    """The reader of a catalogue file's chunks, each requirement's usual fields at one go."""
    return TableReader(decoded(chunks), {"requirement": REQUIREMENT_BLOCK})


def read_root(reader: TableReader, checker: Checker) -> dict[str, Any]:
    """The pairs before the file's first table: its format and kind, checked."""
    root = reader.root()
    if set(root) - {"format", "kind"}:
        raise Undecided
    check_format_and_kind(checker, root, (CATALOGUE_KIND,))
    return root


def read_catalogue(
    reader: TableReader, root: dict[str, Any]
) -> Iterator[Head | tuple[str, dict[str, Any]]]:
    """After `read_root`: the file's `Head` once, before its first requirement (or at the end
    when it has none), then each requirement's uid and table, in file order; raises `Undecided`
    (or `NotCanonical`) at anything outside the canonical layout."""
    head: Head | None = Head(dict(root))
    seen: set[str] = set()
    for (kind, name, sub), table in reader.tables():
        if kind == "array" and name in CLASSIFICATIONS and head is not None:
            head.document.setdefault(name, []).append(table)
            continue
        if kind != "table" or name != "requirement" or sub is None or sub in seen:
            raise Undecided
        if head is not None:
            yield head
            head = None
        seen.add(sub)
        yield sub, table
    if head is not None:
        yield head


# --------------------------------------------------------------------------------------------
# The reading process


class Channel:
    """One process's end of the two pipes between the importing and the reading process:
    objects go out and come in pickled (a pickle ends itself, so no framing is needed)."""

    def __init__(self, outgoing: IO[bytes], incoming: IO[bytes]) -> None:
        self._outgoing = outgoing
        self._incoming = incoming

    def send(self, message: object) -> None:
        pickle.dump(message, self._outgoing, pickle.HIGHEST_PROTOCOL)
        self._outgoing.flush()

    def recv(self) -> Any:
        return pickle.load(self._incoming)


def worker_main(path: str, batch: str) -> None:
    """The reading process's program: `read_in_worker` over its standard input and output."""
    # The importing process stops it on Ctrl-C (it has a session of its own, so the terminal's
    # Ctrl-C reaches only the importing process); it must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    channel = Channel(sys.stdout.buffer, sys.stdin.buffer)
    sys.stdout = sys.stderr  # nothing else may write into the pipe
    read_in_worker(channel, path, int(batch))


def read_in_worker(channel: Channel, path: str, batch: int = BATCH) -> None:
    """The reading process (see `Worker`): check the file at `path` and send what to write,
    `batch` requirements at a time.

    It receives the catalogue's classifications, sends ``("classifications", Classifications)``
    (the file's, checked) and receives the `ClassificationIds` after the merge, then sends
    ``("rows", NewRows)`` a batch at a time and ``("end",)``; or ``("undecided",)`` as soon as
    the file is one to leave to the whole-file import, and ``("refused", reason)`` when a
    requirement names a classification the catalogue does not have.
    """
    with contextlib.suppress(EOFError, OSError):  # the importing process went away: no one to tell
        known: Classifications = channel.recv()
        try:
            with input_chunks(Path(path)) as chunks:
                reader = table_reader(chunks)
                _send_rows(channel, reader, StreamChecker("", path), known, batch)
        except CatalogueError as error:
            channel.send(("refused", str(error)))
        except Exception:  # Undecided, not canonical, unreadable, or anything unforeseen
            channel.send(("undecided",))


def _send_rows(
    channel: Channel, reader: TableReader, checker: Checker, known: Classifications, size: int
) -> None:
    references: References | None = None
    ids: ClassificationIds | None = None
    listed: set[str] = set()
    batch: list[RequirementContent] = []
    sources = BatchSources()
    for item in read_catalogue(reader, read_root(reader, checker)):
        if isinstance(item, Head):
            classifications = check_classifications(checker, item.document, known)
            channel.send(("classifications", classifications))
            ids = channel.recv()
            references = References(classifications, known)
            continue
        assert references is not None and ids is not None
        batch.append(check_requirement(checker, *item, references, sources.batch))
        if len(batch) >= size:
            channel.send(("rows", new_rows(batch, ids, listed), sources.take()))
            batch.clear()
    if batch:
        assert ids is not None
        channel.send(("rows", new_rows(batch, ids, listed), sources.take()))
    channel.send(("end",))


AHEAD = 4
"""Batches the reading process may have sent before the importing process takes them: it goes
on reading while a long statement (the text index of what came so far) is written."""

Message = tuple[Any, ...]
_ENDS = ("end", "undecided", "refused")
_GONE: Message = ("undecided",)

# The reading process's program: this interpreter's module path, then `worker_main`.
_BOOT = (
    "import json, sys; sys.path[:0] = json.loads(sys.argv[1]);"
    " from kravtui.interchange.catalogue_reader import worker_main; worker_main(*sys.argv[2:])"
)


class Worker:
    """`read_in_worker` for the file at `path` in a process of its own (a fresh interpreter
    running only this module, talking through its standard input and output), and its messages.

    A thread takes each message off the pipe as it comes, up to `AHEAD` of them, so the reading
    process is not held up while this one writes. A reading process that dies says, in effect,
    "undecided": the whole-file import then decides.
    """

    def __init__(self, path: Path) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, json.dumps(sys.path), str(path), str(BATCH)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,  # a Ctrl-C at the terminal stops the importing process
        )
        assert self._process.stdin is not None and self._process.stdout is not None
        self._channel = Channel(self._process.stdin, self._process.stdout)
        self._queue: queue.Queue[Message] = queue.Queue(AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._receive, daemon=True)

    def start(self, known: Classifications) -> None:
        """Send the catalogue's classifications: the reading begins."""
        self._channel.send(known)
        self._thread.start()

    def messages(self) -> Iterator[Message]:
        """The messages as `read_in_worker` sends them, up to the last."""
        while True:
            message = self._queue.get()
            yield message
            if message[0] in _ENDS:
                return

    def reply(self, ids: ClassificationIds) -> None:
        """Answer ``("classifications", ...)`` with the ids after the merge."""
        self._channel.send(ids)

    def close(self) -> None:
        """Stop the reading process, whatever it is doing, and the thread."""
        self._stop.set()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()  # its end of the pipe closed: the thread's read ends
        if self._thread.is_alive():
            self._thread.join()
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()

    def _receive(self) -> None:
        while not self._stop.is_set():
            try:
                message: Message = self._channel.recv()
            except Exception:  # the process ended (EOFError) or sent something broken
                message = _GONE
            while not self._stop.is_set():
                try:
                    self._queue.put(message, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if message[0] in _ENDS:
                return
