"""The one rule for which characters a text may hold, for every way text enters the catalogue.

Import (catalogue and selection TOML), the requirement editing service, the selection services
(metadata, free-text items, edited snapshots) and the classification services all ask
`refused_character`, so a text one of them accepts every other accepts too, and a requirement
that was imported can always be edited and saved again.

The rule:

- Line breaks are LF; a CR (alone or in CRLF) is a line break too and is stored as LF.
- No text holds a C0 control character other than TAB and LF (U+0000-U+001F), DEL (U+007F), a
  C1 control character (U+0080-U+009F, NEL included) or a lone surrogate (U+D800-U+DFFF, which
  is no character at all and cannot be stored as UTF-8).
- One-line texts (uids, titles, names of classifications, codes) hold no TAB, LF, CR, LINE
  SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029) either.
- A key, a one-line text the catalogue finds rows by (a uid, the name of a classification), is
  at most `KEY_LIMIT` characters: PostgreSQL's btree index holds an entry of about 2,700 bytes
  at most, and would refuse a longer one with an engine error; SQLite is held to the same.
- A requirement's title (in the catalogue and as an item of a selection) is at most
  `TITLE_LIMIT` characters (`title_refusal`): it is a heading, which every export lays out as
  one (a 100,001-character title held up a DOCX export for seconds). The editing services, the
  importers and `kravtui diff` refuse a longer one when it is new or changed; one another
  program already stored stays as it is while it is not changed (it reads, lists and exports,
  and its requirement can be edited in its other fields, deleted and restored), so no
  catalogue becomes unreadable or stuck.
- Everything else is kept as it is, bidi controls (U+200E, U+200F, U+061C, U+202A-U+202E,
  U+2066-U+2069) and format characters such as U+200B and U+FEFF included: right-to-left text
  needs them, and every human-readable output shows them escaped, never raw.

Why refuse rather than keep: a NUL ends the text for SQLite's trigram full-text tokenizer, so
the words after it could never be found; the other controls are invisible in a form and move the
cursor or change colours in a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from kravtui.i18n import t

REFUSED_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""The characters no text may hold (a hot loop may search with it before `refused_character`)."""
REFUSED_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
"""The characters no one-line text may hold."""
KEY_LIMIT = 200
"""The most characters of a key (a uid, a classification's name): at most 800 bytes of UTF-8,
well inside PostgreSQL's btree entry; no name a person gives is longer."""
TITLE_LIMIT = 500
"""The most characters of a requirement's title: several lines of a heading, far more than any
catalogue's titles need (the bundled sample's longest has 61)."""


@dataclass(frozen=True, slots=True)
class RefusedCharacter:
    """The first character of a text that the rule refuses, and where it is (1-based)."""

    character: str
    position: int

    @property
    def code(self) -> str:
        """The character as the user reads it in a message: `U+0000`."""
        return character_code(self.character)


def character_code(character: str) -> str:
    """`U+000B` for a vertical tab: a character named without printing it."""
    return f"U+{ord(character):04X}"


def refused_character(text: str, *, one_line: bool = False) -> RefusedCharacter | None:
    """The first character `text` may not hold (see the module's rule), or None if it is fine."""
    found = (REFUSED_IN_LINE if one_line else REFUSED_IN_TEXT).search(text)
    if found is None:
        return None
    return RefusedCharacter(found.group(), found.start() + 1)


def first_refused(
    texts: Mapping[str, str], one_line: Collection[str] = ()
) -> tuple[str, RefusedCharacter, bool] | None:
    """The first (field, refused character, one-line?) among named texts; `one_line` names the
    one-line ones. None when every text keeps to the rule."""
    for name, text in texts.items():
        line = name in one_line
        refused = refused_character(text, one_line=line)
        if refused is not None:
            return name, refused, line
    return None


def refusal_reason(refused: RefusedCharacter, *, one_line: bool) -> str:
    """Why the text is refused, translated: the character's code and position."""
    key = "text.refused_in_line" if one_line else "text.refused"
    return t(key, code=refused.code, position=refused.position)


def check_texts(texts: Mapping[str, str], one_line: Collection[str] = ()) -> str | None:
    """The translated one-line refusal `Field: the character U+0000 ...` for the first text
    that breaks the rule (fields named by their `field.NAME` label), or None."""
    found = first_refused(texts, one_line)
    if found is None:
        return None
    name, refused, line = found
    reason = refusal_reason(refused, one_line=line)
    return t("text.field_refused", field=t(f"field.{name}"), reason=reason)


def title_refusal(title: str) -> str | None:
    """Why a requirement's `title` is refused for its length, translated ("at most 500
    characters, not 501"), or None when it is within `TITLE_LIMIT`."""
    if len(title) <= TITLE_LIMIT:
        return None
    return t("text.title_too_long", limit=TITLE_LIMIT, length=len(title))


def check_title(title: str) -> str | None:
    """The translated one-line refusal ``Title: at most 500 characters, not 501`` for a
    requirement's title over `TITLE_LIMIT`, or None."""
    reason = title_refusal(title)
    if reason is None:
        return None
    return t("text.field_refused", field=t("field.title"), reason=reason)


def check_key(field: str, text: str) -> str | None:
    """The translated one-line refusal for a key `text` (a one-line text of at most
    `KEY_LIMIT` characters) named by its `field.NAME` label, or None when it is fine."""
    if len(text) > KEY_LIMIT:
        reason = t("text.too_long", limit=KEY_LIMIT)
        return t("text.field_refused", field=t(f"field.{field}"), reason=reason)
    return check_texts({field: text}, one_line=(field,))
