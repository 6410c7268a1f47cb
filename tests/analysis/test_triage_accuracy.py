"""The FOI and SAR goals of issue 13 on the held-out set, which nobody tuned the rules on.

tests/data/triage/heldout.jsonl was written and committed before any tuning (see its README);
the primary label is the one that routes to the FOI or DPO queue and starts a legal clock, so a
request must reach its queue (recall) and the queues must not fill with non-requests (precision).
benchmarks/triage_accuracy.py prints the same figures with the confusion counts.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from govsocial.analysis.triage import triage
from govsocial.analysis.triage_rules import LABELS

DATA = Path(__file__).parents[1] / "data" / "triage"


def labelled(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def held_out() -> Counter[tuple[str, str]]:
    return Counter(
        (item["label"], triage(item["text"]).label) for item in labelled("heldout.jsonl")
    )


def recall(confusion: Counter[tuple[str, str]], label: str) -> float:
    wanted = sum(n for (given, _), n in confusion.items() if given == label)
    return confusion[(label, label)] / wanted


def precision(confusion: Counter[tuple[str, str]], label: str) -> float:
    predicted = sum(n for (_, got), n in confusion.items() if got == label)
    return confusion[(label, label)] / predicted


@pytest.mark.parametrize("name", ["heldout.jsonl", "dev.jsonl"])
def test_the_labelled_sets_are_big_unique_and_use_the_analysers_labels(name: str) -> None:
    items = labelled(name)
    assert len(items) >= 200
    assert {item["label"] for item in items} <= set(LABELS)
    assert len({item["id"] for item in items}) == len(items)
    assert len({item["text"] for item in items}) == len(items)
    kinds = Counter(item["label"] for item in items)
    assert kinds["possible_foi"] >= 40 and kinds["possible_sar"] >= 40


def test_no_held_out_message_is_also_in_the_dev_set() -> None:
    dev = {item["text"].casefold() for item in labelled("dev.jsonl")}
    assert not [item for item in labelled("heldout.jsonl") if item["text"].casefold() in dev]


@pytest.mark.parametrize("label", ["possible_foi", "possible_sar"])
def test_held_out_requests_reach_their_queue_at_least_nine_times_in_ten(
    held_out: Counter[tuple[str, str]], label: str
) -> None:
    assert recall(held_out, label) >= 0.90


@pytest.mark.parametrize("label", ["possible_foi", "possible_sar"])
def test_at_least_nine_in_ten_held_out_messages_in_a_legal_queue_are_requests(
    held_out: Counter[tuple[str, str]], label: str
) -> None:
    assert precision(held_out, label) >= 0.90
