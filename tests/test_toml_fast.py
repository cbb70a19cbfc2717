"""The fast canonical reader agrees with tomllib, or steps aside (returns None)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue.records import CatalogueContent
from kravtui.interchange.catalogue_reader import REQUIREMENT_BLOCK
from kravtui.interchange.catalogue_toml import dump_catalogue
from kravtui.interchange.toml_fast import Block, NotCanonical, TableReader, loads_canonical
from kravtui.interchange.toml_writer import TomlWriter
from tests.test_catalogue_toml import catalogues

HOSTILE = st.sampled_from(
    [
        '"',
        '""',
        '"""',
        "\\",
        "\\\n",
        "\t",
        "\r\n",
        "\r",
        "\n",
        " ",
        "æøå",
        "😀",
        "\x00",
        "\x7f",
        ". ",
    ]
)
TEXT = st.one_of(
    st.text(max_size=30),
    st.lists(st.one_of(HOSTILE, st.text(max_size=10)), max_size=40).map("".join),
    st.lists(st.sampled_from(["ord ", "sætning. ", "x" * 30, '"']), max_size=60).map("".join),
)
KEY = st.sampled_from(
    ["title", "name", "a", "b", "all_domains", "SIK-1", "x_y", "Følsomme data", "a.b", '"', ""]
)
VALUE = st.one_of(
    TEXT, st.booleans(), st.lists(TEXT, max_size=3), st.integers(-(10**18) + 1, 10**18 - 1)
)
PAIRS = st.dictionaries(KEY, VALUE, max_size=4)


@st.composite
def documents(draw: st.DrawFn) -> str:
    writer = TomlWriter()
    writer.comment(draw(st.text(alphabet="abc æ#", max_size=20)))
    for name, item in draw(PAIRS).items():
        writer.pair(name, item)
    for _ in range(draw(st.integers(0, 3))):
        writer.array_table((draw(st.sampled_from(["category", "domain"])),))
        for name, item in draw(PAIRS).items():
            writer.pair(name, item)
    if draw(st.booleans()):  # a selection's [selection] table and its [selection.answers]
        writer.table(("selection",))
        for name, item in draw(PAIRS).items():
            writer.pair(name, item)
        writer.table(("selection", draw(st.sampled_from(["answers", "b"]))))
        for name, item in draw(PAIRS).items():
            writer.pair(name, item)
    for uid in draw(st.lists(st.sampled_from(["SIK-1", "SIK-2", "LOG-10"]), max_size=3)):
        writer.table(("requirement", uid))
        for name, item in draw(PAIRS).items():
            writer.pair(name, item)
    return writer.text()


def agree(text: str) -> None:
    fast = loads_canonical(text)
    try:
        expected: dict[str, Any] | None = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        expected = None
    if expected is None:
        assert fast is None
    elif fast is not None:
        assert fast == expected


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_written_documents_take_the_fast_path(text: str) -> None:
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:  # e.g. the same [requirement.X] twice
        assert loads_canonical(text) is None
        return
    assert loads_canonical(text) == expected


MUTATION_CHARS = ["\\", '"', "\n", " ", "\t", "#", "[", "]", "=", ".", "\r", "\x00", "u", "x"]


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_mutated_documents_never_disagree(text: str, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate_line"]))
        if action == "insert":
            text = text[:position] + data.draw(st.sampled_from(MUTATION_CHARS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 4)) :]
        else:
            start = text.rfind("\n", 0, position) + 1
            end = text.find("\n", position)
            line = text[start : end + 1] if end >= 0 else text[start:] + "\n"
            text = text[:start] + line + text[start:]
    agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        'a = "x"\n',
        'a = "x"',  # no final newline: tomllib's job
        'a = "x"\na = "y"\n',  # duplicate key
        "[requirement.A-1]\n[requirement.A-1]\n",  # duplicate table
        'requirement = []\n[requirement.A-1]\nt = "x"\n',
        "[[category]]\n[category.x]\n",
        'a = """\nx \\\n  y"""\n',  # continuation followed by spaces
        'a = """\nx\\\\\ny"""\n',  # escaped backslash before a line break
        'a = "\\uD800"\n',  # surrogate escape is invalid TOML
        'a = "\\U00110000"\n',
        'a = """\n""""\n',
        'a = """\nx""""\n',
        "a = 1\n",
        'a = ["x"]\n',
        'a = [\n    "x",\n]\n',
        'a = [\n  "x",\n]\n',
        '"a" = "x"\n',
        'a.b = "x"\n',
        'a = "x" # comment\n',
        "# only a comment\n",
        'a = "x"\r\n',
        'a = """\nx\r\ny"""\n',
        'a = "tab\there"\n',
        'a = "del\x7f"\n',
        'a = "c1\x85"\n',
        '[a]\nb = "x"\n',
        '[a]\nb = "x"\n[a.c]\nd = 1\n',
        "[a.c]\n[a]\n",  # an implicit table defined later: tomllib's job
        "[a]\n[a]\n",
        "[a]\nc = 1\n[a.c]\n",
        "[[a]]\n[a]\n",
        "[a]\n[[a]]\n",
        '"Følsomme data" = "yes"\nFølsomme = 1\n',
        '"a" = 1\na = 2\n',
        '"\\u00e6" = 1\n"æ" = 2\n',
        '"" = 1\n',
        "a = -0\nb = 007\nc = +1\nd = 1_000\n",
        "a = 12345678901234567890123\n",
    ],
)
def test_edge_cases_agree(text: str) -> None:
    agree(text)


def test_the_canonical_layout_takes_the_fast_path() -> None:
    text = 'a = """\nfirst \\\nsecond\\\\\nthird\\"\\\\"""\n[[c]]\nx = [\n    "1",\n]\n'
    assert loads_canonical(text) == tomllib.loads(text)


# --------------------------------------------------------------------------------------------
# TableReader: the same reading a chunk at a time (the streamed catalogue import)


def assemble(reader: TableReader) -> dict[str, Any]:
    """The document `loads_canonical` builds, from the reader's tables (its refusals too)."""
    root = dict(reader.root())
    arrays: set[str] = set()
    headed: set[str] = set()
    for (kind, name, sub), table in reader.tables():
        if kind == "array":
            if name not in root:
                root[name] = []
                arrays.add(name)
            elif name not in arrays:
                raise NotCanonical
            root[name].append(table)
        elif sub is None:
            if name in root:
                raise NotCanonical
            root[name] = table
            headed.add(name)
        else:
            parent = root.get(name)
            if parent is None:
                parent = root[name] = {}
                headed.add(name)
            elif name not in headed or sub in parent:
                raise NotCanonical
            parent[sub] = table
    return root


def chunked(text: str, data: st.DataObject) -> list[str]:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=12)))
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def read_in_chunks(chunks: list[str], blocks: dict[str, Block] | None = None) -> Any:
    try:
        return assemble(TableReader(chunks, blocks))
    except NotCanonical:
        return None


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_the_table_reader_reads_what_the_whole_text_reader_reads(
    text: str, data: st.DataObject
) -> None:
    for _ in range(data.draw(st.integers(0, 2))):
        position = data.draw(st.integers(0, len(text)))
        text = text[:position] + data.draw(st.sampled_from(MUTATION_CHARS)) + text[position:]
    assert read_in_chunks(chunked(text, data)) == loads_canonical(text)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogues(), st.data())
def test_a_written_catalogue_is_read_a_requirement_at_a_time(
    content: CatalogueContent, data: st.DataObject
) -> None:
    text = dump_catalogue(content)
    blocks = {"requirement": REQUIREMENT_BLOCK}
    assert read_in_chunks(chunked(text, data), blocks) == tomllib.loads(text)
    for block in text.split("\n[requirement.")[1:]:  # each as written is read at one go
        start = block.index("]\n") + 2
        assert REQUIREMENT_BLOCK.read(block + "\n", start) is not None
