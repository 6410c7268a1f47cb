"""Write tests/checks/data/engine_golden.jsonl: drafts and the findings the engine gives them.

    .venv/bin/python scripts/gen_checks_golden.py

tests/checks/test_fast_path.py holds the engine to these findings, so that speed work cannot
change a result unnoticed. A deliberate rule change changes findings: rerun this script and
review the diff of the file like any other change.
"""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from checks.conftest import run  # noqa: E402
from checks.test_docs import documented  # noqa: E402
from checks.test_fast_path import finding_row  # noqa: E402

from benchmarks.checks import make_corpus  # noqa: E402
from govsocial.checks import Draft, Media  # noqa: E402

GOLDEN = ROOT / "tests" / "checks" / "data" / "engine_golden.jsonl"
CORPUS_DRAFTS, CORPUS_SEED = 800, 2026


def _compact(value: Any, defaults: dict[str, Any]) -> dict[str, Any]:
    """The dataclass as the JSON draft shape, leaving out fields at their default."""
    out: dict[str, Any] = {}
    for name, default in defaults.items():
        current = getattr(value, name)
        if current == default:
            continue
        if isinstance(current, tuple):
            current = (
                [_compact(v, MEDIA_DEFAULTS) if isinstance(v, Media) else _page(v) for v in current]
                if current and not isinstance(current[0], str)
                else list(current)
            )
        out[name] = current
    return out


def _page(page: Any) -> dict[str, str]:
    return {"url": page.url, "text": page.text}


DRAFT_DEFAULTS = {f.name: f.default for f in fields(Draft) if f.name != "text"}
DRAFT_DEFAULTS = {"text": None, **DRAFT_DEFAULTS}
MEDIA_DEFAULTS = {f.name: f.default for f in fields(Media)}
MEDIA_DEFAULTS["kind"] = None


def examples() -> list[dict[str, Any]]:
    found = [ex for section in documented().values() for ex in section.values()]
    found.extend(
        _compact(draft, DRAFT_DEFAULTS) for draft in make_corpus(CORPUS_DRAFTS, CORPUS_SEED)
    )
    return found


def main() -> None:
    lines = []
    for example in examples():
        report = run(example)
        findings = [finding_row(f) for f in report.findings]
        lines.append(json.dumps({"draft": example, "findings": findings}, ensure_ascii=False))
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} drafts to {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
