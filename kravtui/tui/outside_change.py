"""The message that tells the screen on top that another session changed the catalogue.

The main screen watches for other sessions' commits (`kravtui.catalogue.watch`) and reads the
list, the classifications and the current selection again. A screen opened over it (a
selection's items, the list of selections) shows what it read when it opened: the main
screen posts it `OutsideChange`, and a screen that shows data from the catalogue handles it by
reading again, so an officer sees a colleague's ticks and edits without leaving the screen.
"""

from __future__ import annotations

from textual.message import Message


class OutsideChange(Message):
    """Another session committed; the current selection has been read again already."""
