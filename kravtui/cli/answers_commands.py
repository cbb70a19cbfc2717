"""`kravtui answers ...`: the market dialogue from scripts: import a vendor's returned answer
file, compare the vendors, show one vendor's answers, assess them, choose the winner, write
the evaluation report or the answers as TOML (`report`, in a format of
`kravtui.application.answer_export.ANSWER_FORMATS`), and (`answers sample`, in its own
module) copy the sample's example answered files.

SELECTION is a selection's id or title; VENDOR a vendor's name (any letter case). A selection
that asks for no prices is listed and shown without them (`Comparison.shows_prices`); its JSON
keeps the price fields, empty, and says `"prices_requested": false`. Every command has
`--json`; every text from a file or the catalogue is printed through `echo`/`echo_json`, so
nothing a vendor wrote reaches the terminal raw.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kravtui.answers.records import CHOICE_ORDER, AnswerSetInfo, Assessment, VendorAnswer
from kravtui.answers.store import ImportResult
from kravtui.answers.summary import AnswerLine, VendorSummary
from kravtui.application.answer_export import (
    ANSWER_FORMATS,
    answer_format_for,
    export_answers,
    report_language,
)
from kravtui.application.answers import (
    amount_text,
    assess_answers,
    assessment_history,
    choose_winner,
    clear_winner,
    compare_answers,
    filtered_uids,
    import_answer_file,
    parse_filter,
    parse_status,
    report_lines,
    vendor_answers,
    winner,
)
from kravtui.application.export import ExportError
from kravtui.cli.answers_sample_commands import sample_command
from kravtui.cli.common import State, common_options, echo, echo_json, fail, open_for_command
from kravtui.cli.help import group
from kravtui.config import SettingsError, load_settings
from kravtui.i18n import human_time, t, t_count
from kravtui.selection.store import find_selection


@group()
def answers() -> None:
    """Vendors' answers to a selection: import, compare, assess, choose."""


answers.add_command(sample_command)


def _set_json(answer_set: AnswerSetInfo) -> dict[str, Any]:
    return {
        "id": answer_set.id,
        "vendor": answer_set.vendor.name,
        "file": answer_set.source_name,
        "sha256": answer_set.source_sha256,
        "kind": answer_set.source_kind.value,
        "selection_version": answer_set.selection_version,
        "imported_at": answer_set.imported_at,
        "imported_by": answer_set.imported_by,
        "current": answer_set.current,
    }


def _import_json(selection_id: int, result: ImportResult) -> dict[str, Any]:
    report = result.report
    return {
        "selection": selection_id,
        "answer_set": _set_json(result.answer_set),
        "new_vendor": result.new_vendor,
        "replaced": result.replaced,
        "unchanged": result.unchanged,
        "report": {
            "file": report.source_name,
            "sent": report.sent,
            "answered": report.answered,
            "complete": report.complete,
            "unanswered": list(report.unanswered),
            "ambiguous": [{"uid": a.uid, "written": a.written} for a in report.ambiguous],
            "missing_elaboration": list(report.missing_elaboration),
            "missing_price": list(report.missing_price),
            "text_changed": list(report.text_changed),
            "not_in_selection": list(report.not_in_selection),
            "version_sent": report.version_sent,
            "version_now": report.version_now,
            "added_since_sent": list(report.added_since_sent),
            "removed_since_sent": list(report.removed_since_sent),
            "changed_since_sent": list(report.changed_since_sent),
        },
    }


@answers.command(name="import")
@common_options
@click.argument("selection_name", metavar="SELECTION")
@click.argument("vendor")
@click.argument("file", type=str)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def import_command(
    state: State,
    db: str | None,
    lang: str | None,
    selection_name: str,
    vendor: str,
    file: str,
    as_json: bool,
) -> None:
    """Import a vendor's returned document (.docx) or answer sheet (.xlsx), all or nothing."""
    state.apply(db, lang)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, selection_name)
        result = import_answer_file(conn, found.id, vendor, Path(file))
    if as_json:
        echo_json(_import_json(found.id, result))
        return
    for line in report_lines(result):
        echo(line)


def _summary_json(summary: VendorSummary, prices: bool) -> dict[str, Any]:
    return {
        "vendor": summary.vendor.name,
        "chosen": summary.chosen,
        "answer_set": _set_json(summary.answer_set),
        "answered": summary.answered,
        "items": summary.items,
        "prices_requested": prices,
        "price_total": summary.price_total / 100,
        "price_total_hundredths": summary.price_total,
        "priced": summary.priced,
        "unpriced": list(summary.unpriced),
        "fails_minimum": list(summary.fails_minimum),
        "by_priority": [
            {
                "priority": counts.importance.value if counts.importance else None,
                "choices": {choice.value: counts.count(choice) for choice in CHOICE_ORDER},
                "unanswered": counts.unanswered,
            }
            for counts in summary.by_priority
        ],
        "statuses": {status.value: count for status, count in summary.statuses},
    }


@answers.command(name="list")
@common_options
@click.argument("selection_name", metavar="SELECTION")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def list_command(
    state: State, db: str | None, lang: str | None, selection_name: str, as_json: bool
) -> None:
    """Compare the vendors that answered a selection: counts, prices, failed minimums."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        found = find_selection(conn, selection_name)
        comparison = compare_answers(conn, found.id)
    summaries, prices = comparison.summaries, comparison.shows_prices
    if as_json:
        echo_json([_summary_json(summary, prices) for summary in summaries])
        return
    if not summaries:
        echo(t("answers.cli.none", title=found.title))
        return
    for summary in summaries:
        _print_summary(summary, prices)


def _print_summary(summary: VendorSummary, prices: bool) -> None:
    mark = f"  [{t('answers.winner')}]" if summary.chosen else ""
    echo(f"{summary.vendor.name}{mark}")
    answer_set = summary.answer_set
    echo(
        "  "
        + t(
            "answers.cli.file",
            path=answer_set.source_name,
            when=human_time(answer_set.imported_at),
            version=answer_set.selection_version,
        )
    )
    echo("  " + t("answers.cli.answered", answered=summary.answered, items=summary.items))
    for counts in summary.by_priority:
        if not any(counts.choices) and not counts.unanswered:
            continue
        level = t(counts.importance.label_key) if counts.importance else t("answers.cli.removed")
        shown = ", ".join(
            f"{choice.glyph} {t(choice.label_key)} {counts.count(choice)}"
            for choice in CHOICE_ORDER
            if counts.count(choice)
        )
        if counts.unanswered:
            shown += (", " if shown else "") + f"{t('answers.choice.none')} {counts.unanswered}"
        echo(f"  {level}: {shown or '—'}")
    if prices:
        total = amount_text(summary.price_total)
        echo("  " + t("answers.cli.prices", total=total, count=summary.priced))
    if summary.unpriced:
        echo("  " + t("answers.cli.unpriced", uids=", ".join(summary.unpriced)))
    if summary.fails_minimum:
        echo("  " + t("answers.cli.fails_minimum", uids=", ".join(summary.fails_minimum)))


def _answer_json(line: AnswerLine) -> dict[str, Any]:
    answer: VendorAnswer | None = line.answer
    verdict: Assessment | None = line.assessment
    return {
        "uid": line.uid,
        "title": line.title,
        "priority": line.importance.value if line.importance else None,
        "in_selection": line.importance is not None,
        "choice": answer.choice.value if answer and answer.choice else None,
        "unclear_choice": answer.unclear_choice if answer else "",
        "elaboration": answer.elaboration if answer else "",
        "price": answer.price if answer else "",
        "price_amount": answer.price_amount / 100
        if answer and answer.price_amount is not None
        else None,
        "text_changed": answer.text_changed if answer else False,
        "fails_minimum": line.fails_minimum,
        "status": verdict.status.value if verdict else "none",
        "comment": verdict.comment if verdict else "",
    }


def _choice_words(answer: VendorAnswer | None) -> str:
    if answer is None or (answer.choice is None and not answer.unclear_choice):
        return t("answers.choice.none")
    if answer.choice is None:
        return f"? {answer.unclear_choice}"
    return f"{answer.choice.glyph} {t(answer.choice.label_key)}"


@answers.command(name="show")
@common_options
@click.argument("selection_name", metavar="SELECTION")
@click.argument("vendor")
@click.argument("uid", required=False)
@click.option("--filter", "filter_name", metavar="FILTER")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def show_command(
    state: State,
    db: str | None,
    lang: str | None,
    selection_name: str,
    vendor: str,
    uid: str | None,
    filter_name: str | None,
    as_json: bool,
) -> None:
    """Show a vendor's answers, or one answer in full with its assessments' history."""
    state.apply(db, lang)
    with open_for_command(state) as conn:
        answer_filter = parse_filter(filter_name) if filter_name is not None else None
        found = find_selection(conn, selection_name)
        shown = vendor_answers(conn, found.id, vendor)
        history = assessment_history(conn, found.id, vendor, uid) if uid else []
        wanted = (
            set(filtered_uids(conn, found.id, answer_filter)) if answer_filter is not None else None
        )
    lines = shown.lines
    if wanted is not None:
        lines = [line for line in lines if line.uid in wanted]
    if uid is not None:
        lines = [line for line in lines if line.uid == uid]
        if not lines:
            fail(t("answers.not_answered_items", vendor=shown.vendor.name, uids=uid))
    if as_json:
        data: dict[str, Any] = {
            "vendor": shown.vendor.name,
            "prices_requested": shown.shows_prices,
            "answer_set": _set_json(shown.answer_set),
            "earlier": [_set_json(s) for s in shown.earlier],
            "answers": [_answer_json(line) for line in lines],
        }
        if uid is not None:
            data["history"] = [
                {"status": v.status.value, "comment": v.comment, "author": v.author, "at": v.at}
                for v in history
            ]
        echo_json(data)
        return
    if uid is not None:
        _print_one(lines[0], history, shown.shows_prices)
        return
    echo(shown.vendor.name)
    for line in lines:
        _print_line(line)


def _print_line(line: AnswerLine) -> None:
    answer = line.answer
    priority = t(line.importance.label_key) if line.importance else t("answers.cli.removed")
    marks = "".join(
        mark
        for flag, mark in (
            (line.fails_minimum, "!"),
            (bool(answer and answer.text_changed), "Δ"),
            (bool(answer and answer.elaboration), "…"),
        )
        if flag
    )
    verdict = t(line.assessment.status.label_key) if line.assessment else ""
    price = answer.price if answer else ""
    cells = [f"{line.uid:<10}", f"{marks:<3}", f"{priority:<13}", f"{_choice_words(answer):<20}"]
    cells.extend(text for text in (price, verdict) if text)
    echo("  " + " ".join(cells))


def _print_one(line: AnswerLine, history: list[Assessment], prices: bool) -> None:
    answer = line.answer
    echo(f"{line.uid}  {line.title}")
    priority = t(line.importance.label_key) if line.importance else t("answers.cli.removed")
    echo(f"{t('field.importance')}: {priority}")
    echo(f"{t('answers.column.choice')}: {_choice_words(answer)}")
    if line.fails_minimum:
        echo(t("answers.cli.fails_this_minimum"))
    if answer is not None and answer.text_changed:
        echo(t("answers.cli.text_changed"))
    if prices:
        echo(f"{t('field.price')}: {(answer.price if answer else '') or '—'}")
    echo(f"{t('field.elaboration')}:")
    for text in ((answer.elaboration if answer else "") or "—").splitlines():
        echo(f"  {text}", multi_line=True)
    for verdict in history:
        comment = f": {verdict.comment}" if verdict.comment else ""
        when = human_time(verdict.at)
        echo(f"  {when}  {verdict.author}  {t(verdict.status.label_key)}{comment}", multi_line=True)


@answers.command(name="assess")
@common_options
@click.argument("selection_name", metavar="SELECTION")
@click.argument("vendor")
@click.argument("status")
@click.argument("uids", nargs=-1, required=True)
@click.option("--comment", default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def assess_command(
    state: State,
    db: str | None,
    lang: str | None,
    selection_name: str,
    vendor: str,
    status: str,
    uids: tuple[str, ...],
    comment: str | None,
    as_json: bool,
) -> None:
    """Assess a vendor's answers to the given requirements (accepted, rejected, ...)."""
    state.apply(db, lang)
    with open_for_command(state, writes=True) as conn:
        found = find_selection(conn, selection_name)
        chosen = parse_status(status)
        changed = assess_answers(conn, found.id, vendor, list(uids), chosen, comment)
    if as_json:
        echo_json({"status": chosen.value, "changed": list(changed)})
        return
    echo(t_count("answers.cli.assessed", len(changed), status=t(chosen.label_key)))


@answers.command(name="winner")
@common_options
@click.argument("selection_name", metavar="SELECTION")
@click.argument("vendor", required=False)
@click.option("--clear", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def winner_command(
    state: State,
    db: str | None,
    lang: str | None,
    selection_name: str,
    vendor: str | None,
    clear: bool,
    as_json: bool,
) -> None:
    """Show, choose (VENDOR) or clear (--clear) the selection's chosen vendor."""
    state.apply(db, lang)
    if vendor is not None and clear:
        fail(t("answers.cli.winner_or_clear"), status=2)
    writes = vendor is not None or clear
    with open_for_command(state, writes=writes) as conn:
        found = find_selection(conn, selection_name)
        if vendor is not None:
            choose_winner(conn, found.id, vendor)
        elif clear:
            clear_winner(conn, found.id)
        chosen = winner(conn, found.id)
    if as_json:
        echo_json({"selection": found.id, "winner": chosen.name if chosen else None})
        return
    if chosen is None:
        echo(t("answers.cli.no_winner", title=found.title))
    else:
        echo(t("answers.cli.winner", title=found.title, vendor=chosen.name))


@answers.command(name="report")
@common_options
@click.argument("selection_name", metavar="SELECTION")
@click.argument("file", type=str)
@click.option("--format", "format_name", type=click.Choice(list(ANSWER_FORMATS)), default=None)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def report_command(
    state: State,
    db: str | None,
    lang: str | None,
    selection_name: str,
    file: str,
    format_name: str | None,
    as_json: bool,
) -> None:
    """Write the evaluation report of a selection's answers (DOCX or XLSX), or every answer
    and verdict as TOML; the format by FILE's suffix."""
    state.apply(db, lang)
    path = Path(file)
    try:
        chosen = answer_format_for(path, format_name)
        configured = None if state.lang else load_settings().language
    except (ExportError, SettingsError) as error:
        fail(str(error), status=2 if isinstance(error, ExportError) else 1)
    language = report_language(state.lang, configured)
    with open_for_command(state) as conn:
        found = find_selection(conn, selection_name)
        try:
            written = export_answers(conn, found.id, path, chosen, language)
        except ExportError as error:
            fail(str(error))
    if as_json:
        echo_json(
            {
                "selection": found.id,
                "file": file,
                "format": chosen,
                "language": language,
                "requirements": written.requirements,
                "vendors": written.vendors,
            }
        )
        return
    echo(
        t(
            "answers.export.written" if chosen == "toml" else "answer_report.written",
            path=file,
            vendors=written.vendors,
            items=written.requirements,
        )
    )
