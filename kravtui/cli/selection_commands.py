"""`kravtui selection ...`: build a requirement specification from scripts.

NAME is a selection's id or its title (case-insensitive).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from kravtui.catalogue.vocabulary import uid_sort_key
from kravtui.cli.common import State, common_options, echo, echo_json, fail, open_for_command
from kravtui.cli.help import group
from kravtui.cli.questionnaire_commands import QUESTIONNAIRE_COMMANDS
from kravtui.cli.requirement_choice import (
    Filters,
    chosen_uids,
    filter_options,
    listed,
    typed_uids,
)
from kravtui.cli.selection_item_commands import ITEM_COMMANDS
from kravtui.i18n import t, t_count, uid_list
from kravtui.selection.current import remember_selection, remembered_selection
from kravtui.selection.deadline import DeadlineState, judge_deadline
from kravtui.selection.items import (
    get_item,
    list_items,
    remove_item,
    tick,
    untick,
    unticked_uids,
)
from kravtui.selection.questionnaire import describe_reason
from kravtui.selection.records import Selection, SelectionInfo, SelectionItem
from kravtui.selection.store import (
    DeadlinePassedError,
    create_selection,
    delete_selection,
    duplicate_selection,
    finalise,
    find_selection,
    list_selections,
    update_info,
)


@group()
def selection() -> None:
    """Selections (requirement specifications) for one purchase."""


for _command in (*ITEM_COMMANDS, *QUESTIONNAIRE_COMMANDS):
    selection.add_command(_command)


def warn_about_past_deadline(info: SelectionInfo) -> None:
    """One line on stderr when the saved deadline is before today (it is saved all the same)."""
    deadline = judge_deadline(info.deadline)
    if deadline.state is DeadlineState.PAST:
        warning = t("cli.deadline_passed_saved", deadline=deadline.stored)
        echo(f"kravtui: {t('cli.warning')}: {warning}", err=True)


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
        echo_json(rows)
        return
    for summary in summaries:
        status = t(f"status.{summary.status.value}")
        ticked = t("selection.n_ticked", count=summary.ticked)
        echo(f"{summary.id:>4}  {summary.title}  [{status}]  {ticked}")


@selection.command(name="new")
@common_options
@click.argument("title")
@click.option("--domain", "domains", multiple=True)
@click.option("--organisation", default="")
@click.option("--contact", default="")
@click.option("--deadline", default="")
@click.option("--no-priority", is_flag=True)
@click.option("--no-prices", is_flag=True)
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
    no_prices: bool,
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
        prices_requested=not no_prices,
    )
    with open_for_command(state, writes=True) as conn:
        created = create_selection(conn, info)
        if remembered_selection(conn) is None:  # a server takes no newest draft: theirs now
            remember_selection(conn, created.id)
    echo(t("selection.created", id=created.id, title=created.title))
    warn_about_past_deadline(created.info)


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
        echo_json(_selection_json(found, items) | {"unticked_by_hand": unticked})
        return
    _print_selection(found, items)
    if unticked:
        echo(t("selection.unticked_by_hand", uids=uid_list(unticked)))


def _selection_json(found: Selection, items: list[SelectionItem]) -> dict[str, Any]:
    info = found.info
    return {
        "id": found.id,
        "title": info.title,
        "status": found.status.value,
        "description": info.description,
        "organisation": info.organisation,
        "contact": info.contact,
        "deadline": info.deadline,
        "deadline_state": judge_deadline(info.deadline).state.value,
        "domains": list(info.domains),
        "priority_enabled": info.priority_enabled,
        "prices_requested": info.prices_requested,
        "language": info.language,
        "version": found.version,
        "created_at": found.created_at,
        "updated_at": found.updated_at,
        "answers": {tag: answer.value for tag, answer in found.answers.items()},
        "items": [
            {
                "uid": item.uid,
                "title": item.snapshot.title,
                "description": item.snapshot.description,
                "rationale": item.snapshot.rationale,
                "help_text": item.snapshot.help_text,
                "category": item.snapshot.category,
                "subcategory": item.snapshot.subcategory,
                "priority": item.snapshot.importance.value,
                "catalogue_version": item.catalogue_version,
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
    echo(f"{info.title}  [{t(f'status.{found.status.value}')}]")
    if info.description:
        echo(f"{t('field.description')}:")
        for line in info.description.splitlines():
            echo(f"  {line}", multi_line=True)
    else:
        echo(f"{t('field.description')}: —")
    deadline = info.deadline
    if judge_deadline(deadline).state is DeadlineState.PAST:
        deadline += " " + t("selection.deadline_before_today")
    priority = t(
        "cli.sel.priority_enabled" if info.priority_enabled else "cli.sel.priority_disabled"
    )
    prices = t("cli.sel.prices_requested" if info.prices_requested else "cli.sel.no_prices")
    answers = ", ".join(f"{tag}={t(f'answer.{a.value}')}" for tag, a in found.answers.items())
    for key, value in (
        ("tui.sel.field.organisation", info.organisation),
        ("tui.sel.field.contact", info.contact),
        ("tui.sel.field.deadline", deadline),
        ("field.domains", ", ".join(info.domains)),
        ("tui.sel.field.priority", priority),
        ("tui.sel.field.prices", prices),
        ("tui.sel.field.language", "Dansk" if info.language == "da" else "English"),
        ("tui.sel.answers", answers),
    ):
        echo(f"{t(key)}: {value or '—'}")
    echo(t("selection.n_ticked", count=len(items)))
    for item in items:
        marks = "".join(
            mark
            for flag, mark in ((item.edited, "✎"), (item.drifted, "Δ"), (item.is_free_text, "+"))
            if flag
        )
        priority = t(item.snapshot.importance.label_key) if info.priority_enabled else ""
        why = "; ".join(describe_reason(reason) for reason in item.why)
        echo(f"  {item.uid:<10} {marks:<3} {priority:<13} {item.snapshot.title}  ({why})")


@selection.command(name="add")
@common_options
@click.argument("name")
@click.argument("uids", nargs=-1)
@filter_options
@click.pass_obj
def add_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    uids: tuple[str, ...],
    filters: Filters,
) -> None:
    """Tick requirements in a selection: by uid, - for uids on standard input, or every
    requirement a filter shows."""
    state.apply(db, lang)
    typed = typed_uids(uids)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        report = tick(conn, found.id, chosen_uids(conn, typed, filters))
    echo(t("selection.added", count=len(report.added) + len(report.restored)))
    if report.restored_edited:
        echo(t("selection.restored_edits", uids=listed(report.restored_edited)))
    if report.unknown:
        fail(t("selection.not_ticked", uids=listed(report.unknown)))


@selection.command(name="remove")
@common_options
@click.argument("name")
@click.argument("uids", nargs=-1)
@filter_options
@click.option("--discard-edits", is_flag=True)
@click.pass_obj
def remove_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    uids: tuple[str, ...],
    filters: Filters,
    discard_edits: bool,
) -> None:
    """Untick requirements (by uid, - for standard input, or what a filter shows); an edited
    item keeps its edit unless --discard-edits."""
    state.apply(db, lang)
    typed = typed_uids(uids)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        wanted = chosen_uids(conn, typed, filters)
        if discard_edits:
            for uid in wanted:  # every uid checked first, so a bad one changes nothing
                get_item(conn, found.id, uid)
            for uid in wanted:
                remove_item(conn, found.id, uid)
            echo(t("cli.sel.discarded", count=len(wanted)))
            return
        report = untick(conn, found.id, wanted)
    echo(t("selection.removed", count=len(report.removed) + len(report.kept_edited)))
    if report.kept_edited:
        echo(t("selection.kept_edits", uids=listed(report.kept_edited)))


@selection.command(name="finalise")
@common_options
@click.argument("name")
@click.option("--allow-past-deadline", is_flag=True)
@click.pass_obj
def finalise_command(
    state: State, db: str | None, lang: str | None, name: str, allow_past_deadline: bool
) -> None:
    """Mark a selection final; a past response deadline needs --allow-past-deadline."""
    state.apply(db, lang)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        try:
            done = finalise(conn, found.id, allow_past_deadline=allow_past_deadline)
        except DeadlinePassedError as error:
            fail(f"{error}; {t('cli.finalise_deadline_hint', name=found.id)}")
    echo(t("selection.finalised", title=done.title))


@selection.command(name="edit")
@common_options
@click.argument("name")
@click.option("--title", default=None)
@click.option("--description", default=None)
@click.option("--organisation", default=None)
@click.option("--contact", default=None)
@click.option("--deadline", default=None)
@click.option("--domain", "domains", multiple=True)
@click.option("--no-domains", is_flag=True)
@click.option("--priority/--no-priority", "priority", default=None)
@click.option("--prices/--no-prices", "prices", default=None)
@click.option("--document-language", type=click.Choice(["da", "en"]), default=None)
@click.pass_obj
def edit_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    title: str | None,
    description: str | None,
    organisation: str | None,
    contact: str | None,
    deadline: str | None,
    domains: tuple[str, ...],
    no_domains: bool,
    priority: bool | None,
    prices: bool | None,
    document_language: str | None,
) -> None:
    """Change a draft selection's details; options not given keep their value."""
    state.apply(db, lang)
    given: dict[str, Any] = {
        "title": title,
        "description": description,
        "organisation": organisation,
        "contact": contact,
        "deadline": deadline,
        "priority_enabled": priority,
        "prices_requested": prices,
        "language": document_language,
    }
    changes = {field: value for field, value in given.items() if value is not None}
    if domains or no_domains:
        changes["domains"] = () if no_domains else domains
    if not changes:
        fail(t("cli.sel.nothing_to_change"))
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        saved = update_info(conn, found.id, replace(found.info, **changes))
    echo(t("cli.sel.saved", title=saved.title))
    if deadline is not None:
        warn_about_past_deadline(saved.info)


@selection.command(name="duplicate")
@common_options
@click.argument("name")
@click.option("--title", default=None)
@click.pass_obj
def duplicate_command(
    state: State, db: str | None, lang: str | None, name: str, title: str | None
) -> None:
    """Copy a selection (a final one too) into a new draft: details, answers and items."""
    state.apply(db, lang)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        copy = duplicate_selection(conn, found.id, title.strip() if title else None)
    echo(t("cli.sel.duplicated", id=copy.id, title=copy.title, source=found.title))


@selection.command(name="delete")
@common_options
@click.argument("name")
@click.option("--yes", is_flag=True)
@click.pass_obj
def delete_command(state: State, db: str | None, lang: str | None, name: str, yes: bool) -> None:
    """Delete a selection and its items; the catalogue is untouched."""
    state.apply(db, lang)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        if not yes:
            count = len(list_items(conn, found.id))
            fail(t_count("cli.sel.delete_needs_yes", count, title=found.title))
        delete_selection(conn, found.id)
    echo(t("cli.sel.deleted", title=found.title))


@selection.command(name="use")
@common_options
@click.argument("name")
@click.pass_obj
def use_command(state: State, db: str | None, lang: str | None, name: str) -> None:
    """Make a selection your current one: the TUI opens on it and Space ticks into it."""
    state.apply(db, lang)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        remember_selection(conn, found.id)
    echo(t("cli.sel.now_current", title=found.title))
