"""Released migrations never change: each one's SQL is pinned by its SHA-256.

A catalogue upgraded by one kravtui must be the same as one upgraded by the next, so a change to
the schema is a new migration at the end, never an edit of a released one. Adding a migration
means adding its hash here, in the same change that releases it. `MIGRATIONS` (SQLite's own,
1 to 10) is closed: from 11 on a migration is an entry of `MIGRATIONS_BOTH` with both engines'
texts, pinned together.
"""

from __future__ import annotations

import hashlib

from kravtui.catalogue.schema import (
    MIGRATIONS,
    MIGRATIONS_BOTH,
    POSTGRES_BASELINE_VERSION,
    SCHEMA_VERSION,
)

RELEASED: dict[int, str] = {
    1: "8baf3f644f15339a3cdf96918ab12531f7b8b6006a711bed644dd18b849bf9ed",
    2: "c2ea4680b6b89ae4795265078a0b9e072baa063ae43518605ad1a60065605f18",
    3: "120f91f6e29d8ff6712aa7fbe32369fae56103fd5bb60fb8829181939f7cdfb6",
    4: "ff75c1f5cd735036671625ce1188027edf774d2e891498a59c173fa7294b58d3",
    5: "005290b1657e56af0eb3babb7eee24565ecfb5f07d7858b94dd271f2cc3893d4",
    # The market dialogue's tables (kravtui/catalogue/schema_answers.py).
    6: "54f51c5816194a1af221a1c7da14697d5788f6e8e025c023458fbf0a663d39e8",
    # The word list and the bulk load's triggers (kravtui/catalogue/schema_words.py).
    7: "5a9aef88ac99baf4596fa831dc4e63faad16ee412584850183c3ec89d334f2cb",
    # Requirements' numbers in other systems (kravtui/catalogue/schema_sources.py).
    8: "5a40b125cf01255219974429ed803128b1bbabe556ab94f23f270e9f5f96aeec",
    # The prefix search's covering indexes (V9_PREFIX_SEARCH_INDEXES in schema.py).
    9: "53ee9527d7c871c6fe01d8ffb2474209b6705cc59f171eca8a7b4d94040bb272",
    # Whether a selection asks vendors for prices (kravtui/catalogue/schema_prices.py).
    10: "c6f2b2b90c978b67155b55a1fa3e4608801dc038ad5d28ddd8e6ac10feb12a05",
}


def _scripts() -> list[str]:
    """Each version's SQL: SQLite's alone up to the baseline, then both engines' together."""
    both = [f"{m.sqlite}\n-- postgresql --\n{m.postgresql}" for m in MIGRATIONS_BOTH]
    return [*MIGRATIONS, *both]


def test_every_released_migration_is_unchanged() -> None:
    found = {
        version: hashlib.sha256(script.encode()).hexdigest()
        for version, script in enumerate(_scripts(), start=1)
    }
    changed = sorted(v for v, digest in RELEASED.items() if found.get(v) != digest)
    assert not changed, f"released migrations changed: {changed}; add a new migration instead"


def test_every_migration_is_pinned() -> None:
    assert len(_scripts()) == SCHEMA_VERSION
    assert sorted(RELEASED) == list(range(1, SCHEMA_VERSION + 1)), "pin the new migration's hash"


def test_sqlite_alone_migrates_no_further_than_the_postgresql_baseline() -> None:
    """A change to the schema now is a `Migration` in MIGRATIONS_BOTH, for both engines."""
    assert len(MIGRATIONS) == POSTGRES_BASELINE_VERSION
