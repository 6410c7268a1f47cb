"""Triage accuracy on labelled messages (tests/analysis/data/*.yaml).

triage_eval.yaml (168 messages) and triage_holdout.yaml (60) were used to tune the
word lists, so they show the rules still do what they were built to do. The three
triage_blind*.yaml sets were each scored once before any further change; their
floors here only catch regressions. docs/analysis.md records the first-score figures.
"""

from collections import Counter
from pathlib import Path

import pytest
import yaml

from govsocial.analysis.triage import triage
from govsocial.analysis.triage_rules import LABELS

DATA = Path(__file__).parent / "data"


def load(*names: str) -> list[dict[str, str]]:
    items: list[dict[str, str]] = []
    for name in names:
        items.extend(yaml.safe_load((DATA / name).read_text("utf-8")))
    return items


def confusion(items: list[dict[str, str]]) -> Counter[tuple[str, str]]:
    return Counter(
        (item["label"], triage(item["text"], display_name=item.get("name", "")).label)
        for item in items
    )


def accuracy(counts: Counter[tuple[str, str]]) -> float:
    return sum(n for (want, got), n in counts.items() if want == got) / sum(counts.values())


def precision(counts: Counter[tuple[str, str]], label: str) -> float:
    predicted = sum(n for (_, got), n in counts.items() if got == label)
    return counts[(label, label)] / predicted if predicted else 1.0


def test_evaluation_set_is_big_varied_and_labelled_with_known_labels() -> None:
    items = load("triage_eval.yaml")
    assert len(items) >= 150
    assert {item["label"] for item in items} == set(LABELS)
    assert len({item["text"] for item in items}) == len(items)


def test_accuracy_on_the_evaluation_set_is_at_least_85_percent() -> None:
    assert accuracy(confusion(load("triage_eval.yaml", "triage_holdout.yaml"))) >= 0.85


@pytest.mark.parametrize("label", ["possible_foi", "possible_sar"])
def test_legal_request_precision_is_at_least_90_percent_on_every_set(label: str) -> None:
    counts = confusion(
        load(
            "triage_eval.yaml",
            "triage_holdout.yaml",
            "triage_blind.yaml",
            "triage_blind2.yaml",
            "triage_blind3.yaml",
        )
    )
    assert precision(counts, label) >= 0.9


def test_unseen_messages_do_not_regress() -> None:
    counts = confusion(load("triage_blind.yaml", "triage_blind2.yaml", "triage_blind3.yaml"))
    assert accuracy(counts) >= 0.75
