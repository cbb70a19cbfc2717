"""Keeping passwords out of every message: a conninfo shown masked, an error's text scrubbed.

A PostgreSQL conninfo may carry secrets (``postgresql://editor:hunter2@db/kravbank``,
``password=hunter2``, ``sslpassword=...``), and libpq echoes the conninfo in some of its errors
(``invalid URI query parameter``, ``missing "]" in IPv6 host address in URI: "..."``). So no
message shows a conninfo or a database error as it is: `masked_conninfo` replaces each secret
value by ``***`` where a conninfo is shown, and `scrub` takes every secret of the conninfo (raw
and percent-decoded, and ``$PGPASSWORD``) out of any text, and masks whatever else in it looks
like a password in a URL or a ``password=`` setting. Masking too much is allowed; too little is not.
"""

from __future__ import annotations

import os
import re
from urllib.parse import unquote

MASK = "***"

SECRET_KEYWORDS = (
    "password",
    "sslpassword",
    "oauth_client_secret",
    "scram_client_key",
    "scram_server_key",
)
"""libpq's connection keywords whose values are secrets."""

_URI = re.compile(r"(postgres(?:ql)?://)([^?#\s\"']*)")
_SECRET_NAMES = "|".join((*SECRET_KEYWORDS, r"\w*(?:pass|pwd|secret)\w*"))
"""libpq's secret keywords, and any name that looks like one, in any case: libpq refuses an
unknown keyword (``PASSWORD=``, ``passwd=``) and its error echoes the whole conninfo."""
_QUERY_SECRET = re.compile(rf"([?&](?:{_SECRET_NAMES})=)([^&#\s\"']*)", re.IGNORECASE)
_KEYWORD_SECRET = re.compile(
    rf"(?<![\w?&])({_SECRET_NAMES})(\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)", re.IGNORECASE
)
_SECRET_NAME = re.compile(rf"(?:{_SECRET_NAMES})", re.IGNORECASE)
_KEYWORD_PAIR = re.compile(r"\s*([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'?|(?:[^\s\\]|\\.)*)")


def _mask_authority(match: re.Match[str]) -> str:
    """A URI's user:password@ part with the password masked; everything up to its last ``@``
    before the query counts as the user info (so a stray ``@`` or ``/`` in it is masked too)."""
    prefix, rest = match.group(1), match.group(2)
    userinfo, at, hosts = rest.rpartition("@")
    if not at:
        return match.group(0)
    user, colon, _ = userinfo.partition(":")
    return f"{prefix}{user}{colon and ':' + MASK}@{hosts}"


def masked_conninfo(conninfo: str) -> str:
    """`conninfo` as it may be shown: every secret value replaced by ``***``."""
    masked = _URI.sub(_mask_authority, conninfo)
    masked = _QUERY_SECRET.sub(lambda m: m.group(1) + MASK, masked)
    return _KEYWORD_SECRET.sub(lambda m: m.group(1) + m.group(2) + MASK, masked)


def _unquoted(value: str) -> str:
    """A libpq keyword value without its quotes and backslash escapes."""
    if value.startswith("'"):
        value = value[1:-1] if len(value) > 1 and value.endswith("'") else value[1:]
    return re.sub(r"\\(.)", r"\1", value)


def secrets_of(conninfo: str) -> set[str]:
    """The secret values in `conninfo` (as written and as libpq reads them), and $PGPASSWORD."""
    found: set[str] = set()
    for match in _URI.finditer(conninfo):
        userinfo, at, _ = match.group(2).rpartition("@")
        if at and ":" in userinfo:
            password = userinfo.partition(":")[2]
            found.update({password, unquote(password)})
    for match in _QUERY_SECRET.finditer(conninfo):
        found.update({match.group(2), unquote(match.group(2))})
    if not conninfo.startswith(("postgresql://", "postgres://")):
        for key, value in _KEYWORD_PAIR.findall(conninfo):
            if _SECRET_NAME.fullmatch(key):
                found.update({value, _unquoted(value)})
    environment = os.environ.get("PGPASSWORD")
    if environment:
        found.add(environment)
    found.discard("")
    found.discard(MASK)
    return found


def scrub(text: str, conninfo: str = "") -> str:
    """`text` (an error message, say) with every secret of `conninfo` and anything that looks
    like a password in a URL or a ``password=`` setting replaced by ``***``."""
    for secret in sorted(secrets_of(conninfo), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return masked_conninfo(text)
