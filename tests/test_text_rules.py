"""One rule for the characters a text may hold (`kravtui.catalogue.text_rules`), everywhere.

Hostile characters first: every C0 control, DEL, every C1 control, U+2028/U+2029, bidi controls,
lone surrogates and a byte-order mark, in every kind of field (uid, title, description,
category name, subcategory, tag question, selection title and text, item title and text). Each
is either kept (and survives export -> import unchanged) or refused in one line naming the
file, line, field and the character as `U+XXXX`, with the catalogue left exactly as it was. The
editing, selection and classification services give the same verdict as import.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue import classification_admin as admin
from kravtui.catalogue.db import CatalogueError, create_catalogue
from kravtui.catalogue.editing import ValidationError, save_requirement, validate
from kravtui.catalogue.records import RequirementContent
from kravtui.catalogue.requirements import get_requirement
from kravtui.catalogue.text_rules import refused_character
from kravtui.catalogue.vocabulary import PREFIX_PATTERN, UID_PATTERN
from kravtui.cli import main
from kravtui.i18n.visible_text import visible
from kravtui.interchange.catalogue_toml import ImportReport, export_catalogue
from kravtui.interchange.docx import template
from kravtui.interchange.errors import InterchangeError
from kravtui.interchange.kinds import import_file
from kravtui.interchange.selection_toml import export_selection_toml
from kravtui.interchange.toml_writer import basic_string
from kravtui.selection.items import add_free_text, edit_item, get_item
from kravtui.selection.records import SelectionInfo, Snapshot
from kravtui.selection.store import (
    SelectionError,
    create_selection,
    duplicate_selection,
    update_info,
)
from kravtui.selection.transfer import TransferReport
from tests.test_hostile_toml import dump

C0 = [chr(code) for code in range(0x20)]
C1 = [chr(code) for code in range(0x80, 0xA0)]
SEPARATORS = ["\u2028", "\u2029"]
HOSTILE = [*C0, "\x7f", *C1, *SEPARATORS]
KEPT_EVERYWHERE = ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"]
KEPT_EVERYWHERE += ["\ufeff", "\u200b", "\ufffe", "😀"]
LINE_BREAKS = {"\t", "\n", "\r"}

CATALOGUE = """\
format = "kravtui/1"
kind = "catalogue"

[[category]]
prefix = "SIK"
name = {category_name}
description = {category_description}
subcategories = [
    {subcategory},
]

[[domain]]
name = "Økonomi"

[[tag]]
name = "Persondata"
question = {tag_question}

[requirement.{uid}]
title = {title}
category = "SIK"
domains = ["Økonomi"]
description = {description}
rationale = "rationaleord"
"""
CATALOGUE_FIELDS = {
    "category_name": ("Sikkerhed", True, 6),
    "category_description": ("Om sikkerhed", False, 7),
    "subcategory": ("Adgang", True, 9),
    "tag_question": ("Behandles persondata?", False, 17),
    "uid": ("SIK-1", True, 19),
    "title": ("Titel", True, 20),
    "description": ("Beskrivelse", False, 23),
}
CATALOGUE_KEYS = {
    "category_name": "category[1].name",
    "category_description": "category[1].description",
    "subcategory": "category[1].subcategories",
    "tag_question": "tag[1].question",
    "uid": None,
    "title": "requirement.SIK-1.title",
    "description": "requirement.SIK-1.description",
}

SELECTION = """\
format = "kravtui/1"
kind = "selection"

[selection]
title = {selection_title}
description = {selection_description}

[item.FRI-1]
title = {item_title}
category = "SIK"
free_text = true
description = {item_description}
"""
SELECTION_FIELDS = {
    "selection_title": ("Udbud", True, 5),
    "selection_description": ("Om udbuddet", False, 6),
    "item_title": ("Fritekst", True, 9),
    "item_description": ("Tekst", False, 12),
}
SELECTION_KEYS = {
    "selection_title": "selection.title",
    "selection_description": "selection.description",
    "item_title": "item.FRI-1.title",
    "item_description": "item.FRI-1.description",
}


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, control characters escaped as kravtui writes them."""
    return basic_string(text)


def catalogue_text(field: str, value: str) -> str:
    values = {name: toml_string(default) for name, (default, _, _) in CATALOGUE_FIELDS.items()}
    values["uid"] = "SIK-1"
    if field == "uid":
        values["uid"] = toml_string(value)
    else:
        values[field] = toml_string(value)
    return CATALOGUE.format(**values)


def selection_text(field: str, value: str) -> str:
    values = {name: toml_string(default) for name, (default, _, _) in SELECTION_FIELDS.items()}
    values[field] = toml_string(value)
    return SELECTION.format(**values)


def expected_refusal(text: str, *, one_line: bool) -> bool:
    return refused_character(text, one_line=one_line) is not None


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    path = tmp_path / "c.db"
    connection = create_catalogue(path)
    base = tmp_path / "base.toml"
    base.write_text(catalogue_text("title", "Titel"), encoding="utf-8")
    import_file(connection, base)
    yield connection
    connection.close()


def test_the_rule_itself() -> None:
    for character in HOSTILE:
        assert refused_character(f"ab{character}", one_line=True) is not None, hex(ord(character))
        kept = character in LINE_BREAKS or character in SEPARATORS
        assert (refused_character(f"ab{character}") is None) == kept, hex(ord(character))
    for character in KEPT_EVERYWHERE:
        assert refused_character(character, one_line=True) is None
    refused = refused_character("Titel \x00 efterord")
    assert refused is not None and (refused.code, refused.position) == ("U+0000", 7)
    assert refused_character("\ud800") is not None  # a lone surrogate


@pytest.mark.parametrize("field", list(CATALOGUE_FIELDS))
def test_every_hostile_character_in_every_catalogue_field(
    conn: sqlite3.Connection, tmp_path: Path, field: str
) -> None:
    default, one_line, line = CATALOGUE_FIELDS[field]
    path = tmp_path / "hostile.toml"
    for character in [*HOSTILE, *KEPT_EVERYWHERE]:
        value = f"{default}{character}x" if field != "uid" else f"SIK-1{character}"
        path.write_text(catalogue_text(field, value), encoding="utf-8")
        before = dump_conn(conn)
        code = f"U+{ord(character):04X}"
        if field == "uid" or expected_refusal(value, one_line=one_line):
            with pytest.raises(InterchangeError) as refused:
                import_file(conn, path)
            message = refused.value.message  # raw: the face that prints it escapes it
            printed = visible(message)
            assert message.startswith(f"{path}:{line}: "), (code, message)
            key = CATALOGUE_KEYS[field]
            if key is not None:
                assert f": {key}: the character {code} " in message, (code, message)
            assert refused_character(printed, one_line=True) is None, (code, printed)
            assert dump_conn(conn) == before, code
        else:
            import_file(conn, path)
            assert_round_trip(conn, tmp_path)


@pytest.mark.parametrize("field", list(SELECTION_FIELDS))
def test_every_hostile_character_in_every_selection_field(
    conn: sqlite3.Connection, tmp_path: Path, field: str
) -> None:
    default, one_line, line = SELECTION_FIELDS[field]
    path = tmp_path / "hostile.toml"
    for character in [*HOSTILE, *KEPT_EVERYWHERE]:
        value = f"{default}{character}x"
        path.write_text(selection_text(field, value), encoding="utf-8")
        before = dump_conn(conn)
        code = f"U+{ord(character):04X}"
        if expected_refusal(value, one_line=one_line):
            with pytest.raises(InterchangeError) as refused:
                import_file(conn, path)
            message = refused.value.message
            assert message.startswith(f"{path}:{line}: {SELECTION_KEYS[field]}: "), message
            assert f"the character {code} " in message and "\n" not in visible(message), message
            assert dump_conn(conn) == before, code
        else:
            report = import_file(conn, path)
            assert isinstance(report, TransferReport)
            assert_selection_round_trip(conn, report.selection_id, tmp_path)


def dump_conn(conn: sqlite3.Connection) -> list[str]:
    return dump(Path(db_path(conn)))


def db_path(conn: sqlite3.Connection) -> str:
    return str(conn.execute("PRAGMA database_list").fetchone()[2])


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args])


def assert_round_trip(conn: sqlite3.Connection, tmp_path: Path) -> None:
    """The catalogue exported, imported into a new one and exported again: the same bytes."""
    first, second = tmp_path / "first.toml", tmp_path / "second.toml"
    export_catalogue(conn, first)
    other_path = tmp_path / "other.db"
    other_path.unlink(missing_ok=True)
    other = create_catalogue(other_path)
    try:
        import_file(other, first)
        export_catalogue(other, second)
    finally:
        other.close()
    assert first.read_bytes() == second.read_bytes()


def assert_selection_round_trip(
    conn: sqlite3.Connection, selection_id: int, tmp_path: Path
) -> None:
    """The selection exported, imported as a new one and exported again: the same bytes."""
    first, second = tmp_path / "s1.toml", tmp_path / "s2.toml"
    export_selection_toml(conn, selection_id, first)
    again = import_file(conn, first)
    assert isinstance(again, TransferReport)
    export_selection_toml(conn, again.selection_id, second)
    assert first.read_bytes() == second.read_bytes()


def test_a_nul_is_refused_so_no_word_after_it_hides_from_search(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "nul.toml"
    path.write_text(catalogue_text("title", "Titel \x00 efterord"), encoding="utf-8")
    db = db_path(conn)
    before = dump_conn(conn)
    result = run("--db", db, "import", str(path))
    assert result.exit_code == 1
    assert result.output == (
        f"kravtui: error: {path}:20: requirement.SIK-1.title: the character U+0000 "
        "(character 7) is not allowed in one-line text\n"
    )
    assert dump_conn(conn) == before
    path.write_text(catalogue_text("title", "Titel \u202e efterord"), encoding="utf-8")
    assert run("--db", db, "import", str(path)).exit_code == 0  # a bidi control is kept
    for word in ("efterord", "rationaleord"):
        found = run("--db", db, "list", "--json", "--search", word)
        assert '"SIK-1"' in found.output, (word, found.output)


def test_lone_surrogates_and_a_byte_order_mark(conn: sqlite3.Connection, tmp_path: Path) -> None:
    path = tmp_path / "surrogate.toml"
    text = catalogue_text("title", "Titel")
    path.write_text(text.replace('title = "Titel"', 'title = "\\uD800"'), encoding="utf-8")
    before = dump_conn(conn)
    with pytest.raises(InterchangeError, match=rf"^{re.escape(str(path))}:20: TOML syntax error"):
        import_file(conn, path)
    path.write_bytes(text.encode().replace(b"Sikkerhed", b"\xed\xa0\x80"))
    with pytest.raises(InterchangeError, match=rf"^{re.escape(str(path))}:6: not UTF-8"):
        import_file(conn, path)
    assert dump_conn(conn) == before
    path.write_bytes(b"\xef\xbb\xbf" + catalogue_text("title", "Titel \ufeff").encode())
    import_file(conn, path)  # a byte-order mark starts the file: dropped; inside a text: kept
    stored = get_requirement(conn, "SIK-1")
    assert stored is not None and stored.content.title == "Titel \ufeff"


def test_a_crlf_file_imports_as_the_same_catalogue(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "lf.toml"
    path.write_text(catalogue_text("description", "To\nlinjer"), encoding="utf-8")
    import_file(conn, path)
    exported = tmp_path / "export.toml"
    export_catalogue(conn, exported)
    crlf = tmp_path / "crlf.toml"
    crlf.write_bytes(exported.read_bytes().replace(b"\n", b"\r\n"))
    before = dump_conn(conn)
    report = import_file(conn, crlf)
    assert isinstance(report, ImportReport) and report.unchanged == 1
    assert dump_conn(conn) == before


def test_the_editing_service_gives_the_verdict_import_gives(conn: sqlite3.Connection) -> None:
    base = RequirementContent(uid="SIK-2", title="Titel", category="SIK", all_domains=True)
    for character in [*HOSTILE, *KEPT_EVERYWHERE]:
        for field, one_line in (("title", True), ("description", False), ("notes", False)):
            content = base.with_changes(**{field: f"Tekst{character}x"})
            errors = [error for error in validate(conn, content) if error.field == field]
            refused = expected_refusal(f"Tekst{character}x", one_line=one_line)
            assert bool(errors) == refused, (field, hex(ord(character)))
            if refused:
                assert f"U+{ord(character):04X}" in errors[0].message
                assert "(character 6)" in errors[0].message


def test_an_imported_requirement_can_always_be_edited_and_saved(
    conn: sqlite3.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "kept.toml"
    text = "Beskrivelse\tmed tab\r\nog \u202ebidi\u202c og \ufeff"
    path.write_text(catalogue_text("description", text), encoding="utf-8")
    import_file(conn, path)
    stored = get_requirement(conn, "SIK-1")
    assert stored is not None
    assert stored.content.description == text.replace("\r\n", "\n")
    saved = save_requirement(
        conn, stored.content.with_changes(notes="ny"), expected_version=stored.meta.version
    )
    assert saved.content.notes == "ny"


def test_selection_services_refuse_what_import_refuses(conn: sqlite3.Connection) -> None:
    info = SelectionInfo(title="Udbud")
    for bad in (
        replace(info, title="Udbud\tto"),
        replace(info, title="Udbud\u2028to"),
        replace(info, description="om\x00"),
        replace(info, organisation="Kommune\x1b[31m"),
        replace(info, contact="\x85"),
        replace(info, deadline="2025\x7f"),
    ):
        with pytest.raises(SelectionError, match=r"U\+00(09|00|1B|85|7F)|U\+2028"):
            create_selection(conn, bad)
    selection = create_selection(conn, replace(info, description="To\nlinjer\t\u202eok"))
    with pytest.raises(SelectionError, match=r"^Title: the character U\+0000 \(character 6\)"):
        update_info(conn, selection.id, replace(info, title="Udbud\x00"))
    with pytest.raises(SelectionError, match=r"^Title: the character U\+000A"):
        duplicate_selection(conn, selection.id, "Kopi\n")
    snapshot = Snapshot(uid="", title="Fritekst", category="SIK")
    for bad_snapshot in (
        replace(snapshot, title="Fri\ntekst"),
        replace(snapshot, description="\x0b"),
        replace(snapshot, rationale="\x9b"),
        replace(snapshot, help_text="\ud800"),
    ):
        with pytest.raises(SelectionError, match=r"the character U\+"):
            add_free_text(conn, selection.id, bad_snapshot)
    item = add_free_text(conn, selection.id, replace(snapshot, description="a\tb\nc"))
    with pytest.raises(SelectionError, match=r"^Description: the character U\+0007"):
        edit_item(conn, selection.id, item.uid, replace(item.snapshot, description="\x07"))
    assert get_item(conn, selection.id, item.uid).snapshot.description == "a\tb\nc"


def test_classification_services_refuse_what_import_refuses(conn: sqlite3.Connection) -> None:
    with pytest.raises(CatalogueError, match=r"^Name: the character U\+0000"):
        admin.add_named(conn, admin.DOMAIN, "Skole\x00")
    with pytest.raises(CatalogueError, match=r"^Question: the character U\+001B"):
        admin.add_named(conn, admin.TAG, "Cloud", "Kører det\x1b[2J i skyen?")
    with pytest.raises(CatalogueError, match=r"^Reference: the character U\+0085"):
        admin.add_named(conn, admin.PRINCIPLE, "Åbenhed", "FDA\x85")
    with pytest.raises(CatalogueError, match=r"^Description: the character U\+007F"):
        admin.add_category(conn, "LOG", "Logning", "om\x7f")
    with pytest.raises(CatalogueError, match=r"^Name: the character U\+009B"):
        admin.add_subcategory(conn, "SIK", "Kryptering\x9b[2J")
    with pytest.raises(CatalogueError, match=r"^Name: the character U\+0001"):
        admin.update_category(conn, "SIK", "Sik\x01kerhed")
    admin.add_named(conn, admin.TAG, "Cloud\tskyen", "Kører det\ni skyen?")  # TAB: white space
    assert tuple(
        conn.execute("SELECT question FROM tag WHERE name = 'Cloud skyen'").fetchone()
    ) == ("Kører det\ni skyen?",)


# --- whole-value patterns: fullmatch, never `^...$` (which accepts a trailing newline) ---------


def test_a_uid_with_a_trailing_newline_is_not_saved(conn: sqlite3.Connection) -> None:
    content = RequirementContent(uid="SIK-999\n", title="Titel", category="SIK", all_domains=True)
    with pytest.raises(ValidationError) as refused:
        save_requirement(conn, content, expected_version=None)
    assert [error.field for error in refused.value.errors] == ["uid"]
    assert (
        conn.execute("SELECT count(*) FROM requirement WHERE uid LIKE 'SIK-999%'").fetchone()[0]
        == 0
    )


@pytest.mark.parametrize(
    ("pattern", "value"),
    [
        (UID_PATTERN, "SIK-999"),
        (PREFIX_PATTERN, "SIK"),
        (template._HEADER_FOOTER, "word/header1.xml"),
    ],
)
def test_whole_value_patterns_refuse_a_trailing_newline(pattern: object, value: str) -> None:
    assert pattern.fullmatch(value) is not None  # type: ignore[attr-defined]
    for suffix in ("\n", "\r\n", "\x00", " "):
        assert pattern.match(value + suffix) is None, repr(suffix)  # type: ignore[attr-defined]
        assert pattern.fullmatch(value + suffix) is None  # type: ignore[attr-defined]


def test_a_category_prefix_is_a_whole_value(conn: sqlite3.Connection) -> None:
    for prefix in ("LO\nG", "LOG\x00", "L\u2028OG"):
        with pytest.raises(CatalogueError):
            admin.add_category(conn, prefix, "Logning")
    assert [row[0] for row in conn.execute("SELECT prefix FROM category")] == ["SIK"]
