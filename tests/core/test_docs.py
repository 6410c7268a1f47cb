"""The docs cannot drift from the code: the CLI reference, the configuration table and the layout."""

from __future__ import annotations

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_is_generated_from_the_current_help() -> None:
    render = runpy.run_path(str(ROOT / "scripts" / "gen_cli_docs.py"))["render"]
    assert (ROOT / "docs" / "cli.md").read_text() == render(), (
        "docs/cli.md is out of date: run .venv/bin/python scripts/gen_cli_docs.py"
    )


def test_every_environment_variable_is_documented() -> None:
    documented = (ROOT / "docs" / "configuration.md").read_text()
    source = "\n".join(p.read_text() for p in (ROOT / "config").rglob("*.py"))
    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))
    names |= set(re.findall(r'os\.environ(?:\.get)?[\[(]"([A-Z_]+)"', source))
    assert names, "found no environment variables: the pattern above is out of date"
    missing = sorted(n for n in names if f"`{n}`" not in documented)
    assert not missing, f"add these to docs/configuration.md: {missing}"


def test_every_adr_named_in_the_foundation_exists() -> None:
    adrs = {p.name for p in (ROOT / "docs" / "adr").glob("*.md")}
    for prefix in ("0001-", "0002-", "0003-", "0004-", "0005-"):
        assert any(name.startswith(prefix) for name in adrs), f"missing ADR {prefix}"


def _layout_tree() -> set[str]:
    """The paths in docs/layout.md's tree, built from each entry's indentation."""
    text = (ROOT / "docs" / "layout.md").read_text()
    block = text.split("```")[1]
    paths: set[str] = set()
    parents: list[str] = []
    for line in block.splitlines():
        # An entry is indented by two spaces a level; deeper lines continue a description.
        match = re.match(r"^( {0,8})([\w.]+/)(?:\s|$)", line)
        if not match:
            continue
        depth = len(match.group(1)) // 2
        parents = [*parents[:depth], match.group(2)]
        paths.add("".join(parents))
    return paths


def _packages(folder: Path) -> set[Path]:
    """The packages directly inside folder, leaving out migrations (every app has them)."""
    return {p.parent for p in folder.glob("*/__init__.py") if p.parent.name != "migrations"}


def test_the_layout_names_every_package_and_module_under_govsocial() -> None:
    package = ROOT / "govsocial"
    wanted = {f"govsocial/{p.name}/" for p in _packages(package)}
    wanted |= {f"govsocial/{p.name}" for p in package.glob("*.py") if p.name != "__init__.py"}
    for layer in ("web", "api", "cli"):
        wanted |= {f"govsocial/{layer}/{p.name}/" for p in _packages(package / layer)}
    tree = _layout_tree()
    assert "govsocial/web/" in tree, "docs/layout.md's tree could not be read"
    missing = sorted(wanted - tree)
    assert not missing, f"add these to the tree in docs/layout.md: {missing}"
    stale = sorted(p for p in tree if p.startswith("govsocial/") and not (ROOT / p).exists())
    assert not stale, f"docs/layout.md names what no longer exists: {stale}"
