"""`kravtui selection ...`: build a requirement specification from scripts.

NAME is a selection's id or its title (case-insensitive).
"""

from __future__ import annotations

import json
from typing import Any

import click

from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.cli.common import State, common_options, fail, open_for_command
from kravtui.cli.help import group
from kravtui.i18n import t, t_count, uid_list
from kravtui.selection.items import list_items, tick, untick, unticked_uids
from kravtui.selection.proposals import apply_questionnaire
from kravtui.selection.questionnaire import describe_reason
from kravtui.selection.records import Answer, Selection, SelectionInfo, SelectionItem
from kravtui.selection.store import (
    create_selection,
    finalise,
    find_selection,
    list_selections,
)


@group()
def selection() -> None:
    """Selections (requirement specifications) for one purchase."""


@selection.command(name="list")
@common_options
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_command(state: State, db: str | None, lang: str | None, as_json: bool) -> None:
    """List the selections, most recently changed first."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        summaries = list_selections(conn)
    if as_json:
        rows = [
            {"id": s.id, "title": s.title, "status": s.status.value, "ticked": s.ticked}
            for s in summaries
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for summary in summaries:
        status = t(f"status.{summary.status.value}")
        ticked = t("selection.n_ticked", count=summary.ticked)
        click.echo(f"{summary.id:>4}  {summary.title}  [{status}]  {ticked}")


@selection.command(name="new")
@common_options
@click.argument("title")
@click.option("--domain", "domains", multiple=True)
@click.option("--organisation", default="")
@click.option("--contact", default="")
@click.option("--deadline", default="")
@click.option("--no-priority", is_flag=True)
@click.option("--document-language", type=click.Choice(["da", "en"]), default="da")
@click.pass_obj
def new_command(
    state: State,
    db: str | None,
    lang: str | None,
    title: str,
    domains: tuple[str, ...],
    organisation: str,
    contact: str,
    deadline: str,
    no_priority: bool,
    document_language: str,
) -> None:
    """Create a draft selection."""
    state.apply(db, lang)
    info = SelectionInfo(
        title=title,
        organisation=organisation,
        contact=contact,
        deadline=deadline,
        domains=domains,
        priority_enabled=not no_priority,
        language=document_language,
    )
    with open_for_command(state) as conn:
        created = create_selection(conn, info)
    click.echo(t("selection.created", id=created.id, title=created.title))


@selection.command(name="show")
@common_options
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show_command(state: State, db: str | None, lang: str | None, name: str, as_json: bool) -> None:
    """Show a selection: metadata and items with priority, why and drift marks."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        found = find_selection(conn, name)
        items = list_items(conn, found.id)
        unticked = sorted(unticked_uids(conn, found.id), key=uid_sort_key)
    if as_json:
        data = _selection_json(found, items) | {"unticked_by_hand": unticked}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _print_selection(found, items)
    if unticked:
        click.echo(t("selection.unticked_by_hand", uids=uid_list(unticked)))


def _selection_json(found: Selection, items: list[SelectionItem]) -> dict[str, Any]:
    info = found.info
    return {
        "id": found.id,
        "title": info.title,
        "status": found.status.value,
        "organisation": info.organisation,
        "contact": info.contact,
        "deadline": info.deadline,
        "domains": list(info.domains),
        "priority_enabled": info.priority_enabled,
        "language": info.language,
        "answers": {tag: answer.value for tag, answer in found.answers.items()},
        "items": [
            {
                "uid": item.uid,
                "title": item.snapshot.title,
                "category": item.snapshot.category,
                "subcategory": item.snapshot.subcategory,
                "priority": item.snapshot.importance.value,
                "why": list(item.why),
                "edited": item.edited,
                "free_text": item.is_free_text,
                "changed_in_catalogue": item.catalogue_changed,
                "missing_in_catalogue": item.catalogue_missing,
            }
            for item in items
        ],
    }


def _print_selection(found: Selection, items: list[SelectionItem]) -> None:
    info = found.info
    click.echo(f"{info.title}  [{t(f'status.{found.status.value}')}]")
    if info.domains:
        click.echo(f"{t('field.domains')}: {', '.join(info.domains)}")
    click.echo(t("selection.n_ticked", count=len(items)))
    for item in items:
        marks = "".join(
            mark
            for flag, mark in ((item.edited, "✎"), (item.drifted, "Δ"), (item.is_free_text, "+"))
            if flag
        )
        priority = t(item.snapshot.importance.label_key) if info.priority_enabled else ""
        why = "; ".join(describe_reason(reason) for reason in item.why)
        click.echo(f"  {item.uid:<10} {marks:<3} {priority:<13} {item.snapshot.title}  ({why})")


def _uids(values: tuple[str, ...]) -> list[str]:
    return [value.strip().upper() for value in values]


@selection.command(name="add")
@common_options
@click.argument("name")
@click.argument("uids", nargs=-1, required=True)
@click.pass_obj
def add_command(
    state: State, db: str | None, lang: str | None, name: str, uids: tuple[str, ...]
) -> None:
    """Tick requirements in a selection."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        found = find_selection(conn, name)
        report = tick(conn, found.id, _uids(uids))
    click.echo(t("selection.added", count=len(report.added) + len(report.restored)))
    if report.restored_edited:
        click.echo(t("selection.restored_edits", uids=", ".join(report.restored_edited)))
    if report.unknown:
        fail(t("selection.not_ticked", uids=", ".join(report.unknown)))


@selection.command(name="remove")
@common_options
@click.argument("name")
@click.argument("uids", nargs=-1, required=True)
@click.pass_obj
def remove_command(
    state: State, db: str | None, lang: str | None, name: str, uids: tuple[str, ...]
) -> None:
    """Untick requirements; an edited item keeps its edit for a later re-tick."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        found = find_selection(conn, name)
        report = untick(conn, found.id, _uids(uids))
    click.echo(t("selection.removed", count=len(report.removed) + len(report.kept_edited)))
    if report.kept_edited:
        click.echo(t("selection.kept_edits", uids=", ".join(report.kept_edited)))


def _parse_answer(text: str) -> tuple[str, Answer]:
    tag, separator, value = text.rpartition("=")
    aliases = {"yes": Answer.YES, "ja": Answer.YES, "no": Answer.NO, "nej": Answer.NO}
    aliases |= {"unknown": Answer.UNKNOWN, "dontknow": Answer.UNKNOWN, "ved-ikke": Answer.UNKNOWN}
    answer = aliases.get(value.strip().lower())
    if not separator or not tag.strip() or answer is None:
        raise click.BadParameter(t("selection.bad_answer", text=text))
    return tag.strip(), answer


@selection.command(name="answer")
@common_options
@click.argument("name")
@click.argument("answers", nargs=-1, required=True)
@click.option(
    "--retick",
    "retick",
    multiple=True,
    metavar="UID[,UID...]",
)
@click.option(
    "--retick-all",
    is_flag=True,
)
@click.pass_obj
def answer_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    answers: tuple[str, ...],
    retick: tuple[str, ...],
    retick_all: bool,
) -> None:
    """Answer the questionnaire (TAG=yes|no|unknown ...) and tick what it proposes.

    A requirement you unticked by hand stays unticked: the command lists those proposed again
    and ticks them only when named with --retick (or all with --retick-all).
    """
    state.apply(db, lang)
    parsed = dict(_parse_answer(text) for text in answers)
    chosen = _uids(tuple(part for value in retick for part in value.split(",") if part.strip()))
    with open_for_command(state) as conn:
        found = find_selection(conn, name)
        report = apply_questionnaire(
            conn, found.id, answers=parsed, retick=chosen, retick_all=retick_all
        )
    proposal = report.proposal
    click.echo(t("selection.proposed", count=proposal.count, total=proposal.considered))
    new = report.newly_ticked
    click.echo(t_count("selection.applied_new", len(new), uids=uid_list(new)))
    if report.restored_edited:
        click.echo(t("selection.restored_edits", uids=", ".join(report.restored_edited)))
    if report.held_back:
        held = report.held_back
        click.echo(t_count("selection.held_back", len(held), uids=uid_list(held)))
        click.echo(t("selection.retick_hint"))


@selection.command(name="finalise")
@common_options
@click.argument("name")
@click.pass_obj
def finalise_command(state: State, db: str | None, lang: str | None, name: str) -> None:
    """Mark a selection final: from then on it cannot change."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        done = finalise(conn, find_selection(conn, name).id)
    click.echo(t("selection.finalised", title=done.title))
