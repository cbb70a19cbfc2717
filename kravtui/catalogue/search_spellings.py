"""The spellings of a short query word: every case of each letter, and the index ranges of a uid
or title that starts with the word.

Both engines compare a uid byte by byte and a title with ASCII letters lowered (SQLite's binary
and NOCASE indexes, PostgreSQL's indexes under "C"), and lower only ASCII letters in text
(SQLite's ``lower()``, PostgreSQL's ``kravtui_ascii_lower``), so a letter such as æ/Æ is looked
for in each of its cases. `search_sql` and `search_pg` build their conditions from these.
"""

from __future__ import annotations

import itertools
import string


def case_variants(char: str) -> list[str]:
    """The single-character spellings of `char` in both cases (several for æ, ø, å ...)."""
    variants = {char, char.lower(), char.upper(), char.casefold()}
    return sorted(variant for variant in variants if len(variant) == 1)


def spellings(word: str) -> list[str]:
    """The spellings to look for in text passed through an ASCII-only lower case (SQLite's
    ``lower()``, PostgreSQL's ``kravtui_ascii_lower``).

    ASCII letters are given in lower case and every other letter in each of its cases ("Øl"
    gives "øl" and "Øl").
    """
    choices = [[char.lower()] if char.isascii() else case_variants(char) for char in word]
    return sorted(set(map("".join, itertools.product(*choices))))


def is_folded(word: str) -> bool:
    """Whether looking for `word` needs the text's ASCII letters lowered (it has one)."""
    return any(char.isascii() and char.isalpha() for char in word)


def successor(text: str) -> str | None:
    """The smallest string greater than every string starting with `text` (None: no bound)."""
    code = ord(text[-1]) + 1
    if 0xD800 <= code <= 0xDFFF:
        code = 0xE000
    if code > 0x10FFFF:
        return None
    return text[:-1] + chr(code)


ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def prefix_ranges(
    word: str,
) -> tuple[list[tuple[str, str | None]], list[tuple[str, str | None]]]:
    """The ranges a requirement's uid (compared exactly) or its title (compared with ASCII
    letters lowered) falls in when it starts with `word` in any case: (uid, title) ranges, each
    (start, end) with end None for no upper bound."""
    uid_ranges = [
        (spelling, successor(spelling))
        for spelling in sorted(set(map("".join, itertools.product(*map(case_variants, word)))))
    ]
    # Spellings that differ in the case of ASCII letters only (a non-ASCII letter may have an
    # ASCII case: "ſ" gives "S" and "s") are one range with ASCII folded: take it once.
    title_ranges = [
        (spelling, successor(spelling))
        for spelling in sorted({spelling.translate(ASCII_LOWER) for spelling in spellings(word)})
    ]
    return uid_ranges, title_ranges
