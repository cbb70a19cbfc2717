"""The answers files' fast reader agrees with tomllib, or steps aside (returns None)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.answers.export_content import (
    AnswerFile,
    AnswersContent,
    ItemAnswer,
    VendorAnswers,
    Verdict,
)
from kravtui.answers.records import Choice, SourceKind, Status
from kravtui.interchange.answers_fast import loads_answers
from kravtui.interchange.answers_toml import dump_answers
from tests.test_answers_toml import GOLDEN
from tests.test_toml_fast import MUTATION_CHARS, TEXT

NAMES = st.sampled_from(
    ["Firma A/S", "Beta", 'Citat "A"', "Bånd\\Co", "x.y", "[vendor.X.item.A-1]", "\u202eRTL", ""]
)
UIDS = st.sampled_from(["SIK-1", "SIK-2", "LOG-10", "FRI-001", "A.B", '"q"'])
TEXTS = st.one_of(
    TEXT,
    st.sampled_from(['\n[vendor.A.item.SIK-1]\nchoice = "yes"\n', '"""', "\n[selection]\n"]),
)
VERDICTS = st.builds(
    Verdict,
    status=st.sampled_from(list(Status)),
    comment=TEXTS,
    author=st.sampled_from(["indkob", ""]),
    at=st.just("2025-03-01T10:00:00Z"),
    answer_set=st.integers(0, 3),
)
ITEMS = st.builds(
    ItemAnswer,
    uid=UIDS,
    choice=st.one_of(st.none(), st.sampled_from(list(Choice))),
    unclear_choice=TEXTS,
    elaboration=TEXTS,
    price=TEXTS,
    price_amount=st.one_of(st.none(), st.integers(0, 10**14)),
    text_changed=st.booleans(),
    status=st.sampled_from(list(Status)),
    comment=TEXTS,
    history=st.lists(VERDICTS, max_size=2).map(tuple),
)
FILES = st.builds(
    AnswerFile,
    file=TEXTS,
    sha256=st.just("0" * 64),
    kind=st.sampled_from(list(SourceKind)),
    selection_version=st.integers(0, 9),
    imported_at=st.just("2025-02-01T09:00:00Z"),
    imported_by=st.just("indkob"),
    current=st.booleans(),
)


@st.composite
def answers_files(draw: st.DrawFn) -> str:
    vendors = {
        name: VendorAnswers(
            name,
            tuple(draw(st.lists(FILES, max_size=2))),
            tuple({item.uid: item for item in draw(st.lists(ITEMS, max_size=3))}.values()),
        )
        for name in draw(st.lists(NAMES, max_size=3))
    }
    content = AnswersContent(
        draw(st.integers(0, 99)),
        "2025-01-06T08:00:00Z",
        draw(TEXTS),
        draw(st.integers(0, 9)),
        draw(st.sampled_from(["", "Firma A/S"])),
        tuple(vendors.values()),
    )
    try:
        return dump_answers(content)
    except Exception:  # a lone surrogate from TEXT: no file to read
        return dump_answers(AnswersContent(1, "", "", 1))


def agree(text: str) -> None:
    fast = loads_answers(text)
    try:
        expected: dict[str, Any] | None = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        expected = None
    if expected is None:
        assert fast is None
    elif fast is not None:
        assert fast == expected


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers_files())
def test_written_files_take_the_fast_path(text: str) -> None:
    assert loads_answers(text) == tomllib.loads(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers_files(), st.data())
def test_mutated_files_never_disagree(text: str, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "duplicate_line", "header"]))
        if action == "insert":
            text = text[:position] + data.draw(st.sampled_from(MUTATION_CHARS)) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 4)) :]
        else:
            start = text.rfind("\n", 0, position) + 1
            end = text.find("\n", position)
            line = text[start : end + 1] if end >= 0 else text[start:] + "\n"
            if action == "header":  # a copy of some header line, somewhere
                headers = [ln for ln in text.splitlines(keepends=True) if ln.startswith("[")]
                line = data.draw(st.sampled_from(headers)) if headers else line
            text = text[:start] + line + text[start:]
    agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        GOLDEN.read_text(encoding="utf-8"),
        "[selection]\nid = 1\n[selection]\nid = 2\n",
        "vendor = 1\n[[vendor.A.answer_set]]\n",
        "selection = 1\n[selection]\n",
        '[vendor.A.item.X]\nchoice = "yes"\n[vendor.A.item.X]\nchoice = "no"\n',
        '[vendor.A.item.X]\n[vendor."A".item."X"]\n',
        "[vendor.A.item.X]\nassessment = 1\n[[vendor.A.item.X.assessment]]\n",
        '[[vendor.A.item.X.assessment]]\nstatus = "none"\n',  # before its item
        "[[vendor.A.item.X.assessment]]\n[vendor.A.item.X]\n",
        "[vendor.A.item.X]\n[[vendor.A.answer_set]]\n[[vendor.A.item.X.assessment]]\n",
        "[vendor.A.item.X]\n[[vendor.B.item.X.assessment]]\n",
        "[vendor.A]\n[vendor.A.item.X]\n",
        '[vendor.A.item.X]\nelaboration = """\n[vendor.A.item.Y]\n"""\n',
        '[vendor.A.item.X]\nelaboration = """\n[vendor.A.item.Y]\nchoice = """\n',
        '[vendor."\\u0041".item.X]\n[vendor.A.item.X]\n',
        '[vendor."\\uD800".item.X]\n',
        "[vendor.A.item.X] # note\n",
        "[ vendor.A.item.X ]\n",
        '[vendor.A.item.X]\nchoice = "yes"\nchoice = "no"\n',
        "[vendor.A.item.X]\ntext_changed = false\n\n\n",
        '[vendor.A.item.X]\nchoice = "yes"',  # no final line break
    ],
)
def test_edge_cases_agree(text: str) -> None:
    agree(text)


def test_the_golden_file_takes_the_fast_path() -> None:
    text = GOLDEN.read_text(encoding="utf-8")
    assert loads_answers(text) == tomllib.loads(text)
