"""The fast path (compiled rule set, shared facts, skipped checkers) finds exactly what the
engine found before it, and exactly what running every checker finds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from govsocial.checks import Finding, check
from govsocial.checks.drafts import draft_from_dict

from .conftest import context_from, run

GOLDEN = Path(__file__).parent / "data" / "engine_golden.jsonl"


def golden() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]


def finding_row(finding: Finding) -> list[Any]:
    """The golden file's row: rule, severity, start, end, message (and field, off the post)."""
    row = [finding.rule, finding.severity.label, finding.start, finding.end, finding.message]
    return row if finding.field == "text" else [*row, finding.field]


def test_the_golden_corpus_is_large_and_varied() -> None:
    examples = golden()
    assert len(examples) > 800
    fired = {finding[0] for example in examples for finding in example["findings"]}
    assert len(fired) > 40


def test_drafts_get_the_same_findings_as_before_the_speed_work() -> None:
    """Findings recorded from the engine before the fast path (scripts/gen_checks_golden.py)."""
    changed = [
        example["draft"]["text"][:60]
        for example in golden()
        if [finding_row(f) for f in run(example["draft"]).findings] != example["findings"]
    ]
    assert not changed, f"{len(changed)} drafts now get other findings, e.g. {changed[:3]}"


@pytest.mark.parametrize("chunk", range(4))
def test_skipping_checkers_by_trigger_never_changes_a_report(chunk: int) -> None:
    examples = golden()[chunk::4]
    for example in examples:
        draft_spec = dict(example["draft"])
        context = context_from(draft_spec.pop("context", None))
        if "inbound_channel" in draft_spec:
            continue
        draft = draft_from_dict(draft_spec)
        assert check(draft, context).findings == check(draft, context, fast=False).findings
