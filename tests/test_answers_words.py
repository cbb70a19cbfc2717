"""Reading a vendor's words: choices in either language or OS2kravmotor's wording, never a
guess; prices in Danish or English number style, and no amount for anything else."""

from __future__ import annotations

import pytest

from kravtui.answers.price import number_amount, number_text, price_amount
from kravtui.answers.records import Choice
from kravtui.answers.words import read_choice, read_priority
from kravtui.catalogue.vocabulary import Importance


@pytest.mark.parametrize(
    "text",
    ["Ja / Nej", "Ja Nej", "måske", "yes!!no", "Ja, som tilkøb, delvist", "\u202eJa", "Ja" * 40],
)
def test_two_choices_or_an_unknown_word_are_unclear_never_guessed(text: str) -> None:
    read = read_choice(text)
    assert read.choice is None
    assert read.unclear == " ".join(text.split())


@pytest.mark.parametrize(
    ("text", "choice"),
    [
        ("Ja", Choice.YES),
        ("  ja ", Choice.YES),
        ("Ja, som tilkøb", Choice.YES_ADDON),
        ("Ja som et tilkøb", Choice.YES_ADDON),
        ("JA, DELVIST", Choice.YES_PARTIAL),
        ("Ja delvist", Choice.YES_PARTIAL),
        ("Nej", Choice.NO),
        ("Ikke relevant", Choice.NOT_RELEVANT),
        ("Yes, as an add-on", Choice.YES_ADDON),
        ("Yes, partially", Choice.YES_PARTIAL),
        ("Not relevant", Choice.NOT_RELEVANT),
        ("yes_addon", Choice.YES_ADDON),
    ],
)
def test_choices_in_either_language(text: str, choice: Choice) -> None:
    assert read_choice(text).choice is choice


def test_nothing_written_is_no_choice() -> None:
    assert read_choice("  \n ").choice is None
    assert read_choice("  \n ").unclear == ""


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Mindstekrav", Importance.ABSOLUTE),
        ("important", Importance.HIGH),
        ("Krav", Importance.NORMAL),
        ("optional", Importance.OPTIONAL),
        ("Ligegyldigt", None),
    ],
)
def test_priorities_by_label_or_code(text: str, level: Importance | None) -> None:
    assert read_priority(text) is level


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12.500 kr.", 1_250_000),
        ("1,250.50 DKK", 125_050),
        ("12.500,50", 1_250_050),
        ("12,5", 1_250),
        ("1.000,-", 100_000),
        ("kr. 300", 30_000),
        ("1 000", 100_000),
        ("0", 0),
    ],
)
def test_prices_in_either_number_style(text: str, amount: int) -> None:
    assert price_amount(text) == amount


@pytest.mark.parametrize(
    "text",
    ["Inkluderet", "-5", "1e6", "12.34.5", "1,2,3", "99999999999999", "9" * 5000, "100 og 200", ""],
)
def test_anything_but_one_plain_amount_is_no_amount(text: str) -> None:
    assert price_amount(text) is None


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 1e13])
def test_an_odd_number_cell_is_no_amount(value: float) -> None:
    assert number_amount(value) is None


def test_number_cells_read_exactly() -> None:
    assert number_amount(12.345) == 1234  # hundredths, half to even
    assert number_amount(12500) == 1_250_000
    assert (number_text(12500.0), number_text(0.1)) == ("12500", "0.1")
