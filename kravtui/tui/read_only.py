"""Read-only mode's keys: which bindings change the catalogue or a selection.

With `--read-only` (or a catalogue that cannot be written) those keys leave every footer
(`shown`) and the command palette (`offered`); a key that still reaches its action is refused
there in one translated line, and the database connection is read-only too. Reading, moving,
filtering and exporting to a file stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from textual.app import App
from textual.widget import Widget

from kravtui.application.catalogue_session import CatalogueSession
from kravtui.i18n import t
from kravtui.tui.keys import KeySpec
from kravtui.tui.textual_internals import withdraw_notifications

WRITING: frozenset[str] = frozenset(
    {
        # the main screen (and the detail modal, which hands them on): editing and ticking
        *("new", "edit", "duplicate", "delete", "restore", "import-sheet"),
        *("tick", "tick-all", "untick-all"),
        # the selections (s)
        *("sel-new", "sel-edit", "sel-rename", "sel-duplicate", "sel-delete", "sel-final"),
        # the selection (v)
        *("item-untick", "item-priority", "item-edit", "item-new", "item-remove"),
        *("item-final", "item-duplicate"),
        # the questionnaire (a) and its re-tick step
        *("answer-yes", "answer-no", "answer-unknown", "answer-apply", "answer-cycle"),
        "retick-apply",
        # the drift view (w)
        *("drift-take", "drift-keep", "drift-take-all", "drift-keep-all"),
        # a requirement's history (h) and the classifications (C)
        "history-restore",
        *("class-new", "class-new-sub", "class-edit", "class-delete", "class-up", "class-down"),
    }
)
"""The ids of the bindings that write (see `kravtui.tui.keys`)."""


def shown(specs: Iterable[KeySpec], read_only: bool) -> tuple[KeySpec, ...]:
    """A screen's bindings: read-only, the writing ones stay bound (to say why they cannot)
    but leave the footer."""
    return tuple(
        replace(spec, show=False) if read_only and spec.id in WRITING else spec for spec in specs
    )


def offered(specs: Iterable[KeySpec], read_only: bool) -> tuple[KeySpec, ...]:
    """A screen's palette entries: read-only, without the writing ones."""
    return tuple(spec for spec in specs if not (read_only and spec.id in WRITING))


def refuse_editing(screen: Widget, session: CatalogueSession) -> bool:
    """Whether `session` may not change the catalogue's requirements and classifications; if
    so, `screen` says why in one line (read-only, or the database role's rights): once, as
    the line said by the key before is taken away (`e`, `n`, `e` do not stack three)."""
    if session.read_only:
        _say_once(screen, t("tui.edit.read_only"))
    elif session.editing_refused is not None:
        _say_once(screen, session.editing_refused)
    return session.catalogue_read_only


def _say_once(screen: Widget, message: str) -> None:
    withdraw_notifications(screen.app, message)
    screen.notify(message, severity="warning")


def refuse_app_editing(screen: Widget) -> bool:
    """`refuse_editing` for a screen that holds no session (the detail modal): the app's
    session (False for an app without one)."""
    session = getattr(screen.app, "session", None)
    return isinstance(session, CatalogueSession) and refuse_editing(screen, session)


def app_read_only(app: App[Any]) -> bool:
    """Whether the app's catalogue is open read-only (False for an app without one)."""
    session = getattr(app, "session", None)
    return bool(getattr(session, "read_only", False))
