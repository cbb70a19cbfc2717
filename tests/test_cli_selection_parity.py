"""The CLI does the work the TUI does on selections.

- A table maps every selection action of the TUI (the key bindings of each selection screen,
  and the main screen's selection actions, which include the palette's) to its CLI command;
  a TUI action without a command, or a command that does not exist, fails the test.
- The commands that were missing (edit, duplicate, delete, use, questions, priority, free-text,
  edit-item, changes, refresh, remove --discard-edits), hostile inputs first: control characters
  in every text option, a uid the selection does not have, a final selection, a huge text.
- `answer` takes tag names in any letter case; `show` prints every detail and `--json` has
  every field.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.classifications import merge_classifications
from kravtui.catalogue.db import open_catalogue, transaction
from kravtui.catalogue.records import Classifications, Tag
from kravtui.catalogue.requirements import get_requirement, write_contents
from kravtui.cli import main

# --- the parity table -------------------------------------------------------------------------

# (screen, action) -> (CLI command, the option that does it or None).
CLI_FOR: dict[tuple[str, str], tuple[str, str | None]] = {
    ("MainScreen", "tick"): ("selection add", None),
    ("MainScreen", "tick_all_shown"): ("selection add", "text"),
    ("MainScreen", "untick_all_shown"): ("selection remove", "text"),
    ("MainScreen", "ticked_only"): ("list", "ticked_in"),
    ("MainScreen", "unticked_only"): ("list", "unticked_in"),
    ("MainScreen", "selections"): ("selection list", None),
    ("MainScreen", "view_selection"): ("selection show", None),
    ("MainScreen", "questionnaire"): ("selection answer", None),
    ("MainScreen", "export"): ("export selection", None),
    ("MainScreen", "new_selection"): ("selection new", None),
    ("MainScreen", "finalise_selection"): ("selection finalise", None),
    ("SelectionsScreen", "use"): ("selection use", None),
    ("SelectionsScreen", "view"): ("selection show", None),
    ("SelectionsScreen", "new"): ("selection new", None),
    ("SelectionsScreen", "edit"): ("selection edit", None),
    ("SelectionsScreen", "rename"): ("selection edit", "title"),
    ("SelectionsScreen", "duplicate"): ("selection duplicate", None),
    ("SelectionsScreen", "delete"): ("selection delete", None),
    ("SelectionsScreen", "finalise"): ("selection finalise", None),
    ("SelectionItemsScreen", "untick"): ("selection remove", None),
    ("SelectionItemsScreen", "priority"): ("selection priority", None),
    ("SelectionItemsScreen", "edit"): ("selection edit-item", None),
    ("SelectionItemsScreen", "new"): ("selection free-text", None),
    ("SelectionItemsScreen", "remove"): ("selection remove", "discard_edits"),
    ("SelectionItemsScreen", "drift"): ("selection changes", None),
    ("SelectionItemsScreen", "questionnaire"): ("selection answer", None),
    ("SelectionItemsScreen", "export"): ("export selection", None),
    ("SelectionItemsScreen", "finalise"): ("selection finalise", None),
    ("SelectionItemsScreen", "duplicate"): ("selection duplicate", None),
    ("QuestionnaireScreen", "answer"): ("selection answer", None),
    ("QuestionnaireScreen", "select"): ("selection answer", None),
    ("QuestionnaireScreen", "apply"): ("selection answer", None),
    ("RetickScreen", "apply"): ("selection answer", "retick"),
    ("DriftScreen", "take"): ("selection refresh", None),
    ("DriftScreen", "take_all"): ("selection refresh", "every"),
    ("DriftScreen", "keep"): ("selection refresh", "keep"),
    ("DriftScreen", "keep_all"): ("selection refresh", "keep"),
    ("ExportScreen", "save"): ("export selection", None),
    ("ExportScreen", "next_format"): ("export selection", "format_name"),
    ("MainScreen", "answers"): ("answers list", None),
    ("SelectionItemsScreen", "answers"): ("answers list", None),
}

# Moving about, not doing anything to a selection.
NAVIGATION: set[tuple[str, str]] = {
    ("SelectionsScreen", "back"),
    ("SelectionItemsScreen", "back"),
    ("QuestionnaireScreen", "back"),
    ("QuestionnaireScreen", "next_question"),
    ("RetickScreen", "cancel"),
    ("DriftScreen", "step"),
    ("DriftScreen", "dismiss"),
    ("ExportScreen", "cancel"),
}


def _action_name(action: str) -> str:
    """`answer('yes')` -> `answer`, `screen.use` -> `use`."""
    return re.sub(r"\(.*", "", action).rpartition(".")[2]


def tui_selection_actions() -> set[tuple[str, str]]:
    """Every selection action of the TUI: each selection screen's key bindings and actions,
    and the main screen's selection actions (its keys and the palette's extra entries)."""
    from kravtui.tui.screens.main import MainScreen
    from kravtui.tui.selection_controller import SelectionController
    from kravtui.tui.selection_palette import screen_keys

    found: set[tuple[str, str]] = set()
    for screen, specs in screen_keys():
        name = screen.__name__
        found |= {(name, _action_name(spec.action)) for spec in specs}
        if name != "MainScreen":  # its other actions are the catalogue's, not a selection's
            found |= {(name, attr[7:]) for attr in vars(screen) if attr.startswith("action_")}
    found |= {  # the main screen's actions that its selection controller does
        ("MainScreen", attr[7:])
        for attr in vars(MainScreen)
        if attr.startswith("action_") and hasattr(SelectionController, attr[7:])
    }
    return found


def _command(path: str) -> click.Command:
    command: click.Command = main
    for part in path.split():
        assert isinstance(command, click.Group), path
        found = command.get_command(click.Context(command), part)
        assert found is not None, f"no CLI command {path!r}"
        command = found
    return command


def test_every_tui_selection_action_has_a_cli_command() -> None:
    actions = tui_selection_actions()
    missing = sorted(actions - CLI_FOR.keys() - NAVIGATION)
    assert not missing, f"TUI selection actions without a CLI command in CLI_FOR: {missing}"
    stale = sorted((CLI_FOR.keys() | NAVIGATION) - actions)
    assert not stale, f"entries for actions the TUI no longer has: {stale}"


@pytest.mark.parametrize("path", sorted({path for path, _ in CLI_FOR.values()}))
def test_each_mapped_command_exists_and_has_help(path: str) -> None:
    command = _command(path)
    options = {name for (p, name) in CLI_FOR.values() if p == path and name}
    assert options <= {param.name for param in command.params}, options
    result = CliRunner().invoke(main, [*path.split(), "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


# --- a catalogue with a selection -------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "c.db"
    assert CliRunner().invoke(main, ["init", "--db", str(path)]).exit_code == 0
    assert run(path, "selection", "new", "ESDH").exit_code == 0
    assert run(path, "selection", "add", "ESDH", "SIK-001", "SIK-002").exit_code == 0
    return path


def run(db: Path, *args: str, lang: str = "en") -> Result:
    return CliRunner().invoke(main, ["--lang", lang, *args, "--db", str(db)])


def shown(db: Path, name: str = "ESDH") -> dict[str, object]:
    result = run(db, "selection", "show", name, "--json")
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def item(db: Path, uid: str) -> dict[str, object]:
    items = shown(db)["items"]
    assert isinstance(items, list)
    return next(entry for entry in items if entry["uid"] == uid)


def assert_one_line_refusal(result: Result, text: str = "") -> None:
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("kravtui: error: "), result.stderr
    assert text in result.stderr, result.stderr
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", result.output)


# --- hostile inputs ---------------------------------------------------------------------------

HOSTILE = {
    "escape": "Ti\x1b]0;pwned\x07tel",
    "NUL": "Ti\x00tel",
    "C1": "Ti\x85tel",  # NEL: at the end, strip() would take it as white space
    "DEL": "Ti\x7ftel",
}

TEXT_OPTIONS: list[tuple[str, ...]] = [
    ("selection", "edit", "ESDH", "--title"),
    ("selection", "edit", "ESDH", "--description"),
    ("selection", "edit", "ESDH", "--organisation"),
    ("selection", "edit", "ESDH", "--contact"),
    ("selection", "edit", "ESDH", "--deadline"),
    ("selection", "duplicate", "ESDH", "--title"),
    ("selection", "free-text", "ESDH", "--title"),
    ("selection", "free-text", "ESDH", "--title", "Eget", "--description"),
    ("selection", "free-text", "ESDH", "--title", "Eget", "--rationale"),
    ("selection", "free-text", "ESDH", "--title", "Eget", "--help-text"),
    ("selection", "free-text", "ESDH", "--title", "Eget", "--category"),
    ("selection", "free-text", "ESDH", "--title", "Eget", "--subcategory"),
    ("selection", "edit-item", "ESDH", "SIK-001", "--title"),
    ("selection", "edit-item", "ESDH", "SIK-001", "--description"),
    ("selection", "edit-item", "ESDH", "SIK-001", "--rationale"),
    ("selection", "edit-item", "ESDH", "SIK-001", "--help-text"),
    ("selection", "edit-item", "ESDH", "SIK-001", "--category"),
    ("selection", "edit-item", "ESDH", "SIK-001", "--subcategory"),
    ("selection", "priority", "ESDH", "SIK-001"),
    ("selection", "answer", "ESDH"),
]


@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize("args", TEXT_OPTIONS, ids=lambda args: " ".join(args[1:2] + args[-1:]))
def test_a_control_character_in_any_text_option_is_one_line_and_changes_nothing(
    db: Path, args: tuple[str, ...], kind: str
) -> None:
    value = HOSTILE[kind]
    if args[1] == "answer":
        value += "=yes"
    before = db.read_bytes()
    result = run(db, *args, value)
    assert_one_line_refusal(result)
    assert db.read_bytes() == before


@pytest.mark.parametrize("args", TEXT_OPTIONS[:1] + TEXT_OPTIONS[6:7] + TEXT_OPTIONS[12:13])
def test_a_line_break_in_a_title_is_refused(db: Path, args: tuple[str, ...]) -> None:
    before = db.read_bytes()
    assert_one_line_refusal(run(db, *args, "Titel\u2028mere"), "U+2028")
    assert_one_line_refusal(run(db, *args, "Titel\nmere"), "U+000A")
    assert db.read_bytes() == before


UID_COMMANDS: list[tuple[str, ...]] = [
    ("selection", "priority", "ESDH", "{uid}", "high"),
    ("selection", "edit-item", "ESDH", "{uid}", "--title", "Ny"),
    ("selection", "remove", "ESDH", "{uid}", "--discard-edits"),
    ("selection", "refresh", "ESDH", "{uid}"),
]


@pytest.mark.parametrize("args", UID_COMMANDS, ids=lambda args: args[1])
@pytest.mark.parametrize("uid", ["ARK-999", "SIK-003", "sik-001\x1b[2J"])
def test_a_uid_that_is_not_in_the_selection_is_one_line(
    db: Path, args: tuple[str, ...], uid: str
) -> None:
    before = db.read_bytes()
    result = run(db, *(a.format(uid=uid) for a in args))
    assert_one_line_refusal(result)
    assert db.read_bytes() == before


FINAL_REFUSES: list[tuple[str, ...]] = [
    ("selection", "edit", "ESDH", "--contact", "Ny"),
    ("selection", "priority", "ESDH", "SIK-001", "optional"),
    ("selection", "free-text", "ESDH", "--title", "Eget"),
    ("selection", "edit-item", "ESDH", "SIK-001", "--title", "Ny"),
    ("selection", "remove", "ESDH", "SIK-001", "--discard-edits"),
    ("selection", "refresh", "ESDH", "--all"),
    ("selection", "answer", "ESDH", "persondata=yes"),
]


@pytest.mark.parametrize("args", FINAL_REFUSES, ids=lambda args: args[1])
def test_a_final_selection_is_refused_in_one_line(db: Path, args: tuple[str, ...]) -> None:
    assert run(db, "selection", "finalise", "ESDH").exit_code == 0
    before = db.read_bytes()
    assert_one_line_refusal(run(db, *args), "is final and cannot be changed")
    assert db.read_bytes() == before


def test_a_final_selection_can_be_duplicated_chosen_and_deleted(db: Path) -> None:
    assert run(db, "selection", "finalise", "ESDH").exit_code == 0
    copy = run(db, "selection", "duplicate", "ESDH", "--title", "ESDH 2")
    assert copy.exit_code == 0, copy.output
    assert shown(db, "ESDH 2")["status"] == "draft"
    assert [i["uid"] for i in shown(db, "ESDH 2")["items"]] == ["SIK-001", "SIK-002"]  # type: ignore[index]
    assert run(db, "selection", "use", "ESDH").exit_code == 0
    refused = run(db, "selection", "delete", "ESDH")
    assert_one_line_refusal(refused, "--yes")
    deleted = run(db, "selection", "delete", "ESDH", "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert "ESDH" not in [
        s["title"] for s in json.loads(run(db, "selection", "list", "--json").stdout)
    ]


def test_a_huge_text_is_kept_whole_and_printed_short(db: Path) -> None:
    huge = "Leverandøren skal levere. " * 80_000  # about 2 MB
    added = run(db, "selection", "free-text", "ESDH", "--title", "Stort", "--description", huge)
    assert added.exit_code == 0, added.output
    assert len(added.stdout) < 200
    assert item(db, "FRI-001")["description"] == huge
    edited = run(db, "selection", "edit", "ESDH", "--description", huge)
    assert edited.exit_code == 0, edited.output
    assert shown(db)["description"] == huge


def test_nothing_to_change_is_one_line(db: Path) -> None:
    before = db.read_bytes()
    assert_one_line_refusal(run(db, "selection", "edit", "ESDH"), "nothing to change")
    assert_one_line_refusal(run(db, "selection", "edit-item", "ESDH", "SIK-001"))
    assert_one_line_refusal(run(db, "selection", "refresh", "ESDH"), "--all")
    assert_one_line_refusal(run(db, "selection", "priority", "ESDH", "SIK-001", "urgent"))
    assert db.read_bytes() == before


# --- the commands doing their work ------------------------------------------------------------


def test_edit_changes_only_what_is_given(db: Path) -> None:
    result = run(
        db,
        "selection",
        "edit",
        "ESDH",
        "--description",
        "Første linje\nAnden linje",
        "--organisation",
        "Eksempel Kommune",
        "--contact",
        "Indkøb <indkob@example.dk>",
        "--deadline",
        "2999-03-01",
        "--no-priority",
        "--document-language",
        "en",
        "--domain",
        "Økonomi",
    )
    assert result.exit_code == 0, result.output
    data = shown(db)
    assert data["title"] == "ESDH"
    assert data["description"] == "Første linje\nAnden linje"
    assert data["organisation"] == "Eksempel Kommune"
    assert data["contact"] == "Indkøb <indkob@example.dk>"
    assert data["deadline"] == "2999-03-01"
    assert data["priority_enabled"] is False and data["language"] == "en"
    assert data["domains"] == ["Økonomi"]
    assert run(db, "selection", "edit", "ESDH", "--title", "ESDH 2026").exit_code == 0
    assert shown(db, "ESDH 2026")["organisation"] == "Eksempel Kommune"
    assert run(db, "selection", "edit", "ESDH 2026", "--no-domains").exit_code == 0
    assert shown(db, "ESDH 2026")["domains"] == []


def test_show_prints_every_detail(db: Path) -> None:
    run(db, "selection", "edit", "ESDH", "--description", "Anskaffelse\nFase 1")
    run(db, "selection", "edit", "ESDH", "--organisation", "Kommune", "--contact", "Ida")
    run(db, "selection", "edit", "ESDH", "--deadline", "2999-03-01")
    out = run(db, "selection", "show", "ESDH", lang="da").stdout
    for line in (
        "ESDH  [kladde]",
        "  Anskaffelse",
        "  Fase 1",
        "Organisation: Kommune",
        "Kontaktperson: Ida",
        "Svarfrist: 2999-03-01",
        "Prioritet: til",
        "Dokumentets sprog: Dansk",
    ):
        assert line in out.splitlines(), (line, out)
    data = shown(db)
    for key in ("description", "organisation", "contact", "deadline", "status", "language"):
        assert key in data
    assert data["description"] == "Anskaffelse\nFase 1"
    first = item(db, "SIK-001")
    for key in ("description", "rationale", "help_text", "priority", "catalogue_version"):
        assert key in first


@pytest.mark.parametrize(
    "typed",
    [
        "persondata=yes",
        "PERSONDATA=ja",
        "følsomme personoplysninger=yes",
        "FØLSOMME PERSONOPLYSNINGER=ja",
    ],
)
def test_answer_takes_tag_names_in_any_case(db: Path, typed: str) -> None:
    result = run(db, "selection", "answer", "ESDH", typed)
    assert result.exit_code == 0, result.output
    answers = shown(db)["answers"]
    assert answers in ({"Persondata": "yes"}, {"Følsomme personoplysninger": "yes"})


def test_an_unknown_tag_lists_the_tags(db: Path) -> None:
    before = db.read_bytes()
    result = run(db, "selection", "answer", "ESDH", "persondta=yes")
    assert_one_line_refusal(result, "unknown tag 'persondta'; the tags are: Persondata, ")
    assert db.read_bytes() == before


def test_a_tag_name_two_tags_share_apart_from_case_must_be_exact(db: Path) -> None:
    with open_catalogue(db) as conn, transaction(conn):
        merge_classifications(conn, Classifications((), (), (Tag("persondata", "Lille?"),), ()))
    refused = run(db, "selection", "answer", "ESDH", "PERSONDATA=yes")
    assert_one_line_refusal(refused, "'PERSONDATA' matches several tags: ")
    assert run(db, "selection", "answer", "ESDH", "persondata=yes").exit_code == 0
    assert shown(db)["answers"] == {"persondata": "yes"}


def test_questions_lists_tag_question_and_answer(db: Path) -> None:
    run(db, "selection", "answer", "ESDH", "Persondata=no")
    listed = run(db, "selection", "questions", "ESDH", lang="da").stdout.splitlines()
    assert re.fullmatch(r"Persondata +nej +Skal systemet behandle personoplysninger\?", listed[0])
    assert "ikke besvaret" in listed[1]
    rows = json.loads(run(db, "selection", "questions", "--json").stdout)
    assert rows[0] == {
        "tag": "Persondata",
        "question": "Skal systemet behandle personoplysninger?",
        "answer": None,
    }


def test_priority_takes_codes_and_danish_labels(db: Path) -> None:
    assert run(db, "selection", "priority", "ESDH", "SIK-002", "optional").exit_code == 0
    assert item(db, "SIK-002")["priority"] == "optional"
    result = run(db, "selection", "priority", "ESDH", "sik-002", "Mindstekrav", lang="da")
    assert result.exit_code == 0, result.output
    assert result.stdout == "SIK-002: Mindstekrav\n"
    assert item(db, "SIK-002")["priority"] == "absolute"
    again = run(db, "selection", "priority", "ESDH", "SIK-002", "absolute")
    assert again.stdout == "SIK-002 already has the priority Minimum; nothing was changed\n"
    run(db, "selection", "edit", "ESDH", "--no-priority")
    assert_one_line_refusal(run(db, "selection", "priority", "ESDH", "SIK-002", "high"), "priority")


def test_free_text_and_edit_item(db: Path) -> None:
    added = run(
        db,
        "selection",
        "free-text",
        "ESDH",
        "--title",
        "Eget krav",
        "--description",
        "Tekst",
        "--category",
        "sik",
        "--priority",
        "high",
    )
    assert added.exit_code == 0, added.output
    assert added.stdout == "Added FRI-001 in SIK: Eget krav\n"
    fri = item(db, "FRI-001")
    assert fri["free_text"] is True and fri["priority"] == "high" and fri["category"] == "SIK"
    edited = run(db, "selection", "edit-item", "ESDH", "SIK-001", "--title", "Rettet titel")
    assert edited.exit_code == 0, edited.output
    sik = item(db, "SIK-001")
    assert sik["title"] == "Rettet titel" and sik["edited"] is True
    with open_catalogue(db) as conn:
        requirement = get_requirement(conn, "SIK-001")
        assert requirement is not None and requirement.content.title != "Rettet titel"
    unknown = run(db, "selection", "free-text", "ESDH", "--title", "X", "--category", "NOPE")
    assert_one_line_refusal(unknown, "NOPE")


def test_remove_with_discard_edits_and_one_unknown_uid_removes_nothing(db: Path) -> None:
    before = db.read_bytes()
    result = run(db, "selection", "remove", "ESDH", "SIK-001", "ARK-999", "--discard-edits")
    assert_one_line_refusal(result, "ARK-999")
    assert db.read_bytes() == before


def test_remove_with_discard_edits_drops_the_edit(db: Path) -> None:
    run(db, "selection", "edit-item", "ESDH", "SIK-001", "--title", "Rettet")
    run(db, "selection", "free-text", "ESDH", "--title", "Eget")
    result = run(db, "selection", "remove", "ESDH", "SIK-001", "FRI-001", "--discard-edits")
    assert result.exit_code == 0, result.output
    assert [i["uid"] for i in shown(db)["items"]] == ["SIK-002"]  # type: ignore[index]
    assert run(db, "selection", "add", "ESDH", "SIK-001").exit_code == 0
    assert item(db, "SIK-001")["edited"] is False


def _change_in_catalogue(db: Path, uid: str, title: str) -> None:
    with open_catalogue(db) as conn:
        current = get_requirement(conn, uid)
        assert current is not None
        with transaction(conn):
            write_contents(conn, [current.content.with_changes(title=title)])


def test_changes_and_refresh(db: Path) -> None:
    assert run(db, "selection", "changes", "ESDH").stdout.startswith("No item has changed")
    _change_in_catalogue(db, "SIK-001", "Ny titel i kataloget")
    _change_in_catalogue(db, "SIK-002", "Også ny")
    listed = run(db, "selection", "changes", "ESDH").stdout.splitlines()
    assert listed == [
        "SIK-001  changed in the catalogue: Title",
        "SIK-002  changed in the catalogue: Title",
    ]
    changes = json.loads(run(db, "selection", "changes", "ESDH", "--json").stdout)
    assert changes[0]["fields"]["title"]["catalogue"] == "Ny titel i kataloget"
    assert_one_line_refusal(run(db, "selection", "refresh", "ESDH", "SIK-004"))
    took = run(db, "selection", "refresh", "ESDH", "SIK-001")
    assert took.exit_code == 0, took.output
    assert item(db, "SIK-001")["title"] == "Ny titel i kataloget"
    kept = run(db, "selection", "refresh", "ESDH", "--all", "--keep")
    assert kept.exit_code == 0, kept.output
    assert item(db, "SIK-002")["title"] != "Også ny"
    assert item(db, "SIK-002")["changed_in_catalogue"] is False
    assert_one_line_refusal(run(db, "selection", "refresh", "ESDH", "SIK-002"), "not changed")


def test_use_makes_the_selection_current(db: Path) -> None:
    from kravtui.selection.current import remembered_selection
    from kravtui.selection.store import find_selection

    run(db, "selection", "new", "Andet")
    assert run(db, "selection", "use", "esdh").exit_code == 0
    with open_catalogue(db) as conn:  # not the sample's example selection, nor the newest
        assert remembered_selection(conn) == find_selection(conn, "ESDH").id


def test_the_officers_commands_in_a_real_process(db: Path) -> None:
    def kravtui(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kravtui", "--lang", "da", *args, "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    answered = kravtui("selection", "answer", "ESDH", "persondata=ja")
    assert answered.returncode == 0, answered.stderr
    added = kravtui("selection", "free-text", "ESDH", "--title", "Eget krav\x1b[31m")
    assert added.returncode == 1 and added.stderr.count("\n") == 1
    assert "\x1b" not in added.stderr and "U+001B" in added.stderr
    assert kravtui("selection", "free-text", "ESDH", "--title", "Eget krav").returncode == 0
    changed = kravtui("selection", "priority", "ESDH", "FRI-001", "Vigtigt krav")
    assert changed.stdout == "FRI-001: Vigtigt krav\n", changed.stderr
    out = kravtui("selection", "show", "ESDH").stdout
    assert "Besvarede spørgsmål: Persondata=ja" in out
    assert re.search(r"FRI-001 +\+ +Vigtigt krav +Eget krav", out), out


@pytest.fixture(autouse=True)
def _no_stray_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Settings and any default catalogue in the test's folder, never the user's."""
    monkeypatch.setenv("KRAVTUI_CONFIG_DIR", str(tmp_path / "config"))
    yield


def test_refresh_leaves_a_requirement_gone_from_the_catalogue(db: Path) -> None:
    _change_in_catalogue(db, "SIK-001", "Ny titel")
    with open_catalogue(db) as conn:
        current = get_requirement(conn, "SIK-002")
        assert current is not None
        with transaction(conn):
            write_contents(conn, [current.content.with_changes(deleted=True)])
    listed = run(db, "selection", "changes", "ESDH").stdout.splitlines()
    assert listed[1] == "SIK-002  no longer in the catalogue"
    before = db.read_bytes()
    assert_one_line_refusal(run(db, "selection", "refresh", "ESDH", "SIK-002"), "no longer")
    assert db.read_bytes() == before
    every = run(db, "selection", "refresh", "ESDH", "--all")
    assert every.exit_code == 0, every.output
    assert every.stdout.splitlines() == [
        "SIK-002: no longer in the catalogue, so left as they are "
        "(remove them with 'selection remove --discard-edits')",
        "Took the catalogue's text for 1: SIK-001",
    ]
    assert item(db, "SIK-001")["title"] == "Ny titel"
