"""`kravtui diff`: semantic differences of catalogue and selection files, exit codes, outputs."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kravtui.catalogue.records import CatalogueContent, RequirementContent
from kravtui.catalogue.vocabulary import Importance
from kravtui.cli import main
from kravtui.interchange.catalogue_toml import dump_catalogue
from kravtui.interchange.diff import ChangeStatus, diff_contents
from kravtui.interchange.selection_toml import dump_selection, parse_selection
from kravtui.selection.records import Answer
from kravtui.selection.transfer import SelectionContent
from tests.test_catalogue_toml import SMALL

SELECTION_GOLDEN = Path(__file__).parent / "golden" / "selection-small.toml"
SELECTION = parse_selection(SELECTION_GOLDEN.read_text(encoding="utf-8"), "golden")


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GIT_PAGER_IN_USE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


def _write(path: Path, content: CatalogueContent | SelectionContent) -> Path:
    text = (
        dump_catalogue(content)
        if isinstance(content, CatalogueContent)
        else dump_selection(content)
    )
    path.write_text(text, encoding="utf-8")
    return path


def _diff(tmp_path: Path, old: object, new: object, *options: str, lang: str = "en") -> Result:
    files = [
        _write(tmp_path / f"{name}.toml", content)  # type: ignore[arg-type]
        for name, content in (("old", old), ("new", new))
    ]
    return CliRunner().invoke(main, ["--lang", lang, "diff", *options, *map(str, files)])


def _requirement(content: CatalogueContent, uid: str, **changes: object) -> CatalogueContent:
    return replace(
        content,
        requirements=tuple(
            r.with_changes(**changes) if r.uid == uid else r for r in content.requirements
        ),
    )


def _item(content: SelectionContent, uid: str, **changes: object) -> SelectionContent:
    items = tuple(
        replace(item, snapshot=replace(item.snapshot, **changes)) if item.uid == uid else item
        for item in content.items
    )
    return replace(content, items=items)


# --- catalogues ---------------------------------------------------------------------------


def test_identical_catalogues_exit_0(tmp_path: Path) -> None:
    result = _diff(tmp_path, SMALL, SMALL)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "no differences"


def test_added_and_removed_requirements(tmp_path: Path) -> None:
    added = RequirementContent(
        uid="LOG-2", title="Nyt logkrav", category="LOG", all_domains=True, description="Ny."
    )
    new = replace(SMALL, requirements=(*[r for r in SMALL.requirements if r.uid != "LOG-1"], added))
    result = _diff(tmp_path, SMALL, new)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "- requirement LOG-1: Gammelt logkrav" in lines
    assert "+ requirement LOG-2: Nyt logkrav" in lines
    assert "    description: Ny." in lines
    assert lines[-1] == "requirements: 1 added, 1 removed"


def test_changed_text_is_highlighted_word_by_word(tmp_path: Path) -> None:
    sik2 = next(r for r in SMALL.requirements if r.uid == "SIK-2")
    new = _requirement(
        SMALL, "SIK-2", description=sik2.description.replace("to faktorer", "tre faktorer")
    )
    result = _diff(tmp_path, SMALL, new)
    assert result.exit_code == 1
    assert "~ requirement SIK-2: To-faktor-login for administratorer" in result.output
    assert (
        "    description: Administratorer skal logge ind med [-to-]{+tre+} faktorer"
        in result.output
    )
    assert result.output.splitlines()[-1] == "requirements: 1 changed"


def test_a_long_unchanged_text_is_shortened_around_the_change(tmp_path: Path) -> None:
    sik10 = next(r for r in SMALL.requirements if r.uid == "SIK-10")
    new = _requirement(
        SMALL, "SIK-10", description=sik10.description.replace("Punkt 7:", "Punkt syv:")
    )
    result = _diff(tmp_path, SMALL, new)
    line = next(line for line in result.output.splitlines() if "description:" in line)
    assert "Punkt [-7:-]{+syv:+} leverandøren" in line
    assert line.count("…") == 2 and len(line) < 200


def test_changed_priority_and_lists(tmp_path: Path) -> None:
    new = _requirement(SMALL, "SIK-10", importance=Importance.ABSOLUTE, tags=("Cloud",))
    result = _diff(tmp_path, SMALL, new)
    assert "    importance: [-high-]{+absolute+}" in result.output
    assert "    tags: [-Persondata-], {+Cloud+}" in result.output


def test_renamed_category_is_a_classification_change(tmp_path: Path) -> None:
    categories = list(SMALL.classifications.categories)
    categories[0] = replace(categories[0], name="Informationssikkerhed")
    new = replace(
        SMALL, classifications=replace(SMALL.classifications, categories=tuple(categories))
    )
    result = _diff(tmp_path, SMALL, new)
    assert result.exit_code == 1
    assert "~ category SIK: Informationssikkerhed" in result.output
    assert "    name: [-Sikkerhed og adgangsstyring-]{+Informationssikkerhed+}" in result.output
    assert result.output.splitlines()[-1] == "categories: 1 changed"


def test_classification_order_and_questions(tmp_path: Path) -> None:
    tags = tuple(reversed(SMALL.classifications.tags))
    tags = (replace(tags[0], question="Leveres det i skyen?"), *tags[1:])
    new = replace(SMALL, classifications=replace(SMALL.classifications, tags=tags))
    diff = diff_contents(SMALL, new)
    assert [(c.section, c.status) for c in diff.changes] == [
        ("tag", ChangeStatus.MOVED),
        ("tag", ChangeStatus.CHANGED),
    ]
    result = _diff(tmp_path, SMALL, new)
    assert "~ tag: order changed" in result.output
    assert "    order: {+Cloud+}, Persondata, [-Cloud-]" in result.output


def test_stat_and_json(tmp_path: Path) -> None:
    new = _requirement(SMALL, "SIK-2", title="Ny titel")
    stat = _diff(tmp_path, SMALL, new, "--stat")
    assert stat.exit_code == 1
    assert stat.output == "requirements: 0 added, 0 removed, 1 changed\n"
    data = json.loads(_diff(tmp_path, SMALL, new, "--json").output)
    assert data["kind"] == "catalogue" and data["equal"] is False
    assert data["summary"] == {"requirement": {"added": 0, "removed": 0, "changed": 1}}
    assert data["changes"] == [
        {
            "section": "requirement",
            "key": "SIK-2",
            "status": "changed",
            "title": "Ny titel",
            "fields": [
                {
                    "field": "title",
                    "before": "To-faktor-login for administratorer",
                    "after": "Ny titel",
                }
            ],
        }
    ]
    counts = json.loads(_diff(tmp_path, SMALL, SMALL, "--json", "--stat").output)
    assert counts["equal"] is True and "changes" not in counts


# --- selections ---------------------------------------------------------------------------


def test_identical_selections_exit_0(tmp_path: Path) -> None:
    assert _diff(tmp_path, SELECTION, SELECTION).exit_code == 0


def test_selection_items_added_removed_and_changed(tmp_path: Path) -> None:
    removed = replace(SELECTION, items=tuple(i for i in SELECTION.items if i.uid != "ARK-1"))
    changed = _item(removed, "SIK-2", description="Administratorer skal logge ind med MFA.")
    changed = _item(changed, "LOG-1", importance=Importance.OPTIONAL, category="SIK")
    result = _diff(tmp_path, SELECTION, changed)
    assert result.exit_code == 1
    out = result.output
    assert "- requirement ARK-1: Arkiveringsversion" in out
    assert "~ requirement SIK-2: To-faktor-login for alle" in out
    assert "    description: Administratorer skal logge ind med [-to faktorer.-]{+MFA.+}" in out
    assert "    importance: [-high-]{+optional+}" in out
    assert "    category: [-LOG-]{+SIK+}" in out  # moved to another category
    assert out.splitlines()[-1] == "requirements: 1 removed, 2 changed"
    back = _diff(tmp_path, changed, SELECTION)
    assert "+ requirement ARK-1: Arkiveringsversion" in back.output
    assert "    ticked: false\n    edited: true\n" in back.output
    assert "    title:" not in back.output  # the head line has it


def test_selection_metadata_only(tmp_path: Path) -> None:
    info = replace(SELECTION.info, deadline="2025-04-01", domains=("Økonomi",))
    answers = {**SELECTION.answers, "Persondata": Answer.NO}
    new = replace(SELECTION, info=info, answers=answers)
    result = _diff(tmp_path, SELECTION, new)
    out = result.output
    assert "~ selection: Nyt ESDH-system" in out
    assert "    deadline: [-2025-03-01-]{+2025-04-01+}" in out
    assert "    domains: Økonomi, [-Børn og unge-]" in out
    assert "~ answer Persondata: [-yes-]{+no+}" in out
    assert out.splitlines()[-1] == "selection details: 1 changed; answers: 1 changed"
    danish = _diff(tmp_path, SELECTION, new, lang="da")
    assert danish.output.splitlines()[-1] == "stamdata: 1 ændret; spørgeskemasvar: 1 ændret"
    assert "~ svar Persondata: [-yes-]{+no+}" in danish.output


# --- errors, styles, /dev/null ------------------------------------------------------------


def test_mixed_kinds_and_bad_files_exit_2(tmp_path: Path) -> None:
    result = _diff(tmp_path, SMALL, SELECTION)
    assert result.exit_code == 2
    assert "cannot compare a catalogue file with a selection file" in result.output
    bad = tmp_path / "bad.toml"
    bad.write_text(dump_catalogue(SMALL).replace('importance = "high"', 'importance = "x"'))
    result = CliRunner().invoke(main, ["--lang", "en", "diff", str(bad), str(bad)])
    assert result.exit_code == 2
    line = dump_catalogue(SMALL).split('importance = "high"')[0].count("\n") + 1
    assert f"{bad}:{line}: requirement.SIK-10.importance: unknown importance" in result.output
    missing = CliRunner().invoke(main, ["diff", str(bad), str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2
    usage = CliRunner().invoke(main, ["diff", str(bad)])
    assert usage.exit_code == 2


def test_dev_null_stands_for_a_missing_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "s.toml", SELECTION)
    result = CliRunner().invoke(main, ["--lang", "en", "diff", "/dev/null", str(path)])
    assert result.exit_code == 1
    assert "+ selection: Nyt ESDH-system" in result.output
    assert result.output.splitlines()[-1] == (
        "selection details: 1 added; answers: 2 added; requirements: 5 added"
    )
    gone = CliRunner().invoke(main, ["--lang", "en", "diff", str(path), "/dev/null"])
    assert "- requirement SIK-10: Kryptering under transport" in gone.output


def test_styles_mark_words_without_relying_on_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    new = _requirement(SMALL, "SIK-2", title="To-faktor-login for alle administratorer")
    styled = _diff(tmp_path, SMALL, new, "--color", "always").output
    assert "\x1b[4;32malle" in styled  # underlined and green
    assert "[-" not in styled and "{+" not in styled
    monkeypatch.setenv("NO_COLOR", "1")
    no_color = _diff(tmp_path, SMALL, new, "--color", "always").output
    assert "\x1b[4malle" in no_color and "32m" not in no_color  # underlined, no colour
    plain = _diff(tmp_path, SMALL, new).output  # auto, NO_COLOR: markers, no escape codes
    assert "\x1b" not in plain and "{+alle +}" not in plain and "{+alle+}" in plain
    removed = _diff(tmp_path, new, SMALL, "--color", "always").output
    assert "\x1b[9malle" in removed  # struck through


def test_words_shared_at_the_ends_of_a_replacement_stay_unmarked(tmp_path: Path) -> None:
    categories = list(SMALL.classifications.categories)
    categories[0] = replace(categories[0], name=categories[0].name + " i skyen")
    new = replace(
        SMALL, classifications=replace(SMALL.classifications, categories=tuple(categories))
    )
    result = _diff(tmp_path, SMALL, new)
    assert "    name: Sikkerhed og adgangsstyring{+ i skyen+}" in result.output


def test_selection_stat_and_json(tmp_path: Path) -> None:
    new = _item(SELECTION, "SIK-10", importance=Importance.ABSOLUTE)
    stat = _diff(tmp_path, SELECTION, new, "--stat")
    assert (stat.exit_code, stat.output) == (1, "requirements: 0 added, 0 removed, 1 changed\n")
    data = json.loads(_diff(tmp_path, SELECTION, new, "--json").output)
    assert data["kind"] == "selection"
    assert data["changes"][0]["section"] == "item"
    assert data["changes"][0]["fields"] == [
        {"field": "importance", "before": "high", "after": "absolute"}
    ]
    same = _diff(tmp_path, SELECTION, SELECTION, "--stat")
    assert (same.exit_code, same.output) == (0, "no differences\n")
