"""The hand-written TOML emitter: escaping, wrapping, layout; tomllib reads back any text."""

from __future__ import annotations

import re
import tomllib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.interchange.toml_writer import (
    WRAP_WIDTH,
    TomlWriter,
    basic_string,
    key,
    multi_line_string,
    string,
    string_array,
)


def read_back(text: str) -> str:
    value = tomllib.loads(f"x = {string(text)}\n")["x"]
    assert isinstance(value, str)
    return value


def body_lines(text: str) -> list[str]:
    """The physical lines of a written multi-line string, without the delimiters."""
    written = string(text)
    assert written.startswith('"""\n') and written.endswith('"""')
    return written[4:-3].split("\n")


PARAGRAPH = (
    "Leverandøren skal sikre, at alle data krypteres under transport med TLS 1.2 eller nyere. "
    "Certifikater skal være udstedt af en anerkendt udsteder! "
    "Hvordan håndteres udløbne certifikater? "
    "Kommunen skal kunne se status; leverandøren skal rapportere: månedligt. "
    "Svagere protokoller må ikke kunne forhandles."
)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "plain",
        '"',
        '""',
        '"""',
        '""""""""',
        'ends with a quote"',
        'ends with two""',
        '"starts with a quote',
        "back\\slash",
        "ends with a backslash\\",
        "\\",
        "tab\there",
        "\t" * 200,
        "cr\ronly",
        "crlf\r\nline",
        "\n",
        "\n\n",
        "\nleading newline",
        "trailing newline\n",
        "   leading spaces",
        "trailing spaces   ",
        "line one\n    indented line two\n\tand a tab",
        "control \x00\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\u2028\u2029\ufeff",
        "emoji 😀 and æøå ÆØÅ",
        'a """ b """ c',
        'quote at wrap "' + "x " * 60 + '"',
        "x" * 500,
        "word " * 200,
        " " * 300,
        "a" + " " * 300 + "b",
        ("a " * 50 + "\\ ") * 10,
        PARAGRAPH,
        PARAGRAPH + "\n\n" + PARAGRAPH,
    ],
)
def test_text_reads_back_unchanged(text: str) -> None:
    assert read_back(text) == text


def test_short_text_is_a_one_line_basic_string() -> None:
    assert string("Kryptering af data") == '"Kryptering af data"'
    assert string("") == '""'
    assert string('say "hi" \\ now') == '"say \\"hi\\" \\\\ now"'
    assert string("a\tb") == '"a\\tb"'
    assert string("\x7f") == '"\\u007F"'


def test_text_with_a_line_break_is_multi_line_and_keeps_its_breaks() -> None:
    assert string("one\ntwo") == '"""\none\ntwo"""'
    assert string("one\n") == '"""\none\n"""'


def test_long_paragraph_is_wrapped_after_sentence_ends() -> None:
    lines = body_lines(PARAGRAPH)
    assert lines == [
        "Leverandøren skal sikre, at alle data krypteres under transport med TLS 1.2 \\",
        "eller nyere. \\",
        "Certifikater skal være udstedt af en anerkendt udsteder! \\",
        "Hvordan håndteres udløbne certifikater? \\",
        "Kommunen skal kunne se status; \\",
        "leverandøren skal rapportere: \\",
        # a sentence end this close to the previous break is no break ("f.eks. ", "kl. ")
        "månedligt. Svagere protokoller må ikke kunne forhandles.",
    ]
    for line in lines[:-1]:
        assert line.endswith(" \\")
        assert len(line) <= WRAP_WIDTH + 1
    assert read_back(PARAGRAPH) == PARAGRAPH


def test_a_one_word_edit_changes_one_line() -> None:
    sentences = [
        f"Sætning nummer {n} handler om logning og sporbarhed i systemet." for n in range(12)
    ]
    before = " ".join(sentences)
    after = before.replace("nummer 7 handler", "nummer 7 fortæller")
    old, new = body_lines(before), body_lines(after)
    assert len(old) == len(new) == 12
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [7]


def test_continuation_lines_never_start_with_whitespace() -> None:
    text = "ord " * 40 + "    " + "mere " * 40
    lines = body_lines(text)
    assert len(lines) > 1
    for line in lines[1:]:
        assert not line[:1].isspace()
    assert read_back(text) == text


def test_indented_lines_of_the_text_stay_indented() -> None:
    text = "Liste:\n    - første punkt\n    - andet punkt " + "meget langt " * 20
    assert body_lines(text)[1] == "    - første punkt"
    assert read_back(text) == text


def test_a_long_word_stays_whole() -> None:
    url = "https://example.org/" + "a" * 120
    text = f"Se {url} for detaljer om kravet og den tilhørende vejledning til leverandøren."
    assert any(url in line for line in body_lines(text))
    assert read_back(text) == text


def test_lone_surrogate_is_refused() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        string("bad \ud800 text")


def test_keys_are_bare_when_possible() -> None:
    assert key("SIK-014") == "SIK-014"
    assert key("all_domains") == "all_domains"
    assert key("æøå") == '"æøå"'
    assert key("a b") == '"a b"'
    assert key("") == '""'


def test_string_arrays() -> None:
    assert string_array([]) == "[]"
    assert string_array(["a", 'b"c']) == '[\n    "a",\n    "b\\"c",\n]'
    items = ["a", "x" * 200, "line\nbreak"]
    assert tomllib.loads(f"x = {string_array(items)}")["x"] == items


def test_writer_layout() -> None:
    writer = TomlWriter()
    writer.comment("header")
    writer.pair("format", "kravtui/1")
    writer.array_table(("category",))
    writer.pair("prefix", "SIK")
    writer.pair("subcategories", ["Kryptering"])
    writer.table(("requirement", "SIK-014"))
    writer.pair("favourite", True)
    writer.pair("count", 3)
    assert writer.text() == (
        "# header\n"
        'format = "kravtui/1"\n'
        "\n"
        "[[category]]\n"
        'prefix = "SIK"\n'
        "subcategories = [\n"
        '    "Kryptering",\n'
        "]\n"
        "\n"
        "[requirement.SIK-014]\n"
        "favourite = true\n"
        "count = 3\n"
    )
    assert tomllib.loads(writer.text())["requirement"]["SIK-014"]["favourite"] is True


HOSTILE = st.sampled_from(
    ['"', '""', '"""', "\\", "\t", "\r\n", "\r", "\n", " ", "  ", "æøå", "😀", "\x00", "\x7f", ". "]
)
TEXTS = st.one_of(
    st.text(),
    st.lists(st.one_of(HOSTILE, st.text(max_size=12)), max_size=80).map("".join),
    st.lists(
        st.one_of(HOSTILE, st.text(alphabet="abc ", min_size=1, max_size=20)), max_size=1000
    ).map("".join),
)


def _wrapped_lines_are_short(text: str) -> None:
    written = string(text)
    if not written.startswith('"""'):
        return
    for line in written[4:-3].split("\n"):
        if line.endswith(" \\") and len(line) > WRAP_WIDTH + 1:
            # Only a line without any break opportunity may be longer.
            assert re.search(r" (?=[^ ])", line[:-2].rstrip(" ")) is None, line


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_reads_back_unchanged(text: str) -> None:
    assert read_back(text) == text
    _wrapped_lines_are_short(text)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.one_of(HOSTILE, st.text(min_size=1, max_size=30)), min_size=1, max_size=30)
    .map("".join)
    .filter(bool)
    .map(lambda piece: (piece * (20_000 // len(piece) + 1))[:20_000])
)
def test_long_texts_read_back_unchanged(text: str) -> None:
    assert len(text) == 20_000
    assert read_back(text) == text
    _wrapped_lines_are_short(text)


def test_twenty_thousand_character_paragraph() -> None:
    text = (PARAGRAPH + " ") * 70 + 'slut"""\\'
    assert len(text) > 20_000
    assert read_back(text) == text
    _wrapped_lines_are_short(text)
    assert basic_string(text)  # the one-line form is valid too
    assert tomllib.loads(f"x = {basic_string(text)}")["x"] == text
    assert tomllib.loads(f"x = {multi_line_string('a')}")["x"] == "a"
