"""The catalogue's tables as SQLModel classes, for scripts, reports and other databases.

The schema itself is made by the migrations in `kravtui.catalogue.schema` (plain SQL: FTS5
indexes, triggers and a generated column are beyond an ORM), and kravtui's own services use plain
`sqlite3`: loading 100,000 ORM objects takes ten times as long as plain rows, and importing
SQLModel alone costs about a third of a second, which the TUI's first frame must not wait for.

These classes are the same tables in typed Python, with their keys, unique sets and CHECK rules,
checked against the migrated schema of both engines by the tests (`tests/test_models.py`,
`tests/test_schema_parity.py`), so they cannot drift from it. They serve:

- scripts and reports that read a catalogue with SQLModel (`engine` opens one, read-only unless
  asked otherwise)::

      from sqlmodel import Session, select
      from kravtui.catalogue.models import Requirement, engine

      with Session(engine("catalogue.db")) as session:
          for requirement in session.exec(select(Requirement).where(Requirement.favourite)):
              print(requirement.uid, requirement.title)

- moving the data model to another database (DESIGN.md: portable to PostgreSQL):
  ``SQLModel.metadata.create_all`` creates these tables there; the tests compile them for
  PostgreSQL.

Writing through these classes bypasses the services (revisions, optimistic locking, checks):
do that with `kravtui import` or the services in `kravtui.catalogue`, not here.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import (
    CheckConstraint,
    Column,
    Computed,
    Engine,
    ForeignKey,
    Index,
    Integer,
    Text,
    UniqueConstraint,
    create_engine,
    text,
)
from sqlmodel import Field, SQLModel

UID_ORDER = (
    "substr(uid, 1, instr(uid, '-'))"
    " || printf('%010d', CAST(substr(uid, instr(uid, '-') + 1) AS INTEGER))"
)


IMPORTANCES = ("optional", "normal", "high", "absolute")


def _one_of(table: str, column: str, values: tuple[str, ...]) -> CheckConstraint:
    """The rule that `column` holds one of `values`, named as PostgreSQL names a column's own
    CHECK (``<table>_<column>_check``), as every rule here is."""
    listed = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{table}_{column}_check")


def _flags(table: str, *columns: str) -> tuple[CheckConstraint, ...]:
    """The rule that each of `columns` is 0 or 1."""
    return tuple(
        CheckConstraint(f"{column} IN (0, 1)", name=f"{table}_{column}_check") for column in columns
    )


def _link(
    target: str, on_delete: str, *, primary_key: bool = False, nullable: bool = False
) -> Column[int]:
    """A foreign-key column to `target` (``table.column``) with its ON DELETE rule."""
    return Column(
        Integer,
        ForeignKey(target, ondelete=on_delete),
        primary_key=primary_key,
        nullable=nullable,
    )


class Category(SQLModel, table=True):
    """A category (kategori), ordered by `position`; `prefix` starts its requirements' uids."""

    id: int | None = Field(default=None, primary_key=True)
    prefix: str = Field(unique=True)
    name: str = Field(unique=True)
    description: str = ""
    position: int


class Subcategory(SQLModel, table=True):
    """A subcategory (underkategori) of one category."""

    __table_args__ = (UniqueConstraint("category_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    category_id: int = Field(sa_column=_link("category.id", "RESTRICT"))
    name: str
    position: int


class Domain(SQLModel, table=True):
    """A municipal domain (fagområde)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    position: int


class Tag(SQLModel, table=True):
    """A tag (filter) with the yes/no question the questionnaire asks about it."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    question: str = ""
    position: int


class Principle(SQLModel, table=True):
    """An architecture principle (arkitekturprincip) with its reference."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    reference: str = ""
    position: int


class Requirement(SQLModel, table=True):
    """A requirement (krav). Flags are 0/1; `importance` is a `Importance` value."""

    __table_args__ = (
        _one_of("requirement", "importance", IMPORTANCES),
        *_flags(
            "requirement",
            "info_requirement",
            "favourite",
            "all_domains",
            "all_tags",
            "relevant_saas",
            "relevant_on_premise",
            "deleted",
        ),
        Index("requirement_list_key", "list_key", unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)
    title: str
    description: str = ""
    rationale: str = ""
    help_text: str = ""
    notes: str = ""
    stakeholders: str = ""
    importance: str = "normal"
    category_id: int = Field(sa_column=_link("category.id", "RESTRICT"))
    subcategory_id: int | None = Field(
        default=None, sa_column=_link("subcategory.id", "RESTRICT", nullable=True)
    )
    info_requirement: bool = False
    favourite: bool = False
    all_domains: bool = False
    all_tags: bool = False
    relevant_saas: bool = False
    relevant_on_premise: bool = False
    deleted: bool = False
    version: int = 1
    created_at: str
    updated_at: str
    created_by: str = ""
    updated_by: str = ""
    uid_order: str | None = Field(
        default=None, sa_column=Column(Text, Computed(UID_ORDER, persisted=False))
    )
    list_key: int | None = None  # kept by the schema's triggers: never set it


class RequirementDomain(SQLModel, table=True):
    """A requirement belongs to a domain."""

    __tablename__ = "requirement_domain"
    requirement_id: int = Field(sa_column=_link("requirement.id", "CASCADE", primary_key=True))
    domain_id: int = Field(sa_column=_link("domain.id", "RESTRICT", primary_key=True))


class RequirementTag(SQLModel, table=True):
    """A requirement carries a tag."""

    __tablename__ = "requirement_tag"
    requirement_id: int = Field(sa_column=_link("requirement.id", "CASCADE", primary_key=True))
    tag_id: int = Field(sa_column=_link("tag.id", "RESTRICT", primary_key=True))


class RequirementPrinciple(SQLModel, table=True):
    """A requirement follows an architecture principle."""

    __tablename__ = "requirement_principle"
    requirement_id: int = Field(sa_column=_link("requirement.id", "CASCADE", primary_key=True))
    principle_id: int = Field(sa_column=_link("principle.id", "RESTRICT", primary_key=True))


class Revision(SQLModel, table=True):
    """One revision of a requirement: who, when, what (`content` is the whole requirement)."""

    __table_args__ = (
        UniqueConstraint("requirement_id", "number"),
        _one_of("revision", "action", ("create", "edit", "delete", "restore", "import")),
    )
    id: int | None = Field(default=None, primary_key=True)
    requirement_id: int = Field(sa_column=_link("requirement.id", "CASCADE"))
    number: int
    action: str
    author: str = ""
    at: str
    content: str


class Selection(SQLModel, table=True):
    """A requirement specification (kravspecifikation) being put together."""

    __table_args__ = (
        _one_of("selection", "status", ("draft", "final")),
        *_flags("selection", "priority_enabled", "prices_requested"),
    )
    id: int | None = Field(default=None, primary_key=True)
    title: str
    description: str = ""
    organisation: str = ""
    contact: str = ""
    deadline: str = ""
    priority_enabled: bool = True
    status: str = "draft"
    language: str = "da"
    version: int = 1
    created_at: str
    updated_at: str
    prices_requested: bool = True


class SelectionDomain(SQLModel, table=True):
    """A selection is for a domain."""

    __tablename__ = "selection_domain"
    selection_id: int = Field(sa_column=_link("selection.id", "CASCADE", primary_key=True))
    domain_id: int = Field(sa_column=_link("domain.id", "RESTRICT", primary_key=True))


class SelectionAnswer(SQLModel, table=True):
    """The questionnaire's answer (yes, no, unknown) for one tag in one selection."""

    __tablename__ = "selection_answer"
    __table_args__ = (_one_of("selection_answer", "answer", ("yes", "no", "unknown")),)
    selection_id: int = Field(sa_column=_link("selection.id", "CASCADE", primary_key=True))
    tag_id: int = Field(sa_column=_link("tag.id", "RESTRICT", primary_key=True))
    answer: str


class SelectionItem(SQLModel, table=True):
    """A requirement in a selection: a snapshot of it (or a free-text one, without origin)."""

    __tablename__ = "selection_item"
    __table_args__ = (
        UniqueConstraint("selection_id", "uid"),
        _one_of("selection_item", "importance", IMPORTANCES),
        *_flags("selection_item", "ticked", "edited"),
    )
    id: int | None = Field(default=None, primary_key=True)
    selection_id: int = Field(sa_column=_link("selection.id", "CASCADE"))
    requirement_id: int | None = Field(
        default=None, sa_column=_link("requirement.id", "SET NULL", nullable=True)
    )
    uid: str
    title: str
    description: str = ""
    rationale: str = ""
    help_text: str = ""
    category_id: int = Field(sa_column=_link("category.id", "RESTRICT"))
    subcategory_id: int | None = Field(
        default=None, sa_column=_link("subcategory.id", "RESTRICT", nullable=True)
    )
    importance: str = "normal"
    catalogue_version: int | None = None
    ticked: bool = True
    edited: bool = False
    why: str = ""


class Vendor(SQLModel, table=True):
    """A company that answers selections (leverandør)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    created_at: str


class AnswerSet(SQLModel, table=True):
    """One imported answer file of a vendor for a selection; `current` marks the one in force,
    earlier ones are history."""

    __tablename__ = "answer_set"
    __table_args__ = (
        CheckConstraint("length(source_sha256) = 64", name="answer_set_source_sha256_check"),
        _one_of("answer_set", "source_kind", ("xlsx", "docx")),
        *_flags("answer_set", "current"),
        Index(
            "answer_set_current",
            "selection_id",
            "vendor_id",
            unique=True,
            sqlite_where=text("current = 1"),
            postgresql_where=text("current = 1"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    selection_id: int = Field(sa_column=_link("selection.id", "CASCADE"))
    vendor_id: int = Field(sa_column=_link("vendor.id", "RESTRICT"))
    selection_version: int
    source_name: str
    source_sha256: str
    source_kind: str
    imported_at: str
    imported_by: str = ""
    current: bool = True


class VendorAnswer(SQLModel, table=True):
    """A vendor's answer to one item (by uid) of an answer set: choice, elaboration, price."""

    __tablename__ = "vendor_answer"
    __table_args__ = (
        _one_of(
            "vendor_answer",
            "choice",
            ("", "yes", "yes_addon", "yes_partial", "no", "not_relevant"),
        ),
        *_flags("vendor_answer", "text_changed"),
    )
    answer_set_id: int = Field(sa_column=_link("answer_set.id", "CASCADE", primary_key=True))
    uid: str = Field(primary_key=True)
    choice: str = ""
    unclear_choice: str = ""
    elaboration: str = ""
    price: str = ""
    price_amount: int | None = None
    text_changed: bool = False


class AnswerAssessment(SQLModel, table=True):
    """One verdict of the officer on a vendor's answer; the latest per item is the current."""

    __tablename__ = "answer_assessment"
    __table_args__ = (
        _one_of(
            "answer_assessment",
            "status",
            ("none", "accepted", "accepted_with_comment", "rejected", "elaboration_needed"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    selection_id: int = Field(sa_column=_link("selection.id", "CASCADE"))
    vendor_id: int = Field(sa_column=_link("vendor.id", "RESTRICT"))
    uid: str
    answer_set_id: int | None = Field(
        default=None, sa_column=_link("answer_set.id", "SET NULL", nullable=True)
    )
    status: str
    comment: str = ""
    author: str = ""
    at: str


class SelectionWinner(SQLModel, table=True):
    """The vendor chosen for a selection (valgt leverandør)."""

    __tablename__ = "selection_winner"
    selection_id: int = Field(sa_column=_link("selection.id", "CASCADE", primary_key=True))
    vendor_id: int = Field(sa_column=_link("vendor.id", "RESTRICT"))
    chosen_at: str
    chosen_by: str = ""


class RequirementSource(SQLModel, table=True):
    """A requirement's number in another system (OS2kravmotor's "Krav id"), one per system."""

    __tablename__ = "requirement_source"
    __table_args__ = (
        Index("requirement_source_requirement", "requirement_id", "system", unique=True),
    )
    system: str = Field(primary_key=True)
    reference: str = Field(primary_key=True)
    requirement_id: int = Field(sa_column=_link("requirement.id", "CASCADE"))


class Meta(SQLModel, table=True):
    """Settings kept in the catalogue itself (the current selection, and the like)."""

    key: str = Field(primary_key=True)
    value: str


def engine(path: Path | str, *, read_only: bool = True) -> Engine:
    """An SQLAlchemy engine on the catalogue file, read-only unless asked otherwise."""
    target = Path(path).resolve().as_posix()
    mode = "ro" if read_only else "rw"
    return create_engine(
        f"sqlite:///file:{target}?mode={mode}&uri=true", connect_args={"check_same_thread": False}
    )
