"""`BlockCheck` vouches only for requirement blocks the full checks accept, and for the usual
written ones: the diff trusts it instead of parsing the blocks that did not change."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue.records import CatalogueContent, Classifications
from kravtui.interchange.block_check import BlockCheck
from kravtui.interchange.catalogue_checks import check_requirements
from kravtui.interchange.catalogue_toml import dump_catalogue
from kravtui.interchange.document import load_toml
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.field_checks import References
from tests.test_catalogue_toml import SMALL, catalogues


def blocks(content: CatalogueContent) -> list[str]:
    """The requirement blocks of the written file, cut as the diff cuts them."""
    text = dump_catalogue(content)
    return [block for block in re.split(r"(?<=\n)(?=\[requirement\.)", text)[1:]]


_ESCAPED = str.maketrans("", "", "\r\ufeff\u2028\u2029")


def plain(content: CatalogueContent) -> CatalogueContent:
    """`content` without the characters the writer escapes as ``\\uXXXX`` or ``\\r`` (what a
    requirement holds after an import: the text rule keeps the rest out)."""
    fields = ("title", "stakeholders", "description", "rationale", "help_text", "notes")
    return replace(
        content,
        requirements=tuple(
            r.with_changes(**{name: getattr(r, name).translate(_ESCAPED) for name in fields})
            for r in content.requirements
        ),
    )


def references(content: CatalogueContent) -> References:
    return References(content.classifications, Classifications())


def accepted(block: str, *sets: References) -> bool:
    """What the full checks say: the block parsed as a file of its own, one requirement, checked
    against each set of references."""
    try:
        checker, data = load_toml(block, "file.toml")
        tables = data.get("requirement")
        if len(data) != 1 or type(tables) is not dict or len(tables) != 1:
            return False
        for known in sets:
            check_requirements(checker, data, known)
    except InterchangeError:
        return False
    return True


MUTATIONS = [
    "\\",
    '"',
    "\n",
    " ",
    "\t",
    "\r",
    "#",
    "[",
    "]",
    "\x00",
    "\x0b",
    "\x7f",
    "\x85",
    "\u2028",
    "\ud800",
    "\\u0007",
    "\\u0085",
    "\\b",
    "\\r",
    "\\f",
    "\\e",
    "\\\n",
    '"""',
    "x",
    "ø",
    "true",
    "false",
    '    "Økonomi",\n',
    '    "Ukendt",\n',
]


def mutated(block: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(block)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate_line"]))
        if action == "insert":
            piece = data.draw(st.sampled_from(MUTATIONS))
            block = block[:position] + piece + block[position:]
        elif action == "delete":
            block = block[:position] + block[position + data.draw(st.integers(1, 12)) :]
        else:
            start = block.rfind("\n", 0, position) + 1
            end = block.find("\n", position)
            line = block[start : end + 1] if end >= 0 else block[start:] + "\n"
            block = block[:start] + line + block[start:]
    return block


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogues(), st.data())
def test_a_block_it_vouches_for_is_one_the_full_checks_accept(
    content: CatalogueContent, data: st.DataObject
) -> None:
    """Written blocks with hostile texts, mutated, against one or two sets of classifications."""
    known = references(content)
    fewer = References(
        replace(
            content.classifications,
            domains=content.classifications.domains[1:],
            tags=content.classifications.tags[:1],
        ),
        Classifications(),
    )
    sets = data.draw(st.sampled_from([(known,), (known, fewer), (fewer,)]))
    written = blocks(plain(content) if data.draw(st.booleans()) else content)
    block = data.draw(st.sampled_from(written))
    if data.draw(st.booleans()):
        block = mutated(block, data)
    if BlockCheck(*sets)(block):
        assert accepted(block, *sets), block


def test_the_usual_written_blocks_are_vouched_for() -> None:
    """Plain texts, long wrapped ones, a long wrapped title, escaped quotes and backslashes."""
    first = SMALL.requirements[0]
    long = "Leverandøren skal dokumentere, hvordan data beskyttes i drift og under transport. "
    plain = replace(
        SMALL,
        requirements=(
            first.with_changes(uid=f"{first.category}-1", notes=""),
            first.with_changes(uid=f"{first.category}-2", title=long * 2, description=long * 20),
            first.with_changes(uid=f"{first.category}-3", rationale='Et "citat" og \\ tegn\n\tx'),
        ),
    )
    found = blocks(plain)
    assert any('title = """' in block for block in found)
    assert all(BlockCheck(references(plain))(block) for block in found)


def _block(**fields: str) -> str:
    """SMALL's first requirement's block with some lines replaced (`field = value` as written)."""
    first = SMALL.requirements[0].with_changes(notes="")
    block = blocks(replace(SMALL, requirements=(first,)))[0]
    for name, value in fields.items():
        block, count = re.subn(
            rf"^{name} = (?:\[\n(?:    .*\n)*\]|\[\]|\"\"\"\n(?:.*\n)*?.*\"\"\"|.*)$",
            lambda _: f"{name} = {value}",  # noqa: B023
            block,
            count=1,
            flags=re.MULTILINE,
        )
        assert count == 1, name
    return block


@pytest.mark.parametrize(
    "fields",
    [
        {"title": '"   "'},  # only spaces
        {"title": '"""\n   \\\n"""'},  # only spaces, wrapped
        {"title": '"Tab\there"'},  # a one-line text holds no tab
        {"title": '"Line\u2028separator"'},
        {"title": '"Escaped \\u0041"'},  # an escape a one-line text does not take here
        {"importance": '"urgent"'},
        {"category": '"NOPE"'},
        {"subcategory": '"Ingen sådan"'},
        {"domains": '[\n    "Økonomi",\n    "Økonomi",\n]'},  # twice
        {"domains": '[\n    "Ukendt",\n]'},
        {"domains": "[\n]", "all_domains": "false"},  # no domains, not for all domains
        {"domains": "[]", "all_domains": "false"},
        {"deleted": '"no"'},
        {"description": '"Bell \\u0007"'},
        {"description": '"Next line \x85"'},
        {"description": '"""\nCarriage\rreturn"""'},
        {"description": '"Form \\f feed"'},
        {"notes": "1"},
    ],
)
def test_hostile_blocks_are_left_to_the_full_checks(fields: dict[str, str]) -> None:
    block = _block(**fields)
    assert BlockCheck(references(SMALL))(block) is False


def test_a_block_with_a_comment_or_a_missing_field_is_left_to_the_full_checks() -> None:
    block = _block()
    known = references(SMALL)
    assert BlockCheck(known)(block)
    assert not BlockCheck(known)(block.replace("\nfavourite", "\n# note\nfavourite"))
    assert not BlockCheck(known)(re.sub(r"\nfavourite = \w+", "", block))
    assert accepted(re.sub(r"\nfavourite = \w+", "", block), known)  # valid, only unusual


@pytest.mark.parametrize(
    ("source", "vouched"),
    [
        ('"os2kravmotor:1234"', True),
        ('"os2kravmotor:123456789012345678"', True),
        ('"os2kravmotor:1234567890123456789"', False),  # longer than a reference may be
        ('"os2kravmotor:12a"', False),
        ('"kravbank:12"', False),  # a system kravtui does not know
        ('"os2kravmotor:\\u0031"', False),  # an escape
        ("1234", False),
        ('"os2kravmotor:1"\nsource = "os2kravmotor:2"', False),  # twice
    ],
)
def test_a_block_with_a_source_is_vouched_for_only_when_the_source_is_good(
    source: str, vouched: bool
) -> None:
    block = _block().rstrip("\n") + f"\nsource = {source}\n\n"
    assert BlockCheck(references(SMALL))(block) is vouched
    if vouched:
        assert accepted(block, references(SMALL))
