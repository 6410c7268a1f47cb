"""Measure how right the checks gate is on labelled drafts: recall of defects, false BLOCK and
false ESCALATE on clean drafts, per kind, with the confusion counts.

    .venv/bin/python benchmarks/checks_accuracy.py [heldout|blind|dev|PATH ...] [--misses]

The labelled sets live in tests/data/checks/ (their README says how they are written and
labelled). `tests/checks/test_accuracy.py` asserts the goals on the held-out and blind sets
(neither is tuned on) with the functions here. Goals: recall of defects at least 97%, false BLOCK on clean drafts at most 2%.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from govsocial.checks import CheckContext, Draft, Media, Severity, check, load_rule_data
from govsocial.checks.data import parse_period

SETS_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "checks"
NAMED_SETS = {
    "heldout": SETS_DIR / "checks_heldout.jsonl",
    "blind": SETS_DIR / "checks_blind.jsonl",
    "dev": SETS_DIR / "checks_dev.jsonl",
}
DEFAULT_NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
EXPECTED = {"PASS": Severity.PASS, "ESCALATE": Severity.ESCALATE, "BLOCK": Severity.BLOCK}
RECALL_GOAL = 0.97
FALSE_BLOCK_GOAL = 0.02


@dataclass(frozen=True)
class LabelledDraft:
    id: str
    kind: str
    expect: Severity
    draft: Draft
    context: CheckContext

    @property
    def is_defect(self) -> bool:
        return self.expect > Severity.PASS


def gate_outcome(verdict: Severity) -> Severity:
    """Warnings do not stop a post (the author overrides them with a reason): they count as PASS."""
    return Severity.PASS if verdict <= Severity.WARN else verdict


def labelled_draft(item: dict[str, Any]) -> LabelledDraft:
    media = tuple(Media(kind="image", alt=alt) for alt in item.get("alt_texts", ()))
    draft = Draft(
        text=item["text"],
        platform=item.get("platform", "x"),
        tags=tuple(item.get("tags", ())),
        media=media,
    )
    spec = item.get("context", {})
    periods = spec.get("periods")
    now = datetime.fromisoformat(spec["now"].replace("Z", "+00:00")) if "now" in spec else None
    context = CheckContext(
        now=now or DEFAULT_NOW,
        data=load_rule_data(),
        election_periods=tuple(parse_period(p) for p in periods) if periods is not None else (),
    )
    return LabelledDraft(item["id"], item["kind"], EXPECTED[item["expect"]], draft, context)


def load_set(path: Path) -> list[LabelledDraft]:
    with path.open(encoding="utf-8") as lines:
        return [labelled_draft(json.loads(line)) for line in lines if line.strip()]


@dataclass
class KindScore:
    """Counts for one kind (or all kinds together)."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (expected, got)
    defects: int = 0
    caught: int = 0
    clean: int = 0
    false_block: int = 0
    false_escalate: int = 0
    flagged: int = 0  # items the gate stopped (ESCALATE or BLOCK)
    flagged_right: int = 0  # of those, items that were defects

    def add(self, expect: Severity, got: Severity) -> None:
        self.confusion[(expect.name, got.name)] += 1
        if expect > Severity.PASS:
            self.defects += 1
            self.caught += got >= expect
        else:
            self.clean += 1
            self.false_block += got is Severity.BLOCK
            self.false_escalate += got is Severity.ESCALATE
        if got > Severity.PASS:
            self.flagged += 1
            self.flagged_right += expect > Severity.PASS

    @property
    def recall(self) -> float | None:
        return self.caught / self.defects if self.defects else None

    @property
    def precision(self) -> float | None:
        return self.flagged_right / self.flagged if self.flagged else None

    @property
    def false_block_rate(self) -> float | None:
        return self.false_block / self.clean if self.clean else None

    @property
    def false_escalate_rate(self) -> float | None:
        return self.false_escalate / self.clean if self.clean else None


@dataclass
class Scores:
    overall: KindScore
    by_kind: dict[str, KindScore]
    misses: list[tuple[LabelledDraft, Severity, list[str]]]  # item, verdict, rules that fired


def score(items: list[LabelledDraft]) -> Scores:
    overall = KindScore()
    by_kind: dict[str, KindScore] = defaultdict(KindScore)
    misses = []
    for item in items:
        report = check(item.draft, item.context)
        got = gate_outcome(report.verdict)
        overall.add(item.expect, got)
        by_kind[item.kind].add(item.expect, got)
        wrong = got < item.expect if item.is_defect else got > Severity.PASS
        if wrong:
            fired = [f"{f.rule}:{f.severity.label}" for f in report.findings]
            misses.append((item, got, fired))
    return Scores(overall, dict(sorted(by_kind.items())), misses)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:6.1%}"


def _confusion(kind: KindScore) -> str:
    return " ".join(
        f"{expected[0]}>{got[0]}:{count}"
        for (expected, got), count in sorted(kind.confusion.items())
    )


def report_lines(name: str, scores: Scores, *, with_misses: bool) -> list[str]:
    overall = scores.overall
    lines = [
        f"== {name}: {overall.defects + overall.clean} drafts, {overall.defects} defects, "
        f"{overall.clean} clean",
        f"recall of defects:        {_percent(overall.recall)} ({overall.caught}/{overall.defects})"
        f"  goal >= {RECALL_GOAL:.0%}",
        f"false BLOCK on clean:     {_percent(overall.false_block_rate)} "
        f"({overall.false_block}/{overall.clean})  goal <= {FALSE_BLOCK_GOAL:.0%}",
        f"false ESCALATE on clean:  {_percent(overall.false_escalate_rate)} "
        f"({overall.false_escalate}/{overall.clean})",
        f"precision of the gate:    {_percent(overall.precision)} "
        f"({overall.flagged_right}/{overall.flagged} stopped drafts were defects)",
        "",
        f"{'kind':<22}{'n':>4}{'recall':>9}{'precision':>11}{'falseBLK':>10}{'falseESC':>10}"
        "  confusion (expected>got: P pass, E escalate, B block)",
    ]
    for kind, counts in scores.by_kind.items():
        lines.append(
            f"{kind:<22}{counts.defects + counts.clean:>4}{_percent(counts.recall):>9}"
            f"{_percent(counts.precision):>11}{_percent(counts.false_block_rate):>10}"
            f"{_percent(counts.false_escalate_rate):>10}  {_confusion(counts)}"
        )
    if with_misses:
        lines.append("")
        lines.append("misses (expected -> got: rules that fired):")
        for item, got, fired in scores.misses:
            text = item.draft.text.replace("\n", " ")[:110]
            lines.append(f"  {item.id} [{item.kind}] {item.expect.name} -> {got.name}: {text}")
            lines.append(f"      {', '.join(fired) or 'nothing fired'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sets", nargs="*", default=["heldout", "blind", "dev"], help="heldout, blind, dev or a path"
    )
    parser.add_argument("--misses", action="store_true", help="List every item the gate got wrong.")
    args = parser.parse_args()
    for name in args.sets:
        path = NAMED_SETS.get(name, Path(name))
        print("\n".join(report_lines(name, score(load_set(path)), with_misses=args.misses)))
        print()


if __name__ == "__main__":
    main()
