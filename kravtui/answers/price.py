"""A vendor's price as written ("12.500 kr.", "1,250.50 DKK", "Inkluderet") read as an amount.

Prices are kept as the vendor wrote them; `price_amount` adds the amount in hundredths (øre) when
the text is a plain number, so prices can be summed exactly. Danish and English number styles
are both read: where both "." and "," occur the last is the decimal mark; where one of them
occurs once before exactly three digits it groups thousands ("12.500" and "12,500" are twelve
thousand five hundred), otherwise before one or two digits it is the decimal mark ("12,5").
A currency word (kr, kr., DKK, EUR) before or after, and a closing ",-" are allowed. Anything
else (words, two numbers, a negative amount, an amount over a trillion) is no amount: None.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kravtui.i18n import t

_CURRENCY = re.compile(r"\A(?:kr\.?|dkk|eur|€)\s*|\s*(?:kr\.?|dkk|eur|€)\Z", re.IGNORECASE)
_NUMBER = re.compile(r"\A[0-9]{1,15}(?:[.,][0-9]+)*\Z")
_LIMIT = Decimal(10) ** 12  # no vendor quotes a trillion; larger is a mistake or an attack


def price_amount(text: str) -> int | None:
    """The amount in hundredths that `text` states, or None when it states no single amount."""
    value = " ".join(text.split()).replace("\u00a0", "")
    if len(value) > 40:
        return None
    previous = None
    while previous != value:
        previous = value
        value = _CURRENCY.sub("", value).strip()
    value = value.removesuffix(",-").removesuffix(".-").replace(" ", "")
    if not _NUMBER.fullmatch(value):
        return None
    amount = _decimal(value)
    if amount is None or amount >= _LIMIT:
        return None
    return int((amount * 100).to_integral_value())


def number_amount(value: float | int) -> int | None:
    """The amount in hundredths of a number cell (None for a negative, huge or odd number)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0 or amount >= _LIMIT:
        return None
    return int((amount * 100).to_integral_value())


def number_text(value: float | int) -> str:
    """A number cell as the text of a price: 12500.0 -> "12500", 0.1 -> "0.1"."""
    amount = Decimal(str(value))
    if not amount.is_finite():
        return str(value)
    return format(amount.normalize(), "f")


def amount_text(hundredths: int, language: str | None = None) -> str:
    """An amount in `language`'s number style (the current one by default): 1.250.000,50
    (Danish) or 1,250,000.50 (English)."""
    whole, cents = divmod(hundredths, 100)
    text = f"{whole:,}.{cents:02d}"
    if t("answers.decimal_mark", language) == ",":
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def _decimal(value: str) -> Decimal | None:
    marks = [character for character in value if character in ".,"]
    if not marks:
        return Decimal(value)
    if "." in marks and "," in marks:
        decimal_mark = value[max(value.rfind("."), value.rfind(","))]
        if marks.count(decimal_mark) > 1:
            return None
        grouping = "," if decimal_mark == "." else "."
        if not _grouped(value.split(decimal_mark)[0], grouping):
            return None
        whole, fraction = value.replace(grouping, "").split(decimal_mark)
        return Decimal(f"{whole}.{fraction}")
    mark = marks[0]
    parts = value.split(mark)
    if len(parts) > 2 or len(parts[1]) == 3:  # thousands: 1.234.567 or 12.500
        if any(len(part) != 3 for part in parts[1:]) or len(parts[0]) > 3:
            return None
        return Decimal("".join(parts))
    if len(parts[1]) > 2:
        return None
    return Decimal(f"{parts[0]}.{parts[1]}")


def _grouped(whole: str, grouping: str) -> bool:
    """Whether the whole part's thousands groups are of three digits after a first of 1-3."""
    first, *rest = whole.split(grouping)
    return 1 <= len(first) <= 3 and all(len(group) == 3 for group in rest)
