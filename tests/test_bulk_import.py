"""A catalogue import streams its file and places keys, indexes and words in bulk (issue 17).

The streamed import must leave exactly what the whole-file import leaves (content, revisions,
and what every search finds), keep the invariants the triggers keep for other writers (keys in
list order, each requirement in its text index under its key, every word listed), hand any file
it is not sure of to the whole-file import, and never leave its bulk flag behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pytest

from kravtui.catalogue import bulk_load
from kravtui.catalogue.db import create_catalogue, transaction
from kravtui.catalogue.records import CatalogueContent, Classifications
from kravtui.catalogue.search import SearchQuery, search
from kravtui.interchange import catalogue_toml
from kravtui.interchange.catalogue_toml import (
    catalogue_content,
    dump_catalogue,
    import_catalogue,
    import_catalogue_data,
)
from kravtui.interchange.document import load_toml
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.kinds import import_file
from tests.catalogue_files import STAMP
from tests.test_list_order import FTS, check_word_list, matches

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample-catalogue.toml"
QUERIES = ["krypt", "adgangsstyring", "data log", "økonomi", "SIK-00", "backup", "skal sikre"]


def synthetic(n: int) -> CatalogueContent:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from catalogue import synthetic_catalogue  # type: ignore[import-not-found]

    return synthetic_catalogue(n)  # type: ignore[no-any-return]


def list_order(uids: Iterable[str]) -> list[str]:
    return sorted(uids, key=lambda uid: (uid.split("-")[0], int(uid.split("-")[1])))


def check_bulk_invariants(conn: sqlite3.Connection) -> None:
    """The triggers' invariants for any catalogue: keys in list order, each requirement in the
    index its flag chooses under its key (and not in the other), every word listed."""
    rows = conn.execute(
        "SELECT uid, list_key, deleted FROM requirement ORDER BY uid_order, id"
    ).fetchall()
    keys = [row[1] for row in rows]
    assert None not in keys
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for table in FTS.values():
        conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    for uid, key, deleted in rows:
        assert key in matches(conn, FTS[deleted], uid), uid
        assert key not in matches(conn, FTS[1 - deleted], uid), uid
    check_word_list(conn)
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'bulk_load'").fetchone()[0] == 0


def whole_file_import(conn: sqlite3.Connection, path: Path) -> catalogue_toml.ImportReport:
    checker, data = load_toml(path.read_text(encoding="utf-8"), str(path))
    return import_catalogue_data(conn, checker, data)


def found(conn: sqlite3.Connection, query: str, deleted: bool = False) -> list[str]:
    result = search(conn, SearchQuery(text=query, deleted=deleted), limit=10_000)
    return [row.uid for row in result.rows]


def revisions(conn: sqlite3.Connection) -> list[tuple[str, int, str, str]]:
    return conn.execute(
        "SELECT r.uid, v.number, v.action, v.content FROM revision v"
        " JOIN requirement r ON r.id = v.requirement_id ORDER BY r.uid, v.number"
    ).fetchall()


def test_the_streamed_import_leaves_what_the_whole_file_import_leaves(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(dump_catalogue(synthetic(600)), encoding="utf-8")
    streamed = create_catalogue(tmp_path / "streamed.db")
    whole = create_catalogue(tmp_path / "whole.db")
    report = import_catalogue(streamed, path)
    expected = whole_file_import(whole, path)
    assert report == expected
    assert catalogue_content(streamed) == catalogue_content(whole)
    assert revisions(streamed) == revisions(whole)
    for query in QUERIES:
        assert found(streamed, query) == found(whole, query), query
        assert found(streamed, query, deleted=True) == found(whole, query, deleted=True)
    check_bulk_invariants(streamed)


def test_a_file_in_the_canonical_layout_is_never_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def whole(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the file was read whole")

    monkeypatch.setattr(catalogue_toml, "read_input_file", whole)
    conn = create_catalogue(tmp_path / "c.db")
    assert len(import_catalogue(conn, SAMPLE).created) == 113
    assert len(import_file(create_catalogue(tmp_path / "d.db"), SAMPLE).created) == 113  # type: ignore[union-attr]
    check_bulk_invariants(conn)


def test_new_uids_between_existing_ones_get_keys_between_their_neighbours(
    tmp_path: Path,
) -> None:
    content = synthetic(240)
    odd = CatalogueContent(content.classifications, content.requirements[1::2])
    conn = create_catalogue(tmp_path / "c.db")
    first = tmp_path / "odd.toml"
    first.write_text(dump_catalogue(odd), encoding="utf-8")
    import_catalogue(conn, first)
    keys_before = dict(conn.execute("SELECT uid, list_key FROM requirement").fetchall())
    everything = tmp_path / "all.toml"
    everything.write_text(dump_catalogue(content), encoding="utf-8")
    report = import_catalogue(conn, everything)
    assert len(report.created) == 120 and report.unchanged == 120
    assert dict(conn.execute("SELECT uid, list_key FROM requirement").fetchall()).items() >= (
        keys_before.items()
    )  # the rows that were there keep their keys
    check_bulk_invariants(conn)
    live = [r.uid for r in content.requirements if not r.deleted]
    assert [row.uid for row in search(conn, SearchQuery(), limit=1000).rows] == list_order(live)


def test_a_file_out_of_uid_order_is_placed_in_list_order(tmp_path: Path) -> None:
    content = synthetic(150)
    text = dump_catalogue(content)
    head, _, body = text.partition("\n[requirement.")
    blocks = ["[requirement." + block for block in body.split("\n[requirement.")]
    shuffled = head + "\n" + "\n".join(reversed(blocks))
    path = tmp_path / "reversed.toml"
    path.write_text(shuffled, encoding="utf-8")
    conn = create_catalogue(tmp_path / "c.db")
    assert len(import_catalogue(conn, path).created) == 150
    check_bulk_invariants(conn)
    assert catalogue_content(conn) == catalogue_content(_whole(tmp_path, path))


def _whole(tmp_path: Path, path: Path) -> sqlite3.Connection:
    conn = create_catalogue(tmp_path / f"whole-{path.stem}.db")
    whole_file_import(conn, path)
    return conn


def test_no_room_between_neighbours_renumbers_every_row(tmp_path: Path) -> None:
    conn = create_catalogue(tmp_path / "c.db")
    path = tmp_path / "c.toml"
    content = synthetic(12)  # one requirement per category: SIK-001, LOG-001, ...
    path.write_text(dump_catalogue(content), encoding="utf-8")
    import_catalogue(conn, path)
    sik = next(r for r in content.requirements if r.uid.startswith("SIK"))
    # squeeze uids in just after SIK-001, each halving the room left (see test_list_order)
    for number in range(999, 982, -1):
        conn.execute(
            "INSERT INTO requirement (uid, title, category_id, created_at, updated_at)"
            " SELECT ?, 'klemt', id, ?, ? FROM category WHERE prefix = 'SIK'",
            (f"SIK-{number}", STAMP, STAMP),
        )
    room = conn.execute(
        "SELECT (SELECT list_key FROM requirement WHERE uid = 'SIK-983')"
        " - (SELECT list_key FROM requirement WHERE uid = 'SIK-001')"
    ).fetchone()[0]
    assert room == 1
    more = [sik.with_changes(uid=f"SIK-{n}", title=f"Ny {n}") for n in (2, 3, 4)]
    path.write_text(
        dump_catalogue(CatalogueContent(content.classifications, (*content.requirements, *more))),
        encoding="utf-8",
    )
    assert import_catalogue(conn, path).created == ("SIK-2", "SIK-3", "SIK-4")
    check_bulk_invariants(conn)
    assert found(conn, "Ny")[:3] == ["SIK-2", "SIK-3", "SIK-4"]
    keys = [row[0] for row in conn.execute("SELECT list_key FROM requirement ORDER BY list_key")]
    assert keys == [(n + 1) * bulk_load.LIST_KEY_GAP for n in range(len(keys))]


def test_a_reimport_with_changes_moves_text_and_flags_in_the_indexes(tmp_path: Path) -> None:
    content = synthetic(200)
    path = tmp_path / "c.toml"
    path.write_text(dump_catalogue(content), encoding="utf-8")
    conn = create_catalogue(tmp_path / "c.db")
    import_catalogue(conn, path)
    changed = tuple(
        r.with_changes(title="Helt ny ordlyd blæksprutte", deleted=not r.deleted)
        if index % 3 == 0
        else r
        for index, r in enumerate(content.requirements)
    )
    path.write_text(
        dump_catalogue(CatalogueContent(content.classifications, changed)), encoding="utf-8"
    )
    report = import_catalogue(conn, path)
    assert len(report.updated) == 67 and not report.created
    check_bulk_invariants(conn)
    flipped = [r for r in changed[::3]]
    assert found(conn, "blæksprutte") == list_order(r.uid for r in flipped if not r.deleted)
    assert len(found(conn, "blæksprutte", deleted=True)) == sum(r.deleted for r in flipped)
    other = create_catalogue(tmp_path / "whole.db")
    whole_file_import(other, path)
    for query in QUERIES:
        assert found(conn, query) == found(other, query), query


def test_other_programs_write_as_before_after_a_bulk_import(tmp_path: Path) -> None:
    conn = create_catalogue(tmp_path / "c.db")
    import_catalogue(conn, SAMPLE)
    conn.execute(
        "INSERT INTO requirement (uid, title, description, category_id, created_at, updated_at)"
        " SELECT 'SIK-500', 'Rå SQL', 'kvasikrypteringsnøgle', id, '', '' FROM category"
        " WHERE prefix = 'SIK'"
    )
    conn.execute("UPDATE requirement SET uid = 'ARK-900', deleted = 1 WHERE uid = 'SIK-001'")
    conn.execute("DELETE FROM requirement WHERE uid = 'LOG-001'")
    check_bulk_invariants(conn)
    assert found(conn, "kvasikrypt") == ["SIK-500"]
    assert found(conn, "ARK-900", deleted=True) == ["ARK-900"]


def test_a_big_load_builds_the_same_indexes_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_load, "MANY", 100)
    conn = create_catalogue(tmp_path / "c.db")
    schema = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    before = conn.execute(schema).fetchall()
    path = tmp_path / "c.toml"
    path.write_text(dump_catalogue(synthetic(300)), encoding="utf-8")
    import_catalogue(conn, path)
    assert conn.execute(schema).fetchall() == before
    check_bulk_invariants(conn)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE requirement SET uid = 'SIK-002' WHERE uid = 'SIK-001'")


def test_a_failed_bulk_import_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = create_catalogue(tmp_path / "c.db")
    import_catalogue(conn, SAMPLE)
    before = conn.execute("SELECT count(*), max(list_key) FROM requirement").fetchone()
    content = synthetic(50)
    path = tmp_path / "c.toml"
    path.write_text(dump_catalogue(content), encoding="utf-8")

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(bulk_load.BulkLoad, "finish", fail)
    with pytest.raises(InterchangeError, match="nothing was changed"):
        import_catalogue(conn, path)
    assert conn.execute("SELECT count(*), max(list_key) FROM requirement").fetchone() == before
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'bulk_load'").fetchone()[0] == 0
    check_bulk_invariants(conn)


def test_the_flag_is_only_ever_seen_inside_the_loading_transaction(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    conn = create_catalogue(path)
    other = sqlite3.connect(path)
    with transaction(conn), bulk_load.bulk_load(conn) as loader:
        assert conn.execute("SELECT value FROM meta WHERE key = 'bulk_load'").fetchone()
        assert other.execute("SELECT count(*) FROM meta").fetchone()[0] == 0
        assert loader.had_requirements is False
    assert conn.execute("SELECT count(*) FROM meta WHERE key = 'bulk_load'").fetchone()[0] == 0


def test_classifications_alone_import_too(tmp_path: Path) -> None:
    content = CatalogueContent(synthetic(1).classifications, ())
    path = tmp_path / "c.toml"
    path.write_text(dump_catalogue(content), encoding="utf-8")
    conn = create_catalogue(tmp_path / "c.db")
    report = import_catalogue(conn, path)
    assert report == catalogue_toml.ImportReport()
    assert catalogue_content(conn).classifications == content.classifications
    assert catalogue_content(conn).classifications != Classifications()


def test_words_of_imported_text_are_listed_as_the_triggers_list_them() -> None:
    text = "SIK-1 Krypterings\tNØGLE\nog\r\nÆble-TÆRTE  x\u00a0yz"
    assert bulk_load.listed_words(text) == {
        "sik-1",
        "krypterings",
        "nØgle",
        "Æble-tÆrte",
        "x\u00a0yz",
    }
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE requirement (uid, title, description, rationale, help_text)")
    conn.execute("INSERT INTO requirement VALUES (?, '', '', '', '')", (text,))
    from kravtui.catalogue.schema_words import word_source

    listed = {
        row[0]
        for row in conn.execute(
            f"SELECT value FROM requirement, {word_source('requirement')} WHERE length(value) >= 3"
        )
    }
    assert listed == bulk_load.listed_words(text)


@pytest.mark.parametrize(
    "uid", ["SIK-1", "SIK-001", "SIK-999999", "A-0", "SIK1", "-5", "X-", "X--3", "Æ-12"]
)
def test_the_uid_order_of_the_loader_is_the_columns(tmp_path: Path, uid: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE t (uid TEXT, o TEXT GENERATED ALWAYS AS ("
        "substr(uid, 1, instr(uid, '-'))"
        " || printf('%010d', CAST(substr(uid, instr(uid, '-') + 1) AS INTEGER))) VIRTUAL)"
    )
    conn.execute("INSERT INTO t (uid) VALUES (?)", (uid,))
    assert (
        conn.execute(f"SELECT {bulk_load.uid_order_sql('uid')} FROM t").fetchone()[0]
        == conn.execute("SELECT o FROM t").fetchone()[0]
    )
    db = create_catalogue(tmp_path / "c.db")
    column = db.execute("SELECT sql FROM sqlite_master WHERE name = 'requirement'").fetchone()[0]
    assert " ".join(bulk_load.uid_order_sql("uid").split()) in " ".join(column.split())
