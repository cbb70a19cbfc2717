"""Hostile input, as an attacker would send it: every way in gets the same two outcomes.

Either the input works (text round-trips exactly and is shown escaped), or it is refused in one
line on stderr with the catalogue folder byte-identical: no traceback, no file created, changed or
removed, no control character printed raw. The cases are written from the attacker's side, not
from a list of known bugs: every C0/C1/bidi control in every kind of field, deep nesting, huge
numbers and text, files that are not ours or are damaged, every writing command under
`--read-only`, every kind of `-o` target, and special files where a regular one is expected.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.cli import main

# What must never reach a terminal raw: C0 but tab and newline, DEL, C1, the bidi controls and
# the characters that break or hide a line.
NEWLINE_AND_TAB = {"\n", "\t"}
C0 = [chr(c) for c in range(0x20)]
C1 = [chr(c) for c in range(0x80, 0xA0)]
BIDI = [
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]
LINE_BREAKERS = ["\u2028", "\u2029", "\x85"]
DANGEROUS = {*C0, "\x7f", *C1, *BIDI, *LINE_BREAKERS} - NEWLINE_AND_TAB
HOSTILE_CHARACTERS = [*C0, "\x7f", *C1, *BIDI, "\u2028", "\u2029", "\ufeff", "\u200b"]

TIMEOUT = 60


def _name(character: str) -> str:
    return f"U+{ord(character):04X}"


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--lang", "en", *args], input=input)


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real program in a subprocess: for special files that could block a reader forever."""
    return subprocess.run(
        [sys.executable, "-m", "kravtui", "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def run_process_with_env(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The real program with no `--lang`, so that the language comes from `env` or settings."""
    return subprocess.run(
        [sys.executable, "-m", "kravtui", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env},
    )


def list_with_settings(catalogue: Path, settings: Path) -> subprocess.CompletedProcess[str]:
    env = {"KRAVTUI_CONFIG_DIR": str(settings), "KRAVTUI_LANG": ""}
    return run_process_with_env(["list", "--db", str(catalogue)], env)


def assert_clean(text: str) -> None:
    """No dangerous character in what a terminal would show."""
    found = sorted({_name(c) for c in text if c in DANGEROUS})
    assert not found, f"raw control characters reached the output: {found}: {text[:300]!r}"


def assert_refused(result: Result | subprocess.CompletedProcess[str]) -> None:
    """Refused: status 1 or 2, exactly one clean line on stderr, no traceback."""
    if isinstance(result, Result):
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"crashed: {result.exception!r}"
        )
        code, stdout, stderr = result.exit_code, result.stdout, result.stderr
    else:
        code, stdout, stderr = result.returncode, result.stdout, result.stderr
    assert code in (1, 2), (code, stdout, stderr)
    assert "Traceback" not in stderr
    lines = stderr.strip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), f"not one line: {stderr!r}"
    assert_clean(stderr)
    assert_clean(stdout)


def folder_state(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every entry of a folder with its mode and content (a FIFO's content is not read)."""
    state: dict[str, tuple[int, bytes]] = {}
    for entry in sorted(folder.iterdir()):
        info = entry.lstat()
        if stat.S_ISREG(info.st_mode):
            state[entry.name] = (info.st_mode, entry.read_bytes())
        elif stat.S_ISLNK(info.st_mode):
            state[entry.name] = (info.st_mode, os.readlink(entry).encode())
        else:
            state[entry.name] = (info.st_mode, b"")
    return state


# --- catalogue files to attack -----------------------------------------------------------------


@pytest.fixture(scope="module")
def empty_catalogue_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("template") / "empty.db"
    assert run("init", "--empty", "--db", str(path)).exit_code == 0
    return path.read_bytes()


@pytest.fixture
def catalogue(tmp_path: Path, empty_catalogue_bytes: bytes) -> Path:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    path = folder / "k.db"
    path.write_bytes(empty_catalogue_bytes)
    return path


def toml_string(value: str) -> str:
    """A TOML basic string holding `value`, every non-printable character as a \\u escape."""
    out = []
    for character in value:
        if character in '"\\':
            out.append("\\" + character)
        elif character.isprintable() and character not in DANGEROUS and character != "\ufeff":
            out.append(character)
        else:
            out.append(f"\\u{ord(character):04x}" if ord(character) < 0x10000 else character)
    return '"' + "".join(out) + '"'


def catalogue_toml(
    *,
    uid: str = "SIK-001",
    title: str = "Kryptering af data",
    description: str = "",
    rationale: str = "",
    category_name: str = "Sikkerhed",
    tag_question: str = "Behandles persondata?",
) -> str:
    return "\n".join(
        [
            'format = "kravtui/1"',
            'kind = "catalogue"',
            "",
            "[[category]]",
            'prefix = "SIK"',
            f"name = {toml_string(category_name)}",
            'description = ""',
            "subcategories = []",
            "",
            "[[tag]]",
            'name = "Persondata"',
            f"question = {toml_string(tag_question)}",
            "",
            f"[requirement.{toml_string(uid)}]",
            f"title = {toml_string(title)}",
            'importance = "normal"',
            'category = "SIK"',
            'subcategory = ""',
            "domains = []",
            'tags = ["Persondata"]',
            "principles = []",
            "info_requirement = false",
            "favourite = false",
            "all_domains = true",
            "all_tags = false",
            "relevant_saas = true",
            "relevant_on_premise = true",
            "deleted = false",
            'stakeholders = ""',
            f"description = {toml_string(description)}",
            f"rationale = {toml_string(rationale)}",
            'help_text = ""',
            'notes = ""',
            "",
        ]
    )


def import_or_refuse(catalogue: Path, text: str) -> bool:
    """Import `text`; True when it was taken, else it was refused with nothing changed."""
    source = catalogue.parent.parent / "hostile.toml"
    source.write_text(text, encoding="utf-8")
    before = folder_state(catalogue.parent)
    result = run("import", "--db", str(catalogue), str(source))
    if result.exit_code == 0:
        assert result.exception is None
        assert_clean(result.output)
        return True
    assert_refused(result)
    assert folder_state(catalogue.parent) == before
    return False


def show_json(catalogue: Path, uid: str) -> dict[str, object]:
    result = run("show", "--db", str(catalogue), "--json", uid)
    assert result.exit_code == 0, result.output
    loaded: dict[str, object] = json.loads(result.stdout)
    return loaded


def assert_shown_escaped_and_round_trips(catalogue: Path, uid: str, fields: dict[str, str]) -> None:
    """Accepted text: `show` and `list` print it escaped, JSON and a TOML round trip keep it."""
    shown = run("show", "--db", str(catalogue), uid)
    assert shown.exit_code == 0, shown.output
    assert_clean(shown.output)
    assert "efterord" in shown.output  # nothing after the character was swallowed
    listed = run("list", "--db", str(catalogue))
    assert listed.exit_code == 0
    assert_clean(listed.output)
    record = show_json(catalogue, uid)
    for name, value in fields.items():
        # the one normalisation kravtui makes: a carriage return is a line break, stored as LF
        assert record[name] == value.replace("\r\n", "\n").replace("\r", "\n"), name
    exported = catalogue.parent.parent / "round.toml"
    assert run("export", "catalogue", "--db", str(catalogue), "-o", str(exported)).exit_code == 0
    again = catalogue.parent.parent / "again.db"
    assert run("init", "--empty", "--db", str(again)).exit_code == 0
    assert run("import", "--db", str(again), str(exported)).exit_code == 0
    copied = show_json(again, uid)
    assert {k: v for k, v in copied.items() if k != "meta"} == {
        k: v for k, v in record.items() if k != "meta"
    }


# --- every control character in every kind of text field ------------------------------------


@pytest.mark.parametrize("character", HOSTILE_CHARACTERS, ids=_name)
def test_a_control_character_in_a_one_line_field(catalogue: Path, character: str) -> None:
    title = f"Titel {character} efterord"
    if import_or_refuse(catalogue, catalogue_toml(title=title)):
        assert_shown_escaped_and_round_trips(catalogue, "SIK-001", {"title": title})
        found = run("list", "--db", str(catalogue), "--json", "--search", "efterord")
        assert [row["uid"] for row in json.loads(found.stdout)] == ["SIK-001"]


@pytest.mark.parametrize("character", HOSTILE_CHARACTERS, ids=_name)
def test_a_control_character_in_the_long_texts(catalogue: Path, character: str) -> None:
    description = f"Første linje {character} efterord\nanden linje"
    rationale = f"{character}rationaleord{character}"
    text = catalogue_toml(description=description, rationale=rationale)
    if import_or_refuse(catalogue, text):
        assert_shown_escaped_and_round_trips(
            catalogue, "SIK-001", {"description": description, "rationale": rationale}
        )
        for word in ("efterord", "rationaleord"):
            found = run("list", "--db", str(catalogue), "--json", "--search", word)
            assert [row["uid"] for row in json.loads(found.stdout)] == ["SIK-001"], word


TERMINAL_ATTACKS = [
    "\x1b]0;PWNED\x07\x1b[2J",  # retitle the terminal, clear the screen
    "\x1b]52;c;cHduZWQ=\x07",  # write the clipboard (OSC 52)
    "\x9b31m\x9d0;PWNED\x9c",  # the same through 8-bit C1 controls
    "\u202eexe.txt",  # right-to-left override hides the real name
    "line\rOVERWRITTEN",  # carriage return overwrites what was printed
]


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS, ids=range(len(TERMINAL_ATTACKS)))
@pytest.mark.parametrize("field", ["category_name", "tag_question", "uid"])
def test_terminal_attacks_in_classifications_and_keys(
    catalogue: Path, attack: str, field: str
) -> None:
    values = {"uid": "SIK-001", "category_name": "Sikkerhed", "tag_question": "Persondata?"}
    values[field] = values[field] + attack + " efterord"
    if not import_or_refuse(catalogue, catalogue_toml(**values)):
        return
    uid = values["uid"]
    for args in (
        ["show", uid],
        ["list"],
        ["list", "--category", "SIK"],
        ["list", "--jsonl"],
        ["list", "--json"],
        ["history", uid],
    ):
        result = run(*args, "--db", str(catalogue))
        assert result.exit_code == 0, (args, result.output)
        assert_clean(result.output)
    assert show_json(catalogue, uid)["uid"] == uid


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS, ids=range(len(TERMINAL_ATTACKS)))
def test_terminal_attacks_as_command_arguments(catalogue: Path, attack: str) -> None:
    """Arguments are input too: a uid, a selection title, a search, a language, a path."""
    for args in (
        ["show", "SIK-" + attack],
        ["list", "--search", attack],
        ["list", "--jsonl", "--search", attack],
        ["list", "--category", attack],
        ["history", attack],
        ["selection", "show", attack],
        ["list", "--ticked", attack],
        ["list", "--unticked", attack],
        ["export", "selection", attack, "-o", str(catalogue.parent / "x.toml")],
        ["import", str(catalogue.parent / f"missing{attack}.toml")],
    ):
        before = folder_state(catalogue.parent)
        result = run(*args, "--db", str(catalogue))
        assert "Traceback" not in result.output
        assert_clean(result.output)
        if result.exit_code:
            assert_refused(result)
        assert folder_state(catalogue.parent) == before, args


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS, ids=range(len(TERMINAL_ATTACKS)))
def test_a_selection_title_is_taken_and_shown_escaped_or_refused(
    catalogue: Path, attack: str
) -> None:
    title = f"Indkøb {attack} efterord"
    before = folder_state(catalogue.parent)
    created = run("selection", "new", "--db", str(catalogue), title)
    if created.exit_code:
        assert_refused(created)
        assert folder_state(catalogue.parent) == before
        return
    assert_clean(created.output)
    for args in (["selection", "list"], ["selection", "show", "1"]):
        result = run(*args, "--db", str(catalogue))
        assert result.exit_code == 0, result.output
        assert_clean(result.output)
    listed = json.loads(run("selection", "list", "--db", str(catalogue), "--json").stdout)
    assert [row["title"] for row in listed] == [title]


# --- structure: nesting, numbers, size -----------------------------------------------------------


def _nested_array(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def _nested_table(depth: int) -> str:
    return "{a = " * depth + "1" + "}" * depth


HOSTILE_DOCUMENTS = {
    "array nested 50 deep": lambda base: base.replace(
        "domains = []", f"domains = {_nested_array(50)}"
    ),
    "array nested 1,000 deep": lambda base: base.replace(
        "principles = []", f"principles = {_nested_array(1000)}"
    ),
    "array nested 100,000 deep": lambda base: base + f"x = {_nested_array(100_000)}\n",
    "inline table nested 1,000 deep": lambda base: base.replace(
        'tags = ["Persondata"]', f"tags = {_nested_table(1000)}"
    ),
    "inline table nested 100,000 deep at the top": lambda base: (
        f"deep = {_nested_table(100_000)}\n" + base
    ),
    "integer of 5,000 digits": lambda base: base.replace(
        "deleted = false", "deleted = " + "9" * 5000
    ),
    "integer of 5,000 digits as a top-level key": lambda base: "n = " + "1" * 5000 + "\n" + base,
    "float that overflows": lambda base: base.replace("deleted = false", "deleted = 1e99999"),
    "negative zero, nan and inf": lambda base: base.replace("deleted = false", "deleted = -nan"),
    "a title of 5 MB on one line": lambda base: base.replace(
        'title = "Kryptering af data"', 'title = "' + "a" * 5_000_000 + '"'
    ),
    "a description of 20 MB": lambda base: base.replace(
        'description = ""', 'description = """' + ("ord " * 5_000_000) + '"""'
    ),
    "10,000 unknown keys": lambda base: base + "".join(f"k{i} = {i}\n" for i in range(10_000)),
    "the same requirement twice": lambda base: base + base[base.index("[requirement.") :],
    "a uid with a trailing newline": lambda base: base.replace(
        '[requirement."SIK-001"]', '[requirement."SIK-001\\n"]'
    ),
    "a uid that is a path": lambda base: base.replace(
        '[requirement."SIK-001"]', '[requirement."../../etc/passwd"]'
    ),
    "a lone surrogate": lambda base: base.replace(
        'title = "Kryptering af data"', 'title = "\\ud800"'
    ),
    "a BOM before the first line": lambda base: "\ufeff" + base,
    "NUL bytes in the file": lambda base: base.replace("kind", "ki\x00nd"),
    "invalid UTF-8": lambda base: base.replace("Sikkerhed", "Sikkerhed\udcff"),
    "the format of a future kravtui": lambda base: base.replace("kravtui/1", "kravtui/999"),
    "a DOCX-like zip file": lambda base: "PK\x03\x04" + "\x00" * 100,
    "an empty file": lambda base: "",
}


@pytest.mark.parametrize("name", list(HOSTILE_DOCUMENTS))
def test_a_hostile_document_is_imported_or_refused_in_one_line(catalogue: Path, name: str) -> None:
    text = HOSTILE_DOCUMENTS[name](catalogue_toml())
    source = catalogue.parent.parent / "hostile.toml"
    source.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = folder_state(catalogue.parent)
    result = run("import", "--db", str(catalogue), str(source))
    if result.exit_code == 0:
        assert_clean(result.output)
        record = show_json(catalogue, "SIK-001")
        assert record["uid"] == "SIK-001"
        return
    assert_refused(result)
    assert str(source) in result.stderr or source.name in result.stderr
    assert folder_state(catalogue.parent) == before


@pytest.mark.parametrize("name", list(HOSTILE_DOCUMENTS))
def test_diff_and_textconv_of_a_hostile_document(tmp_path: Path, name: str) -> None:
    good = tmp_path / "good.toml"
    good.write_text(catalogue_toml(), encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(HOSTILE_DOCUMENTS[name](catalogue_toml()).encode("utf-8", "surrogateescape"))
    for args in (["diff", str(good), str(bad)], ["diff", "--stat", str(bad), str(good)]):
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), name
        assert result.exit_code in (0, 1, 2)
        assert "Traceback" not in result.output
        assert_clean(result.output)
        if result.exit_code == 2:
            assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    textconv = CliRunner().invoke(main, ["diff", "--textconv", str(bad)])
    assert textconv.exception is None or isinstance(textconv.exception, SystemExit), name
    assert "Traceback" not in textconv.output
    assert_clean(textconv.stdout)


# --- files that are not ours, or are damaged ----------------------------------------------------


def _foreign_database(path: Path, user_version: int) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
        conn.execute("INSERT INTO invoices (amount) VALUES (12.5)")
        conn.execute(f"PRAGMA user_version = {user_version}")
    conn.close()


def _impostor(path: Path, user_version: int) -> None:
    """Tables named like kravtui's, with other columns: another program's schema."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE requirement (id INTEGER PRIMARY KEY, uid TEXT, text TEXT)")
        conn.execute("CREATE TABLE category (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute(f"PRAGMA user_version = {user_version}")
    conn.close()


def _truncated(path: Path, catalogue_bytes: bytes) -> None:
    path.write_bytes(catalogue_bytes[: len(catalogue_bytes) // 2])


def _garbage_after_header(path: Path, catalogue_bytes: bytes) -> None:
    path.write_bytes(catalogue_bytes[:100] + os.urandom(8192))


FOREIGN_FILES = {
    **{
        f"another program's database, user_version {v}": (
            lambda p, _b, v=v: _foreign_database(p, v)
        )
        for v in (0, 1, 2, 3, 4, 5, 4242)
    },
    **{
        f"an impostor with kravtui's table names, user_version {v}": (
            lambda p, _b, v=v: _impostor(p, v)
        )
        for v in (0, 4)
    },
    "a truncated catalogue": _truncated,
    "a catalogue header followed by garbage": _garbage_after_header,
    "an empty file": lambda p, _b: p.write_bytes(b""),
    "a text file": lambda p, _b: p.write_text("hello\n"),
    "a TOML export": lambda p, _b: p.write_text(catalogue_toml()),
    "a zip file": lambda p, _b: p.write_bytes(b"PK\x03\x04" + bytes(200)),
}

READING_COMMANDS = [
    ["list"],
    ["show", "SIK-001"],
    ["--read-only", "list"],
    ["selection", "list"],
    ["export", "catalogue", "-o", "{out}"],
]
WRITING_COMMANDS = [
    ["import", "{good}"],
    ["selection", "new", "Indkøb"],
]


@pytest.mark.parametrize("kind", list(FOREIGN_FILES))
@pytest.mark.parametrize(
    "command", READING_COMMANDS + WRITING_COMMANDS, ids=lambda c: " ".join(c).replace("{", "")
)
def test_a_file_that_is_not_a_catalogue_is_left_byte_identical(
    tmp_path: Path, empty_catalogue_bytes: bytes, kind: str, command: list[str]
) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir()
    path = folder / "data.db"
    FOREIGN_FILES[kind](path, empty_catalogue_bytes)
    good = tmp_path / "good.toml"
    good.write_text(catalogue_toml(), encoding="utf-8")
    args = [a.format(out=tmp_path / "out.toml", good=good) for a in command]
    before = folder_state(folder)
    result = run(*args, "--db", str(path))
    assert_refused(result)
    assert "kravtui" in result.stderr
    assert folder_state(folder) == before
    assert not (tmp_path / "out.toml").exists()


SPECIAL_DB_PATHS = {
    "a FIFO": lambda folder: (os.mkfifo(folder / "fifo.db"), folder / "fifo.db")[1],
    "a directory": lambda folder: ((folder / "dir.db").mkdir(), folder / "dir.db")[1],
    "/dev/null": lambda folder: Path("/dev/null"),
    "/dev/zero": lambda folder: Path("/dev/zero"),
}


@pytest.mark.parametrize("kind", list(SPECIAL_DB_PATHS))
def test_a_special_file_as_the_catalogue_is_refused_without_hanging(
    tmp_path: Path, kind: str
) -> None:
    path = SPECIAL_DB_PATHS[kind](tmp_path)
    before = folder_state(tmp_path)
    result = run_process("--db", str(path), "list")
    assert_refused(result)
    assert folder_state(tmp_path) == before


SPECIAL_INPUTS = {
    "a FIFO": lambda folder: (os.mkfifo(folder / "in.toml"), folder / "in.toml")[1],
    "/dev/zero": lambda folder: Path("/dev/zero"),
    "a directory": lambda folder: folder,
    "the catalogue itself": lambda folder: folder / "catalogue" / "k.db",
}


@pytest.mark.parametrize("kind", list(SPECIAL_INPUTS))
@pytest.mark.parametrize(
    "command", [["import"], ["diff", "--textconv"], ["export", "selection", "1", "--template"]]
)
def test_a_special_file_as_input_is_refused_without_hanging(
    catalogue: Path, kind: str, command: list[str]
) -> None:
    source = SPECIAL_INPUTS[kind](catalogue.parent.parent)
    assert run("selection", "new", "--db", str(catalogue), "Indkøb").exit_code == 0
    out = catalogue.parent.parent / "out.docx"
    args = [*command, str(source)]
    if command[0] == "export":
        args += ["-o", str(out)]
    if command[0] != "diff":
        args += ["--db", str(catalogue)]
    before = folder_state(catalogue.parent)
    result = run_process(*args)
    assert_refused(result)
    assert folder_state(catalogue.parent) == before
    assert not out.exists()


# --- every writing command under --read-only ----------------------------------------------------

READ_ONLY_WRITES = {
    "import a catalogue": ["import", "{good}"],
    "new selection": ["selection", "new", "Indkøb"],
    "add to a selection": ["selection", "add", "Eksisterende", "SIK-001"],
    "remove from a selection": ["selection", "remove", "Eksisterende", "SIK-001"],
    "answer the questionnaire": ["selection", "answer", "Eksisterende", "Persondata=yes"],
    "finalise a selection": ["selection", "finalise", "Eksisterende"],
    "edit a selection": ["selection", "edit", "Eksisterende", "--deadline", "2030-01-31"],
    "duplicate a selection": ["selection", "duplicate", "Eksisterende"],
    "delete a selection": ["selection", "delete", "Eksisterende", "--yes"],
    "choose the current selection": ["selection", "use", "Eksisterende"],
    "change a priority": ["selection", "priority", "Eksisterende", "SIK-001", "high"],
    "add a free-text requirement": ["selection", "free-text", "Eksisterende", "--title", "X"],
    "edit an item": ["selection", "edit-item", "Eksisterende", "SIK-001", "--title", "X"],
    "refresh changed items": ["selection", "refresh", "Eksisterende", "--all"],
    "import answers": ["answers", "import", "Eksisterende", "Firma", "{good}"],
    "assess answers": ["answers", "assess", "Eksisterende", "Firma", "accepted", "SIK-001"],
    "choose the winner": ["answers", "winner", "Eksisterende", "Firma"],
    "clear the winner": ["answers", "winner", "Eksisterende", "--clear"],
}


@pytest.mark.parametrize("name", list(READ_ONLY_WRITES))
def test_every_writing_command_under_read_only_is_refused(catalogue: Path, name: str) -> None:
    good = catalogue.parent.parent / "good.toml"
    good.write_text(catalogue_toml(), encoding="utf-8")
    assert run("import", "--db", str(catalogue), str(good)).exit_code == 0
    assert run("selection", "new", "--db", str(catalogue), "Eksisterende").exit_code == 0
    before = folder_state(catalogue.parent)
    args = [a.format(good=good) for a in READ_ONLY_WRITES[name]]
    result = run("--read-only", *args, "--db", str(catalogue))
    assert_refused(result)
    assert folder_state(catalogue.parent) == before


def test_every_writing_command_is_in_the_read_only_list() -> None:
    """A new writing command must be added above (the list names every command that writes)."""
    from kravtui.cli import COMMANDS
    from kravtui.cli.answers_commands import answers
    from kravtui.cli.selection_commands import selection

    groups = {"selection": selection, "answers": answers}
    # db (copy) makes a new catalogue at DST, as init does, and never writes the --db one
    readers = {"list", "show", "history", "diff", "config", "export", "init", "db"}
    writers = {
        args[0] if args[0] not in groups else f"{args[0]} {args[1]}"
        for args in READ_ONLY_WRITES.values()
    }
    group_readers = {
        "selection list",
        "selection show",
        "selection questions",
        "selection changes",
        "answers list",
        "answers show",
        "answers sample",  # writes files into a folder, never the catalogue
        "answers report",
    }
    every = {name for name in COMMANDS if name not in groups} | {
        f"{group} {name}" for group, command in groups.items() for name in command.commands
    }
    assert every - readers - group_readers == writers


# --- every kind of -o target ---------------------------------------------------------------


def _target_kinds(catalogue: Path) -> Iterator[tuple[str, Path]]:
    folder = catalogue.parent
    yield "the catalogue", catalogue
    yield "the catalogue through ..", folder / ".." / folder.name / catalogue.name
    link = folder.parent / "link.toml"
    link.symlink_to(catalogue)
    yield "a symlink to the catalogue", link
    yield "the catalogue's -wal", Path(f"{catalogue}-wal")
    yield "the catalogue's -shm", Path(f"{catalogue}-shm")
    other = folder.parent / "other.db"
    _foreign_database(other, 0)
    yield "another SQLite database", other
    fifo = folder.parent / "pipe.toml"
    os.mkfifo(fifo)
    yield "a FIFO", fifo
    yield "a device", Path("/dev/null")
    yield "a directory", folder
    yield "a folder that does not exist", folder.parent / "missing" / "out.toml"
    parent_is_file = folder.parent / "plain.txt"
    parent_is_file.write_text("x")
    yield "a path under a file", parent_is_file / "out.toml"


@pytest.mark.parametrize("format_name", ["catalogue", "toml", "docx", "answers"])
def test_every_dangerous_output_target_is_refused(catalogue: Path, format_name: str) -> None:
    assert run("selection", "new", "--db", str(catalogue), "Indkøb").exit_code == 0
    for kind, target in _target_kinds(catalogue):
        if format_name == "catalogue":
            args = ["export", "catalogue", "-o", str(target)]
        elif format_name == "answers":
            args = ["answers", "report", "1", str(target), "--format", "toml"]
        else:
            args = ["export", "selection", "1", "--format", format_name, "-o", str(target)]
        before = folder_state(catalogue.parent), folder_state(catalogue.parent.parent)
        result = run_process(*args, "--db", str(catalogue))
        assert_refused(result)
        assert (folder_state(catalogue.parent), folder_state(catalogue.parent.parent)) == before, (
            kind
        )


@pytest.mark.parametrize("format_name", ["catalogue", "toml", "docx"])
def test_an_export_keeps_the_mode_of_the_file_it_replaces(
    catalogue: Path, format_name: str
) -> None:
    assert run("selection", "new", "--db", str(catalogue), "Indkøb").exit_code == 0
    target = catalogue.parent.parent / f"out.{format_name}"
    target.write_bytes(b"old")
    target.chmod(0o640)
    stale = catalogue.parent.parent / f".{target.name}.0123456789ab.tmp"
    stale.write_bytes(b"half")
    if format_name == "catalogue":
        args = ["export", "catalogue", "-o", str(target)]
    else:
        args = ["export", "selection", "1", "--format", format_name, "-o", str(target)]
    result = run(*args, "--db", str(catalogue))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != b"old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert not stale.exists()


def test_a_target_name_with_control_characters_works_and_is_echoed_escaped(catalogue: Path) -> None:
    target = catalogue.parent.parent / "out\x1b]0;PWNED\x07\n.toml"
    result = run("export", "catalogue", "--db", str(catalogue), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert target.exists()
    assert_clean(result.output)
    assert len(result.stdout.strip().splitlines()) == 1


# --- the settings file and the environment ------------------------------------------------------

HOSTILE_SETTINGS = {
    "arrays nested 100,000 deep": "x = " + _nested_array(100_000) + "\n",
    "an integer of 5,000 digits": "x = " + "7" * 5000 + "\n",
    "a syntax error": "theme = \n",
    "invalid UTF-8": b'theme = "\xff"\n',
    "language with an escape sequence": 'language = "\\u001b]0;PWNED\\u0007"\n',
    "keys that are not a table": 'keys = "ctrl+q"\n',
}


@pytest.mark.parametrize("name", list(HOSTILE_SETTINGS))
def test_a_hostile_settings_file_is_reported_in_one_line_and_kept(
    catalogue: Path, tmp_path: Path, name: str
) -> None:
    settings = tmp_path / "settings"
    settings.mkdir()
    content = HOSTILE_SETTINGS[name]
    (settings / "config.toml").write_bytes(
        content if isinstance(content, bytes) else content.encode()
    )
    before = folder_state(settings)
    result = list_with_settings(catalogue, settings)
    if result.returncode:
        assert_refused(result)
    assert "Traceback" not in result.stderr
    assert_clean(result.stderr + result.stdout)
    assert folder_state(settings) == before


def test_a_settings_file_that_is_a_fifo_does_not_hang(catalogue: Path, tmp_path: Path) -> None:
    settings = tmp_path / "settings"
    settings.mkdir()
    os.mkfifo(settings / "config.toml")
    result = list_with_settings(catalogue, settings)
    if result.returncode:
        assert_refused(result)
    assert stat.S_ISFIFO((settings / "config.toml").lstat().st_mode)


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS, ids=range(len(TERMINAL_ATTACKS)))
def test_a_hostile_language_in_the_environment(catalogue: Path, attack: str) -> None:
    result = run_process_with_env(["list", "--db", str(catalogue)], {"KRAVTUI_LANG": attack + "da"})
    assert_refused(result)
