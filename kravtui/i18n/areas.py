"""The message modules of each area, both languages side by side in each (`EN` and `DA`).

`en.py` and `da.py` add them, in this order, to their core messages; a new area is one module
and one entry here.
"""

from __future__ import annotations

from types import ModuleType

from kravtui.i18n import (
    answers_screen,
    messages_answer_report,
    messages_answers,
    messages_catalogue,
    messages_cli,
    messages_db,
    messages_docx,
    messages_export,
    messages_interchange,
    messages_keys,
    messages_questionnaire,
    messages_selection_edit,
    messages_sheets,
    messages_textual,
    messages_tui,
    tui_selection,
)

AREAS: tuple[ModuleType, ...] = (
    messages_cli,
    messages_textual,
    messages_tui,
    messages_docx,
    messages_interchange,
    tui_selection,
    messages_questionnaire,
    messages_catalogue,
    messages_keys,
    messages_selection_edit,
    messages_export,
    messages_answers,
    answers_screen,
    messages_answer_report,
    messages_sheets,
    messages_db,
)
