"""`kravtui selection priority|free-text|edit-item|changes|refresh`: what the TUI's selection
screen (`v`) does to a selection's items, from the shell.

Each command collects its options, calls one service of `kravtui.selection`, and prints the
result through the escaping `echo`; a refusal (a final selection, a uid the selection does not
have, a character the text rule refuses, `--read-only`) is one line and changes nothing. The
commands are added to the `selection` group by `kravtui.cli.selection_commands`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click

from kravtui.catalogue.classifications import load_classifications
from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.vocabulary import Importance
from kravtui.cli.common import (
    State,
    common_options,
    echo,
    echo_json,
    fail,
    open_for_command,
    parse_priority,
)
from kravtui.cli.help import command
from kravtui.i18n import t, uid_list
from kravtui.selection.drift import compare, drifted, keep_snapshot, take_catalogue
from kravtui.selection.items import add_free_text, edit_item, get_item, set_item_importance
from kravtui.selection.records import Snapshot
from kravtui.selection.store import find_selection, require_draft


def uids_from(values: tuple[str, ...]) -> list[str]:
    """Uids as typed on the command line, in the catalogue's spelling (upper case)."""
    return [value.strip().upper() for value in values]


def _priority(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Importance | None:
    return None if value is None else parse_priority(value)


def _category(
    conn: Connection, prefix: str | None, subcategory: str | None
) -> tuple[str | None, str | None]:
    """The catalogue's spelling of a category prefix and a subcategory typed in any case (the
    service refuses names the catalogue does not have)."""
    categories = load_classifications(conn).categories
    found = next(
        (c for c in categories if prefix is not None and c.prefix.casefold() == prefix.casefold()),
        None,
    )
    if found is not None:
        prefix = found.prefix
        if subcategory:
            spelled = [s for s in found.subcategories if s.casefold() == subcategory.casefold()]
            subcategory = spelled[0] if len(spelled) == 1 else subcategory
    return prefix, subcategory


@command(name="priority")
@common_options
@click.argument("name")
@click.argument("uid")
@click.argument("priority", metavar="PRIORITY", callback=_priority)
@click.pass_obj
def priority_command(
    state: State, db: str | None, lang: str | None, name: str, uid: str, priority: Importance
) -> None:
    """Change one requirement's priority in the selection; the catalogue is not touched."""
    state.apply(db, lang)
    (key,) = uids_from((uid,))
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        before = get_item(conn, found.id, key).snapshot.importance
        item = set_item_importance(conn, found.id, key, priority)
    label = t(item.snapshot.importance.label_key)
    message = "cli.sel.priority_same" if before is priority else "cli.sel.priority_set"
    echo(t(message, uid=item.uid, priority=label))


@command(name="free-text")
@common_options
@click.argument("name")
@click.option("--title", required=True)
@click.option("--description", default="")
@click.option("--rationale", default="")
@click.option("--help-text", default="")
@click.option("--category", default=None)
@click.option("--subcategory", default="")
@click.option(
    "--priority", default=None, callback=_priority, metavar="absolute|high|normal|optional"
)
@click.pass_obj
def free_text_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    title: str,
    description: str,
    rationale: str,
    help_text: str,
    category: str | None,
    subcategory: str,
    priority: Importance | None,
) -> None:
    """Add a free-text requirement of your own (FRI-001, FRI-002, ...) to the selection."""
    state.apply(db, lang)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        require_draft(conn, found.id)
        if priority is not None and not found.info.priority_enabled:
            fail(t("selection.priority_off"))
        if category is None:
            categories = load_classifications(conn).categories
            category = categories[0].prefix if categories else ""
        prefix, sub = _category(conn, category, subcategory)
        snapshot = Snapshot(
            uid="",
            title=title.strip(),
            description=description,
            rationale=rationale,
            help_text=help_text,
            category=prefix or "",
            subcategory=sub or "",
            importance=priority or Importance.NORMAL,
        )
        item = add_free_text(conn, found.id, snapshot)
    echo(
        t(
            "cli.sel.free_text_added",
            uid=item.uid,
            category=item.snapshot.category,
            title=item.snapshot.title,
        )
    )


@command(name="edit-item")
@common_options
@click.argument("name")
@click.argument("uid")
@click.option("--title", default=None)
@click.option("--description", default=None)
@click.option("--rationale", default=None)
@click.option("--help-text", default=None)
@click.option("--category", default=None)
@click.option("--subcategory", default=None)
@click.option(
    "--priority", default=None, callback=_priority, metavar="absolute|high|normal|optional"
)
@click.pass_obj
def edit_item_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    uid: str,
    title: str | None,
    description: str | None,
    rationale: str | None,
    help_text: str | None,
    category: str | None,
    subcategory: str | None,
    priority: Importance | None,
) -> None:
    """Edit one requirement's text in the selection (its snapshot), not the catalogue."""
    state.apply(db, lang)
    changes: dict[str, Any] = {
        "title": None if title is None else title.strip(),
        "description": description,
        "rationale": rationale,
        "help_text": help_text,
        "importance": priority,
    }
    given = {field: value for field, value in changes.items() if value is not None}
    if not given and category is None and subcategory is None:
        fail(t("cli.sel.nothing_to_change"))
    (key,) = uids_from((uid,))
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        current = get_item(conn, found.id, key).snapshot
        new_category = current.category if category is None else category
        new_sub = (
            (current.subcategory if category is None else "")
            if subcategory is None
            else subcategory
        )
        prefix, sub = _category(conn, new_category, new_sub)
        snapshot = replace(current, **given, category=prefix or "", subcategory=sub or "")
        item = edit_item(conn, found.id, key, snapshot)
    echo(t("cli.sel.item_saved", uid=item.uid))


@command(name="changes")
@common_options
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def changes_command(
    state: State, db: str | None, lang: str | None, name: str, as_json: bool
) -> None:
    """List the requirements changed in the catalogue since they were ticked, and how."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        found = find_selection(conn, name)
        comparisons = [compare(conn, found.id, item.uid) for item in drifted(conn, found.id)]
    if as_json:
        echo_json(
            [
                {
                    "uid": c.item.uid,
                    "in_catalogue": c.catalogue is not None,
                    "edited": c.item.edited,
                    "fields": {
                        field: {
                            "selection": str(getattr(c.item.snapshot, field)),
                            "catalogue": str(getattr(c.catalogue, field)),
                        }
                        for field in c.fields
                    }
                    if c.catalogue is not None
                    else {},
                }
                for c in comparisons
            ]
        )
        return
    if not comparisons:
        echo(t("cli.sel.no_drift"))
    for comparison in comparisons:
        uid = comparison.item.uid
        if comparison.catalogue is None:
            line = t("cli.sel.drift_gone", uid=uid)
        else:
            fields = ", ".join(t(f"field.{field}") for field in comparison.fields) or "—"
            line = t("cli.sel.drift_changed", uid=uid, fields=fields)
        if comparison.item.edited:
            line += "  " + t("cli.sel.drift_edited")
        echo(line)


@command(name="refresh")
@common_options
@click.argument("name")
@click.argument("uids", nargs=-1)
@click.option("--all", "every", is_flag=True)
@click.option("--keep", is_flag=True)
@click.pass_obj
def refresh_command(
    state: State,
    db: str | None,
    lang: str | None,
    name: str,
    uids: tuple[str, ...],
    every: bool,
    keep: bool,
) -> None:
    """Take the catalogue's text for changed requirements, or with --keep keep the selection's."""
    state.apply(db, lang)
    if not uids and not every:
        fail(t("cli.sel.refresh_what"))
    wanted = uids_from(uids)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        require_draft(conn, found.id)
        for uid in wanted:
            get_item(conn, found.id, uid)  # refuses a uid the selection does not have
        changed = {item.uid: item for item in drifted(conn, found.id)}
        chosen = list(changed) if every else wanted
        stray = [uid for uid in chosen if uid not in changed]
        if stray:
            fail(t("cli.sel.not_drifted", uids=uid_list(stray)))
        gone = [uid for uid in chosen if changed[uid].catalogue_missing]
        if gone and not keep:
            if not every:
                fail(t("cli.sel.gone_cannot_take", uids=uid_list(gone)))
            chosen = [uid for uid in chosen if uid not in gone]  # nothing there to take
            echo(t("cli.sel.gone_left", uids=uid_list(gone)))
        if keep:
            keep_snapshot(conn, found.id, chosen)
        else:
            take_catalogue(conn, found.id, chosen)
    if not chosen:
        echo(t("cli.sel.no_drift"))
        return
    message = "cli.sel.kept" if keep else "cli.sel.took"
    echo(t(message, count=len(chosen), uids=uid_list(chosen)))


ITEM_COMMANDS: tuple[click.Command, ...] = (
    priority_command,
    free_text_command,
    edit_item_command,
    changes_command,
    refresh_command,
)
