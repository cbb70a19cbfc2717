"""Pins every piece of Textual's private API that `kravtui.tui.textual_internals` relies on.

Each test checks that the internal still exists and still behaves as the adapter uses it, in a
small app of its own (not kravtui's), so a Textual upgrade that changes one fails here, by name,
instead of somewhere in the app.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.command import CommandList
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Select, SelectionList, Static
from textual.widgets.option_list import Option

from kravtui.tui.textual_internals import (
    SELECTION_BOX_INNER,
    FooterKey,
    GlyphCheckbox,
    OptionListWithGutter,
    PaletteWithNoMatches,
    Toast,
    add_bindings,
    bindings_of,
    first_line_of,
    footer_bindings_ready,
    is_selected,
    option_lines,
    relabel_select_overlay,
    withdraw_notifications,
)

SIZE = (80, 24)


class One(App[None]):
    """An app that shows the widgets it is given, and a footer."""

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self.widgets = widgets
        self.done: list[str] = []

    def compose(self) -> ComposeResult:
        yield from self.widgets
        yield Footer()

    def action_record(self, what: str) -> None:
        self.done.append(what)


class Focusable(Static, can_focus=True):
    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("x", "app.record('class')", "Class's"),
        Binding("y", "app.record('y')", "Y"),
    ]


async def test_footer_keys_are_footer_key_widgets_once_the_bindings_are_ready() -> None:
    app = One(Focusable("f"))
    async with app.run_test(size=SIZE) as pilot:
        footer = app.query_one(Footer)
        await pilot.pause()
        assert footer_bindings_ready(footer)
        keys = list(footer.query(FooterKey))
        assert keys and {key.description for key in keys} >= {"Y"}
        assert FooterKey("x", "x", "Ex", "app.bell", disabled=True).has_class("-disabled")


async def test_footer_bindings_are_not_ready_before_the_footer_is_mounted() -> None:
    assert not footer_bindings_ready(Footer())


async def test_added_bindings_come_first_run_and_are_read_back() -> None:
    node = Focusable("first", id="first")
    app = One(node)
    async with app.run_test(size=SIZE) as pilot:
        add_bindings(node, [Binding("z", "app.record('z')", "Zed")])
        node.focus()
        await pilot.pause()
        assert [key for key, *_ in app.screen.active_bindings.items()][:3] == ["z", "x", "y"]
        assert [b.key for b in bindings_of(node)] == ["z", "x", "y"]
        assert bindings_of(node)[0].action == "app.record('z')"
        await pilot.press("z")
        assert app.done == ["z"]


async def test_a_relabelled_drop_down_shows_the_new_description() -> None:
    app = One(Select([("one", 1), ("two", 2)], id="select"))
    relabel_select_overlay("dismiss", "Luk listen")
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.query_one(Select).focus()
            await pilot.press("enter")
            await pilot.pause()
            shown = {
                binding.action: binding.description
                for _, binding, *_ in app.screen.active_bindings.values()
            }
            assert shown.get("dismiss") == "Luk listen"
    finally:
        relabel_select_overlay("dismiss", "Dismiss menu")


class OwnWords(PaletteWithNoMatches):
    def no_matches_prompt(self) -> RenderableType:
        return Text("Intet fundet")


async def test_the_palette_shows_its_own_no_matches_line() -> None:
    app = One()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(OwnWords())
        await pilot.pause()
        await pilot.press(*"qqqqzzzz")
        await pilot.pause(1.0)
        await pilot.pause()
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts == ["Intet fundet"]


class Blank(GlyphCheckbox):
    def inner_glyph(self) -> str:
        return "Q"


async def test_a_glyph_checkbox_draws_textuals_box_with_its_own_glyph() -> None:
    plain, same, own = Checkbox("a"), GlyphCheckbox("a"), Blank("a")
    app = One(plain, same, own)
    async with app.run_test(size=SIZE):
        assert same.render() == plain.render()  # unchanged unless the glyph is
        expected = plain.render().plain.replace(Checkbox.BUTTON_INNER, "Q", 1)
        assert own.render().plain == expected


async def test_a_selection_list_draws_its_boxes_with_the_checkbox_glyph() -> None:
    chooser = SelectionList[str](("one", "1", True), ("two", "2"))
    app = One(chooser)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for y in (0, 1):
            segments = list(chooser.render_line(y))
            assert len(segments) >= 4
            assert segments[1].text == SELECTION_BOX_INNER
            assert segments[3].text == " "  # the space after the box
        assert is_selected(chooser, "1") and not is_selected(chooser, "2")
        assert [value for value in ("1", "2") if is_selected(chooser, value)] == chooser.selected


class Guttered(OptionListWithGutter):
    LEFT_GUTTER = 2
    DEFAULT_CSS = "Guttered { width: 12; }"


class Plain(OptionListWithGutter):
    DEFAULT_CSS = "Plain { width: 12; }"


async def test_options_wrap_within_the_width_left_by_the_gutter() -> None:
    text = "aaaaa bbbbb"  # fits in 12 cells, not in 10
    guttered, plain = Guttered(text, compact=True), Plain(text, compact=True)
    app = One(guttered, plain)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert plain.scrollable_content_region.width == 12
        assert list(option_lines(plain)) == [(0, 0)]
        assert list(option_lines(guttered)) == [(0, 0), (0, 1)]


async def test_option_lines_name_each_lines_option_and_its_line_within_it() -> None:
    options = Plain(Option("a"), Option("b\nc"), Option("d"), compact=True)
    app = One(options)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert list(option_lines(options)) == [(0, 0), (1, 0), (1, 1), (2, 0)]
        assert [first_line_of(options, i) for i in range(4)] == [0, 1, 3, None]


async def test_notifications_are_toast_widgets() -> None:
    app = One()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("hej")
        await pilot.pause()
        await pilot.pause()
        assert [str(toast.render()) for toast in app.screen.query(Toast)] == ["hej"]


async def test_one_notification_is_withdrawn_and_the_others_stay() -> None:
    app = One()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.notify("væk", timeout=30)
        app.notify("bliver", timeout=30)
        app.notify("væk", timeout=30)
        await pilot.pause()
        await pilot.pause()
        withdraw_notifications(app, "væk")
        await pilot.pause()
        await pilot.pause()
        assert [str(toast.render()) for toast in app.screen.query(Toast)] == ["bliver"]
        assert [str(shown.message) for shown in app._notifications] == ["bliver"]
        # the withdrawn toasts' holders went with them: no empty line is left in the rack
        assert [len(holder.children) for holder in app.screen.query("ToastHolder")] == [1]


def test_bindings_map_merge_keeps_the_order_of_the_maps() -> None:
    """`add_bindings` relies on a merged map listing the first map's keys first."""
    merged = BindingsMap.merge([BindingsMap([Binding("b", "b")]), BindingsMap([Binding("a", "a")])])
    assert [key for key, _ in merged] == ["b", "a"]


def test_only_the_adapter_imports_textuals_private_modules() -> None:
    root = Path(__file__).resolve().parents[2]
    adapter = root / "kravtui" / "tui" / "textual_internals.py"
    private = re.compile(r"^\s*(from|import)\s+textual(\.\w+)*\._\w+", re.MULTILINE)
    offenders = [
        str(path.relative_to(root))
        for folder in ("kravtui", "tests")
        for path in sorted((root / folder).rglob("*.py"))
        if path != adapter and private.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
