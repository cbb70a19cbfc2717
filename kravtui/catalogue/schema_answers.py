"""Schema for the market dialogue ("markedsdialog"): vendors, their answers, the officer's verdicts.

The migration is self-contained (it creates tables and indexes only, and reads nothing), so it
can take whatever number is next in `MIGRATIONS`.

- ``vendor``: a company that answers selections (its name is unique; a vendor answers many).
- ``answer_set``: one imported answer file for one selection and vendor: its file name, SHA-256
  and kind, when and by whom it was imported, and the selection ``version`` it answers (the
  version the file was exported at). Re-importing a corrected file keeps the earlier sets with
  ``current = 0``; at most one set per selection and vendor is current (a partial unique index).
- ``vendor_answer``: one row per item (by uid) of a set: the ``choice`` ('' when the vendor chose
  none; ``unclear_choice`` then holds what the vendor wrote when it named no single choice), the
  elaboration ("uddybning"), the price as written and, when it is a number, in hundredths
  (``price_amount``), and whether the vendor changed the requirement text that was sent.
- ``answer_assessment``: the officer's verdict on a vendor's answer to an item, as history: every
  change is a new row (status, comment, who, when, and the answer set it was made against); the
  latest row per (selection, vendor, uid) is the current one.
- ``selection_winner``: the vendor chosen for a selection ("valgt leverandør"), at most one.

Answers are keyed by the item's uid rather than by ``selection_item.id``, so that an answer set
stays as it was imported when the selection's items later change.
"""

from __future__ import annotations

# Written out in full, never built from the code's vocabularies: a released migration must not
# change when a vocabulary does (`kravtui.answers.records` names the same values).
V6_ANSWERS = """
CREATE TABLE vendor (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE TABLE answer_set (
    id INTEGER PRIMARY KEY,
    selection_id INTEGER NOT NULL REFERENCES selection(id) ON DELETE CASCADE,
    vendor_id INTEGER NOT NULL REFERENCES vendor(id) ON DELETE RESTRICT,
    selection_version INTEGER NOT NULL,
    source_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL CHECK (length(source_sha256) = 64),
    source_kind TEXT NOT NULL CHECK (source_kind IN ('xlsx', 'docx')),
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL DEFAULT '',
    current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1))
);
CREATE UNIQUE INDEX answer_set_current ON answer_set (selection_id, vendor_id) WHERE current = 1;
CREATE INDEX answer_set_vendor ON answer_set (vendor_id);
CREATE TABLE vendor_answer (
    answer_set_id INTEGER NOT NULL REFERENCES answer_set(id) ON DELETE CASCADE,
    uid TEXT NOT NULL,
    choice TEXT NOT NULL DEFAULT '' CHECK (
        choice IN ('', 'yes', 'yes_addon', 'yes_partial', 'no', 'not_relevant')
    ),
    unclear_choice TEXT NOT NULL DEFAULT '',
    elaboration TEXT NOT NULL DEFAULT '',
    price TEXT NOT NULL DEFAULT '',
    price_amount INTEGER,
    text_changed INTEGER NOT NULL DEFAULT 0 CHECK (text_changed IN (0, 1)),
    PRIMARY KEY (answer_set_id, uid)
) WITHOUT ROWID;
CREATE TABLE answer_assessment (
    id INTEGER PRIMARY KEY,
    selection_id INTEGER NOT NULL REFERENCES selection(id) ON DELETE CASCADE,
    vendor_id INTEGER NOT NULL REFERENCES vendor(id) ON DELETE RESTRICT,
    uid TEXT NOT NULL,
    answer_set_id INTEGER REFERENCES answer_set(id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (
        status IN ('none', 'accepted', 'accepted_with_comment', 'rejected', 'elaboration_needed')
    ),
    comment TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL
);
CREATE INDEX answer_assessment_item ON answer_assessment (selection_id, vendor_id, uid, id);
CREATE INDEX answer_assessment_set ON answer_assessment (answer_set_id);
CREATE TABLE selection_winner (
    selection_id INTEGER PRIMARY KEY REFERENCES selection(id) ON DELETE CASCADE,
    vendor_id INTEGER NOT NULL REFERENCES vendor(id) ON DELETE RESTRICT,
    chosen_at TEXT NOT NULL,
    chosen_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX selection_winner_vendor ON selection_winner (vendor_id);
"""
