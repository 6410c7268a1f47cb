"""Triage accuracy on the labelled sets in tests/data/triage/ (issue 13, items 4 and 5).

Prints, for each set, per-label recall and precision on the primary label and the confusion
counts (rows: the label a person gave, columns: the analyser's primary label), and whether the
FOI and SAR goals hold: recall >= 90% with precision >= 90%.

    .venv/bin/python benchmarks/triage_accuracy.py [--set heldout|dev|all] [--misses]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from govsocial.analysis.triage import triage  # noqa: E402
from govsocial.analysis.triage_rules import LABELS  # noqa: E402

DATA = ROOT / "tests" / "data" / "triage"
GOAL_RECALL = GOAL_PRECISION = 0.90
LEGAL_LABELS = ("possible_foi", "possible_sar")
SHORT = {
    "question": "quest",
    "complaint": "compl",
    "individual_case": "case",
    "possible_foi": "FOI",
    "possible_sar": "SAR",
    "abuse": "abuse",
    "spam": "spam",
    "praise": "praise",
    "other": "other",
}


def load_set(name: str) -> list[dict[str, Any]]:
    with (DATA / f"{name}.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def predictions(items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], str]]:
    return [(item, triage(item["text"]).label) for item in items]


def recall(confusion: Counter[tuple[str, str]], label: str) -> float:
    wanted = sum(n for (want, _), n in confusion.items() if want == label)
    return confusion[(label, label)] / wanted if wanted else 1.0


def precision(confusion: Counter[tuple[str, str]], label: str) -> float:
    given = sum(n for (_, got), n in confusion.items() if got == label)
    return confusion[(label, label)] / given if given else 1.0


def report(name: str, show_misses: bool) -> bool:
    items = load_set(name)
    started = time.perf_counter()
    predicted = predictions(items)
    elapsed = time.perf_counter() - started
    confusion = Counter((item["label"], got) for item, got in predicted)
    correct = sum(n for (want, got), n in confusion.items() if want == got)
    print(f"\n{name}: {len(items)} messages, accuracy {correct / len(items):.1%}")
    print(f"  {'label':<16}{'n':>4}{'recall':>9}{'precision':>11}")
    for label in LABELS:
        count = sum(1 for item in items if item["label"] == label)
        print(
            f"  {label:<16}{count:>4}{recall(confusion, label):>9.1%}"
            f"{precision(confusion, label):>11.1%}"
        )
    print("  confusion (rows: given label, columns: predicted)")
    print("  " + " " * 16 + "".join(f"{SHORT[label]:>7}" for label in LABELS))
    for want in LABELS:
        cells = "".join(f"{confusion[(want, got)] or '.':>7}" for got in LABELS)
        print(f"  {want:<16}{cells}")
    ok = all(
        recall(confusion, label) >= GOAL_RECALL and precision(confusion, label) >= GOAL_PRECISION
        for label in LEGAL_LABELS
    )
    print(
        f"  FOI and SAR goal (recall and precision >= 90%): {'MET' if ok else 'NOT MET'}; "
        f"{len(items) / elapsed:,.0f} messages/s"
    )
    if show_misses:
        for item, got in predicted:
            if got != item["label"]:
                print(f"  MISS {item['id']} {item['label']} -> {got}: {item['text']}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["heldout", "dev", "all"], default="all")
    parser.add_argument("--misses", action="store_true", help="list every wrong label")
    args = parser.parse_args()
    names = ["dev", "heldout"] if args.set == "all" else [args.set]
    results = [report(name, args.misses) for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
