"""Search benchmark: synthetic catalogues and the timing of `kravtui.catalogue.search.search`.

Two functions are meant to be imported (``benchmarks/catalogue.py`` folds them into its figures):

- `build_synthetic_db(path, n, seed=1)` creates a catalogue file with ``n`` Danish-looking
  requirements (14 categories with subcategories, 12 domains, 10 tags, 5 principles, all four
  priorities, a few favourites, all-domains and deleted requirements), inserted with
  ``executemany`` in one transaction. The same ``n`` and ``seed`` give the same catalogue.
  Text is word soup with a realistic spread: function words everywhere, each category's own
  topic words (compounds such as "datakryptering", "adgangsstyring", "økonomisystem") often,
  other topics' words rarely; so "krypt" matches about one requirement in ten.
- `run_search_benchmark(path)` times one list-view request (a page of 50 rows plus the total
  count, i.e. `search()`) for each of `QUERIES`, a fixed set of 20 texts of 1-12 characters,
  several rounds, and returns ``{"search_p50_ms": ..., "search_p95_ms": ...}`` over all of them
  and ``search_p95_ms.QUERY`` for each query (spaces in the name as ``_``).

Run as a script it builds catalogues of 1,000, 10,000 and 100,000 requirements in a temporary
folder and prints one ``size=N search_p50_ms=X search_p95_ms=Y search_p95_ms.l=...`` line per
size, then a ``target`` line per target (issue 17: every query's p95 within 10 ms at 100,000)::

    python benchmarks/search_bench.py            # all three sizes
    python benchmarks/search_bench.py 1000 10000 # chosen sizes

The machine is often shared: a figure measured beside other work is indicative only.
"""

from __future__ import annotations

import itertools
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

# Running as `python benchmarks/search_bench.py` from a checkout puts benchmarks/ first on the
# path, not the project; make the package importable without installing it.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from kravtui.catalogue.db import connect, create_catalogue, now_iso  # noqa: E402
from kravtui.catalogue.search import SearchQuery, search  # noqa: E402

for _path in (str(_ROOT / "benchmarks"),):
    if _path not in sys.path:
        sys.path.append(_path)
from measured import process_peak_mb  # type: ignore[import-not-found]  # noqa: E402
from targets import check  # type: ignore[import-not-found]  # noqa: E402

SIZES: tuple[int, ...] = (1_000, 10_000, 100_000)

# The fixed queries: what someone types into the filter bar. 1-12 characters each; short ones,
# fragments of compounds, two words, uids, Danish letters and texts that match nothing.
QUERIES: tuple[str, ...] = (
    "l",
    "ø",
    "it",
    "SIK",
    "log",
    "krypt",
    "SIK-01",
    "LOG-1",
    "adgang",
    "backup",
    "økonomi",
    "kryptering",
    "styring",
    "data log",
    "skal sikre",
    "tilgængelig",
    "gendannelse",
    "xyzzy",
    "qwfpgjluy",
    "arkiv ø",
)

ROUNDS = 20
PAGE_SIZE = 50
QUERY_P95_MS = 10
"""Issue 17: a page and its count within this, for every query, at 100,000 requirements."""


def query_figure(query: str) -> str:
    """The figure name of one query's p95: ``search_p95_ms.data_log`` for "data log"."""
    return "search_p95_ms." + query.replace(" ", "_")


TARGETS: dict[int, dict[str, float]] = {
    100_000: {query_figure(query): QUERY_P95_MS for query in QUERIES},
}

# Categories: prefix, name, subcategories and the topic its requirements talk about (first and
# last stems that form compounds, plus whole words). Requirements of one category share a topic,
# as real ones do, so "krypt" is frequent in SIK and rare elsewhere.
CATEGORIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("SIK", "Sikkerhed og adgang", ("Adgangsstyring", "Kryptering", "Sårbarheder")),
    ("LOG", "Logning", ("Sikkerhedslog", "Anvendelseslog")),
    ("ARK", "Arkivering", ("Aflevering", "Bevaring")),
    ("GDPR", "Lovgivning og GDPR", ("Databehandling", "Registreredes rettigheder", "Sletning")),
    ("EJE", "Dataejerskab", ("Udlevering", "Rettigheder")),
    ("STD", "Standarder", ("Dataformater", "Protokoller")),
    ("INT", "Integrationer", ("Snitflader", "Fælleskommunale komponenter", "Hændelser")),
    ("MIL", "Miljøer", ("Test", "Produktion")),
    ("TIL", "Tilgængelighed", ("WCAG", "Brugervenlighed")),
    ("SLA", "Driftsaftale og SLA", ("Oppetid", "Support", "Svartider")),
    ("BAK", "Backup og gendannelse", ("Backup", "Gendannelse")),
    ("DOK", "Dokumentation", ("Brugerdokumentation", "Teknisk dokumentation")),
    ("MIG", "Migrering", ("Datamigrering", "Udfasning")),
    ("OKO", "Økonomi", ("Licenser", "Fakturering")),
)

_Topic = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
TOPICS: dict[str, _Topic] = {
    "SIK": (
        ("adgangs", "sikkerheds", "kode", "nøgle", "rolle", "bruger", "data"),
        ("kryptering", "styring", "godkendelse", "politik", "kontrol", "adgang", "rettigheder"),
        (
            "datakryptering",
            "adgangsstyring",
            "tofaktorgodkendelse",
            "rollebaseret",
            "kodeordspolitik",
            "sårbarhedsscanning",
            "penetrationstest",
            "kryptografisk",
            "nøglehåndtering",
            "certifikat",
            "fortrolighed",
            "integritet",
            "sikker",
            "sikkerhed",
        ),
    ),
    "LOG": (
        ("log", "hændelses", "overvågnings", "sikkerheds", "anvendelses", "fejl"),
        ("log", "analyse", "overvågning", "hændelse", "rapport", "spor"),
        (
            "logning",
            "hændelseslog",
            "anvendelseslog",
            "overvågning",
            "sporbarhed",
            "tidsstempel",
            "revision",
            "opbevaring",
        ),
    ),
    "ARK": (
        ("arkiv", "journal", "bevarings", "dokument", "aflevering"),
        ("version", "format", "aflevering", "plan", "register", "periode"),
        (
            "arkivversion",
            "bevaringsværdig",
            "journalisering",
            "arkivering",
            "rigsarkivet",
            "kassation",
            "stadsarkivet",
        ),
    ),
    "GDPR": (
        ("person", "databehandler", "samtykke", "sletnings", "indsigts", "behandlings"),
        ("oplysninger", "aftale", "politik", "ret", "register", "grundlag"),
        (
            "persondataforordningen",
            "databehandleraftale",
            "samtykke",
            "indsigtsret",
            "anonymisering",
            "pseudonymisering",
            "sletning",
            "behandlingsgrundlag",
            "tilsyn",
        ),
    ),
    "EJE": (
        ("data", "rettigheds", "ejer", "udleverings"),
        ("udtræk", "ejerskab", "format", "adgang", "pligt"),
        ("dataudtræk", "ejerskab", "dataportabilitet", "udlevering", "ophavsret", "ophør"),
    ),
    "STD": (
        ("standard", "protokol", "format", "data"),
        ("format", "beskrivelse", "version", "model"),
        ("standardformat", "åbne", "standarder", "protokol", "OIO", "XML", "JSON", "UTF-8"),
    ),
    "INT": (
        ("integrations", "service", "snitflade", "besked", "hændelses"),
        ("platform", "beskrivelse", "kanal", "format", "kald"),
        (
            "snitfladebeskrivelse",
            "webservice",
            "integrationsplatform",
            "serviceplatformen",
            "støttesystemer",
            "fællesoffentlig",
            "hændelser",
            "API",
        ),
    ),
    "MIL": (
        ("test", "produktions", "udviklings", "drifts", "uddannelses"),
        ("miljø", "data", "opdatering", "vindue", "server"),
        ("testmiljø", "produktionsmiljø", "opdatering", "versionsstyring", "frigivelse"),
    ),
    "TIL": (
        ("tilgængeligheds", "bruger", "skærm", "tastatur"),
        ("erklæring", "grænseflade", "læser", "venlighed", "betjening"),
        (
            "tilgængelighedserklæring",
            "skærmlæser",
            "brugergrænseflade",
            "WCAG",
            "kontrast",
            "tilgængelig",
        ),
    ),
    "SLA": (
        ("drifts", "service", "support", "svar", "reaktions"),
        ("tid", "mål", "niveau", "aftale", "vindue"),
        (
            "oppetid",
            "svartid",
            "driftsstabilitet",
            "fejlrettelse",
            "servicemål",
            "henvendelser",
            "rapportering",
            "bod",
        ),
    ),
    "BAK": (
        ("backup", "gendannelses", "nød", "beredskabs", "genetablerings"),
        ("gendannelse", "procedure", "plan", "tid", "kopi"),
        (
            "backup",
            "gendannelse",
            "nødprocedure",
            "beredskab",
            "sikkerhedskopiering",
            "gendannelsestid",
            "restore",
        ),
    ),
    "DOK": (
        ("dokumentations", "bruger", "system", "drifts", "installations"),
        ("vejledning", "beskrivelse", "dokumentation", "manual"),
        ("dokumentationen", "vejledning", "brugervejledning", "dokumentere", "beskrive"),
    ),
    "MIG": (
        ("migrerings", "data", "konverterings", "udfasnings"),
        ("plan", "udtræk", "test", "strategi", "forløb"),
        ("migreringsplan", "udfasning", "konvertering", "datamigrering", "overgang"),
    ),
    "OKO": (
        ("økonomi", "licens", "betalings", "faktura", "pris"),
        ("system", "model", "aftale", "plan", "regulering"),
        ("økonomisystem", "licensmodel", "fakturering", "økonomi", "budget", "pris"),
    ),
}

DOMAINS: tuple[str, ...] = (
    "Økonomi",
    "Personale",
    "Borgerservice",
    "Skole og dagtilbud",
    "Social og sundhed",
    "Teknik og miljø",
    "Beskæftigelse",
    "Kultur og fritid",
    "Byggesag",
    "Ældrepleje",
    "IT og digitalisering",
    "Ledelsesinformation",
)

TAGS: tuple[tuple[str, str], ...] = (
    ("Personoplysninger", "Behandler systemet personoplysninger?"),
    ("Følsomme oplysninger", "Behandler systemet følsomme personoplysninger?"),
    ("Cloud", "Skal systemet leveres som cloudløsning (SaaS)?"),
    ("On-premise", "Skal systemet driftes i kommunens eget datacenter?"),
    ("Integrationer", "Skal systemet integrere med andre systemer?"),
    ("Borgervendt", "Bruges systemet direkte af borgere?"),
    ("Mobil", "Skal systemet kunne bruges på mobile enheder?"),
    ("Arkivpligt", "Er data i systemet omfattet af arkivpligt?"),
    ("Betaling", "Håndterer systemet betalinger?"),
    ("Høj oppetid", "Er systemet forretningskritisk?"),
)

PRINCIPLES: tuple[tuple[str, str], ...] = (
    ("Sikkerhed og privatliv", "FDA arkitekturprincip 4"),
    ("Genbrug", "FDA arkitekturprincip 2"),
    ("Åbne standarder", "OIO arkitekturprincip 5"),
    ("Dataejerskab", "FDA arkitekturprincip 6"),
    ("Skalerbarhed", "Kommunens IT-strategi 3.1"),
)

# Word soup with a realistic spread: function words in nearly every requirement, words of the
# requirement's own topic often, any other topic's words now and then. Drawn with Zipf-like
# weights (1/rank), so "skal" is everywhere and a given compound is rare.
COMMON_WORDS: tuple[str, ...] = (
    "skal",
    "og",
    "at",
    "der",
    "som",
    "til",
    "af",
    "for",
    "med",
    "ved",
    "en",
    "et",
    "det",
    "de",
    "kunne",
    "systemet",
    "leverandøren",
    "kommunen",
    "løsningen",
    "data",
    "brugeren",
    "i",
    "på",
    "være",
    "have",
    "alle",
    "ikke",
    "samt",
    "eller",
    "efter",
    "mindst",
    "inden",
    "hvordan",
    "understøtte",
    "tilbudsgiver",
    "beskrive",
    "krav",
    "mulighed",
    "ansvar",
    "aftale",
)


def _topic_words(prefix: str) -> tuple[str, ...]:
    firsts, lasts, words = TOPICS[prefix]
    compounds = [first + last for first in firsts for last in lasts if first != last]
    random.Random(prefix).shuffle(compounds)
    return words + tuple(compounds)


TOPIC_WORDS: dict[str, tuple[str, ...]] = {prefix: _topic_words(prefix) for prefix in TOPICS}
ALL_TOPIC_WORDS: tuple[str, ...] = tuple(w for words in TOPIC_WORDS.values() for w in words)

COMMON_SHARE = 0.5  # of the words in a text
FOREIGN_SHARE = 0.04  # words from any topic; the rest come from the requirement's own topic


def _cumulative(words: tuple[str, ...]) -> tuple[float, ...]:
    return tuple(itertools.accumulate(1.0 / rank for rank in range(1, len(words) + 1)))


_COMMON_CUM = _cumulative(COMMON_WORDS)
_TOPIC_CUM = {prefix: _cumulative(words) for prefix, words in TOPIC_WORDS.items()}

IMPORTANCES: tuple[str, ...] = (
    "optional",
    "normal",
    "normal",
    "normal",
    "high",
    "high",
    "absolute",
)

_REQUIREMENT_COLUMNS = (
    "id, uid, title, description, rationale, help_text, notes, stakeholders, importance, "
    "category_id, subcategory_id, info_requirement, favourite, all_domains, all_tags, "
    "relevant_saas, relevant_on_premise, deleted, version, created_at, updated_at, "
    "created_by, updated_by"
)


def _words(rng: random.Random, topic: str, k: int) -> list[str]:
    out = []
    for _ in range(k):
        draw = rng.random()
        if draw < COMMON_SHARE:
            out.extend(rng.choices(COMMON_WORDS, cum_weights=_COMMON_CUM))
        elif draw < COMMON_SHARE + FOREIGN_SHARE:
            out.append(rng.choice(ALL_TOPIC_WORDS))
        else:
            out.extend(rng.choices(TOPIC_WORDS[topic], cum_weights=_TOPIC_CUM[topic]))
    return out


def _sentence(rng: random.Random, topic: str, low: int, high: int) -> str:
    return " ".join(_words(rng, topic, rng.randint(low, high))).capitalize() + "."


def _paragraph(rng: random.Random, topic: str, sentences: int, low: int, high: int) -> str:
    return " ".join(_sentence(rng, topic, low, high) for _ in range(sentences))


def _title(rng: random.Random, topic: str) -> str:
    words = rng.choices(TOPIC_WORDS[topic], cum_weights=_TOPIC_CUM[topic], k=rng.randint(1, 3))
    if rng.random() < 0.5:
        words.insert(1, rng.choice(("af", "ved", "for", "i", "med", "og", "til", "på")))
    return " ".join(words).capitalize()


def build_synthetic_db(path: Path | str, n: int, seed: int = 1) -> Path:
    """Create a catalogue file at `path` holding `n` synthetic requirements; return its path.

    Refuses an existing file (like `create_catalogue`). Uids run per category prefix with three
    digits (``SIK-001``, ``SIK-002``, ...), requirements are spread round-robin over the
    categories. About 1 in 40 requirements is all-domains, 1 in 50 a favourite, 1 in 100 deleted.
    """
    rng = random.Random(seed)
    target = Path(path)
    conn = create_catalogue(target)
    try:
        stamp = now_iso()
        conn.execute("BEGIN IMMEDIATE")
        subcategory_ids: list[list[int]] = []
        next_subcategory = 1
        for position, (prefix, name, subs) in enumerate(CATEGORIES, start=1):
            conn.execute(
                "INSERT INTO category (id, prefix, name, position) VALUES (?, ?, ?, ?)",
                (position, prefix, name, position),
            )
            ids = []
            for sub_position, sub in enumerate(subs, start=1):
                conn.execute(
                    "INSERT INTO subcategory (id, category_id, name, position) VALUES (?, ?, ?, ?)",
                    (next_subcategory, position, sub, sub_position),
                )
                ids.append(next_subcategory)
                next_subcategory += 1
            subcategory_ids.append(ids)
        conn.executemany(
            "INSERT INTO domain (id, name, position) VALUES (?, ?, ?)",
            [(i, name, i) for i, name in enumerate(DOMAINS, start=1)],
        )
        conn.executemany(
            "INSERT INTO tag (id, name, question, position) VALUES (?, ?, ?, ?)",
            [(i, name, question, i) for i, (name, question) in enumerate(TAGS, start=1)],
        )
        conn.executemany(
            "INSERT INTO principle (id, name, reference, position) VALUES (?, ?, ?, ?)",
            [(i, name, ref, i) for i, (name, ref) in enumerate(PRINCIPLES, start=1)],
        )

        counters = [0] * len(CATEGORIES)
        links: dict[str, list[tuple[int, int]]] = {"domain": [], "tag": [], "principle": []}

        def requirements() -> Iterator[tuple[object, ...]]:
            for requirement_id in range(1, n + 1):
                index = (requirement_id - 1) % len(CATEGORIES)
                counters[index] += 1
                prefix = CATEGORIES[index][0]
                subs = subcategory_ids[index]
                subcategory = rng.choice(subs) if rng.random() < 0.85 else None
                all_domains = rng.random() < 0.025
                if not all_domains:
                    for domain in rng.sample(range(1, len(DOMAINS) + 1), rng.randint(1, 4)):
                        links["domain"].append((requirement_id, domain))
                for tag in rng.sample(range(1, len(TAGS) + 1), rng.randint(0, 3)):
                    links["tag"].append((requirement_id, tag))
                if rng.random() < 0.3:
                    links["principle"].append((requirement_id, rng.randint(1, len(PRINCIPLES))))
                yield (
                    requirement_id,
                    f"{prefix}-{counters[index]:03d}",
                    _title(rng, prefix),
                    _paragraph(rng, prefix, rng.randint(2, 4), 6, 14),
                    _paragraph(rng, prefix, rng.randint(1, 2), 6, 12),
                    _paragraph(rng, prefix, 1, 5, 12) if rng.random() < 0.8 else "",
                    "",
                    "",
                    rng.choice(IMPORTANCES),
                    index + 1,
                    subcategory,
                    int(rng.random() < 0.1),
                    int(rng.random() < 0.02),
                    int(all_domains),
                    int(rng.random() < 0.05),
                    int(rng.random() < 0.9),
                    int(rng.random() < 0.7),
                    int(rng.random() < 0.01),
                    1,
                    stamp,
                    stamp,
                    "benchmark",
                    "benchmark",
                )

        placeholders = ", ".join("?" * len(_REQUIREMENT_COLUMNS.split(",")))
        conn.executemany(
            f"INSERT INTO requirement ({_REQUIREMENT_COLUMNS}) VALUES ({placeholders})",
            requirements(),
        )
        for kind, rows in links.items():
            conn.executemany(
                f"INSERT INTO requirement_{kind} (requirement_id, {kind}_id) VALUES (?, ?)", rows
            )
        conn.execute("COMMIT")
        conn.execute("PRAGMA optimize")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
    return target


def _percentile(samples: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of `samples` (fraction in 0..1)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def run_search_benchmark(
    path: Path | str, queries: Sequence[str] = QUERIES, rounds: int = ROUNDS
) -> dict[str, float]:
    """Time `search()` (a page of 50 rows and the total) per query; p50 and p95 in milliseconds.

    Each of `queries` is searched `rounds` times on one connection opened as the app opens
    it (after one untimed warm-up round, as in a running TUI whose page cache is warm); every
    call is one sample.
    """
    conn = connect(path)
    try:
        prepared = [SearchQuery(text=text) for text in queries]
        for query in prepared:
            search(conn, query, limit=PAGE_SIZE)
        samples: dict[str, list[float]] = {text: [] for text in queries}
        for _ in range(rounds):
            for query in prepared:
                start = time.perf_counter()
                search(conn, query, limit=PAGE_SIZE)
                samples[query.text].append((time.perf_counter() - start) * 1000.0)
    finally:
        conn.close()
    every = [sample for taken in samples.values() for sample in taken]
    figures = {
        "search_p50_ms": round(statistics.median(every), 2),
        "search_p95_ms": round(_percentile(every, 0.95), 2),
    }
    for text, taken in samples.items():
        figures[query_figure(text)] = round(_percentile(taken, 0.95), 2)
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Build the catalogues and print one line of figures per size."""
    args = list(sys.argv[1:] if argv is None else argv)
    sizes = [int(arg) for arg in args] if args else list(SIZES)
    with tempfile.TemporaryDirectory(prefix="kravtui-search-bench-") as folder:
        for size in sizes:
            path = Path(folder) / f"catalogue-{size}.sqlite"
            start = time.perf_counter()
            build_synthetic_db(path, size)
            built = time.perf_counter() - start
            figures = run_search_benchmark(path)
            line = " ".join(f"{name}={value}" for name, value in figures.items())
            print(f"size={size} {line} process_peak_mb={process_peak_mb():.1f}", flush=True)
            for target in check(size, figures, TARGETS):
                print(target, flush=True)
            print(f"# size={size} build_s={built:.1f}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
