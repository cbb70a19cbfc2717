"""A requirement's title is at most `TITLE_LIMIT` (500) characters, however it arrives.

A 100,001-character title was saved, and the DOCX export of its selection took 6 s with no
progress shown. A title is a heading: now one over 500 characters is refused in one translated
line, and nothing is changed, by the editing service (the TUI's form), the services' own last
check, the TOML import of a catalogue or a selection (streamed or whole), the spreadsheet
imports, `kravtui diff`, and a selection's own items (free text, edits). A title over the limit
that another program already stored (SQLite or PostgreSQL) still reads, lists, shows and
exports; the requirement can be edited in its other fields, deleted and restored while its
title is not changed, and is refused only once its title changes to another over the limit.
Hostile first.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kravtui.catalogue.db import create_catalogue, open_catalogue, transaction
from kravtui.catalogue.editing import (
    ValidationError,
    save_requirement,
    set_deleted,
    validate,
)
from kravtui.catalogue.location import CatalogueLocation, SqliteLocation
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import RefusedValueError, get_requirement, write_contents
from kravtui.catalogue.text_rules import TITLE_LIMIT, title_refusal
from kravtui.catalogue.vocabulary import Importance
from kravtui.cli import main
from kravtui.i18n import set_language
from kravtui.interchange.block_check import BlockCheck
from kravtui.interchange.catalogue_toml import catalogue_content, dump_catalogue
from kravtui.interchange.field_checks import References
from kravtui.selection.items import (
    add_free_text,
    edit_item,
    get_item,
    set_item_importance,
    tick,
)
from kravtui.selection.records import SelectionInfo, Snapshot
from kravtui.selection.store import SelectionError, create_selection
from tests.catalogue_factory import make_catalogue
from tests.sheet_files import catalogue_text, purchase, write_sheet

LONG = "Kryptering " + "x" * (TITLE_LIMIT - 11 + 1)  # one character too many
LONGEST = "Kryptering " + "x" * (TITLE_LIMIT - 11)  # just fits
HUGE = "Kryptering " * 9_091  # 100,001 characters: what was saved
REFUSED = {
    "en": f"at most {TITLE_LIMIT} characters, not",
    "da": f"højst {TITLE_LIMIT} tegn, ikke",
}
REQUIREMENTS = (
    RequirementContent(uid="SIK-1", title="Kryptering", category="SIK", all_domains=True),
    RequirementContent(uid="SIK-2", title="Logning", category="SIK", all_domains=True),
)


def test_the_limit_and_its_words() -> None:
    assert len(LONG) == TITLE_LIMIT + 1 and len(LONGEST) == TITLE_LIMIT
    assert len(HUGE) == 100_001
    assert title_refusal(LONGEST) is None
    for language, words in REFUSED.items():
        set_language(language)
        assert title_refusal(LONG) == f"{words} {TITLE_LIMIT + 1}"
        assert "\n" not in (title_refusal(HUGE) or "\n")


# --- the editing service and the services' last check, on both engines ------------------------


@pytest.fixture
def conn(catalogue_location: CatalogueLocation) -> Any:
    conn = make_catalogue(catalogue_location, requirements=REQUIREMENTS)
    yield conn
    conn.close()


def _everything(conn: Any) -> list[RequirementContent]:
    from kravtui.catalogue.requirements import load_contents

    return load_contents(conn)


def test_the_form_refuses_a_new_title_over_the_limit(conn: Any) -> None:
    before = _everything(conn)
    new = RequirementContent(uid="SIK-3", title=HUGE, category="SIK", all_domains=True)
    errors = validate(conn, new)
    assert [(e.field, e.key) for e in errors] == [("title", "text.title_too_long")]
    assert errors[0].message == f"{REFUSED['en']} 100001"
    with pytest.raises(ValidationError):
        save_requirement(conn, new, expected_version=None)
    edited = replace(REQUIREMENTS[0], title=LONG)
    with pytest.raises(ValidationError):
        save_requirement(conn, edited, expected_version=1)
    assert _everything(conn) == before
    saved = save_requirement(conn, replace(new, title=LONGEST), expected_version=None)
    assert saved.content.title == LONGEST


def test_the_services_last_check_refuses_it_and_writes_nothing(conn: Any) -> None:
    """What a face does not check first (an importer's bug): the write refuses the whole batch."""
    before = _everything(conn)
    batch = [
        RequirementContent(uid="SIK-3", title="Fin", category="SIK", all_domains=True),
        replace(REQUIREMENTS[1], title=LONG),
    ]
    with pytest.raises(RefusedValueError) as refused, transaction(conn):
        write_contents(conn, batch)
    assert str(refused.value) == f"SIK-2: Title: {REFUSED['en']} {TITLE_LIMIT + 1}"
    assert _everything(conn) == before


def _stored_by_another_program(conn: Any, uid: str, title: str) -> None:
    with transaction(conn):
        conn.execute("UPDATE requirement SET title = ? WHERE uid = ?", (title, uid))


def test_a_title_another_program_stored_over_the_limit_reads_and_keeps(conn: Any) -> None:
    _stored_by_another_program(conn, "SIK-2", HUGE)
    stored = get_requirement(conn, "SIK-2")
    assert stored is not None and stored.content.title == HUGE
    # its other fields can be edited (the form lets an unchanged title be) ...
    edited = replace(stored.content, description="Ny beskrivelse")
    assert validate(conn, edited, original_uid="SIK-2") == []
    saved = save_requirement(conn, edited, expected_version=stored.meta.version)
    assert saved.content == edited
    # ... it can be deleted and restored ...
    deleted = set_deleted(conn, "SIK-2", True)
    assert (
        set_deleted(conn, "SIK-2", False, expected_version=deleted.meta.version).content == edited
    )
    # ... and its title changed only to one within the limit
    current = get_requirement(conn, "SIK-2")
    assert current is not None
    with pytest.raises(ValidationError):
        save_requirement(
            conn, replace(edited, title=HUGE + "y"), expected_version=current.meta.version
        )
    with pytest.raises(RefusedValueError), transaction(conn):
        write_contents(conn, [replace(edited, title=LONG)])
    assert get_requirement(conn, "SIK-2") == current
    short = save_requirement(
        conn, replace(edited, title="Logning"), expected_version=current.meta.version
    )
    assert short.content.title == "Logning"


# --- the command line: list, show, import, diff ------------------------------------------------


def _cli(db: Path | str, language: str, *args: str) -> Any:
    return CliRunner().invoke(main, ["--lang", language, "--db", str(db), *args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "k.db"
    make_catalogue(path, requirements=REQUIREMENTS).close()
    return path


def _text(path: Path) -> str:
    conn = open_catalogue(SqliteLocation(path))
    try:
        return catalogue_text(conn)
    finally:
        conn.close()


def _refused_in_one_line(result: Any, language: str) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    assert REFUSED[language] in lines[0], lines[0]
    return str(lines[0])


def test_list_show_export_and_copy_read_a_stored_title_over_the_limit(
    db: Path, tmp_path: Path
) -> None:
    conn = open_catalogue(SqliteLocation(db))
    try:
        _stored_by_another_program(conn, "SIK-2", HUGE)
    finally:
        conn.close()
    listed = _cli(db, "en", "list")
    assert listed.exit_code == 0 and "SIK-2" in listed.output
    shown = _cli(db, "en", "show", "SIK-2")
    assert shown.exit_code == 0 and HUGE in shown.output.replace("\n", "")
    exported = _cli(db, "en", "export", "catalogue", "-o", str(tmp_path / "k.toml"))
    assert exported.exit_code == 0, exported.output
    copied = CliRunner().invoke(main, ["db", "copy", str(db), str(tmp_path / "kopi.db")])
    assert copied.exit_code == 0, copied.output  # the same catalogue elsewhere: as stored
    conn = open_catalogue(SqliteLocation(tmp_path / "kopi.db"))
    try:
        copy = get_requirement(conn, "SIK-2")
        assert copy is not None and copy.content.title == HUGE
    finally:
        conn.close()


def _catalogue_file(db: Path, path: Path, title: str, *, many: int = 0) -> Path:
    """The catalogue as a TOML file with SIK-2's title `title` (and `many` more requirements,
    enough to take the streamed import)."""
    conn = open_catalogue(SqliteLocation(db))
    try:
        content = catalogue_content(conn)
    finally:
        conn.close()
    extra = tuple(
        RequirementContent(uid=f"LOG-{n}", title=f"Krav {n}", category="SIK", all_domains=True)
        for n in range(1, many + 1)
    )
    changed = [replace(r, title=title) if r.uid == "SIK-2" else r for r in content.requirements]
    path.write_text(dump_catalogue(replace(content, requirements=(*changed, *extra))), "utf-8")
    return path


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("many", [0, 3_000], ids=["whole", "streamed"])
def test_a_toml_import_with_one_title_over_the_limit_changes_nothing(
    db: Path, tmp_path: Path, language: str, many: int
) -> None:
    before = _text(db)
    path = _catalogue_file(db, tmp_path / "k.toml", HUGE, many=many)
    line = _refused_in_one_line(_cli(db, language, "import", str(path)), language)
    assert "requirement.SIK-2.title" in line and f"{path}:" in line
    assert _text(db) == before


def test_a_toml_import_into_an_empty_catalogue_is_refused_whole(db: Path, tmp_path: Path) -> None:
    """Into a catalogue without requirements a big file is read by a second process."""
    path = _catalogue_file(db, tmp_path / "k.toml", LONG, many=3_000)
    empty = tmp_path / "tom.db"
    create_catalogue(empty).close()
    before = _text(empty)
    _refused_in_one_line(_cli(empty, "en", "import", str(path)), "en")
    assert _text(empty) == before


def test_a_title_at_the_limit_imports(db: Path, tmp_path: Path) -> None:
    path = _catalogue_file(db, tmp_path / "k.toml", LONGEST)
    assert _cli(db, "en", "import", str(path)).exit_code == 0
    conn = open_catalogue(SqliteLocation(db))
    try:
        stored = get_requirement(conn, "SIK-2")
        assert stored is not None and stored.content.title == LONGEST
    finally:
        conn.close()


def _block(path: Path, uid: str) -> str:
    return (
        f"[requirement.{uid}]"
        + path.read_text("utf-8").split(f"[requirement.{uid}]")[1].split("\n[")[0]
    )


def test_diff_refuses_a_file_with_a_title_over_the_limit(db: Path, tmp_path: Path) -> None:
    old = _catalogue_file(db, tmp_path / "old.toml", "Logning")
    new = _catalogue_file(db, tmp_path / "new.toml", LONG)
    same = _catalogue_file(db, tmp_path / "same.toml", LONG)
    for before, after in ((old, new), (new, same)):  # changed, and unchanged (the quick check)
        result = CliRunner().invoke(main, ["--lang", "en", "diff", str(before), str(after)])
        assert result.exit_code != 0, result.output
        assert REFUSED["en"] in result.output and "requirement.SIK-2.title" in result.output
    conn = open_catalogue(SqliteLocation(db))
    try:
        references = References(catalogue_content(conn).classifications)
    finally:
        conn.close()
    longest = _catalogue_file(db, tmp_path / "longest.toml", LONGEST)
    assert BlockCheck(references)(_block(longest, "SIK-2"))
    assert not BlockCheck(references)(_block(new, "SIK-2"))


@pytest.mark.parametrize("language", ["en", "da"])
def test_a_catalogue_sheet_with_one_title_over_the_limit_changes_nothing(
    db: Path, tmp_path: Path, language: str
) -> None:
    before = _text(db)
    header = ["Krav id", "Navn", "Beskrivelse", "Kategori", "Prioritet"]
    rows = [["SIK-901", "Fint krav", "Tekst", "SIK", "Krav"], ["SIK-902", HUGE, "T", "SIK", "Krav"]]
    path = write_sheet(tmp_path / "krav.xlsx", header, rows)
    line = _refused_in_one_line(_cli(db, language, "import", str(path)), language)
    assert "Krav!B3" in line
    assert _text(db) == before


def test_a_purchase_sheet_with_one_title_over_the_limit_changes_nothing(
    db: Path, tmp_path: Path
) -> None:
    before = _text(db)
    rows = [[1, "Fint krav", "Tekst", "", "SIK", "Krav", ""], [2, LONG, "T", "", "SIK", "Krav", ""]]
    path = purchase(tmp_path / "krav.xlsx", rows)
    args = ("import", str(path), "--selection", "Indkøb")
    line = _refused_in_one_line(_cli(db, "en", *args), "en")
    assert "Krav!B3" in line
    assert _text(db) == before


def _selection_file(db: Path, path: Path, title: str) -> Path:
    """A selection of SIK-1 and SIK-2 as TOML, SIK-2's title in it `title`."""
    conn = open_catalogue(SqliteLocation(db))
    try:
        selection = create_selection(conn, SelectionInfo(title="Indkøb"))
        tick(conn, selection.id, ["SIK-1", "SIK-2"])
    finally:
        conn.close()
    exported = _cli(db, "en", "export", "selection", "Indkøb", "-o", str(path))
    assert exported.exit_code == 0, exported.output
    text = path.read_text("utf-8")
    assert text.count('title = "Logning"') == 1
    path.write_text(text.replace('title = "Logning"', f'title = "{title}"'), "utf-8")
    return path


def test_a_selection_file_with_one_item_title_over_the_limit_changes_nothing(
    db: Path, tmp_path: Path
) -> None:
    path = _selection_file(db, tmp_path / "s.toml", LONG)
    before = _text(db)
    line = _refused_in_one_line(_cli(db, "en", "import", str(path)), "en")
    assert ".title" in line
    assert _text(db) == before


# --- a selection's own items --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "da"])
def test_a_free_text_item_or_an_edit_over_the_limit_is_refused(db: Path, language: str) -> None:
    conn = open_catalogue(SqliteLocation(db))
    try:
        selection = create_selection(conn, SelectionInfo(title="Indkøb"))
        tick(conn, selection.id, ["SIK-1"])
    finally:
        conn.close()
    before = _text(db)
    free = _cli(
        db, language, "selection", "free-text", "Indkøb", "--title", LONG, "--category", "SIK"
    )
    _refused_in_one_line(free, language)
    edit = _cli(db, language, "selection", "edit-item", "Indkøb", "SIK-1", "--title", HUGE)
    _refused_in_one_line(edit, language)
    assert _text(db) == before


def test_an_item_whose_stored_title_is_over_the_limit_keeps_it_while_unchanged(
    db: Path,
) -> None:
    conn = open_catalogue(SqliteLocation(db))
    try:
        _stored_by_another_program(conn, "SIK-2", HUGE)
        selection = create_selection(conn, SelectionInfo(title="Indkøb", priority_enabled=True))
        tick(conn, selection.id, ["SIK-2"])  # the snapshot is a copy: taken as stored
        item = get_item(conn, selection.id, "SIK-2")
        assert item.snapshot.title == HUGE
        changed = set_item_importance(conn, selection.id, "SIK-2", Importance.ABSOLUTE)
        assert changed.snapshot.importance is Importance.ABSOLUTE
        with pytest.raises(SelectionError) as refused:
            edit_item(conn, selection.id, "SIK-2", replace(changed.snapshot, title=HUGE + "!"))
        assert REFUSED["en"] in str(refused.value)
        with pytest.raises(SelectionError):
            add_free_text(conn, selection.id, Snapshot(uid="", title=LONG, category="SIK"))
        shorter = edit_item(conn, selection.id, "SIK-2", replace(changed.snapshot, title="Log"))
        assert shorter.snapshot.title == "Log"
    finally:
        conn.close()
