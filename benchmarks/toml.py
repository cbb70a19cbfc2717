"""Selection TOML and `kravtui diff` benchmark: prints `name=value` figures.

In a temporary folder it builds the synthetic catalogue of `benchmarks/catalogue.py` (10,000
requirements by default, about 760 characters of Danish-looking text each), ticks every live
requirement in one selection and times:

- ``selection_export_s``: `export_selection_toml` end to end (read the selection, write the
  file atomically); ``selection_import_s``: importing that file back as a new selection, and
  ``selection_roundtrip``: whether exporting the imported one gives identical bytes;
- ``catalogue_diff_s``: `diff_files` of two catalogue files of that size (parse and validate both,
  compare) plus rendering the plain diff, where the second file has 1% of the requirements
  edited (a word in the description, the priority, a tag), 50 added, 50 removed and a category
  renamed; ``selection_diff_s``: the same for two selection files with 1% of the items edited.

Each figure is the best of three runs. Targets (issue 7): export of a 10,000-item selection
<= 0.6 s; diff of two 10,000-requirement files <= 2 s.

    python benchmarks/toml.py            # 10,000
    python benchmarks/toml.py 1000       # another size
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
for _path in (str(_ROOT), str(_ROOT / "benchmarks")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from catalogue import synthetic_catalogue  # type: ignore[import-not-found]  # noqa: E402
from measured import process_peak_mb  # type: ignore[import-not-found]  # noqa: E402

from kravtui.catalogue.db import create_catalogue  # noqa: E402
from kravtui.catalogue.records import CatalogueContent, RequirementContent  # noqa: E402
from kravtui.catalogue.vocabulary import Importance  # noqa: E402
from kravtui.interchange.catalogue_toml import dump_catalogue, import_catalogue  # noqa: E402
from kravtui.interchange.diff_render import diff_lines, render_plain  # noqa: E402
from kravtui.interchange.kinds import diff_files  # noqa: E402
from kravtui.interchange.selection_toml import (  # noqa: E402
    export_selection_toml,
    import_selection,
    parse_selection,
)
from kravtui.selection.items import tick  # noqa: E402
from kravtui.selection.records import SelectionInfo  # noqa: E402
from kravtui.selection.store import create_selection  # noqa: E402
from kravtui.selection.transfer import SelectionContent  # noqa: E402

RUNS = 3


def best(action: Callable[[], object]) -> float:
    """The fastest of `RUNS` runs, in seconds."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def edited_catalogue(content: CatalogueContent, seed: int = 7) -> CatalogueContent:
    """1% of the requirements edited, 50 added, 50 removed, the first category renamed."""
    rng = random.Random(seed)
    requirements = list(content.requirements)
    tags = [tag.name for tag in content.classifications.tags]
    for index in rng.sample(range(len(requirements)), len(requirements) // 100):
        r = requirements[index]
        requirements[index] = r.with_changes(
            description=r.description.replace(" ", " ikke ", 1),
            importance=Importance.HIGH
            if r.importance is Importance.ABSOLUTE
            else Importance.ABSOLUTE,
            tags=tuple(tag for tag in tags if tag not in r.tags)[:1] + r.tags,
        )
    for index in sorted(rng.sample(range(len(requirements)), 50), reverse=True):
        del requirements[index]
    first = content.requirements[0]
    requirements.extend(
        RequirementContent(
            uid=f"{first.category}-{900_000 + n}",
            title=f"Nyt krav {n}",
            category=first.category,
            all_domains=True,
            description=first.description,
        )
        for n in range(50)
    )
    categories = list(content.classifications.categories)
    categories[0] = replace(categories[0], name=categories[0].name + " (nyt navn)")
    classifications = replace(content.classifications, categories=tuple(categories))
    return CatalogueContent(classifications, tuple(requirements))


def edited_selection(content: SelectionContent, seed: int = 7) -> SelectionContent:
    """1% of the items edited (a word, the priority), one answer changed."""
    rng = random.Random(seed)
    items = list(content.items)
    for index in rng.sample(range(len(items)), len(items) // 100):
        item = items[index]
        snapshot = replace(
            item.snapshot,
            description=item.snapshot.description.replace(" ", " ikke ", 1),
            importance=Importance.OPTIONAL,
        )
        items[index] = replace(item, snapshot=snapshot, edited=True)
    return replace(content, items=tuple(items))


def measure(n: int, folder: Path) -> dict[str, float | int | str]:
    """Every figure for a catalogue and selection of `n` requirements."""
    from kravtui.interchange.selection_toml import dump_selection

    content = synthetic_catalogue(n)
    old_catalogue, new_catalogue = folder / "old.toml", folder / "new.toml"
    old_catalogue.write_text(dump_catalogue(content), encoding="utf-8")
    new_catalogue.write_text(dump_catalogue(edited_catalogue(content)), encoding="utf-8")
    conn = create_catalogue(folder / "c.db")
    import_catalogue(conn, old_catalogue)
    domains = tuple(domain.name for domain in content.classifications.domains)
    selection = create_selection(conn, SelectionInfo(title="Benchmark", domains=domains))
    tick(conn, selection.id, [r.uid for r in content.requirements if not r.deleted])

    exported = folder / "selection.toml"
    export_s = best(lambda: export_selection_toml(conn, selection.id, exported))
    import_s = best(lambda: import_selection(conn, exported))
    again = folder / "again.toml"
    report = import_selection(conn, exported)
    export_selection_toml(conn, report.selection_id, again)
    identical = again.read_bytes() == exported.read_bytes()

    def diff_and_render(old: Path, new: Path) -> str:
        return render_plain(diff_lines(diff_files(old, new), str(old), str(new)))

    catalogue_diff_s = best(lambda: diff_and_render(old_catalogue, new_catalogue))
    parsed = parse_selection(exported.read_text(encoding="utf-8"), str(exported))
    edited = folder / "selection-edited.toml"
    edited.write_text(dump_selection(edited_selection(parsed)), encoding="utf-8")
    selection_diff_s = best(lambda: diff_and_render(exported, edited))
    conn.close()
    return {
        "size": n,
        "selection_mb": round(exported.stat().st_size / 1e6, 1),
        "selection_export_s": round(export_s, 3),
        "selection_import_s": round(import_s, 3),
        "selection_roundtrip": "identical" if identical else "DIFFERENT",
        "catalogue_diff_s": round(catalogue_diff_s, 3),
        "selection_diff_s": round(selection_diff_s, 3),
        "process_peak_mb": round(process_peak_mb(), 1),
    }


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [10_000]
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="kravtui-toml-bench-") as folder:
            figures = measure(n, Path(folder))
        print(" ".join(f"{name}={value}" for name, value in figures.items()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
