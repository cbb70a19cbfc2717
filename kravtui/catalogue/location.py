"""Where a catalogue lives: a SQLite file, or a database on a PostgreSQL server.

`--db` and `$KRAVTUI_DB` take either; `locate` tells them apart with libpq's own conventions, so
that whatever ``psql`` accepts names a PostgreSQL catalogue here too:

- a URL starting with ``postgresql://`` or ``postgres://`` (libpq's two URI prefixes, in that
  exact case): ``postgresql://officer@db.example.dk/kravbank?sslmode=verify-full``;
- a libpq keyword string: text whose first ``=`` comes right after one of libpq's connection
  keywords, spaces aside (``service=kravtui``, ``host=db dbname=kravbank``). A file whose name
  merely holds an ``=`` is still a file: ``./service=x`` or ``team=a.db`` do not start with a
  keyword followed by ``=`` (``team`` is none), and a path to a file always can be written so;
- anything else is the path of a SQLite file (``~`` expanded).

The conninfo is handed to libpq (through psycopg) as it was given, so the rest of libpq's
conventions apply unchanged: ``PGHOST``, ``PGPORT``, ``PGUSER``, ``PGDATABASE`` and the other
``PG*`` variables fill in what it leaves out, ``service=`` reads ``~/.pg_service.conf`` or
``PGSERVICEFILE``, the password comes from ``~/.pgpass`` (or ``PGPASSFILE``) when the conninfo
has none, and ``sslmode`` and friends mean what they mean to libpq. A password never has to be
on the command line, and is never shown: `display` masks it (`kravtui.catalogue.conninfo_secrets`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from kravtui.catalogue.conninfo_secrets import scrub
from kravtui.config import chosen_catalogue, default_db_path

URI_PREFIXES = ("postgresql://", "postgres://")
"""libpq's URI prefixes (`uri_prefix_length` in libpq compares them exactly)."""

LIBPQ_KEYWORDS = frozenset(
    {
        "application_name",
        "channel_binding",
        "client_encoding",
        "connect_timeout",
        "dbname",
        "fallback_application_name",
        "gssdelegation",
        "gssencmode",
        "gsslib",
        "host",
        "hostaddr",
        "keepalives",
        "keepalives_count",
        "keepalives_idle",
        "keepalives_interval",
        "krbsrvname",
        "load_balance_hosts",
        "max_protocol_version",
        "min_protocol_version",
        "oauth_client_id",
        "oauth_client_secret",
        "oauth_issuer",
        "oauth_scope",
        "options",
        "passfile",
        "password",
        "port",
        "replication",
        "require_auth",
        "requirepeer",
        "scram_client_key",
        "scram_server_key",
        "service",
        "ssl_max_protocol_version",
        "ssl_min_protocol_version",
        "sslcert",
        "sslcertmode",
        "sslcompression",
        "sslcrl",
        "sslcrldir",
        "sslkey",
        "sslkeylogfile",
        "sslmode",
        "sslnegotiation",
        "sslpassword",
        "sslrootcert",
        "sslsni",
        "target_session_attrs",
        "tcp_user_timeout",
        "user",
    }
)
"""libpq's connection keywords (its documentation's "Parameter Key Words", libpq 18)."""

_FIRST_KEYWORD = re.compile(r"\s*([A-Za-z_]+)\s*=")


@dataclass(frozen=True, slots=True)
class SqliteLocation:
    """A catalogue file."""

    path: Path

    @property
    def display(self) -> str:
        return str(self.path)


@dataclass(frozen=True, slots=True)
class PostgresLocation:
    """A catalogue in a PostgreSQL database, by its libpq conninfo (a URL or keyword string)."""

    conninfo: str

    @property
    def display(self) -> str:
        """The conninfo with every secret masked (wherever else it occurs in it, too): the only
        form a message may show."""
        return scrub(self.conninfo, self.conninfo)

    def __repr__(self) -> str:  # a stray repr in a log or traceback shows no password either
        return f"PostgresLocation({self.display!r})"


CatalogueLocation = SqliteLocation | PostgresLocation


def is_postgres_conninfo(text: str) -> bool:
    """Whether `text` names a PostgreSQL database rather than a file (the rules above)."""
    if text.startswith(URI_PREFIXES):
        return True
    first = _FIRST_KEYWORD.match(text)
    return first is not None and first.group(1) in LIBPQ_KEYWORDS


def locate(text: str | os.PathLike[str]) -> CatalogueLocation:
    """The catalogue `text` names: a PostgreSQL conninfo as it was given, else a file."""
    if isinstance(text, str) and is_postgres_conninfo(text):
        return PostgresLocation(text)
    return SqliteLocation(Path(text).expanduser())


def resolve_location(explicit: str | os.PathLike[str] | None = None) -> CatalogueLocation:
    """The catalogue asked for: `explicit` (--db), else `$KRAVTUI_DB`, else the default file."""
    chosen = chosen_catalogue(explicit)
    return SqliteLocation(default_db_path()) if chosen is None else locate(chosen)
