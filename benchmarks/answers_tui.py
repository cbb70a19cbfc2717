"""Besvarelser screen benchmark: the comparison of 10 vendors × 10,000 requirements (issue 14).

It builds, in a temporary folder, a synthetic catalogue (`build_synthetic_db`) with a selection
ticking 10,000 requirements, imports 10 vendors' answers to every one of them through the
service (a choice on each, an elaboration on every third, prices on the add-ons) and assesses
half of each vendor's answers; none of that is timed. Then it prints one line of ``name=value``
figures and the targets beside them::

    vendors=10 size=10000 load_ms=... open_ms=... cursor_step_ms=... cursor_step_p95_ms=...
        vendor_step_ms=...

- ``load_ms``: `compare_answers`, the one reading behind the screen and `kravtui answers list`
  (best of 3).
- ``open_ms``: the real app driven headless at 80x24 (`App.run_test`): from the `b` key event
  on the main screen until the grid has drawn its first rows. Median of 5 openings.
- ``cursor_step_ms`` / ``cursor_step_p95_ms``: ``j`` pressed 200 times, then ``G`` and ``g``;
  from the key event until the grid has drawn the moved cursor (keys 50 ms apart, as a held key
  repeats; the detail pane follows once the cursor rests).
- ``vendor_step_ms``: ``→`` and ``←`` 20 times each: until the grid is drawn for the vendor.

    python3 benchmarks/answers_tui.py            # 10 vendors x 10,000
    python3 benchmarks/answers_tui.py 2000 3     # another size and number of vendors

Targets (issue 14): opens <= 0.5 s, cursor step <= 10 ms (at 10,000 items).
"""

from __future__ import annotations

import asyncio
import hashlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]  # benchmarks/docx.py
sys.path.insert(0, str(_ROOT))
sys.path.append(str(_HERE))

from measured import process_peak_mb  # type: ignore[import-not-found]  # noqa: E402
from search_bench import build_synthetic_db  # type: ignore[import-not-found]  # noqa: E402
from targets import check  # type: ignore[import-not-found]  # noqa: E402

from kravtui.answers.assessments import assess  # noqa: E402
from kravtui.answers.records import (  # noqa: E402
    ReturnedFile,
    ReturnedIdentity,
    ReturnedRow,
    SentRecord,
    SourceKind,
    Status,
)
from kravtui.answers.sent import content_hash, sent_selection  # noqa: E402
from kravtui.answers.store import find_vendor, import_answers  # noqa: E402
from kravtui.application.answers import compare_answers  # noqa: E402
from kravtui.catalogue.db import connect  # noqa: E402
from kravtui.selection.current import remember_selection  # noqa: E402
from kravtui.selection.items import tick  # noqa: E402
from kravtui.selection.records import SelectionInfo  # noqa: E402
from kravtui.selection.store import create_selection  # noqa: E402

SIZE, VENDORS = 10_000, 10
TARGETS = {10_000: {"open_ms": 500, "cursor_step_ms": 10}}
CHOICES = ("Ja", "Ja, som tilkøb", "Ja, delvist", "Nej", "Ikke relevant", "")
CURSOR_STEPS = 200
KEY_GAP = 0.05
OPENINGS = 5


def build(path: Path, size: int, vendors: int) -> None:
    """The catalogue, the selection (remembered as the current one) and the vendors' answers."""
    build_synthetic_db(path, size + size // 20)
    conn = connect(path)
    try:
        uids = [
            row[0]
            for row in conn.execute(
                "SELECT uid FROM requirement WHERE deleted = 0 ORDER BY id LIMIT ?", (size,)
            )
        ]
        selection = create_selection(conn, SelectionInfo(title="Benchmark", language="da"))
        tick(conn, selection.id, uids)
        remember_selection(conn, selection.id)
        sent = sent_selection(conn, selection.id)
        records = tuple(SentRecord(i.uid, content_hash(i), i.needs_elaboration) for i in sent.items)
        identity = ReturnedIdentity(
            sent.selection_id, sent.created_at, sent.version, sent.language, True
        )
        for number in range(vendors):
            rows = tuple(
                ReturnedRow(
                    place=f"Besvarelse!A{index + 2}",
                    uid=item.uid,
                    title=item.title,
                    description=item.description,
                    priority=item.importance,
                    priority_text="",
                    choice_text=CHOICES[(index + number) % len(CHOICES)],
                    elaboration="Løsningen kan det i standardopsætningen." if index % 3 else "",
                    price=str(1000 + index) if (index + number) % len(CHOICES) == 1 else "",
                )
                for index, item in enumerate(sent.items)
            )
            digest = hashlib.sha256(f"{number}".encode()).hexdigest()
            returned = ReturnedFile(
                f"v{number}.xlsx", digest, SourceKind.XLSX, identity, records, rows
            )
            name = f"Leverandør {number:02d}"
            import_answers(conn, selection.id, name, returned)
            half = [item.uid for item in sent.items[: size // 2]]
            assess(conn, selection.id, find_vendor(conn, name), half, Status.ACCEPTED)
    finally:
        conn.close()


def load_ms(path: Path) -> float:
    conn = connect(path)
    try:
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            compare_answers(conn, 1)
            best = min(best, time.perf_counter() - started)
        return best * 1000
    finally:
        conn.close()


async def _wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(0.0005)


async def drive(path: Path) -> dict[str, float]:
    from textual import events

    from kravtui.config import Settings
    from kravtui.tui.app import create_app
    from kravtui.tui.screens.answers import AnswersScreen
    from kravtui.tui.screens.main import MainScreen
    from kravtui.tui.widgets.answer_grid import AnswerGrid

    app = create_app(path, settings=Settings())
    async with app.run_test(size=(80, 24)) as pilot:
        await _wait(lambda: isinstance(app.screen, MainScreen))
        await pilot.pause(0.5)
        driver = app._driver
        assert driver is not None

        def send(key: str, character: str | None) -> float:
            event = events.Key(key, character)
            event.set_sender(app)
            started = time.perf_counter()
            driver.send_message(event)
            return started

        def grid() -> AnswerGrid | None:
            screen = app.screen
            if not isinstance(screen, AnswersScreen):
                return None
            return next(iter(screen.query(AnswerGrid).results()), None)

        def opened(after: float) -> bool:
            shown = grid()
            return shown is not None and shown.painted_at > after

        openings: list[float] = []
        for _ in range(OPENINGS):
            started = send("b", "b")
            await _wait(lambda s=started: opened(s))  # type: ignore[misc]
            shown = grid()
            assert shown is not None and len(shown.rows) > 0
            openings.append((shown.painted_at - started) * 1000)
            await pilot.pause(0.3)
            await pilot.press("escape")
            await pilot.pause(0.3)
        await pilot.press("b")
        await pilot.pause(0.5)
        listing = grid()
        assert listing is not None

        async def steps(keys: list[tuple[str, str]]) -> list[float]:
            found = []
            for key, character in keys:
                before = listing.painted_at
                started = send(key, character)
                await _wait(lambda b=before: listing.painted_at > b)  # type: ignore[misc]
                found.append((listing.painted_at - started) * 1000)
                await asyncio.sleep(KEY_GAP)
            return found

        cursor = await steps([("j", "j")] * CURSOR_STEPS + [("G", "G"), ("g", "g")])
        vendor = await steps([("right", "")] * 20 + [("left", "")] * 20)
        await pilot.press("escape", "q")
    ordered = sorted(cursor)
    return {
        "open_ms": statistics.median(openings),
        "cursor_step_ms": statistics.median(cursor),
        "cursor_step_p95_ms": ordered[min(round(0.95 * len(ordered)), len(ordered) - 1)],
        "vendor_step_ms": statistics.median(vendor),
    }


def main(argv: list[str]) -> None:
    size = int(argv[0]) if argv else SIZE
    vendors = int(argv[1]) if len(argv) > 1 else VENDORS
    with tempfile.TemporaryDirectory(prefix="kravtui-answers-tui-") as folder:
        path = Path(folder) / "answers.db"
        build(path, size, vendors)
        figures = {"load_ms": load_ms(path), **asyncio.run(drive(path))}
    figures["process_peak_mb"] = process_peak_mb()
    rounded = {name: round(value, 1) for name, value in figures.items()}
    values = " ".join(f"{name}={value}" for name, value in rounded.items())
    print(f"vendors={vendors} size={size} {values}", flush=True)
    for line in check(size, rounded, TARGETS):
        print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
