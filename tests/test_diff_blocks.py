"""`kravtui diff` of two catalogue files a requirement block at a time (`catalogue_blocks`): the
same diff as reading both files whole, the same refusals, and a fraction of the memory.
"""

from __future__ import annotations

import tempfile
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kravtui.catalogue.records import CatalogueContent, Domain
from kravtui.catalogue.vocabulary import Importance
from kravtui.cli import main
from kravtui.interchange.catalogue_blocks import diff_catalogue_files
from kravtui.interchange.catalogue_toml import dump_catalogue
from kravtui.interchange.diff import Diff, diff_contents
from kravtui.interchange.kinds import diff_files, parse_file
from tests.test_catalogue_toml import SMALL, catalogues


def whole(old: Path, new: Path) -> Diff:
    """The diff as it was made before: both files parsed and checked whole."""
    return diff_contents(parse_file(old), parse_file(new))


def write(path: Path, content: CatalogueContent | str) -> Path:
    text = content if isinstance(content, str) else dump_catalogue(content)
    path.write_bytes(text.encode("utf-8"))
    return path


def edited(content: CatalogueContent) -> CatalogueContent:
    """One requirement changed, one removed, one added, a domain renamed (not one in use)."""
    requirements = list(content.requirements)
    first = requirements[0]
    requirements[0] = first.with_changes(
        description=first.description + " Ændret.", importance=Importance.OPTIONAL
    )
    del requirements[1]
    requirements.append(replace(first, uid=f"{first.category}-99999", title="Nyt krav"))
    domains = (*content.classifications.domains, Domain("Ny forvaltning"))
    classifications = replace(content.classifications, domains=domains)
    return CatalogueContent(classifications, tuple(requirements))


def big(size: int) -> CatalogueContent:
    template = SMALL.requirements[0]
    text = "Leverandøren skal dokumentere, hvordan data beskyttes i drift og under transport. "
    requirements = tuple(
        replace(template, uid=f"SIK-{n + 1}", title=f"Krav {n}", description=f"{n} {text * 6}")
        for n in range(size)
    )
    return CatalogueContent(SMALL.classifications, requirements)


def test_small_catalogues_give_the_diff_of_the_whole_files(tmp_path: Path) -> None:
    old = write(tmp_path / "old.toml", SMALL)
    new = write(tmp_path / "new.toml", edited(SMALL))
    found = diff_catalogue_files(old, new)
    assert found is not None and found == whole(old, new)
    statuses = {(c.section, c.status.value) for c in found.changes}
    assert {("requirement", "added"), ("requirement", "removed")} <= statuses
    assert ("requirement", "changed") in statuses and ("domain", "added") in statuses
    same = diff_catalogue_files(old, old)
    assert same is not None and same.equal


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogues(), st.data())
def test_any_two_catalogues_give_the_diff_of_the_whole_files(
    content: CatalogueContent, data: st.DataObject
) -> None:
    """Hostile texts in every field, some 20,000 characters long; one requirement edited."""
    target = data.draw(st.sampled_from(content.requirements))
    field = data.draw(st.sampled_from(["title", "description", "notes", "deleted", "tags"]))
    value: object = {"deleted": not target.deleted, "tags": ()}.get(field, "Ændret tekst")
    other = replace(
        content,
        requirements=tuple(
            r.with_changes(**{field: value}) if r is target else r for r in content.requirements
        ),
    )
    with tempfile.TemporaryDirectory() as folder:
        old = write(Path(folder) / "old.toml", content)
        new = write(Path(folder) / "new.toml", other)
        found = diff_catalogue_files(old, new)
        assert found is not None
        assert found == whole(old, new)


@pytest.mark.parametrize(
    "change",
    [
        "crlf",  # line ends another tool wrote
        "bom",  # a byte-order mark in front
        "header-in-text",  # a description holding a line that looks like a requirement's header
        "comment",  # a comment between two requirements
        "hand-written",  # a requirement without its optional fields
    ],
)
def test_unusual_files_give_the_diff_of_the_whole_files(tmp_path: Path, change: str) -> None:
    text = dump_catalogue(edited(SMALL))
    first = SMALL.requirements[0]
    if change == "crlf":
        text = text.replace("\n", "\r\n")
    elif change == "bom":
        text = "\ufeff" + text
    elif change == "header-in-text":
        other = SMALL.requirements[2]
        hidden = f'Se også:\n[requirement.{other.uid}]\ntitle = "x"\n\nog mere.'
        text = dump_catalogue(
            _with(edited(SMALL), first.uid, description=hidden + " " * 100 + "slut")
        )
    elif change == "comment":
        text = text.replace(f"\n[requirement.{first.uid}]", f"\n# ny\n[requirement.{first.uid}]")
    else:
        text += '\n[requirement.SIK-77777]\ntitle = "Kort"\ncategory = "SIK"\nall_domains = true\n'
    old = write(tmp_path / "old.toml", SMALL)
    new = write(tmp_path / "new.toml", text)
    for pair in ((old, new), (new, old), (new, new)):
        assert diff_files(*pair) == whole(*pair)


def _with(content: CatalogueContent, uid: str, **changes: object) -> CatalogueContent:
    requirements = tuple(
        r.with_changes(**changes) if r.uid == uid else r for r in content.requirements
    )
    return replace(content, requirements=requirements)


def test_an_unchanged_requirement_naming_a_removed_domain_is_refused(tmp_path: Path) -> None:
    """The block is the same in both files, but the new file no longer defines its domain."""
    used = next(r for r in SMALL.requirements if r.domains).domains[0]
    domains = tuple(d for d in SMALL.classifications.domains if d.name != used)
    text = dump_catalogue(
        replace(SMALL, classifications=replace(SMALL.classifications, domains=domains))
    )
    old = write(tmp_path / "old.toml", SMALL)
    new = write(tmp_path / "new.toml", text)
    assert diff_catalogue_files(old, new) is None  # left to the whole-file reading, which refuses
    result = CliRunner().invoke(main, ["--lang", "en", "diff", str(old), str(new)])
    assert result.exit_code == 2
    assert f"{new}:" in result.output and used in result.output
    assert len(result.output.splitlines()) == 1


@pytest.mark.parametrize(
    ("old_text", "new_text"),
    [
        ('importance = "high"', 'importance = "x"'),  # refused in both files alike
        ("title = ", "title = 1\ntitle_again = "),
    ],
)
def test_a_refused_block_is_refused_as_before(tmp_path: Path, old_text: str, new_text: str) -> None:
    bad = write(tmp_path / "bad.toml", dump_catalogue(SMALL).replace(old_text, new_text, 1))
    good = write(tmp_path / "good.toml", SMALL)
    for pair in ((bad, bad), (good, bad), (bad, good)):
        assert diff_catalogue_files(*pair) is None
        result = CliRunner().invoke(main, ["--lang", "en", "diff", *map(str, pair)])
        assert result.exit_code == 2
        assert f"{bad}:" in result.output and len(result.output.splitlines()) == 1


def test_memory_holds_the_files_bytes_not_every_requirement_twice(tmp_path: Path) -> None:
    content = big(3_000)
    old = write(tmp_path / "old.toml", content)
    new = write(tmp_path / "new.toml", _with(content, "SIK-7", title="Ændret"))
    size = old.stat().st_size
    assert size > 2_000_000
    tracemalloc.start()
    try:
        found = diff_files(old, new)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [change.key for change in found.changes] == ["SIK-7"]
    assert peak < 3 * size, (peak, size)  # the two files' bytes and a batch


@pytest.mark.parametrize("text", ["", "not toml at all\n", "[[ broken"])
def test_files_without_requirements_or_not_toml(tmp_path: Path, text: str) -> None:
    empty = write(tmp_path / "empty.toml", replace(SMALL, requirements=()))
    other = write(tmp_path / "other.toml", text)
    found = diff_catalogue_files(empty, write(tmp_path / "full.toml", SMALL))
    assert found is not None
    assert found == whole(empty, tmp_path / "full.toml")
    assert diff_catalogue_files(empty, other) is None
    assert diff_catalogue_files(other, other) is None
