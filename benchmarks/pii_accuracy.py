"""Recall and precision of the shared personal-data detector on the labelled sets.

    .venv/bin/python benchmarks/pii_accuracy.py [dev|heldout|blind ...]

Match rule: **overlap**. A detected span counts as a true positive when it overlaps a labelled
span of the same kind that no other detection has claimed; the edges need not agree (one writer
ends an address at the town, another at the postcode, and both hide the same thing). A detection
overlapping a labelled span of another kind is a confusion: a false positive of the kind it
said and a false negative of the kind it was. tests/analysis/test_pii_accuracy.py holds the
held-out figures to recall >= 99% and precision >= 97%.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from govsocial.analysis.personal_data import find_personal_data

SETS_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "pii"
MISSED = "(missed)"
SPURIOUS = "(none)"


@dataclass
class Score:
    """Counts per kind, and (labelled kind, detected kind) pairs for the confusion table."""

    true_positives: Counter[str] = field(default_factory=Counter)
    false_positives: Counter[str] = field(default_factory=Counter)
    false_negatives: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def recall(self, kind: str | None = None) -> float:
        tp, fn = self._sum(self.true_positives, kind), self._sum(self.false_negatives, kind)
        return tp / (tp + fn) if tp + fn else 1.0

    def precision(self, kind: str | None = None) -> float:
        tp, fp = self._sum(self.true_positives, kind), self._sum(self.false_positives, kind)
        return tp / (tp + fp) if tp + fp else 1.0

    @staticmethod
    def _sum(counts: Counter[str], kind: str | None) -> int:
        return counts[kind] if kind is not None else sum(counts.values())

    @property
    def kinds(self) -> list[str]:
        seen = set(self.true_positives) | set(self.false_positives) | set(self.false_negatives)
        return sorted(seen)


def load(name: str) -> list[dict]:
    path = SETS_DIR / f"{name}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(items: list[dict]) -> Score:
    result = Score()
    for item in items:
        text = item["text"]
        gold = [(s["kind"], s["start"], s["end"]) for s in item["spans"]]
        found = [(m.kind, m.start, m.end) for m in find_personal_data(text)]
        claimed: set[int] = set()
        for kind, start, end in found:
            partner = next(
                (
                    index
                    for index, (gold_kind, gold_start, gold_end) in enumerate(gold)
                    if index not in claimed
                    and gold_kind == kind
                    and start < gold_end
                    and gold_start < end
                ),
                None,
            )
            if partner is not None:
                claimed.add(partner)
                result.true_positives[kind] += 1
                result.confusion[(kind, kind)] += 1
                continue
            result.false_positives[kind] += 1
            other = next((g for g in gold if g[1] < end and start < g[2] and g[0] != kind), None)
            result.confusion[(other[0] if other else SPURIOUS, kind)] += 1
            result.errors.append(f"{item['id']} false {kind}: {text[start:end]!r}")
        for index, (kind, start, end) in enumerate(gold):
            if index not in claimed:
                result.false_negatives[kind] += 1
                overlapped = any(f[1] < end and start < f[2] and f[0] != kind for f in found)
                if not overlapped:
                    result.confusion[(kind, MISSED)] += 1
                result.errors.append(f"{item['id']} missed {kind}: {text[start:end]!r}")
    return result


def report(name: str, items: list[dict], result: Score) -> str:
    spans = sum(len(item["spans"]) for item in items)
    lines = [
        f"== {name}: {len(items)} items, {spans} labelled spans (match rule: overlap, same kind)",
        f"{'kind':<20}{'TP':>5}{'FP':>5}{'FN':>5}{'recall':>9}{'precision':>11}",
    ]
    for kind in result.kinds:
        lines.append(
            f"{kind:<20}{result.true_positives[kind]:>5}{result.false_positives[kind]:>5}"
            f"{result.false_negatives[kind]:>5}{result.recall(kind):>9.1%}"
            f"{result.precision(kind):>11.1%}"
        )
    lines.append(
        f"{'all':<20}{sum(result.true_positives.values()):>5}"
        f"{sum(result.false_positives.values()):>5}{sum(result.false_negatives.values()):>5}"
        f"{result.recall():>9.1%}{result.precision():>11.1%}"
    )
    off_diagonal = {pair: n for pair, n in result.confusion.items() if pair[0] != pair[1]}
    lines.append("confusion (labelled -> detected), off the diagonal:")
    if not off_diagonal:
        lines.append("  none")
    for (labelled, detected), count in sorted(off_diagonal.items()):
        lines.append(f"  {labelled:<20} -> {detected:<20}{count:>4}")
    if result.errors:
        lines.append("errors:")
        lines.extend(f"  {error}" for error in result.errors)
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    for name in argv or ["dev", "heldout", "blind"]:
        items = load(name)
        print(report(name, items, score(items)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
