"""The market dialogue's use cases for both faces: import a vendor's returned file, compare the
vendors, assess answers, choose the winner; and the import report in words.

A face names the selection and the vendor as the user typed them and gets records back; every
refusal is an `AnswersError` or an `InterchangeError` with a one-line message, and nothing is
changed by a refused action. A returned file is chosen by its suffix: an .xlsx answer sheet is
read by `kravtui.interchange.answer_sheet_read`, a .docx requirement specification with answer
fields by `kravtui.interchange.docx.answers_read`; a macro-enabled file is refused.

The comparison of every vendor's answers (`compare_answers`: the Besvarelser screen's rows and
`answers show --filter`) and the counts per vendor (`answers list`) come from one reading,
`kravtui.answers.compare`, so both faces count alike. Whether prices are shown is decided
there too (`Comparison.shows_prices`, `VendorAnswers.shows_prices`: `summary.shows_prices`), so
no face asks the selection itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kravtui.answers import assessments
from kravtui.answers.compare import AnswerFilter, ComparedItem, Comparison, load_comparison
from kravtui.answers.errors import AnswersError
from kravtui.answers.judge import ImportReport
from kravtui.answers.price import amount_text as amount_text  # the faces' one import
from kravtui.answers.records import (
    AnswerSetInfo,
    Assessment,
    ReturnedFile,
    Status,
    Vendor,
    VendorAnswer,
)
from kravtui.answers.store import (
    ImportResult,
    answer_of,
    answer_sets,
    current_set,
    find_vendor,
    import_answers,
)
from kravtui.answers.summary import AnswerLine, VendorSummary, answer_lines, shows_prices
from kravtui.answers.words import read_status
from kravtui.catalogue.dbapi import Connection
from kravtui.i18n import t, uid_list
from kravtui.interchange.errors import InterchangeError
from kravtui.selection.store import get_selection

_MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlsb", ".docm", ".dotm"})


def read_returned_file(path: Path) -> ReturnedFile:
    """A vendor's returned file, read by the reader its suffix names (see the module)."""
    suffix = path.suffix.lower()
    if suffix in _MACRO_SUFFIXES:
        raise InterchangeError(str(path), t("interchange.package.macros"))
    if suffix == ".docx":
        from kravtui.interchange.docx.answers_read import read_answer_document

        return read_answer_document(path)
    if suffix != ".xlsx":
        raise AnswersError(t("answers.unknown_kind", path=path))
    from kravtui.interchange.answer_sheet_read import read_answer_sheet

    return read_answer_sheet(path)


def import_answer_file(
    conn: Connection, selection_id: int, vendor_name: str, path: Path
) -> ImportResult:
    """Read the vendor's returned file at `path` and import it, all or nothing."""
    return import_answers(conn, selection_id, vendor_name, read_returned_file(path))


def compare_vendors(conn: Connection, selection_id: int) -> list[VendorSummary]:
    """Each vendor's answers to the selection at a glance, by name."""
    return load_comparison(conn, selection_id).summaries


def compare_answers(conn: Connection, selection_id: int) -> Comparison:
    """Every vendor's answers to the selection side by side, item by item."""
    return load_comparison(conn, selection_id)


def parse_filter(text: str) -> AnswerFilter:
    """A filter by its code ("fails_minimum" or "fails-minimum"); `AnswersError` otherwise."""
    try:
        return AnswerFilter(text.strip().lower().replace("-", "_"))
    except ValueError:
        known = ", ".join(f.value.replace("_", "-") for f in AnswerFilter)
        raise AnswersError(t("answers.unknown_filter", value=text, known=known)) from None


def filtered_uids(conn: Connection, selection_id: int, answer_filter: AnswerFilter) -> list[str]:
    """The items `answer_filter` shows, in document order (see `AnswerFilter`)."""
    comparison = load_comparison(conn, selection_id)
    return [comparison.items[row].uid for row in comparison.matching(answer_filter)]


@dataclass(frozen=True, slots=True)
class AnswerDetail:
    """One vendor's answer to one item in full: the answer (None when the vendor's file held
    none), the verdicts given on it (newest first), and the requirement text as the selection
    holds it now ('' for an item no longer in it)."""

    item: ComparedItem
    vendor: Vendor
    answer: VendorAnswer | None
    history: list[Assessment]
    description: str


def answer_detail(conn: Connection, comparison: Comparison, row: int, vendor: int) -> AnswerDetail:
    """The answer of vendor number `vendor` to the item in row `row` of `comparison`."""
    item = comparison.items[row]
    column = comparison.vendors[vendor]
    answer = answer_of(conn, column.answer_set, item.uid)
    history = assessments.assessment_history(conn, comparison.selection_id, column.vendor, item.uid)
    description = ""
    if item.importance is not None:
        found = conn.execute(
            "SELECT description FROM selection_item WHERE selection_id = ? AND uid = ?",
            (comparison.selection_id, item.uid),
        ).fetchone()
        description = str(found[0]) if found is not None else ""
    return AnswerDetail(item, column.vendor, answer, history, description)


@dataclass(frozen=True, slots=True)
class VendorAnswers:
    """One vendor's current answers to a selection, with its earlier answer files;
    `shows_prices`: whether the selection's answers are shown with prices (without, the lines
    carry none)."""

    vendor: Vendor
    answer_set: AnswerSetInfo
    lines: list[AnswerLine]
    earlier: list[AnswerSetInfo]
    shows_prices: bool = True


def vendor_answers(conn: Connection, selection_id: int, vendor_name: str) -> VendorAnswers:
    """The vendor's answers to each item, with the officer's current verdicts."""
    vendor = find_vendor(conn, vendor_name)
    current = current_set(conn, selection_id, vendor)
    earlier = [s for s in answer_sets(conn, selection_id, vendor) if not s.current]
    lines = answer_lines(conn, selection_id, vendor)
    priced = shows_prices(get_selection(conn, selection_id).info)
    return VendorAnswers(vendor, current, lines, earlier, shows_prices=priced)


def assessment_history(
    conn: Connection, selection_id: int, vendor_name: str, uid: str
) -> list[Assessment]:
    """Every verdict on the vendor's answer to `uid`, newest first."""
    vendor = find_vendor(conn, vendor_name)
    return assessments.assessment_history(conn, selection_id, vendor, uid)


def parse_status(text: str) -> Status:
    """An assessment named by its code or its label in either language; `AnswersError`."""
    status = read_status(text)
    if status is None:
        known = ", ".join(status.value for status in Status)
        raise AnswersError(t("answers.unknown_status", value=text, known=known))
    return status


def assess_answers(
    conn: Connection,
    selection_id: int,
    vendor_name: str,
    uids: list[str],
    status: Status,
    comment: str | None = None,
) -> tuple[str, ...]:
    """Give the vendor's answers to `uids` a verdict; the uids whose verdict changed. Without
    a `comment` (None) each answer keeps its current one; "" clears it (`assessments.assess`)."""
    vendor = find_vendor(conn, vendor_name)
    return assessments.assess(conn, selection_id, vendor, uids, status, comment)


def choose_winner(conn: Connection, selection_id: int, vendor_name: str) -> Vendor:
    """Make the vendor the selection's chosen vendor."""
    vendor = find_vendor(conn, vendor_name)
    assessments.choose_winner(conn, selection_id, vendor)
    return vendor


def clear_winner(conn: Connection, selection_id: int) -> bool:
    """The selection has no chosen vendor any more; whether it had one."""
    return assessments.clear_winner(conn, selection_id)


def winner(conn: Connection, selection_id: int) -> Vendor | None:
    """The selection's chosen vendor, if any."""
    return assessments.winner(conn, selection_id)


def report_lines(result: ImportResult) -> list[str]:
    """The import report in words, one line each (raw text: the face escapes it)."""
    report = result.report
    vendor = result.answer_set.vendor.name
    if result.unchanged:
        return [t("answers.report.unchanged", path=report.source_name, vendor=vendor)]
    lines = [
        t(
            "answers.report.imported",
            path=report.source_name,
            vendor=vendor,
            answered=report.answered,
            sent=report.sent,
        )
    ]
    if result.replaced:
        lines.append(t("answers.report.replaced"))
    lines.extend(_gaps(report))
    if report.selection_changed:
        lines.append(_changes(report))
    if report.complete:
        lines.append(t("answers.report.complete"))
    return lines


def _gaps(report: ImportReport) -> list[str]:
    lines = []
    for key, uids in (
        ("answers.report.unanswered", report.unanswered),
        ("answers.report.missing_elaboration", report.missing_elaboration),
        ("answers.report.missing_price", report.missing_price),
        ("answers.report.text_changed", report.text_changed),
        ("answers.report.not_in_selection", report.not_in_selection),
    ):
        if uids:
            lines.append(t(key, count=len(uids), uids=uid_list(list(uids))))
    if report.ambiguous:
        shown = [f"{item.uid} ('{item.written}')" for item in report.ambiguous]
        lines.append(t("answers.report.ambiguous", count=len(shown), uids=uid_list(shown)))
    return lines


def _changes(report: ImportReport) -> str:
    parts = [
        t(key, uids=uid_list(list(uids)))
        for key, uids in (
            ("answers.report.added", report.added_since_sent),
            ("answers.report.removed", report.removed_since_sent),
            ("answers.report.changed", report.changed_since_sent),
        )
        if uids
    ]
    return t(
        "answers.report.selection_changed",
        sent=report.version_sent,
        now=report.version_now,
        changes="; ".join(parts) or t("answers.report.no_item_changes"),
    )
