"""The layering the README promises, read from the source (AST, nothing imported):

* ``services/`` and ``knowledge/`` (the business rules) import neither aiogram nor ``bot`` —
  Telegram stays in ``bot/`` and ``handlers/``;
* no import cycles: between modules, and between the project's packages (an import of a leaf
  module — value types importing nothing of the project — ties no package to another);
* the composition roots (the app factory, the CLIs) may import anything: they are left out;
* the workers and the modules they split from import at the top, not inside functions.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "services", "knowledge", "db", "sandbox")
# Composition roots: they build the app (or a command line) from every part, so they may
# import every part.  The knowledge base's commands read the bot's settings (bot.config).
ROOTS = {
    "bot.app",
    "bot.cli",
    "bot.cli_export",
    "sandbox.run",
    "knowledge.cli_kb",
    "knowledge.cli_search",
}
# Kept at the top level, never in a function (the workers and the modules they split from).
TOP_LEVEL_ONLY = (
    "bot.workers",
    "bot.delivery",
    "bot.i18n",
    "services.relay",
    "services.broadcast",
    "services.reminders",
    "services.text",
    "services.language",
    "services.subscriptions",
    "services.question_log",
)


def is_root(module: str) -> bool:
    return module in ROOTS


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(path: Path) -> Iterator[tuple[str, ast.stmt, bool]]:
    """Every absolute import of ``path``: (module, node, inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def walk(node: ast.AST, in_function: bool) -> Iterator[tuple[str, ast.stmt, bool]]:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child, in_function
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                yield child.module, child, in_function
                for alias in child.names:  # ``from services import geo`` imports services.geo
                    yield f"{child.module}.{alias.name}", child, in_function
            yield from walk(child, nested)

    yield from walk(tree, False)


def project_graph() -> dict[str, set[str]]:
    """Module → the project modules it imports (anywhere in it), composition roots left out."""
    known = modules()
    graph: dict[str, set[str]] = {}
    for module, path in known.items():
        if is_root(module):
            continue
        targets = set()
        for name, _, _ in imports(path):
            # a package's own __init__ is run before its modules: ``from knowledge.search
            # import kyrgyz`` inside knowledge.search.analyzer ties nothing new
            ancestor = module.startswith(name + ".")
            if name in known and name != module and not ancestor and not is_root(name):
                targets.add(name)
        graph[module] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def package_of(module: str) -> str:
    return module.split(".", 1)[0]


def test_rules_import_neither_aiogram_nor_bot() -> None:
    offenders = []
    for module, path in modules().items():
        if package_of(module) not in ("services", "knowledge") or is_root(module):
            continue
        for name, node, _ in imports(path):
            if package_of(name) in ("aiogram", "bot"):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert offenders == []


def test_the_check_sees_imports_anywhere_in_a_module(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from bot.app import Runtime\n"
        "def f():\n    from aiogram import Bot\n",
        encoding="utf-8",
    )
    seen = {(name, inside) for name, _, inside in imports(source)}
    assert ("bot.app", False) in seen and ("aiogram", True) in seen
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_between_modules() -> None:
    assert cycles(project_graph()) == []


def test_no_import_cycle_between_packages() -> None:
    graph = project_graph()
    leaves = {module for module, targets in graph.items() if not targets}
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        packages.setdefault(package_of(module), set()).update(
            package_of(t)
            for t in targets
            if t not in leaves and package_of(t) != package_of(module)
        )
    assert cycles(packages) == []
    assert "bot" in packages["handlers"] and "services" in packages["bot"]  # the check sees edges


def test_workers_and_rules_import_at_the_top() -> None:
    hidden = []
    for module, path in modules().items():
        if not module.startswith(TOP_LEVEL_ONLY):
            continue
        for name, node, inside in imports(path):
            if inside and package_of(name) in PACKAGES:
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    assert hidden == []
