"""A one-line form field that keeps its text when it gets the focus.

Textual's `Input` selects all of its text on focus, so the first key typed replaces it: after
`e` on a requirement, typing a word wiped the title. In the forms, focus leaves the text alone
and puts the cursor at its end; the one-line prompts (rename, export path) keep Textual's
select-all, where replacing the text is what the user came for.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class FieldInput(Input):
    """`Input` that does not select its text on focus."""

    def __init__(self, value: str | None = None, **options: Any) -> None:
        super().__init__(value, select_on_focus=False, **options)
