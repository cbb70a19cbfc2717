"""The cursor row is always on screen and marked `▶`, and every row action acts on that row.

After a filter change, Esc, a facet, the "ticked only" view, a resize or another session's
change, the list's cursor is on a row of the current result, scrolled into view and drawn with
`▶`; the detail pane shows that row; Space ticks exactly that row. An empty result has no
cursor, and every row action then changes nothing. Run on the bundled sample catalogue (113
requirements, TIL-006 last) at 80x24 and at 120x40 (detail pane beside the list).
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList, SelectionList

from kravtui.catalogue.editing import save_requirement, set_deleted
from kravtui.catalogue.requirements import get_requirement
from kravtui.config import Settings
from kravtui.i18n import set_language
from kravtui.interchange.sample import create_from_sample
from kravtui.selection.items import ticked_uids
from kravtui.tui.app import KravApp, create_app
from kravtui.tui.filter_state import Facet
from kravtui.tui.screens.confirm import ConfirmScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.selection_items import SelectionItemsScreen
from kravtui.tui.widgets.item_list import ItemList
from tests.tui.helpers import (
    assert_marked,
    cursor_uid,
    listed_uids,
    main_screen,
    marked_lines,
    notifications,
    opened,
    screen_text,
    settle,
    type_text,
    wait_until,
)
from tests.tui.selection_helpers import make_selection, status

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]
LAST = "TIL-006"  # the sample's last requirement
KRYPT = ["BAK-002", "SIK-007", "SIK-008"]  # what "krypt" finds in the sample


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.db"
    create_from_sample(path).close()
    return path


def _live_uids(path: Path) -> list[str]:
    with opened(path) as conn:
        rows = conn.execute("SELECT uid FROM requirement WHERE NOT deleted ORDER BY uid")
        return [str(uid) for (uid,) in rows]


def _ticked(path: Path, selection_id: int) -> set[str]:
    with opened(path) as conn:
        return set(ticked_uids(conn, selection_id))


def _catalogue_state(path: Path) -> list[tuple[object, ...]]:
    """Every requirement's content and version, and every selection item: to show nothing
    changed."""
    with opened(path) as conn:
        requirements = conn.execute("SELECT * FROM requirement ORDER BY id").fetchall()
        items = conn.execute("SELECT * FROM selection_item ORDER BY id").fetchall()
    return [tuple(row) for row in requirements + items]


def _app(path: Path) -> KravApp:
    return create_app(path, settings=Settings())


async def _check(pilot: Pilot[None], uid: str | None) -> None:
    """`uid` is marked on screen, and the detail pane (when shown) shows it."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, KravApp)
    assert_marked(app, uid)
    pane = main_screen(app).detail_pane

    def pane_follows() -> bool:  # the detail pane follows a resting cursor
        lines = pane.text.plain.splitlines()
        if not pane.display or uid is None:
            return True
        return bool(lines) and lines[0].startswith(f"{uid}  ")

    with contextlib.suppress(TimeoutError):  # the assertions below say what is wrong
        await wait_until(pilot, pane_follows, timeout=5)
    if pane.display:
        first = pane.text.plain.splitlines()[0]
        if uid is None:
            assert not any(line.startswith(("ARK-", "TIL-")) for line in pane.text.plain)
        else:
            assert first.startswith(f"{uid}  "), first


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_esc_after_a_filter_brings_the_cursor_row_into_view_and_space_ticks_it(
    sample: Path, size: tuple[int, int]
) -> None:
    everything = _live_uids(sample)
    selection_id = make_selection(sample, ticked=everything)
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await _check(pilot, everything[0])
        await pilot.press("G")
        await _check(pilot, LAST)
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        await _check(pilot, KRYPT[0])
        assert listed_uids(app) == KRYPT
        await pilot.press("enter")
        await _check(pilot, KRYPT[0])
        await pilot.press("escape")
        await _check(pilot, LAST)  # the requirement the user last moved to, shown again
        listing = main_screen(app).requirement_list
        assert listing.vertical_scrollbar.position == listing.scroll_y > 0  # the thumb too
        assert f"✓ {len(everything)} ticked" in status(app)
        await pilot.press("space")
        await _check(pilot, LAST)
        assert _ticked(sample, selection_id) == set(everything) - {LAST}
        assert f"✓ {len(everything) - 1} ticked" in status(app)
        await pilot.press("space")
        await _check(pilot, LAST)
        assert _ticked(sample, selection_id) == set(everything)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_a_filter_then_enter_then_g_then_widening_keeps_the_row_in_view(
    sample: Path, size: tuple[int, int]
) -> None:
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "krypt")
        await pilot.press("enter")
        await pilot.press("G")
        await _check(pilot, KRYPT[-1])
        await pilot.press("slash")
        for _ in "krypt":
            await pilot.press("backspace")
            await settle(pilot)
        await _check(pilot, KRYPT[-1])
        assert len(listed_uids(app)) == len(_live_uids(sample))
        await pilot.press("enter", "G")
        await _check(pilot, LAST)


async def test_shrinking_the_terminal_keeps_the_cursor_at_the_bottom_in_view(
    sample: Path,
) -> None:
    app = _app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await _check(pilot, LAST)
        await pilot.press("k", "k")  # not the last row: shrinking must scroll, not clamp
        await _check(pilot, "TIL-004")
        await pilot.resize_terminal(80, 24)
        await _check(pilot, "TIL-004")
        await pilot.resize_terminal(120, 40)
        await _check(pilot, "TIL-004")
        await pilot.press("g")
        await pilot.resize_terminal(80, 12)
        await _check(pilot, listed_uids(app)[0])


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_another_session_deleting_the_cursor_row_near_the_end(
    sample: Path, size: tuple[int, int]
) -> None:
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await _check(pilot, LAST)
        with opened(sample) as conn:
            set_deleted(conn, "TIL-006", True)
            set_deleted(conn, "TIL-005", True)
        main_screen(app)._poll_outside_changes()  # what the once-a-second poll does
        await _check(pilot, "TIL-004")  # the row now at the cursor's place: the last
        with opened(sample) as conn:
            current = get_requirement(conn, "TIL-004")
            assert current is not None
            changed = current.content.with_changes(title="Betjening med tastatur")
            save_requirement(conn, changed, expected_version=current.meta.version)
            for n in range(1, 31):  # rows above the cursor push it down
                save_requirement(
                    conn,
                    current.content.with_changes(uid=f"AAA-{n:03}", title=f"Nyt {n}"),
                    expected_version=None,
                )
        main_screen(app)._poll_outside_changes()
        await _check(pilot, "TIL-004")
        [marked] = marked_lines(app)
        assert marked.rstrip().endswith("Betjening med tastatur"), marked


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_a_facet_that_drops_the_cursor_row_puts_the_cursor_on_a_shown_row(
    sample: Path, size: tuple[int, int]
) -> None:
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("G")
        await _check(pilot, LAST)
        screen.toggle_facet(Facet("category", "SIK"))
        await settle(pilot)
        assert listed_uids(app)[0].startswith("SIK-")
        await _check(pilot, listed_uids(app)[0])
        screen.toggle_facet(Facet("category", "SIK"))
        await _check(pilot, LAST)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_ticked_only_with_the_cursor_on_an_unticked_row(
    sample: Path, size: tuple[int, int]
) -> None:
    everything = _live_uids(sample)
    ticked = everything[:5]
    selection_id = make_selection(sample, ticked=ticked)
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await _check(pilot, LAST)
        await pilot.press("t")
        await _check(pilot, ticked[0])
        assert listed_uids(app) == ticked
        await pilot.press("j")
        await _check(pilot, ticked[1])
        await pilot.press("space")  # the row leaves the view: the next one takes its place
        await _check(pilot, ticked[2])
        assert _ticked(sample, selection_id) == set(ticked) - {ticked[1]}
        await pilot.press("G", "space")  # the last row leaves: the one above it is the last
        await _check(pilot, ticked[3])
        assert _ticked(sample, selection_id) == set(ticked) - {ticked[1], ticked[4]}


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_with_nothing_shown_no_row_action_changes_anything(
    sample: Path, size: tuple[int, int]
) -> None:
    make_selection(sample, ticked=_live_uids(sample)[:3])
    before = _catalogue_state(sample)
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("G")
        await pilot.press("slash")
        await type_text(pilot, "zzqqxx")
        await pilot.press("enter")
        await _check(pilot, None)
        for key in ("space", "e", "c", "d", "h", "plus", "minus", "enter"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen), (key, app.screen)
            await _check(pilot, None)
        assert "No requirements match" in screen_text(app)
        said = notifications(app)
        assert not any(" 0 " in line for line in said), said
    assert _catalogue_state(sample) == before


def _item_marked(app: KravApp, uid: str) -> None:
    """In the selection's item view, the cursor is on `uid`, on screen, drawn with `›`."""
    listing = app.screen.query_one(ItemList)
    item = listing.current
    assert item is not None and item.uid == uid, item
    top = round(listing.scroll_offset.y)
    height = listing.scrollable_content_region.height
    assert top <= listing.cursor < top + height, (listing.cursor, top, height)
    region = listing.content_region
    lines = screen_text(app).splitlines()
    rows = [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]
    marked = [row for row in rows if "›" in row]
    assert len(marked) == 1 and uid in marked[0], marked


async def test_the_selection_item_view_keeps_its_cursor_on_screen(sample: Path) -> None:
    everything = _live_uids(sample)
    selection_id = make_selection(sample, ticked=everything)
    app = _app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, SelectionItemsScreen)
        await pilot.press("G")
        await settle(pilot)
        last = app.screen.query_one(ItemList).current
        assert last is not None
        _item_marked(app, last.uid)
        await pilot.press("k", "k")
        await settle(pilot)
        near_end = app.screen.query_one(ItemList).current
        assert near_end is not None
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        _item_marked(app, near_end.uid)
        await pilot.press("G", "space")  # untick the last: the one above it takes the cursor
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
            await settle(pilot)
        assert last.uid not in _ticked(sample, selection_id)
        now = app.screen.query_one(ItemList).current
        assert now is not None and now.uid != last.uid
        _item_marked(app, now.uid)


async def test_scrolling_by_wheel_or_scrollbar_takes_the_cursor_along(sample: Path) -> None:
    everything = _live_uids(sample)
    selection_id = make_selection(sample, ticked=[])
    app = _app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await _check(pilot, everything[0])
        listing = main_screen(app).requirement_list
        listing.scroll_to(y=50, animate=False)  # what the wheel or a scrollbar drag does
        await _check(pilot, everything[50])
        await pilot.press("space")
        await _check(pilot, everything[50])
        assert _ticked(sample, selection_id) == {everything[50]}
        listing.scroll_to(y=0, animate=False)
        bottom = listing.scrollable_content_region.height - 1
        await _check(pilot, everything[bottom])


def _option_in_view(widget: OptionList) -> bool:
    assert widget.highlighted is not None
    line = widget._index_to_line[widget.highlighted]
    top = round(widget.scroll_offset.y)
    return top <= line < top + widget.scrollable_content_region.height


async def test_the_classification_list_and_the_facet_tree_keep_their_cursor_on_screen(
    sample: Path,
) -> None:
    app = _app(sample)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("C", "G")
        await settle(pilot)
        classes = app.screen.query_one(OptionList)
        last = classes.highlighted
        assert last is not None and last > 20
        await pilot.resize_terminal(80, 14)
        await settle(pilot)
        assert classes.highlighted == last
        assert _option_in_view(classes)
        classes.scroll_to(y=0, animate=False)
        await settle(pilot)
        assert _option_in_view(classes)
        await pilot.press("escape")
        await pilot.resize_terminal(200, 60)
        await settle(pilot)
        panel = main_screen(app).facet_panel
        assert panel.display
        panel.focus()
        await pilot.press("end")
        await settle(pilot)
        line = panel.cursor_line
        assert line > 20
        await pilot.resize_terminal(170, 14)
        await settle(pilot)
        top = round(panel.scroll_offset.y)
        assert panel.cursor_line == line
        assert top <= line < top + panel.scrollable_content_region.height
        panel.scroll_to(y=0, animate=False)
        await settle(pilot)
        top = round(panel.scroll_offset.y)
        assert top <= panel.cursor_line < top + panel.scrollable_content_region.height


def _marked_options(app: KravApp, listing: OptionList) -> list[tuple[int, str]]:
    """The lines of an option list, as drawn now, that carry the `›` mark: (line, text)."""
    region = listing.content_region
    lines = screen_text(app).splitlines()
    rows = [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]
    return [(y, row) for y, row in enumerate(rows) if row.startswith("›")]


def _assert_mark_on_highlight(app: KravApp, listing: OptionList) -> None:
    assert listing.highlighted is not None
    line = listing._index_to_line[listing.highlighted] - round(listing.scroll_offset.y)
    assert [y for y, _ in _marked_options(app, listing)] == [line]


async def test_the_classification_list_marks_only_its_cursor_line_wherever_it_goes(
    sample: Path,
) -> None:
    app = _app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("C")
        await settle(pilot)
        classes = app.screen.query_one(OptionList)
        _assert_mark_on_highlight(app, classes)
        await pilot.press("j", "j")
        await settle(pilot)
        assert classes.highlighted == 2
        _assert_mark_on_highlight(app, classes)
        await pilot.press("G")
        await settle(pilot)
        _assert_mark_on_highlight(app, classes)
        await pilot.resize_terminal(80, 14)
        await settle(pilot)
        _assert_mark_on_highlight(app, classes)
        classes.scroll_to(y=0, animate=False)  # the wheel takes the cursor (and its mark) along
        await settle(pilot)
        _assert_mark_on_highlight(app, classes)


def test_one_option_list_marks_the_cursor_for_every_screen() -> None:
    """Every option list of the TUI is `MarkedOptionList` or refines it: the `›` mark, the list
    keys and the cursor kept on screen are done once (a second list doing them again is how
    they drift apart)."""
    import importlib
    import pkgutil

    import kravtui.tui
    from kravtui.tui.widgets.marked_option_list import MarkedOptionList

    for info in pkgutil.walk_packages(kravtui.tui.__path__, "kravtui.tui."):
        importlib.import_module(info.name)
    lists: list[type] = []
    pending: list[type] = [OptionList]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("kravtui.") and not issubclass(sub, SelectionList):
                lists.append(sub)
    assert MarkedOptionList in lists
    others = [c for c in lists if not issubclass(c, MarkedOptionList)]
    assert [c.__qualname__ for c in others if not issubclass(MarkedOptionList, c)] == []


def _slow_searches(app: KravApp, seconds: float) -> None:
    """Every search of `app`'s session takes `seconds` longer: a server far away, a big
    catalogue, so that keys typed after the filter arrive before its result."""
    session = app.session
    search = session.snapshot

    def slow(*arguments: object, **options: object) -> object:
        time.sleep(seconds)
        return search(*arguments, **options)  # type: ignore[arg-type]

    session.snapshot = slow  # type: ignore[method-assign]


async def _burst(pilot: Pilot[None], *keys: str) -> None:
    """`keys` as one burst (tmux send-keys): each queued before the first is handled."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause(0.05)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_space_typed_before_the_filter_s_result_ticks_a_row_of_that_result(
    sample: Path, size: tuple[int, int]
) -> None:
    """The walk's ``/krypt Enter Space`` in one burst ticked ARK-004, the row under the cursor
    before the filter, which "krypt" does not match."""
    selection_id = make_selection(sample, ticked=[])
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j")
        assert cursor_uid(app) == "ARK-004"
        _slow_searches(app, 0.3)
        await _burst(pilot, "slash", *"krypt", "enter", "space")
        await wait_until(pilot, lambda: bool(_ticked(sample, selection_id)), timeout=5)
        await settle(pilot)
        assert _ticked(sample, selection_id) == {KRYPT[0]}
        assert listed_uids(app) == KRYPT


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
async def test_enter_typed_before_an_empty_result_opens_nothing(
    sample: Path, size: tuple[int, int]
) -> None:
    app = _app(sample)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        _slow_searches(app, 0.3)
        await _burst(pilot, "slash", *"zqxwv", "enter", "enter")
        await pilot.pause(0.6)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert not main_screen(app).detail_pane.text.plain.startswith("ARK-001")
        assert "No requirements match" in screen_text(app)


async def test_enter_typed_before_the_filter_s_result_opens_its_first_row(sample: Path) -> None:
    app = _app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        _slow_searches(app, 0.3)
        await _burst(pilot, "slash", *"krypt", "enter", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen), timeout=5)
        screen = app.screen
        assert isinstance(screen, DetailScreen) and screen.requirement.uid == KRYPT[0]


def _searches_fail(app: KravApp) -> Callable[..., object]:
    """Make the app's searches fail as a lost disk or server does; the working search, to put
    back."""
    search: Callable[..., object] = app.session.snapshot

    def failing(*arguments: object, **options: object) -> object:
        raise sqlite3.OperationalError("disk I/O error")

    app.session.snapshot = failing  # type: ignore[method-assign]
    return search


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "(search failed)"), ("da", "(søgning mislykkedes)")],
)
async def test_a_failed_search_says_the_list_is_the_one_before_it_and_acts_on_nothing(
    sample: Path, lang: str, said: str
) -> None:
    """The walk saw the status name the typed filter over the unfiltered list while the server
    was away; Enter then must not open a row of that list either."""
    set_language(lang)
    app = _app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        search = _searches_fail(app)
        await _burst(pilot, "slash", *"krypt", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert said in screen_text(app)
        app.session.snapshot = search  # type: ignore[method-assign]
        await pilot.press("escape", "escape")  # the filter cleared: a search that works
        await settle(pilot)
        assert said not in screen_text(app)


@pytest.mark.parametrize(
    ("lang", "refused"),
    [
        ("en", "The search failed, so the list is not its result; nothing done"),
        ("da", "Søgningen mislykkedes, så listen er ikke dens resultat; intet gjort"),
    ],
)
async def test_a_row_key_after_a_failed_search_is_refused_not_kept_for_the_next(
    sample: Path, lang: str, refused: str
) -> None:
    """The PostgreSQL walk: with the server away, `/backup Enter`, then Space on a row of the
    old list did nothing, and when the server came back the kept Space ticked the first row of
    the new result. A row key after a failed search is refused in one line and never replayed;
    the status line tells the list on screen (its count and its filters), not the typed one."""
    set_language(lang)
    everything = _live_uids(sample)
    selection_id = make_selection(sample, ticked=everything)
    app = _app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        search = _searches_fail(app)
        await _burst(pilot, "slash", *"krypt", "enter")
        await settle(pilot)
        shown = status(app)
        assert "krypt" not in shown and str(len(everything)) in shown, shown
        await pilot.press("space", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any(refused in line for line in notifications(app)), notifications(app)
        app.session.snapshot = search  # type: ignore[method-assign]
        await pilot.press("slash", "end", "o", "enter")  # "krypto": a search that works
        await settle(pilot)
        assert "krypto" in status(app)
        assert isinstance(app.screen, MainScreen)
        assert _ticked(sample, selection_id) == set(everything)  # nothing was unticked
