"""Reading any kravtui TOML file up to its kind: syntax, `format` and `kind`.

Every kind of file (`kind = "catalogue"`, `"selection"` and `"answers"`) shares the format
version and the error style. `load_toml` parses text (the fast canonical reader first,
`tomllib` otherwise) and turns a syntax error into an `InterchangeError` with the line, as it
does for what `tomllib` cannot take at all: arrays or inline tables nested too deep for its
recursion, and integers longer than Python converts (4,300 digits); `read_kind` then checks the
format version and returns the kind, so a caller can hand the parsed data to the right checker
without parsing twice.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Mapping
from typing import Any

from kravtui.i18n import t
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.field_checks import Checker, check_format_and_kind, format_path
from kravtui.interchange.toml_fast import loads_canonical

CATALOGUE_KIND = "catalogue"
SELECTION_KIND = "selection"
ANSWERS_KIND = "answers"  # a selection's vendor answers: read and compared, never imported
KINDS: tuple[str, ...] = (CATALOGUE_KIND, SELECTION_KIND, ANSWERS_KIND)
# Tables keyed by uid, per kind: a table declared twice there is a duplicate uid.
ENTRY_TABLES: tuple[str, ...] = ("requirement", "item")

_SYNTAX_LOCATION = re.compile(r"^(?P<detail>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_SYNTAX_AT_END = re.compile(r"^(?P<detail>.*) \(at end of document\)$")
# Strings and comments, which hide brackets and digits from the two scans below.
_HIDING = (
    r'"""(?:[^"\\]|\\[\s\S]|"(?!""))*"""|\'\'\'[\s\S]*?\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
)
_NESTING_TOKEN = re.compile(rf"{_HIDING}|[\[{{]+|[\]}}]+")
_DIGIT_LIMIT = sys.get_int_max_str_digits() or 4300
_LONG_NUMBER_TOKEN = re.compile(rf"{_HIDING}|[0-9][0-9_]{{{_DIGIT_LIMIT},}}")


def entry_count(text: str) -> int:
    """About how many requirements or items a file holds (for sizing bulk work)."""
    return text.count("\n[requirement.") + text.count("\n[item.")


def load_toml(text: str, source: str) -> tuple[Checker, dict[str, Any]]:
    """Parse `text`; a syntax error becomes an `InterchangeError` naming `source` and the line."""
    checker = Checker(text, source)
    data = loads_canonical(text)
    if data is None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise syntax_error(checker, error) from None
        except RecursionError:
            reason = t("interchange.nested_too_deep")
            raise InterchangeError(source, reason, line=_deepest_line(text)) from None
        except ValueError:  # int(): more digits than Python converts
            reason = t("interchange.number_too_long", digits=_DIGIT_LIMIT)
            raise InterchangeError(source, reason, line=_long_number_line(text)) from None
    return checker, data


def _long_number_line(text: str) -> int | None:
    """The line of the first number (outside strings and comments) Python will not convert."""
    for token in _LONG_NUMBER_TOKEN.finditer(text):
        if token.group()[0].isdigit():
            return text.count("\n", 0, token.start()) + 1
    return None


def _deepest_line(text: str) -> int:
    """The line where arrays and inline tables are nested deepest (brackets in strings and
    comments do not count)."""
    depth = deepest = 0
    at = 0
    for token in _NESTING_TOKEN.finditer(text):
        first = token.group()[0]
        if first in "[{":
            depth += len(token.group())
            if depth > deepest:
                deepest, at = depth, token.end()
        elif first in "]}":
            depth = max(0, depth - len(token.group()))
    return text.count("\n", 0, at) + 1


def syntax_error(checker: Checker, error: tomllib.TOMLDecodeError) -> InterchangeError:
    """`tomllib`'s complaint as FILE:LINE: reason, naming a duplicate uid or table plainly."""
    message = str(error)
    located = _SYNTAX_LOCATION.match(message)
    if located is None:
        at_end = _SYNTAX_AT_END.match(message)
        detail = at_end.group("detail") if at_end else message
        line = checker.text.count("\n") + 1
        return InterchangeError(
            checker.source, t("interchange.syntax_at_end", detail=detail), line=line
        )
    line = int(located.group("line"))
    duplicate = checker.lines.duplicate_at(line)
    if duplicate is not None and len(duplicate) == 2 and duplicate[0] in ENTRY_TABLES:
        return InterchangeError(
            checker.source,
            t("interchange.duplicate_uid", uid=duplicate[1]),
            line=line,
            key=format_path(duplicate),
        )
    if duplicate is not None:
        return InterchangeError(
            checker.source,
            t("interchange.duplicate_table", table=format_path(duplicate)),
            line=line,
        )
    return InterchangeError(
        checker.source,
        t("interchange.syntax", detail=located.group("detail"), column=located.group("column")),
        line=line,
    )


def read_kind(checker: Checker, data: Mapping[str, Any], kinds: tuple[str, ...] = KINDS) -> str:
    """Check `format`, then return `kind` if it is one of `kinds`; refuse anything else."""
    return check_format_and_kind(checker, data, kinds)
