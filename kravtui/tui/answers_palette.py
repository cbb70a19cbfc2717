"""The command palette's entries on the Besvarelser screen: its keys (the writing ones left out
when the catalogue is read-only), and one entry per filter ("Filter: Answers differ"), so a
filter can be set by typing its name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from textual.app import App, SystemCommand

from kravtui.i18n import t
from kravtui.tui.commands import Display, commands
from kravtui.tui.keys import ANSWERS_KEYS, ANSWERS_WRITING


def answers_commands(
    app: App[Any], screen: object, keymap: Mapping[str, str], display: Display
) -> Iterator[SystemCommand]:
    """The palette's entries for the Besvarelser screen, when it is in front."""
    from kravtui.tui.screens.answers import AnswersScreen

    if not isinstance(screen, AnswersScreen):
        return
    from kravtui.answers.compare import AnswerFilter  # the first frame needs no comparison

    read_only = screen.session.read_only
    specs = tuple(s for s in ANSWERS_KEYS if not (read_only and s.id in ANSWERS_WRITING))
    yield from commands(app, [(screen, specs)], keymap, display)
    heading = t("tui.key.short.answers_filter")
    for answer_filter in AnswerFilter:
        name = f"{heading}: {t(answer_filter.label_key)}"
        yield SystemCommand(
            name, t("tui.key.answers_filter"), partial(screen.set_filter, answer_filter)
        )
