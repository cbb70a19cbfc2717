"""The bundled sample catalogue that a new catalogue starts from.

In the repository it is `data/sample-catalogue.toml`; the wheel carries a copy as
`kravtui/_bundled/sample-catalogue.toml` (hatch force-include in pyproject.toml). The installed
copy is looked for first, then the repository's.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import kravtui
from kravtui.catalogue.db import CatalogueError, create_catalogue, discard_new_catalogue
from kravtui.interchange.catalogue_toml import import_catalogue

SAMPLE_NAME = "sample-catalogue.toml"


def sample_catalogue_path() -> Path:
    """Where the bundled sample is; raises `CatalogueError` if this installation lacks it."""
    package = Path(kravtui.__file__).resolve().parent
    candidates = (package / "_bundled" / SAMPLE_NAME, package.parent / "data" / SAMPLE_NAME)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise CatalogueError(f"the bundled sample catalogue is missing (looked for {candidates[0]})")


def create_from_sample(path: Path | str) -> sqlite3.Connection:
    """Create a new catalogue at `path` holding the sample; refuses an existing file.

    If the sample cannot be imported, the half-made catalogue file is removed again so that a
    later attempt is not refused for a file that exists.
    """
    target = Path(path)
    sample = sample_catalogue_path()
    conn = create_catalogue(target)
    try:
        import_catalogue(conn, sample)
    except BaseException:
        conn.close()
        discard_new_catalogue(target)
        raise
    return conn
