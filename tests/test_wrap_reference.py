"""`toml_writer.wrap_line` cuts lines exactly where its earlier regular expressions cut them.

It used to find sentences and pieces with two regular expressions; it now cuts with `str.rfind`
and one small expression, about twice as fast for a 100,000-requirement export. Exports must keep
their bytes, so the old expressions are kept here as the reference, piece for piece.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.interchange.toml_writer import WRAP_WIDTH, wrap_line

_OLD_CLOSERS = r"(?:\\\"|['’”»)\]])*"
_OLD_SENTENCES = re.compile(
    rf"[^\n]{{18}}[^.?!;:\n]*+(?:[.?!;:](?!{_OLD_CLOSERS} +[^ ])[^.?!;:\n]*+)*+"
    rf"[.?!;:]{_OLD_CLOSERS} +(?=[^ ])"
    r"|[^\n]+"
)


def old_wrap_line(line: str, width: int) -> list[str]:
    if len(line) <= width:
        return [line]
    greedy = re.compile(
        rf"(?=[^\n]{{{width + 1}}})(?:[^\n]{{1,{width}}}(?<= )(?=[^ ])|[^\n]*? +(?=[^ ]))"
        r"|[^\n]+"
    ).findall
    pieces: list[str] = []
    for sentence in _OLD_SENTENCES.findall(line):
        pieces.extend([sentence] if len(sentence) <= width else greedy(sentence))
    return pieces


PARAGRAPH = (
    "Leverandøren skal sikre, at alle data krypteres under transport med TLS 1.2 eller nyere. "
    "Certifikater skal være udstedt af en anerkendt udsteder! "
    "Hvordan håndteres udløbne certifikater? "
    "Kommunen skal kunne se status; leverandøren skal rapportere: månedligt. "
    "Svagere protokoller må ikke kunne forhandles."
)
PIECES = st.sampled_from(
    [" ", "  ", ".", ". ", "? ", "! ", "; ", ": ", '\\" ', "' ", "’ ", "”", "» ", ") ", "]", "\\"]
) | st.sampled_from(["f.eks. ", "ord ", "Leverandøren ", "x" * 90, "a", "æ", "😀", "\t"])
LINES = st.lists(PIECES | st.text(alphabet=" .:;?!)]\\\"'’ab", max_size=12), max_size=60).map(
    "".join
)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES, st.sampled_from([WRAP_WIDTH, 30, 7, 1]))
def test_any_line_is_cut_where_the_regular_expressions_cut_it(line: str, width: int) -> None:
    assert wrap_line(line, width) == old_wrap_line(line, width)


@pytest.mark.parametrize(
    "line",
    [
        PARAGRAPH,
        (PARAGRAPH + " ") * 5,
        "   indented " + PARAGRAPH,
        PARAGRAPH.replace(" ", "  "),
        "x" * 200 + " " + PARAGRAPH + " " + "y" * 100,
        'Han sagde: \\"nej.\\" Derefter ' * 10,
        "f.eks. " * 40,
        " " * 100 + "slut",
        "slut" + " " * 100,
        "a" + " " * 300 + "b",
    ],
)
def test_paragraphs_are_cut_where_the_regular_expressions_cut_them(line: str) -> None:
    assert wrap_line(line) == old_wrap_line(line, WRAP_WIDTH)
