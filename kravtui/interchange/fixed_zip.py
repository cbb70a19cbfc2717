"""A zip writer whose output depends on the content only, for reproducible Office packages.

Zip entries carry the time they were written and the attributes of the system that wrote them,
so the same workbook saved twice would differ. `FixedZipFile` stamps every entry 1980-01-01 with
fixed attributes, deflated, in the order it is written, whether the entry comes from bytes
(`writestr`) or is streamed from a file on disk (`write`, which openpyxl uses for the sheets of
a write-only workbook, so a large sheet is copied in chunks instead of being held in memory).
"""

from __future__ import annotations

import os
import shutil
import zipfile
from typing import Any

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_info(name: str) -> zipfile.ZipInfo:
    """A part's zip entry with nothing in it that depends on when or where it was written."""
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info.create_system = 0
    return info


class FixedZipFile(zipfile.ZipFile):
    """A zip writer (deflated) whose every entry is stamped alike (`fixed_info`), whether
    written from bytes (`writestr`) or streamed from a file on disk (`write`)."""

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: Any,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        name = (
            zinfo_or_arcname.filename
            if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
            else zinfo_or_arcname
        )
        super().writestr(fixed_info(name), data)

    def write(
        self,
        filename: Any,
        arcname: Any = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        info = fixed_info(str(arcname if arcname is not None else filename))
        info.file_size = os.path.getsize(filename)
        with open(filename, "rb") as source, self.open(info, "w") as part:
            shutil.copyfileobj(source, part, 1024 * 1024)
