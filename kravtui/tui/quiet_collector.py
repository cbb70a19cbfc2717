"""The garbage collector's full collections, moved from amid typing to the quiet moments after it.

Python collects in full once enough objects have outlived two younger collections; Textual's
render caches are such objects, so while someone types a full collection came every few keys
and walked everything made since the first frame (5-25 ms, the slowest keystrokes). After the
first frame the TUI freezes what starting made (no collection walks it again), lets Python
collect in full only after `BACKSTOP` younger collections instead of its 10, and collects in
full itself once no key, click or paste has come for `QUIET_SECONDS`. The young collections
stay as they are: each takes a millisecond or less.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

QUIET_SECONDS = 0.5  # no input for this long: a full collection delays no keystroke
BACKSTOP = 100  # younger collections before Python collects in full anyway (typing on and on)


class QuietCollector:
    """Full collections when the user pauses: `started` after the first frame, told of every
    input (`touched`), asked regularly (`tick`); `stopped` when the app ends."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._pending = False  # input since the last full collection
        self._thresholds: tuple[int, int, int] | None = None  # Python's, while started
        self._unfreeze = False  # `stopped` unfreezes what `started` froze

    def started(self) -> None:
        """After the first frame: keep what starting made out of every later collection, and
        collect in full mostly when the user pauses (the TUI starts with the collector off)."""
        if self._thresholds is None:
            self._unfreeze = gc.get_freeze_count() == 0  # nobody else froze anything
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, BACKSTOP)
        gc.freeze()
        gc.enable()

    def stopped(self) -> None:
        """The app ended: Python's own thresholds again, and what it froze collectable again
        (in one process running app after app, as the tests do, each app's leftovers would
        otherwise stay frozen for good, and the next app would freeze them over again)."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
            if self._unfreeze:
                gc.unfreeze()

    def touched(self) -> None:
        """A key, click or paste came."""
        self._last_input = self._clock()
        self._pending = True

    def tick(self) -> None:
        """Collect in full if there was input and none for `QUIET_SECONDS` since."""
        if not self._pending or self._thresholds is None:
            return
        if self._clock() - self._last_input >= QUIET_SECONDS:
            self._pending = False
            gc.collect()
