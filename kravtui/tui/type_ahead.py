"""Keys typed ahead of a screen that is opening wait for it, and then go to it in the order typed.

A terminal hands the app keys in bursts: typed fast, pasted without bracketed paste, or over a
slow SSH link. The keys after one that opens a screen (`n`, `e`, `x`, ...) were already on their
way to the screen below, whose widget had the focus; they came back unused once the new screen
was on top, before it had its fields, and were lost, or ran that screen's or the app's bindings
instead of being typed (`q` left the form just opened). A key typed while `e` waited for a
running search's rows ran on the screen below (`a` opened the questionnaire).

`TypeAhead` holds the keys and pastes that reach the app from the moment a screen opens (the
app's screen-change signal) until it is ready (mounted, its first field focused), and while a
screen waits to open one (`hold_keys`). It also takes back a key that returns unused from a
screen that another has opened over since, or that was typed after the key whose action began
a hold. When no hold is left, it hands them to the screen on top, in the order they were typed,
as if they arrived then: to its focused field, or its priority bindings (the export dialog's
ctrl+t and ctrl+s). A key that a priority binding takes as it arrives waits too, until the keys
sent on before it have been handled: `x/tmp` moved the focus to the filter with `/` before `x`
had opened the export dialog, so `x` was lost and the path went into the filter. A hold ends by
itself after `HOLD_LIMIT` seconds, so a screen that never gets ready cannot take the keyboard.
"""

from __future__ import annotations

import bisect
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from itertools import count
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

HOLD_LIMIT = 2.0
"""Seconds after which a hold ends by itself."""

Route = Callable[[events.Event], Awaitable[None]]
Release = Callable[[], None]


class TypeAhead:
    """The app's keys in flight: the order they arrived in, and those held for a screen."""

    def __init__(self, app: App[Any], route: Route) -> None:
        self._app = app
        self._route = route  # the app's own handling of an input event that just arrived
        self._count = count()
        # each key or paste: the order it arrived in, and the screen on top then
        self._arrivals: WeakKeyDictionary[events.Event, tuple[int, Screen[Any]]] = (
            WeakKeyDictionary()
        )
        self._hold_ids = count()
        self._holds: dict[int, int | None] = {}  # a hold: the key whose action began it, if any
        self._held: list[tuple[int, events.Key | events.Paste]] = []  # in the order typed
        self._handling: int | None = None  # the key whose bindings run now
        # the widgets keys went to since the last look at whether they are through (`_flush`)
        self._sent_to: WeakSet[DOMNode] = WeakSet()

    def hold(self) -> Release:
        """Hold the keys from now on until the returned function is called (or `HOLD_LIMIT`)."""
        hold_id = next(self._hold_ids)
        self._holds[hold_id] = self._handling

        def release() -> None:
            if self._holds.pop(hold_id, -1) == -1:
                return  # released already
            timer.stop()
            if not self._holds and self._held:
                self._app.call_later(self._replay)

        timer = self._app.set_timer(HOLD_LIMIT, release, name="type-ahead")
        return release

    def screen_changed(self, screen: Screen[Any]) -> None:
        """A screen is on top now (opened, or shown again): the keys wait until it is ready.
        Its own queue runs the callback after its mount and resume, and then after its first
        refresh the callbacks its mount asked for (a form notes what its fields held when it
        opened, to know later whether they changed); the app's queue then runs the release
        after the focus its mount asked for (`Widget.focus` goes through it)."""
        if self._app.is_running:
            release = self.hold()
            screen.call_later(screen.call_after_refresh, self._app.call_later, release)

    async def arrived(self, event: events.Event) -> None:
        """An input event reached the app: hold it, hand it on to the screen on top, or let the
        app handle it (route it to the focused widget, or run the binding of a key that came
        back unused)."""
        if isinstance(event, events.Key | events.Paste):
            if self._takes(event):
                return
            if not event.is_forwarded:
                await self._send(event)
                return
        with self._handling_of(event):
            await self._route(event)

    async def _send(self, event: events.Key | events.Paste) -> None:
        """Let the app route `event`, just arrived (or held until now): to a priority binding,
        or on to the focused widget, which is remembered unless it takes the key for certain
        (a character typed into a text field): from there it may come back unused."""
        target = self._app.focused or self._app.screen
        with self._handling_of(event):
            await self._route(event)
        if not event.is_forwarded:
            return  # a priority binding took it
        if isinstance(event, events.Key) and target.check_consume_key(event.key, event.character):
            return
        self._sent_to.add(target)

    def _takes(self, event: events.Key | events.Paste) -> bool:
        app = self._app
        if not event.is_forwarded:  # from the terminal (or handed on from the held ones)
            if event not in self._arrivals:
                self._arrivals[event] = (next(self._count), app.screen)
            if self._holds or self._held:  # none goes ahead of the keys still waiting
                self._keep(event)
                return True
            if self._sent_to and isinstance(event, events.Key) and self._acts_first(event.key):
                self._keep(event)  # after the keys sent on before it are through
                self._flush()
                return True
            return False
        arrival = self._arrivals.get(event)  # came back unused from the widgets
        if arrival is None:
            return False
        order, offered = arrival
        covered = offered is not app.screen and offered in app.screen_stack
        typed_after = any(began is not None and order > began for began in self._holds.values())
        if not (covered or typed_after):
            return False
        self._keep(event)
        if not self._holds:
            app.call_later(self._replay)
        return True

    def _acts_first(self, key: str) -> bool:
        """Whether `key` runs a priority binding, which acts as the key arrives, before the
        keys sent on before it have reached their widgets (`/` right after `x` moved the focus
        to the filter, where the `x` was lost and the path typed went)."""
        active = self._app.screen.active_bindings.get(key)
        return active is not None and active.binding.priority

    def _flush(self) -> None:
        """Hold the keys until every key sent on so far is through: taken by its widget or
        handled by the app (each queue on the way runs in order, so a callback passed up the
        same way comes after it)."""
        release = self.hold()
        targets, self._sent_to = list(self._sent_to), WeakSet()
        waiting = [len(targets)]

        def through() -> None:
            waiting[0] -= 1
            if waiting[0] == 0:
                release()

        for target in targets:
            self._follow([*target.ancestors_with_self][:-1], through)  # the app's is the last
        if not targets:
            release()

    def _follow(self, chain: list[DOMNode], through: Release) -> None:
        """Run `through` on the app after a callback has passed each node of `chain` in turn
        (a node that is closed already is skipped)."""
        for index, node in enumerate(chain):
            if node.call_later(self._follow, chain[index + 1 :], through):
                return
        self._app.call_later(through)

    def drop(self) -> None:
        """Forget the keys held (the app is quitting)."""
        self._held.clear()

    def _keep(self, event: events.Key | events.Paste) -> None:
        order = self._arrivals[event][0]
        bisect.insort(self._held, (order, event), key=lambda item: item[0])

    @contextmanager
    def _handling_of(self, event: events.Event) -> Iterator[None]:
        """While `event`'s bindings run, a hold they begin knows which key began it."""
        arrival = self._arrivals.get(event)
        previous = self._handling
        self._handling = None if arrival is None else arrival[0]
        try:
            yield
        finally:
            self._handling = previous

    async def _replay(self) -> None:
        """Hand the held keys, in the order typed, to the screen on top, until one of them
        opens another screen (which holds the rest), or one that acts first must wait for those
        sent on before it."""
        app = self._app
        while self._held and not self._holds:
            order, old = self._held[0]
            if self._sent_to and isinstance(old, events.Key) and self._acts_first(old.key):
                self._flush()  # its release hands the rest on
                return
            del self._held[0]
            new: events.Key | events.Paste = (
                events.Key(old.key, old.character)
                if isinstance(old, events.Key)
                else events.Paste(old.text)
            )
            new.set_sender(app)
            self._arrivals[new] = (order, app.screen)
            await self._send(new)


def hold_keys(app: App[Any]) -> Release:
    """Hold the keys typed from now on (an action waits to open a screen) until the returned
    function is called; on an app without type-ahead, nothing is held."""
    type_ahead = getattr(app, "type_ahead", None)
    return type_ahead.hold() if isinstance(type_ahead, TypeAhead) else _nothing


def _nothing() -> None:
    pass
