"""Every key does something: each binding of every screen, and of every widget on it, names an
action that its target has; every KeySpec of keys.py is bound somewhere; and no screen has two
classes of kravtui defining the same message handler (Textual runs each of them, as it ran the
three `on_mount` of the main screen and its two mixins).

Every Screen subclass in kravtui.tui must be in SCREENS below, so a new screen is checked too.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from textual.actions import parse
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen

import kravtui.tui
from kravtui.answers.store import ImportResult
from kravtui.application.catalogue_session import CatalogueSession
from kravtui.catalogue.records import Requirement
from kravtui.selection.records import SelectionInfo, Snapshot
from kravtui.tui.app import KravApp
from kravtui.tui.keys import all_specs
from kravtui.tui.screens.answer_comment import CommentScreen
from kravtui.tui.screens.answer_import import AnswerImportScreen, ImportReportScreen
from kravtui.tui.screens.answer_report import AnswerReportScreen
from kravtui.tui.screens.answers import AnswersScreen
from kravtui.tui.screens.classifications import ClassificationScreen
from kravtui.tui.screens.confirm import ConfirmScreen, QuitQuestion
from kravtui.tui.screens.conflict import ConflictScreen
from kravtui.tui.screens.detail import DetailScreen
from kravtui.tui.screens.drift import DriftScreen
from kravtui.tui.screens.export_dialog import ExportScreen
from kravtui.tui.screens.help import HelpScreen
from kravtui.tui.screens.history import HistoryScreen
from kravtui.tui.screens.item_form import ItemFormScreen
from kravtui.tui.screens.main import MainScreen
from kravtui.tui.screens.prompt import PromptField, PromptScreen
from kravtui.tui.screens.questionnaire import QuestionnaireScreen
from kravtui.tui.screens.requirement_form import RequirementForm
from kravtui.tui.screens.retick import RetickScreen
from kravtui.tui.screens.selection_dialogs import ChoiceScreen, SaveOrCancelForm, TitlePromptScreen
from kravtui.tui.screens.selection_form import SelectionFormScreen
from kravtui.tui.screens.selection_items import SelectionItemsScreen
from kravtui.tui.screens.selections import SelectionsScreen
from kravtui.tui.screens.sheet_import import SheetImportScreen
from kravtui.tui.screens.write_dialog import WriteDialog
from kravtui.tui.textual_internals import PaletteWithNoMatches, bindings_of
from kravtui.tui.textual_words import Palette
from tests.tui.answer_helpers import answered_selection
from tests.tui.helpers import settle

Make = Callable[[CatalogueSession, Requirement], Screen[Any]]


class _Form(SaveOrCancelForm):
    """The base of the selection forms, shown with nothing in it."""


def _nothing(*_: object) -> None:
    return None


SCREENS: dict[type[Screen[Any]], Make] = {
    MainScreen: lambda session, _: MainScreen(session),
    SelectionsScreen: lambda session, _: SelectionsScreen(session),
    SelectionItemsScreen: lambda session, _: SelectionItemsScreen(session),
    QuestionnaireScreen: lambda session, _: QuestionnaireScreen(session),
    ExportScreen: lambda session, _: ExportScreen(session),
    DriftScreen: lambda session, r: DriftScreen(session, [r.uid]),
    RetickScreen: lambda session, _: RetickScreen([]),
    HistoryScreen: lambda session, r: HistoryScreen(session, r.uid),
    ClassificationScreen: lambda session, _: ClassificationScreen(session),
    SheetImportScreen: lambda session, _: SheetImportScreen(session),
    RequirementForm: lambda session, r: RequirementForm(
        session, r.content, mode="edit", version=r.meta.version
    ),
    ConflictScreen: lambda _, r: ConflictScreen(r.content, r),
    DetailScreen: lambda session, r: DetailScreen(r, session.classifications),
    ConfirmScreen: lambda *_: ConfirmScreen("?"),
    QuitQuestion: lambda *_: QuitQuestion("?"),
    HelpScreen: lambda *_: HelpScreen({}),
    TitlePromptScreen: lambda *_: TitlePromptScreen("?"),
    ChoiceScreen: lambda *_: ChoiceScreen("?", [("one", 1)]),
    SaveOrCancelForm: lambda *_: _Form(),
    ItemFormScreen: lambda session, r: ItemFormScreen(
        "?",
        Snapshot(r.uid, r.content.title, category=r.content.category),
        session.classifications,
        _nothing,
    ),
    SelectionFormScreen: lambda *_: SelectionFormScreen("?", SelectionInfo("?"), [], _nothing),
    PromptScreen: lambda *_: PromptScreen("?", [PromptField("name", "Name")], _nothing),
    AnswersScreen: lambda session, _: AnswersScreen(session),
    AnswerImportScreen: lambda session, _: AnswerImportScreen(session, 1, "?"),
    AnswerReportScreen: lambda session, _: AnswerReportScreen(session, 1, "?"),
    ImportReportScreen: lambda session, _: ImportReportScreen(_import_result(session)),
    CommentScreen: lambda *_: CommentScreen("?", "", lambda _text: None),
    PaletteWithNoMatches: lambda *_: PaletteWithNoMatches(),
    Palette: lambda *_: Palette(),
}


def _import_result(session: CatalogueSession) -> ImportResult:
    """The import report of the first answer set (made by the test below)."""
    from kravtui.answers.judge import ImportReport
    from kravtui.answers.store import answer_sets

    answer_set = answer_sets(session.conn, 1)[0]
    return ImportResult(answer_set, ImportReport(answer_set.source_name, 5, 5))


def _subclasses(cls: type[Any]) -> Iterator[type[Any]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def kravtui_screens() -> set[type[Screen[Any]]]:
    """Every Screen subclass defined in kravtui.tui (each of its modules imported)."""
    for module in pkgutil.walk_packages(kravtui.tui.__path__, "kravtui.tui."):
        importlib.import_module(module.name)
    return {cls for cls in _subclasses(Screen) if cls.__module__.startswith("kravtui.tui")}


def _has_action(target: object, name: str) -> bool:
    """Whether Textual finds an action `name` on `target` (as `App.run_action` looks)."""
    return any(callable(getattr(target, f"{p}action_{name}", None)) for p in ("", "_"))


def unbound(node: DOMNode, app: App[Any]) -> Iterator[str]:
    """The bindings of `node` whose action its target lacks, as "Class: key -> action"."""
    for binding in bindings_of(node):
        namespace, name, parameters = parse(binding.action)
        targets: dict[str, object] = {"": node, "app": app, "screen": node.screen}
        target = targets.get(namespace)
        ok = target is not None and _has_action(target, name)
        if ok and name == "pass_on":  # closes and hands the action to the main screen below
            ok = _has_action(MainScreen, str(parameters[0]))
        if not ok:
            yield f"{type(node).__name__}: {binding.key} -> {binding.action}"


BASES: set[type[Screen[Any]]] = {WriteDialog}
"""Screens only ever shown as one of their subclasses (whose bindings the table checks)."""


def test_a_base_screen_cannot_be_shown_itself() -> None:
    """A writing dialog without its own formats, job and ending is refused when made."""
    with pytest.raises(TypeError, match="abstract"):
        WriteDialog(cast(Any, None), "t", "h", "docx")  # type: ignore[abstract]


def test_every_screen_is_in_the_table() -> None:
    assert kravtui_screens() - SCREENS.keys() - BASES == set()


async def test_every_binding_of_every_screen_and_widget_has_its_action(
    catalogue: Path, make_app: Callable[..., KravApp]
) -> None:
    answered_selection(catalogue)
    app = make_app()
    missing: list[str] = []
    bound: set[str | None] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        requirement = session.requirement("SIK-1")
        assert requirement is not None
        missing += unbound(app, app)
        bound |= {binding.id for binding in bindings_of(app)}
        for kind, make in SCREENS.items():
            screen = make(session, requirement) if kind is not MainScreen else app.screen
            assert isinstance(screen, kind)
            if screen is not app.screen:
                await app.push_screen(screen)
                await settle(pilot)
            assert app.screen is screen, kind
            for node in screen.walk_children(with_self=True):
                if type(node).__module__.startswith("kravtui"):
                    missing += unbound(node, app)
                bound |= {binding.id for binding in bindings_of(node)}
            if screen is not app.screen_stack[0]:
                await app.pop_screen()
                await settle(pilot)
    assert missing == []
    assert {spec.id for spec in all_specs()} - bound == set()


def test_no_screen_has_two_kravtui_classes_handling_one_message() -> None:
    """Textual calls the handler of every class in the MRO, not only the first: two `on_mount`
    run twice as much, in an order nobody chose. One class of kravtui per handler."""
    twice: dict[str, list[str]] = {}
    for screen in kravtui_screens():
        ours = [cls for cls in screen.__mro__ if cls.__module__.startswith("kravtui")]
        handlers = [name for cls in ours for name in vars(cls) if name.startswith("on_")]
        repeated = sorted({name for name in handlers if handlers.count(name) > 1})
        if repeated:
            twice[screen.__name__] = repeated
    assert twice == {}
    assert sum("on_mount" in vars(cls) for cls in MainScreen.__mro__) == 1
