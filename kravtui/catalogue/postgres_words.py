"""A PostgreSQL catalogue's word list filled by the client: ``kravtui db copy``'s bulk fill.

The server keeps the word list (`kravtui.catalogue.schema_postgres`, ``_search_words``) for every
writer with statement triggers, splitting the texts in SQL; a writer that paused them (a copy by
``COPY``) had it build the list anew with ``kravtui_refill_words()``, which at 100,000
requirements cost the server about 23 s of a copy's 55: the SQL split runs twice over some five
million words, then sorts them twice. `fill_word_list` reads each requirement's folded uid and
``search`` column back (the server's fold: no case rule is copied here), splits them in Python
by the very rules of ``kravtui_words``, ``kravtui_uid_terms`` and the uid's own words that the
text's list leaves out (`requirement_words`, `uid_terms`), numbers the words and writes both
tables by ``COPY``: about 2 s of the client and 3 s of the server at 100,000.

`tests/test_postgres_words.py` compares the two ways row by row on hostile text (every kind of
white space, control characters, combining marks, runs longer than `WORD_PIECE`, uids a
tsvector or ``COPY`` reads something into).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kravtui.catalogue.schema_postgres import UID_LONG, UID_STARTS, WORD_EXACT, WORD_PIECE

if TYPE_CHECKING:
    from kravtui.catalogue.postgres_connection import PostgresConnection

_BREAKS = ("\t", "\n", "\r", "\x0b", "\x0c")
"""What ``kravtui_words`` makes a space before splitting (its ``translate``)."""

_HALF = WORD_PIECE // 2


def _runs(text: str) -> list[str]:
    """`text` cut at spaces after every break became one (SQL's ``string_to_array``), empty
    runs included. ``str.replace`` rather than ``str.translate``: ten times faster on text
    beyond ASCII."""
    for character in _BREAKS:
        text = text.replace(character, " ")
    return text.split(" ")


def _pieces(run: str) -> list[str]:
    """A run longer than `WORD_PIECE` as ``kravtui_words`` lists it: pieces of `WORD_PIECE`
    characters starting every `_HALF` characters, up to `_HALF` before its end."""
    return [
        run[start - 1 : start - 1 + WORD_PIECE]
        for start in range(1, max(len(run) - _HALF, 1) + 1, _HALF)
    ]


def requirement_words(search: str, folded_uid: str) -> set[str]:
    """The words of a requirement's ``search`` column the word list holds for it: the runs of
    ``kravtui_words`` (a long one as its pieces), but those equal to a run of the folded uid
    (its terms stand for them: `uid_terms`)."""
    words = set(_runs(search))
    words.discard("")
    if words and max(map(len, words)) > WORD_PIECE:
        long = {run for run in words if len(run) > WORD_PIECE}
        words -= long
        for run in long:
            words.update(_pieces(run))
    words.difference_update(_runs(folded_uid))
    return words


def uid_terms(folded_uid: str) -> list[str]:
    """The lexemes of ``kravtui_uid_terms``: ``u`` and the folded uid's suffix from each of its
    first `UID_STARTS` characters, cut to `WORD_EXACT` (none shorter than three characters),
    and `UID_LONG` for a longer uid; sorted and each once, as a tsvector holds them."""
    length = len(folded_uid)
    terms = {
        "u" + folded_uid[start : start + WORD_EXACT] for start in range(min(length - 2, UID_STARTS))
    }
    if length - 2 > UID_STARTS:
        terms.add(UID_LONG)
    return sorted(terms)


def tsvector_text(lexemes: Iterable[str]) -> str:
    """`lexemes` as a tsvector's text: each quoted, its quotes doubled, its backslashes
    escaped."""
    return " ".join(
        "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'" for lexeme in lexemes
    )


def fill_word_list(conn: PostgresConnection) -> None:
    """Build the word list of every requirement anew (as ``kravtui_refill_words()`` does) with
    the words split here, inside the caller's transaction. Only for the table's owner with the
    word list's triggers paused (``kravtui db copy``)."""
    import psycopg

    numbers: dict[str, int] = {}
    listed: list[tuple[str, str, str, str]] = []
    try:
        with conn.raw.cursor() as cursor:
            cursor.execute(b"DELETE FROM kravtui_requirement_words")
            cursor.execute(b"DELETE FROM kravtui_word")
            read = (
                b"COPY (SELECT id, deleted, kravtui_fold(uid), search FROM requirement) TO STDOUT"
            )
            with cursor.copy(read) as copy:
                for requirement_id, deleted, folded_uid, search in copy.rows():
                    words = requirement_words(search, folded_uid)
                    for word in sorted(words.difference(numbers)):
                        numbers[word] = len(numbers) + 1
                    ids = ",".join(map(str, sorted(map(numbers.__getitem__, words))))
                    terms = tsvector_text(uid_terms(folded_uid))
                    listed.append((requirement_id, deleted, terms, "{" + ids + "}"))
            with cursor.copy(b"COPY kravtui_word (id, word) FROM STDIN") as copy:
                for word, number in numbers.items():
                    copy.write_row((number, word))
            write = b"COPY kravtui_requirement_words (id, deleted, uid_terms, words) FROM STDIN"
            with cursor.copy(write) as copy:
                for row in listed:
                    copy.write_row(row)
            cursor.execute(
                b"SELECT setval(pg_get_serial_sequence('kravtui_word', 'id'),"
                b" COALESCE(max(id), 1), max(id) IS NOT NULL) FROM kravtui_word"
            )
            cursor.execute(b"SELECT kravtui_merge_words()")
    except psycopg.Error as error:
        raise conn.translated(error) from None
