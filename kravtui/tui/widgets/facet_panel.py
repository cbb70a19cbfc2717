"""The facet panel: categories with their subcategories as a tree, and quick facets.

Every leaf is a `Facet` the user can switch on or off (Enter or Space); a set facet shows
`[x]`, an unset one `[ ]`, and the cursor's line a `›`, so nothing is told by colour alone.
The last section, the current selection, has "Ticked" and "Unticked" (with an empty value: the
main screen puts the selection's id in when one is switched on).
Counts come from the search service's `facet_counts` for the current filters, right-aligned in
a column as wide as the widest count there can be (the catalogue's size), so a filter that
narrows the counts never moves the names. The tree indents by two cells a level, to leave the
names the room there is in a narrow panel. Labels are built as `Text`, so names with square
brackets are never read as markup.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from kravtui.catalogue.records import Classifications
from kravtui.catalogue.search import FacetCounts
from kravtui.catalogue.vocabulary import IMPORTANCE_ORDER, Importance
from kravtui.i18n import t
from kravtui.tui.filter_state import QUICK_FLAGS, SELECTION_KINDS, Facet, FilterState
from kravtui.tui.keys import FACET_KEYS, install
from kravtui.tui.widgets.in_view import keep_tree_cursor_in_view

Node = TreeNode[Facet | None]


def _count(counts: FacetCounts | None, facet: Facet) -> int | None:
    """The count the service gave for this facet, if any."""
    if counts is None:
        return None
    kind, value = facet.kind, facet.value
    if kind == "subcategory":
        prefix, _, name = value.partition("/")
        return counts.subcategories.get((prefix, name))
    if kind == "importance":
        return counts.importances.get(Importance(value))
    if kind in SELECTION_KINDS:
        return counts.selection.get(kind)
    tables: dict[str, dict[str, int]] = {
        "category": counts.categories,
        "domain": counts.domains,
        "tag": counts.tags,
        "principle": counts.principles,
        "flag": counts.flags,
    }
    table = tables.get(kind)
    return table.get(value) if table is not None else None


class FacetPanel(Tree[Facet | None]):
    """A tree of every facet, each with a check box and a count."""

    class Toggled(Message):
        """The user switched a facet on or off."""

        def __init__(self, facet: Facet) -> None:
            super().__init__()
            self.facet = facet

    def __init__(
        self, classifications: Classifications, *, count_width: int = 0, id: str | None = None
    ) -> None:
        super().__init__(Text(t("tui.facet.title")), id=id)
        install(self, FACET_KEYS)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2  # Textual's least; its 4 cut names at 80 columns
        self.count_width = count_width  # the widest count there can be, in cells
        self._leaves: dict[Facet, tuple[Node, str]] = {}
        self._populate(classifications)

    def _section(self, key: str, *, expand: bool = False) -> Node:
        node = self.root.add(Text(t(key), style="bold"), None, expand=expand)
        return node

    def _leaf(self, parent: Node, facet: Facet, name: str, *, leaf: bool = True) -> Node:
        label = self._label(facet, name, False, None)
        node = parent.add_leaf(label, facet) if leaf else parent.add(label, facet)
        self._leaves[facet] = (node, name)
        return node

    def _populate(self, classifications: Classifications) -> None:
        categories = self._section("tui.facet.categories", expand=True)
        for category in classifications.categories:
            node = self._leaf(
                categories,
                Facet("category", category.prefix),
                f"{category.prefix} {category.name}",
                leaf=not category.subcategories,
            )
            for name in category.subcategories:
                self._leaf(node, Facet("subcategory", f"{category.prefix}/{name}"), name)
        priority = self._section("field.importance", expand=True)
        for level in reversed(IMPORTANCE_ORDER):
            self._leaf(priority, Facet("importance", level.value), t(level.label_key))
        flags = self._section("tui.field.flags", expand=True)
        for flag in QUICK_FLAGS:
            self._leaf(flags, Facet("flag", flag), t(f"field.{flag}"))
        for key, kind, names in (
            ("field.domains", "domain", [d.name for d in classifications.domains]),
            ("field.tags", "tag", [g.name for g in classifications.tags]),
            ("field.principles", "principle", [p.name for p in classifications.principles]),
        ):
            section = self._section(key)
            for name in names:
                self._leaf(section, Facet(kind, name), name)  # type: ignore[arg-type]
        selection = self._section("tui.facet.selection", expand=True)
        for kind in SELECTION_KINDS:
            self._leaf(selection, Facet(kind, ""), t(f"tui.facet.{kind}"))
        self.root.expand()

    def rebuild(self, classifications: Classifications) -> None:
        """Show changed classifications (a rename, add, move or delete); call `update_state`."""
        line = self.cursor_line
        self.clear()
        self._leaves = {}
        self._populate(classifications)
        self.call_after_refresh(self.move_cursor_to_line, max(line, 0))

    @staticmethod
    def _label(facet: Facet, name: str, active: bool, count: int | None, width: int = 0) -> Text:
        """`[x]` or `[ ]`, the count right-aligned (so a narrow panel still shows it), the name."""
        style = "bold" if active else ""
        label = Text("[x] " if active else "[ ] ", style=style)
        if count is not None:
            label.append(f"{count:>{width}} ", style="dim")
        label.append(name, style=style)
        return label

    def update_state(self, state: FilterState, counts: FacetCounts | None) -> None:
        """Show which facets are set and, when known, how many requirements each has."""
        found = {facet: _count(counts, facet) for facet in self._leaves}
        widest = max((len(str(n)) for n in found.values() if n is not None), default=0)
        self.count_width = width = max(self.count_width, widest)  # never narrower again
        for facet, (node, name) in self._leaves.items():
            node.set_label(self._label(facet, name, state.is_active(facet), found[facet], width))

    def render_label(self, node: Node, base_style: Style, style: Style) -> Text:
        """The label, after a `›` on the cursor's line (the cursor is not told by colour only)."""
        marker = "›" if node is self.cursor_node and self.has_focus else " "
        return Text.assemble((marker, base_style), super().render_label(node, base_style, style))

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(keep_tree_cursor_in_view, self, resized=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        keep_tree_cursor_in_view(self, resized=False)

    def on_focus(self) -> None:
        if self.cursor_line < 0:
            self.cursor_line = 0

    def named_facets(self) -> list[tuple[Facet, str]]:
        """Every facet with the name the panel shows for it (for the command palette)."""
        return [(facet, name) for facet, (_, name) in self._leaves.items()]

    def node_of(self, facet: Facet) -> Node | None:
        """The tree node of a facet (for tests and the command palette)."""
        entry = self._leaves.get(facet)
        return entry[0] if entry else None

    def on_tree_node_selected(self, event: Tree.NodeSelected[Facet | None]) -> None:
        event.stop()
        self._toggle(event.node)

    def _toggle(self, node: Node) -> None:
        if node.data is None:
            node.toggle()
        else:
            self.post_message(self.Toggled(node.data))

    def action_toggle_facet(self) -> None:
        node = self.cursor_node
        if node is not None:
            self._toggle(node)

    def action_expand(self) -> None:
        node = self.cursor_node
        if node is not None and node.allow_expand:
            node.expand()

    def action_collapse(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.allow_expand:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)
