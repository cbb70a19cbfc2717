"""SQLite's `?` statements in psycopg's placeholders: only the code's `?` becomes `%s`; a `?`
inside a literal, a quoted name or a comment stays; every `%` is doubled, wherever it is.
(What the server then makes of them: tests/test_postgres_connection.py.)"""

from __future__ import annotations

import pytest

from kravtui.catalogue.sql_placeholders import to_psycopg


def translated(sql: str) -> str:
    return to_psycopg(sql).decode()


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT ?", "SELECT %s"),
        ("SELECT ?, ?", "SELECT %s, %s"),
        ("WHERE uid IN (?,?)", "WHERE uid IN (%s,%s)"),
        # a `?` that is text
        ("SELECT '?', ?", "SELECT '?', %s"),
        ("SELECT 'it''s ?', ?", "SELECT 'it''s ?', %s"),
        ("SELECT E'it\\'s ?', ?", "SELECT E'it\\'s ?', %s"),
        ("SELECT e'\\\\', ?", "SELECT e'\\\\', %s"),
        ('SELECT "odd?name" FROM t WHERE x = ?', 'SELECT "odd?name" FROM t WHERE x = %s'),
        ('SELECT "a""?" , ?', 'SELECT "a""?" , %s'),
        ("SELECT ? -- why?\n, ?", "SELECT %s -- why?\n, %s"),
        ("SELECT /* ? */ ?", "SELECT /* ? */ %s"),
        ("SELECT $$ ? $$, ?", "SELECT $$ ? $$, %s"),
        ("SELECT $q$ it's ? $q$, ?", "SELECT $q$ it's ? $q$, %s"),
        # `%` is doubled everywhere: psycopg reads it inside quotes too
        ("SELECT printf('%010d', ?)", "SELECT printf('%%010d', %s)"),
        ("WHERE t LIKE '%' || ? || '%'", "WHERE t LIKE '%%' || %s || '%%'"),
        ("SELECT 7 % 3", "SELECT 7 %% 3"),
        ("SELECT '%s'", "SELECT '%%s'"),
        ("SELECT 1 -- 100%", "SELECT 1 -- 100%%"),
        ("SELECT 1 /* 50% */", "SELECT 1 /* 50%% */"),
        # a name with a dollar in it is no dollar quote
        (
            "SELECT a$b$ FROM t WHERE x = ? AND y = '$b$'",
            "SELECT a$b$ FROM t WHERE x = %s AND y = '$b$'",
        ),
        # left open: the rest is the literal's, as the server reads it
        ("SELECT 'open ?", "SELECT 'open ?"),
        ('SELECT "open ?', 'SELECT "open ?'),
        ("SELECT ? /* open ?", "SELECT %s /* open ?"),
        ("SELECT $$ open ?", "SELECT $$ open ?"),
        ("", ""),
    ],
)
def test_only_the_codes_question_marks_are_placeholders(sql: str, expected: str) -> None:
    assert translated(sql) == expected


def test_a_statement_with_every_kind_at_once() -> None:
    sql = (
        "SELECT printf('%010d', x), '?', \"a?b\" FROM t -- why?\n"
        "WHERE a = ? AND b LIKE '50%' /* ? */ AND c = ?"
    )
    assert translated(sql) == (
        "SELECT printf('%%010d', x), '?', \"a?b\" FROM t -- why?\n"
        "WHERE a = %s AND b LIKE '50%%' /* ? */ AND c = %s"
    )


def test_hostile_text_in_the_statement_is_never_read_as_a_placeholder() -> None:
    hostile = "\x00\x1b[31m\u202e?%s%%\n"
    assert translated(f"SELECT '{hostile}'") == "SELECT '\x00\x1b[31m\u202e?%%s%%%%\n'"


def test_a_translation_is_kept() -> None:
    statement = "SELECT ? -- kept"
    assert to_psycopg(statement) is to_psycopg(statement)


def test_a_huge_statement_is_translated() -> None:
    count = 30_000
    sql = "SELECT * FROM t WHERE id IN (" + ", ".join("?" * count) + ")"
    assert translated(sql).count("%s") == count
