"""Reading any kravtui TOML file up to its kind: syntax, `format` and `kind`.

Both kinds of file (`kind = "catalogue"` and `kind = "selection"`) share the format version and
the error style. `load_toml` parses text (the fast canonical reader first, `tomllib` otherwise)
and turns a syntax error into an `InterchangeError` with the line; `read_kind` then checks the
format version and returns the kind, so a caller can hand the parsed data to the right checker
without parsing twice.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from typing import Any

from kravtui.i18n import t
from kravtui.interchange.catalogue_checks import (
    CATALOGUE_KIND,
    Checker,
    check_format_and_kind,
    format_path,
)
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.toml_fast import loads_canonical

SELECTION_KIND = "selection"
KINDS: tuple[str, ...] = (CATALOGUE_KIND, SELECTION_KIND)
# Tables keyed by uid, per kind: a table declared twice there is a duplicate uid.
ENTRY_TABLES: tuple[str, ...] = ("requirement", "item")

_SYNTAX_LOCATION = re.compile(r"^(?P<detail>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")
_SYNTAX_AT_END = re.compile(r"^(?P<detail>.*) \(at end of document\)$")


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
    return checker, data


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
