"""`kravtui selection questions|answer`: the questionnaire from the shell.

`questions` lists each tag with its question (and a selection's answers); `answer` records
answers (tag names in any letter case) and ticks what they propose, leaving what the officer
unticked by hand unticked unless named with `--retick`. The commands are added to the
`selection` group by `kravtui.cli.selection_commands`.
"""

from __future__ import annotations

import click

from kravtui.cli.common import State, common_options, echo, echo_json, open_for_command
from kravtui.cli.help import command
from kravtui.cli.selection_item_commands import uids_from
from kravtui.i18n import t, t_count, uid_list
from kravtui.i18n.visible_text import visible
from kravtui.selection.proposals import apply_questionnaire
from kravtui.selection.records import Answer
from kravtui.selection.store import (
    find_selection,
    questions,
    resolve_tag_names,
)


def _parse_answer(text: str) -> tuple[str, Answer]:
    tag, separator, value = text.rpartition("=")
    aliases = {"yes": Answer.YES, "ja": Answer.YES, "no": Answer.NO, "nej": Answer.NO}
    aliases |= {"unknown": Answer.UNKNOWN, "dontknow": Answer.UNKNOWN, "ved-ikke": Answer.UNKNOWN}
    answer = aliases.get(value.strip().lower())
    if not separator or not tag.strip() or answer is None:
        raise click.BadParameter(t("selection.bad_answer", text=text))
    return tag.strip(), answer


@command(name="answer")
@common_options
@click.argument("name")
@click.argument("answers", nargs=-1, required=True)
@click.option("--retick", "retick", multiple=True, metavar="UID[,UID...]")
@click.option("--retick-all", is_flag=True)
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
    """Answer the questionnaire (TAG=yes|no|unknown ...) and tick what it proposes."""
    state.apply(db, lang)
    parsed = dict(_parse_answer(text) for text in answers)
    chosen = uids_from(tuple(part for value in retick for part in value.split(",") if part.strip()))
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, name)
        parsed = resolve_tag_names(conn, parsed)
        report = apply_questionnaire(
            conn, found.id, answers=parsed, retick=chosen, retick_all=retick_all
        )
    proposal = report.proposal
    echo(t("selection.proposed", count=proposal.count, total=proposal.considered))
    new = report.newly_ticked
    echo(t_count("selection.applied_new", len(new), uids=uid_list(new)))
    if report.restored_edited:
        echo(t("selection.restored_edits", uids=", ".join(report.restored_edited)))
    if report.held_back:
        held = report.held_back
        echo(t_count("selection.held_back", len(held), uids=uid_list(held)))
        echo(t("selection.retick_hint"))


@command(name="questions")
@common_options
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def questions_command(
    state: State, db: str | None, lang: str | None, name: str | None, as_json: bool
) -> None:
    """The questionnaire: each tag with its question, and with NAME the selection's answer."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        selection_id = find_selection(conn, name).id if name is not None else None
        rows = questions(conn, selection_id)
    if as_json:
        echo_json(
            [
                {"tag": tag, "question": question, "answer": answer.value if answer else None}
                for tag, question, answer in rows
            ]
        )
        return
    width = max((len(visible(tag)) for tag, _, _ in rows), default=0)
    for tag, question, answer in rows:
        shown = t(f"answer.{answer.value}") if answer else t("cli.sel.unanswered")
        answered = f"  {shown:<13}" if name is not None else ""
        padding = " " * (width - len(visible(tag)))  # echo escapes the tag itself
        echo(f"{tag}{padding}{answered}  {question}")


QUESTIONNAIRE_COMMANDS: tuple[click.Command, ...] = (questions_command, answer_command)
