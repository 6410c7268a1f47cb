"""The house rules of the code's layout, read from the imports so they cannot quietly erode.

Pages, routes and verbs are on top (govsocial/web, govsocial/api, govsocial/cli); domain apps
never import them; no module imports another module's private (`_name`) names; and files do
not import each other in circles.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "govsocial"
USER_FACING = ("web", "api", "cli")
PURE_ENGINES = ("checks", "transparency", "analysis", "connectors")


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name
    imported: str  # dotted module name
    names: tuple[str, ...]
    line: int
    type_only: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports() -> Iterator[Import]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        importer = module_name(path)
        typed = type_checking_lines(tree)
        package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(importer, alias.name, (), node.lineno, node.lineno in typed)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{base}.{node.module}" if node.module else base
                names = tuple(alias.name for alias in node.names)
                yield Import(importer, base, names, node.lineno, node.lineno in typed)


def top_package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "govsocial" else ""


def test_only_the_user_facing_layer_imports_the_user_facing_layer() -> None:
    upward = [
        f"{i.importer}:{i.line} imports {i.imported}"
        for i in imports()
        if top_package(i.imported) in USER_FACING and top_package(i.importer) not in USER_FACING
    ]
    assert not upward, "domain code must not know pages, routes or verbs:\n" + "\n".join(upward)


def test_the_pure_engines_import_no_django_and_no_domain_app() -> None:
    allowed = set(PURE_ENGINES)
    wrong = [
        f"{i.importer}:{i.line} imports {i.imported}"
        for i in imports()
        if top_package(i.importer) in allowed
        and (
            i.imported.split(".")[0] == "django"
            or (i.imported.startswith("govsocial.") and top_package(i.imported) not in allowed)
        )
    ]
    assert not wrong, "\n".join(wrong)


def test_no_private_name_is_imported_from_another_module() -> None:
    """If two modules need a name, it is public and says what it does."""
    private = [
        f"{i.importer}:{i.line} imports {name} from {i.imported}"
        for i in imports()
        if i.imported.startswith("govsocial")
        for name in i.names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, "\n".join(private)


def module_graph() -> dict[str, set[str]]:
    """File → the files it imports (a `from package import module` counts as the module)."""
    known = {module_name(p) for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}
    graph: dict[str, set[str]] = {name: set() for name in known}
    for found in imports():
        if found.type_only or not found.imported.startswith("govsocial"):
            continue
        targets = {f"{found.imported}.{name}" for name in found.names} & known
        if not targets and found.imported in known:
            targets = {found.imported}
        graph[found.importer] |= targets - {found.importer}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one file (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_files_import_each_other_in_a_circle() -> None:
    """Type-only imports (under TYPE_CHECKING) are not counted: they never run."""
    assert circles(module_graph()) == []
