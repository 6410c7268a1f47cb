"""The docs cannot drift from the code: the CLI reference and the configuration table."""

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
