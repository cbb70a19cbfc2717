"""A fast reader for answers files as `answers_toml` writes them, with tomllib as the judge.

An answers file's table headers have quoted keys (`[vendor."Firma A/S".item.SIK-1]`), which the
canonical reader (`toml_fast.loads_canonical`) leaves to `tomllib`, and `tomllib` takes about
15 s for 10 vendors × 10,000 answers. `loads_answers` cuts the text at its header lines, reads
the pairs between them with `loads_canonical` and builds the tables the headers name, for the
four headers the writer writes:

    [selection]
    [[vendor.NAME.answer_set]]
    [vendor.NAME.item.UID]
    [[vendor.NAME.item.UID.assessment]]      (right after its item's table or verdicts)

It returns what `tomllib.loads` would, or None for anything else (another header, a table twice,
a key a header also names, pairs the canonical reader does not take, ...); the caller then reads
the text with `tomllib`, which also words the refusal. A cut inside a multi-line string cannot
be taken for a header: the part before it would hold the string's opening quotes without their
closing ones, which `loads_canonical` does not read. (The writer never starts a line of a
string with "[", so a file it wrote is never cut there.)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from kravtui.interchange.toml_fast import Block, loads_canonical

_ESCAPE = r"\\(?:[btnfr\"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"
_PART = rf'(?:[A-Za-z0-9_-]+|"(?:[^"\\\x00-\x1f\x7f]|{_ESCAPE})*")'
_HEADER_LINE = re.compile(r"^\[[^\n]*\]$", re.MULTILINE)
_SELECTION = "[selection]"
_ANSWER_SET = re.compile(rf"\[\[vendor\.({_PART})\.answer_set\]\]")
_ITEM = re.compile(rf"\[vendor\.({_PART})\.item\.({_PART})\]")
_VERDICT = re.compile(rf"\[\[vendor\.({_PART})\.item\.({_PART})\.assessment\]\]")
_TOP = frozenset({"selection", "vendor"})
# Each table's pairs as the writer writes them, read with one expression (else pair by pair).
_ITEM_PAIRS = Block(
    (
        ("choice", "str"),
        ("unclear_choice", "str"),
        ("elaboration", "str"),
        ("price", "str"),
        ("price_amount", "str"),
        ("text_changed", "bool"),
        ("status", "str"),
        ("comment", "str"),
    )
)


class _Fallback(Exception):
    """Not the layout this reader takes: let tomllib read the text."""


@lru_cache(maxsize=256)  # a vendor's name is in every header of its tables
def _key(part: str) -> str:
    if part[0] != '"':
        return part
    found = loads_canonical(f"k = {part}\n")
    if found is None:
        raise _Fallback
    return str(found["k"])


def _pairs(text: str, block: Block | None = None) -> dict[str, Any]:
    """The pairs of one table's text: read by `block` when they are all it reads (blank lines
    after them), else by the canonical reader."""
    if block is not None:
        found = block.read(text, 0)
        if found is not None and not text[found[1] :].strip("\n"):
            return found[0]
    whole = loads_canonical(text)
    if whole is None:
        raise _Fallback
    return whole


class _Builder:
    """The tables of the text, header by header, with TOML's rules for this layout."""

    def __init__(self, root: dict[str, Any]) -> None:
        if _TOP & root.keys():
            raise _Fallback
        self.root = root
        self.vendors: dict[str, dict[str, Any]] = {}
        self.item: tuple[str, str] | None = None  # the item the next verdicts may follow

    def add(self, header: str, text: str) -> None:
        """The table of `header`, its pairs read from `text`."""
        if header[1] != "[" and header != _SELECTION:  # [vendor.NAME.item.UID]
            self._add_item(header, _pairs(text, _ITEM_PAIRS))
            return
        pairs = _pairs(text)
        if header == _SELECTION:
            if "selection" in self.root:
                raise _Fallback
            self.root["selection"] = pairs
            self.item = None
            return
        found = _ANSWER_SET.fullmatch(header)
        if found is not None:
            vendor = self._vendor(_key(found.group(1)))
            vendor.setdefault("answer_set", []).append(pairs)
            self.item = None
            return
        found = _VERDICT.fullmatch(header)
        if found is None or self.item != (_key(found.group(1)), _key(found.group(2))):
            raise _Fallback
        name, uid = self.item
        self.vendors[name]["item"][uid].setdefault("assessment", []).append(pairs)

    def _add_item(self, header: str, pairs: dict[str, Any]) -> None:
        found = _ITEM.fullmatch(header)
        if found is None:
            raise _Fallback
        name, uid = _key(found.group(1)), _key(found.group(2))
        items = self._vendor(name).setdefault("item", {})
        if uid in items or "assessment" in pairs:
            raise _Fallback
        items[uid] = pairs
        self.item = (name, uid)

    def _vendor(self, name: str) -> dict[str, Any]:
        vendor = self.vendors.get(name)
        if vendor is None:
            vendor = self.vendors[name] = {}
            self.root.setdefault("vendor", {})[name] = vendor
        return vendor


def loads_answers(text: str) -> dict[str, Any] | None:
    """What `tomllib.loads(text)` returns for an answers file in the writer's layout; else None."""
    if text and not text.endswith("\n"):
        return None
    headers = list(_HEADER_LINE.finditer(text))
    try:
        builder = _Builder(_pairs(text[: headers[0].start()] if headers else text))
        for index, header in enumerate(headers):
            end = headers[index + 1].start() if index + 1 < len(headers) else len(text)
            builder.add(header.group(), text[header.end() + 1 : end])
    except _Fallback:
        return None
    return builder.root
