"""Which requirements a command acts on: uids typed, uids piped in (``-``), and the search and
facet filters `kravtui list` has (``--search``, ``--category``, ``--priority``, ``--domain``,
``--tag``).

`filter_options` gives a command those five options as one `Filters` value; `filter_query`
turns it into the `SearchQuery` the list runs. `chosen_uids` collects what `selection add` and
`selection remove` act on, so that ticking what a filter shows needs no xargs::

    kravtui selection add Udbud --search krypt --category SIK
    kravtui list --search log | grep -v BAK | kravtui selection add Udbud -

Standard input holds one requirement per line: the first tab-separated field of each line
(a uid, or `kravtui list`'s tab-separated lines whole), or uids separated by blanks.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any, TypeVar

import click

from kravtui.catalogue.dbapi import Connection
from kravtui.catalogue.search import SearchQuery, matching_uids
from kravtui.cli.common import fail, parse_priority
from kravtui.i18n import t
from kravtui.selection.store import title_fold
from kravtui.selection.typed_keys import storable

STDIN_LIMIT_BYTES = 64 * 1024 * 1024
"""The most a command reads from standard input: `kravtui list`'s lines for 100,000
requirements are about 7 MB."""

SHOWN_UIDS = 10
"""Uids named in one message; the rest are counted."""

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Filters:
    """The search and facet options as typed."""

    text: str = ""
    categories: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def given(self) -> bool:
        return bool(
            self.text.strip() or self.categories or self.priorities or self.domains or self.tags
        )


_OPTIONS = (
    click.option("--search", "text", default=""),
    click.option("--category", "categories", multiple=True),
    click.option("--priority", "priorities", multiple=True),
    click.option("--domain", "domains", multiple=True),
    click.option("--tag", "tags", multiple=True),
)


def filter_options(command: F) -> F:
    """Give `command` the five filter options, passed to it as ``filters=Filters(...)``."""

    @functools.wraps(command)
    def with_filters(
        *args: Any,
        text: str,
        categories: tuple[str, ...],
        priorities: tuple[str, ...],
        domains: tuple[str, ...],
        tags: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        filters = Filters(text, categories, priorities, domains, tags)
        return command(*args, filters=filters, **kwargs)

    with_filters.__dict__["__click_params__"] = list(getattr(command, "__click_params__", []))
    decorated: Callable[..., Any] = with_filters
    for option in reversed(_OPTIONS):
        decorated = option(decorated)
    return decorated  # type: ignore[return-value]


def filter_query(conn: Connection, filters: Filters, **more: Any) -> SearchQuery:
    """The `SearchQuery` of `filters` (categories by prefix or name, priorities by code or
    label), with `more` of its fields; one error line for a category the catalogue lacks."""
    return SearchQuery(
        text=filters.text,
        categories=frozenset(category_prefix(conn, c) for c in filters.categories),
        importances=frozenset(parse_priority(p) for p in filters.priorities),
        domains=frozenset(filters.domains),
        tags=frozenset(filters.tags),
        **more,
    )


def category_prefix(conn: Connection, value: str) -> str:
    """The prefix of the category whose prefix or name is `value`, the name apart from the case
    of its ASCII letters (SQLite's lower() on both engines, `title_fold`: "sikkerhed" names
    "Sikkerhed", "øKONOMI" does not name "Økonomi" on either); one error line when none is, a
    value no name can hold (NUL, not UTF-8) included."""
    lower = title_fold(conn)
    row = (
        conn.execute(
            f"SELECT prefix FROM category WHERE prefix = ? OR {lower}(name) = {lower}(?)",
            (value, value),
        ).fetchone()
        if storable(value)
        else None
    )
    if row is None:
        fail(t("cli.unknown_category", name=value))
    return str(row[0])


def typed_uids(values: Iterable[str], stdin: IO[bytes] | None = None) -> list[str]:
    """The uids typed, with ``-`` replaced by those on standard input, in the catalogue's
    spelling (upper case), each once in the order given; one error line when standard input is
    a terminal, too large or not UTF-8."""
    uids: list[str] = []
    for value in values:
        if value == "-":
            uids.extend(_stdin_uids(stdin if stdin is not None else sys.stdin.buffer))
        elif value.strip():
            uids.append(value.strip())
    return list(dict.fromkeys(uid.upper() for uid in uids))


def _stdin_uids(stream: IO[bytes]) -> list[str]:
    if stream.isatty():
        fail(t("cli.stdin_is_terminal"))
    data = stream.read(STDIN_LIMIT_BYTES + 1)
    if len(data) > STDIN_LIMIT_BYTES:
        fail(t("cli.stdin_too_large", limit=STDIN_LIMIT_BYTES // (1024 * 1024)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        fail(t("cli.stdin_not_utf8", position=error.start))
    uids: list[str] = []
    for line in text.splitlines():
        if "\t" in line:
            uids.append(line.partition("\t")[0].strip())
        else:
            uids.extend(line.split())
    return [uid for uid in uids if uid]


def chosen_uids(conn: Connection, uids: list[str], filters: Filters) -> list[str]:
    """The uids typed or piped in (`typed_uids`, read before the catalogue is opened) and,
    when a filter is given, every live requirement it shows, in list order; a usage error when
    neither names anything."""
    if not uids and not filters.given():
        raise click.UsageError(t("cli.choose_requirements"))
    if filters.given():
        found = matching_uids(conn, filter_query(conn, filters))
        uids = list(dict.fromkeys([*uids, *found]))
    return uids


def listed(uids: Sequence[str]) -> str:
    """The first `SHOWN_UIDS` of `uids`, and how many more there are."""
    shown = ", ".join(uids[:SHOWN_UIDS])
    rest = len(uids) - SHOWN_UIDS
    return shown if rest <= 0 else t("cli.and_more", shown=shown, count=rest)
