"""A requirement block in the writer's own layout, recognised as valid with one expression.

`kravtui diff` must check every requirement of both files, even the 99% that did not change,
so that a bad file is refused; parsing each block into a table and checking it field by field
(`toml_fast`, `catalogue_checks.check_requirement`) made up most of a diff of two
100,000-requirement files. `BlockCheck` answers the same question for a block as
``dump_catalogue`` writes it without building anything: one regular expression matches the
whole block, and only the names it refers to are looked up.

The expression accepts less than the full checks, never more:

- the header's uid has the form `UID_PATTERN` demands, and the fields come each once, in the
  writer's order, each of the right type (so none is unknown, missing or twice);
- one-line texts (title, importance, category, subcategory, the names in the arrays) hold no
  character `REFUSED_IN_LINE` refuses and no escape but ``\\\\`` and ``\\"`` (a long title
  may be wrapped with line-ending backslashes, as the writer wraps it);
- the other texts hold no character `REFUSED_IN_TEXT` refuses, no raw CR (which TOML takes only
  in a CRLF) and no escape other than ``\\\\``, ``\\"``, ``\\n``, ``\\t`` and the line-ending
  backslash, none of which can make a refused character;
- the importance is one of `Importance`'s codes;
- a last ``source`` line, if there is one, is a source of a system kravtui knows, in that
  system's form (`SOURCE_PATTERN`); that no other block names it is the caller's to check.

Then the title must hold more than spaces and at most `TITLE_LIMIT` characters, the category
and subcategory must exist, the names of each array must be known and distinct, and a
requirement without domains must be for all of them: the rest of `check_requirement`, against
every set of `References` given. A block the expression does not match (a hand-written one, a
comment, an escape it does not take) is not thereby wrong: the caller checks it the full way.
"""

from __future__ import annotations

import re

from kravtui.catalogue.sources import SOURCE_PATTERN
from kravtui.catalogue.text_rules import REFUSED_IN_LINE, REFUSED_IN_TEXT, TITLE_LIMIT
from kravtui.catalogue.vocabulary import FLAGS, TEXT_FIELDS, UID_PATTERN, Importance
from kravtui.interchange.field_checks import References


def _excluding(rule: re.Pattern[str], also: str) -> str:
    """A character class of everything `rule` (a class of refused characters) lets through,
    but for `also` (characters that end or escape a string)."""
    inside = rule.pattern.removeprefix("[").removesuffix("]")
    return f"[^{also}{inside}]"


_LINE_CHAR = _excluding(REFUSED_IN_LINE, '"\\\\')
_TEXT_CHAR = _excluding(REFUSED_IN_TEXT, '"\\\\\n\r')  # TOML takes no raw CR
_ML_CHAR = _excluding(REFUSED_IN_TEXT, '"\\\\\r')
_SAFE_ESCAPE = r'\\[\\"nt]'
_LINE_ESCAPE = r'\\[\\"]'
_LINE = f'"((?:{_LINE_CHAR}++|{_LINE_ESCAPE})*+)"'
# A long title is written as a multi-line string of one line wrapped with line-ending backslashes.
_WRAPPED_LINE = f'(?:{_LINE}|"""\n((?:{_LINE_CHAR}++|{_LINE_ESCAPE}|\\\\\n(?=[^ \t\n]))*+)""")'
_NAMES = rf'(\[\]|\[\n(?:    "(?:{_LINE_CHAR}++|{_LINE_ESCAPE})*+",\n)++\])'  # empty only as []
_TEXT = (
    f'(?:"(?:{_TEXT_CHAR}++|{_SAFE_ESCAPE})*+"'
    f'|"""\n(?:{_ML_CHAR}++|{_SAFE_ESCAPE}|\\\\\n(?=[^ \t\n])|"(?!""))*+""")'
)
_IMPORTANCE = "|".join(re.escape(level.value) for level in Importance)
_UID = UID_PATTERN.pattern.removeprefix(r"\A").removesuffix(r"\Z")
_SOURCE = SOURCE_PATTERN.pattern.replace("(", "(?:")  # its groups not counted here

_BLOCK = re.compile(
    rf"\[requirement\.{_UID}\]\n"
    f"title = {_WRAPPED_LINE}\n"
    f'importance = "(?:{_IMPORTANCE})"\n'
    f"category = {_LINE}\n"
    f"subcategory = {_LINE}\n"
    f"domains = {_NAMES}\n"
    f"tags = {_NAMES}\n"
    f"principles = {_NAMES}\n"
    + "".join(
        f"{flag} = (true|false)\n" if flag == "all_domains" else f"{flag} = (?:true|false)\n"
        for flag in FLAGS
    )
    + "".join(f"{field} = {_TEXT}\n" for field in TEXT_FIELDS)
    + f'(?:source = "{_SOURCE}"\n)?'
    + r"\n*"
)
_NAME = re.compile(rf'    "((?:{_LINE_CHAR}++|{_LINE_ESCAPE})*+)",\n')
_ESCAPED = re.compile(r"\\(.)")


def _value(text: str) -> str:
    """A one-line text as the file means it (its only escapes are ``\\\\`` and ``\\"``)."""
    return _ESCAPED.sub(r"\1", text) if "\\" in text else text


class BlockCheck:
    """Whether a requirement block (its text, from its header to the next one) is one the full
    checks accept against each of `references` (see the module docstring). False means only
    "check it the full way"."""

    def __init__(self, *references: References) -> None:
        self.references = references
        # Arrays recur across many requirements: each text of names is judged once.
        self._names: dict[tuple[int, str], bool] = {}

    def __call__(self, block: str) -> bool:
        found = _BLOCK.fullmatch(block)
        if found is None:
            return False
        title, wrapped, category, subcategory, domains, tags, principles, all_domains = (
            found.groups()
        )
        if title is None:
            title = wrapped.replace("\\\n", "")
        # Left escaped, a title is blank when its value is: an escape is no space either way.
        category, subcategory = _value(category), _value(subcategory)
        if not title.strip() or (domains == "[]" and all_domains == "false"):
            return False
        if len(title) > TITLE_LIMIT and len(_value(title)) > TITLE_LIMIT:
            return False
        for references in self.references:
            known = references.subcategories.get(category)
            if known is None or (subcategory and subcategory not in known):
                return False
        names = self._names
        for kind, text in enumerate((domains, tags, principles)):
            judged = names.get((kind, text))
            if judged is None:
                judged = names[kind, text] = self._known(kind, text)
            if not judged:
                return False
        return True

    def _known(self, kind: int, text: str) -> bool:
        """Whether the names of the array `text` (of domains, tags or principles by `kind`) are
        distinct and known to every set of references."""
        listed = [_value(name) for name in _NAME.findall(text)]
        if len(set(listed)) != len(listed):
            return False
        return all(
            (references.domains, references.tags, references.principles)[kind].issuperset(listed)
            for references in self.references
        )
