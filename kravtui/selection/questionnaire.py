"""The questionnaire rules: which requirements a selection's answers and domains propose, and why.

From OS2kravmotor, with its known bugs fixed. A requirement is proposed when

- it is not deleted, and
- it is a favourite (always proposed), or
- it shares a domain with the selection or is all-domains, and at least one of its tags was
  answered yes or don't-know (don't-know counts as yes), or it is all-tags and any tag at all was
  answered yes or don't-know.

A tag left unanswered counts as no. Each proposal carries its reasons, as stable codes that
`describe_reason` turns into text: `favourite`, `all_domains`, `domain:NAME`, `all_tags`,
`tag:NAME=yes|unknown`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kravtui.catalogue.records import RequirementContent
from kravtui.i18n import t
from kravtui.selection.records import Answer

MANUAL = "manual"


@dataclass(frozen=True, slots=True)
class Proposal:
    """The outcome for a whole catalogue: proposed uids with reasons, out of how many."""

    reasons: dict[str, tuple[str, ...]]
    considered: int

    @property
    def count(self) -> int:
        return len(self.reasons)


def reasons_for(
    requirement: RequirementContent,
    domains: frozenset[str],
    answers: Mapping[str, Answer],
) -> tuple[str, ...]:
    """Why `requirement` is proposed, or () when it is not."""
    if requirement.deleted:
        return ()
    if requirement.favourite:
        return ("favourite",)
    domain_reasons = _domain_reasons(requirement, domains)
    if not domain_reasons:
        return ()
    tag_reasons = _tag_reasons(requirement, answers)
    if not tag_reasons:
        return ()
    return domain_reasons + tag_reasons


def _domain_reasons(requirement: RequirementContent, domains: frozenset[str]) -> tuple[str, ...]:
    if requirement.all_domains:
        return ("all_domains",)
    return tuple(f"domain:{name}" for name in requirement.domains if name in domains)


def _tag_reasons(requirement: RequirementContent, answers: Mapping[str, Answer]) -> tuple[str, ...]:
    positive = {tag: answer for tag, answer in answers.items() if answer.counts_as_yes}
    if requirement.all_tags:
        return ("all_tags",) if positive else ()
    return tuple(f"tag:{tag}={positive[tag].value}" for tag in requirement.tags if tag in positive)


def propose(
    requirements: Iterable[RequirementContent],
    domains: Iterable[str],
    answers: Mapping[str, Answer],
) -> Proposal:
    """Apply the rules to every requirement (deleted ones are not counted as considered)."""
    wanted = frozenset(domains)
    proposed: dict[str, tuple[str, ...]] = {}
    considered = 0
    for requirement in requirements:
        if requirement.deleted:
            continue
        considered += 1
        reasons = reasons_for(requirement, wanted, answers)
        if reasons:
            proposed[requirement.uid] = reasons
    return Proposal(proposed, considered)


def describe_reason(reason: str) -> str:
    """One reason code as a sentence in the current language."""
    kind, _, rest = reason.partition(":")
    if kind == "domain":
        return t("why.domain", name=rest)
    if kind == "tag":
        name, _, answer = rest.rpartition("=")
        return t("why.tag", name=name, answer=t(f"answer.{answer}"))
    return t(f"why.{kind}")
