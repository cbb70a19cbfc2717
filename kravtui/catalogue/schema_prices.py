"""Schema for whether a selection asks vendors for prices (OS2kravmotor had it per selection).

The migration is self-contained (it adds one column and reads nothing), so it can take whatever
number is next in `MIGRATIONS`.

- ``selection.prices_requested``: 1 when the document and the answer sheet sent for the
  selection ask each vendor for a price (a "Ja, som tilkøb" then needs one), 0 when they leave
  the price out. Every selection made before it asks for prices, as kravtui always did.

The code reads a catalogue of an older schema opened read-only (which cannot be upgraded) as
asking for prices, so `READABLE_SINCE` stays where it was.
"""

from __future__ import annotations

# Written out in full: a released migration must not change when the code does.
V10_PRICES = """
ALTER TABLE selection ADD COLUMN prices_requested INTEGER NOT NULL DEFAULT 1
    CHECK (prices_requested IN (0, 1));
"""
