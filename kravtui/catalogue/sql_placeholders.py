"""SQLite's statement text in psycopg's placeholders: ``?`` becomes ``%s``, a literal ``%`` ``%%``.

The services write SQL once, with SQLite's ``?`` placeholders. psycopg wants ``%s``, and reads
every ``%`` of a statement that has parameters as the start of a placeholder, inside quotes
too; so the PostgreSQL adapter (`kravtui.catalogue.postgres_connection`) always passes
parameters (an empty tuple when there are none) and sends each statement through `to_psycopg`:

- a ``?`` in the statement's code is a placeholder and becomes ``%s``;
- a ``?`` inside a string literal (``'?'``, ``E'\\'?'``, ``$$?$$``), a quoted name (``"a?"``)
  or a comment (``-- ?``, ``/* ? */``) is text and stays as it is;
- every ``%``, wherever it is, becomes ``%%``, which psycopg turns back into one ``%``.

A literal, quoted name or comment left open runs to the end of the statement, as the server
reads it. User text never reaches this function: it travels as parameters, never inside the
statement's text. The translation of each distinct text is kept (`functools.lru_cache`): the
services' statements are a few hundred texts, translated once each (about 13 µs for a search
statement, then a dictionary lookup).
"""

from __future__ import annotations

import re
from functools import lru_cache

TRANSLATIONS_KEPT = 4096
"""How many distinct statement texts keep their translation (``IN (?, ?, ...)`` lists vary)."""

# What a translation must tell apart: an E'' string (backslash escapes), a plain string, a
# quoted name, a dollar-quoted string, the two kinds of comment, a `?`, a `%`. Anything left
# open runs to the end. A dollar quote's tag cannot follow a name's letters (`a$b$` is a name).
_TOKENS = re.compile(
    r"""(?<![\w$])[eE]'(?:[^'\\]|\\.|'')*(?:'|\Z)"""
    r"""|'(?:[^']|'')*(?:'|\Z)"""
    r"""|"(?:[^"]|"")*(?:"|\Z)"""
    r"""|(?<![\w$])\$(?P<tag>[A-Za-z_][A-Za-z_0-9]*|)\$.*?(?:\$(?P=tag)\$|\Z)"""
    r"""|--[^\n]*"""
    r"""|/\*.*?(?:\*/|\Z)"""
    r"""|\?|%""",
    re.DOTALL,
)


def _replace(match: re.Match[str]) -> str:
    token = match.group(0)
    if token == "?":
        return "%s"
    return token.replace("%", "%%")


@lru_cache(maxsize=TRANSLATIONS_KEPT)
def to_psycopg(sql: str) -> bytes:
    """`sql` with psycopg's placeholders (the rules above), encoded as psycopg sends it."""
    return _TOKENS.sub(_replace, sql).encode()
