"""The shared personal-data detector on the held-out labelled set (tests/data/pii/heldout.jsonl).

The set was written and committed before the detector was tuned; benchmarks/pii_accuracy.py
prints the per-kind figures and the confusion counts. Spans match by overlap, same kind.
"""

import json

import pytest

from benchmarks.pii_accuracy import SETS_DIR, load, score

KINDS = {
    "phone",
    "email",
    "national_insurance",
    "nhs_number",
    "utr",
    "card_number",
    "driving_licence",
    "postcode_address",
    "date_of_birth",
    "bank_account",
}


@pytest.mark.parametrize("name", ["heldout", "dev"])
def test_every_labelled_span_points_at_text_and_names_a_known_kind(name: str) -> None:
    for item in load(name):
        for span in item["spans"]:
            marked = item["text"][span["start"] : span["end"]]
            assert span["kind"] in KINDS, item["id"]
            assert marked and marked == marked.strip(), item["id"]


def test_the_sets_are_several_hundred_items_with_negatives_and_every_kind() -> None:
    items = load("heldout") + load("dev")
    assert len(items) >= 300
    assert sum(1 for item in items if not item["spans"]) >= 100
    assert {span["kind"] for item in load("heldout") for span in item["spans"]} == KINDS
    ids = [json.loads(line)["id"] for line in (SETS_DIR / "heldout.jsonl").open()]
    assert len(ids) == len(set(ids))


def test_held_out_recall_is_at_least_99_and_precision_at_least_97_percent() -> None:
    result = score(load("heldout"))
    assert result.recall() >= 0.99, result.errors
    assert result.precision() >= 0.97, result.errors
