"""Schema for where a requirement came from: its number in another system (OS2kravmotor's id).

The migration is self-contained (it creates a table and an index only, and reads nothing), so it
can take whatever number is next in `MIGRATIONS`.

- ``requirement_source``: one row per requirement and source system (``system``, such as
  ``os2kravmotor``) holding the requirement's number there (``reference``, kept as text). A
  reference names one requirement per system (the primary key) and a requirement has at most
  one reference per system (the unique index), so importing the same file again finds the same
  requirements. Deleting a requirement for good deletes its references.
"""

from __future__ import annotations

# Written out in full: a released migration must not change when the code does.
V8_SOURCES = """
CREATE TABLE requirement_source (
    system TEXT NOT NULL,
    reference TEXT NOT NULL,
    requirement_id INTEGER NOT NULL REFERENCES requirement(id) ON DELETE CASCADE,
    PRIMARY KEY (system, reference)
) WITHOUT ROWID;
CREATE UNIQUE INDEX requirement_source_requirement ON requirement_source (requirement_id, system);
"""
