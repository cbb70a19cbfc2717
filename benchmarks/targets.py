"""The issues' targets for the benchmark figures, printed beside the figures they judge.

`check` turns one size's figures into ``target`` lines::

    target size=100000 search_p95_ms=14.25 <= 15 met
"""

from __future__ import annotations

from collections.abc import Mapping


def check(
    size: int, figures: Mapping[str, object], targets: Mapping[int, Mapping[str, float]]
) -> list[str]:
    """One line per target set for `size`: the figure, the limit, and whether it is met."""
    lines = []
    for name, limit in targets.get(size, {}).items():
        value = figures.get(name)
        if not isinstance(value, int | float):
            lines.append(f"target size={size} {name} <= {limit:g} not measured")
            continue
        verdict = "met" if value <= limit else "MISSED"
        lines.append(f"target size={size} {name}={value:g} <= {limit:g} {verdict}")
    return lines
