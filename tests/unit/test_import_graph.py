"""Imports go one way: app -> components -> (models, errors); app -> services. No circles.

Circles are looked for twice: between modules, and between feature packages
(app.diary, services.guide, ...). A layer's own top-level modules (the shell's
app.i18n or app.main, the generic components) each count on their own there:
features import the shell's base (translations, state, addresses) and the
shell's page handler imports the features' route tables, which is one way.

The modules are parsed, never imported, so an import hidden inside a function
(where a circle used to hide) counts like any other. A package's implicit
import of its parent is ignored; `from pkg import name` imports `pkg.name`
when that is a module, otherwise `pkg`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("app", "components", "services")
# What a component may take from services/: data shapes and refusal codes, never behaviour.
ALLOWED_SERVICE_MODULES = frozenset({"services.models", "services.errors"})


@cache
def modules() -> dict[str, Path]:
    """Every module of the three layers, by dotted name ("app.diary" for app/diary/__init__.py)."""
    found: dict[str, Path] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _is_package(module: str) -> bool:
    return modules()[module].name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The module a `from ... import` names, with relative levels resolved."""
    if node.level == 0:
        return node.module or ""
    package = module if _is_package(module) else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _ours(name: str) -> str | None:
    """`name` or its nearest enclosing module that is one of ours (`app.x.Y` -> `app.x`)."""
    while name:
        if name in modules():
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, source: str | None = None) -> Iterator[tuple[str, int]]:
    """(imported module of ours, line) for every import statement anywhere in the module."""
    text = modules()[module].read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules() else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            ours = _ours(target)
            if ours is not None and ours != module:
                yield ours, node.lineno


@cache
def graph() -> dict[str, dict[str, int]]:
    """module -> {imported module: first line importing it}."""
    edges: dict[str, dict[str, int]] = {}
    for module in modules():
        edges[module] = {}
        for target, line in imports_of(module):
            edges[module].setdefault(target, line)
    return edges


def _where(module: str, target: str) -> str:
    path = modules()[module].relative_to(ROOT)
    return f"{path}:{graph()[module][target]} imports {target}"


def is_models_module(module: str) -> bool:
    last = module.rpartition(".")[2]
    return last == "models" or last.endswith("_models")


def circles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Each strongly connected group of modules (Tarjan), as one circle through it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return [_one_circle(edges, group) for group in groups]


def _one_circle(edges: dict[str, dict[str, int]], group: list[str]) -> list[str]:
    """A shortest way back from the group's first module to itself, inside the group."""
    start, members = group[0], set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for module in frontier:
            for target in sorted(edges[module]):
                if target == start:
                    return [*paths[module], start]
                if target in members and target not in paths:
                    paths[target] = [*paths[module], target]
                    following.append(target)
        frontier = following
    return group


def test_every_layer_has_modules() -> None:
    # Guards the test itself: a wrong root would find nothing and pass.
    for layer in LAYERS:
        assert any(name.startswith(f"{layer}.") for name in modules()), layer


def test_there_is_no_import_circle() -> None:
    found = circles(graph())
    described = [
        " -> ".join(circle) + "\n    " + "\n    ".join(_where(a, b) for a, b in pairwise(circle))
        for circle in found
    ]
    assert not found, "import circles (break them by moving code down a layer):\n  " + (
        "\n  ".join(described)
    )


def feature_node(module: str) -> str:
    """The feature package a module belongs to; a layer's top-level module stands alone."""
    package = module if _is_package(module) else module.rpartition(".")[0]
    return module if package in LAYERS else package


def package_graph(edges: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    collapsed: dict[str, dict[str, int]] = {feature_node(module): {} for module in edges}
    for module, targets in edges.items():
        for target, line in targets.items():
            if feature_node(target) != feature_node(module):
                collapsed[feature_node(module)].setdefault(feature_node(target), line)
    return collapsed


def test_there_is_no_circle_between_feature_packages() -> None:
    found = circles(package_graph(graph()))
    assert not found, "packages that import each other (move the shared part down):\n  " + (
        "\n  ".join(" -> ".join(circle) for circle in found)
    )


def test_services_never_import_the_app_or_components() -> None:
    wrong = [
        _where(module, target)
        for module in graph()
        if module.split(".")[0] == "services"
        for target in graph()[module]
        if target.split(".")[0] in {"app", "components"}
    ]
    assert not wrong, "services sit below the screens:\n  " + "\n  ".join(wrong)


def test_components_do_not_import_the_app() -> None:
    wrong = [
        _where(module, target)
        for module in graph()
        if module.split(".")[0] == "components"
        for target in graph()[module]
        if target.split(".")[0] == "app"
    ]
    assert not wrong, (
        "components take data and callbacks; the app hands them what they need:\n  "
        + "\n  ".join(wrong)
    )


def test_components_take_only_models_and_errors_from_services() -> None:
    wrong = [
        _where(module, target)
        for module in graph()
        if module.split(".")[0] == "components"
        for target in graph()[module]
        if target.split(".")[0] == "services"
        and not (is_models_module(target) or target in ALLOWED_SERVICE_MODULES)
    ]
    assert not wrong, (
        "components may import services' models modules and services.errors only;"
        " a view calls the service and passes the result:\n  " + "\n  ".join(wrong)
    )


def test_the_walk_reads_imports_the_way_python_resolves_them() -> None:
    source = (
        "import flet as ft\n"
        "from app import routes\n"
        "from components import BottomNav\n"
        "from .state import use_diary\n"
        "def later():\n"
        "    from services.diary.export import export_file_name\n"
    )
    assert sorted(imports_of("app.diary.book", source)) == [
        ("app.diary.state", 4),
        ("app.routes", 2),
        ("components", 3),
        ("services.diary.export", 6),
    ]


def test_a_circle_is_found_and_shown_as_one_path() -> None:
    edges = {
        "app.a": {"app.b": 1},
        "app.b": {"app.c": 1},
        "app.c": {"app.a": 1, "app.d": 1},
        "app.d": {},
    }
    assert circles(edges) == [["app.a", "app.b", "app.c", "app.a"]]
    assert circles({"app.a": {"app.b": 1}, "app.b": {}}) == []


def test_modules_that_import_each_other_through_two_features_are_a_package_circle() -> None:
    edges = {
        "app.diary.book": {"app.guide.home": 1},
        "app.guide.home": {"app.i18n": 1},
        "app.guide.live": {"app.diary.state": 2},
        "app.diary.state": {},
        "app.i18n": {},
    }
    assert circles(edges) == []  # no circle between modules...
    assert circles(package_graph(edges)) == [["app.diary", "app.guide", "app.diary"]]
