"""Catalogue benchmark: TOML import, export (and search) at 1,000, 10,000, 100,000 requirements.

For each size it builds a synthetic catalogue as `CatalogueContent` (12 categories with
subcategories, 12 domains, 10 tags, 5 principles, Danish-looking text: a title of a few words,
a description of 2-4 sentences, a rationale of 1-2, most with a help text; about 760 characters
of text per requirement, 1.6 times the bundled sample's average, so the figures err on the slow
side), writes it as a TOML file (``file_mb``; ``dump_s`` is `dump_catalogue` alone), then times:

- ``import_s``, ``import_cpu_s`` and ``import_peak_mb``: ``kravtui import`` of that file into a
  new, empty catalogue, run as its own process (parse, validate, one transaction with a revision
  per requirement, keys, text indexes and word list in step; from 20,000 requirements on, the
  reading and checking in a second process), its wall time, the CPU time of both processes and
  the peak memory of the one plus the other's (`measured.run_kravtui`);
- ``export_s``: `export_catalogue` of the imported catalogue to a TOML file;
- ``search_p50_ms`` / ``search_p95_ms``: when ``benchmarks/search_bench.py`` is present, its
  `run_search_benchmark` on the imported catalogue.

It checks that the export is byte-identical to the file imported, and prints one line of
``name=value`` figures per size::

    python benchmarks/catalogue.py              # 1,000, 10,000 and 100,000
    python benchmarks/catalogue.py 1000 10000   # chosen sizes

Targets: issue 2, at 10,000 export <= 0.6 s and import <= 3 s, at 100,000 export <= 5 s and
search p95 <= 15 ms; issue 17, at 100,000 import <= 10 s in at most 300 MB and every search
query's p95 within 10 ms (``search_p95_ms.QUERY``). The machine is often shared with other work:
a figure measured beside it is indicative only. A big import keeps two cores busy: with fewer
free, its wall time tends to its CPU time.
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
for _path in (str(_ROOT), str(_ROOT / "benchmarks")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from machine import machine_ref_ms  # type: ignore[import-not-found]  # noqa: E402
from measured import Measured, run_kravtui  # type: ignore[import-not-found]  # noqa: E402
from targets import check  # type: ignore[import-not-found]  # noqa: E402

from kravtui.catalogue.db import connect, create_catalogue  # noqa: E402
from kravtui.catalogue.records import (  # noqa: E402
    CatalogueContent,
    Category,
    Classifications,
    Domain,
    Principle,
    RequirementContent,
    Tag,
)
from kravtui.catalogue.vocabulary import Importance  # noqa: E402
from kravtui.interchange.catalogue_toml import (  # noqa: E402
    dump_catalogue,
    export_catalogue,
)

SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)
TARGETS: dict[int, dict[str, float]] = {
    10_000: {"import_s": 3, "export_s": 0.6},  # issue 2
    100_000: {
        "import_s": 10,  # issue 17 (issue 2: 30)
        "import_peak_mb": 300,  # issue 17
        "export_s": 5,  # issue 2
        "search_p95_ms": 15,  # issue 2
    },
}

CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("SIK", "Sikkerhed og adgangsstyring", ("Adgangsstyring", "Kryptering", "Autentifikation")),
    ("LOG", "Logning og sporbarhed", ("Brugerlog", "Sikkerhedslog")),
    ("ARK", "Arkivering og bevaring", ("Arkiveringsversioner", "Journalisering")),
    ("GDPR", "Lovgivning og GDPR", ("Dataansvar", "Registreredes rettigheder")),
    ("DATA", "Dataejerskab", ("Udtræk", "Ophør")),
    ("STD", "Standarder", ("Dataformater", "Identiteter")),
    ("INT", "Integrationer", ("Grunddata", "Fælleskommunal infrastruktur")),
    ("MIL", "Miljøer", ("Test", "Uddannelse")),
    ("TIL", "Tilgængelighed", ("Web", "Dokumenter")),
    ("SLA", "Servicemål og drift", ("Oppetid", "Support")),
    ("BAK", "Backup og genetablering", ("Backup", "Genetablering")),
    ("DOK", "Dokumentation og migrering", ("Brugerdokumentation", "Migrering")),
)
DOMAINS = (
    "Økonomi",
    "Børn og unge",
    "Ældre og sundhed",
    "Teknik og miljø",
    "Beskæftigelse",
    "Kultur og fritid",
    "Borgerservice",
    "HR og løn",
    "Skole",
    "Socialområdet",
    "Byggeri",
    "Digitalisering",
)
TAGS = tuple(
    (name, f"Skal systemet {verb}?")
    for name, verb in (
        ("Persondata", "behandle personoplysninger"),
        ("Følsomme data", "behandle følsomme personoplysninger"),
        ("Cloud", "leveres som cloudløsning"),
        ("Borgervendt", "bruges direkte af borgere"),
        ("Integration", "udveksle data med andre systemer"),
        ("Arkivpligt", "indeholde arkivpligtige data"),
        ("Mobil", "bruges på mobile enheder"),
        ("Døgndrift", "være tilgængeligt hele døgnet"),
        ("Betaling", "håndtere betalinger"),
        ("Sagsbehandling", "understøtte sagsbehandling"),
    )
)
PRINCIPLES = tuple((f"Princip {n}", f"Fællesoffentlig arkitekturprincip {n}") for n in range(1, 6))


def _word_list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


COMMON = _word_list(
    "leverandøren skal sikre at systemet understøtter kommunens krav til og eller samt med "
    "uden alle relevante nødvendige gældende inden for efter før ved den det de en et som "
    "kan må være have kunne blive senest løbende automatisk dokumenteret godkendt"
)
STEMS = _word_list(
    "data adgang krypter log bruger medarbejder borger sag dokument løsning funktion "
    "integration grunddata arkiv sikkerhed tilgængelighed drift oppetid backup genetabler "
    "version standard format udtræk ophør kontrakt databehandl tilsyn revision rapport "
    "test miljø hændelse rettighed samtykke journal kassation bevaring migrering support "
    "service netværk certifikat nøgle rolle profil adgangskode session token protokol "
    "server klient mobil skærm tastatur læser kode"
)
ENDINGS = ("", "en", "er", "erne", "ing", "ingen", "styring", "system", "krav", "politik")


def _topic_words(index: int) -> tuple[str, ...]:
    """A category's own words: compounds of a few stems, in a fixed shuffled order."""
    stems = STEMS[index :: len(CATEGORIES)]
    words = [f"{a}{b}{e}" for a in stems for b in ("", *stems) for e in ENDINGS if a != b]
    random.Random(index).shuffle(words)
    return tuple(words)


# Each category draws most words from its own topic with Zipf-like weights, a few from other
# topics, the rest from common words: full-text queries then match realistic fractions of the
# catalogue instead of nearly every requirement.
TOPIC_WORDS = [_topic_words(index) for index in range(len(CATEGORIES))]
ALL_TOPIC_WORDS = [word for words in TOPIC_WORDS for word in words]
_TOPIC_WEIGHTS = [
    list(itertools.accumulate(1.0 / rank for rank in range(1, len(words) + 1)))
    for words in TOPIC_WORDS
]


def _words(rng: random.Random, topic: int, k: int) -> list[str]:
    out: list[str] = []
    for _ in range(k):
        draw = rng.random()
        if draw < 0.45:
            out.append(rng.choice(COMMON))
        elif draw < 0.95:
            out.extend(rng.choices(TOPIC_WORDS[topic], cum_weights=_TOPIC_WEIGHTS[topic]))
        else:
            out.append(rng.choice(ALL_TOPIC_WORDS))
    return out


def _sentence(rng: random.Random, topic: int) -> str:
    return " ".join(_words(rng, topic, rng.randint(6, 14))).capitalize() + rng.choice(".....?;")


def _paragraph(rng: random.Random, topic: int, low: int, high: int) -> str:
    return " ".join(_sentence(rng, topic) for _ in range(rng.randint(low, high)))


def synthetic_catalogue(n: int, seed: int = 1) -> CatalogueContent:
    """`n` Danish-looking requirements over 12 categories; the same `n` and seed, same content."""
    rng = random.Random(seed)
    classifications = Classifications(
        categories=tuple(
            Category(prefix, name, f"Krav om {name.lower()}.", subs)
            for prefix, name, subs in CATEGORIES
        ),
        domains=tuple(Domain(name) for name in DOMAINS),
        tags=tuple(Tag(name, question) for name, question in TAGS),
        principles=tuple(Principle(name, reference) for name, reference in PRINCIPLES),
    )
    importances = list(Importance)
    requirements = []
    for index in range(n):
        topic = index % len(CATEGORIES)
        prefix, _, subs = CATEGORIES[topic]
        all_domains = rng.random() < 0.05
        requirements.append(
            RequirementContent(
                uid=f"{prefix}-{index // len(CATEGORIES) + 1:03d}",
                title=" ".join(_words(rng, topic, rng.randint(2, 6))).capitalize(),
                importance=rng.choice(importances),
                category=prefix,
                subcategory=rng.choice(subs) if rng.random() < 0.85 else "",
                domains=()
                if all_domains
                else tuple(sorted(rng.sample(DOMAINS, rng.randint(1, 4)), key=DOMAINS.index)),
                tags=tuple(
                    sorted(
                        rng.sample([t[0] for t in TAGS], rng.randint(0, 3)),
                        key=[t[0] for t in TAGS].index,
                    )
                ),
                principles=(rng.choice(PRINCIPLES)[0],) if rng.random() < 0.3 else (),
                info_requirement=rng.random() < 0.1,
                favourite=rng.random() < 0.02,
                all_domains=all_domains,
                all_tags=rng.random() < 0.05,
                relevant_saas=rng.random() < 0.9,
                relevant_on_premise=rng.random() < 0.7,
                deleted=rng.random() < 0.01,
                stakeholders="IT-sikkerhed" if rng.random() < 0.2 else "",
                description=_paragraph(rng, topic, 2, 4),
                rationale=_paragraph(rng, topic, 1, 2),
                help_text=_paragraph(rng, topic, 1, 2) if rng.random() < 0.8 else "",
                notes="Drøftes med leverandøren." if rng.random() < 0.05 else "",
            )
        )
    return CatalogueContent(classifications, tuple(requirements))


def _search_benchmark() -> Callable[[Path], dict[str, float]] | None:
    try:
        from search_bench import run_search_benchmark  # type: ignore[import-not-found]
    except ImportError:
        return None
    return run_search_benchmark  # type: ignore[no-any-return]


def run_import(database: Path, source: Path) -> Measured:
    """``kravtui import`` as a process of its own (`measured.run_kravtui`)."""
    environment = {**os.environ, "PYTHONPATH": str(_ROOT)}
    arguments = ["--lang", "en", "--db", str(database), "import", str(source)]
    result = run_kravtui(arguments, env=environment)
    if result.returncode != 0:
        raise RuntimeError(f"kravtui import failed: {result.stderr}")
    return result


def measure(n: int, folder: Path) -> dict[str, float | int | str]:
    """Build, import, export (and search) a catalogue of `n` requirements inside `folder`."""
    content = synthetic_catalogue(n)
    source = folder / f"catalogue-{n}.toml"
    started = time.perf_counter()
    text = dump_catalogue(content)
    dump_s = time.perf_counter() - started
    source.write_bytes(text.encode("utf-8"))

    database = folder / f"catalogue-{n}.db"
    create_catalogue(database).close()
    imported = run_import(database, source)
    conn = connect(database)
    assert conn.execute("SELECT count(*) FROM requirement").fetchone()[0] == n

    exported = folder / f"export-{n}.toml"
    started = time.perf_counter()
    count = export_catalogue(conn, exported)
    export_s = time.perf_counter() - started
    conn.close()
    assert count == n
    figures: dict[str, float | int | str] = {
        "size": n,
        "file_mb": round(source.stat().st_size / 1e6, 1),
        "dump_s": round(dump_s, 3),
        "import_s": round(imported.seconds, 3),
        "import_cpu_s": round(imported.cpu_s, 2),
        "import_peak_mb": round(imported.peak_mb, 1),
        "export_s": round(export_s, 3),
        "roundtrip": "identical" if exported.read_bytes() == source.read_bytes() else "DIFFERENT",
    }
    search = _search_benchmark()
    if search is not None:
        figures.update({name: round(value, 2) for name, value in search(database).items()})
    return figures


def targets() -> dict[int, dict[str, float]]:
    """`TARGETS` with the search benchmark's own (each query's p95), when it is there."""
    try:
        from search_bench import TARGETS as SEARCH  # type: ignore[import-not-found]
    except ImportError:
        return TARGETS
    merged = {size: dict(figures) for size, figures in TARGETS.items()}
    for size, figures in SEARCH.items():
        merged.setdefault(size, {}).update(figures)
    return merged


def main(argv: Sequence[str] | None = None) -> int:
    sizes = [int(arg) for arg in (sys.argv[1:] if argv is None else argv)] or list(SIZES)
    with tempfile.TemporaryDirectory(prefix="kravtui-bench-") as folder:
        for n in sizes:
            figures = {**measure(n, Path(folder)), "machine_ref_ms": machine_ref_ms()}
            print(" ".join(f"{name}={value}" for name, value in figures.items()), flush=True)
            for line in check(n, figures, targets()):
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
