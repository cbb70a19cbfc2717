"""`LineCursorList`'s own behaviour, for a list that only draws its lines: the cursor is clamped
and kept in view, opening names the line, and an empty list has no cursor to act on."""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.strip import Strip

from kravtui.tui.textual_internals import PaletteWithNoMatches
from kravtui.tui.widgets.line_cursor import LineCursorList


class Lines(LineCursorList):
    """Just lines: 0 .. count-1."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.virtual_size = Size(20, count)

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        mark = "▶" if index == self.cursor else " "
        return Strip([Segment(f"{mark} line {index}")])


class LinesApp(App[None]):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.opened: list[int] = []

    def compose(self) -> ComposeResult:
        yield Lines(self.count)

    def on_line_cursor_list_line_opened(self, message: LineCursorList.LineOpened) -> None:
        self.opened.append(message.index)


async def test_the_cursor_is_clamped_kept_in_view_and_opens_its_line() -> None:
    app = LinesApp(100)
    async with app.run_test(size=(30, 10)) as pilot:
        lines = app.query_one(Lines)
        lines.move_to(500)
        await pilot.pause()
        assert lines.cursor == 99
        top = int(lines.scroll_offset.y)
        assert top <= 99 < top + lines.size.height
        lines.move_to(-3)
        await pilot.pause()
        assert lines.cursor == 0 and int(lines.scroll_offset.y) == 0
        lines.action_open()
        await pilot.pause()
        assert app.opened == [0]


async def test_an_empty_list_has_no_cursor_and_opens_nothing() -> None:
    app = LinesApp(0)
    async with app.run_test(size=(30, 10)) as pilot:
        lines = app.query_one(Lines)
        lines.move_to(5)
        lines.action_open()
        await pilot.pause()
        assert lines.cursor == 0 and app.opened == []


def test_the_palette_says_textuals_own_words_unless_told_otherwise() -> None:
    prompt = PaletteWithNoMatches.no_matches_prompt(
        PaletteWithNoMatches.__new__(PaletteWithNoMatches)
    )
    assert str(prompt) == "No matches found"
