"""Danish messages read well whatever the numbers: no count right before a plural word in a
message that also serves the count 1 ("1 nye", "1 kravspecifikationer"), no "felt(er)"; and the
wording the issue named is gone."""

from __future__ import annotations

import re

import pytest

from kravtui.i18n import da

# plural-only words that must not follow a number placeholder outside a `.other` message
PLURAL_AFTER_COUNT = re.compile(
    r"\{\w+\} (nye|ændrede|uændrede|kravspecifikationer|filtre|domæner|felter|versioner)\b"
)


@pytest.mark.parametrize("key", sorted(da.MESSAGES))
def test_no_plural_word_after_a_count_that_may_be_one(key: str) -> None:
    if key.endswith(".other"):
        return
    text = da.MESSAGES[key]
    assert not PLURAL_AFTER_COUNT.search(text), text
    assert "(er)" not in text and "(r)" not in text, text


@pytest.mark.parametrize(
    "phrase",
    [
        "filtre besvaret ja",
        "alle {count} ændrede",
        "binding-id",
        "f.eks.",
        "Tog katalogets",
        "Tag katalogets",
    ],
)
def test_the_named_phrasings_are_gone(phrase: str) -> None:
    assert not [text for text in da.MESSAGES.values() if phrase in text]
