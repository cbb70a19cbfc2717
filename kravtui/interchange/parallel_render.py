"""Rendering a long export on two cores: chunks of records made into text in a helper process.

A TOML or DOCX export of 100,000 requirements spends most of its time in pure Python turning
records into text (escaping, wrapping long lines, WordprocessingML), one core busy and the other
idle. `rendered` cuts the
records into chunks of `CHUNK` and keeps one helper process supplied with chunks, while this
process reads the next records from the database and renders the chunks in between (as many as
the helper leaves, so the two share the work whatever their speeds); the texts come back in the
records' order, so the file is byte for byte what rendering them here gives. (A chunk's "text"
may be anything the helper can send back: a DOCX's chunk is each block's XML with what the
document records of it.)

- `render` must be a module-level function (it is sent to the helper by name) that depends on
  its chunk alone: the same chunk gives the same text in either process.
- At most `AHEAD` chunks are held at once, so memory stays bounded.
- An error in `render` is raised here as it would be without the helper (the same exception,
  at the same chunk). A helper that cannot start or dies is left behind: the chunks are then
  rendered here, and the text is the same.
- Fewer than `PARALLEL_FROM` records (the caller's count), or one core: all rendered here. The
  helper is started fresh ("spawn"), never forked, so a caller with threads (the TUI's export
  worker) is safe, and it costs about 0.2 s to start, which a short export would not win back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 100
"""Records a chunk holds: about 3 ms of rendering and 130 KB of TOML, so a chunk's trip to the
helper costs little beside it, and the chunks held at once stay small."""

HELPER_QUEUE = 2
"""Chunks sent to the helper and not yet rendered there, at most: it never waits for work."""

AHEAD = 8
"""Chunks held at most (texts rendered here waiting for an earlier one from the helper)."""

PARALLEL_FROM = 20_000
"""A helper is started for at least this many records (about 0.6 s of rendering alone)."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def rendered(
    render: Callable[[list[T]], R],
    records: Iterable[T],
    count: int,
    *,
    chunk: int | None = None,
) -> Generator[R, None, None]:
    """`render` of each chunk of `records`, in order; shared with a helper process when `count`
    (how many records there are, or about) reaches `PARALLEL_FROM` and there are two cores."""
    chunks = _chunks(records, CHUNK if chunk is None else chunk)
    if count < PARALLEL_FROM or cores() < 2:
        yield from map(render, chunks)
        return
    yield from _shared(render, chunks)


def _chunks(records: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _shared(render: Callable[[list[T]], R], chunks: Iterator[list[T]]) -> Iterator[R]:
    """Chunks to the helper while it has fewer than `HELPER_QUEUE` waiting, else rendered here;
    texts in order, never more than `AHEAD` chunks held."""
    helper: ProcessPoolExecutor | None = ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_silenced
    )
    pending: deque[_Slot[T, R]] = deque()
    try:
        for batch in chunks:
            waiting = sum(1 for slot in pending if slot.sent is not None and not slot.sent.done())
            if helper is not None and waiting < HELPER_QUEUE:
                try:
                    pending.append(_Slot(batch, sent=helper.submit(render, batch)))
                except (BrokenProcessPool, RuntimeError, OSError):
                    helper.shutdown(wait=True, cancel_futures=True)
                    helper = None
                    pending.append(_Slot.here(render, batch))
            else:
                pending.append(_Slot.here(render, batch))
            while pending and (pending[0].ready() or len(pending) > AHEAD):
                yield pending.popleft().result(render)
        while pending:
            yield pending.popleft().result(render)
    finally:
        if helper is not None:
            helper.shutdown(wait=True, cancel_futures=True)


def _silenced() -> None:
    """The helper's output goes nowhere: it shares the terminal a TUI draws on, and whatever it
    could print (a warning, an interrupted worker's traceback) would land on the screen raw.
    Its errors come back to the caller, who says them as usual."""
    nowhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(nowhere, 1)
    os.dup2(nowhere, 2)
    os.close(nowhere)


@dataclass(slots=True)
class _Slot(Generic[T, R]):
    """One chunk in the order of the output: its text, or the helper's future of it."""

    batch: list[T]
    sent: Future[R] | None = None
    text: R | None = None
    error: Exception | None = None  # raised when the slot's turn comes, not before

    @classmethod
    def here(cls, render: Callable[[list[T]], R], batch: list[T]) -> _Slot[T, R]:
        try:
            return cls(batch, text=render(batch))
        except Exception as error:
            return cls(batch, error=error)

    def ready(self) -> bool:
        return self.sent is None or self.sent.done()

    def result(self, render: Callable[[list[T]], R]) -> R:
        """The chunk's text; rendered here when the helper died before giving it (an error
        of `render` itself is raised as it is)."""
        if self.error is not None:
            raise self.error
        if self.sent is None:
            assert self.text is not None
            return self.text
        try:
            return self.sent.result()
        except BrokenProcessPool:
            return render(self.batch)
