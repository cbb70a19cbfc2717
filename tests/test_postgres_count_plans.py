"""PostgreSQL's count reads what it needs from indexes, and the word list's triggers are not
compiled (issue 16's search and import figures).

A lone short word is counted off the uid and title prefix indexes, which hold each entry's
deleted flag and list order: the plan must scan them index-only, never a requirement row (a
heap page per match: "l" read 3,300 pages at 100,000 when the title's key was an expression).
The triggers that list the words of every written requirement must run without JIT: the
planner takes their split for millions of rows and compiled each statement (some 25 ms each).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from kravtui.catalogue.location import PostgresLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.search import SearchQuery, count
from kravtui.catalogue.search_pg import plan
from tests.catalogue_factory import make_catalogue
from tests.postgres_cluster import Cluster

R = RequirementContent


def scans(node: dict[str, Any]) -> list[tuple[str, str]]:
    """Every (node type, index or relation) of a JSON plan that reads a table or an index."""
    found = []
    if "Relation Name" in node or "Index Name" in node:
        found.append((node["Node Type"], node.get("Index Name", node.get("Relation Name", ""))))
    for child in node.get("Plans", []):
        found.extend(scans(child))
    return found


REQUIREMENTS = [  # few matches among many: the planner's choice is the prefix indexes
    R(uid=f"AB-{n}" if n % 40 else f"LOG-{n}", title=f"{'Andet' if n % 50 else 'Lang'} {n}")
    for n in range(1, 2_001)
]


@pytest.fixture(scope="module")
def catalogue(postgres_cluster: Cluster) -> Iterator[Any]:
    """`REQUIREMENTS` in a database of the module's, its pages all-visible (VACUUM)."""
    postgres_cluster.admin("CREATE DATABASE count_plans TEMPLATE template0 ENCODING 'UTF8'")
    conn = make_catalogue(PostgresLocation(postgres_cluster.url("count_plans")), REQUIREMENTS)
    postgres_cluster.admin("VACUUM ANALYZE requirement", dbname="count_plans")
    yield conn
    conn.close()
    postgres_cluster.admin("DROP DATABASE count_plans WITH (FORCE)")


@pytest.mark.parametrize("word", ["l", "L", "lo", "La"])
def test_a_short_word_is_counted_off_the_prefix_indexes_alone(catalogue: Any, word: str) -> None:
    query = SearchQuery(text=word)
    hit = plan(query).prefix_hit()
    assert hit is not None
    catalogue.execute("SET enable_seqscan = off")
    catalogue.execute("SET enable_bitmapscan = off")
    found = catalogue.execute(
        f"EXPLAIN (FORMAT JSON) SELECT count(*) FROM ({hit.sql}) AS hit", hit.params
    ).fetchone()[0]
    tree = json.loads(found) if isinstance(found, str) else found
    read = scans(tree[0]["Plan"])
    assert {index for _, index in read} >= {"requirement_title_prefix"}, read
    assert all(kind == "Index Only Scan" for kind, _ in read), read
    folded = word.lower()
    expected = sum(
        1
        for r in REQUIREMENTS
        if r.uid.lower().startswith(folded) or r.title.lower().startswith(folded)
    )
    assert 0 < expected < len(REQUIREMENTS) // 10
    assert count(catalogue, query) == expected


def test_the_word_lists_triggers_run_without_jit(postgres_url: str) -> None:
    conn = make_catalogue(PostgresLocation(postgres_url))
    try:
        settings = conn.execute(
            "SELECT p.proconfig FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid"
            " WHERE t.tgrelid = 'requirement'::regclass AND t.tgname LIKE 'requirement_words_%'"
        ).fetchall()
        assert len(settings) == 2
        for (config,) in settings:
            assert "jit=off" in config
    finally:
        conn.close()
