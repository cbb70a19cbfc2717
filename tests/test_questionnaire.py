"""The questionnaire rules as a table of cases (DESIGN.md section 3)."""

from __future__ import annotations

import pytest

from kravtui.catalogue.records import RequirementContent
from kravtui.i18n import set_language
from kravtui.selection.questionnaire import describe_reason, propose, reasons_for
from kravtui.selection.records import Answer

Y, N, U = Answer.YES, Answer.NO, Answer.UNKNOWN


def _req(**flags: object) -> RequirementContent:
    return RequirementContent(uid="SIK-001", title="t", category="SIK").with_changes(**flags)


CASES = [
    # (requirement, selection domains, answers, expected reasons)
    ("shares domain, tag yes", _req(domains=("Økonomi",), tags=("Persondata",)),
     {"Økonomi"}, {"Persondata": Y}, ("domain:Økonomi", "tag:Persondata=yes")),
    ("don't know counts as yes", _req(domains=("Økonomi",), tags=("Persondata",)),
     {"Økonomi"}, {"Persondata": U}, ("domain:Økonomi", "tag:Persondata=unknown")),
    ("tag answered no", _req(domains=("Økonomi",), tags=("Persondata",)),
     {"Økonomi"}, {"Persondata": N}, ()),
    ("tag unanswered counts as no", _req(domains=("Økonomi",), tags=("Persondata",)),
     {"Økonomi"}, {}, ()),
    ("other domain", _req(domains=("Skole",), tags=("Persondata",)),
     {"Økonomi"}, {"Persondata": Y}, ()),
    ("no selection domains, not all-domains", _req(domains=("Skole",), tags=("Persondata",)),
     set(), {"Persondata": Y}, ()),
    ("all-domains with a tag yes", _req(all_domains=True, tags=("Cloud", "Persondata")),
     {"Økonomi"}, {"Persondata": Y, "Cloud": N}, ("all_domains", "tag:Persondata=yes")),
    ("all-domains, tags all no", _req(all_domains=True, tags=("Persondata",)),
     {"Økonomi"}, {"Persondata": N}, ()),
    ("all-tags with any tag yes", _req(domains=("Økonomi",), all_tags=True),
     {"Økonomi"}, {"Cloud": Y}, ("domain:Økonomi", "all_tags")),
    ("all-tags, every answer no", _req(domains=("Økonomi",), all_tags=True),
     {"Økonomi"}, {"Cloud": N, "Persondata": N}, ()),
    ("all-tags and all-domains, unknown", _req(all_domains=True, all_tags=True),
     set(), {"Cloud": U}, ("all_domains", "all_tags")),
    ("favourite always", _req(favourite=True, domains=("Skole",)),
     {"Økonomi"}, {}, ("favourite",)),
    ("deleted never, even favourite", _req(favourite=True, deleted=True, all_domains=True),
     {"Økonomi"}, {"Persondata": Y}, ()),
    ("deleted never", _req(deleted=True, all_domains=True, all_tags=True),
     {"Økonomi"}, {"Persondata": Y}, ()),
    ("no tags, not all-tags", _req(domains=("Økonomi",)),
     {"Økonomi"}, {"Persondata": Y}, ()),
    ("two matching domains", _req(domains=("Økonomi", "Skole"), tags=("Persondata",)),
     {"Økonomi", "Skole"}, {"Persondata": Y},
     ("domain:Økonomi", "domain:Skole", "tag:Persondata=yes")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("requirement", "domains", "answers", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rules(
    requirement: RequirementContent,
    domains: set[str],
    answers: dict[str, Answer],
    expected: tuple[str, ...],
) -> None:
    assert reasons_for(requirement, frozenset(domains), answers) == expected


def test_propose_counts_n_of_m_without_deleted() -> None:
    requirements = [
        _req(uid="A-1", favourite=True),
        _req(uid="A-2", all_domains=True, all_tags=True),
        _req(uid="A-3", domains=("Skole",), tags=("Cloud",)),
        _req(uid="A-4", deleted=True, favourite=True),
    ]
    proposal = propose(requirements, ["Økonomi"], {"Cloud": Y})
    assert proposal.count == 2
    assert proposal.considered == 3
    assert set(proposal.reasons) == {"A-1", "A-2"}


def test_reasons_read_as_sentences() -> None:
    set_language("da")
    try:
        assert describe_reason("tag:Persondata=unknown") == "Persondata besvaret ved ikke"
        assert describe_reason("domain:Økonomi") == "domænet Økonomi"
        assert describe_reason("favourite") == "favorit: foreslås altid"
    finally:
        set_language("en")
    assert describe_reason("all_tags") == "applies to all tags, and a tag was answered yes"
