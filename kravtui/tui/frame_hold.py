"""Holding the screen's next frame until a keystroke's result is in, so that the typed character
and the list it finds are drawn in one frame.

Textual draws at most one frame per 1/60 s, and the frame after one drawn at an idle moment
waits one to two frame periods (17-33 ms). Drawn at once, a typed character made the list's
frame wait that long although the search had answered within a few milliseconds. Held until
the result is in (Textual's `App.batch_update`, which suspends every repaint), both are drawn
together as soon as it is; a search slower than `seconds` lets the character be drawn then,
and its list in a later frame, as before. Nothing is drawn while held, and nothing is lost:
what changed meanwhile is drawn when the hold ends.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from textual.screen import Screen
from textual.timer import Timer


class FrameHold:
    """Holds `screen`'s repaints from `hold` until `release`, or for `seconds` at most."""

    def __init__(self, screen: Screen[Any]) -> None:
        self._screen = screen
        self._held: ExitStack | None = None
        self._timer: Timer | None = None

    @property
    def held(self) -> bool:
        """Whether repaints are held now."""
        return self._held is not None

    def hold(self, seconds: float) -> None:
        """Hold repaints until `release`, for `seconds` at most; while held already, the first
        hold's limit stands (keys typed quickly never hold the screen longer)."""
        if self._held is not None:
            return
        held = ExitStack()
        held.enter_context(self._screen.app.batch_update())
        self._held = held
        self._timer = self._screen.set_timer(seconds, self._expire, name="frame-hold")

    def release(self) -> None:
        """Let the screen draw again: what changed while held is drawn in the next frame."""
        held, self._held = self._held, None
        if held is None:
            return
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.stop()
        held.close()
        self._screen.check_idle()  # the screen draws when its message queue is idle

    def _expire(self) -> None:
        self._timer = None  # it has fired: nothing to stop
        self.release()
