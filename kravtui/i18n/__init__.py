"""The translation layer: every user-facing string goes through `t()`.

Messages are flat dictionaries keyed by dotted ids, merged per language in `en.py` and `da.py`
from the core messages there and one module per area (both languages side by side); placeholders
use `str.format` names. The language is chosen once at start-up with `set_language`, from `--lang`,
else `KRAVTUI_LANG`, else the locale, else English.
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping, Sequence
from datetime import datetime

from kravtui.i18n import da, en

LANGUAGES: dict[str, Mapping[str, str]] = {"en": en.MESSAGES, "da": da.MESSAGES}
DEFAULT_LANGUAGE = "en"

_current = DEFAULT_LANGUAGE


class UnknownLanguageError(ValueError):
    """Raised for a language code we have no messages for."""


def resolve_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Pick the language: the explicit choice, KRAVTUI_LANG, the locale, else English."""
    env = os.environ if environ is None else environ
    for candidate in (explicit, env.get("KRAVTUI_LANG")):
        if candidate:
            code = candidate.strip().lower()[:2]
            if code not in LANGUAGES:
                raise UnknownLanguageError(candidate)
            return code
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "da" if value.lower().startswith("da") else DEFAULT_LANGUAGE
    if environ is None:
        system = locale.getlocale()[0] or ""
        if system.lower().startswith("da"):
            return "da"
    return DEFAULT_LANGUAGE


def set_language(code: str) -> None:
    """Make `code` ("da" or "en") the language of every later `t()` call."""
    global _current
    if code not in LANGUAGES:
        raise UnknownLanguageError(code)
    _current = code


def current_language() -> str:
    """The language `t()` uses now."""
    return _current


def t(key: str, /, lang: str | None = None, **values: object) -> str:
    """The message `key` in the current (or given) language, with `values` filled in.

    A key missing from the language falls back to English, then to the key itself, so a
    missing translation is visible but never a crash.
    """
    messages = LANGUAGES[lang or _current]
    template = messages.get(key) or en.MESSAGES.get(key) or key
    return template.format(**values) if values else template


def t_count(key: str, count: int, /, lang: str | None = None, **values: object) -> str:
    """`key.one` when `count` is 1, `key.none` (if the language has it) when 0, else
    `key.other`, in the current (or given) language, with `count` and `values` filled in:
    "1 nyt krav", "2 nye krav"."""
    messages = LANGUAGES[lang or _current]
    form = "one" if count == 1 else "other"
    if count == 0 and (f"{key}.none" in messages or f"{key}.none" in en.MESSAGES):
        form = "none"
    name = f"{key}.{form}"
    template = messages.get(name) or en.MESSAGES.get(name) or name
    return template.format(count=count, **values)


def human_time(at: str) -> str:
    """A stored UTC timestamp (`2026-12-06T04:27:24Z`) as the reader's local date and time to
    the minute, with the month's name: "6. dec. 2026 05:27", "6 Dec 2026 05:27". Text that is
    no timestamp comes back unchanged."""
    try:
        moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return at
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return t(
        "time.moment",
        day=moment.day,
        month=t(f"time.month.{moment.month}"),
        year=moment.year,
        time=moment.strftime("%H:%M"),
    )


def uid_list(uids: Sequence[str], limit: int = 10) -> str:
    """ "A, B, C", or the first `limit` and "… and N more"."""
    shown = ", ".join(uids[:limit])
    rest = len(uids) - limit
    return shown + t("list.and_more", count=rest) if rest > 0 else shown
