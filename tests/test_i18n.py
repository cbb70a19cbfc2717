"""The translation layer: both languages complete, placeholders agree, language resolution."""

from __future__ import annotations

import string

import pytest

from kravtui.i18n import (
    UnknownLanguageError,
    current_language,
    da,
    en,
    resolve_language,
    set_language,
    t,
    t_count,
)


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_danish_and_english_have_the_same_keys() -> None:
    assert set(da.MESSAGES) == set(en.MESSAGES)


@pytest.mark.parametrize("key", sorted(en.MESSAGES))
def test_placeholders_agree(key: str) -> None:
    assert _placeholders(en.MESSAGES[key]) == _placeholders(da.MESSAGES[key])


def test_priority_labels() -> None:
    assert [t(f"importance.{c}", "da") for c in ("absolute", "high", "normal", "optional")] == [
        "Mindstekrav",
        "Vigtigt krav",
        "Krav",
        "Option",
    ]
    assert [t(f"importance.{c}", "en") for c in ("absolute", "high", "normal", "optional")] == [
        "Minimum",
        "Important",
        "Normal",
        "Optional",
    ]


def test_set_language_switches_t() -> None:
    before = current_language()
    try:
        set_language("da")
        assert t("field.help_text") == "Fortolkning"
        set_language("en")
        assert t("field.help_text") == "Interpretation"
    finally:
        set_language(before)


def test_missing_key_shows_the_key_and_values_are_filled_in() -> None:
    assert t("no.such.key") == "no.such.key"
    assert t("cli.count.other", "en", count=3) == "3 requirements"


@pytest.mark.parametrize(
    ("lang", "count", "said"),
    [("en", 1, "1 requirement"), ("en", 2, "2 requirements"), ("da", 1, "1 krav")],
)
def test_a_count_picks_its_form_in_the_language_asked(lang: str, count: int, said: str) -> None:
    set_language("da" if lang == "en" else "en")  # not the current language
    try:
        assert t_count("cli.count", count, lang) == said
    finally:
        set_language("en")


@pytest.mark.parametrize(
    ("explicit", "environ", "expected"),
    [
        ("da", {"KRAVTUI_LANG": "en"}, "da"),
        (None, {"KRAVTUI_LANG": "da"}, "da"),
        (None, {"LANG": "da_DK.UTF-8"}, "da"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "da_DK.UTF-8"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {}, "en"),
    ],
)
def test_resolve_language(explicit: str | None, environ: dict[str, str], expected: str) -> None:
    assert resolve_language(explicit, environ) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(UnknownLanguageError):
        resolve_language("fr", {})
    with pytest.raises(UnknownLanguageError):
        set_language("xx")
