"""The TUI's plain parts: filter state, page cache, row drawing, key specs, and `run`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.style import Style

from kravtui.catalogue.search import Row, SearchQuery
from kravtui.catalogue.vocabulary import Importance
from kravtui.tui import app as app_module
from kravtui.tui.filter_state import Facet, FilterState
from kravtui.tui.keys import all_specs, key_names, unknown_ids
from kravtui.tui.widgets.page_cache import PageCache
from kravtui.tui.widgets.row_painter import RowPainter, RowStyles, fit, plain


def _row(index: int, title: str = "", **extra: Any) -> Row:
    values: dict[str, Any] = {
        "id": index,
        "uid": f"SIK-{index}",
        "title": title or f"Krav {index}",
        "category": "SIK",
        "subcategory": "",
        "importance": Importance.NORMAL,
        "deleted": False,
        "favourite": False,
    }
    values.update(extra)
    return Row(**values)


def test_filter_state_keeps_order_and_takes_off_the_newest_first() -> None:
    state = FilterState().toggled(Facet("category", "SIK")).with_text("krypt")
    state = state.toggled(Facet("importance", "absolute"))
    assert [f.kind for f in state.facets] == ["category", "text", "importance"]
    state = state.with_text("kryptering")  # the text keeps its place
    assert [f.kind for f in state.facets] == ["category", "text", "importance"]
    state, removed = state.without_newest()
    assert removed == Facet("importance", "absolute")
    state, removed = state.without_newest()
    assert removed == Facet("text", "kryptering") and state.text == ""
    state, removed = state.without_newest()
    state, removed = state.without_newest()
    assert removed is None and state == FilterState()


def test_filter_state_makes_the_search_query() -> None:
    state = FilterState()
    for facet in (
        Facet("category", "SIK"),
        Facet("subcategory", "LOG/Sikkerhedslog"),
        Facet("importance", "high"),
        Facet("domain", "Økonomi"),
        Facet("tag", "Cloud"),
        Facet("principle", "P1"),
        Facet("flag", "favourite"),
        Facet("flag", "deleted"),
    ):
        state = state.toggled(facet)
    query = state.with_text("log data").query()
    assert query == SearchQuery(
        text="log data",
        categories=frozenset({"SIK"}),
        subcategories=frozenset({("LOG", "Sikkerhedslog")}),
        importances=frozenset({Importance.HIGH}),
        domains=frozenset({"Økonomi"}),
        tags=frozenset({"Cloud"}),
        principles=frozenset({"P1"}),
        flags=frozenset({"favourite"}),
        deleted=True,
    )
    assert state.toggled(Facet("tag", "Cloud")).query().tags == frozenset()


def test_page_cache_reads_one_page_at_a_time_and_forgets_old_pages() -> None:
    reads: list[tuple[int, int]] = []

    def fetch(offset: int, limit: int) -> list[Row]:
        reads.append((offset, limit))
        return [_row(i) for i in range(offset, min(offset + limit, 1000))]

    cache = PageCache(fetch, total=1000, page_size=100, max_pages=3)
    cache.seed(0, [_row(i) for i in range(100)])
    assert cache.row(5) == _row(5) and reads == []
    assert cache.row(999) == _row(999) and reads == [(900, 100)]
    assert cache.row(950) == _row(950) and len(reads) == 1
    cache.row(250)
    cache.row(450)  # a fourth page: the least recently used one (0) goes
    cache.row(5)
    assert reads[-1] == (0, 100)
    assert cache.row(1000) is None and cache.row(-1) is None
    assert cache.index_of("SIK-5") == 5 and cache.index_of("SIK-77777") is None


def _styles() -> RowStyles:
    plain_style = Style()
    return RowStyles(plain_style, Style(reverse=True), Style(strike=True), Style(dim=True),
                     Style(bold=True), Style(italic=True))  # fmt: skip


@pytest.mark.parametrize("width", [80, 40, 10])
def test_rows_are_drawn_literally_and_exactly_as_wide_as_asked(width: int) -> None:
    painter = RowPainter(uid_width=7)
    painter.prepare(_styles(), width)
    tricky = _row(4, "Roller [bilag 3]\tog [/x]\nnæste linje \x1b[31m", favourite=True)
    strip = painter.strip(tricky, True)
    assert strip.cell_length == width
    text = strip.text
    assert "\n" not in text and "\t" not in text and "\x1b" not in text
    assert text.startswith("▶")
    if width == 80:
        assert "★" in text and "SIK-4" in text and "Normal" in text
        assert "Roller [bilag 3]\\tog [/x]\\nnæste linje \\x1b[31m" in text
    deleted = painter.strip(_row(5, deleted=True), False)
    assert "✗" in deleted.text and not deleted.text.startswith("▶")


def test_plain_and_fit() -> None:
    assert plain("a\tb\nc\x7f\u202e") == "a\\tb\\nc\\x7f\\u202e"
    assert fit("abcdef", 4) == "abc…"
    assert fit("ab", 4) == "ab  "
    assert fit("æøå", 3) == "æøå"
    assert fit("漢字漢字", 5) == "漢字…"


def test_every_binding_has_a_unique_id_and_keys_follow_the_keymap() -> None:
    ids = [spec.id for spec in all_specs()]
    assert len(ids) == len(set(ids))
    facets = next(spec for spec in all_specs() if spec.id == "facets")
    assert key_names(facets, {}) == ["f"]
    assert key_names(facets, {"facets": "ctrl+f, F2"}) == ["ctrl+f", "F2"]
    assert unknown_ids({"facets": "x", "nope": "y"}) == ["nope"]


def test_run_passes_the_mouse_choice_to_textual(
    catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def fake_run(self: app_module.KravApp, **kwargs: Any) -> None:
        seen.update(kwargs)

    monkeypatch.setattr(app_module.KravApp, "run", fake_run)
    app_module.run(catalogue, read_only=True, mouse=False)
    assert seen == {"mouse": False}


def test_importing_the_tui_does_not_import_sqlmodel_or_docx(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "import kravtui.cli, kravtui.tui.app\n"
        "print(sorted(m for m in ('sqlmodel', 'sqlalchemy', 'docx') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
