"""The words in a requirement sheet's cells, read back into a requirement's values.

One `SheetWords` reads the cells of every row of an import, against the catalogue it goes into
(`SheetWords.load`, plus the classifications the file itself brings):

- priorities by their label in either language or their code ("Mindstekrav", "Minimum",
  "absolute"), as OS2kravmotor and kravtui write them;
- categories by name (any letter case) or prefix, or, when the import adds categories, as a new
  category with a prefix made from its name (`new_prefix`); subcategories, domains, tags and
  principles
  by name (any letter case), written one a line (or separated by ";"); the words "Alle
  domæner" / "All domains" in the domains' cell stand for every domain;
- yes and no as Ja/Nej, Yes/No, TRUE/FALSE, 1/0 or x (and empty for no).

Each reader returns the value or raises `CellError` with a translated reason; the importer puts
the file, sheet and cell in front of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kravtui.answers.words import read_priority
from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.records import Category, Classifications
from kravtui.catalogue.text_rules import refusal_reason, refused_character
from kravtui.catalogue.vocabulary import Importance
from kravtui.i18n import LANGUAGES, t

_YES = {"ja", "yes", "true", "1", "x", "sand"}
_NO = {"nej", "no", "false", "0", "", "falsk"}
_SEPARATORS = re.compile(r"[\n;]")


class CellError(ValueError):
    """A cell whose words cannot be read; the message is the translated reason."""


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass(slots=True)
class SheetWords:
    """The catalogue's names, folded for lookup, to read a sheet's cells against."""

    categories: dict[str, str] = field(default_factory=dict)  # name or prefix -> prefix
    subcategories: dict[tuple[str, str], str] = field(default_factory=dict)
    domains: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    principles: dict[str, str] = field(default_factory=dict)
    all_words: frozenset[str] = frozenset()
    add_categories: bool = False
    added: list[Category] = field(default_factory=list)  # categories the sheet made

    @classmethod
    def load(cls, conn: Connection, extra: Classifications | None = None) -> SheetWords:
        """The words of the catalogue on `conn`, and of `extra` (what the file brings)."""
        words = cls()
        words.all_words = frozenset(
            _fold(t(key, language))
            for language in LANGUAGES
            for key in ("value.all_domains", "sheets.column.all_domains")
        )
        for found in (
            load_classifications(conn),
            extra or Classifications(),
        ):
            words.add(found)
        return words

    def add(self, found: Classifications) -> None:
        for category in found.categories:
            self.categories[_fold(category.name)] = category.prefix
            self.categories[_fold(category.prefix)] = category.prefix
            for name in category.subcategories:
                self.subcategories[(category.prefix, _fold(name))] = name
        for names, items in (
            (self.domains, [domain.name for domain in found.domains]),
            (self.tags, [tag.name for tag in found.tags]),
            (self.principles, [principle.name for principle in found.principles]),
        ):
            for name in items:
                names[_fold(name)] = name

    def category(self, text: str) -> str:
        """The prefix of the category `text` names; with `add_categories`, an unknown name
        becomes a new category (`added`) with a prefix made from its name."""
        found = self.categories.get(_fold(text))
        if found is not None:
            return found
        name = " ".join(text.split())
        if not self.add_categories or not name:
            raise CellError(t("sheets.unknown_category", name=text.strip()))
        prefix = new_prefix(name, set(self.categories.values()))
        self.added.append(Category(prefix, name))
        self.categories[_fold(name)] = prefix
        self.categories[_fold(prefix)] = prefix
        return prefix

    def subcategory(self, prefix: str, text: str) -> str:
        """The subcategory `text` names in the category `prefix` ("" for none)."""
        if not text.strip():
            return ""
        found = self.subcategories.get((prefix, _fold(text)))
        if found is None:
            raise CellError(t("sheets.unknown_subcategory", name=text.strip(), category=prefix))
        return found

    def names(self, kind: str, text: str) -> tuple[str, ...]:
        """The domains, tags or principles (`kind`) a cell names, in the cell's order."""
        known: dict[str, str] = getattr(self, kind)
        found: list[str] = []
        for part in _SEPARATORS.split(text):
            if not part.strip():
                continue
            name = known.get(_fold(part))
            if name is None:
                raise CellError(
                    t("sheets.unknown_name", kind=t(f"field.{kind}"), name=part.strip())
                )
            if name not in found:
                found.append(name)
        return tuple(found)

    def domains_or_all(self, text: str) -> tuple[tuple[str, ...], bool]:
        """The domains a cell names, and whether it says "all domains" instead."""
        if _fold(text) in self.all_words:
            return (), True
        return self.names("domains", text), False

    @staticmethod
    def priority(text: str) -> Importance:
        found = read_priority(text.strip())
        if found is None:
            raise CellError(t("sheets.unknown_priority", value=text.strip()))
        return found

    @staticmethod
    def flag(text: str) -> bool:
        folded = _fold(text)
        if folded in _YES:
            return True
        if folded in _NO:
            return False
        raise CellError(t("sheets.unknown_flag", value=text.strip()))

    @staticmethod
    def line(text: str) -> str:
        """A one-line text (a name): trimmed, and refused when it holds a line break or a
        character no one-line text may hold."""
        value = text.strip()
        refused = refused_character(value, one_line=True)
        if refused is not None:
            raise CellError(refusal_reason(refused, one_line=True))
        return value


_FOLDED = str.maketrans({"Æ": "AE", "Ø": "O", "Å": "AA", "Ä": "A", "Ö": "O", "Ü": "U"})


def new_prefix(name: str, taken: set[str]) -> str:
    """A prefix for a new category called `name`: its first three letters (Æ, Ø, Å folded:
    "Miljøer" is MIL), else its words' initials (two or more), else its first four letters,
    else the three letters and a number."""
    import unicodedata

    letters = unicodedata.normalize("NFKD", name.upper().translate(_FOLDED))
    words = ["".join(c for c in word if c.isascii() and c.isalnum()) for word in letters.split()]
    words = [word for word in words if word]
    first = "".join(words)
    if not first or not first[0].isalpha():
        first = "K" + first
    initials = "".join(word[0] for word in words)[:4]
    candidates = [first[:3], initials if len(initials) > 1 else "", first[:4]]
    for candidate in candidates:
        if candidate and candidate[0].isalpha() and candidate not in taken:
            return candidate
    number = 2
    while f"{first[:3]}{number}" in taken:
        number += 1
    return f"{first[:3]}{number}"
